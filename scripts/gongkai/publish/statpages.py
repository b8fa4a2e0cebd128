"""Page texts of the 统计 section and of the 年报 (annual reports), and the CSV of each report table."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from gongkai.model import rules
from gongkai.model.defaults import REPORT_ROWS
from gongkai.model.reports import Report, by_group_of
from gongkai.model.taxonomy import county_prefix
from gongkai.model.urls import relative
from gongkai.portal import frozen, tables
from gongkai.portal.catalog import Catalog
from gongkai.portal.tables import number
from gongkai.publish import charts
from gongkai.publish.pages import PageText, md_text, page_front
from gongkai.publish.pages.common import macros
from gongkai.publish.stats import Stats


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
        """Records by year, then one section a year, newest first (its categories, agencies and months, each
        a table and a chart of that year alone, as its annual report counts them), then the requests."""
        s, uri = self.stats, self.urls.statistics()
        newest_first = sorted(s.by_year().items(), reverse=True)
        out = [
            page_front("统计", "本站主动公开信息和依申请公开办理情况的统计"),
            "# 统计\n\n",
            "本页数字由本站发布的政府信息和依申请公开台账自动统计，每次更新网站时重新生成。"
            f"本站共主动公开政府信息 {len(self.cat.records)} 条。"
            "以下各年的数字只计当年发布的信息，与当年年度报告的主动公开数口径相同"
            "（已发布年报的数字不再改动，此后补录的信息只计入本页）。\n\n",
            "## 按年份\n\n",
            _table("各年主动公开信息数", ["年份", "信息数（条）"], [[f"{y}年", n] for y, n in newest_first]),
            charts.columns("各年主动公开信息数", [(f"{y}年", n) for y, n in s.by_year().items()]) + "\n\n",
        ]
        for year, _ in newest_first:
            out.append(self._year(uri, year))
        out.append(self._requests())
        return PageText(uri, "".join(out), self.newest, in_nav=True)

    def _year(self, uri: str, year: int) -> str:
        s = self.stats
        groups = s.by_group(year)
        said = "、".join(f"{md_text(g)} {n} 条" for g, n in groups.items())
        out = [
            f"## {year}年\n\n",
            f"{year}年主动公开政府信息 {sum(groups.values())} 条"
            + (f"，其中{said}" if len(groups) > 1 else "")
            + "。\n\n",
            "### 按公开目录分类\n\n",
        ]
        categories = s.by_category(year)
        rows = []
        for c, n in categories.items():
            name = f"[{md_text(c.name)}]({relative(uri, self.urls.category(c))})"
            rows.append([name if c.parent is None else f"{_sub(c.parent.name)}{name}", n])
        out.append(_table(f"{year}年各栏目主动公开信息数", ["栏目", "信息数（条）"], rows, markdown=True))
        bars = [(c.path.replace("/", " - "), n) for c, n in categories.items()]
        drawn = [c.name if c.parent is None else f"└ {c.name}" for c in categories]
        out.append(
            charts.bars(f"{year}年各栏目主动公开信息数（子栏目的信息也计入上级栏目）", bars, drawn=drawn) + "\n\n"
        )
        out.append("### 按发布机构\n\n")
        agencies = s.by_agency(year)
        rows = []
        for group, total in groups.items():
            rows.append([f"**{md_text(group)}**", f"**{total}**"])
            for a, n in agencies.items():
                if a.group == group:
                    rows.append([f"　[{md_text(a.name)}]({relative(uri, self.urls.agency(a))})", n])
        out.append(_table(f"{year}年各发布机构主动公开信息数", ["发布机构", "信息数（条）"], rows, markdown=True))
        out.append(charts.bars(f"{year}年各发布机构分组主动公开信息数", list(groups.items())) + "\n\n")
        county = county_prefix([a.name for a in agencies])
        caption = f"{year}年各发布机构主动公开信息数" + (f"（图中省去名称开头的“{county}”）" if county else "")
        drawn = [a.name.removeprefix(county) or a.name for a in agencies]
        out.append(charts.bars(caption, [(a.name, n) for a, n in agencies.items()], drawn=drawn) + "\n\n")
        months = s.by_month(year)
        out += [
            "### 各月\n\n",
            _table(f"{year}年各月主动公开信息数", ["月份", "信息数（条）"], [[f"{m}月", n] for m, n in months.items()]),
            charts.columns(f"{year}年各月主动公开信息数", [(f"{m}月", n) for m, n in months.items()]) + "\n\n",
        ]
        return "".join(out)

    def _requests(self) -> str:
        s = self.stats
        years = s.request_years()
        out = ["## 依申请公开\n\n"]
        if not years:
            return out[0] + "暂无依申请公开台账。\n\n"
        figures = [s.requests(y) for y in years]
        out.append(deadline_wording([r.received for r in self.cat.ledgers.requests]) + "\n\n")
        head = ["年份", "新收申请", "本年答复", "按期答复", "逾期答复", "按期答复率", "年底未办结", "其中已逾期"]
        rows = [
            [f"{f.year}年", f.received, f.replied, f.on_time, f.late, _rate(f.on_time_rate), f.open_at_end,
             f.overdue_at_end]
            for f in reversed(figures)
        ]  # fmt: skip
        out.append(_table("各年依申请公开办理情况", head, rows))
        received = [(f"{f.year}年", f.received) for f in figures]
        out.append(charts.columns("各年新收政府信息公开申请数", received, unit="件") + "\n\n")
        rated = [(f"{f.year}年", f.on_time_rate) for f in figures if f.on_time_rate is not None]
        if rated:
            out.append(charts.columns("各年按期答复率", rated, unit="%") + "\n\n")
        out.append("### 办理结果\n\n")
        outcomes = list(figures[0].outcomes)
        newest_first = figures[::-1]
        rows = [[o, *(f.outcomes[o] for f in newest_first)] for o in outcomes]
        rows.append(["合计", *(f.replied for f in newest_first)])
        out.append(_table("各年答复的申请按办理结果", ["办理结果", *(f"{f.year}年" for f in newest_first)], rows))
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
        """The reports, newest first: the government's, then each agency group's (条例第四十九条: every
        department publishes its own), agencies in the taxonomy's order."""
        uri = self.urls.reports()

        def item(r: Report) -> str:
            when = f"（{r.published.isoformat()} 发布）" if r.published else ""
            return f"- [{md_text(r.title)}]({relative(uri, self.urls.report(r.slug))}){when}\n"

        out = [page_front("政府信息公开工作年度报告"), "# 政府信息公开工作年度报告\n\n"]
        own = [r for r in self.cat.reports if r.scope is None]
        by_group = by_group_of(self.cat.reports, self.cat.taxonomy)
        if not by_group:
            out += [*map(item, own), "\n"]
        else:
            if own:
                out += [f"## {md_text(self.cat.taxonomy.government or '本级政府')}\n\n", *map(item, own), "\n"]
            for group, reports in by_group.items():
                out += [f"## {md_text(group)}\n\n", *map(item, reports), "\n"]
        updated = max((r.published for r in self.cat.reports if r.published), default=None)
        return PageText(uri, "".join(out), updated, True)

    def report(self, r: Report) -> PageText:
        # Every figure from the report's figures: frozen once published (gongkai.portal.frozen), else counted.
        uri, fig = self.urls.report(r.slug), self.cat.figures(r)
        t = fig.tables

        def download(kind):
            number = tables.TITLES[kind][:1]  # 二, 三, 四: three links on one page, each named for its table
            name = f"{r.slug}年报-表{number}.csv"
            link = relative(uri, self.urls.report_csv(r.slug, kind))
            return f'[下载表{number}（CSV）]({link}){{: download="{name}" }}\n\n'

        one, five, six = (r.section(n) for n in ("一", "五", "六"))
        out = [page_front(r.title, f"{r.year}年政府信息公开工作年度报告"), f"# {md_text(r.title)}\n\n"]
        if r.intro:
            out.append(r.intro + "\n\n")
        out += [f"## {one.heading}\n\n", one.body + "\n\n" if one.body else ""]
        # 二: the seed's summary line first, then the national table.
        sentence = f"{r.year}年，{md_text(r.issuer)}共主动公开政府信息 {fig.published['合计']} 条"
        groups = [(k.removeprefix(frozen.GROUP), n) for k, n in fig.published.items() if k.startswith(frozen.GROUP)]
        if r.scope is None and len(groups) > 1:
            sentence += "，其中" + "、".join(f"{md_text(g)} {n} 条" for g, n in groups)
        out += [f"## {tables.TITLES['table2']}\n\n", sentence + "。\n\n"]
        if r.scope is None:
            paths = [
                (k.removeprefix(frozen.CATEGORY), n) for k, n in fig.published.items() if k.startswith(frozen.CATEGORY)
            ]
            rows = [[_category_cell(p), n] for p, n in paths]
            out.append(_table(f"{r.year}年各栏目主动公开信息数", ["栏目", "信息数（条）"], rows, markdown=True))
        out += [tables.html2(t) + "\n\n", self._table2_notes(t), download("table2")]
        n = fig.requests
        out += [f"## {tables.TITLES['table3']}\n\n"]
        if n["本年答复"]:
            out.append(
                f"本年答复政府信息公开申请 {n['本年答复']} 件，其中在法定期限内答复 {n['按期答复']} 件"
                + (f"，逾期答复 {n['逾期答复']} 件" if n["逾期答复"] else "")
                + "。"
                + (f"年底尚未答复且已超过答复期限的 {n['年底已逾期']} 件。" if n["年底已逾期"] else "")
                + rules_wording(reply_rules_of(fig, r.year))
                + "\n\n"
            )
        out += [tables.html3(t) + "\n\n", download("table3")]
        out += [f"## {tables.TITLES['table4']}\n\n", tables.html4(t) + "\n\n", _table4_note(t), download("table4")]
        out += [f"## {five.heading}\n\n", five.body + "\n\n" if five.body else ""]
        out += [f"## {six.heading}\n\n", self._fees(r, fig), six.body + "\n" if six.body else ""]
        data = relative(uri, self.urls.report_data(r.slug))
        out.append(f"\n本报告全部表格的数据：[{r.slug}.json]({data})（JSON，供汇总和再利用）。\n")
        if fig.frozen:
            out.append("\n本报告的数字以发布时为准，此后资料的更正不改动已发布的年报。\n")
        return PageText(uri, "".join(out), r.published)

    def _table2_notes(self, t) -> str:
        """Where each figure of table 二 comes from, and why a row shows "/"."""
        t2 = t.table2
        notes = []
        counted = [row for row in REPORT_ROWS if row in t2.from_records and row not in t2.not_applicable]
        if counted:
            names = "、".join(f"{row}：{md_text(t2.sources[row].removeprefix('栏目：'))}" for row in counted)
            notes.append("、".join(counted) + f"决定数按本站相应栏目当年发布的信息条数统计（{names}）")
        given = [row for row in REPORT_ROWS if row not in t2.from_records and row not in t2.not_applicable]
        if given:
            notes.append("、".join(given) + "决定数由年报填报")
        notes += [f"“/”表示不适用：{row}，{md_text(why)}" for row, why in t2.not_applicable.items()]
        if not notes:
            return ""
        return "注：" + "；".join(notes) + "。\n\n"

    def _fees(self, r: Report, fig) -> str:
        parts = []
        if r.budget_wan is not None:
            parts.append(f"本年度政府信息公开工作经费 {number(r.budget_wan)} 万元")
        parts += fee_sentences(fig.fees, r.year)
        return "；".join(parts) + "。\n\n"


