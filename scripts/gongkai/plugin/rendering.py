"""Rendering pages into the theme's templates on the second core.

Once every page is converted (converting.py), MkDocs renders each into the theme's templates and
writes it, one after the other on one core: at 10,000 records about a third of the build, while
the second core has nothing left to convert. A page's rendering depends on the page, the
navigation, the configuration and the templates, all settled by then (`on_env`). So a child forked
there renders three of every five generated pages outside the navigation (records, the later pages
of lists), through the steps MkDocs takes (`get_context`, the page_context events, the page's
template), and gives each the page policy (`GongkaiPlugin.protect_rendered`), while the build
process renders the others. Reaching one of the child's pages, the build process writes the
child's HTML through templates/gongkai-cached.html, as it writes a page kept by the build cache;
the post_page events, the leak scan and the writing stay in MkDocs' loop, in one process and in
order. The output is the same as a serial build's, byte for byte (tests/test_engines.py).

The child sends each page as it renders it, in the loop's order, through a pipe of about 1 MB: it
works up to that far ahead of the build process, which takes the pages as its loop reaches them,
so neither holds more than that of the other's pages. The child's copy of a plugin's state is lost
when it exits: with a page_context or post_page handler of another plugin nothing is handed over,
nor with no `fork`, one core, few pages, under `mkdocs serve`, or GONGKAI_PARALLEL=0. A page the
child did not render (it failed, or stopped) is rendered by the build process, with its template.
"""

from __future__ import annotations

import gc
import importlib
import logging
import multiprocessing
import os

try:
    import fcntl
except ImportError:  # not on Windows, whose pipes keep their size
    fcntl = None

from gongkai.plugin.converting import Kept, end_child, ours_alone
from gongkai.plugin.pagecache import CACHED_TEMPLATE
from gongkai.portal import twocores

log = logging.getLogger("mkdocs.plugins.gongkai")
#: Below this many pages to hand over, forking and sending the pages back cost more than they save.
MIN_PAGES = 1000
#: The share of the pages to render that the child takes: the build process also runs every
#: page's post_page events, hands every page to the leak scan and writes every file.
CHILD_SHARE = 0.6
#: How much of its pages the child may render ahead of the build process (bytes; Linux's usual limit).
PIPE_SIZE = 1 << 20


