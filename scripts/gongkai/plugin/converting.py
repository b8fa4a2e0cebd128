"""Converting pages' Markdown on the second core.

MkDocs reads and converts every page (Markdown to HTML) in one loop, then renders every page into
the theme's templates in a second one, both on one core. The conversion is the larger part (at
2,000 records: 38 s of a 73 s build, rendering and writing 15 s), and a page's conversion depends
on nothing but the page, the site's files and the configuration. So when the conversion starts, a
forked child converts the last generated pages of the loop that are outside the navigation
(records, the later pages of lists), about half of the Markdown, with the same code MkDocs runs
(`Page.read_source`, the plugins' page events, `Page.render`); the build process converts the
others meanwhile. Reaching the child's pages (a `ConvertedPage` each), rendering them takes the
child's HTML, table of contents, title and anchors instead of converting them again, and logs the
child's messages for them (so `--strict` counts their warnings). Rendering, every other plugin event and writing stay in
MkDocs' own loop, in one process and in order. Output is the same as a serial build's, byte for
byte (tests/test_engines.py builds the sample both ways, and under ProperDocs).

The child's copy of a plugin's state is lost when it exits: with a page_markdown or page_content
handler of another plugin, the build stays serial. So it does with no `fork`, one core, few pages,
under `mkdocs serve`, or GONGKAI_PARALLEL=0; if the child fails in any way, the build process
converts its pages itself.
"""

from __future__ import annotations

import logging
import multiprocessing
import os

from mkdocs.structure.pages import Page

from gongkai.portal import twocores

log = logging.getLogger("mkdocs.plugins.gongkai")
#: Below this many pages to hand over, forking and sending the pages back cost more than they save.
MIN_PAGES = 1000


class Converter:
    def __init__(self):
        self.pages: set[str] = set()  # src_uri of the pages the child converts
        self.results: dict | None = None
        self.cleaned: set[str] = set()  # pages whose HTML came from the child, cleaned there
        self.in_child = False
        self._conn = self._process = None

    def start(self, plugin, config, files, nav, generated: set[str], skip: set[str] = frozenset()) -> None:
        """Fork the child over the last generated pages outside the navigation (records, the later
        pages of lists), about half the Markdown to convert, if it pays off; not the pages in `skip`
        (served from the build cache, see pagecache.py)."""
        self.cancel()
        self.pages, self.results, self.cleaned, self.in_child = set(), None, set(), False
        forced = twocores.forced()
        if forced is False or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        if not ours_alone(config, plugin, ("page_markdown", "page_content")):
            return
        docs = files.documentation_pages()
        in_nav = {page.file.src_uri for page in nav.pages}
        sizes = {f.src_uri: len(f.content_string) for f in docs if f.src_uri in generated and f.src_uri not in skip}
        half, taken, pages = sum(sizes.values()) / 2, 0, []
        for file in reversed(docs):
            if taken >= half:
                break
            if file.src_uri in sizes and file.src_uri not in in_nav:
                pages.append(file)
                taken += sizes[file.src_uri]
        if not pages or (len(pages) < MIN_PAGES and not forced):
            return
        for file in pages:  # pages outside the navigation: nothing else holds their Page
            ConvertedPage(None, file, config).converter = self
        self.pages = {f.src_uri for f in pages}
        ctx = multiprocessing.get_context("fork")
        self._conn, theirs = ctx.Pipe(duplex=False)
        uris = [f.src_uri for f in reversed(pages)]
        self._process = ctx.Process(target=_child, args=(self, plugin, config, files, uris, theirs), daemon=True)
        try:
            self._process.start()
        except OSError:  # no fork (out of memory, say): every page is converted here
            self.pages = set()
            self._process = None
        theirs.close()
        if self._process is None:
            self._close()

    def take(self, page, files) -> bool:
        """Give `page` the child's HTML, table of contents, title and anchors, and log the child's
        messages for it; False if the child did not convert it."""
        uri = page.file.src_uri
        if self.in_child or uri not in self.pages:
            return False
        if self.results is None:
            self._receive()
        if uri not in self.results:
            return False
        page.content, page.toc, page._title_from_render, page.present_anchor_ids, links, messages = self.results.pop(
            uri
        )
        if links is not None:
            page.links_to_anchors = {files.get_file_from_path(k): v for k, v in links.items()}
        for name, level, message in messages:
            logging.getLogger(name).log(level, message)
        self.cleaned.add(uri)
        return True

    def takes(self, page) -> bool:
        """Whether the build process takes `page` converted from the child (in the child: False)."""
        return not self.in_child and page.file.src_uri in self.pages

    def was_cleaned(self, page) -> bool:
        """Whether the page's HTML came from the child, which ran the page_content events already."""
        return page.file.src_uri in self.cleaned

    def _receive(self) -> None:
        try:
            results = self._conn.recv()
        except (EOFError, OSError):
            results = None
        self._close()
        self.results = results if isinstance(results, dict) else {}
        log.debug(f"gongkai: {len(self.results)} of {len(self.pages)} pages converted by a second process")

    def cancel(self) -> None:
        end_child(self._conn, self._process, kill=True)
        self._conn = self._process = None

    def _close(self) -> None:
        end_child(self._conn, self._process)
        self._conn = self._process = None


class ConvertedPage(Page):
    """A page converted by the child: rendering takes its result (or converts, if there is none).
    A Page of its own kind, as Material's blog plugin has its posts."""

    converter: Converter

    def render(self, config, files) -> None:
        if not self.converter.take(self, files):
            super().render(config, files)


def end_child(conn, process, kill: bool = False) -> None:
    """Close the build process's end of a child's pipe and wait for the child (killed first with
    `kill`, if it still runs)."""
    if kill and process is not None and process.is_alive():
        process.kill()
    if conn is not None:
        conn.close()
    if process is not None:
        process.join()


def ours_alone(config, plugin, events: tuple[str, ...]) -> bool:
    """Whether every handler of these plugin `events` is this plugin's."""
    handlers = config.plugins.events
    return all(getattr(h, "__self__", None) is plugin for e in events for h in handlers[e])


class Kept(logging.Handler):
    """The child's log records, kept to be logged by the build process."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _child(converter: Converter, plugin, config, files, uris: list[str], conn) -> None:
    converter.in_child = True
    plugin.quiet_child()
    logger = logging.getLogger("mkdocs")
    kept = Kept()
    logger.handlers, logger.propagate = [kept], False
    out = {}
    try:
        for uri in uris:
            page = files.get_file_from_path(uri).page
            kept.records = []
            config._current_page = page
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            page.render(config, files)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
            links = page.links_to_anchors
            if links is not None:
                links = {f.src_uri: v for f, v in links.items()}
            out[uri] = (page.content, page.toc, page._title_from_render, page.present_anchor_ids, links, kept.records)
        conn.send(out)
    except BaseException:  # the build process converts them itself, and meets the error where MkDocs would
        conn.send(None)
    finally:
        conn.close()
        os._exit(0)
