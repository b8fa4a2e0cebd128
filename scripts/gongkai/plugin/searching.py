"""The search index, built by Pagefind on the second core while MkDocs renders the pages."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from gongkai.publish.buildcache import (
    BuildCache,
    canonical,
    code_digest,
    digest,
    entry,
    pack_files,
    pack_tree,
    unpack_files,
    write_files,
)
from gongkai.publish.outputs import SEARCH_JS_URI, url_of
from gongkai.sitesearch import search
from gongkai.sitesearch.searchindex import PAGEFIND_VERSION, PartedIndex, SearchIndexError

log = logging.getLogger("mkdocs.plugins.gongkai")


class SearchCache:
    """The last build's search index (gongkai.publish.buildcache), kept under the digest of everything
    Pagefind was given (every entry, in order), its release, the part size and this code: the same
    input gives Pagefind's same files, so they are copied instead of indexed again. An index in parts
    keeps each part's bundle as Pagefind made it too (`PART_KIND`, under `PartedIndex.part_keys`),
    so that after a few records changed only their parts are indexed again."""

    KIND = "search"
    PART_KIND = "search-part"

    def __init__(self, folder: Path):
        self.store = BuildCache(folder)
        self.key: str | None = None
        self.hit = False
        #: This code's digest: a part is Pagefind's output for its records, but its entry is read and
        #: written by this code (the records' fields, Pagefind's options), so it keys the parts too.
        self.code = code_digest()
        #: Parts indexed by this build: their entries, written as each is made (so that the bundle
        #: need not stay in memory), served from the next build on once this one passed.
        self.new_parts: dict[str, Path] = {}

    def get(self, key: str) -> dict[str, bytes] | None:
        """A part's bundle kept by the last build (gongkai.sitesearch.searchindex.PartStore)."""
        content = self.store.get(self.PART_KIND, digest(self.code, key))
        return unpack_files(content) if content is not None else None

    def put(self, key: str, files: dict[str, bytes]) -> None:
        key = digest(self.code, key)
        staged = self.store.stage(self.PART_KIND, key, entry(key, pack_files(files), compress=False))
        if staged is not None:
            self.new_parts[key] = staged

    def keep_parts(self, keys: list[str]) -> None:
        """The entries of the parts `keys` are still the index's (its whole copy was served)."""
        for key in keys:
            self.store.keep(self.PART_KIND, digest(self.code, key))


