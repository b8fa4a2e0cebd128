"""Config of the MkDocs plugin, derived from the one declaration of the options (`Settings`)."""

from __future__ import annotations

from dataclasses import fields

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

from gongkai.model.settings import Settings


def _option(declared):
    default, option = declared.default, declared.metadata["option"]
    if isinstance(default, tuple):
        return opt.ListOfItems(opt.Type(str), default=list(default))
    types = option.types if isinstance(default, str) else type(default)
    return opt.Type(types, default=default)


def _settings(self) -> Settings:
    """The core's view of these options (validated the same way as the CLI's)."""
    return Settings.from_options({k: self[k] for k in Settings.options()})


GongkaiConfig = type(
    "GongkaiConfig",
    (Config,),
    {
        "__doc__": "The gongkai plugin's options (`plugins: - gongkai: {...}`): one per `Settings` field.",
        "__module__": __name__,
        **{f.name: _option(f) for f in fields(Settings)},
        "settings": _settings,
    },
)
