"""Published annual-report figures, frozen: `records/reports/<slug>.frozen.csv`.

A report is a legal document: once published (条例第四十九条: by 31 January, or 31 March for the
government's own), its figures do not move when a record is back-dated or a ledger row corrected
later. `gongkai report 2024 --freeze` writes every figure the report page prints, one cell a line,
with where it comes from and the 索引号 or case numbers counted in it:

    表,项目,列,数值,来源,依据
    表三,一、本年新收政府信息公开申请数量,自然人,24,台账,YSQ-2024-001 YSQ-2024-002 …
    主动公开,合计,条,61,记录,czj/2024-00001 …

The build then prints these figures, never the data's; `gongkai check` compares them with the data
and warns, cell by cell at the file's line, naming the records and cases that differ. Nothing is
republished silently: to correct a published report, delete the file (git keeps it) and freeze again.
The file is plain UTF-8 CSV (no BOM), one cell a line, so a change shows in `git diff` cell by cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.model import rules
from gongkai.model.defaults import DOC_TYPES, REPORT_ROWS
from gongkai.portal import annual, tables
from gongkai.portal.annual import APPEAL_COLUMNS, APPEAL_GROUPS, COLUMNS, ROW_KEYS, AnnualTables, DocCounts
from gongkai.text import plaintext
from gongkai.text.asof import today_cst
from gongkai.text.problems import Problems

if TYPE_CHECKING:
    from gongkai.model.reports import Report
    from gongkai.portal.catalog import Catalog

HEADER = ["表", "项目", "列", "数值", "来源", "依据"]
SUFFIX = ".frozen.csv"
Key = tuple[str, str, str]
#: The page's own figures beside the three tables (the 年报 page's sentences).
PUBLISHED, REQUESTS, FEES = "主动公开", "依申请公开", "信息处理费"
GROUP, CATEGORY = "分组：", "栏目："
REQUEST_FIGURES = ("本年答复", "按期答复", "逾期答复", "年底已逾期")
#: The requests answered in the year under each deadline rule (gongkai.model.rules): `期限：2019年条例`. The page's
#: wording of 按期 names these rules, so a frozen report keeps the wording it was published with.
RULE = "期限："


@dataclass(frozen=True)
class Figures:
    """Every figure a report page prints, with the items counted in each cell."""

    tables: AnnualTables
    published: dict[str, int]  # 合计, 分组：<group>, 栏目：<category path>
    requests: dict[str, int]  # REQUEST_FIGURES, then RULE + the name of each rule answered under
    fees: dict[str, float]  # fee rule name (gongkai.model.rules) -> 元, only those charged
    ids: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    frozen: bool = False
    lines: dict[Key, int] = field(default_factory=dict)  # of a frozen file


def live(catalog: Catalog, report: Report) -> Figures:
    """The figures of `report` counted from the data as it is now."""
    year, scope = report.year, report.scope
    t = catalog.tables_of(year, scope, report)
    mine = [r for r in catalog.by_year(year) if scope is None or r.agency == scope]
    published = {"合计": len(mine)}
    ids: dict[Key, tuple[str, ...]] = {(PUBLISHED, "合计", "条"): tuple(sorted(r.index_no for r in mine))}
    # By group and category for an agency's report too: the open data adds reports up by both
    # (gongkai.publish.annualdata); its page prints them for the government's report only.
    for group in catalog.taxonomy.groups() if scope is None else [scope.group]:
        counted = [r for r in mine if r.agency.group == group]
        published[GROUP + group] = len(counted)
        ids[(PUBLISHED, GROUP + group, "条")] = tuple(sorted(r.index_no for r in counted))
    for c in catalog.taxonomy.all_categories():
        counted = [r for r in catalog.by_category(c) if r.year == year and (scope is None or r.agency == scope)]
        published[CATEGORY + c.path] = len(counted)
        ids[(PUBLISHED, CATEGORY + c.path, "条")] = tuple(sorted(r.index_no for r in counted))
    requests = [r for r in catalog.ledgers.requests if scope is None or r.agency == scope]
    replied = [r for r in requests if r.replied is not None and r.replied.year == year]
    late = [r for r in replied if r.id in catalog.deadlines.late]
    overdue = catalog.deadlines.overdue(requests, dt.date(year, 12, 31))
    groups = {
        "本年答复": replied,
        "按期答复": [r for r in replied if r not in late],
        "逾期答复": late,
        "年底已逾期": overdue,
    }
    for rule in (rules.REPLY_2007, rules.REPLY_2019):
        under = [r for r in replied if r.rule is rule]
        if under:
            groups[RULE + rule.name] = under
    for name, items in groups.items():
        ids[(REQUESTS, name, "件")] = tuple(sorted(r.id for r in items))
    fees = {rule.name: amount for rule, amount in catalog.fees_by_rule(year, scope).items() if amount}
    if report.disclosure_fees_yuan is not None:  # the report's own figure wins for the year's rule
        fees[rules.fee_rule(dt.date(year, 12, 31)).name] = report.disclosure_fees_yuan
    return Figures(t, published, {k: len(v) for k, v in groups.items()}, fees, ids)


def cells(fig: Figures) -> list[tuple[Key, str, str, tuple[str, ...]]]:
    """(key, value as printed, source, ids) of every figure, in the order of the page."""
    t, out = fig.tables, []
    t2 = t.table2
    # A frozen report's items are its file's; counted tables carry their own.
    for _clause, row, column, value in tables.grid2(t)[1:]:
        key = ("表二", row, column)
        out.append((key, value, t2.sources.get(row, "年报"), fig.ids.get(key, t2.ids.get((row, column), ()))))
    labels = row_labels()
    for row in ROW_KEYS:
        for i, column in enumerate(COLUMNS):
            key = ("表三", labels[row], column)
            ids = fig.ids.get(key, t.table3.ids.get((row, column), ()))
            out.append((key, tables.number(t.table3.rows[row][i]), "台账", ids))
    for group in APPEAL_GROUPS:
        label = group if group == "行政复议" else f"行政诉讼/{group}"
        for i, column in enumerate(APPEAL_COLUMNS):
            key = ("表四", label, tables.APPEAL_LABELS[i])
            ids = fig.ids.get(key, t.table4.ids.get((group, column), ()))
            out.append((key, tables.number(t.table4.groups[group][i]), "台账", ids))
        if group in t.table4.carried_over:  # the note under table 四 (a file frozen before it has none)
            key = ("表四", label, annual.CARRIED)
            ids = fig.ids.get(key, t.table4.ids.get((group, annual.CARRIED), ()))
            out.append((key, str(t.table4.carried_over[group]), "台账", ids))
    for name, n in fig.published.items():
        out.append(((PUBLISHED, name, "条"), str(n), "记录", fig.ids.get((PUBLISHED, name, "条"), ())))
    for name, n in fig.requests.items():
        out.append(((REQUESTS, name, "件"), str(n), "台账", fig.ids.get((REQUESTS, name, "件"), ())))
    for name, amount in fig.fees.items():
        out.append(((FEES, name, "元"), tables.number(amount), "台账或年报", ()))
    return out


def row_labels() -> dict[str, str]:
    """Table 三's row keys -> the labels of its CSV (三、本年度办理结果/（三）不予公开/1.属于国家秘密)."""
    empty = annual.Table3({k: (0,) * len(COLUMNS) for k in ROW_KEYS})
    zero = AnnualTables(0, None, None, empty, None)
    return dict(zip(ROW_KEYS, (row[0] for row in tables.grid3(zero)[1:]), strict=True))


