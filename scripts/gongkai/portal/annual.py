"""Tables 二, 三 and 四 of the annual report (国办公开办函〔2021〕30号), computed from the data.

Counting rules for a year Y (documented in the README):
- Table 二: a 规章/行政规范性文件 counts as 制发 in the year of its 成文日期 (else its 发布日期), as 废止
  in the year of `abolished` (失效 or 废止), as 现行有效 when published by 31 Dec and not abolished by then.
  行政许可/处罚/强制: the report's figure, else the records published in Y in the categories that
  taxonomy.yml marks with `report_row`.
- Table 三: 一 = received in Y; 二 = received earlier and open on 1 Jan; 三 = replied in Y, one row
  each; 四 = of 一 + 二, still open on 31 Dec.
- Table 四: the cases of Y, as table 三 counts requests: filed in Y, or filed earlier and still pending on
  1 Jan (上年结转); each under the result known on 31 Dec, 尚未审结 when there is none yet. A case filed in
  one year and concluded in the next is 尚未审结 in the first report and shows its result in the second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.model.defaults import APPLICANTS, DOC_TYPES, OUTCOMES, REPORT_ROWS
from gongkai.model.ledgers import Appeal, Request
from gongkai.model.records import Record
from gongkai.model.reports import Report
from gongkai.model.taxonomy import Agency

COLUMNS = (*APPLICANTS, "总计")
APPEAL_GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")
APPEAL_COLUMNS = ("维持", "纠正", "其他", "尚未审结", "总计")
NUMERALS = ("（一）", "（二）", "（三）", "（四）", "（五）", "（六）")
NEW = "一、本年新收政府信息公开申请数量"
CARRIED_OVER = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
TOTAL = "（七）总计"
CARRIED_FORWARD = "四、结转下年度继续办理"


def result_rows() -> list[tuple[str, str]]:
    """(key, label) of the 22 result rows of table 三, in the national order."""
    out = []
    for numeral, (outcome, reasons) in zip(NUMERALS, OUTCOMES.items(), strict=True):
        note = "（区分处理的，只计这一情形，不计其他情形）" if outcome == "部分公开" else ""
        if not reasons:
            out.append((outcome, f"{numeral}{outcome}{note}"))
        out += [(f"{outcome}/{reason}", f"{i}.{reason}") for i, reason in enumerate(reasons, 1)]
    return out


RESULT_KEYS = tuple(key for key, _ in result_rows())
ROW_KEYS = ("new", "carried_over", *RESULT_KEYS, "total", "carried_forward")
ROW_LABELS = {
    "new": NEW,
    "carried_over": CARRIED_OVER,
    **dict(result_rows()),
    "total": TOTAL,
    "carried_forward": CARRIED_FORWARD,
}


@dataclass(frozen=True)
class DocCounts:
    issued: int
    abolished: int
    valid: int


@dataclass(frozen=True)
class Table2:
    docs: dict[str, DocCounts]  # 规章, 行政规范性文件
    decisions: dict[str, int]  # 行政许可, 行政处罚, 行政强制
    from_records: frozenset[str]  # decision counts taken from records (the report gave none)
    fees_wan: float
    #: Rows the site declares not applicable (printed "/"), with the reason printed under the table.
    not_applicable: dict[str, str] = field(default_factory=dict)
    #: Not-applicable document rows that records nevertheless fill: row -> their 索引号.
    conflicts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Where each row's figure comes from: 记录, 年报, 栏目：<category paths>, 不适用：<reason>.
    sources: dict[str, str] = field(default_factory=dict)
    #: (row, column) -> the 索引号 counted in that cell.
    ids: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Table3:
    rows: dict[str, tuple[int, ...]]  # ROW_KEYS -> one count per COLUMNS
    #: (row, column) -> the case numbers counted in that cell.
    ids: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def cell(self, row: str, column: str) -> int:
        return self.rows[row][COLUMNS.index(column)]


@dataclass(frozen=True)
class Table4:
    groups: dict[str, tuple[int, ...]]  # APPEAL_GROUPS -> one count per APPEAL_COLUMNS
    #: (group, column) -> the case numbers counted in that cell; (group, CARRIED) those carried over.
    ids: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: Of each group's 总计, the cases filed in an earlier year and still pending on 1 January (上年结转).
    carried_over: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AnnualTables:
    year: int
    scope: Agency | None
    table2: Table2
    table3: Table3
    table4: Table4

    def broken_identities(self) -> list[str]:
        """The identities of the national format that do not hold (reference notes §1.4, §1.5)."""
        out = []
        rows = self.table3.rows
        for row, values in rows.items():
            if values[-1] != sum(values[:-1]):
                out.append(f"表三 {ROW_LABELS[row]}：总计 {values[-1]} ≠ 各类申请人之和 {sum(values[:-1])}")
        for i, column in enumerate(COLUMNS):
            results = sum(rows[k][i] for k in RESULT_KEYS)
            if rows["total"][i] != results:
                out.append(f"表三 {column} 列：（七）总计 {rows['total'][i]} ≠ 各项办理结果之和 {results}")
            left = rows["new"][i] + rows["carried_over"][i]
            right = rows["total"][i] + rows["carried_forward"][i]
            if left != right:
                out.append(f"表三 {column} 列：一 + 二 = {left} ≠ 三（七） + 四 = {right}")
        for group, values in self.table4.groups.items():
            if values[-1] != sum(values[:-1]):
                out.append(f"表四 {group}：总计 {values[-1]} ≠ 各项结果之和 {sum(values[:-1])}")
        return out


def compute(
    year: int,
    records: Iterable[Record],
    requests: Iterable[Request],
    appeals: Iterable[Appeal],
    report: Report | None = None,
    report_rows: dict[str, str] | None = None,
    scope: Agency | None = None,
    not_applicable: dict[str, str] | None = None,
) -> AnnualTables:
    """The three tables of `year` for `scope` (an agency, or None for the whole government).

    `report_rows` maps a category path to the table 二 row its records count in (taxonomy `report_row`);
    `not_applicable` the table 二 rows the site declares do not apply to this report to the reason.
    """

    def mine(items):
        return [x for x in items if scope is None or x.agency == scope]

    return AnnualTables(
        year,
        scope,
        table2(year, mine(records), report, report_rows or {}, not_applicable or {}),
        table3(year, mine(requests)),
        table4(year, mine(appeals)),
    )


def issued_on(record: Record) -> dt.date:
    """The day a document counts as 制发: its 成文日期, else its 发布日期."""
    return record.written or record.published


def table2(
    year: int,
    records: list[Record],
    report: Report | None,
    report_rows: dict[str, str],
    not_applicable: dict[str, str] | None = None,
) -> Table2:
    end = dt.date(year, 12, 31)
    not_applicable = {row: why for row, why in (not_applicable or {}).items()}
    docs, conflicts, ids = {}, {}, {}
    for doc_type in DOC_TYPES:
        mine = [r for r in records if r.doc_type == doc_type]
        if doc_type in not_applicable and mine:
            conflicts[doc_type] = tuple(sorted(r.index_no for r in mine))
        cells = {
            "本年制发件数": [r for r in mine if issued_on(r).year == year],
            "本年废止件数": [r for r in mine if r.abolished is not None and r.abolished.year == year],
            # In force needs publication (a document signed in December and published in January is
            # not in force on 31 December); the report must not change when it is rebuilt later.
            "现行有效件数": [r for r in mine if r.published <= end and (r.abolished is None or r.abolished > end)],
        }
        docs[doc_type] = DocCounts(*(len(v) for v in cells.values()))
        ids.update({(doc_type, c): tuple(sorted(r.index_no for r in v)) for c, v in cells.items()})
    decisions, from_records, sources = {}, set(), {d: "记录" for d in DOC_TYPES}
    given = {"行政许可": "permits", "行政处罚": "penalties", "行政强制": "enforcements"}
    for row in REPORT_ROWS:
        value = getattr(report, given[row]) if report is not None else None
        sources[row] = "年报"
        if row in not_applicable:
            value = 0
        elif value is None:
            counted = [r for r in records if r.year == year and _report_row(r, report_rows) == row]
            value = len(counted)
            ids[(row, "本年处理决定数量")] = tuple(sorted(r.index_no for r in counted))
            from_records.add(row)
            sources[row] = "栏目：" + "、".join(path for path, r in report_rows.items() if r == row)
        decisions[row] = value
    sources["行政事业性收费"] = "年报"
    for row, why in not_applicable.items():
        sources[row] = f"不适用：{why}"
    fees = report.fees_wan if report is not None else 0
    return Table2(docs, decisions, frozenset(from_records), fees, not_applicable, conflicts, sources, ids)


def _report_row(record: Record, report_rows: dict[str, str]) -> str | None:
    return report_rows.get(record.category.path) or (
        report_rows.get(record.category.parent.path) if record.category.parent is not None else None
    )


def table3(year: int, requests: list[Request]) -> Table3:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = {key: [0] * len(APPLICANTS) for key in ROW_KEYS}
    ids: dict[tuple[str, str], list[str]] = {}

    def count(row, r):
        rows[row][APPLICANTS.index(r.applicant)] += 1
        for column in (r.applicant, "总计"):
            ids.setdefault((row, column), []).append(r.id)

    for r in requests:
        if r.received.year == year:
            count("new", r)
        elif r.received < start and r.open_at_end_of(start - dt.timedelta(days=1)):
            count("carried_over", r)
        else:
            continue
        if r.replied is not None and r.replied.year == year:
            count(r.result_row, r)
            count("total", r)
        elif r.open_at_end_of(end):
            count("carried_forward", r)
    return Table3({k: (*v, sum(v)) for k, v in rows.items()}, {k: tuple(sorted(v)) for k, v in ids.items()})


#: Table 四's count of cases carried over from earlier years (not a column of the format: said in a note).
CARRIED = "其中上年结转"


def table4(year: int, appeals: list[Appeal]) -> Table4:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    groups = {g: [0] * (len(APPEAL_COLUMNS) - 1) for g in APPEAL_GROUPS}
    carried = dict.fromkeys(APPEAL_GROUPS, 0)
    ids: dict[tuple[str, str], list[str]] = {}
    for a in appeals:
        earlier = a.filed < start and a.result_on(start - dt.timedelta(days=1)) == "尚未审结"
        if a.filed.year == year or earlier:
            result = a.result_on(end)
            groups[a.group][APPEAL_COLUMNS.index(result)] += 1
            for column in (result, "总计", *((CARRIED,) if earlier else ())):
                ids.setdefault((a.group, column), []).append(a.id)
            carried[a.group] += earlier
    return Table4({g: (*v, sum(v)) for g, v in groups.items()}, {k: tuple(sorted(v)) for k, v in ids.items()}, carried)
