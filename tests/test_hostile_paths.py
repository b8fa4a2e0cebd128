"""Hostile input against what the site publishes and links (issue 14, class 6).

A slug or code YAML reads as a number is said so at its line, by `gongkai check` and `mkdocs build`
alike. A ring of `superseded_by` is refused at each file of it, by `gongkai check` (--changed too)
and `mkdocs build` alike. A cell that would start a formula in Excel or WPS is made text in every
CSV (OWASP); the JSON keeps the text as written.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, Site, make_pdf, problem_lines
from gongkai import csvfile, tables
from gongkai.problems import Problems
from gongkai.taxonomy import load_taxonomy

TAXONOMY = (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8")
#: The fixture taxonomy's lines that the cases below change (1-based).
AGENCY_LINE = 5  # a fifth line inserted after the three agencies
CHILD_LINE = 10  # - {name: 财政决算, slug: js}
TOP_LINE = 16  # - {name: 政府采购, slug: zfcg}


def with_agency(code: str) -> str:
    """The fixture taxonomy with a fourth agency, 测试县冲突局, of `code` (its line is AGENCY_LINE)."""
    lines = TAXONOMY.splitlines(keepends=True)
    lines.insert(AGENCY_LINE - 1, f'  - {{name: 测试县冲突局, code: "{code}", group: 县直部门}}\n')
    return "".join(lines)


def with_slug(slug: str, child: bool) -> str:
    """The fixture taxonomy with 财政决算 (a child) or 政府采购 (top level) given `slug`."""
    if child:
        return TAXONOMY.replace("{name: 财政决算, slug: js}", f'{{name: 财政决算, slug: "{slug}"}}')
    return TAXONOMY.replace("{name: 政府采购, slug: zfcg}", f'{{name: 政府采购, slug: "{slug}"}}')


def check_and_build(site: Site) -> tuple[list[str], list[str]]:
    """The problems `gongkai check` and `mkdocs build` report (each must fail, without a traceback)."""
    check = site.gongkai("check")
    build = site.mkdocs("build")
    assert check.returncode == 1, check.stdout + check.stderr
    assert build.returncode == 1, build.stderr
    assert "Traceback" not in check.stderr + build.stderr
    assert not (site.root / "site").exists()
    return problem_lines(check.stderr), problem_lines(build.stderr)


def refused(site: Site, where: str, needle: str) -> str:
    """The one problem at `where` (path:line) holding `needle`, said the same by check and build."""
    by_check, by_build = check_and_build(site)
    assert by_check == by_build  # same message, same file and line
    found = [p for p in by_check if p.startswith(where) and needle in p]
    assert len(found) == 1, "\n".join(by_check)
    assert "改法：" in found[0]
    return found[0]


def built(site: Site) -> dict:
    """Build (strict) and return catalog.json."""
    result = site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    return json.loads((site.root / "site" / "data" / "catalog.json").read_text(encoding="utf-8"))


def page_title(site: Site, url: str) -> str:
    """The <h1> of the page at a site URL (absolute or relative to the site's root)."""
    path = url.split("://", 1)[-1].split("/", 1)[1] if "://" in url else url
    soup = BeautifulSoup(site.html(path + "index.html" if path.endswith("/") else path), "html.parser")
    return soup.select_one("article h1").get_text(strip=True)


def own_pages(site: Site, catalog: dict, prefix: str = "xxgk") -> None:
    """Every record has its own page (its title in the <h1>), every category and agency its list."""
    for rec in catalog["records"]:
        assert page_title(site, rec["url"]) == rec["title"], rec["url"]
    for c in taxonomy(site).all_categories():
        assert page_title(site, f"{prefix}/category/{c.slug_path}/") == c.name
    for a in taxonomy(site).agencies:
        assert page_title(site, f"{prefix}/agency/{a.code}/") == a.name


def taxonomy(site: Site):
    return load_taxonomy(site.root / "records" / "taxonomy.yml", Problems())


# -- numbers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "written"),
    [("slug", "{name: 政府采购, slug: 2025}"), ("code", "{name: 测试县财政局, code: 110, group: 县直部门}")],
)
def test_a_number_for_a_slug_or_code_is_asked_in_quotes(site, key, written):
    """`slug: 2025` is a number to YAML: said so, not "missing"."""
    old = "{name: 政府采购, slug: zfcg}" if key == "slug" else "{name: 测试县财政局, code: czj, group: 县直部门}"
    (site.root / "records" / "taxonomy.yml").write_text(TAXONOMY.replace(old, written), encoding="utf-8")
    site.good()
    line = TOP_LINE if key == "slug" else 2
    value = "2025" if key == "slug" else "110"
    said = refused(site, f"records/taxonomy.yml:{line}: 错误 {key}：", f"应为文字，现在是数字 {value}。")
    assert f'改法：用英文双引号括起来：{key}: "{value}"' in said


