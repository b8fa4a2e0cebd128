"""The site's mkdocs.yml as the CLI reads it: with MkDocs' own YAML loader, so that ``!ENV`` tags
and ``INHERIT`` mean for `gongkai check` what they mean for `mkdocs build`.

An adapter, like the plugin: it may import MkDocs (its YAML loader only: no theme, no plugins
are loaded). The core (gongkai.model.settings) declares the options and reads their values.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pathspec
import yaml
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from gongkai.model.settings import Settings
from gongkai.text.problems import InputError, Problems


def _loader():
    loader = get_yaml_loader()
    # `!relative` needs MkDocs' whole config to resolve; its value is never one of ours.
    loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))
    return loader


def read_mkdocs(config_file: Path) -> dict:
    """mkdocs.yml as MkDocs reads it (``INHERIT`` merged, ``!ENV`` resolved); `InputError` when it cannot be read."""
    try:
        with open(config_file, "rb") as fd:
            data = yaml_load(fd, _loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ConfigurationError) as exc:
        problems = Problems()
        problems.error(config_file, None, None, f"无法读取配置文件：{exc}")
        raise InputError(problems) from None
    return data if isinstance(data, dict) else {}


def read_mkdocs_settings(config_file: Path) -> Settings:
    """The gongkai options of an mkdocs.yml."""
    return settings_of(read_mkdocs(config_file), config_file.name)


def settings_of(data: dict, source: str = "mkdocs.yml") -> Settings:
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for item in plugins:
        if item == "gongkai":
            return Settings()
        if isinstance(item, dict) and "gongkai" in item:
            return Settings.from_options(item["gongkai"] or {}, source)
    return Settings()


def read_docs_dir(config_file: Path) -> Path:
    """MkDocs' ``docs_dir`` of an mkdocs.yml (default ``docs``), beside the file."""
    try:
        data = read_mkdocs(config_file)
    except InputError:
        data = {}  # read_mkdocs_settings says what is wrong
    docs = data.get("docs_dir")
    return config_file.parent / (docs if isinstance(docs, str) and docs else "docs")


#: What MkDocs never publishes from docs_dir (mkdocs.structure.files: hidden files, a templates folder).
_MKDOCS_EXCLUDES = (".*", "/templates/")


def docs_excluded(*patterns) -> Callable[[str], bool]:
    """Whether MkDocs leaves a file of docs_dir (its path relative to docs_dir) out of a build: its
    own exclusions, then `patterns`, each the value of ``exclude_docs`` or ``draft_docs`` as
    written in mkdocs.yml (gitignore lines) or as MkDocs' config holds it (a compiled spec)."""
    spec = pathspec.gitignore.GitIgnoreSpec.from_lines(_MKDOCS_EXCLUDES)
    for value in patterns:
        if isinstance(value, str):
            spec += pathspec.gitignore.GitIgnoreSpec.from_lines(value.splitlines())
        elif isinstance(value, pathspec.PathSpec):
            spec += value
    return spec.match_file


def read_docs_excluded(config_file: Path) -> Callable[[str], bool]:
    """`docs_excluded` of an mkdocs.yml's exclude_docs and draft_docs."""
    try:
        data = read_mkdocs(config_file)
    except InputError:
        data = {}  # read_mkdocs_settings says what is wrong
    return docs_excluded(data.get("exclude_docs"), data.get("draft_docs"))
