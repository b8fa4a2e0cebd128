"""The site's mkdocs.yml as the adapters read it (the CLI, the editor, the plugin's messages): with
MkDocs' own YAML loader, so that ``!ENV`` tags and ``INHERIT`` mean for `gongkai check` what they
mean for `mkdocs build`.

Beside the adapters, not inside one of them: the editor and the plugin read it too, and a package's
``__init__`` runs whenever one of its modules is imported (inside gongkai.cli it made a circle:
editor -> cli -> cli.edit -> editor). An adapter, like the plugin: it may import MkDocs (its YAML
loader only: no theme, no plugins are loaded). The core (gongkai.model.settings) declares the
options and reads their values.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pathspec
import yaml
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from gongkai.model.settings import Settings
from gongkai.text import yamlio
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
        problems = Problems(root=Path(config_file).parent)
        # MkDocs wraps a YAML error in its own English words: said in Chinese, at its line.
        cause = exc if isinstance(exc, yaml.YAMLError) else exc.__context__
        if isinstance(cause, yaml.YAMLError):
            # The file it is in: mkdocs.yml, or one it names in INHERIT.
            mark = getattr(cause, "problem_mark", None) or getattr(cause, "context_mark", None)
            named = Path(str(getattr(mark, "name", "")))  # as MkDocs opened it: absolute, or from here
            where = named if mark is not None and named.is_file() else Path(config_file)
            line, message, hint = yamlio.explain(cause, where.read_text(encoding="utf-8", errors="replace"))
            problems.error(where, line, None, message, hint)
        else:
            problems.error(config_file, None, None, f"无法读取配置文件：{exc}")
        raise InputError(problems) from None
    return data if isinstance(data, dict) else {}


def read_mkdocs_settings(config_file: Path) -> Settings:
    """The gongkai options of an mkdocs.yml; its problems at the lines of their keys."""
    try:
        return settings_of(read_mkdocs(config_file), str(config_file))
    except InputError as exc:
        # Named as the records' problems are, from the site's folder: mkdocs.yml, not its full path.
        site = Problems(root=config_file.parent)
        exc.problems.items[:] = [dataclasses.replace(p, path=site.rel(p.path)) for p in exc.problems.items]
        with_lines(exc.problems, config_file)
        raise


def key_lines(config_file: Path) -> dict[str, int]:
    """The line of each key of an mkdocs.yml, by its dotted path (`extra.footer.police`; a list's
    items share its path: `plugins.gongkai.editor`). Read from the YAML's nodes, nothing
    constructed (tags such as !ENV need nothing); empty when the file cannot be read. A key that
    comes from an INHERIT file has no line here."""
    try:
        with open(config_file, "rb") as fd:
            root = yaml.compose(fd, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    lines: dict[str, int] = {}

    def walk(node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    path = f"{prefix}.{key.value}" if prefix else str(key.value)
                    lines.setdefault(path, key.start_mark.line + 1)
                    walk(value, path)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if isinstance(item, yaml.ScalarNode) and prefix:
                    lines.setdefault(f"{prefix}.{item.value}", item.start_mark.line + 1)
                else:
                    walk(item, prefix)

    walk(root, "")
    return lines


def with_lines(problems: Problems, config_file: Path) -> None:
    """Give the problems of `config_file` without a line the line of their key (`field`, a dotted
    path), or of the nearest key above it that is written (an option missing: its plugin's line)."""
    lines: dict[str, int] | None = None
    for i, problem in enumerate(problems.items):
        if problem.line is not None or not problem.field or Path(problem.path).name != config_file.name:
            continue
        if lines is None:
            lines = key_lines(config_file)
        parts = problem.field.split(".")
        for n in range(len(parts), 0, -1):
            line = lines.get(".".join(parts[:n]))
            if line is not None:
                problems.items[i] = dataclasses.replace(problem, line=line)
                break


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


def _options(config_file: Path) -> dict:
    """The options of an mkdocs.yml, or none where it cannot be read (read_mkdocs_settings says why)."""
    try:
        return read_mkdocs(config_file)
    except InputError:
        return {}


def read_docs_dir(config_file: Path) -> Path:
    """MkDocs' ``docs_dir`` of an mkdocs.yml (default ``docs``), beside the file."""
    docs = _options(config_file).get("docs_dir")
    return config_file.parent / (docs if isinstance(docs, str) and docs else "docs")


def read_theme_dir(config_file: Path) -> Path | None:
    """The theme's ``custom_dir`` of an mkdocs.yml, beside the file; None when it names none."""
    theme = _options(config_file).get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return config_file.parent / custom if isinstance(custom, str) and custom else None


def theme_folders(config_file: Path) -> list[Path]:
    """Where a path of the theme's options (logo, favicon) is found, as MkDocs looks for it: docs_dir,
    the theme's custom_dir, then Material's own files."""
    found = importlib.util.find_spec("material")
    material = [Path(found.origin).parent / "templates"] if found and found.origin else []
    custom = read_theme_dir(config_file)
    return [read_docs_dir(config_file), *([custom] if custom else []), *material]


def read_site_dir(config_file: Path) -> Path:
    """MkDocs' ``site_dir`` of an mkdocs.yml (default ``site``), beside the file."""
    site = _options(config_file).get("site_dir")
    return config_file.parent / (site if isinstance(site, str) and site else "site")


def read_addressing(config_file: Path) -> dict:
    """How an mkdocs.yml's pages are addressed, as gongkai.model.sitelinks takes them: `site_path`,
    the path of its ``site_url`` (``/`` without one: where the site's root is served), and
    `directory_urls`, its use_directory_urls (true unless written false)."""
    data = _options(config_file)
    url = data.get("site_url")
    path = (urlsplit(url).path or "/") if isinstance(url, str) else "/"
    return {"site_path": path, "directory_urls": data.get("use_directory_urls") is not False}


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
