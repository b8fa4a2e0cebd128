"""Config of the MkDocs plugin, derived from the one declaration of the options (`Settings`)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

from gongkai.model.settings import Settings
from gongkai.siteconfig import with_lines
from gongkai.text.problems import InputError


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


def option_errors(options, config_file_path=None) -> list[tuple[str, str]] | None:
    """The options checked by the core as `gongkai check` checks them: unknown options are errors,
    messages in Chinese, as MkDocs' `load_config` returns them (None: no error)."""
    try:
        Settings.from_options(options)
    except InputError as exc:
        if config_file_path:
            with_lines(exc.problems, Path(config_file_path))
        return [
            (p.field.removeprefix("plugins.gongkai."), f"{p.message} {p.hint}".strip() + _at(p, config_file_path))
            for p in exc.problems.errors
        ]
    return None


def _at(problem, config_file_path) -> str:
    """Where an option's problem is in mkdocs.yml, for MkDocs' own message of it."""
    if problem.line is None or not config_file_path:
        return ""
    return f"（{Path(config_file_path).name} 第 {problem.line} 行）"
