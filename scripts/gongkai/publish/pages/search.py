"""站内搜索: the results page the header's search box sends its query to (filled in by
gongkai/search.js), with the filters' choices written in."""

from __future__ import annotations

from gongkai.model.urls import relative
from gongkai.publish.pages.common import PageText, Site, macros, page_front
from gongkai.sitesearch.search import SUPERSEDED_FACTOR, AgencyNames, filter_choices, synonym_keys
from gongkai.sitesearch.search import meta_weights as search_weights
from gongkai.sitesearch.search import parts as search_parts


def search_page(site: Site) -> PageText:
    """站内搜索: the results page the header's box sends its query to (filled in by gongkai/search.js)."""
    cat = site.cat
    uri = site.urls.search()
    root = relative(uri, "index.md").removesuffix("index.md") or "./"
    catalogue = relative(uri, site.urls.catalogue())
    results = macros("search.html").results(
        root=root,
        # For the HTML of the box (not Markdown, which MkDocs would resolve): their folders.
        catalogue=catalogue.removesuffix("index.md") or "./",
        sitemap=relative(uri, site.urls.site_map()).removesuffix("index.md") or "./",
        records=len(cat.records),
        parts=search_parts(len(cat.records), cat.settings.search_part_size),
        weights=search_weights(),
        superseded=SUPERSEDED_FACTOR,
        synonyms=synonym_keys(cat.synonyms),
        agencies=AgencyNames.of_taxonomy(cat.taxonomy).keys(),
        # The choices are written here, not fetched: their counts come with Pagefind's filter files,
        # which the page loads only when a reader reaches for a filter (gongkai/search.js).
        filters=filter_choices(cat.records, cat.taxonomy),
    )
    text = (
        page_front("站内搜索", hide=["toc", "navigation"])
        + "# 站内搜索\n\n"
        + results
        + f"也可以按栏目、发布机构或年份查找：[政府信息公开目录]({catalogue})。\n"
    )
    return PageText(uri, text, site.newest)
