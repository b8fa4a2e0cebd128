"""Field objects: one declaration per front-matter field, which reads and validates its own value.

As MkDocs' ``config_options`` do for mkdocs.yml, a field knows its key, its Chinese label, what
to write (``doc``, ``example``), how to read a value from a record's front matter (`Field.read`,
saying what is wrong at the field's line) and how a JSON Schema describes it (`Field.json`). A
schema is a tuple of fields (gongkai.model.schema.FIELDS); the validator (gongkai.model.records), the field
docs, the JSON Schema for editors' IDEs and `gongkai new` all read that one tuple.

A field reads through a `Reading` (the file being read: its front matter, the site's taxonomy and
settings, the values read so far, and where to report); gongkai.model.records implements it, and so
do the readers of a ledger's case (gongkai.model.ledgers) and of an annual report's front matter
(gongkai.model.reports), each with the fields it declares.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from typing import Any, Protocol

from gongkai.text import pii
from gongkai.text.dates import parse_date

__all__ = [
    "AgencyChoice",
    "Amount",
    "Attachments",
    "CaseAgency",
    "CaseChoice",
    "CaseFlag",
    "CaseId",
    "CaseText",
    "CategoryChoice",
    "Choice",
    "Date",
    "Exemption",
    "Field",
    "Figure",
    "Flag",
    "IndexNo",
    "Keywords",
    "Note",
    "Reading",
    "Ref",
    "ReportDate",
    "ReportScope",
    "ReportText",
    "SiteLists",
    "Text",
    "TopicChoice",
    "Workdays",
]

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class Reading(Protocol):
    """What a field reads with (gongkai.model.records' reader of one file)."""

    settings: Any
    taxonomy: Any
    pattern: Any  # the site's IndexNoPattern
    values: dict[str, Any]  # the fields read so far

    def error(self, key: str | None, message: str, hint: str = "", line: int | None = None) -> None: ...

    def line(self, key: str) -> int: ...

    def plain(self, key: str, value: str, multiline: bool = False, what: str = "", line: int | None = None) -> bool: ...

    def attachments(self, value: list) -> tuple: ...

    def suggest(self, value: str, options: list[str], where: str) -> str: ...


class SiteLists:
    """The choices a site gives (agencies, categories, topics, genres) and its 索引号 pattern, for
    JSON Schemas and editing forms; empty when a schema is made without a site."""

    def __init__(self, lists: dict[str, list[str]] | None = None, index_no_regex: str | None = None):
        self.lists = lists or {}
        self.index_no_regex = index_no_regex


class Field:
    """A front-matter field. Subclasses say how a value present and not blank is read."""

    kind = "text"  # the family of value, for editing forms
    #: Fixed choices (a tuple) or the name of one of the site's lists (agency, category, topic, genre).
    choices: tuple[str, ...] | str | None = None
    #: Keys of fields that must be read before this one (the 索引号 checks the agency and the date).
    needs: tuple[str, ...] = ()

    def __init__(self, key: str, label: str, doc: str, example: object, *, required: bool = False, default=None):
        self.key = key
        self.label = label
        self.doc = doc
        self.example = example
        self.required = required
        self.default = default

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r})"

    def read(self, r: Reading, value: Any) -> Any:
        """The value as the model holds it, or None after saying what is wrong (``r.error``)."""
        raise NotImplementedError

    def example_in(self, r: Reading) -> object:
        """The example a message to the file read with `r` gives: the site's own where the field
        names one of its lists, so that what a county's clerk copies from the fix is right there."""
        return self.example

    def missing(self, r: Reading) -> tuple[str, str]:
        """What a file that must give this field and does not is told: (message, fix)."""
        return "缺少必填字段。", f"加上一行 {self.key}: {self.example_in(r)}"

    def json(self, site: SiteLists) -> dict:
        """This field's JSON Schema (without title, description and examples: `describe` adds them)."""
        return {"type": "string", "minLength": 1 if self.required else 0}

    def describe(self, site: SiteLists) -> dict:
        return {**self.json(site), "title": self.label, "description": self.doc, "examples": [self.example]}