def _table4_note(t) -> str:
    """Which cases of table 四 were carried over (filed earlier, pending on 1 January), as table 三's 二 says
    for requests: their result shows here, in the year they were concluded."""
    carried = {g: n for g, n in t.table4.carried_over.items() if n}
    if not carried:
        return ""
    parts = "、".join(f"{g} {n} 件" for g, n in carried.items())
    return (
        f"注：本表含以前年度立案、本年1月1日尚未审结的案件 {sum(carried.values())} 件（{parts}），"
        "按本年12月31日的结果统计；它们在立案当年的报告中计为“尚未审结”。\n\n"
    )


def deadline_wording(received: list) -> str:
    """What 按期 means for requests received on these days: each under the rule of its day (gongkai.model.rules)."""
    if not received:
        return ""
    return rules_wording(rules.reply_rules_between(min(received), max(received)))


def reply_rules_of(fig: frozen.Figures, year: int) -> list[rules.ReplyRule]:
    """The deadline rules a report's answered requests were under, from its figures (frozen ones keep
    theirs); a report frozen before the figures named them: the rules in force during its year."""
    named = {k.removeprefix(frozen.RULE) for k in fig.requests if k.startswith(frozen.RULE)}
    if named:
        return [rule for rule in (rules.REPLY_2007, rules.REPLY_2019) if rule.name in named]
    return rules.reply_rules_between(dt.date(year, 1, 1), dt.date(year, 12, 31))


