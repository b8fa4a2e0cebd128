"""Tables 二/三/四 laid out as the national format prints them (merged header cells included),
and as flat grids for CSV, JSON and the terminal."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gongkai.model.defaults import APPLICANTS, DOC_TYPES, OUTCOMES
from gongkai.portal.annual import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    CARRIED_FORWARD,
    CARRIED_OVER,
    COLUMNS,
    NEW,
    NUMERALS,
    RESULT_KEYS,
    RESULTS,
    ROW_LABELS,
    TOTAL,
    AnnualTables,
)
from gongkai.text import csvfile, templating

TITLES = {
    "table2": "二、主动公开政府信息情况",
    "table3": "三、收到和处理政府信息公开申请情况",
    "table4": "四、政府信息公开行政复议、行政诉讼情况",
}
IDENTITY_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
DOC_COLUMNS = ("本年制发件数", "本年废止件数", "现行有效件数")
APPEAL_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_BLOCKS = (
    ("第二十条第（五）项", "本年处理决定数量", ("行政许可",)),
    ("第二十条第（六）项", "本年处理决定数量", ("行政处罚", "行政强制")),
)


#: What a cell the site declares not applicable shows, as published reports print it.
NA = "/"


def number(value) -> str:
    """12 -> "12", 35.60 -> "35.6": as a clerk writes amounts; "/" stays "/"."""
    if value == NA:
        return NA
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


# -- HTML (templates/annual.html) ---------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A cell of a table as printed: a header (`th`) with the rows and columns it spans and its scope,
    or a figure."""

    text: str
    header: bool = False
    rows: int = 1
    cols: int = 1
    scope: str = ""


@dataclass(frozen=True)
class Table:
    """One HTML table: its name for screen readers, its rows of cells (`head`, `body`); `label_col`:
    a first column for the row labels, three for the figures (table 二's blocks)."""

    label: str
    head: list[list[Cell]]
    body: list[list[Cell]]
    label_col: bool = False


def _th(text: str, *, rows: int = 1, cols: int = 1, scope: str = "") -> Cell:
    return Cell(text, header=True, rows=rows, cols=cols, scope=scope)


def _tds(values) -> list[Cell]:
    return [Cell(number(v)) for v in values]


def _html(kind: str, tables: list[Table], wide: bool = False) -> str:
    """The tables of `kind` in the box that scrolls them sideways on a phone (see the template)."""
    return _macros().annual(kind, TITLES[kind][:1], tables, wide)


@cache
def _macros():
    return TEMPLATES.get_template("annual.html").module


TEMPLATES = templating.environment(Path(__file__).resolve().parent / "templates")


# Header cells: the headers the HTML table algorithm finds for each data cell (scanning left along
# its row and up its column) are the national format's row and column labels for it. Spanning
# headers are scope="col"/"row" (a header spanning columns applies to each of them): "colgroup"
# would need <colgroup> elements, and "rowgroup" a <tbody> per group, which nested groups
# (三 > （三） > 1.) cannot have. Table 二's four blocks are four tables stacked as printed: in one
# table, the column scan from a 行政许可 figure would also reach 本年制发件数 above it.


def html2(t: AnnualTables) -> str:
    t2 = t.table2
    name = TITLES["table2"][2:]
    clause = "第二十条第（一）项"
    head = [
        [_th(clause, cols=4, scope="col")],
        [_th("信息内容", scope="col"), *(_th(c, scope="col") for c in DOC_COLUMNS)],
    ]
    rows = []
    for doc_type in DOC_TYPES:
        d = t2.docs[doc_type]
        values = (NA,) * 3 if doc_type in t2.not_applicable else (d.issued, d.abolished, d.valid)
        rows.append([_th(doc_type, scope="row"), *_tds(values)])
    parts = [Table(f"{name}：{clause}", head, rows, label_col=True)]
    blocks = [*((clause, column, [(r, t2.decisions[r]) for r in names]) for clause, column, names in _BLOCKS)]
    blocks.append(("第二十条第（八）项", "本年收费金额（单位：万元）", [("行政事业性收费", t2.fees_wan)]))
    for clause, column, items in blocks:
        head = [
            [_th(clause, cols=4, scope="col")],
            [_th("信息内容", scope="col"), _th(column, cols=3, scope="col")],
        ]
        rows = [[_th(item, scope="row"), Cell(_cell(t2, item, v), cols=3)] for item, v in items]
        parts.append(Table(f"{name}：{clause}", head, rows, label_col=True))
    return _html("table2", parts)


def _cell(t2, row: str, value) -> str:
    return NA if row in t2.not_applicable else number(value)


def html3(t: AnnualTables) -> str:
    head = [
        [_th(IDENTITY_NOTE, rows=3, cols=3), _th("申请人情况", cols=7, scope="col")],
        [
            _th(APPLICANTS[0], rows=2, scope="col"),
            _th("法人或其他组织", cols=5, scope="col"),
            _th("总计", rows=2, scope="col"),
        ],
        [_th(c, scope="col") for c in APPLICANTS[1:]],
    ]
    rows = t.table3.rows
    body = [
        [_th(NEW, cols=3, scope="row"), *_tds(rows["new"])],
        [_th(CARRIED_OVER, cols=3, scope="row"), *_tds(rows["carried_over"])],
    ]
    first = [_th(RESULTS, rows=len(RESULT_KEYS) + 1, scope="row")]
    labels = ROW_LABELS
    for numeral, (outcome, reasons) in zip(NUMERALS, OUTCOMES.items(), strict=True):
        if not reasons:
            body.append([*first, _th(labels[outcome], cols=2, scope="row"), *_tds(rows[outcome])])
            first = []
            continue
        group = [_th(numeral + outcome, rows=len(reasons), scope="row")]
        for reason in reasons:
            key = f"{outcome}/{reason}"
            body.append([*first, *group, _th(labels[key], scope="row"), *_tds(rows[key])])
            first = group = []
    body.append([_th(TOTAL, cols=2, scope="row"), *_tds(rows["total"])])
    body.append([_th(CARRIED_FORWARD, cols=3, scope="row"), *_tds(rows["carried_forward"])])
    return _html("table3", [Table(TITLES["table3"][2:], head, body)], wide=True)


