"""Open data for adding up: each report's figures at /data/annual/<slug>.json (valid against its schema,
the same bytes on every build, frozen or not), and `gongkai aggregate` adding three synthetic counties
against a hand count, refusing what cannot be added."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, Site
from gongkai.publish.annualdata import FEES_ROW
from test_annual import EXPECTED_TABLE3, REPORT, write_year
from test_frozen import back_date

AGENCY_REPORT = REPORT.replace("title: 测试县人民政府", "scope: 测试县城关镇人民政府\ntitle: 测试县城关镇人民政府")


def county_a(site: Site) -> None:
    """The hand-counted year of test_annual, as 甲县, with the 城关镇's own report beside the county's."""
    write_year(site)
    path = site.root / "records" / "taxonomy.yml"
    path.write_text("government: 甲县人民政府\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    (site.root / "records" / "reports" / "2024-cgz.md").write_text(AGENCY_REPORT, encoding="utf-8")


def small_county(site: Site, name: str, requests: str, appeals: str, figures: str, records) -> None:
    """A county where 规章 do not apply, with a few requests, cases, and its report's own figures."""
    head = f"government: {name}\nnot_applicable:\n  规章: 县级人民政府及其部门无权制定规章\n"
    taxonomy = (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8")
    (site.root / "records" / "taxonomy.yml").write_text(head + taxonomy, encoding="utf-8")
    for rel, fields in records.items():
        site.good(rel, **fields)
    for folder, text in (("requests", requests), ("appeals", appeals)):
        (site.root / "records" / folder).mkdir()
        (site.root / "records" / folder / "2024.yml").write_text(text, encoding="utf-8")
    (site.root / "records" / "reports").mkdir()
    report = REPORT.replace("penalties: 7\nenforcements: 0\nfees_wan: 1.25\n", figures)
    (site.root / "records" / "reports" / "2024.md").write_text(report, encoding="utf-8")


def county_b(site: Site) -> None:
    small_county(
        site,
        "乙县人民政府",
        "- {id: YB-01, agency: 测试县财政局, received: 2024-03-01, applicant: 自然人, replied: 2024-03-08,"
        " outcome: 予以公开}\n"
        "- {id: YB-02, agency: 测试县财政局, received: 2024-11-01, applicant: 商业企业, replied: 2024-11-20,"
        " outcome: 不予处理, reason: 重复申请}\n"
        "- {id: YB-03, agency: 测试县财政局, received: 2024-12-28, applicant: 自然人}\n",
        "- {id: FB-01, agency: 测试县财政局, type: 行政复议, filed: 2024-05-06, result: 维持, concluded: 2024-06-03}\n",
        "permits: 10\npenalties: 3\nenforcements: 1\nfees_wan: 2.5\n",
        {
            "b1.md": dict(
                index_no="czj/2024-00001",
                category="政策文件/行政规范性文件",
                doc_type="行政规范性文件",
                written="2024-05-01",
                published="2024-05-06",
            )  # fmt: skip
        },
    )


def county_c(site: Site) -> None:
    small_county(
        site,
        "丙县人民政府",
        "- {id: YC-01, agency: 测试县财政局, received: 2023-12-20, applicant: 法律服务机构, replied: 2024-01-05,"
        " outcome: 部分公开}\n"
        "- {id: YC-02, agency: 测试县财政局, received: 2024-06-03, applicant: 自然人, replied: 2024-06-12,"
        " outcome: 无法提供, reason: 本机关不掌握相关政府信息}\n",
        "- {id: SC-01, agency: 测试县财政局, type: 行政诉讼, route: 未经复议直接起诉, filed: 2024-02-05}\n",
        "permits: 5\npenalties: 0\nenforcements: 0\nfees_wan: 0.75\n",
        {"c1.md": dict(index_no="cgz/2024-00001", agency="测试县城关镇人民政府", published="2024-04-01")},
    )


@pytest.fixture(scope="module")
def counties(tmp_path_factory):
    """Three counties built, and the folder their /data/annual files were downloaded to."""
    root = tmp_path_factory.mktemp("counties")
    files = root / "downloaded"
    files.mkdir()
    sites = {}
    for name, make in (("a", county_a), ("b", county_b), ("c", county_c)):
        site = Site(root / name)
        make(site)
        built = site.mkdocs("build", "--strict")
        assert built.returncode == 0, built.stderr
        for data in (site.root / "site" / "data" / "annual").glob("2024*.json"):
            (files / f"{name}-{data.name}").write_bytes(data.read_bytes())
        sites[name] = site
    return sites, files


def load(site: Site, name: str) -> dict:
    return json.loads((site.root / "site" / "data" / "annual" / name).read_text(encoding="utf-8"))


def test_each_report_is_open_data_valid_against_its_schema(counties):
    sites, _ = counties
    a = sites["a"]
    schema = load(a, "schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    county, town = load(a, "2024.json"), load(a, "2024-cgz.json")
    for document in (county, town):
        jsonschema.validate(document, schema)
    assert (county["issuer"], county["government"], county["scope"], county["frozen"]) == (
        "甲县人民政府", "甲县人民政府", None, False,
    )  # fmt: skip
    assert (town["issuer"], town["government"], town["scope"], town["group"]) == (
        "测试县城关镇人民政府", "甲县人民政府", "测试县城关镇人民政府", "乡镇",
    )  # fmt: skip
    # Table 三 cell by cell, as counted by hand in test_annual.
    assert {k.split("/")[-1]: [str(v) for v in row.values()] for k, row in county["table3"].items()} == EXPECTED_TABLE3
    assert county["table2"]["行政规范性文件"] == {"本年制发件数": 2, "本年废止件数": 1, "现行有效件数": 3}
    assert county["table2_sources"]["行政许可"] == "栏目：行政许可"
    assert county["records"]["合计"] == 4 and county["records"]["分组"] == {"县直部门": 4, "乡镇": 0}
    assert county["records"]["栏目"]["政策文件"] == 2 and county["records"]["栏目"]["政策文件/行政规范性文件"] == 2
    assert county["requests"]["本年答复"] == 7 and county["requests"]["按期答复"] == 6
    # The agency's report: its own requests (YSQ-12) and records (none), its group only.
    assert town["table3"]["一、本年新收政府信息公开申请数量"]["总计"] == 1
    assert town["records"] == {"合计": 0, "分组": {"乡镇": 0}, "栏目": {k: 0 for k in county["records"]["栏目"]}}
    # No case number is published: the ledgers are counted, never listed.
    for case in ("YSQ-01", "YSQ-12", "FY-02"):
        assert case not in json.dumps(county, ensure_ascii=False)
    # The 数据下载 page lists them; each report page links its file.
    data_page = BeautifulSoup(a.html("data/index.html"), "html.parser")
    assert [x["href"] for x in data_page.select("article a") if "annual/20" in x["href"]] == [
        "annual/2024.json", "annual/2024-cgz.json",
    ]  # fmt: skip
    report_page = BeautifulSoup(a.html("xxgk/nianbao/2024/index.html"), "html.parser")
    assert report_page.select_one("article a[href$='2024.json']")["href"] == "../../../data/annual/2024.json"


def test_the_open_data_is_the_same_on_every_build_and_frozen_once_published(tmp_path):
    site = Site(tmp_path / "src")
    county_a(site)
    path = site.root / "site" / "data" / "annual" / "2024.json"
    assert site.mkdocs("build", "--strict").returncode == 0
    first = path.read_bytes()
    assert site.mkdocs("build", "--strict").returncode == 0
    assert path.read_bytes() == first
    assert site.gongkai("report", "2024", "--freeze").returncode == 0
    assert site.mkdocs("build", "--strict").returncode == 0
    frozen = path.read_bytes()
    assert json.loads(frozen)["frozen"] is True
    assert json.loads(frozen) | {"frozen": False} == json.loads(first)  # freezing changed no figure
    back_date(site)  # a record and a request entered later, dated in 2024
    assert site.mkdocs("build", "--strict").returncode == 0
    assert path.read_bytes() == frozen


# Added by hand from the three counties' ledgers and reports (see county_a/b/c and test_annual).
# Columns: 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计.
HAND_TABLE3 = {
    "一、本年新收政府信息公开申请数量": [7, 1, 1, 1, 1, 1, 12],  # 甲 8; 乙 YB-01 YB-02 YB-03; 丙 YC-02
    "二、上年结转政府信息公开申请数量": [1, 1, 0, 0, 1, 0, 3],  # 甲 2; 丙 YC-01
    "（一）予以公开": [3, 0, 0, 0, 0, 0, 3],  # 甲 2; 乙 YB-01
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [1, 0, 0, 0, 1, 0, 2],  # 甲 1; 丙 YC-01
    "1.属于国家秘密": [0, 0, 0, 0, 1, 0, 1],  # 甲
    "1.本机关不掌握相关政府信息": [2, 0, 0, 0, 0, 0, 2],  # 甲 1; 丙 YC-02
    "2.重复申请": [0, 1, 0, 0, 0, 1, 2],  # 甲 1; 乙 YB-02
    "3.其他": [0, 0, 1, 0, 0, 0, 1],  # 甲 (其他处理)
    "（七）总计": [6, 1, 1, 0, 2, 1, 11],
    "四、结转下年度继续办理": [2, 1, 0, 1, 0, 0, 4],  # 甲 3; 乙 YB-03
}
# 维持 纠正 其他 尚未审结 总计
HAND_TABLE4 = {
    "行政复议": [3, 0, 0, 2, 5],  # 甲 FY-01 FY-06 (上年结转) 维持, FY-02 FY-03 尚未审结; 乙 FB-01 维持
    "行政诉讼/未经复议直接起诉": [0, 0, 1, 1, 2],  # 甲 FY-04 其他; 丙 SC-01 尚未审结
    "行政诉讼/复议后起诉": [0, 1, 0, 0, 1],  # 甲 FY-05 纠正
}


def test_three_counties_add_up_to_the_hand_count(counties):
    sites, files = counties
    three = [str(files / f"{n}-2024.json") for n in "abc"]
    out = sites["a"].gongkai("aggregate", *three, "--format", "json", "--issuer", "某市人民政府")
    assert out.returncode == 0, out.stderr
    total = json.loads(out.stdout)
    jsonschema.validate(total, load(sites["a"], "schema.json"))
    assert total["title"] == "某市人民政府2024年政府信息公开工作年度报告（汇总）"
    assert [p["issuer"] for p in total["parts"]] == ["甲县人民政府", "乙县人民政府", "丙县人民政府"]
    t2 = total["table2"]
    # 规章: only 甲 makes them (乙 and 丙 declare them not applicable).
    assert t2["规章"] == {"本年制发件数": 1, "本年废止件数": 0, "现行有效件数": 1}
    assert t2["行政规范性文件"] == {"本年制发件数": 3, "本年废止件数": 1, "现行有效件数": 4}  # 甲 2/1/3 + 乙 1/0/1
    assert (t2["行政许可"], t2["行政处罚"], t2["行政强制"]) == (17, 10, 1)  # 2+10+5, 7+3+0, 0+1+0
    assert t2["行政事业性收费（万元）"] == 4.5  # 1.25 + 2.5 + 0.75
    assert total["notes"] == ["表二“规章”对 乙县人民政府、丙县人民政府 不适用，合计只含其余 1 份年报"]
    rows = {k.split("/")[-1]: list(v.values()) for k, v in total["table3"].items()}
    assert {k: v for k, v in rows.items() if any(v)} == HAND_TABLE3
    assert {k: list(v.values()) for k, v in total["table4"].items()} == HAND_TABLE4
    assert total["records"]["合计"] == 6 and total["records"]["分组"] == {"县直部门": 5, "乡镇": 1}
    assert total["frozen"] is False
    assert total["table4_carried_over"] == {"行政复议": 1, "行政诉讼/未经复议直接起诉": 0, "行政诉讼/复议后起诉": 0}

    # The same in the terminal and as CSV.
    text = sites["a"].gongkai("aggregate", *three)
    assert text.returncode == 0, text.stderr
    assert "由 3 份年报相加：甲县人民政府、乙县人民政府、丙县人民政府" in text.stdout
    assert "主动公开政府信息 6 条，其中县直部门 5 条、乡镇 1 条。" in text.stdout
    line = next(x for x in text.stdout.splitlines() if x.startswith("四、结转下年度继续办理"))
    assert line.split()[1:] == [str(n) for n in HAND_TABLE3["四、结转下年度继续办理"]]
    table = sites["a"].gongkai("aggregate", *three, "--format", "csv").stdout
    assert ["行政复议", "3", "0", "0", "2", "5"] in list(csv.reader(io.StringIO(table)))

    # A sum adds again (a city's sum into a province's), and a county's agencies add up alike.
    (files / "sum.json").write_text(out.stdout, encoding="utf-8")
    again = sites["a"].gongkai("aggregate", str(files / "sum.json"), "--format", "json")
    assert json.loads(again.stdout)["table3"] == total["table3"]


def test_what_cannot_be_added_is_refused_with_the_reason(counties):
    sites, files = counties
    site = sites["a"]
    good = json.loads((files / "b-2024.json").read_text(encoding="utf-8"))

    def refused(*names) -> str:
        result = site.gongkai("aggregate", *(str(files / n) for n in names))
        assert result.returncode == 1 and not result.stdout
        return result.stderr

    def variant(name: str, document) -> str:
        text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
        (files / name).write_text(text, encoding="utf-8")
        return name

    other_year = variant("y.json", good | {"year": 2023})
    said = refused("a-2024.json", other_year)
    assert "不同年份的年报不能相加：" in said and "y.json 是 2023 年的" in said
    assert "改法：只给出同一年的年报数据文件。" in said
    old_format = variant("f.json", good | {"format": "国办公开办函〔2019〕60号"})
    assert "f.json：不是按《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）" in refused(
        "a-2024.json", old_format
    )
    assert "数据格式版本是 2，本程序只读版本 1" in refused(variant("v.json", good | {"version": 2}))
    twice = refused("a-2024.json", "a-2024.json")
    assert "甲县人民政府的年报算了两次：" in twice and "改法：每份年报只给一次。" in twice
    # The county's report already holds its 城关镇's figures.
    mixed = refused("a-2024.json", "a-2024-cgz.json")
    assert "测试县城关镇人民政府的数字已含在甲县人民政府的年报" in mixed and "不要混在一起" in mixed
    broken = json.loads(json.dumps(good))
    broken["table3"]["一、本年新收政府信息公开申请数量"]["自然人"] += 1
    assert "勾稽关系不成立：表三 一、本年新收政府信息公开申请数量：总计" in refused(variant("i.json", broken))
    missing = {k: v for k, v in good.items() if k != "table4"}
    assert "m.json：table4 缺少。" in refused(variant("m.json", missing))
    assert "n.json:1: 不是有效的 JSON" in refused(variant("n.json", "{not json"))
    # Numbers no report holds: refused with the reason, never a traceback (a count too large for a
    # float, a sum of two files that overflows, more digits than Python reads from JSON).
    huge = json.loads(json.dumps(good))
    huge["table2"]["行政许可"] = int("9" * 400)
    said = refused(variant("h.json", huge))
    assert "h.json：table2.行政许可 应为不小于 0 的数" in said and "Traceback" not in said, said
    fees = json.loads(json.dumps(good))
    fees["table2"][FEES_ROW] = 1.7e308
    said = refused(variant("g.json", fees), variant("g2.json", fees | {"issuer": "丙县人民政府"}))
    assert "Traceback" not in said and f"g.json：table2.{FEES_ROW}" in said, said
    said = refused(variant("d.json", '{"year": ' + "9" * 5000 + "}"))
    assert "d.json：不是有效的年报数据" in said and "Traceback" not in said, said
    # Every problem at once, never half a sum.
    both = refused(other_year, "m.json")
    assert "m.json：table4 缺少" in both and "没有相加：" in both


def test_an_issuer_from_another_sites_file_cannot_drive_the_terminal(counties, tmp_path):
    """The files come from other counties' sites: a name holding ESC [2J (clear the screen) or
    ESC ] 0 ; … BEL (the window's title) is shown as 〔U+001B〕, in the sum and in a refusal."""
    sites, files = counties
    data = json.loads((files / "b-2024.json").read_text(encoding="utf-8"))
    data["issuer"] = "乙县\x1b]0;PWNED\x07\x1b[2J人民政府"
    hostile = tmp_path / "b-2024.json"
    hostile.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for args in ([str(files / "a-2024.json"), str(hostile)], [str(hostile), str(hostile)]):
        out = sites["a"].gongkai("aggregate", *args)
        said = out.stdout + out.stderr
        assert "\x1b" not in said and "\x07" not in said, said
    out = sites["a"].gongkai("aggregate", str(files / "a-2024.json"), str(hostile))
    assert out.returncode == 0 and "乙县〔U+001B〕]0;PWNED〔U+0007〕〔U+001B〕[2J人民政府" in out.stdout, out.stderr
    # JSON escapes ESC but not C1 controls (U+009B is a CSI of its own) nor bidi overrides.
    data["issuer"] = "乙县\u009b2J\u202e府政民人"
    hostile.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = sites["a"].gongkai("aggregate", "--format", "json", str(files / "a-2024.json"), str(hostile))
    assert out.returncode == 0, out.stderr
    assert "\u009b" not in out.stdout and "\u202e" not in out.stdout, out.stdout[:300]
    assert r"\u009b" in out.stdout and json.loads(out.stdout)  # escaped, and still JSON
