"""What of a record the site search holds: its text, the metadata a result shows, its filters.

Only published records are indexed, from their source (never from the rendered page: the nav,
header and footer are not content), and only what the record page shows: no private keys.

Chinese has no spaces between words, so a search engine must cut text into words, and the cut of
the index must be the cut of the query. Pagefind cuts its index with its own dictionary (jieba) but
the browser cuts the query with the ICU rules of `Intl.Segmenter` (县级 → 县|级), and then a phrase
finds nothing: recall@10 was 0.917 on our query set. So the text is cut here with ICU's word break
iterator (icu4py, the same rules and data as the browser's) and handed to Pagefind as words
separated by spaces; Pagefind keeps them apart (now and then it cuts a long word further) and the
results page cuts the query with `Intl.Segmenter` the same way (gongkai/search.js). Recall@10:
0.985. (Telling Pagefind the text is English, so that it cuts nothing, gave 0.99 on the sample but
lost words at scale: with 5,000 records a query for 预算 found none of its 300 records.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from icu4py.breakers import WordBreaker

from .defaults import VALIDITIES
from .records import Record
from .taxonomy import Taxonomy

#: The language Pagefind is told (see above).
INDEX_LANGUAGE = "zh"

#: Filters offered on the results page, in this order.
FILTERS = ("发布机构", "公开目录分类", "年份", "有效性")

_FENCE = re.compile(r"(?m)^(```|~~~).*$")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_ATTR_LIST = re.compile(r"\{:[^}]*\}")
_MARKS = re.compile(r"(?m)^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)]|!!!|\?\?\?\+?)\s+|[*_`|~]+")
# Table cells stay apart in the index: "| 138 | 1234 | 5678 |" is three numbers, not a phone number
# (an excerpt of "138 1234 5678" reads as one, and the leak scan reads the index as a reader would).
_CELL_TAG = re.compile(r"</?t[dh](?=[\s>])[^>]*>", re.I)
_CELL = re.compile(r"[ \t]*(?:\|[ \t]*)+")
_CELL_EDGE = re.compile(r"(?m)^[ \t]*、|、[ \t]*$")


@dataclass(frozen=True)
class Entry:
    """One record as the search index takes it."""

    url: str  # relative to the site root: the results page resolves it, so a site may live in a sub-folder
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]

    #: The content as written (before `words`), for the leak scan.
    plain: str = ""

    def text(self) -> str:
        """Everything of the entry a reader of the index could see: content, meta and filters."""
        return "\n".join([self.plain, *self.meta.values(), *(v for values in self.filters.values() for v in values)])


def words(text: str) -> str:
    """`text` cut into words by ICU (as a browser cuts a query), one space between words."""
    return "\n".join(" ".join(w for w in WordBreaker(line, "zh") if not w.isspace()) for line in text.split("\n"))


_SPACE = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")


def unwords(text: str) -> str:
    """The reverse of `words`, nearly: spaces kept only between two Latin letters or digits."""
    return _SPACE.sub("", text)


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, without its markup."""
    text = _FENCE.sub("", markdown)
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _ATTR_LIST.sub("", text)
    text = _CELL_TAG.sub("|", text)
    text = _TAG.sub(" ", text)
    text = _CELL_EDGE.sub("", _CELL.sub("、", text))
    text = _MARKS.sub(" ", text)
    return re.sub(r"[ \t]+", " ", re.sub(r"\n\s*\n+", "\n", text)).strip()


def index_text(record: Record) -> tuple[str, str]:
    """The record's searchable text, as written and cut into words (`words` is the slow part: the
    catalog computes it while reading the records, on both cores, see gongkai.twocores)."""
    # The title leads, as on the page; the identifiers come last so that excerpts show the text, yet
    # a full 索引号 or 发文字号 typed into the box finds its record.
    tail = [record.index_no, record.doc_no or "", record.agency.name, record.category.path, "、".join(record.keywords)]
    content = "\n".join(x for x in (record.title, record.summary, plain_text(record.body), *tail) if x)
    return content, words(content)


def entry(record: Record, url: str) -> Entry:
    """The index entry of a published record whose page is at `url`."""
    plain, cut = record.index_text or index_text(record)
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
        content=cut,
        plain=plain,
        meta=meta,
        filters={name: [value] for name, value in _filter_values(record).items()},
    )


def _filter_values(record: Record) -> dict[str, str]:
    return {
        "发布机构": record.agency.name,
        "公开目录分类": record.category.top.name,
        "年份": str(record.year),
        "有效性": record.validity,
    }


def filter_choices(records: list[Record], taxonomy: Taxonomy) -> dict[str, list[str]]:
    """Each filter's values among `records`, in the order the catalogue lists them (newest year first)."""
    present = {name: set() for name in FILTERS}
    for record in records:
        for name, value in _filter_values(record).items():
            present[name].add(value)
    order = {
        "发布机构": [a.name for a in taxonomy.agencies],
        "公开目录分类": [c.name for c in taxonomy.categories],
        "年份": sorted(present["年份"], reverse=True),
        "有效性": VALIDITIES,
    }
    return {name: [v for v in order[name] if v in present[name]] for name in FILTERS}


def parts(records: int, part_size: int) -> int:
    """How many parts the search index of `records` records has (see gongkai.searchindex.PartedIndex)."""
    return max(1, -(-records // part_size))
