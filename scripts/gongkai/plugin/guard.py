"""The build's last guard: the page policy on every page written, and the scan of every output for
what must not be published (gongkai.guards.csp, gongkai.guards.leaks); the build fails naming each finding."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from gongkai.guards import csp, leaks, pagescan, personal
from gongkai.plugin import scanmemo
from gongkai.text import pii

log = logging.getLogger("mkdocs.plugins.gongkai")


class SiteGuard:
    def __init__(self):
        #: The theme's template folders, whose inline scripts alone the page policy allows.
        self.theme_dirs: list[str] = []
        self.known_scripts: csp.KnownScripts | None = None
        #: Inline scripts found in pages that no template holds: refused by the policy, and the build fails.
        self.refused_scripts: list[str] = []
        self.page_scan: pagescan.PageScan | None = None
        self.memo: scanmemo.ScanMemo | None = None
        self.secrets = []
        self.scanner: personal.OutputScanner | None = None
        #: The as-of days on which the last scan's findings would be the same (see scanmemo.py).
        self.days: pii.Days | None = None

    def reset(self, theme_dirs) -> None:
        self.theme_dirs, self.known_scripts, self.refused_scripts = list(theme_dirs), None, []

    def prepare(self) -> None:
        """Read the theme's inline scripts now (before a child that renders pages is forked)."""
        if self.known_scripts is None:
            self.known_scripts = csp.KnownScripts(self.theme_dirs)

    def policy(self, html: str, where: str) -> tuple[str, list[str]]:
        """`html` with the page policy, and what it refused (for `refuse`)."""
        self.prepare()
        html, refused = csp.with_policy(html, self.known_scripts)
        return html, [f"{where}：{code.strip()[:60]}" for code in refused]

    def refuse(self, refused: list[str]) -> None:
        """Inline scripts the policy refused: the build fails naming them (see `finish`)."""
        self.refused_scripts += refused

    def start(self, catalog, files, urls, background_scan: bool, cache_dir: Path | None = None) -> None:
        """Ready to scan: the secrets of `catalog`, the pages of exempt records (pii_exempt) allowed
        their kinds of personal data; with `background_scan`, pages are scanned as they are written,
        on the second core, but for what the last build passed under the same secrets and rules
        (kept in `cache_dir`, see scanmemo.py)."""
        exempt_pages = {}
        for rec in catalog.records:
            file = files.get_file_from_path(urls.record(rec)) if rec.pii_exempt else None
            if file is not None:
                exempt_pages[file.url] = exempt_pages[file.dest_uri.removesuffix("index.html")] = rec.pii_exempt[1]
        self.secrets = catalog.secrets()
        values = frozenset(v for exemption in catalog.exemptions for v in exemption.values)
        self.scanner = personal.OutputScanner(catalog.settings, exempt_pages, values, catalog.as_of)
        self.memo, self.days = None, None
        if background_scan and cache_dir is not None:
            context = scanmemo.context(leaks.secrets_digest(self.secrets), self.scanner.digest())
            self.memo = scanmemo.ScanMemo(cache_dir, context, self.scanner.day)
        self.page_scan = pagescan.PageScan(self.secrets, self.scanner, self.memo) if background_scan else None

    def keep(self) -> None:
        """After a build that passed: what it read is kept as passed, for the next build."""
        if self.memo is not None and self.days is not None:
            self.memo.keep(self.days)
            log.debug(f"gongkai: {self.memo.skipped} texts passed by the last build's leak scan were not read again")
            self.memo = None

    def submit(self, rel: str, html: str) -> None:
        if self.page_scan is not None:
            self.page_scan.submit(rel, html)

    def submit_made(self, files, generated: set[str]) -> None:
        """The core's files that are not pages (the catalogue's exports, feeds), held in memory as
        MkDocs will write them (after on_env): scanned on the second core while the pages render,
        not read back after the build (at 10,000 records 8 MB of CSV, JSON and XML)."""
        if self.page_scan is None:
            return
        for file in files:
            if file.src_uri in generated and file.abs_src_path is None and not file.is_documentation_page():
                try:
                    text = file.content_string
                except UnicodeDecodeError:  # not text: read back after the build
                    continue
                self.page_scan.submit(file.dest_uri, text)

    def finish(self, site: Path, search_scanned: bool, status) -> None:
        """Scan what is left of `site`; raise `PluginError` naming every finding."""
        scan, self.page_scan = self.page_scan, None
        rest = leaks.site_files(site, skip=frozenset(scan.sent) if scan else frozenset())
        if search_scanned and scan is not None:  # Pagefind's index holds that text and nothing else
            rest = [rel for rel in rest if not leaks.made_from_search_entries(rel)]
        mine = scan.share(site, rest) if scan is not None else rest  # the worker reads its half itself
        with pii.days_watched() as days:
            found = leaks.scan_texts(
                status.counted(leaks.texts_of(site, mine), len(mine), "检查发布内容"), self.secrets, self.scanner
            )
            status.update("检查发布内容…")
            theirs, done = scan.finish() if scan is not None else ([], frozenset())
            if scan is not None and not done:  # the worker failed: scan everything here
                found = leaks.scan(site, self.secrets, self.scanner)
        if scan is not None and scan.days is not None:
            days.within(scan.days)
        self.days = days
        found += theirs
        found.sort(key=lambda leak: (leak.file, leak.line or 0, leak.why))
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

    def cancel(self) -> None:
        self.memo = None  # a build that failed: what it read is not kept
        if self.page_scan is not None:
            self.page_scan.cancel()
            self.page_scan = None


_ZH = '<html lang="zh"'


def with_language(html: str) -> str:
    """The theme writes lang="zh", which names no script: screen readers and the browser's fonts and
    hyphenation need zh-CN (simplified characters, mainland usage)."""
    at = html.find("<html")
    if at >= 0 and html.startswith(_ZH, at):
        html = html[:at] + '<html lang="zh-CN"' + html[at + len(_ZH) :]
    return html