class SiteSearch:
    """The search index of a build: started as soon as the records are read (`on_config`), on the
    second core, finished after the pages, kept for the next build once the build passed; none under
    `mkdocs serve` (it rebuilds on every edit, and an index would add its time to each).

    MkDocs empties the site's folder after `on_config`: nothing is written into it before `ready`
    (`on_files`), which also hands what Pagefind was given to the leak scan (started there)."""

    def __init__(self):
        #: The search index being written; whether its entries were scanned for leaks as they were sent.
        self.index: PartedIndex | None = None
        self.scanned = False
        #: The last build's index, kept in the build cache (None: no cache).
        self.cache: SearchCache | None = None
        #: Of the index's parts, how many Pagefind indexed and how many were the last build's.
        self.parts = (0, 0)
        #: What Pagefind was given, for the leak scan; the kept index to copy; where the index goes.
        self._texts: list[tuple[str, str, str]] = []
        self._kept: dict[str, bytes] | None = None
        self._output: Path | None = None

    def start(self, catalog, urls, config, command: str, cache_dir: Path | None, hand=()) -> None:
        """Hand the records and the pages citizens look for (`hand`: the hand-written pages, as
        plugin.hand_pages reads them; the annual reports) to Pagefind, or find the kept index in
        `cache_dir`; nothing is written yet."""
        self.cache, self.index, self.scanned, self._texts, self._kept = None, None, False, [], None
        if catalog.settings.search != "pagefind" or command == "serve":
            return
        self.parts = (0, 0)
        self.cache = SearchCache(cache_dir) if cache_dir is not None else None
        self._output = Path(config.site_dir) / "pagefind"
        directory_urls = config.use_directory_urls
        url_for = lambda uri: url_of(uri, directory_urls)  # noqa: E731
        pages = other_pages(catalog, urls, hand, url_for)
        self.index, self._texts, self._kept = start(catalog, urls, url_for, self._output, self.cache, pages)

    def ready(self, page_scan) -> None:
        """The site's folder is emptied: the index may be written (the kept one is copied now), and
        what Pagefind was given goes to the leak scan, on the second core, instead of its fragments
        after the build (they hold that text and nothing else, segmented and compressed)."""
        self.scanned = bool(self._texts) and page_scan is not None and page_scan.submit_texts(self._texts)
        self._texts = []
        kept, self._kept = self._kept, None
        if kept is not None:
            write_files(kept, self._output)
        if self.index is not None:
            self.index.may_write()

    def finish(self, status) -> None:
        """Wait for Pagefind's files; raise `PluginError` if it failed."""
        if self.index is not None:
            status.update("生成站内搜索索引…")
        index, self.index = self.index, None
        finish(index)
        if index is not None:
            self.parts = (index.indexed, index.reused)

    def keep(self, site: Path) -> None:
        """After a build that passed: keep its search index for the next (and nothing older)."""
        keep(self.cache, site)

    def cancel(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None
        self._texts, self._kept = [], None
        if self.cache is not None:  # a build that failed: the parts it indexed are not kept
            for staged in self.cache.new_parts.values():
                staged.unlink(missing_ok=True)
            self.cache.new_parts.clear()


def other_pages(catalog, urls, hand, url_for) -> list[tuple[str, str, str]]:
    """(url, title, Markdown) of the pages that are no record and hold text a citizen looks for: the
    hand-written pages but the home page (`hand`; its lists are the records'), and the annual reports."""
    out = [(url_for(uri), title, body) for uri, title, body in hand]
    for r in catalog.reports:
        text = "\n\n".join([r.intro, *(f"## {s.heading}\n\n{s.body}" for s in r.sections)])
        out.append((url_for(urls.report(r.slug)), r.title, text))
    return out


def start(
    catalog, urls, url_for, output: Path, cache: SearchCache | None = None, pages=()
) -> tuple[PartedIndex | None, list[tuple[str, str, str]], dict[str, bytes] | None]:
    """Hand every published record, then `pages` (`other_pages`), to Pagefind; return the index
    being made (None: the kept one is served from `cache`), the texts it was given (for the leak
    scan) and the kept index, if any. The index is written into `output` once `PartedIndex.may_write`
    is called."""
    try:
        index = PartedIndex(catalog.settings.search_part_size, language=search.INDEX_LANGUAGE, store=cache)
        _log_pagefind(index)
        texts, given = [], []
        identifiers = search.Identifiers(catalog.records)
        agencies = search.AgencyNames.of_taxonomy(catalog.taxonomy)
        address = {r.index_no: url_for(urls.record(r)) for r in catalog.records}
        # Newest first, the catalogue's order: the results page sorts by 发布日期 on the page numbers.
        for rec in catalog.records:
            after = catalog.successor(rec)
            successor = (address[after.index_no], after.title) if after is not None else None
            entry = search.entry(rec, address[rec.index_no], identifiers, successor, catalog.synonyms, agencies)
            index.add(entry.url, entry.content, entry.meta, entry.filters, entry.mark)
            given.append(canonical([entry.url, entry.content, entry.meta, entry.filters, entry.mark]))
            texts.append((f"pagefind/（{entry.url} 的索引条目）", entry.url, entry.text()))
        index.records = len(catalog.records)
        for url, title, text in pages:
            entry = search.page_entry(url, title, text, catalog.synonyms, agencies)
            index.add(entry.url, entry.content, entry.meta, entry.filters, entry.mark)
            given.append(canonical([entry.url, entry.content, entry.meta, entry.filters, entry.mark]))
            texts.append((f"pagefind/（{entry.url} 的索引条目）", entry.url, entry.text()))
        if cache is not None:
            parts = (index.version, index.binary_digest, index.part_size, index.language, search.INDEX_LANGUAGE)
            cache.key = digest(cache.code, canonical(parts), *given)
            kept = cache.store.get(cache.KIND, cache.key)
            kept = unpack_files(kept) if kept is not None else None
            if kept is not None:
                cache.hit = True
                if len(index.parts()) > 1:  # still the parts of the index, for the next build
                    cache.keep_parts(index.part_keys())
                log.info("站内搜索：索引的内容与上次相同，沿用上次的索引")
                return None, texts, kept
        # Pagefind builds the bundle while the pages render, and a thread writes it once the site's
        # folder is emptied (MkDocs writes nothing under pagefind/).
        index.write_in_background(output, wait=True)
        return index, texts, None
    except SearchIndexError as exc:
        raise PluginError(f"站内搜索索引无法生成：{exc}") from None


def add_ui(config) -> None:
    """The results page's script (the header's box is in our copy of Material's header)."""
    if SEARCH_JS_URI not in config.extra_javascript:
        config.extra_javascript.append(SEARCH_JS_URI)
    if "material/search" in config.plugins or "search" in config.plugins:
        log.warning(
            "mkdocs.yml 中还启用了 search 插件：网站会多出一份不支持中文分词的搜索索引。"
            "站内搜索由 gongkai 提供，请从 plugins 中删去 search。"
        )


def keep(cache: SearchCache | None, site: Path) -> None:
    """After a build that passed: keep its search index for the next (and nothing older)."""
    if cache is None or cache.key is None:
        return
    if not cache.hit and (site / "pagefind").is_dir():
        cache.store.put(cache.KIND, cache.key, pack_tree(site / "pagefind"), compress=False)
    for key, staged in sorted(cache.new_parts.items()):
        cache.store.commit(cache.PART_KIND, key, staged)
    cache.new_parts.clear()
    cache.store.prune((cache.KIND, cache.PART_KIND))


def finish(index: PartedIndex | None) -> None:
    if index is None:
        return
    try:
        with index:
            index.join()
    except SearchIndexError as exc:
        raise PluginError(f"站内搜索索引无法生成：{exc}") from None
    if index.reused:
        total = index.indexed + index.reused
        log.info(f"站内搜索：索引的 {total} 部分中 {index.reused} 部分的记录与上次相同，沿用上次的；其余重新生成")


def _log_pagefind(index: PartedIndex) -> None:
    """Name the Pagefind that builds the search index; another release than the pinned one is a warning."""
    if index.version == PAGEFIND_VERSION:
        log.info(f"站内搜索：Pagefind {index.version}（{index.binary}）")
    else:
        log.warning(
            f"站内搜索：Pagefind {index.version}（{index.binary}），不是 gongkai 固定的 {PAGEFIND_VERSION}："
            "分词和检索结果可能不同。改法：不设 GONGKAI_PAGEFIND，运行 make site 安装固定的版本。"
        )
