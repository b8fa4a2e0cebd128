"""The sample county portal, built once with `mkdocs build --strict`: checks over every page and every record.

The expected values are read from the record files with plain PyYAML, not through gongkai, so a
bug in our loader cannot hide in both the output and the expectation.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BIN, ROOT, command_env
from conftest import build_sample as build

RESERVED = {"requests", "appeals", "reports"}


@pytest.fixture
def site(sample_site) -> Path:
    return sample_site


def sample_records() -> list[tuple[Path, dict, str]]:
    out = []
    for path in sorted((ROOT / "records").rglob("*.md")):
        rel = path.relative_to(ROOT / "records")
        if rel.parts[0] in RESERVED or path.name == "README.md":
            continue
        _, front, body = path.read_text(encoding="utf-8-sig").split("---\n", 2)
        out.append((path, yaml.safe_load(front), body))
    return out


RECORDS = sample_records()
PUBLISHED = [(p, f, b) for p, f, b in RECORDS if not f.get("draft")]
DRAFTS = [(p, f, b) for p, f, b in RECORDS if f.get("draft")]
BY_INDEX_NO = {f["index_no"]: f for _, f, _ in RECORDS}


def page(site: Path, index_no: str) -> BeautifulSoup:
    return BeautifulSoup((site / "xxgk" / index_no / "index.html").read_text(encoding="utf-8"), "html.parser")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def cn_date(value: dt.date) -> str:
    return f"{value.year}年{value.month:02d}月{value.day:02d}日"


def test_the_sample_is_the_size_the_issue_asks_for():
    years = {f["published"].year for _, f, _ in PUBLISHED}
    categories = {f["category"].split("/")[0] for _, f, _ in PUBLISHED}
    assert 55 <= len(PUBLISHED) <= 80 and years == {2023, 2024, 2025}
    assert len(categories) >= 8
    assert DRAFTS, "the sample shows a draft that must stay unpublished"
    assert any(f.get("validity") in ("失效", "废止") for _, f, _ in PUBLISHED)
    assert any(f.get("interprets") for _, f, _ in PUBLISHED)
    assert any(f.get("attachments") for _, f, _ in PUBLISHED)


@pytest.mark.parametrize("path,front,body", PUBLISHED, ids=[f["index_no"] for _, f, _ in PUBLISHED])
def test_every_record_page_shows_its_front_matter(site, path, front, body):
    doc = page(site, front["index_no"])
    assert doc.select_one("article h1").get_text(strip=True) == front["title"]
    assert doc.title.get_text() == f"{front['title']} - 澄岭县人民政府信息公开"
    assert doc.find("meta", attrs={"name": "ArticleTitle"})["content"] == front["title"]
    assert doc.find("meta", attrs={"name": "PubDate"})["content"] == front["published"].isoformat()
    cells = doc.select_one("table.gk-meta").find_all(["th", "td"])
    box = {cells[i].get_text(strip=True): cells[i + 1].get_text(strip=True) for i in range(0, len(cells), 2)}
    assert box["索引号"] == front["index_no"]
    assert box["发布机构"] == front["agency"]
    assert box["标题"] == front["title"]
    assert box["发布日期"] == cn_date(front["published"])
    assert box["成文日期"] == (cn_date(front["written"]) if "written" in front else "—")
    assert box["发文字号"] == front.get("doc_no", "—")
    assert box["有效性"] == front.get("validity", "有效")
    assert box["主题分类"] == (front["topic"].replace("/", "\\") if "topic" in front else "—")
    assert box["关键词"] == ("、".join(front["keywords"]) if front.get("keywords") else "—")
    # The body's first paragraph made it to the page.
    first = next(p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "|", "-", "1.")))
    assert re.sub(r"[*_`]", "", first.strip().splitlines()[0])[:20] in doc.select_one("article").get_text()


def test_attachments_are_copied_byte_for_byte_next_to_their_record(site):
    seen = 0
    for path, front, _ in PUBLISHED:
        for att in front.get("attachments") or []:
            source = path.parent / att["file"]
            link = page(site, front["index_no"]).find("a", string=att["title"])
            assert link is not None, (front["index_no"], att["title"])
            target = site / "xxgk" / front["index_no"] / unquote(link["href"])
            assert target.read_bytes() == source.read_bytes()
            seen += 1
    assert seen >= 5


def test_abolished_records_carry_a_banner_with_the_successor(site):
    for _, front, _ in PUBLISHED:
        if front.get("validity") not in ("失效", "废止"):
            continue
        doc = page(site, front["index_no"])
        banner = doc.select_one("article .admonition.danger")
        assert banner is not None and front["validity"] in banner.get_text()
        successor = front.get("superseded_by")
        if successor:
            link = banner.find("a")
            title = BY_INDEX_NO[successor]["title"].replace("《", "〈").replace("》", "〉")
            assert link.get_text(strip=True) == f"《{title}》"
            assert urljoin(f"/xxgk/{front['index_no']}/", link["href"]) == f"/xxgk/{successor}/"


def test_policy_and_interpretation_link_each_other(site):
    pairs = [(f["interprets"], f["index_no"]) for _, f, _ in PUBLISHED if f.get("interprets")]
    assert pairs
    for policy, reading in pairs:
        hrefs = {urljoin(f"/xxgk/{reading}/", a["href"]) for a in page(site, reading).select("article a[href]")}
        assert f"/xxgk/{policy}/" in hrefs
        hrefs = {urljoin(f"/xxgk/{policy}/", a["href"]) for a in page(site, policy).select("article a[href]")}
        assert f"/xxgk/{reading}/" in hrefs


def test_drafts_reach_no_file_of_the_site(site):
    needles = [n for _, f, _ in DRAFTS for n in (f["title"], f["index_no"])]
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for needle in needles:
            assert needle.encode() not in data, f"{needle} leaked into {path.relative_to(site)}"
    assert not (site / "xxgk" / DRAFTS[0][1]["index_no"]).exists()


def test_navigation_lists_sections_never_records(site):
    record_urls = {f"xxgk/{f['index_no']}/" for _, f, _ in RECORDS}
    for path in (site / "index.html", site / "xxgk" / PUBLISHED[0][1]["index_no"] / "index.html"):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        base = "/" + path.parent.relative_to(site).as_posix() + "/"
        links = [urljoin(base, a["href"]).lstrip("/") for a in doc.select("nav.md-nav--primary a[href], .md-tabs a")]
        assert links and not record_urls.intersection(links)
        assert len(links) < 80


def test_the_skip_link_says_where_it_goes(site):
    # Material's Chinese reads 跳转至 alone ("jump to"), the first link a screen reader meets.
    said = set()
    for path in html_files(site):
        said |= set(re.findall(r'class="md-skip">\s*([^<]*?)\s*</a>', path.read_text(encoding="utf-8")))
    assert said == {"跳到正文"}


def test_every_page_begins_with_a_skip_link_that_lands(site):
    # The theme writes one only for a page with headings in its table of contents: the 404 page had
    # none, and a keyboard reader there began with the toolbar.
    for path in html_files(site):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        skip = doc.select("a.md-skip")
        assert len(skip) == 1, path
        assert skip[0].find_all_previous("a") == [], path  # the first link of the page
        target = unquote(skip[0]["href"].removeprefix("#"))
        assert doc.find(id=target) is not None and doc.select_one("article").find(id=target), path


def test_the_guide_links_to_a_request_form_kept_out_of_the_menu(site):
    # 《指南》 tells a citizen to fill in the 申请表: the sample publishes one, linked from it, printable,
    # and off the menu (not_in_nav), which lists sections.
    guide = BeautifulSoup((site / "guide" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in guide.select("article a") if a.get_text() == "《政府信息公开申请表》"] == [
        "../shenqingbiao/"
    ]
    form = BeautifulSoup((site / "shenqingbiao" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert form.title.get_text().startswith("政府信息公开申请表")
    tables = form.select("article table.gk-form")
    assert [t.caption.get_text() for t in tables] == [
        "申请人信息：公民",
        "申请人信息：法人或者其他组织",
        "申请公开的政府信息",
        "签名",
    ]
    heads = [th for t in tables for th in t.select("th")]
    assert heads and all(th.get("scope") == "row" for th in heads)
    assert {"姓名 *", "证件号码 *", "联系电话 *", "统一社会信用代码 *"} <= {th.get_text() for th in heads}
    for page in (site / "index.html", site / "shenqingbiao" / "index.html"):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not [a for a in doc.select("nav.md-nav--primary a, .md-tabs a") if "shenqingbiao" in a["href"]]


def test_every_internal_link_resolves(site):
    for path in html_files(site):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in doc.find_all(tag, **{attr: True}):
                url = urlsplit(el[attr])
                # "//xxgk/…" is an address on a host named xxgk, not on this site.
                assert url.scheme or not url.netloc, f"{path.relative_to(site)}: {attr}={el[attr]} names another host"
                if url.scheme or not url.path:
                    continue
                # 404.html links from the root, as it is served at any depth.
                base = site if url.path.startswith("/") else path.parent
                target = (base / unquote(url.path).lstrip("/")).resolve()
                if target.is_dir():
                    target = target / "index.html"
                assert target.is_file(), f"{path.relative_to(site)}: broken {attr}={el[attr]}"


def test_no_page_loads_anything_from_another_host(site):
    site_url = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    own = urlsplit(site_url.group(1)).netloc if site_url else ""
    for path in html_files(site):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for el in doc.find_all(["script", "img", "iframe", "link", "source", "video", "audio"]):
            for attr in ("src", "href"):
                host = urlsplit(el.get(attr, "")).netloc
                if el.name == "link" and el.get("rel") and "stylesheet" not in el["rel"] and "icon" not in el["rel"]:
                    continue  # canonical / alternate links are not requests
                assert host in ("", own), f"{path.relative_to(site)}: <{el.name} {attr}={el.get(attr)}>"
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import\s+url\(\s*['\"]?(https?:)?//|url\(\s*['\"]?(https?:)?//", text), css


def test_the_site_is_byte_identical_when_built_again(site, tmp_path):
    def digest(root: Path) -> dict[str, str]:
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    # With the theme's compiled templates made afresh, then taken from that cache (compile_once);
    # each build with a hash seed of its own (set and dict orders differ between them).
    cache = tmp_path / "user-cache"
    assert digest(build(tmp_path / "cold", user_cache=cache, hash_seed="1")) == digest(site)
    compiled = sorted((cache / "gongkai" / "templates").glob("*/*.cache"))
    assert len(compiled) > 10
    assert digest(build(tmp_path / "warm", user_cache=cache, hash_seed="2")) == digest(site)
    # Taken: new entries only for the site's own templates (a copy of the site in another folder).
    own = list((ROOT / "docs" / "overrides").rglob("*.html"))
    again = sorted((cache / "gongkai" / "templates").glob("*/*.cache"))
    assert set(compiled) < set(again) and len(again) - len(compiled) <= len(own)


def test_every_page_carries_a_policy_that_allows_only_its_own_scripts(site):
    pages = html_files(site)
    assert site / "404.html" in pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        doc = BeautifulSoup(text, "html.parser")
        metas = doc.head.find_all("meta")
        assert metas[1].get("http-equiv") == "Content-Security-Policy", path  # right after the charset
        directives = dict(d.strip().split(" ", 1) for d in metas[1]["content"].split(";"))
        script_src = directives["script-src"].split()
        assert script_src[0] == "'self'" and "'unsafe-inline'" not in script_src and "*" not in script_src
        # The search compiles WebAssembly; that allows no eval() of script text.
        assert script_src[1] == "'wasm-unsafe-eval'" and "'unsafe-eval'" not in script_src
        assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
        inline = [s for s in doc.find_all("script") if not s.get("src") and s.get("type") != "application/json"]
        expected = {
            "'sha256-" + base64.b64encode(hashlib.sha256(s.string.encode()).digest()).decode() + "'" for s in inline
        }
        assert set(script_src[2:]) == expected, path


# -- statistics and the annual report ----------------------------------------------------------

EXPECTED_2024 = yaml.safe_load((ROOT / "tests" / "fixtures" / "sample_expected_2024.yml").read_text(encoding="utf-8"))


def test_the_2024_report_matches_the_hand_count_of_the_sample_ledgers(site):
    """tests/fixtures/sample_expected_2024.yml was tallied by hand from the sample's ledgers."""
    soup = BeautifulSoup((site / "xxgk" / "nianbao" / "2024" / "index.html").read_text(encoding="utf-8"), "html.parser")
    t3 = soup.select_one("table.gk-table3")
    cells = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in t3.select("tbody tr")]
    expected = EXPECTED_2024["table3"]
    # Rows in the national order: 一, 二, the 21 result rows (outcomes, then outcome/reason), 总计, 四.
    assert [list(map(int, row)) for row in cells] == list(expected.values())
    assert len(expected) == 25
    t4 = [int(td.get_text(strip=True)) for td in soup.select("table.gk-table4 tbody td")]
    assert t4 == sum(EXPECTED_2024["table4"].values(), [])
    replied = EXPECTED_2024["replied_2024"]
    text = soup.get_text(" ", strip=True)
    n = replied["on_time"] + replied["late"]
    on_time, late = replied["on_time"], replied["late"]
    assert f"本年答复政府信息公开申请 {n} 件，其中在法定期限内答复 {on_time} 件，逾期答复 {late} 件。" in text
    assert f"实际收取信息处理费 {EXPECTED_2024['disclosure_fees_yuan']} 元" in text


