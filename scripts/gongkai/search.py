"""What of a record the site search holds: its text, the metadata a result shows, its filters.

Only published records are indexed, from their source (never from the rendered page: the nav,
header and footer are not content), and only what the record page shows: no private keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Record

#: Filters offered on the results page, in this order.
FILTERS = ("发布机构", "公开目录分类", "年份", "有效性")

_FENCE = re.compile(r"(?m)^(```|~~~).*$")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_ATTR_LIST = re.compile(r"\{:[^}]*\}")
_MARKS = re.compile(r"(?m)^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)]|!!!|\?\?\?\+?)\s+|[*_`|~]+")


@dataclass(frozen=True)
class Entry:
    """One record as the search index takes it."""

    url: str  # relative to the site root: the results page resolves it, so a site may live in a sub-folder
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]

    def text(self) -> str:
        """Everything of the entry a reader of the index could see: content, meta and filters."""
        return "\n".join([self.content, *self.meta.values(), *(v for values in self.filters.values() for v in values)])


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, without its markup."""
    text = _FENCE.sub("", markdown)
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _ATTR_LIST.sub("", text)
    text = _TAG.sub(" ", text)
    text = _MARKS.sub(" ", text)
    return re.sub(r"[ \t]+", " ", re.sub(r"\n\s*\n+", "\n", text)).strip()


def entry(record: Record, url: str) -> Entry:
    """The index entry of a published record whose page is at `url`."""
    # The title leads, as on the page; the identifiers come last so that excerpts show the text, yet
    # a full 索引号 or 发文字号 typed into the box finds its record.
    tail = [record.index_no, record.doc_no or "", record.agency.name, record.category.path, "、".join(record.keywords)]
    meta = {
        "title": record.title,
        "agency": record.agency.name,
        "date": record.published.isoformat(),
        "index_no": record.index_no,
    }
    if record.doc_no:
        meta["doc_no"] = record.doc_no
    return Entry(
        url=url,
        content="\n".join(x for x in (record.title, record.summary, plain_text(record.body), *tail) if x),
        meta=meta,
        filters={
            "发布机构": [record.agency.name],
            "公开目录分类": [record.category.top.name],
            "年份": [str(record.year)],
            "有效性": [record.validity],
        },
        sort={"date": record.published.isoformat()},
    )
