"""The theme made ready for gongkai's pages: our templates after the site's custom_dir, the Markdown
extensions a clerk's text needs, our stylesheet, no palette toggle, and the search box."""

from __future__ import annotations

import os
from importlib import resources

import jinja2

from gongkai.plugin import searching
from gongkai.publish import buildcache
from gongkai.publish.outputs import CSS_URI

#: Extensions a clerk's Markdown needs; added when mkdocs.yml lacks them.
REQUIRED_EXTENSIONS = ("tables", "footnotes", "attr_list", "admonition", "md_in_html", "toc")
TEMPLATES = str(resources.files("gongkai").joinpath("templates"))


def configure(config, search: str) -> None:
    """Set up MkDocs' `config` (the theme, extensions, extra CSS) for the site search `search`."""
    if TEMPLATES not in config.theme.dirs:  # our header (无障碍 toolbar, search box), after custom_dir
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, TEMPLATES)
    if config.theme.get("palette") is None:
        # Without a palette the theme still writes, in every page's header, the script that
        # restores a reader's choice from its palette toggle; an empty palette has no toggle.
        config.theme["palette"] = {}
    for ext in REQUIRED_EXTENSIONS:
        if ext not in config.markdown_extensions:
            config.markdown_extensions.append(ext)
    if CSS_URI not in config.extra_css:
        config.extra_css.insert(0, CSS_URI)
    if search == "pagefind":
        searching.add_ui(config)


def compile_once(env: jinja2.Environment) -> None:
    """Keep the theme's compiled templates between builds (Jinja's bytecode cache, in the user's cache
    folder: $XDG_CACHE_HOME/gongkai/templates, else ~/.cache/gongkai/templates): compiling Material's
    templates took a third of a small site's build, and every `mkdocs serve` rebuild paid it again.
    An entry is used only for the same template file and source, Jinja and Python; the pages are the
    same with or without it. GONGKAI_CACHE=off turns it off with the other caches."""
    if os.environ.get(buildcache.ENV, "").strip().lower() in ("off", "0"):
        return
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.path.join(os.environ["HOME"], ".cache") if os.environ.get("HOME") else ""
    )
    if not os.path.isabs(base):  # no cache folder of the user's to be had: compile as before
        return
    folder = os.path.join(base, "gongkai", "templates")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(folder)