def test_every_outcome_row_of_the_sample_year_is_exercised():
    rows = EXPECTED_2024["table3"]
    results = {k: v for k, v in rows.items() if k not in ("new", "carried_over", "total", "carried_forward")}
    assert len(results) == 21 and all(v[-1] > 0 for v in results.values())
    assert all(v > 0 for v in rows["new"]), "every applicant column"
    assert rows["carried_over"][-1] > 0 and rows["carried_forward"][-1] > 0


def test_no_case_of_the_ledgers_reaches_the_site(site):
    ids = []
    for path in sorted((ROOT / "records" / "requests").glob("*.yml")) + [ROOT / "records" / "appeals" / "cases.yml"]:
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids += [case["id"] for case in cases] + [case["note"] for case in cases if "note" in case]
    assert len(ids) > 80 and any(not i.isascii() for i in ids), "the sample has a note"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*")) if p.is_file()
             and p.suffix in (".html", ".json", ".xml", ".csv", ".js")]  # fmt: skip
    # Only a text holding one of them at all (one pass, all of them at once) can hold it as a whole token.
    anywhere = re.compile("|".join(map(re.escape, sorted(ids, key=len, reverse=True))))
    texts = [t for t in texts if anywhere.search(t)]
    assert not [i for i in ids if any(re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", t) for t in texts)]


def test_statistics_page_counts_what_the_records_say(site):
    """Counted here from the front matter with PyYAML, not by gongkai: each year alone, newest first."""
    soup = BeautifulSoup((site / "xxgk" / "tongji" / "index.html").read_text(encoding="utf-8"), "html.parser")
    tables = soup.select("article table")
    # Each row is named by its first cell, which a screen reader says with the figure; each table by its label.
    assert all(t.get("aria-label") for t in tables)
    assert all(
        r.find(["th", "td"]).name == "th" and r.th["scope"] == "row" for t in tables for r in t.select("tbody tr")
    )

    def cells(row) -> list[str]:
        return [c.get_text(strip=True) for c in row.find_all(["th", "td"])]

    by_year = [(int(cells(r)[0][:4]), int(cells(r)[1])) for r in tables[0].select("tbody tr")]
    years = sorted({f["published"].year for _, f, _ in PUBLISHED}, reverse=True)
    assert by_year == [(y, sum(f["published"].year == y for _, f, _ in PUBLISHED)) for y in years]
    sections = [h.get_text(strip=True) for h in soup.select("article h2")]
    assert sections[: 1 + len(years)] == ["按年份", *(f"{y}年" for y in years)]  # the newest year first

    def section(year: int, heading: str):
        """The table and charts under `### heading` of `## {year}年`."""
        h2 = next(h for h in soup.select("article h2") if h.get_text(strip=True) == f"{year}年")
        h3 = next(h for h in h2.find_all_next("h3") if h.get_text(strip=True) == heading)
        table = h3.find_next("table")
        charts, node = [], table
        while (node := node.find_next_sibling()) is not None and node.name not in ("h2", "h3"):
            charts += node.select("svg") if node.name != "svg" else [node]
        return table, charts

    agencies = [a["name"] for a in yaml.safe_load((ROOT / "records" / "taxonomy.yml").read_text("utf-8"))["agencies"]]
    for year in years:
        mine = [f for _, f, _ in PUBLISHED if f["published"].year == year]
        # By category: the top level counts its sub-categories' records; that year only.
        table, charts = section(year, "按公开目录分类")
        for r in table.select("tbody tr"):
            for heard in r.select(".gk-sr"):  # 财政信息下的: for screen readers, which hear no tree line
                heard.decompose()
            name, count = (td.get_text(strip=True) for td in r.find_all(["th", "td"]))
            assert int(count) == sum(name.lstrip("　└ ") in f["category"].split("/") for f in mine), (year, name)
        # By agency: every label drawn without the county's name, the accessible text with the full names.
        table, charts = section(year, "按发布机构")
        counts = {cells(r)[0]: int(cells(r)[1]) for r in table.select("tbody tr")}
        assert all(counts[a] == sum(f["agency"] == a for f in mine) for a in agencies), year
        drawn = [t.get_text() for t in charts[-1].select("g > text")][::2]
        assert drawn == [a.removeprefix("澄岭县") for a in agencies]
        assert all(a in charts[-1]["aria-label"] for a in agencies)
        table, charts = section(year, "各月")
        months = [int(r.find_all(["th", "td"])[1].get_text(strip=True)) for r in table.select("tbody tr")]
        assert months == [sum(f["published"].month == m for f in mine) for m in range(1, 13)], year
    # The 2024 section says what the 2024 report says: the same records, by the same groups.
    report = BeautifulSoup((site / "xxgk" / "nianbao" / "2024" / "index.html").read_text("utf-8"), "html.parser")
    said = re.search(r"共主动公开政府信息 (\d+ 条，其中.*?)。", report.get_text()).group(1)
    assert f"2024年主动公开政府信息 {said}。" in soup.get_text()
    # Every figure also as a chart: inline SVG, text as text, no script.
    charts = soup.select("figure.gk-chart svg")
    assert len(charts) >= 1 + 4 * len(years)
    assert all(svg.get("role") == "img" and svg.find("text") for svg in charts)
    assert not soup.select("figure.gk-chart script, figure.gk-chart [style]")
    assert "按期答复率" in soup.get_text()


@pytest.mark.parametrize("as_of", [None, "2031-12-31"])
def test_the_sample_is_a_site_in_good_order(as_of):
    """A newcomer's first `gongkai check` of the sample prints no warning, today or years later."""
    args = ["check"] + (["--as-of", as_of] if as_of else [])
    done = subprocess.run([str(BIN / "gongkai"), *args], cwd=ROOT, capture_output=True, text=True, env=command_env())
    assert done.returncode == 0 and "警告" not in done.stderr and done.stderr == "", done.stderr
    assert done.stdout.startswith("OK, ")


# -- A record's page without the weight (issue 20) -----------------------------------------------

#: What a record's page may carry besides the record's own content: menu, header, footer, scripts, icons.
CHROME_LIMIT = 8 * 1024
_META = re.compile(
    r'<meta name="(ArticleTitle|Description|Keywords|ColumnName|ContentSource|PubDate)" content="([^"]*)">'
)


def chrome_bytes(page: str) -> int:
    """The bytes of a record's page that are not the record's own: the page less its article (text,
    信息索引 box, 当前位置), the entries of its table of contents (its headings) and the record's own
    values where the page repeats them (title, description, keywords, column, agency, date, address,
    the title's anchor)."""
    assert page.count('<article class="md-content__inner') == 1 and page.count("</article>") == 1
    start, end = page.index('<article class="md-content__inner'), page.index("</article>") + len("</article>")
    rest = page[:start] + page[end:]
    toc = re.search(r'(<ul class="md-nav__list" data-md-component="toc"[^>]*>)(.*?)(</ul>\s*</nav>)', rest, re.S)
    if toc:
        rest = rest[: toc.start(2)] + rest[toc.end(2) :]
    own = {value for _, value in _META.findall(rest)}
    own |= set(re.findall(r'<a href="#([^"]+)" class="md-skip">', rest))
    own |= set(re.findall(r'<link rel="canonical" href="([^"]+)">', rest))
    assert len(own) >= 4, own  # the page tags (网页标签) of a record's page are there to be taken out
    for value in sorted(own, key=len, reverse=True):
        rest = rest.replace(value, "")
    return len(rest.encode("utf-8"))


def record_pages(site: Path) -> dict[str, str]:
    pages = {}
    for _, front, _ in sample_records():  # drafts and records not yet due have no page
        html = site / "xxgk" / front["index_no"] / "index.html"
        if html.is_file():
            pages[front["index_no"]] = html.read_text(encoding="utf-8")
    return pages


def test_a_record_page_carries_at_most_8_kb_besides_the_record(site):
    pages = record_pages(site)
    assert len(pages) >= 20
    heavy = {no: chrome_bytes(page) for no, page in pages.items() if chrome_bytes(page) > CHROME_LIMIT}
    assert heavy == {}
    # The measure is of a real page: header, footer, toolbar, search box and menu are all there.
    page = BeautifulSoup(next(iter(pages.values())), "html.parser")
    for part in (".md-header", ".md-footer", "[data-gk-a11y]", "form.gk-search", ".md-sidebar--primary nav.gk-nav"):
        assert page.select_one(part) is not None, part


def _menu_links(page: BeautifulSoup, url: str, where: str) -> list[tuple[str, str]]:
    return [(a.get_text(strip=True), urljoin(url, a["href"])) for a in page.select(f"{where} a[href]")]


def test_a_record_page_menu_has_the_top_sections_and_the_way_to_its_category(site):
    catalogue_url = "https://x/xxgk/"
    catalogue = BeautifulSoup((site / "xxgk" / "index.html").read_text(encoding="utf-8"), "html.parser")
    tabs = _menu_links(catalogue, catalogue_url, ".md-tabs")
    assert [t for t, _ in tabs][:2] == ["首页", "信息公开目录"] and len(tabs) >= 4
    full = _menu_links(catalogue, catalogue_url, ".md-sidebar--primary")
    for index_no, html in record_pages(site).items():
        url = f"https://x/xxgk/{index_no}/"
        page = BeautifulSoup(html, "html.parser")
        menu = _menu_links(page, url, ".md-sidebar--primary")
        crumbs = _menu_links(page, url, "nav.gk-crumbs")
        # The top sections (the index pages' tabs), in their order, and under the catalogue the
        # 当前位置 line's way down to the record's category: nothing else.
        assert menu == tabs[:2] + crumbs[1:] + tabs[2:], index_no
        assert all("/category/" in href for _, href in crumbs[1:]) and crumbs[0] == tabs[1]
    # Index pages keep the whole tree: every category, agency and year.
    assert len(full) > 40 and len(full) > 3 * len(menu)
