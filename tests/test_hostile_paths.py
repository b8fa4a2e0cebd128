"""Hostile names and references against the site's URLs and published files (issue 14, class 6).

An agency code, a category slug, the url_prefix or the 索引号 pattern that would put two files at one
URL is refused where it is written, with the reason and the fix, by `gongkai check` and `mkdocs build`
alike; one that cannot collide is accepted and every record keeps its own page. Every file the build
writes is claimed once (gongkai.model.urls.Outputs); a second claim stops the build instead of overwriting.
A ring of `superseded_by` is refused at each file of it. A cell that would start a formula in Excel
or WPS is made text in every CSV (OWASP); the JSON keeps the text as written.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, Site, flat, make_pdf, problem_lines
from gongkai.model.taxonomy import load_taxonomy
from gongkai.model.urls import FOLDERS, GENERATED, HAND_WRITTEN, OutputClash, Outputs
from gongkai.portal import tables
from gongkai.text import csvfile
from gongkai.text.problems import Problems

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


# -- agency codes ------------------------------------------------------------------------------------

#: Codes that are a folder of generated pages (in any case), or the file name of a folder's page.
REFUSED_CODES = [
    *FOLDERS,
    "page",
    "Category",
    "AGENCY",
    "NianBao",
    "index.html",
    "INDEX.html",
]


@pytest.mark.parametrize("code", REFUSED_CODES)
def test_an_agency_code_named_like_a_generated_folder_is_refused(site, code):
    site.configure(search="off")
    (site.root / "records" / "taxonomy.yml").write_text(with_agency(code), encoding="utf-8")
    site.good()
    said = refused(site, f"records/taxonomy.yml:{AGENCY_LINE}: 错误 code：", f"机构代码 {code} 不能用：")
    assert "换一个代码" in said


def test_the_attack_of_the_issue_is_refused_at_the_code(site):
    """Code `category` and a category slug shaped like a 索引号: the record's URL was the category's page."""
    site.configure(search="off")
    taxonomy = with_agency("category").replace("{name: 政府采购, slug: zfcg}", "{name: 政府采购, slug: 2025-00001}")
    (site.root / "records" / "taxonomy.yml").write_text(taxonomy, encoding="utf-8")
    site.good(index_no="category/2025-00001", agency="测试县冲突局", category="政府采购", published="2025-01-02")
    said = refused(site, f"records/taxonomy.yml:{AGENCY_LINE}: 错误 code：", "机构代码 category 不能用：")
    assert "category/ 目录" in said and "有的记录会没有自己的页面" in said


@pytest.mark.parametrize(("code", "first"), [("CZJ", "czj"), ("Zfb", "zfb")])
def test_codes_that_differ_only_in_case_are_refused(site, code, first):
    site.configure(search="off")
    (site.root / "records" / "taxonomy.yml").write_text(with_agency(code), encoding="utf-8")
    site.good()
    said = refused(site, f"records/taxonomy.yml:{AGENCY_LINE}: 错误 code：", "只差大小写")
    assert f"机构代码 {code} 与第" in said and f"的 {first} 只差大小写" in said and "不计大小写" in said


#: Codes that share a word with a folder but cannot put two files at one URL.
ACCEPTED_CODES = ["data", "categories", "pages", "index", "feed", "agency-x", "nianbao.v2", "index.htm", "2025-00001"]


@pytest.mark.parametrize("code", ACCEPTED_CODES)
def test_an_agency_code_that_cannot_collide_is_accepted_and_its_records_have_pages(site, code):
    site.configure(search="off")
    (site.root / "records" / "taxonomy.yml").write_text(with_agency(code), encoding="utf-8")
    site.good()
    site.good("2025/x.md", title="冲突局的一条信息", index_no=f"{code}/2025-00001", agency="测试县冲突局",
              published="2025-01-02")  # fmt: skip
    catalog = built(site)
    assert {r["index_no"] for r in catalog["records"]} == {"czj/2024-00001", f"{code}/2025-00001"}
    own_pages(site, catalog)


# -- category slugs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "child", "line", "why"),
    [
        ("all", False, TOP_LINE, "feeds/all.xml，与全站订阅 all.xml 同名"),
        ("sitemap", False, TOP_LINE, "feeds/sitemap.xml，与订阅目录的空 sitemap.xml 同名"),
        ("page", True, CHILD_LINE, "czxx/page/2/"),
    ],
)
def test_a_slug_whose_files_would_overwrite_others_is_refused(site, slug, child, line, why):
    site.configure(search="off")
    (site.root / "records" / "taxonomy.yml").write_text(with_slug(slug, child), encoding="utf-8")
    site.good()
    said = refused(site, f"records/taxonomy.yml:{line}: 错误 slug：", f"网址片段 {slug} 不能用：")
    assert why in said and "换一个网址片段" in said


#: Slugs that live under category/ (or, for a child, beside its parent's feed name) and collide with nothing.
ACCEPTED_SLUGS = [
    ("2025-00001", False),
    ("page", False),
    ("category", False),
    ("agency", False),
    ("feeds", False),
    ("index", False),
    ("all", True),
    ("sitemap", True),
    ("2", True),
]


@pytest.mark.parametrize(("slug", "child"), ACCEPTED_SLUGS)
def test_a_slug_that_cannot_collide_is_accepted(site, slug, child):
    (site.root / "records" / "taxonomy.yml").write_text(with_slug(slug, child), encoding="utf-8")
    site.configure(search="off")
    site.good()  # 财政信息/财政预算
    site.good("2024/b.md", title="决算或采购的一条信息", index_no="czj/2024-00002",
              category="财政信息/财政决算" if child else "政府采购")  # fmt: skip
    catalog = built(site)
    own_pages(site, catalog)
    feeds = {p.name for p in (site.root / "site" / "xxgk" / "feeds").iterdir()}
    assert len(feeds) == 2 + len(taxonomy(site).all_categories())  # all, sitemap and one per category


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


# -- url_prefix and the 索引号 pattern -----------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["data", "pagefind", "gongkai", "assets", "search", "data/xxgk"])
def test_a_url_prefix_beside_a_root_folder_of_the_site_is_refused(site, prefix):
    site.configure(search="off", url_prefix=prefix)
    site.good()
    said = refused(site, "mkdocs.yml:", f"网址前缀 {prefix} 与网站根目录的")
    assert re.match(r"mkdocs\.yml:\d+: 错误 plugins\.gongkai\.url_prefix：", said), said  # at its line
    assert "url_prefix: xxgk" in said


@pytest.mark.parametrize("prefix", ["gk", "xxgk/data", "category", "zwgk/xxgk"])
def test_another_url_prefix_is_accepted(site, prefix):
    site.configure(search="off", url_prefix=prefix)
    site.good()
    catalog = built(site)
    assert catalog["records"][0]["url"] == f"https://xxgk.example.gov.cn/{prefix}/czj/2024-00001/"
    own_pages(site, catalog, prefix)


@pytest.mark.parametrize(
    ("pattern", "number"),
    [
        ("agency/{org}-{YYYY}-{NNNNN}", "agency/czj-2024-00001"),
        ("page/{org}-{YYYY}-{NNNNN}", "page/czj-2024-00001"),
        ("index.html/{org}-{NNNNN}", "index.html/czj-00001"),
    ],
)
def test_a_pattern_starting_with_a_generated_folder_is_refused(site, pattern, number):
    site.configure(search="off", index_no_pattern=pattern)
    site.good(index_no=number)
    start = pattern.split("/")[0]
    said = refused(site, "mkdocs.yml:", f"以 {start}/ 开头")
    assert re.match(r"mkdocs\.yml:\d+: 错误 plugins\.gongkai\.index_no_pattern：", said), said  # at its line
    assert '"{org}/{YYYY}-{NNNNN}"' in said


# -- every output once ---------------------------------------------------------------------------------


def build_in_process(root: Path):
    """Build the site of `root` in this process (as `mkdocs build` does); the gongkai plugin, after."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return config.plugins["gongkai"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The repository's sample site (records, attachments, body images, ledgers, a report, feeds),
    built in this process, with a hand-written page and a static file added."""
    root = tmp_path_factory.mktemp("outputs") / "src"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "records", root / "records")
    return root, build_in_process(root)


def test_every_file_the_plugin_adds_has_its_own_place_in_the_site(sample):
    root, plugin = sample
    site = root / "site"
    ours = [f for f in plugin.files if f.src_uri in plugin.generated]
    dests = [f.dest_uri for f in ours]
    assert len(dests) == len(set(dests)) > 100
    assert {o.dest for o in plugin.outputs.files.values() if o.kind == GENERATED} == set(dests)
    # Nothing overwritten: the generated folders hold exactly the files claimed for them.
    on_disk = {
        p.relative_to(site).as_posix()
        for top in ("xxgk", "data", "gongkai")
        for p in (site / top).rglob("*")
        if p.is_file()
    }
    assert on_disk == {d for d in dests if d.split("/")[0] in ("xxgk", "data", "gongkai")}
    kinds = {d.rsplit(".", 1)[-1] for d in dests}
    assert {"html", "csv", "json", "xml", "pdf", "css", "js"} <= kinds
    # Hand-written pages and the theme's files were claimed too, before ours.
    assert any(o.kind == HAND_WRITTEN for o in plugin.outputs.files.values())


def test_every_generated_folder_under_the_prefix_is_a_known_one_or_an_agency_code(sample):
    """The list gongkai.model.urls.FOLDERS (which codes may not take) is every folder the site generates."""
    root, plugin = sample
    codes = {a.code for a in plugin.catalog.taxonomy.agencies}
    folders = {p.name for p in (root / "site" / "xxgk").iterdir() if p.is_dir()}
    files = {p.name for p in (root / "site" / "xxgk").iterdir() if p.is_file()}
    assert files == {"index.html"}
    assert folders - codes == set(FOLDERS)
    feeds = {p.name for p in (root / "site" / "xxgk" / "feeds").iterdir()}
    slugs = {c.slug_path.replace("/", ".") + ".xml" for c in plugin.catalog.taxonomy.all_categories()}
    assert feeds == slugs | {"all.xml", "sitemap.xml"}


def test_every_record_of_the_sample_has_its_own_page(sample):
    root, plugin = sample
    for rec in plugin.catalog.records:
        page = root / "site" / "xxgk" / rec.index_no / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one("article h1").get_text(strip=True) == rec.title


@pytest.mark.parametrize(
    ("claims", "where"),
    [
        ([("xxgk/index.html", "xxgk/index.md"), ("xxgk/index.html", "xxgk.md")], "都要写到网站的 xxgk/index.html"),
        ([("a/index.html", "a.md"), ("a/index.html/x.pdf", "a/index.html/x.pdf")], "一个要把 a/index.html 作文件"),
        ([("a/b/c.pdf", "a/b/c.pdf"), ("a/b", "a/b")], "一个要把 a/b 作文件夹、一个作文件"),
    ],
)
def test_a_second_claim_on_a_file_raises(claims, where):
    outputs = Outputs()
    outputs.claim(*claims[0])
    with pytest.raises(OutputClash) as caught:
        outputs.claim(*claims[1])
    message = caught.value.message()
    assert where in message and "后写的会覆盖先写的" in message and "改法：" in message
    assert len(outputs.files) == 1  # the second was not taken


def test_a_claim_inside_a_folder_written_whole_by_another_program_raises():
    outputs = Outputs()
    outputs.claim_folder("pagefind", "站内搜索索引（pagefind/）")
    with pytest.raises(OutputClash) as caught:
        outputs.claim("pagefind/index.html", "pagefind/index.md", HAND_WRITTEN)
    assert caught.value.message().startswith("docs 目录中的 pagefind/index.md 与生成的页面同名")


@pytest.mark.parametrize(
    ("hand", "dest"),
    [
        ("xxgk/czj/2024-00001/index.md", "xxgk/czj/2024-00001/index.html"),  # same page, other source path
        ("xxgk/category/czxx/ys.md", "xxgk/category/czxx/ys/index.html"),
        ("data/catalog.csv", "data/catalog.csv"),  # a static file
        ("xxgk/feeds/all.xml", "xxgk/feeds/all.xml"),
    ],
)
def test_a_hand_written_file_that_would_overwrite_a_generated_one_stops_the_build(site, hand, dest):
    site.good()
    path = site.root / "docs" / hand
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# 手写\n", encoding="utf-8")
    result = site.mkdocs("build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"docs 目录中的 {hand} 与生成的页面同名" in result.stderr
    assert f"都要写到网站的 {dest}" in result.stderr and "请改名或移走手写的文件" in result.stderr
    assert not (site.root / "site").exists()


def test_a_hand_written_page_in_the_search_index_folder_stops_the_build(site):
    site.good()
    (site.root / "docs" / "pagefind").mkdir()
    (site.root / "docs" / "pagefind" / "about.md").write_text("# 手写\n", encoding="utf-8")
    result = site.mkdocs("build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "docs 目录中的 pagefind/about.md 与生成的页面同名" in result.stderr
    assert "都要写到网站的 pagefind/ 目录中" in result.stderr


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


def test_an_index_number_in_full_width_digits_is_not_a_second_number(site):
    """An outsider published zfb/２０２５-01801 beside zfb/2025-01801: one 索引号 twice to a reader."""
    site.good()
    site.good("2024/b.md", index_no="czj/２０２４-00001")
    done = site.gongkai("check")
    assert done.returncode == 1 and "b.md:3: 错误 index_no（索引号）：索引号 czj/２０２４-00001 不符合本站格式" in flat(
        done.stderr
    )


def test_attachments_whose_names_differ_only_in_case_get_two_urls(site):
    from conftest import make_pdf

    files = site.root / "records/2024/files"
    files.mkdir(parents=True)
    (files / "B.pdf").write_bytes(make_pdf("upper"))
    (files / "b.pdf").write_bytes(make_pdf("lower"))
    site.good(attachments="[{file: files/B.pdf, title: 大写}, {file: files/b.pdf, title: 小写}]")
    assert site.mkdocs("build", "--strict").returncode == 0
    names = sorted(p.name.casefold() for p in (site.root / "site/xxgk/czj/2024-00001").iterdir() if p.suffix == ".pdf")
    assert len(names) == len(set(names)) == 2


def test_a_footnote_is_not_taken_for_a_link_to_a_file(site):
    site.good(body="正文[^1]。\n\n[^1]: 说明文字\n")
    assert site.gongkai("check").returncode == 0
    assert site.mkdocs("build", "--strict").returncode == 0
    assert "说明文字" in site.html("xxgk/czj/2024-00001/index.html")


@pytest.mark.parametrize("kinds", [["pdf", "html"], ["md"], ["svg", "png"], [".JS"]])
def test_types_a_browser_runs_cannot_be_allowed_as_attachments(site, kinds):
    site.configure(attachment_types=kinds)
    site.good()
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 1 and "不能作为附件发布" in done.stderr and "Traceback" not in done.stderr


#: What a committed file name can carry to a terminal: ESC [2J clears the screen, ESC ] 0 ; … BEL
#: sets the window's title (other sequences write the clipboard); a carriage return rewrites the line.
TERMINAL_ATTACK = "\x1b[2J\x1b]0;pwned\x07\r"


def test_a_file_name_cannot_drive_the_clerks_terminal_and_a_record_so_named_is_refused(site):
    """A record file and a file beside it whose names hold terminal control sequences: check and the
    build refuse the record at its name, and what they print shows each such character as U+XXXX
    (nothing a terminal acts on), with colour or without."""
    site.good("2024/czj-00001.md", attachments=[{"file": "files/budgetx.pdf", "title": "预算表"}])
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    (files / f"budget{TERMINAL_ATTACK}.pdf").write_bytes(make_pdf("budget"))
    site.good(f"2024/x{TERMINAL_ATTACK}y.md", index_no="czj/2024-00002", title="测试县财政局第二份说明")
    shown = "x〔U+001B〕[2J〔U+001B〕]0;pwned〔U+0007〕〔U+000D〕y.md"
    runs = (site.gongkai("check"), site.gongkai("check", env={"FORCE_COLOR": "1"}), site.mkdocs("build"))
    for run in runs:
        said = run.stdout + run.stderr
        assert run.returncode != 0
        assert "\x07" not in said and "\r" not in said and "\x1b[2J" not in said and "\x1b]0" not in said, said
        assert f"records/2024/{shown}" in said, said
        assert "文件名含有看不见的字符 U+001B（控制字符）" in said, said
        assert "budget〔U+001B〕[2J" in said, said  # the folder's file, named in the attachment's fix


def test_gongkai_mask_prints_a_files_name_without_what_would_drive_the_terminal(site):
    path = site.good(f"2024/m{TERMINAL_ATTACK}.md")
    run = site.gongkai("mask", str(path.relative_to(site.root)))
    said = run.stdout + run.stderr
    assert "\x1b" not in said and "\x07" not in said and "\r" not in said, said
    assert "m〔U+001B〕[2J" in said, said
