"""The sample county portal, built once with `mkdocs build --strict`: checks over every page and every record.

The expected values are read from the record files with plain PyYAML, not through gongkai, so a
bug in our loader cannot hide in both the output and the expectation.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BIN, ROOT

RESERVED = {"requests", "appeals", "reports"}


def build(dest: Path) -> Path:
    """Copy the repository's sample site to `dest` and build it; returns the site/ folder."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", dest)
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "records", dest / "records")
    env = {"PATH": str(BIN), "NO_MKDOCS_2_WARNING": "1", "HOME": str(dest)}
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict"], cwd=dest, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    return dest / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("sample") / "src")


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


def test_every_internal_link_resolves(site):
    for path in html_files(site):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in doc.find_all(tag, **{attr: True}):
                url = urlsplit(el[attr])
                if url.scheme or url.netloc or not url.path:
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

    assert digest(build(tmp_path / "again")) == digest(site)


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
        assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
        inline = [s for s in doc.find_all("script") if not s.get("src") and s.get("type") != "application/json"]
        expected = {
            "'sha256-" + base64.b64encode(hashlib.sha256(s.string.encode()).digest()).decode() + "'" for s in inline
        }
        assert set(script_src[1:]) == expected, path
