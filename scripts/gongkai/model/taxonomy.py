"""The site's taxonomy: agencies, the 公开目录 categories and the 主题分类."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.model import periods
from gongkai.model.defaults import DOC_TYPES, REPORT_ROWS, TOPICS
from gongkai.model.indexno import CODE_RE
from gongkai.model.urls import FEED_FILES, FOLDERS, PAGE, PAGE_FILE
from gongkai.text import frontmatter, plaintext, yamlio
from gongkai.text.dates import parse_date
from gongkai.text.problems import Problems

SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
#: 国办秘函〔2019〕19号: nothing new on the home page's columns in the 2 weeks before the monitoring day is a veto.
HOME_UPDATE_WITHIN = periods.Period(2, "week")


@dataclass(frozen=True)
class Agency:
    """A 发布机构: its name, its code (the 索引号's front part) and its group."""

    name: str
    code: str
    group: str
    order: int = 0
    #: Rows of table 二 that do not apply to this agency's own report: (row, reason) pairs.
    not_applicable: tuple[tuple[str, str], ...] = ()
    #: The day it ceased (机构改革: merged, renamed, dissolved); its records stay its own, with their
    #: 索引号 and addresses; the one that took its work over, if named.
    abolished: dt.date | None = None
    successor: str | None = None
    #: Its short names as citizens type them (简称: 卫健局), which the site search takes for it.
    short: tuple[str, ...] = ()


@dataclass(eq=False)
class Category:
    """A 公开目录 category; `path` is `一级` or `一级/二级`."""

    name: str
    slug: str
    parent: Category | None = None
    children: list[Category] = field(default_factory=list)
    order: int = 0
    #: The table 二 row (行政许可/行政处罚/行政强制) whose decision count this category's records give.
    report_row: str | None = None
    #: How often it must be updated (`update_within`), as written; None when not written.
    update_within: periods.Period | None = None
    #: Its line in taxonomy.yml.
    line: int = 0
    #: The slugs it had before (`former_slugs`): their addresses keep a page that leads to its new one.
    former_slugs: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return self.name if self.parent is None else f"{self.parent.name}/{self.name}"

    @property
    def slug_path(self) -> str:
        return self.slug if self.parent is None else f"{self.parent.slug}/{self.slug}"

    @property
    def former_paths(self) -> list[str]:
        """The slug paths it was found at before (its own former slugs, its parent's), sorted."""
        mine = (self.slug, *self.former_slugs)
        if self.parent is None:
            return sorted(self.former_slugs)
        paths = {f"{p}/{s}" for p in (self.parent.slug, *self.parent.former_slugs) for s in mine}
        return sorted(paths - {self.slug_path})

    @property
    def doc_type(self) -> str | None:
        """The 文件类型 (doc_type) its own name says its records are: 规章, 行政规范性文件; else None.
        Not its parent's: a 清理结果 under 行政规范性文件 is no such document."""
        return self.name if self.name in DOC_TYPES else None

    @property
    def top(self) -> Category:
        return self if self.parent is None else self.parent

    @property
    def period(self) -> periods.Period | None:
        """How often it must be updated: its own `update_within`, else its parent's; None when neither says."""
        if self.update_within is not None or self.parent is None:
            return self.update_within
        return self.parent.update_within


@dataclass
class Taxonomy:
    agencies: list[Agency]
    categories: list[Category]  # top level, in file order
    topics: dict[str, list[str]]
    #: How often the home page's latest list must show something new (`home: {update_within: …}`).
    home_update_within: periods.Period = HOME_UPDATE_WITHIN
    #: The line of `home` in taxonomy.yml (0: not written).
    home_line: int = 0
    #: The government whose whole report (年报 without `scope`) this site publishes: 澄岭县人民政府.
    government: str | None = None
    #: Rows of table 二 that do not apply to any report of the site, with the reason printed under the table.
    not_applicable: dict[str, str] = field(default_factory=dict)
    #: Line of `government` and of each `not_applicable` row in taxonomy.yml, for messages.
    lines: dict[str, int] = field(default_factory=dict)

    def doc_type_of(self, category: Category, agency: Agency | None, under: bool = False) -> str | None:
        """The 文件类型 a record of `category` by `agency` is by its category's name (or, `under`,
        its parent's: a record there may be one), unless the site declares that type not applicable
        to the agency (a county's 规章: table 二 would refuse it)."""
        kind = category.doc_type or (category.parent.doc_type if under and category.parent else None)
        return None if kind is None or kind in self.not_applicable_to(agency) else kind

    def not_applicable_to(self, scope: Agency | None) -> dict[str, str]:
        """The rows that do not apply to the report of `scope` (None: the whole government), with reasons."""
        return {**self.not_applicable, **dict(scope.not_applicable if scope is not None else ())}

    def __post_init__(self):
        self.agency_by_name = {a.name: a for a in self.agencies}
        self.category_by_path = {c.path: c for c in self.all_categories()}

    def all_categories(self) -> list[Category]:
        out = []
        for c in self.categories:
            out.append(c)
            out.extend(c.children)
        return out

    def report_rows(self) -> dict[str, str]:
        """Category path -> the table 二 row its records count in (`report_row`)."""
        return {c.path: c.report_row for c in self.all_categories() if c.report_row}

    def groups(self) -> list[str]:
        """Agency groups in the order they first appear."""
        return list(dict.fromkeys(a.group for a in self.agencies))

    def topic_paths(self) -> list[str]:
        return list(self._topic_paths)

    @functools.cached_property
    def _topic_paths(self) -> tuple[str, ...]:
        out = []
        for top, children in self.topics.items():
            out.append(top)
            out.extend(f"{top}/{c}" for c in children)
        return tuple(out)


def county_prefix(names: list[str]) -> str:
    """The county's name that every agency's name starts with (澄岭县), or "": the short form of an
    agency's name is the rest (卫生健康局), which citizens type as often as the full one."""
    if len(names) < 2:
        return ""
    common = names[0]
    for name in names[1:]:
        while not name.startswith(common):
            common = common[:-1]
    cut = max(common.rfind(c) for c in "省市县区旗州盟")
    return common[: cut + 1] if cut >= 1 else ""


#: What the name of a township's or town's government (城关镇人民政府) is without: the place (城关镇),
#: which citizens type for it.
_GOVERNMENT = "人民政府"


def typed_names(names: list[str]) -> tuple[str, list[tuple[str, ...]], tuple[tuple[str, ...], ...]]:
    """The agencies `names` as citizens type them: the county's name (`county_prefix`); each
    agency's names, the full one first, then without the county's (卫生健康局); and the places that
    townships' governments are named after (城关镇), the full one first. The site search takes them
    for the agency and the place (gongkai.sitesearch.search.AgencyNames); no 简称 may be one."""
    county = county_prefix(names)
    groups, places = [], []
    for name in names:
        bare = name.removeprefix(county) if county and name.startswith(county) else ""
        groups.append((name, bare) if len(bare) >= 2 and bare != _GOVERNMENT else (name,))
        # The county's own government is not a place: the county's name is in every record.
        place = name.removesuffix(_GOVERNMENT) if name.endswith(_GOVERNMENT) else ""
        if len(place) >= 2 and place != county:
            place_short = place.removeprefix(county) if county else ""
            places.append((place, place_short) if len(place_short) >= 2 else (place,))
    return county, groups, tuple(dict.fromkeys(places))


def load_taxonomy(path: Path, problems: Problems) -> Taxonomy | None:
    """Read `taxonomy.yml`; every problem goes to `problems` with its line."""
    if not path.is_file():
        problems.error(
            path,
            None,
            None,
            "找不到分类体系文件。",
            "在 records 目录下建立 taxonomy.yml，写明 agencies（发布机构）和 categories（公开目录）。",
        )
        return None
    data = frontmatter.read_yaml(path, problems)
    if data is frontmatter.UNREADABLE:
        return None
    if not isinstance(data, yamlio.LineMap):
        problems.error(
            path,
            1,
            None,
            "分类体系应包含 agencies 和 categories 两部分。",
            "参照示例站点的 records/taxonomy.yml 来写。",
        )
        return None
    parts = ("government", "not_applicable", "agencies", "categories", "topics", "home")
    for key in data:
        if key not in parts:
            problems.error(path, data.line_of(key), str(key), "没有这一部分。", "只能写 " + "、".join(parts) + "。")
    agencies = _agencies(path, data, problems)
    categories = _categories(path, data, problems)
    topics = _topics(path, data, problems)
    home = _home(path, data, problems)
    government = None
    if data.get("government") is not None:
        government = _text(
            path, data, "government", problems, data.line_of("government"), "写本级政府全称，如 某某县人民政府。"
        )
        if government is None:
            return None
    lines = {"government": data.line_of("government", 1)}
    not_applicable = _not_applicable(path, data, problems, lines)
    if agencies is None or categories is None or topics is None or home is None or not_applicable is None:
        return None
    home_line = data.line_of("home", 0) if "home" in data else 0
    return Taxonomy(agencies, categories, topics, home, home_line, government, not_applicable, lines)


#: The rows of table 二 a site may declare not applicable (printed "/" instead of a count).
TABLE2_ROWS = ("规章", "行政规范性文件", *REPORT_ROWS, "行政事业性收费")
_NA_EXAMPLE = "例如：\n      not_applicable:\n        规章: 县级人民政府及其部门无权制定规章（《立法法》第九十三条）"


def _not_applicable(path, data, problems, lines: dict | None = None, line: int | None = None) -> dict[str, str] | None:
    """`not_applicable` of the file or of one agency: table 二 row -> the reason printed under the table."""
    value = data.get("not_applicable")
    at = line or data.line_of("not_applicable", 1)
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.error(path, at, "not_applicable", "应写成“行: 理由”的几行。", _NA_EXAMPLE)
        return None
    out, ok = {}, True
    for row, reason in value.items():
        row_line = line or (value.line_of(row, at) if isinstance(value, yamlio.LineMap) else at)
        if row not in TABLE2_ROWS:
            problems.error(
                path, row_line, "not_applicable", f"“{row}”不是年报表二的一行。", "可写：" + "、".join(TABLE2_ROWS)
            )
            ok = False
            continue
        if not isinstance(reason, str) or not reason.strip() or plaintext.problem(reason.strip()):
            problems.error(
                path,
                row_line,
                f"not_applicable.{row}",
                "要写明不适用的理由（一行文字），它印在年报表二下面。",
                f"如 {row}: 县级人民政府及其部门无权制定规章",
            )
            ok = False
            continue
        out[str(row)] = reason.strip()
        if lines is not None:
            lines[f"not_applicable.{row}"] = row_line
    return out if ok else None


#: The keys an agency's and a category's item may have.
AGENCY_KEYS = ("name", "code", "group", "not_applicable", "abolished", "successor", "short")
CATEGORY_KEYS = ("name", "slug", "children", "report_row", "update_within", "former_slugs")


def _unknown_keys(path, item, allowed: tuple[str, ...], what: str, line: int, problems) -> bool:
    """Whether `item` has only `allowed` keys; each other one said at its line (a misspelt
    `update_witin` would otherwise be left out without a word)."""
    if not isinstance(item, dict):
        return True
    ok = True
    for key in item:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        at = item.line_of(key, line) if isinstance(item, yamlio.LineMap) else line
        hint = f"是不是 {close[0]}？" if close else f"{what}只能写 " + "、".join(allowed) + "。"
        problems.error(path, at, str(key), f"{what}没有 {key} 这一项。", hint)
        ok = False
    return ok


def _items(path, data, key, problems, example):
    items = data.get(key)
    if not isinstance(items, yamlio.LineList) or not items:
        problems.error(path, data.line_of(key, 1), key, "应为非空列表。", example)
        return None
    return items


def _text(path, item, key, problems, line, hint) -> str | None:
    value = item.get(key) if isinstance(item, dict) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        problems.error(path, line, key, f"应为文字，现在是数字 {value}。", f'用英文双引号括起来：{key}: "{value}"')
        return None
    if not isinstance(value, str) or not value.strip():
        problems.error(path, line, key, "缺少或为空。", hint)
        return None
    wrong = plaintext.problem(value.strip())
    if wrong:
        problems.error(path, line, key, *wrong)
        return None
    return value.strip()


def _agencies(path, data, problems) -> list[Agency] | None:
    example = "例如：\n      agencies:\n        - {name: 某某县财政局, code: czj, group: 县直部门}"
    items = _items(path, data, "agencies", problems, example)
    if items is None:
        return None
    out, names, ok = [], {}, True
    codes: dict[str, tuple[str, int]] = {}  # casefolded -> (as written, line)
    for i, (item, line) in enumerate(zip(items, items.item_lines, strict=True)):
        name = _text(path, item, "name", problems, line, "写发布机构全称，如 某某县财政局。")
        code = _text(path, item, "code", problems, line, "写机构代码（索引号前段），如 czj。")
        group = _text(path, item, "group", problems, line, "写分组，如 县直部门 或 乡镇。")
        if None in (name, code, group) or not _unknown_keys(path, item, AGENCY_KEYS, "发布机构", line, problems):
            ok = False
        if code is not None and not CODE_RE.fullmatch(code):
            problems.error(
                path,
                line,
                "code",
                f"机构代码 {code!r} 只能用英文字母、数字、点、下划线和连字符。",
                "例如 czj 或统一社会信用代码 11370900004341590P。",
            )
            ok = False
        why = _code_clash(code) if code is not None and CODE_RE.fullmatch(code) else None
        if why is not None:
            problems.error(
                path,
                line,
                "code",
                f"机构代码 {code} 不能用：{why}",
                "换一个代码（机构代码是本机构索引号和网址的一段），如 czj 或统一社会信用代码 11370900004341590P。",
            )
            ok = False
        if name is not None and name in names:
            problems.error(
                path, line, "name", f"机构 {name} 重复（第 {names[name]} 行已有）。", "删掉重复的一行，或改正名称。"
            )
            ok = False
        if code is not None and code.casefold() in codes:
            first, first_line = codes[code.casefold()]
            problems.error(
                path,
                line,
                "code",
                f"机构代码 {code} 重复（第 {first_line} 行已用）。"
                if first == code
                else f"机构代码 {code} 与第 {first_line} 行的 {first} 只差大小写：在不分大小写的服务器"
                "（如 Windows、IIS）上两者是同一个网址。",
                "每个机构的代码必须不同（不计大小写）。",
            )
            ok = False
        na = _not_applicable(path, item, problems, line=line) if isinstance(item, dict) else {}
        if na is None:
            ok = False
        ended = _ended(path, item, line, problems) if isinstance(item, dict) else (None, None)
        short = _short(path, item, line, problems) if isinstance(item, dict) else ()
        if ended is None or short is None:
            ok = False
        if None in (name, code, group, na, ended, short):
            continue
        names[name], codes[code.casefold()] = line, (code, line)
        out.append(Agency(name, code, group, i, tuple(na.items()), *ended, short))
    out = _successors(path, out, items, problems)  # of those read: each problem said at once
    return out if ok else None


def _ended(path, item, line: int, problems) -> tuple[dt.date | None, str | None] | None:
    """An agency's `abolished` and `successor`, or None after saying what is wrong."""
    day, successor = item.get("abolished"), item.get("successor")
    at = item.line_of("abolished", line) if isinstance(item, yamlio.LineMap) else line
    if day is None:
        if successor is not None:
            problems.error(
                path,
                line,
                "successor",
                "写了 successor，没有写 abolished。",
                "加上 abolished: 机构撤销（合并、更名）的日期，如 2026-11-30",
            )
            return None
        return None, None
    parsed, wrong, fix = parse_date(
        day, hint="写机构撤销（合并、更名）的日期，如 abolished: 2026-11-30", check="核对机构撤销的文件上的日期。"
    )
    if parsed is None:
        problems.error(path, at, "abolished", wrong, fix)
        return None
    if successor is not None:
        successor = _text(path, item, "successor", problems, line, "写接替它工作的机构的全称，如 某某县农业农村局。")
        if successor is None:
            return None
    return parsed, successor


def _short(path, item, line: int, problems) -> tuple[str, ...] | None:
    """An agency's `short` names (one, or a list), each plain text of two characters or more."""
    value = item.get("short")
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    hint = "写这个机构常用的简称，如 short: [卫健局, 卫健委]"
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        problems.error(path, line, "short", "简称应写成文字或文字的列表。", hint)
        return None
    out = []
    for v in (v.strip() for v in values):
        wrong = plaintext.problem(v) if v else ("简称是空的。", hint)
        if wrong is None and len(v) < 2:
            wrong = (f"简称“{v}”太短：一个字会找到许多无关的信息。", hint)
        if wrong is not None:
            problems.error(path, line, "short", *wrong)
            return None
        out.append(v)
    return tuple(dict.fromkeys(out))


def _successors(path, agencies: list[Agency], items, problems) -> list[Agency] | None:
    """`agencies`, once each `successor` names another agency of the list, and no 简称 stands for
    two agencies."""
    by_name = {a.name: a for a in agencies}
    lines = [items.item_lines[a.order] for a in agencies]
    ok = True
    # What the search already takes for an agency or a place: a name without the county's (财政局),
    # a township's place (城关镇), the county itself.
    county, groups, places = typed_names(list(by_name))
    named: dict[str, str] = {name: group[0] for group in groups for name in group[1:]}
    named |= {name: group[0] + _GOVERNMENT for group in places for name in group}
    if county:
        named.setdefault(county, "")
    for agency, line in zip(agencies, lines, strict=True):
        for short in agency.short:
            clash = short in by_name and short != agency.name
            other = named.setdefault(short, agency.name)
            if clash or other != agency.name:
                whose = f"机构 {short} 的名称" if clash else f"{other}的简称" if other else "本县（市、区）的名称"
                problems.error(
                    path,
                    line,
                    "short",
                    f"简称“{short}”也是{whose}：搜索时分不清是哪个机构。",
                    "删去这个简称，或换一个只指这个机构的。",
                )
                ok = False
    for agency, line in zip(agencies, lines, strict=True):
        if agency.successor is None:
            continue
        if agency.successor == agency.name:
            problems.error(path, line, "successor", "接替的机构不能是它自己。", "写接替它工作的另一个机构的全称。")
            ok = False
        elif agency.successor not in by_name:
            close = difflib.get_close_matches(agency.successor, list(by_name), n=1, cutoff=0.5)
            problems.error(
                path,
                line,
                "successor",
                f"“{agency.successor}”不在 agencies 中。",
                (f"是不是 {close[0]}？" if close else "")
                + "接替的机构也要写进 agencies（name、code、group），它的信息用它自己的代码编索引号。",
            )
            ok = False
    return agencies if ok else None


def _categories(path, data, problems) -> list[Category] | None:
    example = "例如：\n      categories:\n        - {name: 财政信息, slug: czxx}"
    items = _items(path, data, "categories", problems, example)
    if items is None:
        return None
    ok = True
    seen_slugs: dict[str, int] = {}
    former_at: dict[str, int] = {}  # a former slug's key -> its line

    def build(item, line, parent, order) -> Category | None:
        nonlocal ok
        name = _text(path, item, "name", problems, line, "写栏目名称，如 财政信息。")
        slug = _text(path, item, "slug", problems, line, "写网址片段（小写英文字母、数字、连字符），如 czxx。")
        if not _unknown_keys(path, item, CATEGORY_KEYS, "栏目", line, problems):
            ok = False
        if name is None or slug is None:
            ok = False
            return None
        if "/" in name:
            problems.error(
                path, line, "name", f"栏目名称 {name!r} 不能含有 /（/ 用来分隔一级和二级）。", "改用其他符号，如“、”。"
            )
            ok = False
        if not SLUG_RE.fullmatch(slug):
            problems.error(
                path, line, "slug", f"网址片段 {slug!r} 只能用小写英文字母、数字和连字符。", "网址不用中文，例如 czxx。"
            )
            ok = False
        why = _slug_clash(slug, parent) if SLUG_RE.fullmatch(slug) else None
        if why is not None:
            problems.error(
                path,
                line,
                "slug",
                f"网址片段 {slug} 不能用：{why}",
                "换一个网址片段（小写英文字母、数字、连字符），如栏目名称的拼音首字母。",
            )
            ok = False
        key = slug if parent is None else f"{parent.slug}/{slug}"
        if key in former_at:  # a former slug written above: it is the former that gives way
            problems.error(
                path,
                former_at[key],
                "former_slugs",
                f"旧网址片段 {slug} 现在是第 {line} 行栏目的网址片段：旧网址上的页面会和那个栏目的列表冲突。",
                f"从 former_slugs 删去 {slug}（这个地址现在是另一个栏目的）。",
            )
            ok = False
        elif key in seen_slugs:
            problems.error(
                path,
                line,
                "slug",
                f"网址片段 {slug} 重复（第 {seen_slugs[key]} 行已用）。",
                "同一层的栏目网址片段必须不同。",
            )
            ok = False
        seen_slugs[key] = line
        report_row = item.get("report_row")
        if report_row is not None and report_row not in REPORT_ROWS:
            problems.error(
                path,
                line,
                "report_row",
                f"“{report_row}”不是年报表二的一行。",
                "可写：" + "、".join(REPORT_ROWS) + "（这个栏目的每条记录计为一件处理决定）。",
            )
            ok = False
            report_row = None
        update_within = None
        if isinstance(item, dict) and "update_within" in item:
            update_within, wrong = periods.parse(item["update_within"])
            if wrong:
                problems.error(path, item.line_of("update_within", line), "update_within", wrong, periods.HINT)
                ok = False
        former = _former_slugs(path, item, line, slug, parent, problems)
        if former is None:
            ok, former = False, ()
        for old in former:
            key = old if parent is None else f"{parent.slug}/{old}"
            if key in seen_slugs or key in former_at:
                used = seen_slugs.get(key, former_at.get(key))
                problems.error(path, line, "former_slugs", f"旧网址片段 {old} 重复（第 {used} 行已用）。", _FORMER_HINT)
                ok = False
            former_at[key] = line
        cat = Category(
            name,
            slug,
            parent,
            order=order,
            report_row=report_row,
            update_within=update_within,
            line=line,
            former_slugs=former,
        )
        children = item.get("children")
        if children is not None:
            if parent is not None:
                problems.error(
                    path, line, "children", "公开目录最多两级。", "把第三级并入第二级，或在记录的关键词中区分。"
                )
                ok = False
            elif not isinstance(children, yamlio.LineList):
                problems.error(
                    path,
                    line,
                    "children",
                    "子栏目应写成列表。",
                    "例如：\n      children:\n        - {name: 财政预算, slug: ys}",
                )
                ok = False
            else:
                for j, (child, cline) in enumerate(zip(children, children.item_lines, strict=True)):
                    c = build(child, cline, cat, j)
                    if c is not None:
                        cat.children.append(c)
        return cat

    out = []
    names: dict[str, int] = {}
    for i, (item, line) in enumerate(zip(items, items.item_lines, strict=True)):
        cat = build(item, line, None, i)
        if cat is None:
            continue
        if cat.name in names:
            problems.error(
                path,
                line,
                "name",
                f"栏目 {cat.name} 重复（第 {names[cat.name]} 行已有）。",
                "删掉重复的一项，或改正名称。",
            )
            ok = False
        names[cat.name] = line
        out.append(cat)
    return out if ok else None


def _code_clash(code: str) -> str | None:
    """Why an agency code would put two pages at one URL, or None. The code is the first folder of
    its records' pages (`xxgk/<code>/2025-00001/`) and the folder of its list (`xxgk/agency/<code>/`).
    Compared without case: many servers (Windows, IIS) do not tell /Category/ from /category/."""
    low = code.casefold()
    if low in FOLDERS:
        return (
            f"网站的{FOLDERS[low]}都在 {low}/ 目录中，本机构的记录（如 {code}/2025-00001）也会落进这个目录，"
            f"与那里同名的{FOLDERS[low]}混在一起，有的记录会没有自己的页面。"
        )
    if low == PAGE:
        return f"{PAGE}/ 是列表翻页用的目录（如 …/{PAGE}/2/ 是第 2 页），留作网站自用。"
    if low == PAGE_FILE:
        return (
            f"{PAGE_FILE} 是网页的文件名：发布机构列表页 agency/{PAGE_FILE} 与本机构的目录 agency/{code}/ 同名，"
            "两者不能同时存在。"
        )
    return None


_FORMER_HINT = (
    "former_slugs 写这个栏目以前用过的网址片段（改名或拆分前的），旧网址上会留一页指向新网址；"
    "不能与现在的栏目网址相同。"
)


def _former_slugs(path, item, line: int, slug: str, parent, problems) -> tuple[str, ...] | None:
    """A category's `former_slugs` (one or a list), each a slug it could have had."""
    value = item.get("former_slugs") if isinstance(item, dict) else None
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and SLUG_RE.fullmatch(v) for v in values):
        problems.error(
            path, line, "former_slugs", "旧网址片段应是小写英文字母、数字和连字符，一个或一个列表。", _FORMER_HINT
        )
        return None
    for old in values:
        why = "就是现在的网址片段" if old == slug else _slug_clash(old, parent)
        if why is not None:
            problems.error(path, line, "former_slugs", f"旧网址片段 {old} 不能用：{why}", _FORMER_HINT)
            return None
    return tuple(dict.fromkeys(values))