def to_csv(fig: Figures) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for key, value, source, ids in cells(fig):
        writer.writerow([*key, value, source, " ".join(ids)])
    return buffer.getvalue()


def path_of(folder: Path, slug: str) -> Path:
    return folder / f"{slug}{SUFFIX}"


def refusal(report: Report, as_of: dt.date) -> str | None:
    """Why `report` cannot be frozen on `as_of`, or None: its figures are the year's whole, as
    published, so neither before the year is over nor before its 发布日期."""
    if report.published is None:
        return f"{report.rel_path} 没有写 published（发布日期）：冻结的是已发布的数字，先写上发布日期。"
    if as_of.year <= report.year:
        return f"{report.year} 年还没有过完（今天是 {as_of}）：年报统计的是全年的数字，发布那天再冻结。"
    if as_of < report.published:
        return (
            f"{report.rel_path} 定于 {report.published} 发布，今天是 {as_of}：冻结的是发布时的数字，"
            f"{report.published} 当天或以后再冻结。"
        )
    return None


def still_published(report: Report, as_of: dt.date | None, path: Path, problems: Problems) -> None:
    """A frozen report was published: its 发布日期 deleted or moved past today would take it off the
    site (a scheduled report waits for its day). An error at its published line. Today is the
    real one (Beijing time) or `as_of` if later: a site built as of a day gone by (GONGKAI_AS_OF)
    rightly leaves out a report published since."""
    today = max(as_of, today_cst()) if as_of is not None else today_cst()
    if report.published is not None and report.published <= today:
        return
    done = f"这份年报的数字已冻结（{problems.rel(report.frozen_file)}），也就是已经发布了"
    if report.published is None:
        what = f"{done}；没有 published，它就从网站上撤下了。"
    else:
        what = f"{done}；published 却是 {report.published}，在今天（{today}）之后：在那天以前它会从网站上撤下。"
    problems.error(
        path,
        report.lines.get("published", report.end_line),
        "published（发布日期）",
        what,
        f"写回发布时的日期（git log -p {report.rel_path or path.name} 可以查到）；"
        "确实还没有发布的（冻结早了），删去冻结文件，到发布那天再冻结。",
    )


