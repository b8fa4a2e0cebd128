"""The theme made ready for gongkai's pages: our templates after the site's custom_dir, the Markdown
extensions a clerk's text needs, our stylesheet, no palette toggle, and the search box."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
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
    templates took a sixth of a small site's build, and every `mkdocs serve` rebuild paid it again.
    Jinja keys an entry by the template's name, file and source; the folder below adds what else
    shapes the compiled code (Jinja's release, Python's, the environment's settings and extensions),
    so nothing compiled by another is taken. A compiled template is code that is run: the folder is
    used only if it is this user's own and no one else can write in it (as Jinja's default folder
    is), and an entry that cannot be read or written is compiled as before. GONGKAI_CACHE=off turns
    it off with the other caches; the pages are the same with or without it."""
    if os.environ.get(buildcache.ENV, "").strip().lower() in ("off", "0"):
        return
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.path.join(os.environ["HOME"], ".cache") if os.environ.get("HOME") else ""
    )
    if not os.path.isabs(base) or not hasattr(os, "getuid"):
        return
    folder = os.path.join(base, "gongkai", "templates", _compiler_of(env))
    try:
        os.makedirs(base, exist_ok=True)
        # Each of our folders private whatever the umask (makedirs gives its mode to the last only).
        for path in (os.path.dirname(os.path.dirname(folder)), os.path.dirname(folder), folder):
            if not os.path.isdir(path):
                os.mkdir(path, 0o700)
    except OSError:
        return
    if _own_and_private(folder):
        env.bytecode_cache = _Compiled(folder)


def _compiler_of(env: jinja2.Environment) -> str:
    """A digest of what, besides a template's source, makes its compiled code."""
    facts = (
        jinja2.__version__,
        sys.implementation.cache_tag,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        repr(env.autoescape),
        sorted(env.extensions),
        getattr(env, "newstyle_gettext", None),
    )
    return hashlib.sha256(repr(facts).encode("utf-8")).hexdigest()[:16]


def _own_and_private(folder: str) -> bool:
    """Whether `folder` (and the two above it, which we made) is a real folder of this user's that
    no one else can write in."""
    for path in (folder, os.path.dirname(folder), os.path.dirname(os.path.dirname(folder))):
        try:
            info = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
            return False
    return os.access(folder, os.W_OK)


class _Compiled(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache, where an entry that cannot be read or written means compiling, not failing."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged or foreign entry: compile the template
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full disk, a folder made read-only: the next build compiles again
            pass
