"""The annual reports as open data, and several of them added up (gongkai aggregate).

`/data/annual/<slug>.json`, one a report (`2024.json` the government's, `2024-czj.json` an agency's),
holds every figure of the report's page: tables 二, 三 and 四 cell by cell (keyed as `gongkai report
--format json` prints them), the records published in the year by agency group and by category, the
requests answered on time, the fees by the rule they were charged under, whose report it is and
whether its figures are frozen (gongkai.portal.frozen). `/data/annual/schema.json` is its JSON Schema.

`gongkai aggregate` reads several such files (a county's agencies, or counties of a city or province)
and adds them into one document of the same format, which can be added again. It refuses what cannot
be added: files of different years, formats or versions, a report counted twice (the same issuer
twice, or a government's report beside one of its own agencies'), a table whose identities do not
hold. A row one report declares not applicable ("/", JSON null) adds nothing; a row no report applies
stays "/".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.model.defaults import DOC_TYPES, REPORT_ROWS
from gongkai.portal import annual, tables
from gongkai.portal.annual import APPEAL_COLUMNS, APPEAL_GROUPS, COLUMNS, ROW_KEYS, AnnualTables, DocCounts
from gongkai.portal.frozen import CATEGORY, GROUP, row_labels

#: The national format the tables follow; a file of another format is not added to ours.
FORMAT = "国办公开办函〔2021〕30号"
#: The version of this file's layout: a reader refuses versions it does not know.
VERSION = 1
SCHEMA = "annual/schema.json"
FEES_ROW = "行政事业性收费（万元）"
#: The largest figure a report's cell may hold (see `_Reader.count`).
MAX_FIGURE = 10**12
T2_ROWS = (*DOC_TYPES, *REPORT_ROWS, FEES_ROW)
#: Table 四's groups as keyed in the JSON (and the CSV): 行政复议, 行政诉讼/<route>.
T4_LABELS = tuple(g if g == "行政复议" else f"行政诉讼/{g}" for g in APPEAL_GROUPS)


@dataclass(frozen=True)
class Part:
    """One report a document adds up: whose it is and of which government."""

    issuer: str
    government: str | None = None
    scope: str | None = None  # None: the government's own report


@dataclass(frozen=True)
class Annual:
    """The figures of one report (or of several added up), as the open data holds them."""

    year: int
    title: str
    issuer: str
    tables: AnnualTables
    government: str | None = None
    scope: str | None = None
    group: str | None = None
    published: str | None = None  # YYYY-MM-DD
    frozen: bool = False
    parts: tuple[Part, ...] = ()
    records: dict = field(default_factory=dict)  # 合计, 分组 {group: n}, 栏目 {path: n}
    requests: dict[str, int] = field(default_factory=dict)
    fees_yuan: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def of_report(report, fig, government: str | None) -> Annual:
    """The open data of a report with its figures (frozen, else counted: gongkai.portal.frozen)."""
    published = fig.published
    records = {
        "合计": published.get("合计", 0),
        "分组": {k.removeprefix(GROUP): n for k, n in published.items() if k.startswith(GROUP)},
        "栏目": {k.removeprefix(CATEGORY): n for k, n in published.items() if k.startswith(CATEGORY)},
    }
    scope = report.scope.name if report.scope else None
    return Annual(
        year=report.year,
        title=report.title,
        issuer=report.issuer,
        tables=fig.tables,
        government=government,
        scope=scope,
        group=report.scope.group if report.scope else None,
        published=report.published.isoformat() if report.published else None,
        frozen=fig.frozen,
        parts=(Part(report.issuer, government, scope),),
        records=records,
        requests=dict(fig.requests),
        fees_yuan=dict(fig.fees),
    )


def to_json(a: Annual, schema_url: str) -> str:
    """The document; the same figures give the same bytes (no dates of the build, a fixed key order)."""
    t = tables.to_json(a.tables)
    sources = {row: a.tables.table2.sources.get(row, "") for row in (*DOC_TYPES, *REPORT_ROWS, "行政事业性收费")}
    document = {
        "$schema": schema_url,
        "format": FORMAT,
        "version": VERSION,
        "year": a.year,
        "title": a.title,
        "issuer": a.issuer,
        "government": a.government,
        "scope": a.scope,
        "group": a.group,
        "published": a.published,
        "frozen": a.frozen,
        "parts": [{"issuer": p.issuer, "government": p.government, "scope": p.scope} for p in a.parts],
        "table2": t["table2"],
        "table2_sources": sources,
        "table3": t["table3"],
        "table4": t["table4"],
        "table4_carried_over": {
            label: a.tables.table4.carried_over.get(g, 0) for g, label in zip(APPEAL_GROUPS, T4_LABELS, strict=True)
        },
        "records": a.records,
        "requests": a.requests,
        "fees_yuan": a.fees_yuan,
        "notes": list(a.notes),
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


# -- reading ------------------------------------------------------------------------------------


class Unreadable(Exception):
    """A file that is not an annual-report document of this format: every problem, said in Chinese."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def read(path: Path) -> Annual:
    """The document at `path`; raises `Unreadable` with every problem found."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fix = "改法：给出年报数据文件 /data/annual/<年份>.json 的本地副本。"
        raise Unreadable([f"{name}：无法读取（{exc}）。{fix}"]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        said = f"{name}:{exc.lineno}: 不是有效的 JSON（第 {exc.colno} 列：{exc.msg}）。"
        raise Unreadable([said + "改法：重新下载这个文件，不要手改。"]) from None
    except (ValueError, RecursionError):  # a number of more digits than Python reads, nesting too deep
        said = f"{name}：不是有效的年报数据（数字位数过多或嵌套过深）。"
        raise Unreadable([said + "改法：重新下载这个文件，不要手改。"]) from None
    return _Reader(name).document(data)


class _Reader:
    def __init__(self, name: str):
        self.name, self.messages = name, []

    def wrong(self, where: str, what: str, fix: str = "重新下载这个文件，不要手改") -> None:
        self.messages.append(f"{self.name}：{where} {what}。改法：{fix}。")

    def get(self, obj: dict, key: str, where: str, kinds: tuple, nullable: bool = False):
        at = f"{where}.{key}" if where else key
        if not isinstance(obj, dict) or key not in obj:
            self.wrong(at, "缺少")
            return None
        value = obj[key]
        if value is None and nullable:
            return None
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            self.wrong(at, f"的值 {json.dumps(value, ensure_ascii=False)[:40]} 类型不对")
            return None
        return value

    def count(self, obj: dict, key: str, where: str, whole: bool = True, nullable: bool = False):
        value = self.get(obj, key, where, (int,) if whole else (int, float), nullable)
        # Bounded: an int past a float's range raised out of isfinite, and two files' near-largest
        # floats summed to infinity; no county counts or charges (万元) a trillion of anything.
        if value is not None and not (0 <= value <= MAX_FIGURE):
            shown = str(value) if len(str(value)) <= 24 else f"{str(value)[:12]}…（{len(str(value))} 位）"
            self.wrong(f"{where}.{key}", f"应为不小于 0 的数，且不超过 {MAX_FIGURE:,}，现在是 {shown}")
            return None
        return value

    def document(self, data) -> Annual:
        if not isinstance(data, dict):
            said = f"{self.name}：不是年报数据（应为一个 JSON 对象）。"
            raise Unreadable([said + "改法：给出 /data/annual/<年份>.json。"])
        fmt, version = data.get("format"), data.get("version")
        if fmt != FORMAT:
            raise Unreadable(
                [
                    f"{self.name}：不是按《中华人民共和国政府信息公开工作年度报告格式》（{FORMAT}）编制的年报数据"
                    f"（format 是 {json.dumps(fmt, ensure_ascii=False)}），表格不同，不能相加。"
                    "改法：只给出同一格式的年报数据文件。"
                ]
            )
        if version != VERSION:
            raise Unreadable(
                [
                    f"{self.name}：数据格式版本是 {json.dumps(version)}，本程序只读版本 {VERSION}。"
                    "改法：用同一版本的 gongkai 生成的文件，或升级 gongkai。"
                ]
            )
        year = self.get(data, "year", "", (int,))
        title, issuer = self.get(data, "title", "", (str,)), self.get(data, "issuer", "", (str,))
        government = self.get(data, "government", "", (str,), nullable=True)
        scope = self.get(data, "scope", "", (str,), nullable=True)
        group = self.get(data, "group", "", (str,), nullable=True)
        published = self.get(data, "published", "", (str,), nullable=True)
        frozen = self.get(data, "frozen", "", (bool,))
        parts = tuple(self.part(p, f"parts[{i}]") for i, p in enumerate(self.get(data, "parts", "", (list,)) or []))
        t2 = self.table2(self.get(data, "table2", "", (dict,)) or {})
        sources = self.get(data, "table2_sources", "", (dict,)) or {}
        t3 = self.table3(self.get(data, "table3", "", (dict,)) or {})
        t4 = self.table4(self.get(data, "table4", "", (dict,)) or {})
        carried_in = self.get(data, "table4_carried_over", "", (dict,)) or {}
        carried = {g: self.count(carried_in, label, "table4_carried_over") or 0 for g, label in zip(
            APPEAL_GROUPS, T4_LABELS, strict=True
        )}  # fmt: skip
        records = self.records(self.get(data, "records", "", (dict,)) or {})
        requests = self.numbers(self.get(data, "requests", "", (dict,)) or {}, "requests", whole=True)
        fees = self.numbers(self.get(data, "fees_yuan", "", (dict,)) or {}, "fees_yuan", whole=False)
        notes = self.get(data, "notes", "", (list,)) or []
        if not parts and issuer:
            self.wrong("parts", "是空的：不知道这份数据由哪些年报构成")
        if self.messages:
            raise Unreadable(self.messages)
        docs, decisions, fees_wan, not_applicable = t2
        for row in not_applicable:
            not_applicable[row] = str(sources.get(row, "")).removeprefix("不适用：") or not_applicable[row]
        table2 = annual.Table2(
            docs, decisions, frozenset(), fees_wan, not_applicable, {}, {k: str(v) for k, v in sources.items()}
        )
        tables_ = AnnualTables(year, None, table2, annual.Table3(t3), annual.Table4(t4, carried_over=carried))
        for broken in tables_.broken_identities():
            self.messages.append(
                f"{self.name}：勾稽关系不成立：{broken}。改法：重新下载这个文件；仍不成立的，请发布方核对。"
            )
        if self.messages:
            raise Unreadable(self.messages)
        return Annual(
            year, title, issuer, tables_, government, scope, group, published, frozen, parts, records, requests,
            fees, tuple(str(n) for n in notes),
        )  # fmt: skip

    def part(self, obj, where: str) -> Part:
        return Part(
            self.get(obj, "issuer", where, (str,)) or "",
            self.get(obj, "government", where, (str,), nullable=True),
            self.get(obj, "scope", where, (str,), nullable=True),
        )

    def table2(self, obj: dict):
        docs, decisions, not_applicable = {}, {}, {}
        reasons = obj.get("不适用") if isinstance(obj.get("不适用"), dict) else {}
        for d in DOC_TYPES:
            cells = self.get(obj, d, "table2", (dict,)) or {}
            values = [self.count(cells, c, f"table2.{d}", nullable=True) for c in tables.DOC_COLUMNS]
            if isinstance(cells, dict) and all(cells.get(c) is None for c in tables.DOC_COLUMNS) and cells:
                not_applicable[d] = str(reasons.get(d, "不适用"))
            docs[d] = DocCounts(*(v or 0 for v in values))
        for row in REPORT_ROWS:
            value = self.count(obj, row, "table2", nullable=True)
            if isinstance(obj, dict) and row in obj and obj[row] is None:
                not_applicable[row] = str(reasons.get(row, "不适用"))
            decisions[row] = value or 0
        fees = self.count(obj, FEES_ROW, "table2", whole=False, nullable=True)
        if isinstance(obj, dict) and FEES_ROW in obj and obj[FEES_ROW] is None:
            not_applicable["行政事业性收费"] = str(reasons.get("行政事业性收费", "不适用"))
        return docs, decisions, fees or 0, not_applicable

    def table3(self, obj: dict) -> dict[str, tuple[int, ...]]:
        labels = _row_labels()
        out = {}
        for key in ROW_KEYS:
            cells = self.get(obj, labels[key], "table3", (dict,)) or {}
            out[key] = tuple(self.count(cells, c, f"table3.{labels[key]}") or 0 for c in COLUMNS)
        return out

    def table4(self, obj: dict) -> dict[str, tuple[int, ...]]:
        out = {}
        for group, label in zip(APPEAL_GROUPS, T4_LABELS, strict=True):
            cells = self.get(obj, label, "table4", (dict,)) or {}
            out[group] = tuple(self.count(cells, c, f"table4.{label}") or 0 for c in APPEAL_COLUMNS)
        return out

    def records(self, obj: dict) -> dict:
        total = self.count(obj, "合计", "records") or 0
        groups = self.numbers(self.get(obj, "分组", "records", (dict,)) or {}, "records.分组", whole=True)
        categories = self.numbers(self.get(obj, "栏目", "records", (dict,)) or {}, "records.栏目", whole=True)
        return {"合计": total, "分组": groups, "栏目": categories}

    def numbers(self, obj: dict, where: str, whole: bool) -> dict:
        return {str(k): self.count(obj, k, where, whole=whole) or 0 for k in obj}


def _row_labels() -> dict[str, str]:
    return row_labels()


# -- adding up ----------------------------------------------------------------------------------


class Refused(Exception):
    """Documents that cannot be added: every reason, in Chinese."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def add(named: list[tuple[str, Annual]], issuer: str | None = None) -> Annual:
    """The documents (each with its file's name) added into one; raises `Refused` when they cannot be."""
    if not named:
        raise Refused(["没有要相加的年报数据。改法：给出至少一个 /data/annual/<年份>.json 文件。"])
    problems = []
    years = {a.year for _, a in named}
    if len(years) > 1:
        listed = "；".join(f"{name} 是 {a.year} 年的" for name, a in named)
        problems.append(f"不同年份的年报不能相加：{listed}。改法：只给出同一年的年报数据文件。")
    seen: dict[str, str] = {}
    for name, a in named:
        for p in a.parts:
            if p.issuer in seen:
                problems.append(
                    f"{p.issuer}的年报算了两次：{seen[p.issuer]} 和 {name} 都含有它。改法：每份年报只给一次。"
                )
            seen.setdefault(p.issuer, name)
    governments = {p.issuer: name for name, a in named for p in a.parts if p.scope is None}
    for name, a in named:
        for p in a.parts:
            if p.scope is not None and p.government in governments:
                problems.append(
                    f"{p.issuer}的数字已含在{p.government}的年报（{governments[p.government]}）中，"
                    f"再加 {name} 就算了两次。改法：相加全县（市、区）的年报，或相加各部门的年报，不要混在一起。"
                )
    if problems:
        raise Refused(problems)
    year = named[0][1].year
    docs = [a for _, a in named]
    t2, notes = _add_table2([a.tables.table2 for a in docs], [a.issuer for a in docs])
    t3 = {k: _sum(a.tables.table3.rows[k] for a in docs) for k in ROW_KEYS}
    t4 = {g: _sum(a.tables.table4.groups[g] for a in docs) for g in APPEAL_GROUPS}
    carried = {g: sum(a.tables.table4.carried_over.get(g, 0) for a in docs) for g in APPEAL_GROUPS}
    t = AnnualTables(year, None, t2, annual.Table3(t3), annual.Table4(t4, carried_over=carried))
    broken = t.broken_identities()
    if broken:  # each part holds them, so only a bug gets here
        raise Refused([f"相加后勾稽关系不成立（程序错误，请报告）：{b}" for b in broken])
    governments_of = {a.government for a in docs}
    groups_of = {a.group for a in docs}
    name = issuer or f"{len(docs)} 份年报合计"
    return Annual(
        year=year,
        title=f"{name}{year}年政府信息公开工作年度报告（汇总）" if issuer else f"{name}（{year}年）",
        issuer=name,
        tables=t,
        government=governments_of.pop() if len(governments_of) == 1 else None,
        scope=None,
        group=groups_of.pop() if len(groups_of) == 1 else None,
        published=None,
        frozen=all(a.frozen for a in docs),
        parts=tuple(p for a in docs for p in a.parts),
        records={
            "合计": sum(a.records.get("合计", 0) for a in docs),
            "分组": _add_maps(a.records.get("分组", {}) for a in docs),
            "栏目": _add_maps(a.records.get("栏目", {}) for a in docs),
        },
        requests=_add_maps(a.requests for a in docs),
        fees_yuan=_add_maps(a.fees_yuan for a in docs),
        notes=tuple(notes),
    )