class Text(Field):
    """One line of plain text (``multiline``: line breaks allowed), never markup."""

    def __init__(self, *args, multiline: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.multiline = multiline

    def read(self, r: Reading, value: Any) -> str | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            r.error(self.key, f"应为文字，现在是数字 {value}。", f'用英文双引号括起来：{self.key}: "{value}"')
            return None
        if not isinstance(value, str):
            r.error(self.key, "应为一行文字。", f"写成 {self.key}: {self.example_in(r)}")
            return None
        value = value.strip()
        if not r.plain(self.key, value, multiline=self.multiline):
            return None
        return value


class Title(Text):
    """A record's full title: its example names one of the site's agencies."""

    def example_in(self, r: Reading) -> object:
        """A title naming the record's own agency (as read, or as its 索引号 names it), else the site's first."""
        own = r.values.get("agency")
        agency = getattr(own, "name", None) or record_agency(r)
        published = r.values.get("published")
        year = published.year if published else 2025
        return f"{agency}关于{year}年预算公开的说明" if agency else self.example


def record_agency(r: Reading) -> str | None:
    """The agency whose code the record's 索引号 begins with, else the site's first (None without a taxonomy)."""
    parts = r.pattern.parse(r.values["index_no"]) if r.values.get("index_no") else None
    if parts and parts.get("org") and r.taxonomy is not None:
        named = [a.name for a in r.taxonomy.agencies if a.code == parts["org"]]
        if named:
            return named[0]
    return first_agency(r)


def first_agency(r: Reading) -> str | None:
    """The name of the site's first agency (None without a taxonomy), for examples."""
    return r.taxonomy.agencies[0].name if r.taxonomy is not None and r.taxonomy.agencies else None


class Date(Field):
    """A day written YYYY-MM-DD (gongkai.text.dates says what else it accepts)."""

    kind = "date"

    def read(self, r: Reading, value: Any) -> dt.date | None:
        day, message, hint = parse_date(value)
        if day is None:
            r.error(self.key, message, hint)
        return day

    def json(self, site: SiteLists) -> dict:
        return {"type": "string", "pattern": DATE_PATTERN, "format": "date"}


class Flag(Field):
    """true or false."""

    kind = "bool"

    def read(self, r: Reading, value: Any) -> bool:
        if not isinstance(value, bool):
            r.error(self.key, f"应为 true 或 false，现在是 {value!r}。", f"写成 {self.key}: true")
            return False
        return value

    def json(self, site: SiteLists) -> dict:
        return {"type": "boolean"}


class Choice(Text):
    """One of fixed choices, or of a list the site's settings give (``genre``: the 文种)."""

    kind = "choice"

    def __init__(self, *args, choices: tuple[str, ...] | str, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices

    def options(self, r: Reading) -> list[str]:
        return list(r.settings.genres) if self.choices == "genre" else list(self.choices)

    def read(self, r: Reading, value: Any) -> str | None:
        value = super().read(r, value)
        if value is None:
            return None
        options = self.options(r)
        if value not in options:
            # 已废止 holds 废止: the one choice it holds, else the closest, is offered first.
            held = [o for o in options if o in value]
            close = held if len(held) == 1 else difflib.get_close_matches(value, options, n=1, cutoff=0.5)
            hint = (f"是不是“{close[0]}”？" if close else "") + "可写：" + "、".join(options)
            r.error(self.key, f"“{value}”不是可用的{self.label}。", hint)
            return None
        return value

    def json(self, site: SiteLists) -> dict:
        if isinstance(self.choices, tuple):
            return {"type": "string", "enum": list(self.choices)}
        if self.choices in site.lists:
            return {"type": "string", "enum": site.lists[self.choices]}
        return super().json(site)


def _path(value: str) -> str:
    """A category or topic path as clerks write it (`一级\\二级`, full-width slash) -> `一级/二级`."""
    return value.replace("\\", "/").replace("／", "/").strip("/")


class AgencyChoice(Choice):
    """A 发布机构 of the taxonomy: its `Agency`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices="agency", **kwargs)

    def example_in(self, r: Reading) -> object:
        """The agency whose code the record's 索引号 begins with, else the site's first."""
        return record_agency(r) or self.example

    def read(self, r: Reading, value: Any):
        name = Text.read(self, r, value)
        if name is None or r.taxonomy is None:
            return None  # a taxonomy with errors of its own: the rest is checked
        found = r.taxonomy.agency_by_name.get(name)
        if found is None:
            r.error(
                self.key,
                f"“{name}”不在分类体系的发布机构中。",
                r.suggest(name, list(r.taxonomy.agency_by_name), "records/taxonomy.yml 的 agencies"),
            )
        return found


class CategoryChoice(Choice):
    """A 公开目录 category of the taxonomy, written `一级/二级`: its `Category`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices="category", **kwargs)

    def example_in(self, r: Reading) -> object:
        if r.taxonomy is None or not r.taxonomy.categories:
            return self.example
        first = r.taxonomy.categories[0]  # a record is filed under a leaf
        return (first.children[0] if first.children else first).path

    def read(self, r: Reading, value: Any):
        value = Text.read(self, r, value)
        if value is None or r.taxonomy is None:
            return None
        value = _path(value)
        found = r.taxonomy.category_by_path.get(value)
        if found is None:
            by_child = [c.path for c in r.taxonomy.all_categories() if c.name == value.split("/")[-1]]
            if by_child:
                hint = "二级栏目要连同一级栏目一起写：" + " 或 ".join(by_child)
            else:
                hint = r.suggest(value, list(r.taxonomy.category_by_path), "records/taxonomy.yml 的 categories")
            r.error(self.key, f"“{value}”不是公开目录中的栏目。", hint)
        return found


class TopicChoice(Choice):
    """A 主题分类 of the taxonomy, written `一级/二级`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices="topic", **kwargs)

    def read(self, r: Reading, value: Any) -> str | None:
        value = Text.read(self, r, value)
        if value is None or r.taxonomy is None:
            return None
        value = _path(value)
        paths = r.taxonomy.topic_paths()
        if value not in paths:
            by_child = [p for p in paths if p.split("/")[-1] == value]
            where = "gongkai schema 列出的 topic（国务院公文主题分类，taxonomy.yml 的 topics 可另定）"
            hint = ("写成 " + " 或 ".join(by_child)) if by_child else r.suggest(value, paths, where)
            r.error(self.key, f"“{value}”不是主题分类。", hint)
            return None
        return value


class IndexNo(Field):
    """The record's 索引号 in the site's pattern, agreeing with its agency's code and its year."""

    kind = "index_no"
    needs = ("agency", "published")

    def example_in(self, r: Reading) -> object:
        """The pattern filled with the record's agency and year (the site's first agency, 2025, when
        not known), serial 1, with what to do when that number is taken: a file is read alone, and
        the numbers of the others are known only once all are read."""
        agency, published = r.values.get("agency"), r.values.get("published")
        if agency is None and r.taxonomy is not None and r.taxonomy.agencies:
            agency = r.taxonomy.agencies[0]
        number = r.pattern.example(agency.code if agency else "czj", published.year if published else 2025, 1)
        return f"{number}（流水号用这个机构这一年还没有用过的号；重复时 gongkai check 会给出可用的号）"

    def read(self, r: Reading, value: Any) -> str | None:
        value = str(value).strip()
        pattern = r.pattern
        parts = pattern.parse(value)
        agency, published = r.values.get("agency"), r.values.get("published")
        org = agency.code if agency else "czj"
        year = published.year if published else 2025
        if parts is None:
            r.error(
                self.key,
                f"索引号 {value} 不符合本站格式 {pattern.pattern}。",
                f"例如 {pattern.example(org, year)}（机构代码/年份-五位流水号）。",
            )
            return None
        if agency and pattern.has_org and parts["org"] != agency.code:
            # A file read alone cannot tell whether it is on the site yet: both are said.
            r.error(
                self.key,
                f"索引号前段 {parts['org']} 与发布机构“{agency.name}”的代码 {agency.code} 不一致。",
                f"新建的记录，改成 {agency.code} 的号，如 {pattern.example(agency.code, year, int(parts['serial']))}"
                f"{_FREE_SERIAL}，或核对 agency 是否写错。" + _REORGANISED.format(org=parts["org"]),
            )
        if published and pattern.has_year and int(parts["year"]) != published.year:
            r.error(
                self.key,
                f"索引号中的年份 {parts['year']} 与发布日期 {published} 的年份不一致。",
                f"改成 {published.year} 年的号，如 {pattern.example(org, published.year, int(parts['serial']))}"
                f"{_FREE_SERIAL}，或核对 published 是否写错。",
            )
        return value

    def json(self, site: SiteLists) -> dict:
        out = super().json(site)
        if site.index_no_regex:
            out["pattern"] = site.index_no_regex
        return out


#: The fix when a published record's 索引号 and agency disagree.
_REORGANISED = (
    "已经发布的记录不要改号（索引号是它网页的网址）：核对 agency 是否写错；"
    "机构合并或改名（机构改革）的，已发布信息的发布机构仍写原机构，原机构连同代码 {org} 留在 "
    "taxonomy.yml 中（见 README“机构改革”）；taxonomy.yml 中机构的 code 改过的，改回 {org}。"
)
#: A 索引号 suggested from one record alone may be taken by another: said so.
_FREE_SERIAL = "（流水号要用还没有用过的；号重复时 gongkai check 会给出可用的号）"


class Ref(Field):
    """The 索引号 of another record of the site (whether it exists is checked once all are read)."""

    kind = "ref"

    def read(self, r: Reading, value: Any) -> str | None:
        value = str(value).strip()
        if r.pattern.parse(value) is None:
            r.error(self.key, f"“{value}”不是本站格式的索引号。", f"写被引用记录的索引号，如 {r.pattern.example()}")
            return None
        return value


#: What a clerk puts between keywords that YAML does not read as a separator. (Not 、: a keyword
#: may hold one, 水、电、气价格.)
_SEPARATORS = re.compile("[，；;]")


class Keywords(Field):
    """A list of plain words."""

    kind = "list"

    def read(self, r: Reading, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            words = [w for w in re.split(r"[,，、;；\s]+", value) if w]
            r.error(self.key, "关键词应写成列表。", f"写成 {self.key}: [" + ", ".join(words) + "]")
            return ()
        if isinstance(value, list):
            # [三公经费, 2025]: YAML reads 2025 as a number (and an ID as one), which the message
            # called an empty item.
            numbers = [w for w in value if isinstance(w, (int, float)) and not isinstance(w, bool)]
            if numbers:
                quoted = ", ".join(f'"{w}"' if w in numbers else str(w) for w in value)
                r.error(
                    self.key,
                    f"关键词“{numbers[0]}”是数字：关键词应为文字。",
                    f"用英文双引号把它括起来：{self.key}: [{quoted}]",
                )
                return ()
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            r.error(self.key, "关键词应为文字列表，不能有空项。", "例如 keywords: [预算, 三公经费]")
            return ()
        words = tuple(w.strip() for w in value)
        if not all([r.plain(self.key, w, what=f"关键词“{w[:20]}”") for w in words]):
            return ()
        # `[预算，公开]`: a Chinese comma does not separate items, and the page would show one keyword.
        joined = [w for w in words if _SEPARATORS.search(w)]
        if joined:
            split = [part for w in words for part in _SEPARATORS.split(w) if part.strip()]
            r.error(
                self.key,
                f"关键词“{joined[0][:20]}”中有中文逗号或分号：它们不分开关键词，页面上会成为一个关键词。",
                f"每个关键词单独一项，用英文逗号分开：写成 {self.key}: ["
                + ", ".join(p.strip() for p in split)
                + "]（网页编辑器中分成几项填写）",
            )
            return ()
        return words

    def json(self, site: SiteLists) -> dict:
        return {"type": "array", "items": {"type": "string", "minLength": 1}}


class Attachments(Field):
    """Files published with the record: ``{file: 相对路径, title: 名称}`` items (gongkai.model.records
    checks each file: inside records/, an allowed type, what its name says, not too big)."""

    kind = "attachments"

    def read(self, r: Reading, value: Any) -> tuple:
        if not isinstance(value, list):
            r.error(
                self.key,
                "附件应写成列表。",
                "写成：\n      attachments:\n        - {file: files/附件.pdf, title: 附件名称}",
            )
            return ()
        return r.attachments(value)

    #: An item's keys: (key, label, required, what to write). A bare path (`- files/a.pdf`) is an item
    #: with its file alone; without a title the page names the file by its name.
    ITEM = (
        ("file", "文件", True, "相对本文件的路径，须在 records 目录内"),
        ("title", "附件名称", False, "网页上附件链接的文字；不写时用文件名"),
    )

    def json(self, site: SiteLists) -> dict:
        item = {
            "type": "object",
            "properties": {
                key: {"type": "string", "minLength": 1 if required else 0, "title": label, "description": doc}
                for key, label, required, doc in self.ITEM
            },
            "required": [key for key, _, required, _ in self.ITEM if required],
            "additionalProperties": False,
        }
        return {"type": "array", "items": {"anyOf": [item, {"type": "string", "minLength": 1}]}}


class Exemption(Field):
    """Why personal data is published on purpose: ``{reason: …, kinds: [...]}``."""

    kind = "exemption"

    def __init__(self, *args, reasons: tuple[str, ...], kinds: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.reasons = reasons
        self.kinds = kinds  # as clerks name them -> gongkai.text.pii's kind

    def read(self, r: Reading, value: Any):
        exemption, wrong = self.parse(value)
        for message, hint in wrong:
            r.error(self.key, message, hint)
        return exemption

    def parse(self, value) -> tuple[tuple[str, frozenset[str]] | None, list[tuple[str, str]]]:
        """(reason, kinds of gongkai.text.pii) or None, and what is wrong as (message, hint) pairs. The one
        reading of an exemption: `gongkai check` and `gongkai mask` let through the same kinds."""
        if value is None or value in ("", [], {}) or (isinstance(value, str) and not value.strip()):
            return None, []
        example = f"写成：\n      pii_exempt:\n        reason: {self.reasons[0]}\n        kinds: [身份证号]"
        if not isinstance(value, dict):
            return None, [("个人信息豁免应写 reason 和 kinds 两项。", example)]
        wrong = []
        extra = sorted(str(k) for k in value if k not in ("reason", "kinds"))
        if extra:
            wrong.append((f"个人信息豁免有未知项 {'、'.join(extra)}。", "只写 reason 和 kinds。"))
        reason = value.get("reason")
        if not isinstance(reason, str) or reason not in self.reasons:
            wrong.append(
                (
                    f"豁免理由“{reason}”不在允许的范围内。" if reason else "个人信息豁免缺少 reason（理由）。",
                    "只有 " + " 或 ".join(self.reasons) + " 可以公开个人信息（国办《2018年政务公开工作要点》）；"
                    "其他情况请去标识化处理（gongkai mask 文件名）。",
                )
            )
            return None, wrong
        kinds = value.get("kinds")
        if isinstance(kinds, str):
            kinds = [kinds]
        if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) and k in self.kinds for k in kinds):
            wrong.append(
                (
                    f"豁免类别 {kinds!r} 不对。" if kinds else "个人信息豁免缺少 kinds（豁免的类别）。",
                    "kinds 写成列表，可选：" + "、".join(self.kinds) + "，如 kinds: [身份证号]",
                )
            )
            return None, wrong
        if wrong:
            return None, wrong
        return (reason, frozenset(self.kinds[k] for k in kinds)), []

    def json(self, site: SiteLists) -> dict:
        return {
            "type": "object",
            "properties": {
                "reason": {"type": "string", "enum": list(self.reasons)},
                "kinds": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(self.kinds)},
                    "minItems": 1,
                    "uniqueItems": True,
                },
            },
            "required": ["reason", "kinds"],
            "additionalProperties": False,
        }


