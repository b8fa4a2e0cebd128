"""The annual report (年报): a fixture year whose tables were counted by hand, compared cell by cell
with the built HTML; the national layout; the CSV downloads; `gongkai report`; the identities on
random ledgers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, flat
from gongkai.model.ledgers import Appeal, Request
from gongkai.model.taxonomy import Agency
from gongkai.portal import annual

# The national format (国办公开办函〔2021〕30号), typed here from the reference notes §1.4, not
# imported from the code: the layout is tested against the format, not against itself.
TABLE3_LABELS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
TABLE3_HEAD = [
    [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 1, 7)],
    [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
    [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1)],
]
TABLE4_HEAD = [
    [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
    [*((c, 2, 1) for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))]
    + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
    [(c, 1, 1) for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")] * 2,
]

# -- the fixture year ------------------------------------------------------------------------

REQUESTS = """\
# 依申请公开台账（测试）
- {id: YSQ-01, agency: 测试县财政局, received: 2023-12-25, applicant: 自然人, replied: 2024-01-10, outcome: 予以公开}
- {id: YSQ-02, agency: 测试县财政局, received: 2023-11-01, applicant: 商业企业, replied: 2023-11-20, outcome: 予以公开}
- {id: YSQ-03, agency: 测试县财政局, received: 2024-02-01, applicant: 自然人, replied: 2024-02-20, outcome: 部分公开}
- {id: YSQ-04, agency: 测试县人民政府办公室, received: 2024-03-04, applicant: 法律服务机构, replied: 2024-03-15,
   outcome: 不予公开, reason: 属于国家秘密}
- {id: YSQ-05, agency: 测试县财政局, received: 2024-04-01, applicant: 自然人, replied: 2024-04-10, outcome: 无法提供,
   reason: 本机关不掌握相关政府信息}
- {id: YSQ-06, agency: 测试县财政局, received: 2024-05-06, applicant: 其他, replied: 2024-05-08, outcome: 不予处理,
   reason: 重复申请, fee: 100}
- {id: YSQ-07, agency: 测试县财政局, received: 2024-06-03, applicant: 科研机构, replied: 2024-06-05, outcome: 其他处理,
   reason: 其他}
- {id: YSQ-08, agency: 测试县财政局, received: 2024-12-20, applicant: 社会公益组织, replied: 2025-01-06,
   outcome: 予以公开}
- {id: YSQ-09, agency: 测试县财政局, received: 2024-12-30, applicant: 自然人}
- {id: YSQ-10, agency: 测试县财政局, received: 2025-01-02, applicant: 自然人}
- {id: YSQ-11, agency: 测试县财政局, received: 2023-12-29, applicant: 商业企业, extended: true, replied: 2025-01-10,
   outcome: 予以公开}
- {id: YSQ-12, agency: 测试县城关镇人民政府, received: 2024-07-01, applicant: 自然人, replied: 2024-08-30,
   outcome: 予以公开}
"""
APPEALS = """\
- {id: FY-01, agency: 测试县财政局, type: 行政复议, filed: 2024-03-01, result: 维持, concluded: 2024-05-01,
   request: YSQ-05}
- {id: FY-02, agency: 测试县财政局, type: 行政复议, filed: 2024-06-01, result: 纠正, concluded: 2025-02-01}
- {id: FY-03, agency: 测试县财政局, type: 行政复议, filed: 2024-08-01}
- {id: FY-04, agency: 测试县财政局, type: 行政诉讼, route: 未经复议直接起诉, filed: 2024-04-01, result: 其他,
   concluded: 2024-10-10}
- {id: FY-05, agency: 测试县财政局, type: 行政诉讼, route: 复议后起诉, filed: 2024-09-01, result: 纠正,
   concluded: 2024-12-31}
- {id: FY-06, agency: 测试县财政局, type: 行政复议, filed: 2023-10-01, result: 维持, concluded: 2024-01-15}
"""
REPORT = """\
---
title: 测试县人民政府2024年政府信息公开工作年度报告
published: 2025-01-20
penalties: 7
enforcements: 0
fees_wan: 1.25
budget_wan: 3
---

本报告由测试县人民政府办公室编制。

## 一、总体情况

总体情况的叙述。

## 五、存在的主要问题及改进情况

问题与改进。

## 六、其他需要报告的事项

