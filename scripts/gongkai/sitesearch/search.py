"""What of a record the site search holds: its text, the metadata a result shows, its filters.

Published records are indexed from their source (never from the rendered page: the nav, header and
footer are not content), and only what the record page shows: no private keys. So are the pages
that are no record and that citizens look for by name (the 指南, the 申请表, the annual reports:
`page_entry`), without filters.

Chinese has no spaces between words, so a search engine must cut text into words, and the cut of
the index must be the cut of the query. Pagefind cuts its index with its own dictionary (jieba) but
the browser cuts the query with the ICU rules of `Intl.Segmenter` (县级 → 县|级), and then a phrase
finds nothing: recall@10 was 0.917 on our query set. So the text is cut here with ICU's word break
iterator (icu4py, the same rules and data as the browser's) and handed to Pagefind as words
separated by spaces; Pagefind keeps them apart (now and then it cuts a long word further) and the
results page cuts the query with `Intl.Segmenter` the same way (gongkai/search.js). Recall@10:
0.985 (1.000 with the search-only fields and synonyms below). (Telling Pagefind the text is
English, so that it cuts nothing, gave 0.99 on the sample but lost words at scale: with 5,000
records a query for 预算 found none of its 300 records.)
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from icu4py.breakers import WordBreaker

from gongkai.model.defaults import VALIDITIES
from gongkai.model.records import Record
from gongkai.model.taxonomy import Taxonomy, typed_names
from gongkai.sitesearch.synonyms import Synonyms, joined
from gongkai.text import bodytext

#: The language Pagefind is told (see above).
INDEX_LANGUAGE = "zh"

#: Filters offered on the results page, in this order.
FILTERS = ("发布机构", "公开目录分类", "年份", "有效性")

#: Between the lines of a record's text (paragraphs, headings, list items, table rows) in the index:
#: not a word to Pagefind (it indexes letters and digits), shown as a separator by the results page,
#: so that an excerpt never runs a heading into the paragraph after it (a ¶ in a body reads as a space).
BREAK = bodytext.BREAK

#: Search-only metadata fields (words cut as the content is, never shown) and their weight: a record's
#: own identifier counts most (si; those its text cites are in sx), then the 发布机构 (a query that is
#: an agency's name wants its records), the title and the 关键词 and category; Pagefind adds each field's boost to the
#: score of the text (`ranking.metaWeights`, gongkai/search.js reads them from the page). The fields
#: shown are not searched (weight 0): they are written without spaces, so Pagefind would take a
#: whole title for one word.
FIELDS = {"st": 6.0, "sa": 8.0, "sk": 3.0, "si": 20.0, "sx": 1.0}
SHOWN = ("title", "agency", "date", "index_no", "doc_no", "validity", "successor", "successor_title")

#: The factor a 失效 or 废止 record's score is multiplied by: at equal relevance the record in force
#: comes first (gongkai/search.js).
SUPERSEDED_FACTOR = 0.8


@dataclass(frozen=True)
class Entry:
    """One record as the search index takes it."""

    url: str  # relative to the site root: the results page resolves it, so a site may live in a sub-folder
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]

    #: The content as written (before `words`), for the leak scan.
    plain: str = ""
    #: "s" for a 失效/废止 record (its fragment is named so: gongkai.sitesearch.searchbundle), else "".
    mark: str = ""

    def text(self) -> str:
        """Everything of the entry a reader of the index could see: content, meta and filters."""
        meta = [unwords(v) if k in FIELDS else v for k, v in self.meta.items()]
        return "\n".join([self.plain, *meta, *(v for values in self.filters.values() for v in values)])


def words(text: str) -> str:
    """`text` cut into words by ICU (as a browser cuts a query), one space between words."""
    return "\n".join(" ".join(w for w in WordBreaker(line, "zh") if not w.isspace()) for line in text.split("\n"))


_SPACE = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")


def unwords(text: str) -> str:
    """The reverse of `words`, nearly: spaces kept only between two Latin letters or digits."""
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class AgencyNames:
    """Each agency's names as citizens type them: the full name and the short form without the
    county's name (卫生健康局), the full name first; and the places that townships' governments are
    named after (城关镇: a town's government, and the town that other agencies' records are about).

    A record is indexed with its agency's key (`key`) and its place's in the 发布机构 field, and with
    the key of every agency or place its title, keywords or body name, in that field; a query that
    is a name is looked up as the key (gongkai/search.js, from the page's `data-agencies`: `keys`).
    So 财政局 finds the 财政局's records and those that name it, its own first, and not every record
    that holds 财政 and 局 somewhere (at 50,000 synthetic records 43,405, scored in 1.7–2.3 s; as
    the key, 1.15 s).
    """

    groups: tuple[tuple[str, ...], ...] = ()
    places: tuple[tuple[str, ...], ...] = ()
    #: The county's name that every agency's name starts with (county_prefix), or "".
    county: str = ""

    @classmethod
    def of(cls, names: list[str], short: dict[str, tuple[str, ...]] | None = None) -> AgencyNames:
        """Of the agencies `names`, with the 简称 `short` gives some of them (taxonomy.yml `short`)."""
        county, groups, places = typed_names(names)
        groups = [tuple(dict.fromkeys((*group, *(short or {}).get(group[0], ())))) for group in groups]
        return cls(tuple(groups), places, county)

    @classmethod
    def of_taxonomy(cls, taxonomy: Taxonomy) -> AgencyNames:
        return cls.of([a.name for a in taxonomy.agencies], {a.name: a.short for a in taxonomy.agencies})

    def short(self, name: str) -> str:
        """`name` without the county's name (卫生健康局), or "" when it does not start with it."""
        return name.removeprefix(self.county) if self.county and name.startswith(self.county) else ""

    def group(self, name: str) -> tuple[str, ...]:
        """The names of the agency called `name` (only that name, if it is none of the site's)."""
        return next((group for group in self.groups if group[0] == name), (name,))

    def own_keys(self, name: str) -> list[str]:
        """The keys of the agency called `name` and of the place it is named after."""
        if not self.groups:
            return []
        return [agency_key(self.group(name))] + [place_key(p) for p in Synonyms(self.places).held(name)]

    def held(self, text: str) -> list[str]:
        """The keys of the agencies and places that `text` names (by any of their names, as synonyms
        are found)."""
        return [agency_key(g) for g in Synonyms(self.groups).held(text)] + [
            place_key(p) for p in Synonyms(self.places).held(text)
        ]

    def keys(self) -> str:
        """Each name of each agency and place (as typed: without what `joined` drops) and its key,
        as JSON for the results page."""
        keys = {joined(name): place_key(group) for group in self.places for name in group}
        keys |= {joined(name): agency_key(group) for group in self.groups for name in group}
        return json.dumps(keys, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def agency_key(group: tuple[str, ...]) -> str:
    """The one word an agency is indexed as (see AgencyNames)."""
    return identifier_key("发布机构：" + group[0])


def place_key(group: tuple[str, ...]) -> str:
    """The one word a township is indexed as (see AgencyNames)."""
    return identifier_key("地名：" + group[0])


def index_text(
    record: Record,
    synonyms: Synonyms | None = None,
    agencies: AgencyNames | None = None,
    body: tuple[str, ...] | None = None,
) -> tuple[str, str, dict[str, str]]:
    """The record's searchable text: as written, cut into words, and its search-only fields (see
    FIELDS; `words` is the slow part: the catalog computes this while reading the records, on both
    cores, see gongkai.portal.twocores).

    The text is what the record's page shows a citizen, title first: never the metadata, so that an
    excerpt never reads "zrj/2025-00001澄自然资发〔2025〕3号…". The metadata is searched in the fields.
    `body`: the lines of the record's body (`bodytext.read(record.body).lines`), if read already.
    """
    synonyms = synonyms or Synonyms()
    agencies = agencies or AgencyNames()
    if body is None:
        body = bodytext.read(record.body).lines
    lines = [record.title, *([record.summary] if record.summary else []), *body]
    lines = [line.strip() for line in lines if line.strip()]
    plain = "\n".join(lines)
    cut = f" {BREAK} ".join(words(line) for line in lines)
    keywords = "、".join(record.keywords)
    agency = record.agency.name
    category = record.category.path.replace("/", "、")
    body = "\n".join(lines[1:])
    title_more = synonyms.others(record.title)
    keyword_more = [w for w in synonyms.others("\n".join(record.keywords)) if w not in title_more]
    body_more = [w for w in synonyms.others(body) if w not in title_more and w not in keyword_more]
    # A group's key where a word of it is used (see synonym_key), an agency's where it is named (see
    # AgencyNames), weighted as that field.
    keys = {
        name: [synonym_key(group) for group in synonyms.held(text)] + agencies.held(text)
        for name, text in (("st", record.title), ("sk", "\n".join([*record.keywords, category])), ("sx", body))
    }
    fields = {
        "st": _field(record.title, *title_more, *keys["st"]),
        "sa": _field(agency, agencies.short(agency), *agencies.own_keys(agency)),
        "sk": _field(keywords, category, *keyword_more, *keys["sk"]),
        "sx": _field(*body_more, *keys["sx"]),
    }
    return plain, cut, {k: v for k, v in fields.items() if v}


def synonym_key(group: tuple[str, ...]) -> str:
    """The one word a synonym group is indexed as, in the field where a record uses a word of it
    (title, keywords or category, body). A query that is a word of a group is looked up as that
    word (gongkai/search.js, from the page's `data-synonyms`: `synonym_keys`): it finds the records
    that use any word of the group, those that use one in the title first, and nothing else (社保
    cut by the browser into 社|保 matched 社会 and 保障 in every 人力资源和社会保障局 record)."""
    return identifier_key("同义词：" + joined(group[0]))


def synonym_keys(synonyms: Synonyms) -> str:
    """Each word of each group (as typed: without what `joined` drops) and its group's key, as JSON
    for the results page."""
    keys = {joined(word): synonym_key(group) for group in synonyms.groups for word in group}
    return json.dumps(keys, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _field(*texts: str) -> str:
    return " ".join(words(t).replace("\n", " ") for t in texts if t)


# -- identifiers: 发文字号 and 索引号 as one word each ---------------------------------------------------

_OPEN, _CLOSE = "[(【〔［（〖", "])】〕］）〗"
_YEAR = re.compile(rf"[{re.escape(_OPEN)}](\d{{4}})[{re.escape(_CLOSE)}]第?0*(\d+)号")
_DOC_TAIL = re.compile(r"〔\d{4}〕\d+号")
_INDEX_NO = re.compile(r"[a-z0-9._-]+/\d{4}-\d+")
_WHITESPACE = re.compile(r"\s+")


def normalize_identifier(text: str) -> str:
    """A 发文字号 or 索引号 as the index keys it: full-width forms folded (ＮＦＫＣ), no spaces, Latin
    letters in lower case, the year in 〔〕 whatever brackets were typed, no 第 and no leading zeros
    in the number. gongkai/search.js does the same to a query."""
    text = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))
    text = re.sub(r"[A-Z]+", lambda m: m.group().lower(), text)
    return _YEAR.sub(r"〔\1〕\2号", text)


def identifier_key(identifier: str) -> str:
    """The one word an identifier is indexed as ("gk" and 13 hex digits of the FNV-1a hash of its
    normalized UTF-8): a query for it fetches one index chunk and finds only the records that carry
    it. gongkai/search.js computes the same."""
    h = 0xCBF29CE484222325
    for byte in normalize_identifier(identifier).encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"gk{h:016x}"[:15]


class Identifiers:
    """The 发文字号 and 索引号 of the published records, to find where another record's text cites one."""

    def __init__(self, records: list[Record]):
        self.index_nos = {normalize_identifier(r.index_no) for r in records}
        self.by_tail: dict[str, set[str]] = {}
        for r in records:
            if r.doc_no:
                doc = normalize_identifier(r.doc_no)
                tail = _DOC_TAIL.search(doc)
                if tail and tail.end() == len(doc):
                    self.by_tail.setdefault(tail.group(), set()).add(doc)

    def cited(self, text: str) -> set[str]:
        """The known identifiers (normalized) that `text` cites."""
        norm = normalize_identifier(text)
        out = {m.group() for m in _INDEX_NO.finditer(norm) if m.group() in self.index_nos}
        for m in _DOC_TAIL.finditer(norm):
            before = norm[: m.start()]
            out |= {doc for doc in self.by_tail.get(m.group(), ()) if before.endswith(doc[: -len(m.group())])}
        return out


def entry(
    record: Record,
    url: str,
    identifiers: Identifiers | None = None,
    successor: tuple[str, str] | None = None,
    synonyms: Synonyms | None = None,
    agencies: AgencyNames | None = None,
) -> Entry:
    """The index entry of a published record whose page is at `url`; `successor` is the (url, title)
    of the record that replaced it, if any."""
    plain, cut, fields = record.index_text or index_text(record, synonyms, agencies)
    meta = {
        "title": record.title,
        "agency": record.agency.name,
        "date": record.published.isoformat(),
        "index_no": record.index_no,
    }
    if record.doc_no:
        meta["doc_no"] = record.doc_no
    if not record.is_valid:
        meta["validity"] = record.validity
        if successor:
            meta["successor"], meta["successor_title"] = successor
    fields = dict(fields)
    own = {normalize_identifier(record.index_no)} | ({normalize_identifier(record.doc_no)} if record.doc_no else set())
    fields["si"] = " ".join(identifier_key(x) for x in sorted(own))
    if identifiers is not None:
        cited = sorted(identifiers.cited(plain) - own)
        if cited:
            fields["sx"] = " ".join([fields.get("sx", ""), *(identifier_key(x) for x in cited)]).strip()
    meta.update(sorted(fields.items()))
    return Entry(
        url=url,
        content=cut,
        plain=plain,
        meta=meta,
        filters={name: [value] for name, value in _filter_values(record).items()},
        mark="" if record.is_valid else "s",
    )


def page_entry(
    url: str, title: str, markdown: str, synonyms: Synonyms | None = None, agencies: AgencyNames | None = None
) -> Entry:
    """The index entry of a page that is no record (the 指南, the 申请表, an annual report): its text as
    the page shows it, its title weighted as a record's; no filters, so that a search narrowed to
    an agency or a year lists records alone. A citizen who types 申请表 wants the form."""
    synonyms = synonyms or Synonyms()
    agencies = agencies or AgencyNames()
    lines = [line.strip() for line in (title, *bodytext.read(markdown).lines) if line.strip()]
    if len(lines) > 1 and lines[1] == title:  # the page's own heading, after its title
        del lines[1]
    body = "\n".join(lines[1:])
    # An agency or a place its text names is no key of it (a street address of 城关镇 in the 指南):
    # a query for the agency wants the agency's records. Its title may name one.
    keys = {
        "st": [synonym_key(group) for group in synonyms.held(title)] + agencies.held(title),
        "sx": [synonym_key(group) for group in synonyms.held(body)],
    }
    title_more = synonyms.others(title)
    fields = {
        "st": _field(title, *title_more, *keys["st"]),
        "sx": _field(*[w for w in synonyms.others(body) if w not in title_more], *keys["sx"]),
    }
    plain = "\n".join(lines)
    return Entry(
        url=url,
        content=f" {BREAK} ".join(words(line) for line in lines),
        plain=plain,
        meta={"title": title, **{k: v for k, v in sorted(fields.items()) if v}},
        filters={},
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


def meta_weights() -> str:
    """Pagefind's `ranking.metaWeights` as JSON, for the results page (see FIELDS)."""
    weights = {**dict.fromkeys(SHOWN, 0.0), **FIELDS}
    return json.dumps(weights, sort_keys=True, separators=(",", ":"))


def parts(records: int, part_size: int) -> int:
    """How many parts the search index of `records` records has (see gongkai.sitesearch.searchindex.PartedIndex)."""
    return max(1, -(-records // part_size))