# --- fields of the ledgers' cases (gongkai.model.ledgers): a row of records/requests/*.yml or appeals/*.yml ----


class CaseText(Text):
    """One line of text in a ledger (a number written bare, such as an id, reads as its text)."""

    def read(self, r: Reading, value: Any) -> str | None:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            r.error(self.key, "应为一行文字。", f"写成 {self.key}: {self.example_in(r)}")
            return None
        return str(value).strip()


class CaseId(CaseText):
    """A case number: the leak scan looks for it in every page, so it must not look like ordinary text
    (a bare 12 or Q1 is on many pages): a letter first, a digit in it, 5-40 characters."""

    PATTERN = re.compile(r"(?=.*[0-9])[A-Za-z][A-Za-z0-9_-]{4,39}")

    def read(self, r: Reading, value: Any) -> str | None:
        value = super().read(r, value)
        if value is not None and not self.PATTERN.fullmatch(value):
            r.error(
                self.key,
                f"编号 {value!r} 不合格式：以英文字母开头、含有数字，用英文字母、数字、下划线和连字符，"
                "5 到 40 个字符（太短的编号会与网页上的其他文字混淆）。",
                "如 YSQ-2025-001",
            )
            return None
        return value

    def json(self, site: SiteLists) -> dict:
        return {"type": "string", "pattern": f"^{self.PATTERN.pattern}$"}