def _sum(rows) -> tuple[int, ...]:
    return tuple(sum(cells) for cells in zip(*rows, strict=True))


def _add_maps(maps) -> dict:
    """Several {name: n} added, names in the order they first appear (amounts in 分, not float sums)."""
    out: dict = {}
    for m in maps:
        for k, v in m.items():
            out[k] = out.get(k, 0) + v
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in out.items()}


def _add_table2(parts: list[annual.Table2], issuers: list[str]):
    """Table 二 added: a row not applicable to some reports adds the others (said in a note); to all, "/"."""
    notes, not_applicable = [], {}

    def applies(row: str) -> list[int]:
        out = [i for i, t2 in enumerate(parts) if row not in t2.not_applicable]
        if not out:
            reasons = dict.fromkeys(t2.not_applicable[row] for t2 in parts)
            not_applicable[row] = "；".join(reasons)
        elif len(out) < len(parts):
            left = [issuers[i] for i in range(len(parts)) if i not in out]
            notes.append(f"表二“{row}”对 {'、'.join(left)} 不适用，合计只含其余 {len(out)} 份年报")
        return out

    docs = {}
    for d in DOC_TYPES:
        used = applies(d)
        docs[d] = DocCounts(*_sum(
            (parts[i].docs[d].issued, parts[i].docs[d].abolished, parts[i].docs[d].valid) for i in used
        )) if used else DocCounts(0, 0, 0)  # fmt: skip
    decisions = {row: sum(parts[i].decisions[row] for i in applies(row)) for row in REPORT_ROWS}
    fees = round(sum(parts[i].fees_wan for i in applies("行政事业性收费")) * 10000) / 10000  # 万元 to the 元
    sources = {row: "各年报相加" for row in (*DOC_TYPES, *REPORT_ROWS, "行政事业性收费")}
    sources.update({row: f"不适用：{why}" for row, why in not_applicable.items()})
    return annual.Table2(docs, decisions, frozenset(), fees, not_applicable, {}, sources), notes


