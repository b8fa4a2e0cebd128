"""The compact menu of a record's page (templates/gongkai-record.html).

A portal holds tens of thousands of records; each page carrying the whole menu (every category,
agency and year) weighed 22 KB of a 37 KB page, and cost its template time as often. A record's
page gets the site's top sections instead, with the way down to the record's category under the
catalogue (the same steps as its 当前位置 line). Index and section pages keep the theme's menu.
"""

from __future__ import annotations

import html

from gongkai.publish.outputs import url_of

#: The template of a record's page (scripts/gongkai/templates), set in the page's meta.
TEMPLATE = "gongkai-record.html"


def top_sections(nav) -> list[dict]:
    """The first level of MkDocs' navigation: each entry's title and the address of its page (a
    section's: its index page, else its first page). Titles are HTML already (see outputs.navigation)."""
    out = []
    for item in nav.items:
        page = _first_page(item)
        if page is not None:
            out.append({"title": item.title if item.is_section else page.title, "url": page.url, "path": []})
    return out


def _first_page(item):
    if item.is_page:
        return item
    for child in getattr(item, "children", None) or []:
        page = _first_page(child)
        if page is not None:
            return page
    return None


def for_record(top: list[dict], crumbs: list[tuple[str, str]], directory_urls: bool) -> list[dict]:
    """`top` with the record's category path (`crumbs` after the catalogue: (name, src_uri)) under
    the catalogue's entry; the catalogue is `crumbs[0]`, matched by its address."""
    catalogue = url_of(crumbs[0][1], directory_urls)
    path = [{"title": html.escape(name), "url": url_of(uri, directory_urls)} for name, uri in crumbs[1:]]
    return [dict(entry, path=path) if entry["url"] == catalogue else entry for entry in top]