# -- superseded_by rings ---------------------------------------------------------------------------------


def superseded(site: Site, rel: str, number: str, by: str | None, validity: str = "废止") -> Path:
    fields = {"validity": validity, "abolished": "2024-12-01"} if validity != "有效" else {}
    return site.good(rel, title=f"文件{number[-1]}", index_no=number, superseded_by=by, **fields)


def line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key}:"))


RINGS = {
    "two": [("a", "b"), ("b", "a")],
    "three": [("a", "b"), ("b", "c"), ("c", "a")],
    "four": [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")],
    "tail": [("a", "b"), ("b", "a"), ("d", "a")],  # d leads into the ring: d itself is fine
    "two rings": [("a", "b"), ("b", "a"), ("c", "d"), ("d", "c")],
    "valid member": [("a", "b"), ("b", "a", "有效")],  # b still 有效: warned, and the ring refused
}


@pytest.mark.parametrize("case", RINGS)
def test_a_ring_of_superseded_by_is_refused_at_every_file_of_it(site, case):
    site.configure(search="off")
    number = {k: f"czj/2024-0000{i}" for i, k in enumerate("abcd", 1)}
    paths = {}
    for item in RINGS[case]:
        old, new, *validity = item
        paths[old] = superseded(site, f"2024/{old}.md", number[old], number[new], *validity)
    by_check, by_build = check_and_build(site)
    assert by_check == by_build
    ring_errors = [p for p in by_check if "替代关系成了环" in p]
    members = {o for o, *_ in RINGS[case]} - ({"d"} if case == "tail" else set())
    assert len(ring_errors) == len(members)
    for m in members:
        where = f"records/2024/{m}.md:{line_of(paths[m], 'superseded_by')}: 错误 superseded_by（替代文件）："
        said = next(p for p in ring_errors if p.startswith(where))
        assert f"{number[m]}（2024/{m}.md）" in said and "没有一份是现行文件" in said
        assert "改法：替代只能由旧文件指向更新的现行文件" in said
    if case == "three":
        chain = (
            "czj/2024-00001（2024/a.md） → czj/2024-00002（2024/b.md） → czj/2024-00003（2024/c.md） → czj/2024-00001，"
        )
        assert all(chain in p for p in ring_errors)


def test_a_file_superseded_by_itself_is_refused(site):
    path = superseded(site, "2024/a.md", "czj/2024-00001", "czj/2024-00001")
    said = refused(site, f"records/2024/a.md:{line_of(path, 'superseded_by')}: 错误 superseded_by", "不能是本文件自己")
    assert "替代关系成了环" not in said


def test_a_chain_of_superseded_by_is_accepted_and_each_banner_points_on(site):
    site.configure(search="off")
    superseded(site, "2024/a.md", "czj/2024-00001", "czj/2024-00002")
    superseded(site, "2024/b.md", "czj/2024-00002", "czj/2024-00003")
    superseded(site, "2024/c.md", "czj/2024-00003", None, "有效")
    built(site)
    banner = BeautifulSoup(site.html("xxgk/czj/2024-00001/index.html"), "html.parser").select_one(".admonition")
    assert "现行文件：《文件2》" in banner.get_text()


def test_check_changed_refuses_a_ring_through_a_changed_file_as_the_whole_check_does(site):
    site.configure(search="off")
    superseded(site, "2024/a.md", "czj/2024-00001", "czj/2024-00002")
    superseded(site, "2024/b.md", "czj/2024-00002", None, "有效")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "records"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=site.root,
                       check=True, capture_output=True)  # fmt: skip
    b = superseded(site, "2024/b.md", "czj/2024-00002", "czj/2024-00001")
    changed = site.gongkai("check", "--changed")
    whole = site.gongkai("check")
    assert changed.returncode == whole.returncode == 1
    where = f"records/2024/b.md:{line_of(b, 'superseded_by')}: 错误 superseded_by"
    [said] = [p for p in problem_lines(changed.stderr) if "替代关系成了环" in p]
    assert said.startswith(where) and said in problem_lines(whole.stderr)