def _slug_clash(slug: str, parent: Category | None) -> str | None:
    """Why a category slug would put two files at one URL, or None. A category's page is
    `xxgk/category/<slug>/` (a sub-category's `…/<parent>/<slug>/`, beside the parent's own pages
    `…/<parent>/page/2/`), its feed `xxgk/feeds/<slug>.xml` beside the site's."""
    if parent is None and slug in FEED_FILES:
        return f"栏目的订阅文件是 feeds/{slug}.xml，与{FEED_FILES[slug]} 同名，一个会覆盖另一个。"
    if parent is not None and slug == PAGE:
        return (
            f"上级栏目的列表翻页用 {parent.slug}/{PAGE}/2/ 这样的网址，"
            f"子栏目 {PAGE} 的页面 {parent.slug}/{PAGE}/ 会和它们混在一起。"
        )
    return None


def _home(path, data, problems) -> periods.Period | None:
    """`home: {update_within: 2 weeks}`: the home page is a column too (首页不更新 is a veto on its own)."""
    home = data.get("home")
    if home is None:
        return HOME_UPDATE_WITHIN
    line = data.line_of("home")
    if not isinstance(home, dict) or set(home) != {"update_within"}:
        problems.error(
            path, line, "home", "首页只能写更新周期 update_within。", "例如：\n      home: {update_within: 2 weeks}"
        )
        return None
    period, wrong = periods.parse(home["update_within"])
    if not wrong and not period:
        wrong = "首页不能不更新：首页栏目 2 周内没有新信息即单项否决（网站不更新）。"
    if wrong:
        problems.error(
            path,
            home.line_of("update_within", line),
            "home.update_within",
            wrong,
            "例如 2 weeks（全国检查指标的要求）。",
        )
        return None
    return period


def _topics(path, data, problems) -> dict[str, list[str]] | None:
    topics = data.get("topics")
    if topics is None:
        return TOPICS
    if not isinstance(topics, dict) or not all(
        isinstance(k, str) and (v is None or (isinstance(v, list) and all(isinstance(s, str) for s in v)))
        for k, v in topics.items()
    ):
        problems.error(
            path,
            data.line_of("topics"),
            "topics",
            "主题分类应写成“一级: [二级, 二级]”的形式。",
            "例如：\n      topics:\n        综合政务: [政务公开, 其他]\n        其他: []",
        )
        return None
    for name in [*topics, *(s for v in topics.values() for s in v or [])]:
        wrong = plaintext.problem(name)
        if wrong:
            problems.error(path, data.line_of("topics"), "topics", f"主题“{name[:20]}”" + wrong[0], wrong[1])
            return None
    return {k: list(v or []) for k, v in topics.items()}