# -- the JSON Schema ------------------------------------------------------------------------------


def json_schema(schema_url: str) -> str:
    """The JSON Schema (draft 2020-12) of /data/annual/<slug>.json, from the same labels as the tables."""

    def counts(columns, number="integer", nullable=False):
        kind = [number, "null"] if nullable else number
        return {
            "type": "object",
            "properties": {c: {"type": kind, "minimum": 0} for c in columns},
            "required": list(columns),
            "additionalProperties": False,
        }

    def strings(description):
        return {"type": "object", "description": description, "additionalProperties": {"type": "string"}}

    def numbers(description, number="integer"):
        return {"type": "object", "description": description, "additionalProperties": {"type": number, "minimum": 0}}

    labels = _row_labels()
    table2 = {
        **{d: counts(tables.DOC_COLUMNS, nullable=True) for d in DOC_TYPES},
        **{row: {"type": ["integer", "null"], "minimum": 0} for row in REPORT_ROWS},
        FEES_ROW: {"type": ["number", "null"], "minimum": 0},
        "不适用": strings("不适用的行及理由（这些行的数值为 null，表中印“/”）"),
    }
    nullable_text = {"type": ["string", "null"]}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url,
        "title": "政府信息公开工作年度报告（开放数据）",
        "description": f"按《中华人民共和国政府信息公开工作年度报告格式》（{FORMAT}）的表二、表三、表四，逐格；"
        "gongkai aggregate 可把同一年的多份相加。",
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "format": {"const": FORMAT, "description": "表格格式"},
            "version": {"const": VERSION, "description": "本数据格式的版本"},
            "year": {"type": "integer", "description": "报告年度"},
            "title": {"type": "string", "description": "报告标题"},
            "issuer": {"type": "string", "description": "发布机关（本级政府或某一部门）"},
            "government": {**nullable_text, "description": "所属的本级政府"},
            "scope": {**nullable_text, "description": "部门年报的部门；本级政府的年报为 null"},
            "group": {**nullable_text, "description": "部门年报的机构分组（县直部门、乡镇…）"},
            "published": {**nullable_text, "description": "发布日期 YYYY-MM-DD；未发布或汇总为 null"},
            "frozen": {"type": "boolean", "description": "数字是否已于发布时冻结（此后资料的更正不改动）"},
            "parts": {
                "type": "array",
                "description": "构成这份数据的年报（单份年报只有它自己）",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {"issuer": {"type": "string"}, "government": nullable_text, "scope": nullable_text},
                    "required": ["issuer", "government", "scope"],
                    "additionalProperties": False,
                },
            },
            "table2": {
                "type": "object",
                "description": "二、主动公开政府信息情况",
                "properties": table2,
                "required": list(T2_ROWS),
                "additionalProperties": False,
            },
            "table2_sources": strings("表二各行数字的来源：记录、年报、栏目：…、不适用：理由"),
            "table3": {
                "type": "object",
                "description": "三、收到和处理政府信息公开申请情况：各行按申请人类型",
                "properties": {labels[k]: counts(COLUMNS) for k in ROW_KEYS},
                "required": [labels[k] for k in ROW_KEYS],
                "additionalProperties": False,
            },
            "table4": {
                "type": "object",
                "description": "四、政府信息公开行政复议、行政诉讼情况",
                "properties": {label: counts(APPEAL_COLUMNS) for label in T4_LABELS},
                "required": list(T4_LABELS),
                "additionalProperties": False,
            },
            "table4_carried_over": {
                **counts(T4_LABELS),
                "description": "表四各组总计中，以前年度立案、本年1月1日尚未审结（上年结转）的案件数",
            },
            "records": {
                "type": "object",
                "description": "本年主动公开的信息条数：合计、按机构分组、按公开目录栏目（子栏目的也计入上级栏目）",
                "properties": {
                    "合计": {"type": "integer", "minimum": 0},
                    "分组": numbers("按机构分组"),
                    "栏目": numbers("按栏目（上级/下级）"),
                },
                "required": ["合计", "分组", "栏目"],
                "additionalProperties": False,
            },
            "requests": numbers(
                "本年答复、按期答复、逾期答复、年底已逾期的申请件数；期限：<条例> 为按该条例计算期限的件数"
            ),
            "fees_yuan": numbers("按收费依据的信息处理费（元）", "number"),
            "notes": {"type": "array", "items": {"type": "string"}, "description": "相加时的说明"},
        },
        "required": [
            "format",
            "version",
            "year",
            "title",
            "issuer",
            "government",
            "scope",
            "group",
            "published",
            "frozen",
            "parts",
            "table2",
            "table2_sources",
            "table3",
            "table4",
            "table4_carried_over",
            "records",
            "requests",
            "fees_yuan",
            "notes",
        ],  # fmt: skip
        "additionalProperties": False,
    }
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"