class CaseChoice(CaseText):
    """One of the national table's words; clerks copy them with their number (1.属于国家秘密)."""

    kind = "choice"

    def __init__(self, *args, choices: tuple[str, ...], words: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = tuple(choices)
        self.words = words or {}  # what clerks write instead -> which choice it is

    def read(self, r: Reading, value: Any) -> str | None:
        value = super().read(r, value)
        if value is None:
            return None
        value = re.sub(r"^\d+\s*[.．、]\s*", "", value).replace('"', "”")
        if value not in self.choices:
            fixed = value.replace("”", "“", 1) if value.count("”") == 2 else value
            if fixed in self.choices:
                return fixed
            close = difflib.get_close_matches(value, list(self.choices), n=1, cutoff=0.5)
            if value in self.words:
                hint = f"{self.words[value]}。可写：" + "、".join(self.choices)
            else:
                hint = (f"是不是“{close[0]}”？" if close else "") + "可写：" + "、".join(self.choices)
            r.error(self.key, f"“{value}”不是可用的{self.label}。", hint)
            return None
        return value

    def json(self, site: SiteLists) -> dict:
        return {"type": "string", "enum": list(self.choices)}


class CaseAgency(CaseText):
    """An agency of the taxonomy (the one that handled the request, or the respondent)."""

    kind = "choice"
    choices = "agency"

    def example_in(self, r: Reading) -> object:
        return first_agency(r) or self.example

    def read(self, r: Reading, value: Any):
        name = super().read(r, value)
        if name is None or r.taxonomy is None:
            return None
        agency = r.taxonomy.agency_by_name.get(name)
        if agency is None:
            names = [a.name for a in r.taxonomy.agencies]
            close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
            hint = ("是不是：" + " 或 ".join(close) + "？") if close else "可写：" + "、".join(names[:12])
            r.error(self.key, f"“{name}”不在 taxonomy.yml 的发布机构中。", hint)
        return agency

    def json(self, site: SiteLists) -> dict:
        if self.choices in site.lists:
            return {"type": "string", "enum": site.lists[self.choices]}
        return super().json(site)  # a schema made without a site: any name


class CaseFlag(Flag):
    def read(self, r: Reading, value: Any) -> bool:
        if not isinstance(value, bool):
            r.error(self.key, f"应为 true 或 false，现在是 {value!r}。", self.fix)
            return False
        return value

    def __init__(self, *args, fix: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fix = fix


class Amount(Field):
    """A number not below 0 (yuan)."""

    kind = "number"

    def read(self, r: Reading, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            r.error(self.key, f"应为不小于 0 的数字，现在是 {value!r}。", f"只写金额数字（元），如 {self.key}: 100")
            return 0
        return value

    def json(self, site: SiteLists) -> dict:
        return {"type": "number", "minimum": 0}


class Workdays(Amount):
    """A whole number of working days, a year's at most (250): more is a slip of the keyboard (3000000
    took the deadline past the last date Python knows, and check and build ended in a traceback)."""

    MAX = 250

    def read(self, r: Reading, value: Any) -> int:
        days = super().read(r, value)
        if days != int(days):
            r.error(
                self.key, f"应为整数（工作日数），现在是 {days!r}。", f"写征求意见用去的工作日数，如 {self.key}: 10"
            )
        elif days > self.MAX:
            r.error(
                self.key,
                f"{self.label} {int(days)} 天超过了一年的工作日（{self.MAX} 天）。",
                f"核对这个数字：写征求意见实际用去的工作日数，如 {self.key}: 10",
            )
            return 0
        return int(days)

    def json(self, site: SiteLists) -> dict:
        return {"type": "integer", "minimum": 0, "maximum": self.MAX}


class Note(CaseText):
    """The clerk's note: never personal data (it is kept in git)."""

    def read(self, r: Reading, value: Any) -> str:
        value = super().read(r, value)
        if value is None:
            return ""
        kinds = sorted({hit.kind for hit in pii.find(value, pii.KINDS)})
        if kinds:
            r.error(
                self.key,
                "备注中有个人信息（" + "、".join(pii.LABELS[k] for k in kinds) + "）。",
                "删去：台账不能记录个人信息。",
            )
        return value


# --- fields of the annual report's front matter (gongkai.model.reports): records/reports/<YYYY>.md ------


class ReportText(Field):
    """One line of plain text, not blank."""

    def read(self, r: Reading, value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip():
            r.error(self.key, "应为一行文字。", f"如 {self.key}: {self.example_in(r)}")
            return None
        value = value.strip()
        return value if r.plain(self.key, value) else None

    def json(self, site: SiteLists) -> dict:
        return {"type": "string", "minLength": 1}


class ReportDate(Date):
    """A day after the report's year (the reader's `year`, from the file name): a report is published
    in the next year (条例第四十九条)."""

    def read(self, r: Reading, value: Any) -> dt.date | None:
        day = super().read(r, value)
        if day is not None and day.year <= r.year:
            r.error(
                self.key,
                f"{r.year} 年的年报不能在 {day} 发布。",
                "年报在次年发布（条例第四十九条：1月31日或3月31日前）。",
            )
            return None
        return day


class ReportScope(Field):
    """An agency of the taxonomy, whose own report it is: its `Agency` (not read without a taxonomy)."""

    kind = "choice"
    choices = "agency"

    def read(self, r: Reading, value: Any):
        if r.taxonomy is None:
            return None  # a taxonomy with errors of its own: the rest is checked
        agency = r.taxonomy.agency_by_name.get(str(value).strip())
        if agency is None:
            names = [a.name for a in r.taxonomy.agencies]
            close = difflib.get_close_matches(str(value), names, n=2, cutoff=0.4)
            r.error(
                self.key,
                f"“{value}”不在 taxonomy.yml 的发布机构中。",
                ("是不是：" + " 或 ".join(close) + "？")
                if close
                else f"写一个发布机构的名称；全县（市、区）政府的年报不写 {self.key}。",
            )
        return agency

    def json(self, site: SiteLists) -> dict:
        if self.choices in site.lists:
            return {"type": "string", "enum": site.lists[self.choices]}
        return {"type": "string", "minLength": 1}


class Figure(Field):
    """A count (``whole``) or an amount not below 0; ``row``: the row of the report's table 二 it fills
    (行政许可, 行政处罚, 行政强制, 行政事业性收费), which a site may declare not applicable."""

    kind = "number"
    needs = ("scope",)  # whether its row applies depends on whose report it is

    def __init__(self, *args, whole: bool = False, row: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.whole = whole
        self.row = row

    def read(self, r: Reading, value: Any) -> int | float | None:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)  # .nan, .inf
            or value < 0
            or (self.whole and value != int(value))
        ):
            kind = "不小于 0 的整数" if self.whole else "不小于 0 的数字"
            example = 12 if self.whole else 3.5
            r.error(self.key, f"应为{kind}，现在是 {value!r}。", f"只写数字，如 {self.key}: {example}")
            return None
        return int(value) if self.whole else value

    def missing(self, r: Reading) -> tuple[str, str]:
        return "缺少必填字段。", f"加上一行 {self.key}: 0（没有时写 0）"

    def json(self, site: SiteLists) -> dict:
        return {"type": "integer" if self.whole else "number", "minimum": 0}
