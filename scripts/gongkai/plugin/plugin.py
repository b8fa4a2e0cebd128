"""MkDocs plugin: one method per event, the work is done by the core."""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import sys
import time
from importlib import resources
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import asof, csp, feeds, leaks, opendata, personal, pii, sanitize, search
from ..catalog import Catalog, load_catalog
from ..footer import footer
from ..pages import PageBuilder, summary_of
from ..problems import InputError, Problems
from ..progress import Progress
from ..schema import PII_KINDS, json_schema
from ..searchindex import PAGEFIND_VERSION, PartedIndex, SearchIndexError
from ..settings import Settings
from ..statpages import StatPages
from ..urls import GENERATED, HAND_WRITTEN, OTHER, OutputClash, Outputs, Urls
from . import background
from .config import GongkaiConfig
from .problem_page import problem_page
from .staging import Staging, StagingError

log = logging.getLogger("mkdocs.plugins.gongkai")

#: Extensions a clerk's Markdown needs; added when mkdocs.yml lacks them.
REQUIRED_EXTENSIONS = ("tables", "footnotes", "attr_list", "admonition", "md_in_html", "toc")
CSS_URI = "gongkai/gongkai.css"
SEARCH_JS_URI = "gongkai/search.js"
TEMPLATES = str(resources.files("gongkai").joinpath("templates"))