# -- reading a frozen file ---------------------------------------------------------------------


def read(path: Path, year: int, scope, problems: Problems) -> Figures | None:
    """The figures frozen in `path` for the report of `year` and `scope`; problems at their line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(path, None, None, f"无法读取冻结的年报数字：{exc}", "用 gongkai report 年份 --freeze 重新生成。")
        return None
    rows = list(csv.reader(io.StringIO(text)))
    hint = "这个文件由 gongkai report 年份 --freeze 生成，不要手改；改坏了就从 git 取回原样。"
    if not rows or rows[0] != HEADER:
        problems.error(path, 1, None, "第一行应为 " + ",".join(HEADER) + "。", hint)
        return None
    allowed = {key for key, *_ in cells(_template())}
    expected = {key for key in allowed if key[2] != annual.CARRIED}  # optional: added after the first files
    found: dict[Key, tuple[str, str, tuple[str, ...]]] = {}
    lines: dict[Key, int] = {}
    ok = True
    for n, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != len(HEADER):
            problems.error(
                path, n, None, f"这一行应有 {len(HEADER)} 列（{'、'.join(HEADER)}），现在是 {len(row)} 列。", hint
            )
            ok = False
            continue
        key, (value, source, ids) = (row[0], row[1], row[2]), row[3:]
        if key in lines:
            problems.error(path, n, None, f"{'/'.join(key)} 写了两次（第 {lines[key]} 行已有）。", hint)
            ok = False
            continue
        if key[0] in ("表二", "表三", "表四") and key not in allowed:
            problems.error(path, n, None, f"年报表格中没有“{'/'.join(key)}”这一格。", hint)
            ok = False
            continue
        if key[0] not in ("表二", "表三", "表四", PUBLISHED, REQUESTS, FEES):
            problems.error(path, n, None, f"“{key[0]}”不是年报的一部分。", hint)
            ok = False
            continue
        if not _known_figure(key):
            problems.error(path, n, None, f"年报中没有“{'/'.join(key)}”这个数字。", hint)
            ok = False
            continue
        if not _valid(key, value):
            what = "不小于 0 的数字" + ("或 /" if key[0] == "表二" else "")
            problems.error(path, n, None, f"{'/'.join(key)} 的数值应为{what}，现在是“{value}”。", hint)
            ok = False
            continue
        # What the report's page says of the figure (where it comes from, why it does not apply):
        # plain text, as the same reason written in taxonomy.yml must be.
        plain = True
        for column, text in (("来源", source), ("依据", ids)):
            wrong = plaintext.problem(text)
            if wrong is not None:
                problems.error(path, n, column, f"{'/'.join(key)} 的{column}{wrong[0]}", f"{wrong[1]}{hint}")
                plain = ok = False
        if not plain:
            continue
        # Each figure comes from where --freeze says it does; one counted from the records or the
        # ledgers is the number of different items its line lists: a value changed by hand would be
        # published as the report's.
        if not _source_fits(key, source):
            problems.error(path, n, "来源", f"{'/'.join(key)} 的来源不会是“{source}”：来源被改过。", hint)
            ok = False
            continue
        listed = ids.split()
        if len(set(listed)) != len(listed):
            twice = sorted({i for i in listed if listed.count(i) > 1})
            problems.error(path, n, "依据", f"{'/'.join(key)} 的依据中 {_some(tuple(twice))} 写了两次。", hint)
            ok = False
            continue
        if _counted(source) and _WHOLE.fullmatch(value) and int(value) != len(listed):
            problems.error(
                path,
                n,
                "数值",
                f"{'/'.join(key)} 的数值是 {value}，这一行的依据列出的却是 {len(listed)} 件"
                + (f"（{_some(tuple(listed))}）" if listed else "")
                + "：数值被改过。",
                hint,
            )
            ok = False
            continue
        found[key], lines[key] = (value, source, tuple(listed)), n
    missing = [k for k in sorted(expected - set(found))]
    if missing and ok:
        shown = "、".join("/".join(k) for k in missing[:3]) + (f" 等 {len(missing)} 格" if len(missing) > 3 else "")
        problems.error(path, 1, None, f"缺少 {shown}。", hint)
        ok = False
    if not ok:
        return None
    fig = _figures(found, year, scope, lines)
    for broken in fig.tables.broken_identities():
        problems.error(path, None, None, f"冻结的年报数字勾稽关系不成立：{broken}", hint)
        ok = False
    groups = {k: v for k, v in fig.published.items() if k.startswith(GROUP)}
    total = fig.published.get("合计")
    if groups and total is not None and sum(groups.values()) != total:
        shown = "、".join(f"{k.removeprefix(GROUP)} {v}" for k, v in groups.items())
        problems.error(
            path, lines.get((PUBLISHED, "合计", "条")), None,
            f"冻结的主动公开合计 {total} 条，各分组却是 {shown}，相加是 {sum(groups.values())}。", hint,
        )  # fmt: skip
        ok = False
    return fig if ok else None


#: A figure as `--freeze` writes it, and as `_figures` reads it back: digits, a decimal part only
#: where the cell holds an amount (float() also takes 4e0, inf and 1_000, which int() then refused).
_WHOLE, _AMOUNT = re.compile(r"[0-9]+"), re.compile(r"[0-9]+(?:\.[0-9]+)?")


#: The 来源 --freeze writes for each kind of figure (表二's rows: by row, below).
_SOURCES = {"表三": ("台账",), "表四": ("台账",), PUBLISHED: ("记录",), REQUESTS: ("台账",), FEES: ("台账或年报",)}
#: The fee rules a report may name, and the deadline rules its wording of 按期 may.
_FEE_NAMES = {r.name for r in (rules.FEE_2007, rules.FEE_NONE, rules.FEE_2021)}
_REQUEST_NAMES = {*REQUEST_FIGURES, *(RULE + r.name for r in (rules.REPLY_2007, rules.REPLY_2019))}


def _known_figure(key: Key) -> bool:
    """Whether a figure of this name may be in a report (the tables' cells are checked apart). A
    category or group frozen under a name the taxonomy has since changed stays as published."""
    kind, name, unit = key
    if kind == PUBLISHED:
        return unit == "条" and (name == "合计" or name.startswith((GROUP, CATEGORY)))
    if kind == REQUESTS:
        return unit == "件" and name in _REQUEST_NAMES
    if kind == FEES:
        return unit == "元" and name in _FEE_NAMES
    return True


def _source_fits(key: Key, source: str) -> bool:
    """Whether `source` is one --freeze writes for the figure `key`."""
    if key[0] != "表二":
        return source in _SOURCES[key[0]]
    if source.startswith("不适用："):
        return True
    row = key[1]
    if row in DOC_TYPES:
        return source == "记录"
    if row in REPORT_ROWS:
        return source == "年报" or source.startswith("栏目：")
    return source == "年报"  # 行政事业性收费


def _counted(source: str) -> bool:
    """Whether a cell of this 来源 is counted from items its line lists (not the report's own figure)."""
    return source in ("记录", "台账") or source.startswith("栏目：")


def _valid(key: Key, value: str) -> bool:
    if value == tables.NA:
        return key[0] == "表二"
    whole = key[0] != FEES and key[2] != "本年收费金额（单位：万元）"
    return (_WHOLE if whole else _AMOUNT).fullmatch(value) is not None


def _template() -> Figures:
    """A report with every cell 0: the keys a frozen file must hold."""
    zero = annual.compute(2000, [], [], [])
    return Figures(zero, {}, {}, {})


def _figures(found: dict, year: int, scope, lines: dict) -> Figures:
    def value(key):
        v = found[key][0]
        return v if v == tables.NA else float(v) if "." in v else int(v)

    sources, not_applicable, docs = {}, {}, {}
    for row in (*DOC_TYPES, *REPORT_ROWS, "行政事业性收费"):
        column = {
            **dict.fromkeys(DOC_TYPES, tables.DOC_COLUMNS[0]),
            **dict.fromkeys(REPORT_ROWS, "本年处理决定数量"),
            "行政事业性收费": "本年收费金额（单位：万元）",
        }[row]
        sources[row] = found[("表二", row, column)][1]
        if sources[row].startswith("不适用："):
            not_applicable[row] = sources[row].removeprefix("不适用：")
    for d in DOC_TYPES:
        counts = [value(("表二", d, c)) for c in tables.DOC_COLUMNS]
        docs[d] = DocCounts(*(0 if v == tables.NA else v for v in counts))
    decisions = {row: value(("表二", row, "本年处理决定数量")) for row in REPORT_ROWS}
    fees = value(("表二", "行政事业性收费", "本年收费金额（单位：万元）"))
    table2 = annual.Table2(
        docs,
        {row: 0 if v == tables.NA else v for row, v in decisions.items()},
        frozenset(row for row in REPORT_ROWS if sources[row].startswith("栏目：")),
        0 if fees == tables.NA else fees,
        not_applicable,
        {},
        sources,
    )
    labels = row_labels()
    table3 = annual.Table3({k: tuple(value(("表三", labels[k], c)) for c in COLUMNS) for k in ROW_KEYS})
    table4 = annual.Table4(
        {
            g: tuple(
                value(("表四", g if g == "行政复议" else f"行政诉讼/{g}", label)) for label in tables.APPEAL_LABELS
            )
            for g in APPEAL_GROUPS
        },
        carried_over={
            g: value(k)
            for g in APPEAL_GROUPS
            if (k := ("表四", g if g == "行政复议" else f"行政诉讼/{g}", annual.CARRIED)) in found
        },
    )
    part = {kind: {k[1]: value(k) for k in found if k[0] == kind} for kind in (PUBLISHED, REQUESTS, FEES)}
    ids = {k: v[2] for k, v in found.items() if v[2]}
    t = AnnualTables(year, scope, table2, table3, table4)
    return Figures(t, part[PUBLISHED], part[REQUESTS], part[FEES], ids, True, lines)


# -- comparing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    key: Key
    line: int | None
    published: str
    now: str
    added: tuple[str, ...]  # counted now, not when published
    removed: tuple[str, ...]  # counted when published, not now

    def describe(self) -> str:
        said = f"{'/'.join(self.key)}：已发布 {self.published}，现在的数据是 {self.now}"
        parts = []
        if self.added:
            parts.append("多出 " + _some(self.added))
        if self.removed:
            parts.append("少了 " + _some(self.removed))
        return said + (f"（{'；'.join(parts)}）" if parts else "") + "。"


def _some(ids: tuple[str, ...], most: int = 8) -> str:
    return "、".join(ids[:most]) + (f" 等 {len(ids)} 件" if len(ids) > most else "")


def differences(frozen: Figures, now: Figures) -> list[Difference]:
    """The cells whose figure the data would change, in the file's order."""
    before = {key: (value, ids) for key, value, _source, ids in cells(frozen)}
    after = {key: (value, ids) for key, value, _source, ids in cells(now)}
    out = []
    # A file frozen before the note on carried-over cases existed published none: nothing to compare.
    for key in [*before, *(k for k in after if k not in before and k[2] != annual.CARRIED)]:
        (v1, ids1), (v2, ids2) = before.get(key, ("0", ())), after.get(key, ("0", ()))
        if v1 != v2:
            added = tuple(sorted(set(ids2) - set(ids1)))
            removed = tuple(sorted(set(ids1) - set(ids2)))
            out.append(Difference(key, frozen.lines.get(key), v1, v2, added, removed))
    return out