其他事项。
"""

# Counted by hand from the records and ledgers above (see each comment).
EXPECTED_TABLE2 = {
    # 规章: R4 (成文 2024-12-20) is 制发 and 现行有效.
    "规章": ["1", "0", "1"],
    # 制发 R2 (成文 2024), R5 (成文 2024); 废止 R3; 现行有效 R1, R2, R6 (失效 only in 2025), not R5: published
    # in 2025, it was not in force on 31 December 2024.
    "行政规范性文件": ["2", "1", "3"],
    "行政许可": ["2"],  # R7, R8 in the 行政许可 category (report_row); R9 is 2023; the report gives no figure
    "行政处罚": ["7"],  # from the report
    "行政强制": ["0"],
    "行政事业性收费": ["1.25"],
}
ZERO = ["0"] * 7
EXPECTED_TABLE3 = {label: ZERO for label in TABLE3_LABELS} | {
    # columns: 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
    "一、本年新收政府信息公开申请数量": [
        "4",
        "0",
        "1",
        "1",
        "1",
        "1",
        "8",
    ],  # YSQ-03 YSQ-05 YSQ-09 YSQ-12 | YSQ-07 | YSQ-08 | YSQ-04 | YSQ-06
    "二、上年结转政府信息公开申请数量": [
        "1",
        "1",
        "0",
        "0",
        "0",
        "0",
        "2",
    ],  # YSQ-01 | YSQ-11 (YSQ-02 was replied in 2023)
    "（一）予以公开": ["2", "0", "0", "0", "0", "0", "2"],  # YSQ-01 YSQ-12
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ["1", "0", "0", "0", "0", "0", "1"],  # YSQ-03
    "1.属于国家秘密": ["0", "0", "0", "0", "1", "0", "1"],  # YSQ-04
    "1.本机关不掌握相关政府信息": ["1", "0", "0", "0", "0", "0", "1"],  # YSQ-05
    "2.重复申请": ["0", "0", "0", "0", "0", "1", "1"],  # YSQ-06
    "3.其他": ["0", "0", "1", "0", "0", "0", "1"],  # YSQ-07
    "（七）总计": ["4", "0", "1", "0", "1", "1", "7"],
    "四、结转下年度继续办理": ["1", "1", "0", "1", "0", "0", "3"],  # YSQ-09 | YSQ-11 | YSQ-08
}
EXPECTED_TABLE4 = (
    [
        "2",
        "0",
        "0",
        "2",
        "4",
    ]  # 行政复议: FY-01 维持, and FY-06 (filed 2023, pending on 1 January: 上年结转) 维持 on 2024-01-15;
    # FY-02 (concluded 2025) and FY-03 尚未审结
    + ["0", "0", "1", "0", "1"]  # 未经复议直接起诉: FY-04 其他
    + ["0", "1", "0", "0", "1"]  # 复议后起诉: FY-05 纠正 on 31 Dec
)


def write_year(site):
    """The fixture year 2024: records, ledgers and the report."""
    taxonomy = (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8")
    taxonomy += "  - {name: 行政许可, slug: xzxk, report_row: 行政许可}\n"
    (site.root / "records" / "taxonomy.yml").write_text(taxonomy, encoding="utf-8")
    docs = "政策文件/行政规范性文件"
    site.good("r1.md", index_no="czj/2023-00001", category=docs, doc_type="行政规范性文件",
              written="2023-06-01", published="2023-06-10")  # fmt: skip
    site.good("r2.md", index_no="czj/2024-00002", category=docs, doc_type="行政规范性文件",
              written="2024-03-01", published="2024-03-05")  # fmt: skip
    site.good("r3.md", index_no="czj/2022-00003", category=docs, doc_type="行政规范性文件",
              written="2022-01-10", published="2022-01-15", validity="废止", abolished="2024-07-01")  # fmt: skip
    site.good("r4.md", index_no="zfb/2024-00004", agency="测试县人民政府办公室", category=docs, doc_type="规章",
              written="2024-12-20", published="2024-12-30")  # fmt: skip
    site.good("r5.md", index_no="czj/2025-00005", category=docs, doc_type="行政规范性文件",
              written="2024-11-01", published="2025-01-05")  # fmt: skip
    site.good("r6.md", index_no="czj/2023-00006", category=docs, doc_type="行政规范性文件",
              written="2023-01-01", published="2023-01-05", validity="失效", abolished="2025-03-01")  # fmt: skip
    site.good("r7.md", index_no="czj/2024-00007", category="行政许可", published="2024-05-01")
    site.good("r8.md", index_no="czj/2024-00008", category="行政许可", published="2024-09-01")
    site.good("r9.md", index_no="czj/2023-00009", category="行政许可", published="2023-09-01")
    site.good("d1.md", index_no="czj/2024-00010", category=docs, doc_type="行政规范性文件",
              written="2024-02-01", published="2024-02-02", draft=True)  # fmt: skip
    (site.root / "records" / "requests").mkdir()
    (site.root / "records" / "requests" / "ledger.yml").write_text(REQUESTS, encoding="utf-8")
    (site.root / "records" / "appeals").mkdir()
    (site.root / "records" / "appeals" / "cases.yml").write_text(APPEALS, encoding="utf-8")
    (site.root / "records" / "reports").mkdir()
    (site.root / "records" / "reports" / "2024.md").write_text(REPORT, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import Site

    site = Site(tmp_path_factory.mktemp("annual") / "src")
    write_year(site)
    result = site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    return site


def report_page(site) -> BeautifulSoup:
    return BeautifulSoup(site.html("xxgk/nianbao/2024/index.html"), "html.parser")


def head_cells(table) -> list[list[tuple[str, int, int]]]:
    return [
        [(th.get_text(strip=True), int(th.get("rowspan", 1)), int(th.get("colspan", 1))) for th in tr.find_all("th")]
        for tr in table.select("thead tr")
    ]


def body_rows(table) -> list[tuple[str, list[str]]]:
    """(the row's own label: its last header cell, the data cells) of each body row."""
    return [
        (tr.find_all("th")[-1].get_text(strip=True), [td.get_text(strip=True) for td in tr.find_all("td")])
        for tr in table.select("tbody tr")
    ]


def test_table3_every_cell_and_the_national_layout(built):
    table = report_page(built).select_one("table.gk-table3")
    assert head_cells(table) == TABLE3_HEAD
    rows = body_rows(table)
    assert [label for label, _ in rows] == TABLE3_LABELS
    assert dict(rows) == EXPECTED_TABLE3
    # The merged label cells: 三 spans all 22 result rows, each outcome its reasons.
    spans = {th.get_text(strip=True): int(th.get("rowspan", 1)) for th in table.select("tbody th[rowspan]")}
    assert spans == {
        "三、本年度办理结果": 22,
        "（三）不予公开": 8,
        "（四）无法提供": 3,
        "（五）不予处理": 5,
        "（六）其他处理": 3,
    }
    # Every row is 3 label columns + 7 numbers wide.
    for tr in table.select("tbody tr"):
        assert sum(int(c.get("colspan", 1)) for c in tr.find_all(["th", "td"])) + _covered(table, tr) == 10


def _covered(table, row) -> int:
    """Label columns of `row` covered by a rowspan cell of an earlier row."""
    rows = table.select("tbody tr")
    i, covered = rows.index(row), 0
    for j, earlier in enumerate(rows[:i]):
        for th in earlier.find_all("th", rowspan=True):
            if j + int(th["rowspan"]) > i:
                covered += int(th.get("colspan", 1))
    return covered


def test_table2_every_cell(built):
    # Four tables, one per clause, stacked as the format prints them (each block its own headers).
    blocks = report_page(built).select("table.gk-table2")
    assert len(blocks) == 4
    rows = {label: cells for table in blocks for label, cells in body_rows(table) if cells}
    assert rows == EXPECTED_TABLE2
    headers = [th.get_text(strip=True) for table in blocks for th in table.select("th[colspan='4']")]
    assert headers == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert "行政许可决定数按本站相应栏目当年发布的信息条数统计" in report_page(built).get_text()


def test_table4_every_cell_and_layout(built):
    table = report_page(built).select_one("table.gk-table4")
    assert head_cells(table) == TABLE4_HEAD
    assert [td.get_text(strip=True) for td in table.select("tbody td")] == EXPECTED_TABLE4
    assert "注：本表含以前年度立案、本年1月1日尚未审结的案件 1 件（行政复议 1 件），按本年12月31日的结果统计" in (
        report_page(built).get_text()
    )


def test_a_case_concluded_the_next_year_shows_its_result_in_that_years_table():
    """Table 四 counts cases as table 三 counts requests: those filed in the year and those carried over
    (still pending on 1 January), each under its result on 31 December."""
    day = dt.date.fromisoformat
    agency = Agency("测试县财政局", "czj", "县直部门")
    cases = [
        Appeal("SS-A", agency, "行政诉讼", day("2024-11-18"), "未经复议直接起诉", "维持", day("2025-03-18")),
        Appeal("FY-B", agency, "行政复议", day("2023-06-01"), None, "纠正", day("2025-02-01")),
        Appeal("FY-C", agency, "行政复议", day("2023-03-01"), None, "维持", day("2023-12-31")),
        Appeal("SS-D", agency, "行政诉讼", day("2024-12-31"), "复议后起诉", "其他", day("2025-01-01")),
        Appeal("FY-E", agency, "行政复议", day("2022-01-01")),
    ]
    # 维持 纠正 其他 尚未审结 总计, per group; counted by hand.
    expected = {
        2023: {"行政复议": (1, 0, 0, 2, 3), "未经复议直接起诉": (0,) * 5, "复议后起诉": (0,) * 5},  # C; B E
        2024: {
            "行政复议": (0, 0, 0, 2, 2),  # B E carried, still pending; C ended in 2023
            "未经复议直接起诉": (0, 0, 0, 1, 1),  # A
            "复议后起诉": (0, 0, 0, 1, 1),  # D
        },
        2025: {
            "行政复议": (0, 1, 0, 1, 2),  # B 纠正, E pending
            "未经复议直接起诉": (1, 0, 0, 0, 1),  # A 维持
            "复议后起诉": (0, 0, 1, 0, 1),  # D 其他
        },
    }
    carried = {2023: (1, 0, 0), 2024: (2, 0, 0), 2025: (2, 1, 1)}  # E from 2022; B E; B E, A, D
    for year, groups in expected.items():
        t4 = annual.table4(year, cases)
        assert t4.groups == groups, year
        assert tuple(t4.carried_over.values()) == carried[year], year
    assert annual.table4(2025, cases).ids[("未经复议直接起诉", "维持")] == ("SS-A",)
    # Every case concluded shows its result in exactly one year's table.
    shown = [(y, g, c) for y in (2023, 2024, 2025) for (g, c), ids in annual.table4(y, cases).ids.items()
             for _ in ids if c in ("维持", "纠正", "其他")]  # fmt: skip
    assert len(shown) == 4  # A B C D; E is still pending


def test_report_page_reads_in_the_order_of_the_format(built):
    page = report_page(built)
    headings = [h.get_text(strip=True) for h in page.select("article h2")]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    text = page.get_text(" ", strip=True)
    assert page.select_one("article h1").get_text(strip=True) == "测试县人民政府2024年政府信息公开工作年度报告"
    assert "本报告由测试县人民政府办公室编制。" in text
    # The seed report's summary line: published in the year, by agency group (r2 r4 r7 r8: the draft never counts).
    assert "2024年，测试县人民政府共主动公开政府信息 4 条，其中县直部门 4 条、乡镇 0 条。" in text
    # YSQ-01, YSQ-03 to 07 answered within 20 working days (YSQ-03 across 春节 2024, 调休 Sunday 2月18日 counted);
    # YSQ-12 (received 2024-07-01, due 07-29) on 08-30.
    assert "本年答复政府信息公开申请 7 件，其中在法定期限内答复 6 件，逾期答复 1 件。" in text
    # 信息处理费 from the ledger (YSQ-06) when the report gives none; the budget from the report.
    assert (
        "本年度政府信息公开工作经费 3 万元；依据《政府信息公开信息处理费管理办法》实际收取信息处理费 100 元。" in text
    )
    # The ledgers are counted, never listed.
    for case in ("YSQ-01", "YSQ-11", "FY-02"):
        assert case not in built.html("xxgk/nianbao/2024/index.html")


def test_each_table_downloads_as_csv_with_the_same_figures(built):
    page = report_page(built)
    links = [a for a in page.select("a[download]") if a["href"].endswith(".csv")]
    assert [a["download"] for a in links] == ["2024年报-表二.csv", "2024年报-表三.csv", "2024年报-表四.csv"]
    raw = (built.root / "site" / "xxgk" / "nianbao" / "2024" / "table3.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel on Windows needs the BOM to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert {r[0].split("/")[-1]: r[1:] for r in rows[1:]} == EXPECTED_TABLE3
    t4 = list(csv.reader(io.StringIO((built.root / "site/xxgk/nianbao/2024/table4.csv").read_text("utf-8-sig"))))
    assert [r[0] for r in t4[1:]] == ["行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"]
    assert sum((r[1:] for r in t4[1:]), []) == EXPECTED_TABLE4


def test_report_index_and_navigation(built):
    page = BeautifulSoup(built.html("xxgk/nianbao/index.html"), "html.parser")
    links = [(a.get_text(strip=True), a["href"]) for a in page.select("article li a")]
    assert links == [("测试县人民政府2024年政府信息公开工作年度报告", "2024/")]
    nav = [a.get_text(strip=True) for a in page.select("nav.md-nav--primary a")]
    assert "统计" in nav and "测试县人民政府2024年政府信息公开工作年度报告" in nav


def test_gongkai_report_prints_the_tables(built):
    text = built.gongkai("report", "2024")
    assert text.returncode == 0, text.stderr
    assert "三、收到和处理政府信息公开申请情况" in text.stdout and "    1.属于国家秘密" in text.stdout
    line = next(x for x in text.stdout.splitlines() if x.startswith("四、结转下年度继续办理"))
    assert line.split()[1:] == EXPECTED_TABLE3["四、结转下年度继续办理"]
    data = json.loads(built.gongkai("report", "2024", "--format", "json").stdout)
    assert data["table3"]["三、本年度办理结果/（七）总计"]["总计"] == 7
    assert data["table2"]["行政规范性文件"] == {"本年制发件数": 2, "本年废止件数": 1, "现行有效件数": 3}
    assert data["table2"]["行政许可"] == 2 and data["table2"]["行政事业性收费（万元）"] == 1.25
    one = built.gongkai("report", "2024", "--format", "csv", "--table", "4").stdout
    assert list(csv.reader(io.StringIO(one)))[1] == ["行政复议", *EXPECTED_TABLE4[:5]]
    # A year without a report file: computed anyway, and the missing figures said.
    other = built.gongkai("report", "2023", "--table", "4")
    assert other.returncode == 0 and "没有 2023 年的年报文件" in other.stderr
    assert "表二的数字来源" not in other.stderr  # table 二's notes with table 二 only
    assert "表二的数字来源" in built.gongkai("report", "2023", "--table", "2").stderr
    assert built.gongkai("report", "2024", "--scope", "不存在的局").returncode == 2
    government = built.gongkai("report", "2024", "--scope", "测试县人民政府")
    assert government.returncode == 2
    assert "测试县人民政府的年报不用写 --scope：gongkai report 2024 即是。" in government.stderr
    assert "不是 2008—2100 之间的年份" in built.gongkai("report", "0").stderr
    scoped = built.gongkai("report", "2024", "--scope", "测试县城关镇人民政府", "--table", "4")
    assert "records/reports/2024-<代号>.md（写 scope: 测试县城关镇人民政府）" in scoped.stderr


def test_a_scoped_report_counts_one_agency(tmp_path):
    from conftest import Site

    site = Site(tmp_path / "src")
    write_year(site)
    (site.root / "records" / "reports" / "2024-cgz.md").write_text(
        REPORT.replace("title: 测试县人民政府", "scope: 测试县城关镇人民政府\ntitle: 测试县城关镇人民政府"),
        encoding="utf-8",
    )
    out = json.loads(site.gongkai("report", "2024", "--scope", "测试县城关镇人民政府", "--format", "json").stdout)
    assert out["scope"] == "测试县城关镇人民政府"
    assert out["table3"]["一、本年新收政府信息公开申请数量"]["自然人"] == 1  # YSQ-12 only
    assert out["table3"]["一、本年新收政府信息公开申请数量"]["总计"] == 1
    assert out["table2"]["行政规范性文件"]["现行有效件数"] == 0


def test_a_broken_identity_fails_the_build(site, monkeypatch):
    """The identities can only break through a bug: make one, and nothing is published."""
    from gongkai.model.settings import Settings
    from gongkai.portal.catalog import load_catalog
    from gongkai.text.problems import InputError

    write_year(site)
    real = annual.table3

    def off_by_one(year, requests):
        t = real(year, requests)
        rows = dict(t.rows)
        rows["carried_forward"] = (rows["carried_forward"][0] + 1, *rows["carried_forward"][1:])
        return annual.Table3(rows)

    monkeypatch.setattr(annual, "table3", off_by_one)
    with pytest.raises(InputError) as exc:
        load_catalog(site.root, Settings())
    text = flat(exc.value.problems.report())
    assert "records/reports/2024.md: 错误 年报表格的勾稽关系不成立（程序错误，请报告）" in text
    assert "表三 四、结转下年度继续办理：总计" in text and "表三 自然人 列：一 + 二" in text


# -- the identities on random ledgers --------------------------------------------------------

AGENCIES = [Agency("甲局", "a", "县直部门"), Agency("乙镇", "b", "乡镇")]
REASONED = [(o, r) for o, reasons in annual.OUTCOMES.items() for r in (reasons or [None])]
days = st.integers(0, 3 * 366).map(lambda n: dt.date(2023, 1, 1) + dt.timedelta(days=n))


@st.composite
def requests(draw):
    out = []
    for i in range(draw(st.integers(0, 40))):
        received = draw(days)
        replied = draw(st.none() | st.integers(0, 200).map(lambda n, r=received: r + dt.timedelta(days=n)))
        outcome, reason = draw(st.sampled_from(REASONED)) if replied else (None, None)
        out.append(
            Request(
                f"R{i}",
                draw(st.sampled_from(AGENCIES)),
                received,
                draw(st.sampled_from(annual.APPLICANTS)),
                replied,
                outcome,
                reason,
            )  # fmt: skip
        )
    return out


@st.composite
def appeals(draw):
    out = []
    for i in range(draw(st.integers(0, 20))):
        filed = draw(days)
        kind = draw(st.sampled_from(["行政复议", "行政诉讼"]))
        route = draw(st.sampled_from(["未经复议直接起诉", "复议后起诉"])) if kind == "行政诉讼" else None
        done = draw(st.none() | st.integers(0, 400))
        result = draw(st.sampled_from(["维持", "纠正", "其他"])) if done is not None else None
        concluded = filed + dt.timedelta(days=done) if done is not None else None
        out.append(Appeal(f"A{i}", draw(st.sampled_from(AGENCIES)), kind, filed, route, result, concluded))
    return out


@settings(max_examples=300, deadline=None)
@given(requests(), appeals(), st.sampled_from([2023, 2024, 2025]), st.sampled_from([None, *AGENCIES]))
def test_the_identities_hold_on_random_ledgers(reqs, cases, year, scope):
    t = annual.compute(year, [], reqs, cases, scope=scope)
    assert t.broken_identities() == []
    mine = [r for r in reqs if scope is None or r.agency == scope]
    # Each request counted in 一 or 二 lands in exactly one result row or in 四, never twice.
    counted = [
        r
        for r in mine
        if r.received.year == year or (r.received.year < year and r.open_at_end_of(dt.date(year - 1, 12, 31)))
    ]
    rows = t.table3.rows
    assert rows["new"][-1] + rows["carried_over"][-1] == len(counted)
    assert rows["total"][-1] == sum(1 for r in counted if r.replied and r.replied.year == year)
    # This year's 四 is next year's 二.
    following = annual.compute(year + 1, [], reqs, cases, scope=scope)
    assert following.table3.rows["carried_over"] == rows["carried_forward"]
    mine_cases = [a for a in cases if scope is None or a.agency == scope]
    filed = [a for a in mine_cases if a.filed.year == year]
    pending = [a for a in mine_cases if a.filed.year < year and a.result_on(dt.date(year - 1, 12, 31)) == "尚未审结"]
    assert sum(v[-1] for v in t.table4.groups.values()) == len(filed) + len(pending)
    assert sum(t.table4.carried_over.values()) == len(pending)
    # As for requests: this year's 尚未审结 are next year's carried-over cases, group by group.
    unfinished = annual.APPEAL_COLUMNS.index("尚未审结")
    assert {g: v[unfinished] for g, v in t.table4.groups.items()} == following.table4.carried_over


def test_a_report_body_is_refused_what_a_record_body_is(site):
    """A report's body is converted as a record's is: a paragraph of `[` never closed, tags never
    ended or digits turned around by U+202E are refused at their line by check and the build alike
    (they were refused in records only: a report could stall the build)."""
    write_year(site)
    path = site.root / "records" / "reports" / "2024.md"
    for body, said in (
        ("[a" * 3000, "个方括号 [ 同时没有配对"),
        ("<a " * 300, "个没有写完的 HTML 标记"),
        ("联系电话\u202e87654321931\u202c。", "正文含有看不见的字符"),
    ):
        path.write_text(REPORT.replace("总体情况的叙述。", body), encoding="utf-8")
        line = REPORT.split("\n").index("总体情况的叙述。") + 1
        for done in (site.gongkai("check"), site.mkdocs("build")):
            text = flat(done.stderr)
            assert done.returncode == 1 and f"records/reports/2024.md:{line}: 错误" in text and said in text, text