class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    def __init__(self):
        super().__init__()
        self.catalog: Catalog | None = None
        self.builder: PageBuilder | None = None
        self.stat_pages: StatPages | None = None
        self.generated: set[str] = set()
        #: Every file of the site, with what writes it (see gongkai.urls.Outputs).
        self.outputs = Outputs()
        self.untrusted_uris: set[str] = set()
        self.files: Files | None = None
        self.page_scan: background.PageScan | None = None
        self.search_index: PartedIndex | None = None
        #: Whether the search entries were scanned for leaks as they were sent (then the fragments are not).
        self.search_scanned = False
        self.command = "build"
        self.dirty = False
        self.staging = Staging()
        self.updated: dict[str, dt.date] = {}
        #: Seconds spent in this plugin during the last build (read by the benchmark).
        self.seconds = 0.0
        #: The status line of the slow steps on a terminal (gongkai.progress); see `_show_progress`.
        self.progress = Progress(sys.stderr, enabled=False)
        self.progress_guard = _ClearFirst(self.progress)
        self.pages_total = 0
        self.pages_read = self.pages_written = 0
        #: The theme's template folders, whose inline scripts alone the page policy allows (gongkai.csp).
        self.theme_dirs: list[str] = []
        self.known_scripts: csp.KnownScripts | None = None
        #: Inline scripts found in pages that no template holds: refused by the policy, and the build fails.
        self.refused_scripts: list[str] = []
        #: Under `mkdocs serve`, the errors in the input: the build then writes the problem page only.
        self.broken: Problems | None = None
        #: Under `mkdocs serve`, the pages (dest_uri) of the last build: where a browser may be.
        self.served: set[str] = set()

    def load_config(self, options, config_file_path=None):
        errors, warnings = super().load_config(options, config_file_path)
        # Checked by the core as `gongkai check` checks them: unknown options are errors, messages in Chinese.
        try:
            Settings.from_options(options)
        except InputError as exc:
            errors = [
                (p.field.removeprefix("plugins.gongkai."), f"{p.message} {p.hint}".strip()) for p in exc.problems.errors
            ]
        return errors, warnings

    def on_startup(self, *, command, dirty):
        # Presence of on_startup keeps one plugin instance across `mkdocs serve` rebuilds.
        self.command = command
        self.dirty = dirty

    def on_config(self, config):
        start = time.perf_counter()
        self.seconds = 0.0
        self.broken = None
        self._show_progress()
        self.theme_dirs, self.known_scripts, self.refused_scripts = list(config.theme.dirs), None, []
        for ext in REQUIRED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        if CSS_URI not in config.extra_css:
            config.extra_css.insert(0, CSS_URI)
        if self.config.search == "pagefind":
            self._add_search_ui(config)
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        try:
            building = self.command != "serve"  # serve rebuilds on every edit: no fork, no search index
            settings = self.config.settings()
            try:
                as_of = asof.as_of_from_env()
            except ValueError as exc:
                fix = f"改法：写成 {asof.ENV}=2025-03-01 这样的日期，或不设这个变量（按今天）。"
                raise PluginError(f"{exc}\n{fix}") from None
            self.catalog = load_catalog(
                base,
                settings,
                parallel=building,
                index=building and settings.search == "pagefind",
                as_of=as_of,
                show_scheduled=not building,  # serve shows what is scheduled, marked 未发布
                progress=self.progress.callback("读取记录"),
                pages=Path(config.docs_dir),
            )
        except InputError as exc:
            if self.command == "serve":
                return self._preview_problems(config, exc.problems, "记录", start)
            # Every problem, then stop: MkDocs prints it and exits 1 before touching site/.
            raise PluginError("记录检查未通过，网站未生成：\n" + exc.problems.report()) from None
        for warning in self.catalog.problems.warnings:
            log.warning(warning.format())
        for exemption in self.catalog.exemptions:
            log.info(exemption.describe())
        for rec in sorted(self.catalog.scheduled, key=lambda r: (r.published, r.index_no)):
            log.info(f"定时发布：{rec.index_no} 定于 {rec.published} 发布（{rec.rel_path}）")
        try:
            self._add_site_facts(config, base)
        except InputError as exc:
            if self.command == "serve":
                return self._preview_problems(config, exc.problems, "mkdocs.yml 的页脚设置", start)
            raise PluginError("mkdocs.yml 的页脚设置有误，网站未生成：\n" + exc.problems.report()) from None
        if self.command != "serve" and not self.dirty:
            try:
                self.staging.begin(config)
            except StagingError as exc:
                raise PluginError(f"网站未生成：{exc}") from None
        self.builder = PageBuilder(self.catalog)
        self.stat_pages = StatPages(self.catalog, self.builder.urls)
        # Pages with a clerk's Markdown that could carry markup to remove (see sanitize.needs_cleaning):
        # record bodies and the narrative of the annual reports.
        self.untrusted_uris = {
            self.builder.urls.record(r) for r in self.catalog.records if sanitize.needs_cleaning(r.body)
        } | {self.builder.urls.report(r.slug) for r in self.catalog.reports}
        self.seconds += time.perf_counter() - start
        return config

    def _add_site_facts(self, config, base: Path) -> None:
        """What the theme overrides show on every page (docs/overrides: footer, <meta> tags), checked
        (`InputError` when wrong)."""
        problems = Problems(root=base)
        values = footer(config.extra.get("footer"), Path(config.docs_dir), problems)
        if problems.errors:
            raise InputError(problems)
        for warning in problems.warnings:
            log.warning(warning.format())
        urls = Urls(self.catalog.settings.url_prefix)
        site_map = urls.site_map().removesuffix("index.md")
        domain = urlsplit(config.site_url or "").hostname or ""
        feed = urls.feed() if config.site_url else ""
        config.extra["gk"] = {"footer": values, "site_map": site_map, "site_domain": domain, "feed": feed}

    @staticmethod
    def _log_pagefind(index: PartedIndex) -> None:
        """Name the Pagefind that builds the search index; another release than the pinned one is a warning."""
        if index.version == PAGEFIND_VERSION:
            log.info(f"站内搜索：Pagefind {index.version}（{index.binary}）")
        else:
            log.warning(
                f"站内搜索：Pagefind {index.version}（{index.binary}），不是 gongkai 固定的 {PAGEFIND_VERSION}："
                "分词和检索结果可能不同。改法：不设 GONGKAI_PAGEFIND，运行 make site 安装固定的版本。"
            )

    def _preview_problems(self, config, problems: Problems, what: str, start: float):
        """Under `mkdocs serve`: the build goes on and writes the list of `problems` in place of every page
        (see `on_files`). Raising would keep the last site and hold the browser's requests until a build
        succeeds, the reason in the terminal only; this page comes with MkDocs' live-reload script, and
        the real page is back once the clerk saves the fix."""
        self.broken = problems
        # Under `strict`, a warning or an error logged would make MkDocs abort the build after all.
        level = logging.INFO if config.strict else logging.ERROR
        log.log(
            level,
            f"{what}有 {len(problems.errors)} 个问题，浏览器中显示问题清单；改好后自动刷新。\n" + problems.report(),
        )
        # Nothing of the theme: its 404 page and sitemap, and the overrides, need what was not loaded.
        config.theme.static_templates.clear()
        config.extra_templates = []
        config.nav = []
        self.seconds += time.perf_counter() - start
        return config

    def _add_search_ui(self, config) -> None:
        """The header's search box (our copy of Material's header) and the results page's script."""
        dirs = config.theme.dirs
        if TEMPLATES not in dirs:
            # After the site's own overrides (custom_dir), before the theme's templates.
            dirs.insert(1 if config.theme.custom_dir else 0, TEMPLATES)
        if SEARCH_JS_URI not in config.extra_javascript:
            config.extra_javascript.append(SEARCH_JS_URI)
        if "material/search" in config.plugins or "search" in config.plugins:
            log.warning(
                "mkdocs.yml 中还启用了 search 插件：网站会多出一份不支持中文分词的搜索索引。"
                "站内搜索由 gongkai 提供，请从 plugins 中删去 search。"
            )

    def on_files(self, files: Files, *, config):
        if self.broken is not None:
            return self._problem_files(files, config)
        start = time.perf_counter()
        self.progress.update("准备页面…")
        cat, builder = self.catalog, self.builder
        self.generated, self.updated = set(), {}
        self._claim_existing(files, config)
        builder.feeds = bool(config.site_url)
        pages = builder.all_pages() + self.stat_pages.all_pages() + [builder.data_page(builder.feeds)]
        if cat.settings.search == "pagefind":
            pages.append(builder.search_page())
        if files.get_file_from_path("index.md") is None:
            pages.append(builder.home())
        for page in pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            self._add(files, File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
            if page.updated:
                self.updated[page.src_uri] = page.updated
        for rec in cat.records:
            for att in (*rec.attachments, *rec.body_files):
                uri = builder.urls.attachment(rec, att)
                self._add(files, File.generated(config, uri, abs_src_path=str(att.path)))
        for uri, text in self.stat_pages.csv_files():
            self._add(files, File.generated(config, uri, content=text))
        for uri, text in self._feeds_and_data(files, config):
            self._add(files, File.generated(config, uri, content=text))
        assets = resources.files("gongkai").joinpath("assets")
        self._add(files, File.generated(config, CSS_URI, content=assets.joinpath("gongkai.css").read_text("utf-8")))
        if cat.settings.search == "pagefind":
            self._add(
                files, File.generated(config, SEARCH_JS_URI, content=assets.joinpath("search.js").read_text("utf-8"))
            )
        if config.nav is None:
            config.nav = self._nav(files)
        self.files = files
        if self.command == "serve":
            self.served = {f.dest_uri for f in files if f.dest_uri.endswith(".html")}
        self._start_page_scan()
        self._start_search_index(files, config)
        self.seconds += time.perf_counter() - start
        return files

    def _problem_files(self, files: Files, config) -> Files:
        """The problem page (`self.broken`) alone, at every address a browser may be on: the pages of the
        last build, the hand-written ones and the home page; 404.html (for any other) polls by itself."""
        token = f"gongkai-{time.time_ns()}"
        page = problem_page(self.broken, config.site_name, token)
        uris = self.served | {f.dest_uri for f in files if f.is_documentation_page()} | {"index.html"}
        uris.discard("404.html")
        out = [File.generated(config, uri, content=page, inclusion=InclusionLevel.INCLUDED) for uri in sorted(uris)]
        missing = problem_page(self.broken, config.site_name, token, not_found=True)
        out.append(File.generated(config, "404.html", content=missing, inclusion=InclusionLevel.INCLUDED))
        return Files(out)

    def _feeds_and_data(self, files: Files, config) -> list[tuple[str, str]]:
        """The Atom feeds (with a site_url) and /data/'s catalogue files, as (src_uri, text)."""
        cat, urls = self.catalog, self.builder.urls
        root = (config.site_url or "").rstrip("/")

        def url(uri: str) -> str:
            file = files.get_file_from_path(uri)
            return f"{root}/{file.url}" if root else file.url

        def attachments(rec):
            return [(a.title, url(urls.attachment(rec, a))) for a in rec.attachments]

        data = opendata.rows(cat.records, lambda r: url(urls.record(r)), attachments)
        schema_url = f"{root}/{urls.data('catalog.schema.json')}" if root else urls.data("catalog.schema.json")
        out = [
            # The record schema with this site's agencies, categories and 索引号 pattern, for editors' tools.
            (
                urls.data("record.schema.json"),
                json.dumps(_without_examples(json_schema(cat.taxonomy, cat.settings)), ensure_ascii=False, indent=1)
                + "\n",
            ),
            (urls.data("catalog.json"), opendata.to_json(data, config.site_name, schema_url)),
            (urls.data("catalog.csv"), opendata.to_csv(data)),
            (urls.data("catalog.schema.json"), opendata.json_schema(schema_url)),
        ]
        if not root:
            return out

        def feed(uri, title, page_uri, records):
            return uri, feeds.atom(
                title, f"{root}/{uri}", url(page_uri), records, lambda r: url(urls.record(r)), self._feed_summary
            )

        empty = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
        )
        out.append((urls.feeds_sitemap(), empty))
        out.append(feed(urls.feed(), f"{config.site_name}：最新信息", urls.catalogue(), cat.records))
        for c in cat.taxonomy.all_categories():
            title = f"{config.site_name}：{c.path.replace('/', ' - ')}"
            out.append(feed(urls.feed(c), title, urls.category(c), cat.by_category(c)))
        return out

    def _feed_summary(self, rec) -> str:
        """A feed entry's summary: personal data a record publishes on purpose (pii_exempt) stays on
        its own page; in a feed, which readers' programs copy on, it is masked."""
        text = summary_of(rec)
        if rec.pii_exempt:
            settings = self.catalog.settings
            kinds = tuple(PII_KINDS[k] for k in settings.pii_kinds)
            text, _ = pii.mask(text, kinds, pii.MASK_STYLES[settings.pii_mask_style], settings.pii_allow_emails)
        return text

    def _claim_existing(self, files: Files, config) -> None:
        """What the site holds before ours: hand-written pages and files, the theme's; and Pagefind's folder."""
        self.outputs = Outputs()
        shown = InclusionLevel.is_in_serve if self.command == "serve" else InclusionLevel.is_included
        docs = str(Path(config.docs_dir))
        for file in files:
            if shown(file.inclusion):
                kind = HAND_WRITTEN if str(Path(file.src_dir or "")) == docs else OTHER
                self._claim(self.outputs.claim, file.dest_uri, file.src_uri, kind)
        if self.catalog.settings.search == "pagefind" and self.command != "serve":
            self._claim(self.outputs.claim_folder, "pagefind", "站内搜索索引（pagefind/）")

    @staticmethod
    def _claim(claim, *args) -> None:
        try:
            claim(*args)
        except OutputClash as exc:
            raise PluginError(exc.message()) from None

    def _add(self, files: Files, file: File):
        self._claim(self.outputs.claim, file.dest_uri, file.src_uri, GENERATED)
        files.append(file)
        self.generated.add(file.src_uri)

    def _nav(self, files: Files) -> list:
        """Sections only: hand-written pages, then the catalogue by category, agency and year.

        Titles are HTML-escaped here: Material prints a nav title unescaped (tabs, sidebar, the page's
        header), and these are names from the taxonomy and the reports, which are text."""
        urls, tax, cat = self.builder.urls, self.catalog.taxonomy, self.catalog
        e = html.escape
        categories = []
        for c in tax.categories:
            if c.children:
                categories.append({e(c.name): [urls.category(c)] + [urls.category(ch) for ch in c.children]})
            else:
                categories.append({e(c.name): urls.category(c)})
        catalogue = [
            urls.catalogue(),
            *categories,
            # The first child of a section is its index page (navigation.indexes).
            {"按发布机构": [urls.agencies(), *({e(a.name): urls.agency(a)} for a in tax.agencies)]},
            {"按年份": [urls.years(), *({f"{y}年": urls.year(y)} for y in cat.years())]},
        ]
        hand = sorted(
            f.src_uri
            for f in files.documentation_pages()
            if f.src_uri not in self.generated and f.src_uri != "index.md" and f.inclusion.is_in_nav()
        )
        reports = [urls.reports(), *({e(r.title): urls.report(r.slug)} for r in cat.reports)] if cat.reports else []
        sections = [{"信息公开目录": catalogue}, {"统计": urls.statistics()}]
        if reports:
            sections.append({"年报": reports})
        return ["index.md", *sections, *_nest(hand)]

    def on_nav(self, nav, *, config, files):
        # The pages MkDocs is about to convert and write, for the status line.
        inclusion = InclusionLevel.is_in_serve if self.command == "serve" else InclusionLevel.is_included
        self.pages_total = len(files.documentation_pages(inclusion=inclusion))
        self.pages_read = self.pages_written = 0
        return nav

    def on_env(self, env, *, config, files):
        self.progress.update("复制附件…")  # what MkDocs does next (copy_static_files)
        return env

    def on_page_content(self, html, *, page, config, files):
        self.pages_read += 1
        self.progress.update("转换页面", self.pages_read, self.pages_total)
        if page.file.src_uri not in self.untrusted_uris:
            return html
        start = time.perf_counter()
        html = sanitize.clean(html)  # what clerks write is untrusted (see gongkai/sanitize.py)
        self.seconds += time.perf_counter() - start
        return html

    def on_page_markdown(self, markdown, *, page, config, files):
        if page.file.src_uri == "index.md" and page.file.src_uri not in self.generated:
            start = time.perf_counter()
            markdown = self.builder.fill_home(page.file.src_uri, markdown)
            self.seconds += time.perf_counter() - start
        return markdown

    @event_priority(-100)
    def on_pre_page(self, page, *, config, files):
        # Dates from the data, not the clock: same input, same sitemap.
        start = time.perf_counter()
        updated = self.updated.get(page.file.src_uri) or self.builder.newest
        if updated is not None:
            page.update_date = updated.isoformat()
        self.seconds += time.perf_counter() - start
        return page

    @event_priority(-100)  # last: the policy must hash every inline script, the scan see the final page
    def on_post_page(self, output, *, page, config):
        self.pages_written += 1
        self.progress.update("写出页面", self.pages_written, self.pages_total)
        output = self._protect(output, page.file.dest_uri)
        if self.page_scan is not None:
            start = time.perf_counter()
            self.page_scan.submit(page.file.dest_uri, output)
            self.seconds += time.perf_counter() - start
        return output

    def on_post_template(self, output_content, *, template_name, config):
        return self._protect(output_content, template_name) if template_name.endswith(".html") else output_content

    def _protect(self, html: str, where: str) -> str:
        # `mkdocs serve` injects its live-reload script into pages: a policy would block it.
        if self.command == "serve":
            return html
        start = time.perf_counter()
        if self.known_scripts is None:
            self.known_scripts = csp.KnownScripts(self.theme_dirs)
        html, refused = csp.with_policy(html, self.known_scripts)
        for code in refused:
            self.refused_scripts.append(f"{where}：{code.strip()[:60]}")
        self.seconds += time.perf_counter() - start
        return html

    def _start_search_index(self, files: Files, config) -> None:
        """Hand every published record to Pagefind now: it indexes on the second core while MkDocs renders."""
        if self.catalog.settings.search != "pagefind" or self.command == "serve":
            return  # serve rebuilds on every edit: a search index would add its time to each
        try:
            self.search_index = PartedIndex(self.catalog.settings.search_part_size, language=search.INDEX_LANGUAGE)
            self._log_pagefind(self.search_index)
            texts = []
            cat = self.catalog
            identifiers = search.Identifiers(cat.records)
            county = search.county_prefix([a.name for a in cat.taxonomy.agencies])
            url_of = {r.index_no: files.get_file_from_path(self.builder.urls.record(r)).url for r in cat.records}
            # Newest first, the catalogue's order: the results page sorts by 发布日期 on the page numbers.
            for rec in cat.records:
                after = cat.successor(rec)
                successor = (url_of[after.index_no], after.title) if after is not None else None
                entry = search.entry(rec, url_of[rec.index_no], identifiers, successor, cat.synonyms, county)
                self.search_index.add(entry.url, entry.content, entry.meta, entry.filters, entry.mark)
                texts.append((f"pagefind/（{entry.url} 的索引条目）", entry.url, entry.text()))
            # What Pagefind is given is scanned now, on the second core, instead of its fragments after
            # the build: they hold that text and nothing else (segmented, compressed).
            self.search_scanned = self.page_scan is not None and self.page_scan.submit_texts(texts)
            # Pagefind builds the bundle while the pages render, and a thread writes it (site/ was cleaned before
            # on_files and MkDocs writes nothing under pagefind/).
            self.search_index.write_in_background(Path(config.site_dir) / "pagefind")
        except SearchIndexError as exc:
            raise PluginError(f"站内搜索索引无法生成：{exc}") from None

    def _write_search_index(self) -> None:
        index, self.search_index = self.search_index, None
        if index is None:
            return
        try:
            with index:
                index.join()
        except SearchIndexError as exc:
            raise PluginError(f"站内搜索索引无法生成：{exc}") from None

    def _start_page_scan(self) -> None:
        exempt_pages = {}
        for rec in self.catalog.records:
            file = self.files.get_file_from_path(self.builder.urls.record(rec)) if rec.pii_exempt else None
            if file is not None:
                exempt_pages[file.url] = exempt_pages[file.dest_uri.removesuffix("index.html")] = rec.pii_exempt[1]
        self.secrets = self.catalog.secrets()
        values = frozenset(v for exemption in self.catalog.exemptions for v in exemption.values)
        self.output_scanner = personal.OutputScanner(self.catalog.settings, exempt_pages, values, self.catalog.as_of)
        # Pages are scanned as they are written, on the second core; not while serving (fork + threads).
        self.page_scan = background.PageScan(self.secrets, self.output_scanner) if self.command != "serve" else None

    @event_priority(-100)  # last: after search indexes, sitemaps and feeds are written
    def on_post_build(self, *, config):
        try:
            if self.broken is None:
                self._finish(config)
                self._write_editor(config)
        finally:
            self._hide_progress()

    def _write_editor(self, config) -> None:
        """The hosted editor at admin/ (`editor: github|gitlab`), after the scan of what the site
        publishes: it holds Decap's bundle and the form's lists, no record."""
        settings = self.catalog.settings
        if settings.editor == "off" or self.command == "serve":
            return
        from ..editor.hosted import NoBundle, write_admin

        try:
            base = Path(config.config_file_path).parent
            written = write_admin(Path(config.site_dir), base, self.catalog.taxonomy, settings, config.site_url or None)
        except NoBundle as exc:
            raise PluginError(str(exc)) from None
        log.info(f"编辑器：{len(written)} 个文件写入 admin/（{settings.editor}，{settings.editor_repo}）")

    def _finish(self, config) -> None:
        """The search index written, the whole output scanned for what must not be published."""
        start = time.perf_counter()
        if self.search_index is not None:
            self.progress.update("生成站内搜索索引…")
        self._write_search_index()
        scan = self.page_scan
        self.page_scan = None
        site = Path(config.site_dir)
        rest = leaks.site_files(site, skip=frozenset(scan.sent) if scan else frozenset())
        if self.search_scanned and scan is not None:
            rest = [rel for rel in rest if not rel.endswith(".pf_fragment")]
        mine = scan.share(site, rest) if scan is not None else rest  # the worker reads its half itself
        found = leaks.scan_texts(
            self._counted(leaks.texts_of(site, mine), len(mine)), self.secrets, self.output_scanner
        )
        self.progress.update("检查发布内容…")
        theirs, done = scan.finish() if scan is not None else ([], frozenset())
        if scan is not None and not done:  # the worker failed: scan everything here
            found = leaks.scan(Path(config.site_dir), self.secrets, self.output_scanner)
        found += theirs
        found.sort(key=lambda leak: (leak.file, leak.line or 0, leak.why))
        self.seconds += time.perf_counter() - start
        if self.refused_scripts:
            raise PluginError(
                f"{len(self.refused_scripts)} 段内联脚本不是主题模板中的，页面安全策略不允许运行，网站未发布：\n  "
                + "\n  ".join(sorted(set(self.refused_scripts)))
                + "\n改法：若是手写页面（docs/）中的脚本，把它放进 docs/ 下的 .js 文件并写入 mkdocs.yml 的"
                " extra_javascript；否则它是混进页面的代码，查出来源（记录、分类名称、年报标题）后删去。"
            )
        if found:
            raise PluginError(
                f"发布前检查发现 {len(found)} 处不应公开的内容，网站未发布：\n"
                + leaks.report(found)
                + "\n改法：从上面列出的页面（或其来源：手写页面、主题模板）中删去这些内容。"
            )

    def _counted(self, pieces, total: int):
        """`pieces` of text (leaks.texts_of) passed on, the files they come from counted on the status line."""
        done, last = 0, None
        for piece in pieces:
            if piece[0] != last:
                done, last = done + 1, piece[0]
                self.progress.update("检查发布内容", done, total)
            yield piece

    def _show_progress(self) -> None:
        """Start the status line: on a terminal only, not with `mkdocs build -q` (the `mkdocs` logger
        then lets errors alone through); every log line first clears it."""
        quiet = not logging.getLogger("mkdocs").isEnabledFor(logging.INFO)
        self._hide_progress()
        self.progress = Progress.to(sys.stderr, quiet=quiet)
        self.progress_guard = _ClearFirst(self.progress)
        if self.progress.enabled:
            for handler in _handlers(logging.getLogger("mkdocs")):
                handler.addFilter(self.progress_guard)

    def _hide_progress(self) -> None:
        self.progress.clear()
        for handler in _handlers(logging.getLogger("mkdocs")):
            handler.removeFilter(self.progress_guard)

    def on_build_error(self, *, error):
        self._hide_progress()
        if self.search_index is not None:
            self.search_index.close()
            self.search_index = None
        if self.page_scan is not None:
            self.page_scan.cancel()
            self.page_scan = None
        self.staging.discard()

    def on_shutdown(self):
        self._hide_progress()
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


