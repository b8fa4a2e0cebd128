"""MkDocs plugin: one method per event; the core does the work (gongkai.publish.outputs is the one list of
files it adds), the modules beside this one the adapter's chores (reading the input, status line, search
index, guard, serve's problem page)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel

from gongkai.cli.common import collect_garbage_less
from gongkai.guards import sourcescan
from gongkai.model.urls import PAGE, Outputs, Urls
from gongkai.plugin import admin, claims, loading, recordnav, searching, theme
from gongkai.plugin.config import GongkaiConfig, option_errors
from gongkai.plugin.converting import Converter
from gongkai.plugin.guard import SiteGuard, with_language
from gongkai.plugin.pagecache import PageCache
from gongkai.plugin.prebuilt import Prebuilt
from gongkai.plugin.problem_page import Preview
from gongkai.plugin.rendering import Renderer
from gongkai.plugin.staging import Staging, StagingError
from gongkai.plugin.statusline import StatusLine
from gongkai.portal.catalog import Catalog
from gongkai.publish import buildcache, htmlspace
from gongkai.publish.outputs import navigation, site_outputs, theme_facts
from gongkai.publish.pages import PageBuilder
from gongkai.publish.statpages import StatPages
from gongkai.siteconfig import docs_excluded
from gongkai.text import handpage, sanitize

log = logging.getLogger("mkdocs.plugins.gongkai")


def hand_pages(config) -> list[tuple[str, str, str]]:
    """(src_uri, title, Markdown without front matter) of the hand-written pages MkDocs publishes,
    but the home page, in order: read once, for the 网站地图 and the search index."""
    docs = Path(config.docs_dir)
    out = []
    for path in sourcescan.hand_written(docs, docs_excluded(config.exclude_docs, config.draft_docs)):
        uri = path.relative_to(docs).as_posix()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs says it
        if uri != "index.md":
            out.append((uri, *handpage.split(text, path.stem)))
    return out


def strict_aborts() -> bool:
    """Whether strict mode counted a warning: MkDocs (or ProperDocs) then aborts the build right
    after on_post_build, and what it made must not be kept as a build that passed."""
    return any(
        type(handler).__name__ == "CountHandler" and handler.get_counts()
        for name in ("mkdocs", "properdocs")
        for handler in logging.getLogger(name).handlers
    )


class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    def __init__(self):
        super().__init__()
        self.catalog: Catalog | None = None
        self.builder, self.stat_pages = None, None
        self.generated: set[str] = set()
        #: Every file of the site, with what writes it (see gongkai.model.urls.Outputs).
        self.outputs = Outputs()
        self.untrusted_uris, self.files = set(), None
        #: The search index (Pagefind) of the build, made on the second core (see searching.py).
        self.search = searching.SiteSearch()
        self.command, self.dirty, self.staging, self.guard = "build", False, Staging(), SiteGuard()
        #: The hand-written pages but the home page: (src_uri, title, Markdown), see `hand_pages`.
        self.hand: list[tuple[str, str, str]] = []
        self.updated: dict[str, dt.date] = {}
        #: Record pages by src_uri, and the site's top sections (their compact menu, see recordnav).
        self.record_pages: dict = {}
        self.top_sections: list[dict] | None = None
        #: Seconds spent in this plugin during the last build (read by the benchmark).
        self.seconds = 0.0
        self.status = StatusLine()
        #: Pages converted from Markdown by a second process (see converting.py).
        self.converter = Converter()
        #: Records' 信息索引 boxes, out of their Markdown while it is converted (see prebuilt.py).
        self.prebuilt = Prebuilt()
        #: Pages rendered into the templates by a second process (see rendering.py), and the theme's
        #: environment, to render one here when it did not; the articles of the pages so written.
        self.renderer = Renderer()
        self.env = None
        self.articles: dict[str, str] = {}
        self.protected: set[str] = set()
        #: Pages kept from the last build (see pagecache.py), the folder they are kept in, and the navigation.
        self.page_cache = PageCache()
        self.cache_dir: Path | None = None
        self.nav = None
        self.pages_total = self.pages_read = self.pages_written = 0
        #: Under `mkdocs serve`, the errors in the input, shown in place of the site (see problem_page.py).
        self.preview = Preview()

    def load_config(self, options, config_file_path=None):
        errors, warnings = super().load_config(options, config_file_path)
        # Checked by the core as `gongkai check` checks them: unknown options are errors, messages in Chinese.
        ours = option_errors(options, config_file_path)
        return (errors if ours is None else ours), warnings

    def on_startup(self, *, command, dirty):
        # Presence of on_startup keeps one plugin instance across `mkdocs serve` rebuilds.
        self.command, self.dirty = command, dirty
        collect_garbage_less()  # as the CLI: thousands of records and pages, no cycles among them

    def on_config(self, config):
        if self.dirty and self.command != "serve":  # build, gh-deploy
            # --dirty writes the changed pages into site/ itself: a deleted record's page stayed, and a
            # build that failed left half a site in place (serve --dirty publishes nothing).
            raise PluginError(
                "网站未生成：--dirty 只重写改过的页面，删去的记录的页面会留在网站上，出错时会留下半个网站。"
                "改法：不加 --dirty（生成缓存 build_cache 让重新构建同样快）。"
            )
        start = time.perf_counter()
        self.seconds, self.preview.broken, self.record_pages = 0.0, None, {}
        self.prebuilt = Prebuilt()
        self.status.show()
        theme.configure(config, self.config.search)
        self.guard.reset(config.theme.dirs)
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        settings = self.config.settings()
        try:
            self.catalog, facts = loading.load(config, settings, base, self.command, self.status.callback("读取记录"))
        except loading.Unreadable as exc:
            if self.command == "serve":
                self.seconds += time.perf_counter() - start
                return self.preview.show(config, exc.problems, exc.what)
            raise exc.stop() from None
        config.extra["gk"] = theme_facts(Urls(self.catalog.settings.url_prefix), facts, config.site_url)
        whole = self.command != "serve" and not self.dirty
        if whole:
            try:
                self.staging.begin(config, base, settings.records_path(base))
            except StagingError as exc:
                raise PluginError(f"网站未生成：{exc}") from None
        # The build cache serves whole builds only (`mkdocs build`): not serve, not --dirty (see pagecache.py).
        self.cache_dir = buildcache.folder(base, settings.build_cache) if whole else None
        self.builder = PageBuilder(self.catalog, feeds=bool(config.site_url))
        self.record_pages = {self.builder.urls.record(r): r for r in self.catalog.records}
        self.stat_pages = StatPages(self.catalog, self.builder.urls)
        self.untrusted_uris = self.builder.untrusted_uris()  # cleaned as they are converted
        # Pagefind starts now, on the second core, while MkDocs and on_files prepare the pages (see searching.py).
        self.hand = hand_pages(config)
        self.search.start(self.catalog, self.builder.urls, config, self.command, self.cache_dir, self.hand)
        self.seconds += time.perf_counter() - start
        return config

    def on_files(self, files: Files, *, config):
        if self.preview.broken is not None:
            return self.preview.files(config, files)
        start = time.perf_counter()
        self.status.update("准备页面…")
        self.outputs = claims.existing(files, config, self.catalog.settings.search == "pagefind", self.command)
        home = files.get_file_from_path("index.md") is not None  # the site's own, else the core writes one
        self.builder.hand_pages = [(title, uri) for uri, title, _ in self.hand]
        made = site_outputs(self.builder, self.stat_pages, config.site_name, config.site_url, home)
        self.generated, self.updated = claims.add_generated(files, config, self.outputs, made)
        if config.nav is None:
            hand = [
                f.src_uri
                for f in files.documentation_pages()
                if f.src_uri not in self.generated and f.src_uri != "index.md" and f.inclusion.is_in_nav()
            ]
            config.nav = navigation(self.builder, hand)
        self.files = files
        if self.command == "serve":
            self.preview.seen(files)
        # Pages are scanned as they are written, on the second core; not while serving (fork + threads).
        self.guard.start(
            self.catalog, files, self.builder.urls, background_scan=self.command != "serve", cache_dir=self.cache_dir
        )
        self.search.ready(self.guard.page_scan)  # the site's folder is emptied: the index may be written
        self.seconds += time.perf_counter() - start
        return files

    def on_nav(self, nav, *, config, files):
        # The pages MkDocs is about to convert and write, for the status line.
        inclusion = InclusionLevel.is_in_serve if self.command == "serve" else InclusionLevel.is_included
        self.pages_total = len(files.documentation_pages(inclusion=inclusion))
        self.pages_read = self.pages_written = 0
        self.top_sections = None  # the pages' titles are known once they are read: see record_nav
        self.nav = nav
        # A list's later pages are not in the nav (it lists sections): each takes its first page's
        # section, so that the menu shows that section open and its tab current, as on page 1.
        for file in files.documentation_pages():
            first = Urls.first_page(file.src_uri) if f"/{PAGE}/" in file.src_uri else None
            head = files.get_file_from_path(first) if first else None
            if head is not None and head.page is not None and file.page is not None and file.page.parent is None:
                file.page.parent = head.page.parent
        if self.command != "serve" and self.preview.broken is None:
            start = time.perf_counter()
            kept = self.page_cache.start(self, config, files, nav, self.cache_dir)
            self.seconds += time.perf_counter() - start
            self.converter.start(self, config, files, nav, self.generated, skip=kept)
        return nav

    def quiet_child(self) -> None:
        """In a forked child converting pages (converting.py): no status line of its own."""
        self.status = StatusLine()

    def on_env(self, env, *, config, files):
        start = time.perf_counter()
        theme.compile_once(env)
        self.page_cache.settle(self, config, files, self.nav)  # every page is read: their menus are known
        self.guard.submit_made(files, self.generated)  # as MkDocs writes them next
        self.env, self.articles, self.protected = env, {}, set()
        self.renderer.cancel()
        # Not under serve (threads), nor --dirty: MkDocs then writes only the changed pages.
        if self.command != "serve" and not self.dirty and self.preview.broken is None:
            self.renderer.start(
                self, config, files, self.nav, env, self.generated, lambda page: self.page_cache.hit(page) is not None
            )
        self.seconds += time.perf_counter() - start
        self.status.update("复制附件…")  # what MkDocs does next (copy_static_files)
        return env

    def on_page_content(self, html, *, page, config, files):
        self.pages_read += 1
        self.status.update("转换页面", self.pages_read, self.pages_total)
        html = self.prebuilt.restore(page.file.src_uri, html)
        if self.converter.was_cleaned(page):  # converted by the child, which cleaned it as below
            return html
        if self.page_cache.hit(page) is not None:  # not converted: its kept HTML was cleaned when made
            return html
        if page.file.src_uri not in self.untrusted_uris:
            return html
        start = time.perf_counter()
        html = sanitize.clean(html)  # what clerks write is untrusted (see gongkai/text/sanitize.py)
        self.seconds += time.perf_counter() - start
        return html

    def on_page_markdown(self, markdown, *, page, config, files):
        uri = page.file.src_uri
        if uri in self.record_pages:
            if "template" not in page.meta:
                page.meta["template"] = recordnav.TEMPLATE
            # Converted here (not taken from the child or the cache): the box waits outside the Markdown.
            if not self.converter.takes(page) and self.page_cache.hit(page) is None:
                markdown = self.prebuilt.hold(uri, markdown)
        if page.file.src_uri == "index.md" and page.file.src_uri not in self.generated:
            start = time.perf_counter()
            markdown = self.builder.fill_home(page.file.src_uri, markdown)
            self.seconds += time.perf_counter() - start
        return markdown

    def on_page_context(self, context, *, page, config, nav):
        if self.page_cache.hit(page) is not None:  # written as it is by templates/gongkai-cached.html
            page.content = self.page_cache.html(page)
            return context
        uri = page.file.src_uri
        owned = self.renderer.owns(page)  # rendered by the child: written as it is by templates/gongkai-cached.html
        if owned:
            start = time.perf_counter()
            self.articles[uri] = page.content
            taken = self.renderer.take(page)
            self.seconds += time.perf_counter() - start
            if taken is not None:
                page.content, refused = taken
                self.guard.refuse(refused)
                self.protected.add(uri)
                return context
        record = self.record_pages.get(uri)
        if record is not None:
            context["gk_nav"] = self.record_nav(record, config)
        if owned:  # the child did not render it: rendered here, as MkDocs would have
            page.content = self.env.get_template(self.renderer.template(page)).render(context)
        return context

    def record_nav(self, record, config) -> list[dict]:
        """The compact menu of a record's page (recordnav.py); the pages' titles are known once they are read."""
        if self.top_sections is None:
            self.top_sections = recordnav.top_sections(self.nav)
        return recordnav.for_record(self.top_sections, self.builder.crumbs(record), config.use_directory_urls)

    @event_priority(-100)
    def on_pre_page(self, page, *, config, files):
        # Dates from the data, not the clock: same input, same sitemap.
        updated = self.updated.get(page.file.src_uri) or self.builder.newest
        if updated is not None:
            page.update_date = updated.isoformat()
        return page

    @event_priority(-100)  # last: the policy must hash every inline script, the scan see the final page
    def on_post_page(self, output, *, page, config):
        self.pages_written += 1
        self.status.update("写出页面", self.pages_written, self.pages_total)
        start = time.perf_counter()
        uri = page.file.src_uri
        if self.page_cache.hit(page) is None:  # a kept page is protected already
            if uri in self.protected:  # a page the child rendered was protected there
                self.protected.discard(uri)
            else:
                output = self._protect(output, page.file.dest_uri)
            self.page_cache.keep(self, page, config, output)
        else:  # its content is the whole written page, which MkDocs would hold to the end (1 GB at 50,000)
            page.content = ""
        if uri in self.articles:  # the page's content again, not the whole page written through gongkai-cached.html
            page.content = self.articles.pop(uri)
        # Every page, kept or not: the secrets may be new (the scan's memo knows what it passed before).
        self.guard.submit(page.file.dest_uri, output)
        self.seconds += time.perf_counter() - start
        return output

    def on_post_template(self, output_content, *, template_name, config):
        return self._protect(output_content, template_name) if template_name.endswith(".html") else output_content

    def _protect(self, html: str, where: str) -> str:
        # `mkdocs serve` injects its live-reload script into pages: a policy would block it.
        if self.command == "serve":
            return with_language(htmlspace.collapse(html))
        html, refused = self.protect_rendered(html, where)
        self.guard.refuse(refused)
        return html

    def protect_rendered(self, html: str, where: str) -> tuple[str, list[str]]:
        """The page with its whitespace collapsed, its language and its page policy, and the inline
        scripts the policy refused (the child that renders pages, rendering.py, gives them back for
        the build process to refuse)."""
        html = htmlspace.collapse(html)  # before the policy: it hashes the inline scripts, kept as they are
        return self.guard.policy(with_language(html), where)

    @event_priority(-100)  # last: after search indexes, sitemaps and feeds are written
    def on_post_build(self, *, config):
        self.converter.cancel()  # every page it converted has been taken: it has exited
        self.renderer.cancel()  # so has the one that rendered pages
        try:
            if self.preview.broken is None:
                start = time.perf_counter()
                self.search.finish(self.status)
                try:
                    self.guard.finish(Path(config.site_dir), self.search.scanned, self.status)
                    if strict_aborts():
                        self.page_cache.cancel()
                        self.search.cancel()
                    else:  # the build passed: what it made is kept for the next
                        self.page_cache.finish()
                        self.search.keep(Path(config.site_dir))
                        self.guard.keep()
                finally:
                    self.seconds += time.perf_counter() - start
                admin.write(config, self.catalog, self.command)
        finally:
            self.status.hide()

    def on_build_error(self, *, error):
        self.status.hide()
        self.converter.cancel()
        self.renderer.cancel()
        self.page_cache.cancel()
        self.search.cancel()
        self.guard.cancel()
        self.staging.discard()

    def on_shutdown(self):
        self.status.hide()
        # Reached after a build that raised no error (on_build_error discarded the others).
        if self.staging.active:
            note = self.staging.publish()
            if note:
                log.info(note)

    def on_serve(self, server, *, config, builder):
        # From the options, not the catalog: the first build may have failed to load it.
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        records = self.config.settings().records_path(base)
        if records.is_dir():
            server.watch(str(records))
        return server
