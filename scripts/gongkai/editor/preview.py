"""The body of a record as the portal renders it, for the editor's preview: Python-Markdown with
the site's `markdown_extensions` (read from mkdocs.yml as MkDocs reads it), then the same cleaning
of what clerks write (gongkai.text.sanitize) as the record page gets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import markdown

from gongkai.siteconfig import read_mkdocs
from gongkai.text import sanitize
from gongkai.text.problems import InputError


def extensions_of(config_file: Path) -> tuple[list[str], dict]:
    """mkdocs.yml's `markdown_extensions` as Python-Markdown takes them (names, configs)."""
    try:
        items = read_mkdocs(config_file).get("markdown_extensions") or []
    except InputError:
        items = []
    names, configs = [], {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and len(item) == 1:
            name, config = next(iter(item.items()))
            names.append(name)
            if isinstance(config, dict):
                configs[name] = config
    return names, configs


def renderer(config_file: Path) -> Callable[[str], str]:
    """body -> HTML as on the record page (without the links the build rewrites to published files)."""
    names, configs = extensions_of(config_file)
    try:
        markdown.Markdown(extensions=names, extension_configs=configs)
    except Exception:  # noqa: BLE001 - an extension this Python lacks: the preview still shows the text
        names, configs = [], {}

    def render(body: str) -> str:
        html = markdown.Markdown(extensions=names, extension_configs=configs).convert(body)
        return sanitize.clean(html)

    return render