class _ClearFirst(logging.Filter):
    """Clears the status line before a log line is written (a handler's filters run before it writes)."""

    def __init__(self, progress: Progress):
        super().__init__()
        self.progress = progress

    def filter(self, record) -> bool:
        self.progress.clear()
        return True


def _handlers(logger: logging.Logger) -> list[logging.Handler]:
    """The handlers a record of `logger` reaches (its own and, while it propagates, its parents')."""
    out = []
    while logger is not None:
        out += logger.handlers
        logger = logger.parent if logger.propagate else None
    return out


def _nest(paths: list[str]) -> list:
    """Hand-written pages as MkDocs nav entries, one section per folder (as MkDocs does without a nav)."""
    nested: list = []
    for path in paths:
        branch = nested
        for part in PurePosixPath(path).parent.parts:
            title = part.replace("-", " ").replace("_", " ")
            title = title[:1].upper() + title[1:]
            node = next((n for n in branch if isinstance(n, dict) and title in n), None)
            if node is None:
                node = {title: []}
                branch.append(node)
            branch = node[title]
        branch.append(path)
    return nested


def _without_examples(schema):
    """The schema without its example values: an example 索引号 (zfb/2025-00001) may be a draft's
    real one on some site, and the leak scan would then rightly stop the build."""
    if isinstance(schema, dict):
        return {k: _without_examples(v) for k, v in schema.items() if k != "examples"}
    if isinstance(schema, list):
        return [_without_examples(v) for v in schema]
    return schema
