"""What every page kind shares: the page (`PageText`), the site it is made for (`Site`), text made
safe for Markdown and front matter, and the templates the pages' HTML comes from."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup

from gongkai.model.records import Record
from gongkai.model.urls import Urls
from gongkai.portal.catalog import Catalog
from gongkai.text import bodytext, templating

LATEST_MARKER = "<!-- gongkai:latest -->"
CATALOGUE_MARKER = "<!-- gongkai:catalogue -->"
#: The 信息索引 box of a record page, row by row (a row of one field spans the box), each field
#: under its schema label; the browser editor's preview lays it out the same way.
META_BOX = (("index_no", "topic"), ("agency", "written"), ("title",), ("doc_no", "published"), ("validity", "keywords"))


@dataclass(frozen=True)
class PageText:
    """A generated page: where it lives, its Markdown, the date it last changed."""

    src_uri: str
    markdown: str
    updated: dt.date | None
    in_nav: bool = False


class Site:
    """What the pages are made from: the catalog, where its pages live, and what the settings say."""

    def __init__(self, catalog: Catalog, feeds: bool = False):
        self.cat = catalog
        self.urls = Urls(catalog.settings.url_prefix)
        self.per_page = catalog.settings.per_page
        self.newest = catalog.records[0].published if catalog.records else None
        #: Whether Atom feeds are written (they need the site's absolute URL, see gongkai.publish.feeds).
        self.feeds = feeds
        #: The hand-written pages (title, src_uri) but the home page, for the 网站地图 (set by the adapter).
        self.hand_pages: list[tuple[str, str]] = []


def book_title(title: str) -> str:
    """《title》, with 《》 inside the title turned into 〈〉 as nested titles are written."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


#: What Markdown reads as markup inside a line of text.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]{}|#!]")


def md_text(text: str) -> str:
    """Escape text for inline Markdown (titles can hold * _ [ ] | < &)."""
    # A function, not a replacement template (r"\\\g<0>"): re looks the template up on every call,
    # which took three times as long as the rest for a title with nothing to escape, and a build
    # escapes every title of every list.
    return _MD_SPECIAL.sub(_backslashed, html.escape(text, quote=False))


def _backslashed(m: re.Match) -> str:
    return "\\" + m.group()


def md_link(text: str, target: str) -> str:
    """A Markdown link: `text` escaped for Markdown, `target` (a path the site made) as it is."""
    return f"[{md_text(text)}]({target})"


def _md_link_filter(text: str, target: str) -> Markup:
    """`text|md_link(target)` in a template: a Markdown link, which goes in as it is (not as HTML text)."""
    return Markup(md_link(text, target))


def page_front(title: str, description: str = "", **extra) -> str:
    # Material prints meta title and description into HTML unescaped (<title>, header, content="…"):
    # they are record text, so they go in as HTML-escaped text.
    meta = {"title": html.escape(title)}
    if description:
        meta["description"] = html.escape(description)
    meta.update(extra)
    # JSON is YAML: quoting stays right whatever the title holds.
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items()) + "---\n\n"


def summary_of(record: Record) -> str:
    """内容概述: the record's own, or the body's first paragraph as a reader reads it (`bodytext.lead`)."""
    if record.summary:
        return record.summary
    return record.lead if record.lead is not None else bodytext.lead(bodytext.read(record.body))


def cn_date(d: dt.date | None) -> str:
    """2025年03月07日, as the 信息索引 box and the banners write a day."""
    return "" if d is None else f"{d.year}年{d.month:02d}月{d.day:02d}日"


#: The pages' templates (templates/*.html); `text|md_link(target)` writes a Markdown link in them.
TEMPLATES = templating.environment(Path(__file__).resolve().parent / "templates", md_link=_md_link_filter)


@cache
def macros(name: str):
    """The macros of templates/`name`, each called with its values (text is escaped, Markup goes in
    as it is) and returning the HTML. Macros, not whole templates: a template's render makes a
    context each time, ten times what a macro call costs, and a build writes 10,000 record pages."""
    return TEMPLATES.get_template(name).module
