"""Every department and township publishes its own 年报 (条例第四十九条): `records/reports/<YYYY>-<code>.md`
with `scope`, counted from that agency's records and ledger rows only, listed on the 年报 page by agency
group; the agencies' reports of a year add up to the county's."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import Site, flat
from test_aggregate import county_a
from test_annual import REPORT

AGENCIES = {"czj": "测试县财政局", "zfb": "测试县人民政府办公室"}


def agency_report(site: Site, code: str, name: str, year: int = 2024) -> None:
    text = REPORT.replace("title: 测试县人民政府", f"scope: {name}\ntitle: {name}").replace("2024", str(year))
    text = re.sub(r"^published: .*$", f"published: {year + 1}-01-2{len(code) % 10}", text, flags=re.M)
    (site.root / "records" / "reports" / f"{year}-{code}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("agencies") / "src")
    county_a(site)  # the county's 2024 report and the 城关镇's
    for code, name in AGENCIES.items():
        agency_report(site, code, name)
    agency_report(site, "czj", "测试县财政局", 2023)
    built = site.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    return site


def test_the_report_page_lists_them_by_agency_group(county):
    page = BeautifulSoup(county.html("xxgk/nianbao/index.html"), "html.parser")
    article = page.select_one("article")
    assert [h.get_text(strip=True) for h in article.select("h2")] == ["甲县人民政府", "县直部门", "乡镇"]
    listed = {
        h.get_text(strip=True): [a.get_text(strip=True) for a in h.find_next_sibling("ul").select("a")]
        for h in article.select("h2")
    }
    assert listed == {
        "甲县人民政府": ["测试县人民政府2024年政府信息公开工作年度报告"],
        # Newest year first, then the taxonomy's order (测试县财政局 before 测试县人民政府办公室).
        "县直部门": [
            "测试县财政局2024年政府信息公开工作年度报告",
            "测试县人民政府办公室2024年政府信息公开工作年度报告",
            "测试县财政局2023年政府信息公开工作年度报告",
        ],
        "乡镇": ["测试县城关镇人民政府2024年政府信息公开工作年度报告"],
    }
    # 数据下载 lists their figures in the same order (it listed them by file name: 2023-czj first).
    data = BeautifulSoup(county.html("data/index.html"), "html.parser")
    downloads = [a.get_text(strip=True).removesuffix("（JSON）") for a in data.select('article li a[href*="annual/2"]')]
    assert downloads == [t for titles in listed.values() for t in titles]
    # The navigation holds the government's reports; the agencies' are one click away, on this page.
    nav = [a.get_text(strip=True) for a in page.select("nav.md-nav--primary a")]
    assert "测试县人民政府2024年政府信息公开工作年度报告" in nav
    reports = [n for n in nav if n.endswith("年度报告")]
    assert reports == ["政府信息公开工作年度报告", "测试县人民政府2024年政府信息公开工作年度报告"]


def test_each_agency_counts_its_own_records_and_ledger_rows(county):
    text = BeautifulSoup(county.html("xxgk/nianbao/2024-czj/index.html"), "html.parser").get_text(" ", strip=True)
    # r2 r7 r8 are the 财政局's 2024 records; r4 is the 办公室's.
    assert "2024年，测试县财政局共主动公开政府信息 3 条。" in text

    def data(slug):
        return json.loads((county.root / "site" / "data" / "annual" / f"{slug}.json").read_text(encoding="utf-8"))

    czj, zfb, cgz, whole = data("2024-czj"), data("2024-zfb"), data("2024-cgz"), data("2024")
    new = "一、本年新收政府信息公开申请数量"
    # YSQ-03 05 06 07 08 09 | YSQ-04 | YSQ-12
    assert [d["table3"][new]["总计"] for d in (czj, zfb, cgz)] == [6, 1, 1]
    assert czj["table2"]["规章"]["本年制发件数"] == 0 and zfb["table2"]["规章"]["本年制发件数"] == 1  # r4
    assert czj["table4"]["行政复议"]["总计"] == whole["table4"]["行政复议"]["总计"]  # every case is the 财政局's
    # The agencies' reports add up to the county's tables 三 and 四 and its records.
    files = [str(county.root / "site" / "data" / "annual" / f"2024-{c}.json") for c in ("czj", "zfb", "cgz")]
    added = county.gongkai("aggregate", *files, "--format", "json")
    assert added.returncode == 0, added.stderr
    total = json.loads(added.stdout)
    assert total["table3"] == whole["table3"] and total["table4"] == whole["table4"]
    assert total["records"]["合计"] == whole["records"]["合计"] == 4
    assert total["government"] == "甲县人民政府"


def test_a_taxonomy_error_is_said_alone_not_as_a_second_report_to_delete(tmp_path):
    # Without the taxonomy, whose an agency's report is cannot be read: it was taken for the
    # government's and called a duplicate, with "删去其中一份" as the fix.
    site = Site(tmp_path / "src")
    county_a(site)
    agency_report(site, "czj", "测试县财政局")
    taxonomy = site.root / "records" / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    slug = next(line for line in text.splitlines() if line.strip().startswith("slug:"))
    taxonomy.write_text(text.replace(slug, slug.split("slug:")[0] + "slug: 财政", 1), encoding="utf-8")
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 1 and "网址片段" in done.stderr, done.stderr[-2000:]
        assert "同一范围的年报" not in done.stderr and "删去其中一份" not in done.stderr


def test_a_report_published_after_its_deadline_is_warned_about(tmp_path):
    # 条例第四十九条: an agency's report by 31 January, the government's by 31 March.
    site = Site(tmp_path / "src")
    county_a(site)
    agency_report(site, "czj", "测试县财政局")
    path = site.root / "records" / "reports" / "2024-czj.md"
    text = path.read_text(encoding="utf-8")
    published = next(line for line in text.splitlines() if line.startswith("published:"))
    path.write_text(text.replace(published, "published: 2025-02-20"), encoding="utf-8")
    government = site.root / "records" / "reports" / "2024.md"
    text = government.read_text(encoding="utf-8")
    published = next(line for line in text.splitlines() if line.startswith("published:"))
    government.write_text(text.replace(published, "published: 2025-03-31"), encoding="utf-8")
    checked = site.gongkai("check", "--as-of", "2025-12-01")
    assert checked.returncode == 0, checked.stderr
    said = checked.stderr
    # The check only: a report published late stays so; the build would repeat it on every run.
    built = site.mkdocs("build", "--strict")
    assert built.returncode == 0 and "条例第四十九条" not in built.stderr, built.stderr
    assert "测试县财政局的 2024 年年报应在 1月31日前向社会公布（条例第四十九条），这里写的是 2025-02-20。" in said
    assert "2024.md" not in said.split("警告")[0] and said.count("条例第四十九条") == 1  # 31 March is in time


def test_inspect_names_last_years_report_still_missing_after_its_deadline(tmp_path):
    # An issuer that publishes reports (2024's are here) and has none for 2025 after its deadline: a
    # date the inspection looks at, not the check (the sample must check clean any day).
    site = Site(tmp_path / "src")
    county_a(site)  # the government's 2024 report and the 城关镇's
    agency_report(site, "czj", "测试县财政局")

    def missing(day: str) -> list[str]:
        inspected = site.gongkai("inspect", "--as-of", day).stdout
        return sorted(re.findall(r"(records/reports/[^\s]+\.md)\n +警告 +年报：[^\n]*2025 年年报应在", inspected))

    assert missing("2026-01-31") == []
    agencies = ["records/reports/2025-cgz.md", "records/reports/2025-czj.md"]
    assert missing("2026-02-01") == agencies  # an agency's by 31 January
    assert missing("2026-04-01") == [*agencies, "records/reports/2025.md"]  # the government's by 31 March
    said = flat(site.gongkai("inspect", "--as-of", "2026-04-01").stdout)
    assert "测试县财政局的 2025 年年报应在 2026年1月31日前向社会公布（条例第四十九条），还没有这个文件。" in said
    assert "照 2024-czj.md 的样子写好这一年的年报；发布时运行 gongkai report 2025 --scope 测试县财政局 --freeze" in said
    agency_report(site, "czj", "测试县财政局", 2025)  # written (published on its day, or scheduled)
    assert missing("2026-04-01") == ["records/reports/2025-cgz.md", "records/reports/2025.md"]
    assert "2025 年年报应在" not in site.gongkai("check", "--as-of", "2026-04-01").stderr