def rules_wording(found: list[rules.ReplyRule]) -> str:
    """What 按期 means under these rules, oldest first."""
    if not found:
        return ""
    tail = "需补正的，自收到补正之日起计算；征求第三方意见的时间不计算在内；工作日按国务院公布的节假日和调休安排计算。"
    if len(found) == 1:
        return f"按期答复指在法定期限内答复，即{found[0].describe()}。{tail}"
    since = rules.REGULATION_2019
    return (
        f"按期答复指在法定期限内答复：{since.year}年{since.month}月{since.day}日以前收到的申请，"
        f"{found[0].describe()}；此后收到的申请，{found[1].describe()}。{tail}"
    )


def fee_sentences(amounts: dict[str, float], year: int) -> list[str]:
    """Section 六's fee sentence(s): each amount (by the name of the rule it was charged under,
    gongkai.model.rules) named by its rule; none charged, the year's rule says so."""
    by_name = {rule.name: rule for rule in (rules.FEE_2007, rules.FEE_NONE, rules.FEE_2021)}
    charged = {name: amount for name, amount in amounts.items() if amount}
    if not charged:
        if rules.fee_rule(dt.date(year, 12, 31)) is rules.FEE_2021:
            return ["依据《政府信息公开信息处理费管理办法》实际收取信息处理费 0 元"]
        return ["本年度依申请提供政府信息未收取费用"]
    return [f"{by_name[name].charged} {number(amount)} 元" for name, amount in charged.items()]


#: A sub-category's mark in a table: the tree line shows the nesting and is not read out.
def _category_cell(path: str) -> str:
    """A category's name in a table, `一级/二级` as its own name under its parent's."""
    parent, _, name = path.rpartition("/")
    return _sub(parent) + md_text(name) if parent else md_text(name)


def _sub(parent: str) -> str:
    """What stands before a sub-category's name in a table: a tree line the eye reads, and for a
    screen reader, which hears no tree line, the name of the category it belongs to."""
    return f'　<span class="gk-sub" aria-hidden="true">└</span><span class="gk-sr">{md_text(parent)}下的</span> '


def _rate(rate: float | None) -> str:
    return "—" if rate is None else f"{number(rate)}%"


def _table(name: str, head: list[str], rows: list[list], markdown: bool = False) -> str:
    """A table named `name`, each row's first cell its header; cells are numbers, text or (with
    `markdown`) already escaped Markdown."""
    cells = [[Markup(c if markdown or not isinstance(c, str) else md_text(c)) for c in row] for row in rows]
    return macros("stattable.html").table(name, head, cells)