class Renderer:
    def __init__(self):
        #: src_uri of the pages the child renders, with the template their meta names (None: the theme's main.html).
        self.templates: dict[str, str | None] = {}
        self.results: dict[str, tuple[str, list[str], list]] = {}
        self.handed = 0
        self._conn = self._process = None
        self._done = True
        self.in_child = False

    def start(self, plugin, config, files, nav, env, generated: set[str], skip) -> None:
        """Fork the child over `CHILD_SHARE` of the generated pages outside the navigation, if it pays
        off; not those `skip(page)` says (served from the build cache, see pagecache.py)."""
        self.cancel()
        self.handed = 0
        forced = twocores.forced()
        if forced is False or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        if not ours_alone(config, plugin, ("page_markdown", "page_content", "page_context", "post_page")):
            return
        in_nav = {page.file.src_uri for page in nav.pages}
        eligible = [
            f.page
            for f in files.documentation_pages()
            if f.page is not None and f.src_uri in generated and f.src_uri not in in_nav and not skip(f.page)
        ]
        # Spread over the loop (three of every five), so that the child's pages are taken as fast as it renders them.
        pages = [p for i, p in enumerate(eligible) if int((i + 1) * CHILD_SHARE) > int(i * CHILD_SHARE)]
        if not pages or (len(pages) < MIN_PAGES and not forced):
            return
        plugin.guard.prepare()  # the page policy's known scripts, read once for both processes
        self.templates = {p.file.src_uri: p.meta.get("template") for p in pages}
        ctx = multiprocessing.get_context("fork")
        self._conn, theirs = ctx.Pipe(duplex=False)
        _widen(theirs)
        self._process = ctx.Process(
            target=_child, args=(self, plugin, config, files, nav, env, pages, theirs), daemon=True
        )
        try:
            self._process.start()
        except OSError:  # no fork (out of memory, say): every page is rendered here
            theirs.close()
            end_child(self._conn, None)
            self._conn = self._process = None
            self.templates = {}
            return
        theirs.close()
        self._done = False
        for page in pages:  # here each is written as the child rendered it (templates/gongkai-cached.html)
            page.meta["template"] = CACHED_TEMPLATE

    def owns(self, page) -> bool:
        """Whether the child renders `page` (in the build process: in the child it renders them all)."""
        return not self.in_child and page.file.src_uri in self.templates

    def take(self, page) -> tuple[str, list[str]] | None:
        """The child's page, rendered and protected, and the inline scripts the policy refused in it,
        with the child's messages for it logged; None if the child did not render it. The page's
        own template is given back to its meta either way."""
        uri = page.file.src_uri
        _name(page, self.templates[uri])  # as it was: the build cache's key reads it (pagecache.nav_key)
        while uri not in self.results and not self._done:
            self._receive()
        found = self.results.pop(uri, None)
        if found is None:
            return None
        html, refused, messages = found
        for name, level, message in messages:
            logging.getLogger(name).log(level, message)
        self.handed += 1
        return html, refused

    def template(self, page) -> str:
        """The template the page is rendered with, as MkDocs chooses it."""
        return self.templates[page.file.src_uri] or "main.html"

    def _receive(self) -> None:
        try:
            sent = self._conn.recv()
        except (EOFError, OSError):
            sent = None
        if sent is None:  # the end, or the child failed: the build process renders the rest
            self._done = True
            end_child(self._conn, self._process)
            self._conn = self._process = None
            return
        uri, html, refused, messages = sent
        self.results[uri] = (html, refused, messages)

    def cancel(self) -> None:
        """Stop the child if it still runs; no page is the child's any more."""
        if self.templates:
            log.debug(f"gongkai: {self.handed} of {len(self.templates)} pages rendered by a second process")
        end_child(self._conn, self._process, kill=True)
        self._conn = self._process = None
        self._done, self.templates, self.results = True, {}, {}


def _name(page, template: str | None) -> None:
    """Set the template `page`'s meta names (None: none, as MkDocs then takes main.html)."""
    if template is None:
        page.meta.pop("template", None)
    else:
        page.meta["template"] = template


def _widen(conn) -> None:
    """Let the pipe hold `PIPE_SIZE` bytes, where the system allows (Linux)."""
    try:
        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (AttributeError, OSError):  # no fcntl, no F_SETPIPE_SZ (not Linux), or above the system's limit
        pass


def engine_build(config):
    """The build module of the engine running (MkDocs or ProperDocs), whose get_context the page sees."""
    return importlib.import_module(type(config).__module__.split(".")[0] + ".commands.build")


def _child(renderer: Renderer, plugin, config, files, nav, env, pages, conn) -> None:
    gc.freeze()  # the build's objects, shared with it, are not walked (and so not copied) by collections
    renderer.in_child = True
    renderer._conn.close()  # the build process's end
    templates = renderer.templates
    plugin.quiet_child()
    logger = logging.getLogger("mkdocs")
    kept = Kept()
    logger.handlers, logger.propagate = [kept], False
    build = engine_build(config)
    doc_files = files.documentation_pages()
    try:
        for page in pages:
            uri = page.file.src_uri
            kept.records = []
            _name(page, templates[uri])
            page.active = True  # as MkDocs' _build_page: the theme marks the current page
            config._current_page = page
            context = build.get_context(nav, doc_files, config, page)
            template = env.get_template(renderer.template(page))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            html, refused = plugin.protect_rendered(template.render(context), page.file.dest_uri)
            page.active = False
            conn.send((uri, html, refused, kept.records))
    except BaseException:  # the build process renders the rest itself, and meets the error where MkDocs would
        pass
    finally:
        try:
            conn.send(None)
        except OSError:
            pass
        conn.close()
        os._exit(0)
