"""Whose report, and where each figure of table 二 comes from: the issuer is a fact of the site (taxonomy.yml
`government`) or of the reporting agency, never read from the title; a row the site declares not
applicable prints "/" with its reason; a figure with no source is an error at the report file's line."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from conftest import flat
from test_annual import REPORT, write_year


def taxonomy(site, text: str, at_top: bool = True) -> None:
    path = site.root / "records" / "taxonomy.yml"
    old = path.read_text(encoding="utf-8")
    path.write_text(text + old if at_top else old + text, encoding="utf-8")


def report(site, text: str, name: str = "2024.md") -> None:
    (site.root / "records" / "reports" / name).write_text(text, encoding="utf-8")


def declare_government(site) -> None:
    taxonomy(site, "government: 测试县人民政府\n")


def test_the_issuer_is_the_sites_government_whatever_the_title_says(site):
    write_year(site)
    declare_government(site)
    # A title without 工作 (the seed's own wording) naming the county, not its government: the
    # sentences still name the government.
    report(site, REPORT.replace("测试县人民政府2024年政府信息公开工作年度报告", "测试县2024年政府信息公开年度报告"))
    built = site.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    page = BeautifulSoup(site.html("xxgk/nianbao/2024/index.html"), "html.parser")
    assert page.select_one("article h1").get_text(strip=True) == "测试县2024年政府信息公开年度报告"
    text = page.get_text(" ", strip=True)
    assert "2024年，测试县人民政府共主动公开政府信息 4 条，其中县直部门 4 条、乡镇 0 条。" in text
    assert "本级政府" not in text


def test_without_a_title_the_report_is_named_after_its_issuer(site):
    write_year(site)
    declare_government(site)
    report(site, REPORT.replace("title: 测试县人民政府2024年政府信息公开工作年度报告\n", ""))
    report(site, REPORT.replace("title: 测试县人民政府", "scope: 测试县城关镇人民政府\ntitle: 测试县城关镇人民政府"),
           "2024-cgz.md")  # fmt: skip
    out = site.gongkai("report", "2024")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("测试县人民政府2024年政府信息公开工作年度报告\n")
    # A year without a report file is titled the same way (it was “2023年政府信息公开工作年度报告”).
    without = site.gongkai("report", "2023", "--table", "2")
    assert without.returncode == 0 and "没有 2023 年的年报文件" in without.stderr
    assert without.stdout.startswith("测试县人民政府2023年政府信息公开工作年度报告\n")
    built = site.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    text = BeautifulSoup(site.html("xxgk/nianbao/2024-cgz/index.html"), "html.parser").get_text(" ", strip=True)
    assert "2024年，测试县城关镇人民政府共主动公开政府信息 0 条。" in text


def test_a_whole_government_report_needs_the_government_declared(site):
    write_year(site)
    # Without `government`, a standard title still names it (sites from before the key); any other
    # title leaves the issuer unknown: an error, never a placeholder.
    report(site, REPORT.replace("测试县人民政府2024年政府信息公开工作年度报告", "测试县2024年政务公开工作总结"))
    result = site.gongkai("check")
    assert result.returncode == 1
    assert (
        "records/reports/2024.md:2: 错误 scope（报告范围）：不知道这份年报的发布机关：本站没有写明本级政府。"
        "改法：在 records/taxonomy.yml 第一行写 government: 某某县人民政府" in flat(result.stderr)
    )


def test_a_row_that_does_not_apply_prints_a_slash_and_its_reason(site):
    write_year(site)
    taxonomy(site, "not_applicable:\n  规章: 县级人民政府及其部门无权制定规章\n")
    # r4 is a 规章 of the fixture year: declared impossible, it is an error, named.
    result = site.gongkai("check")
    assert result.returncode == 1
    assert "records/reports/2024.md: 错误 本站声明表二“规章”不适用于这份年报，却有这类文件：zfb/2024-00004。" in flat(
        result.stderr
    )
    (site.root / "records" / "r4.md").unlink()
    built = site.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    page = BeautifulSoup(site.html("xxgk/nianbao/2024/index.html"), "html.parser")
    rows = {
        tr.find("th").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in page.select("table.gk-table2 tbody tr")
        if tr.find("td")
    }
    assert rows["规章"] == ["/", "/", "/"] and rows["行政规范性文件"] == ["2", "1", "3"]
    text = page.get_text(" ", strip=True)
    assert "“/”表示不适用：规章，县级人民政府及其部门无权制定规章。" in text
    # Each figure says where it comes from.
    assert "行政许可决定数按本站相应栏目当年发布的信息条数统计（行政许可：行政许可）" in text
    assert "行政处罚、行政强制决定数由年报填报" in text
    csv = (site.root / "site/xxgk/nianbao/2024/table2.csv").read_text(encoding="utf-8-sig")
    assert "第二十条第（一）项,规章,本年制发件数,/" in csv
    data = json.loads(site.gongkai("report", "2024", "--format", "json").stdout)
    assert data["table2"]["规章"] == {"本年制发件数": None, "本年废止件数": None, "现行有效件数": None}
    assert data["table2"]["不适用"] == {"规章": "县级人民政府及其部门无权制定规章"}


def test_a_figure_without_a_source_is_an_error_at_the_report_files_line(site):
    write_year(site)
    report(site, REPORT.replace("enforcements: 0\n", ""))
    result = site.gongkai("check")
    assert result.returncode == 1
    # Line 7: the closing --- of the front matter, where the figure is to be added.
    assert (
        "records/reports/2024.md:7: 错误 enforcements（行政强制决定数）：表二“行政强制”的决定数没有来源："
        "年报没有写 enforcements，taxonomy.yml 也没有栏目标明 report_row: 行政强制。" in flat(result.stderr)
    )
    assert "permits" not in result.stderr  # 行政许可 has its category
    # Declared not applicable, the same report passes and prints "/".
    taxonomy(site, "not_applicable:\n  行政强制: 本级没有行政强制职权\n")
    assert site.gongkai("check").returncode == 0
    data = json.loads(site.gongkai("report", "2024", "--format", "json", "--table", "2").stdout)
    assert data["table2"]["行政强制"] is None and data["table2"]["行政处罚"] == 7
    # Declared not applicable and given a figure all the same: which is it?
    report(site, REPORT)
    result = site.gongkai("check")
    assert result.returncode == 1
    assert "records/reports/2024.md:5: 错误 enforcements（行政强制决定数）：本站声明行政强制不适用于这份年报" in flat(
        result.stderr
    )


def test_an_agency_declares_what_does_not_apply_to_its_own_report(site):
    write_year(site)
    path = site.root / "records" / "taxonomy.yml"
    text = path.read_text(encoding="utf-8").replace(
        "group: 乡镇}", "group: 乡镇, not_applicable: {行政事业性收费: 本镇没有行政事业性收费项目}}"
    )
    path.write_text(text, encoding="utf-8")
    scoped = REPORT.replace("title: 测试县人民政府", "scope: 测试县城关镇人民政府\ntitle: 测试县城关镇人民政府")
    report(site, scoped.replace("fees_wan: 1.25\n", ""), "2024-cgz.md")
    assert site.gongkai("check").returncode == 0
    town = json.loads(site.gongkai("report", "2024", "--scope", "测试县城关镇人民政府", "--format", "json").stdout)
    county = json.loads(site.gongkai("report", "2024", "--format", "json").stdout)
    assert town["table2"]["行政事业性收费（万元）"] is None
    assert county["table2"]["行政事业性收费（万元）"] == 1.25 and "不适用" not in county["table2"]
    # A wrong row or no reason is said at its line.
    path.write_text(text.replace("行政事业性收费: 本镇没有行政事业性收费项目", "行政收费: 没有"), encoding="utf-8")
    result = site.gongkai("check")
    assert result.returncode == 1 and "not_applicable：“行政收费”不是年报表二的一行。" in flat(result.stderr)


def test_without_a_report_file_gongkai_report_says_where_each_figure_of_table_2_comes_from(site):
    """A row with no category counted and no declaration prints 0, which means "none": it is named
    as having no source, with what to write; the others say which categories they count."""
    write_year(site)  # 行政许可 counted; 行政处罚 and 行政强制 counted by nothing
    (site.root / "records" / "reports" / "2024.md").unlink()  # it gives 行政处罚 a figure
    taxonomy(site, "not_applicable:\n  行政处罚: 本县各部门没有行政处罚权（示例）\n")
    out = site.gongkai("report", "2023", "--table", "2")
    assert out.returncode == 0, out.stderr
    said = out.stderr
    assert "  行政许可决定数：按栏目“行政许可”当年的记录条数统计；" in said, said
    assert "  行政处罚决定数：不适用，表中印“/”（本县各部门没有行政处罚权（示例））；" in said, said
    assert "  行政强制决定数：没有来源（没有栏目标明 report_row: 行政强制），表中的 0 不表示“没有”" in said, said
    assert "enforcements: 决定数" in said
    assert "  行政事业性收费金额（万元）：按 0 计，年报文件里写 fees_wan；" in said
