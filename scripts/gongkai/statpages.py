"""Page texts of the 统计 section and of the 年报 (annual reports), and the CSV of each report table."""

from __future__ import annotations

import os

from . import charts, tables
from .catalog import Catalog
from .defaults import REPORT_ROWS
from .pages import PageText, _front, md_text
from .reports import Report
from .stats import Stats
from .tables import number
from .urls import relative


class StatPages:
    """Builds the statistics page, the report index, one page per report and the report CSVs."""

    def __init__(self, catalog: Catalog, urls):
        self.cat = catalog
        self.urls = urls
        self.stats = Stats(catalog)
        self.newest = catalog.records[0].published if catalog.records else None

    def all_pages(self) -> list[PageText]:
        pages = [self.statistics()]
        if self.cat.reports:
            pages.append(self.report_index())
            pages += [self.report(r) for r in self.cat.reports]
        return pages

    def csv_files(self) -> list[tuple[str, str]]:
        """(src_uri, text) of every report table as CSV."""
        out = []
        for report in self.cat.reports:
            t = self.cat.tables(report)
            for kind, grid in tables.GRIDS.items():
                out.append((self.urls.report_csv(report.slug, kind), tables.to_csv(grid(t))))
        return out

    # -- 统计 ------------------------------------------------------------------------------------
    def statistics(self) -> PageText:
        s, uri = self.stats, self.urls.statistics()
        years = s.years()
        out = [
            _front("统计", "本站主动公开信息和依申请公开办理情况的统计"),
            "# 统计\n\n",
            "本页数字由本站发布的政府信息和依申请公开台账自动统计，每次更新网站时重新生成。"
            f"本站共主动公开政府信息 {len(self.cat.records)} 条。\n\n",
            "## 按年份\n\n",
            _table(["年份", "信息数（条）"], [[f"{y}年", n] for y, n in s.by_year().items()]),
            charts.columns("各年主动公开信息数", [(f"{y}年", n) for y, n in s.by_year().items()]) + "\n\n",
            "## 按公开目录分类\n\n",
            self._by_category(uri, years),
            charts.bars(
                "各栏目主动公开信息数（合计；子栏目的信息也计入上级栏目）",
                [(c.name if c.parent is None else f"└ {c.name}", n) for c, n in s.by_category().items()],
            )
            + "\n\n",
            "## 按发布机构\n\n",
            self._by_agency(uri, years),
            charts.bars("各发布机构分组主动公开信息数（合计）", list(s.by_group().items())) + "\n\n",
            self._agency_chart() + "\n\n",
        ]
        if s.newest_year is not None:
            months = s.by_month(s.newest_year)
            out += [
                f"## {s.newest_year}年各月\n\n",
                _table(["月份", "信息数（条）"], [[f"{m}月", n] for m, n in months.items()]),
                charts.columns(f"{s.newest_year}年各月主动公开信息数", [(f"{m}月", n) for m, n in months.items()])
                + "\n\n",
            ]
        out.append(self._requests())
        return PageText(uri, "".join(out), self.newest, in_nav=True)

    def _by_category(self, uri: str, years: list[int]) -> str:
        per_year = {y: self.stats.by_category(y) for y in years}
        rows = []
        for c, total in self.stats.by_category().items():
            name = f"[{md_text(c.name)}]({relative(uri, self.urls.category(c))})"
            rows.append([name if c.parent is None else f"{SUB}{name}", *(per_year[y][c] for y in years), total])
        return _table(["栏目", *(f"{y}年" for y in years), "合计"], rows, markdown=True)

    def _agency_chart(self) -> str:
        """Agencies' counts as bars. Their names all start with the county's (澄岭县…): that part is
        left out of the labels, and the caption says so, so that the labels differ within their width."""
        counts = list(self.stats.by_agency().items())
        prefix = _shared_place([a.name for a, _ in counts])
        caption = "各发布机构主动公开信息数（合计" + (f"；名称略去“{prefix}”）" if prefix else "）")
        return charts.bars(caption, [(a.name.removeprefix(prefix), n) for a, n in counts])

    def _by_agency(self, uri: str, years: list[int]) -> str:
        s = self.stats
        per_year = {y: s.by_agency(y) for y in years}
        groups = {y: s.by_group(y) for y in years}
        rows, totals = [], s.by_agency()
        for group, total in s.by_group().items():
            rows.append([f"**{md_text(group)}**", *(groups[y][group] for y in years), f"**{total}**"])
            for a, n in totals.items():
                if a.group == group:
                    link = f"[{md_text(a.name)}]({relative(uri, self.urls.agency(a))})"
                    rows.append([f"　{link}", *(per_year[y][a] for y in years), n])
        return _table(["发布机构", *(f"{y}年" for y in years), "合计"], rows, markdown=True)

    def _requests(self) -> str:
        s = self.stats
        years = s.request_years()
        out = ["## 依申请公开\n\n"]
        if not years:
            return out[0] + "暂无依申请公开台账。\n\n"
        figures = [s.requests(y) for y in years]
        out.append(
            "按期答复指在法定期限内答复：自收到申请（需补正的，自收到补正）之日起 20 个工作日内，"
            "经批准延期的再加 20 个工作日；工作日按国务院公布的节假日和调休安排计算。\n\n"
        )
        head = ["年份", "新收申请", "本年答复", "按期答复", "逾期答复", "按期答复率", "年底未办结", "其中已逾期"]
        rows = [
            [f"{f.year}年", f.received, f.replied, f.on_time, f.late, _rate(f.on_time_rate), f.open_at_end,
             f.overdue_at_end]
            for f in figures
        ]  # fmt: skip
        out.append(_table(head, rows))
        received = [(f"{f.year}年", f.received) for f in figures]
        out.append(charts.columns("各年新收政府信息公开申请数", received, unit="件") + "\n\n")
        rated = [(f"{f.year}年", f.on_time_rate) for f in figures if f.on_time_rate is not None]
        if rated:
            out.append(charts.columns("各年按期答复率", rated, unit="%") + "\n\n")
        out.append("### 办理结果\n\n")
        outcomes = list(figures[0].outcomes)
        rows = [[o, *(f.outcomes[o] for f in figures)] for o in outcomes]
        rows.append(["合计", *(f.replied for f in figures)])
        out.append(_table(["办理结果", *(f"{f.year}年" for f in figures)], rows))
        latest = figures[-1]
        out.append(
            charts.bars(f"{latest.year}年答复的申请按办理结果", list(latest.outcomes.items()), unit="件") + "\n\n"
        )
        if self.cat.reports:
            link = relative(self.urls.statistics(), self.urls.reports())
            out.append(f"各年的详细统计见[政府信息公开工作年度报告]({link})。\n")
        return "".join(out)

    # -- 年报 ------------------------------------------------------------------------------------
    def report_index(self) -> PageText:
        uri = self.urls.reports()
        lines = [
            f"- [{md_text(r.title)}]({relative(uri, self.urls.report(r.slug))})"
            + (f"（{r.published.isoformat()} 发布）" if r.published else "")
            + "\n"
            for r in self.cat.reports
        ]
        text = _front("政府信息公开工作年度报告") + "# 政府信息公开工作年度报告\n\n" + "".join(lines) + "\n"
        return PageText(uri, text, max((r.published for r in self.cat.reports if r.published), default=None), True)

    def report(self, r: Report) -> PageText:
        uri, t = self.urls.report(r.slug), self.cat.tables(r)
        s = self.stats

        def download(kind):
            name = f"{r.slug}年报-表{tables.TITLES[kind][:1]}.csv"
            link = relative(uri, self.urls.report_csv(r.slug, kind))
            return f'[下载本表（CSV）]({link}){{: download="{name}" }}\n\n'

        one, five, six = (r.section(n) for n in ("一", "五", "六"))
        out = [_front(r.title, f"{r.year}年政府信息公开工作年度报告"), f"# {md_text(r.title)}\n\n"]
        if r.intro:
            out.append(r.intro + "\n\n")
        out += [f"## {one.heading}\n\n", one.body + "\n\n" if one.body else ""]
        # 二: the seed's summary line first, then the national table.
        published = [x for x in self.cat.by_year(r.year) if r.scope is None or x.agency == r.scope]
        sentence = f"{r.year}年，{r.issuer}共主动公开政府信息 {len(published)} 条"
        if r.scope is None and len(self.cat.taxonomy.groups()) > 1:
            parts = [f"{g} {n} 条" for g, n in s.by_group(r.year).items()]
            sentence += "，其中" + "、".join(parts)
        out += [f"## {tables.TITLES['table2']}\n\n", sentence + "。\n\n"]
        if r.scope is None:
            cats = s.by_category(r.year)
            rows = [[md_text(c.name) if c.parent is None else f"{SUB}{md_text(c.name)}", n] for c, n in cats.items()]
            out.append(_table(["栏目", "信息数（条）"], rows, markdown=True))
        out += [tables.html2(t) + "\n\n", self._table2_notes(t), download("table2")]
        figures = s.requests(r.year, r.scope)
        out += [f"## {tables.TITLES['table3']}\n\n"]
        if figures.replied:
            out.append(
                f"本年答复政府信息公开申请 {figures.replied} 件，其中在法定期限内答复 {figures.on_time} 件"
                + (f"，逾期答复 {figures.late} 件" if figures.late else "")
                + "。"
                + (f"年底尚未答复且已超过答复期限的 {figures.overdue_at_end} 件。" if figures.overdue_at_end else "")
                + "\n\n"
            )
        out += [tables.html3(t) + "\n\n", download("table3")]
        out += [f"## {tables.TITLES['table4']}\n\n", tables.html4(t) + "\n\n", download("table4")]
        out += [f"## {five.heading}\n\n", five.body + "\n\n" if five.body else ""]
        out += [f"## {six.heading}\n\n", self._fees(r, figures.year), six.body + "\n" if six.body else ""]
        return PageText(uri, "".join(out), r.published)

    def _table2_notes(self, t) -> str:
        counted = [row for row in REPORT_ROWS if row in t.table2.from_records]
        if not counted:
            return ""
        return "注：" + "、".join(counted) + "决定数按本站相应栏目当年发布的信息条数统计。\n\n"

    def _fees(self, r: Report, year: int) -> str:
        parts = []
        if r.budget_wan is not None:
            parts.append(f"本年度政府信息公开工作经费 {number(r.budget_wan)} 万元")
        fees = r.disclosure_fees_yuan if r.disclosure_fees_yuan is not None else self.cat.fees_charged(year, r.scope)
        parts.append(f"依据《政府信息公开信息处理费管理办法》实际收取信息处理费 {number(fees)} 元")
        return "；".join(parts) + "。\n\n"


#: A sub-category's mark in a table: the tree line shows the nesting and is not read out.
SUB = '　<span class="gk-sub" aria-hidden="true">└</span> '


def _shared_place(names: list[str]) -> str:
    """The place name (…县, …市, …区, …旗) that every one of `names` starts with and that leaves
    something after it, else ""."""
    if len(names) < 2:
        return ""
    common = os.path.commonprefix(names)
    end = max(common.rfind(c) for c in "省市县区旗镇乡")
    prefix = common[: end + 1] if end > 0 else ""
    return prefix if all(len(n) > len(prefix) for n in names) else ""


def _rate(rate: float | None) -> str:
    return "—" if rate is None else f"{number(rate)}%"


def _table(head: list[str], rows: list[list], markdown: bool = False) -> str:
    """A Markdown table; cells are numbers or (with `markdown`) already escaped Markdown."""
    lines = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 1)]
    for row in rows:
        cells = [str(c) if markdown or not isinstance(c, str) else md_text(c) for c in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n"
