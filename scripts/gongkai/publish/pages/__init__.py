"""Page texts: the Markdown of every generated page, from the catalog alone, one module per page kind
(record, listing, catalogue, search, data); what they share is in common. The HTML inside the
pages comes from the Jinja2 templates in templates/.

`PageBuilder` is the one door the rest of gongkai uses: it holds the site (`common.Site`) and
builds each kind of page with its module.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from gongkai.model.records import Record
from gongkai.model.taxonomy import Category
from gongkai.publish.pages import catalogue, data, listing, record, search
from gongkai.publish.pages.common import (
    CATALOGUE_MARKER,
    LATEST_MARKER,
    META_BOX,
    PageText,
    Site,
    book_title,
    md_text,
    page_front,
    summary_of,
)

__all__ = [
    "CATALOGUE_MARKER",
    "LATEST_MARKER",
    "META_BOX",
    "PageBuilder",
    "PageText",
    "book_title",
    "md_text",
    "page_front",
    "summary_of",
]


class PageBuilder(Site):
    """Builds every generated page of a site."""

    def all_pages(self) -> list[PageText]:
        """The catalogue and its index pages, every record's page and every list's pages (the search,
        data and home pages are asked for on their own: whether a site has them depends)."""
        pages = [self.catalogue(), self.agency_index(), self.year_index(), self.site_map()]
        pages += [self.record(r) for r in self.cat.records]
        tax, urls = self.cat.taxonomy, self.urls
        for c in tax.all_categories():
            feed = urls.feed(c) if self.feeds else None  # the category's own feed, linked in <head>
            pages += self.listing(urls.category, c, c.name, self.cat.by_category(c), c.children, feed=feed)
        for a in tax.agencies:
            note = functools.partial(catalogue.agency_note, self, a)
            pages += self.listing(urls.agency, a, a.name, self.cat.by_agency(a), with_agency=False, note=note)
        for y in self.cat.years():
            pages += self.listing(urls.year, y, f"{y}年", self.cat.by_year(y))
        for c in tax.all_categories():
            pages += [catalogue.moved(self, c, old) for old in c.former_paths]
        return pages

    # -- record page (record.py) ---------------------------------------------------
    def record(self, r: Record) -> PageText:
        return record.record_page(self, r)

    def untrusted_uris(self) -> set[str]:
        return record.untrusted_uris(self)

    def crumbs(self, r: Record) -> list[tuple[str, str]]:
        return record.crumbs(self, r)

    # -- lists (listing.py) --------------------------------------------------------
    def listing(
        self,
        url_of: Callable,
        key,
        title: str,
        records: list[Record],
        children: Sequence[Category] = (),
        with_agency: bool = True,
        feed: str | None = None,
        note: Callable[[str], str] | None = None,
    ) -> list[PageText]:
        return listing.listing(self, url_of, key, title, records, children, with_agency, feed, note)

    def pager(self, url_of: Callable, key, uri: str, page: int, pages: int) -> str:
        return listing.pager(url_of, key, uri, page, pages)

    # -- catalogue, index pages, site map, home (catalogue.py) ---------------------
    def catalogue(self) -> PageText:
        return catalogue.catalogue(self)

    def agency_index(self) -> PageText:
        return catalogue.agency_index(self)

    def year_index(self) -> PageText:
        return catalogue.year_index(self)

    def site_map(self) -> PageText:
        return catalogue.site_map(self)

    def fill_home(self, uri: str, markdown: str) -> str:
        return catalogue.fill_home(self, uri, markdown)

    def home(self) -> PageText:
        return catalogue.home(self)

    # -- search (search.py) and data (data.py) -------------------------------------
    def search_page(self) -> PageText:
        return search.search_page(self)

    def data_page(self) -> PageText:
        return data.data_page(self)