# -- CSV cells ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("=", "'="),
        ("a=1", "a=1"),
        ("2024-01-26", "2024-01-26"),
        ("'=1", "'=1"),  # already text
        ("", ""),
        (12, "12"),
        ("—说明", "—说明"),  # a dash that is not a minus
    ],
)
def test_a_cell_is_made_text_when_it_starts_like_a_formula(text, cell):
    assert csvfile.safe_cell(text) == cell
    raw = csvfile.to_csv([["标题", "x"], [text, 'y,"z"\n']])
    assert raw.startswith("\ufeff") and raw.endswith("\r\n")
    assert list(csv.reader(io.StringIO(raw[1:], newline=""))) == [["标题", "x"], [cell, 'y,"z"\n']]
    assert tables.to_csv([[text]]) == csvfile.to_csv([[text]])  # the annual tables' writer is the same


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


HOSTILE_TITLES = ['=HYPERLINK("http://evil","x")', "+1", "-2+3", "@SUM(A1)", "=1+1", "-", "+86 热线"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The annual-report year of test_annual, plus records whose titles, 发文字号 and attachment
    titles start like formulas, an agency and a category named so."""
    from test_annual import write_year

    site = Site(tmp_path_factory.mktemp("csv") / "src")
    write_year(site)
    taxonomy = site.root / "records" / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    text = text.replace("  - {name: 测试县城关镇人民政府, code: cgz, group: 乡镇}\n",
                        "  - {name: 测试县城关镇人民政府, code: cgz, group: 乡镇}\n"
                        "  - {name: \"@测试县公式局\", code: gsj, group: 乡镇}\n")  # fmt: skip
    text += '  - {name: "-公式栏目", slug: gs}\n'
    taxonomy.write_text(text, encoding="utf-8")
    files = site.root / "records" / "h" / "files"
    files.mkdir(parents=True)
    (files / "a.pdf").write_bytes(make_pdf("Attachment"))
    for i, title in enumerate(HOSTILE_TITLES, 1):
        attachment = {"file": "files/a.pdf", "title": quoted(f"+附件{i}")}
        site.good(f"h/{i}.md", title=quoted(title), index_no=f"gsj/2024-{i:05d}", agency=quoted("@测试县公式局"),
                  category=quoted("-公式栏目"), published="2024-08-01", doc_no=quoted(f"={i}"),
                  attachments=[attachment])  # fmt: skip
    result = site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    data = json.loads((site.root / "site" / "data" / "catalog.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((site.root / "site/data/catalog.csv").read_text("utf-8-sig"), newline="")))
    return site, data, rows


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_every_hostile_cell_of_catalog_csv_is_text_and_the_json_keeps_it(hostile, title):
    _, data, rows = hostile
    [record] = [r for r in data["records"] if r["title"] == title]  # JSON: as written
    [row] = [r for r in rows if r["索引号"] == record["index_no"]]
    assert row["标题"] == "'" + title
    assert row["发文字号"] == "'" + record["doc_no"] and record["doc_no"].startswith("=")
    assert row["发布机构"] == "'@测试县公式局" and record["agency"] == "@测试县公式局"
    assert row["公开目录分类"] == "'-公式栏目" and record["category"] == "-公式栏目"
    attachment = record["attachments"][0]
    assert attachment["title"].startswith("+附件")
    assert row["附件"] == f"'{attachment['title']} {attachment['url']}"
    assert row["网址"] == record["url"]  # an ordinary cell is left alone


def test_no_cell_of_any_published_csv_starts_like_a_formula(hostile):
    site, _, _ = hostile
    published = sorted((site.root / "site").rglob("*.csv"))
    assert [p.relative_to(site.root / "site").as_posix() for p in published] == [
        "data/catalog.csv",
        "xxgk/nianbao/2024/table2.csv",
        "xxgk/nianbao/2024/table3.csv",
        "xxgk/nianbao/2024/table4.csv",
    ]
    printed = site.gongkai("report", "2024", "--format", "csv")
    assert printed.returncode == 0, printed.stderr
    texts = [p.read_text("utf-8-sig") for p in published] + [printed.stdout]
    for text in texts:
        for row in csv.reader(io.StringIO(text, newline="")):
            assert not any(cell.startswith(csvfile.FORMULA_STARTS) for cell in row), row
    # The tables' figures are untouched: counts, never a leading minus.
    t2 = list(csv.reader(io.StringIO(texts[1], newline="")))
    assert all(row[3].replace(".", "", 1).isdigit() for row in t2[1:])


def test_the_feed_keeps_the_title_as_written(hostile):
    site, _, _ = hostile
    feed = (site.root / "site" / "xxgk" / "feeds" / "all.xml").read_text(encoding="utf-8")
    assert '<title>=HYPERLINK("http://evil","x")</title>' in feed
