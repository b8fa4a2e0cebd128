"""gongkai.publish.statpages on the loaded sample, without building: the 统计 page's figures counted again
here from the records and ledgers, the 年报 index and report page, the report CSVs, and the
wording of deadlines and fees under each rule."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter

import pytest
import yaml

from gongkai.model import rules
from gongkai.model.reports import by_group_of
from gongkai.portal import tables
from gongkai.publish.pages import PageBuilder
from gongkai.publish.statpages import StatPages, _table, deadline_wording, fee_sentences, rules_wording


@pytest.fixture(scope="module")
def pages(sample_catalog) -> StatPages:
    return StatPages(sample_catalog, PageBuilder(sample_catalog).urls)


def rows_after(markdown: str, heading: str) -> list[list[str]]:
    """The cells (Markdown) of the body of the first table after `heading`."""
    rest = markdown.split(heading, 1)[1]
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", rest, re.S).group(1)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [re.findall(r"<t[hd] [^>]*>(.*?)</t[hd]>", row) for row in rows]


def plain(cell: str) -> str:
    """A cell's words: links, bold, the sub-category mark (and its parent's name, for the ear only)
    and the ideographic indent left out."""
    cell = re.sub(r'<span[^>]*>└</span>(<span class="gk-sr">[^<]*</span>)?', "", cell)
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell).replace("**", "").strip("　 ")


def test_the_statistics_page_counts_by_year_what_the_records_say(pages, sample_catalog):
    page = pages.statistics()
    assert page.src_uri == "xxgk/tongji/index.md" and page.in_nav
    assert yaml.safe_load(page.markdown.split("---\n")[1])["title"] == "统计"
    by_year = Counter(r.published.year for r in sample_catalog.records)
    expected = [[f"{y}年", str(n)] for y, n in sorted(by_year.items(), reverse=True)]
    assert rows_after(page.markdown, "## 按年份") == expected
    assert f"本站共主动公开政府信息 {len(sample_catalog.records)} 条。" in page.markdown
    assert [int(y) for y in re.findall(r"^## (\d{4})年$", page.markdown, re.M)] == sorted(by_year, reverse=True)


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_each_years_section_counts_its_categories_agencies_and_months(pages, sample_catalog, year):
    text = pages.statistics().markdown
    section = text.split(f"## {year}年\n", 1)[1].split("\n## ", 1)[0]
    mine = [r for r in sample_catalog.records if r.published.year == year]
    assert mine and f"{year}年主动公开政府信息 {len(mine)} 条" in section
    categories = {plain(name): int(n) for name, n in rows_after(section, "### 按公开目录分类")}
    for c in sample_catalog.taxonomy.all_categories():  # a parent counts its sub-categories' records
        assert categories[c.name] == sum(1 for r in mine if c in (r.category, r.category.parent)), c.path
    agencies = {plain(name): int(n.strip("*")) for name, n in rows_after(section, "### 按发布机构")}
    for a in sample_catalog.taxonomy.agencies:
        assert agencies[a.name] == sum(1 for r in mine if r.agency.code == a.code), a.name
    for group in sample_catalog.taxonomy.groups():
        assert agencies[group] == sum(1 for r in mine if r.agency.group == group), group
    months = rows_after(section, "### 各月")
    assert months == [[f"{m}月", str(sum(1 for r in mine if r.published.month == m))] for m in range(1, 13)]
    assert section.count('<figure class="gk-chart') >= 4  # every table drawn as a chart too


def test_the_requests_section_counts_the_ledgers_replies_by_year(pages, sample_catalog):
    text = pages.statistics().markdown.split("## 依申请公开\n", 1)[1]
    requests = sample_catalog.ledgers.requests
    table = {row[0]: row for row in rows_after("x" + text, "x")}
    for year in {r.received.year for r in requests}:
        row = table[f"{year}年"]
        assert int(row[1]) == sum(1 for r in requests if r.received.year == year)  # 新收申请
        assert int(row[2]) == sum(1 for r in requests if r.replied and r.replied.year == year)  # 本年答复
        assert int(row[3]) + int(row[4]) == int(row[2])  # 按期 + 逾期 = 答复
    assert text.lstrip("\n").startswith(deadline_wording([r.received for r in requests]))
    assert "[政府信息公开工作年度报告](../nianbao/index.md)" in text


def test_the_report_index_and_page_say_what_the_report_and_ledgers_say(pages, sample_catalog):
    [report] = sample_catalog.reports
    index = pages.report_index()
    assert index.src_uri == "xxgk/nianbao/index.md" and index.updated == report.published
    assert f"- [{report.title}]({report.slug}/index.md)（{report.published.isoformat()} 发布）" in index.markdown
    page = pages.report(report)
    assert page.src_uri == f"xxgk/nianbao/{report.slug}/index.md" and page.updated == report.published
    published = sum(1 for r in sample_catalog.records if r.published.year == report.year)
    assert f"共主动公开政府信息 {published} 条" in page.markdown
    replied = [r for r in sample_catalog.ledgers.requests if r.replied and r.replied.year == report.year]
    assert f"本年答复政府信息公开申请 {len(replied)} 件" in page.markdown
    for n, kind in enumerate(("table2", "table3", "table4")):
        name = f"{report.slug}年报-表{'二三四'[n]}.csv"
        assert f'[下载表{"二三四"[n]}（CSV）]({kind}.csv){{: download="{name}" }}' in page.markdown
    assert f"[{report.slug}.json](../../../data/annual/{report.slug}.json)" in page.markdown
    headings = re.findall(r"^## (.+)$", page.markdown, re.M)
    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    # The sample's one report is the county's own.
    assert by_group_of(sample_catalog.reports, sample_catalog.taxonomy) == {}


def test_each_report_table_is_a_csv_of_its_grid(pages, sample_catalog):
    [report] = sample_catalog.reports
    files = dict(pages.csv_files())
    assert list(files) == [f"xxgk/nianbao/{report.slug}/{kind}.csv" for kind in tables.GRIDS]
    figures = sample_catalog.tables(report)
    for kind, grid in tables.GRIDS.items():
        text = files[f"xxgk/nianbao/{report.slug}/{kind}.csv"]
        read = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        assert read == [[str(cell) for cell in row] for row in grid(figures)]
        assert len(read) > 3


def test_deadline_wording_names_the_rule_of_each_day_received():
    assert rules_wording([]) == "" and deadline_wording([]) == ""
    one = deadline_wording([dt.date(2024, 3, 1), dt.date(2024, 9, 1)])
    assert one.startswith(f"按期答复指在法定期限内答复，即{rules.REPLY_2019.describe()}。")
    both = deadline_wording([dt.date(2019, 1, 10), dt.date(2019, 8, 1)])
    assert both.startswith("按期答复指在法定期限内答复：2019年5月15日以前收到的申请，")
    assert rules.REPLY_2007.describe() in both and rules.REPLY_2019.describe() in both


def test_fees_are_named_by_the_rule_they_were_charged_under():
    assert fee_sentences({}, 2024) == ["依据《政府信息公开信息处理费管理办法》实际收取信息处理费 0 元"]
    assert fee_sentences({}, 2020) == ["本年度依申请提供政府信息未收取费用"]
    charged = fee_sentences({rules.FEE_2021.name: 250.0, rules.FEE_NONE.name: 0}, 2024)
    assert charged == [f"{rules.FEE_2021.charged} 250 元"]


def test_a_figures_table_escapes_text_but_not_markdown_it_is_given_and_heads_each_row():
    text = _table("名<称>", ["名", "数"], [["a|b*<i>", 3]])
    assert '<table markdown="1" aria-label="名&lt;称&gt;">' in text
    assert '<th scope="col">名</th><th scope="col" style="text-align: right;">数</th>' in text
    head = '<tr markdown="1"><th scope="row" markdown="span">a\\|b\\*&lt;i&gt;</th>'
    assert head + '<td style="text-align: right;" markdown="span">3</td></tr>' in text
    linked = _table("名", ["名"], [["[链接](x.md)"]], markdown=True)
    assert '<th scope="row" markdown="span">[链接](x.md)</th>' in linked