def html4(t: AnnualTables) -> str:
    labels = [_th(c, scope="col") for c in APPEAL_LABELS]
    head = [
        [_th("行政复议", cols=5, scope="col"), _th("行政诉讼", cols=10, scope="col")],
        [
            *(_th(c, rows=2, scope="col") for c in APPEAL_LABELS),
            *(_th(g, cols=5, scope="col") for g in APPEAL_GROUPS[1:]),
        ],
        labels + labels,
    ]
    body = [[cell for g in APPEAL_GROUPS for cell in _tds(t.table4.groups[g])]]
    return _html("table4", [Table(TITLES["table4"][2:], head, body)], wide=True)


# -- grids: CSV, JSON, terminal ---------------------------------------------------------------


def grid2(t: AnnualTables) -> list[list[str]]:
    t2 = t.table2
    out = [["条款", "信息内容", "指标", "数值"]]
    for doc_type in DOC_TYPES:
        d = t2.docs[doc_type]
        out += [
            ["第二十条第（一）项", doc_type, c, _cell(t2, doc_type, v)]
            for c, v in zip(DOC_COLUMNS, (d.issued, d.abolished, d.valid), strict=True)
        ]
    for clause, column, names in _BLOCKS:
        out += [[clause, name, column, _cell(t2, name, t2.decisions[name])] for name in names]
    out.append(
        ["第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）", _cell(t2, "行政事业性收费", t2.fees_wan)]
    )
    return out


def grid3(t: AnnualTables, indent: bool = False) -> list[list[str]]:
    """Rows of table 三. Labels are paths (三、本年度办理结果/（三）不予公开/1.属于国家秘密) so that a CSV row
    stands alone; with `indent`, for a terminal, the groups are heading rows and their items indented."""
    out = [["项目", *COLUMNS]]
    numerals = dict(zip(OUTCOMES, NUMERALS, strict=True))
    blank = [""] * len(COLUMNS)
    for key, values in t.table3.rows.items():
        label = ROW_LABELS[key]
        outcome = key.split("/")[0]
        if indent:
            if key == RESULT_KEYS[0]:
                out.append([RESULTS, *blank])
            if "/" in key and key == f"{outcome}/{OUTCOMES[outcome][0]}":
                out.append([f"  {numerals[outcome]}{outcome}", *blank])
            label = ("    " if "/" in key else "  " if key in (*RESULT_KEYS, "total") else "") + label
        elif key in RESULT_KEYS:
            label = f"{RESULTS}/{label}" if "/" not in key else f"{RESULTS}/{numerals[outcome]}{outcome}/{label}"
        elif key == "total":
            label = f"{RESULTS}/{label}"
        out.append([label, *map(number, values)])
    return out


def grid4(t: AnnualTables) -> list[list[str]]:
    out = [["类别", *APPEAL_LABELS]]
    for group in APPEAL_GROUPS:
        label = group if group == "行政复议" else f"行政诉讼/{group}"
        out.append([label, *map(number, t.table4.groups[group])])
    return out


GRIDS = {"table2": grid2, "table3": grid3, "table4": grid4}


def to_csv(grid: list[list[str]]) -> str:
    """A grid as CSV, written as every published CSV is (gongkai.text.csvfile)."""
    return csvfile.to_csv(grid)


def to_json(t: AnnualTables) -> dict:
    t2 = t.table2

    def value(row, v):  # not applicable: null, the reason under "不适用"
        return None if row in t2.not_applicable else v

    table2 = {
        **{
            d: {
                "本年制发件数": value(d, c.issued),
                "本年废止件数": value(d, c.abolished),
                "现行有效件数": value(d, c.valid),
            }
            for d, c in t2.docs.items()
        },
        **{row: value(row, v) for row, v in t2.decisions.items()},
        "行政事业性收费（万元）": value("行政事业性收费", t2.fees_wan),
    }
    if t2.not_applicable:
        table2["不适用"] = dict(t2.not_applicable)
    return {
        "year": t.year,
        "scope": t.scope.name if t.scope else None,
        "table2": table2,
        "table3": {row[0]: dict(zip(COLUMNS, map(int, row[1:]), strict=True)) for row in grid3(t)[1:]},
        "table4": {row[0]: dict(zip(APPEAL_COLUMNS, map(int, row[1:]), strict=True)) for row in grid4(t)[1:]},
    }


def width(text: str) -> int:
    """Columns a text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def to_text(title: str, grid: list[list[str]]) -> str:
    """A table for the terminal: the label column left-aligned, numbers right-aligned."""
    widths = [max(width(row[i]) for row in grid) for i in range(len(grid[0]))]
    lines = [title]
    for n, row in enumerate(grid):
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - width(cell))
            numeric = n > 0 and i > 0 and (cell.replace(".", "", 1).isdigit() or cell == NA)
            cells.append(pad + cell if numeric else cell + pad)
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
