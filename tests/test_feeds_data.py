"""Atom feeds and /data/ (catalog.json, catalog.csv, their schema) on the built sample, read with a
feed parser, a JSON Schema validator and Python's csv module."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest

from conftest import ROOT
from test_sample import sample_records

ROOT_URL = "https://xxgk.example.gov.cn/"


@pytest.fixture
def sample(sample_site):
    return sample_site


def published() -> list[dict]:
    return [front for _, front, _ in sample_records() if not front.get("draft")]


def local(site, url: str):
    """The file of the site an absolute URL of it points to."""
    path = urlsplit(url).path.lstrip("/")
    target = site / path
    return target / "index.html" if url.endswith("/") else target


def test_the_site_feed_holds_the_newest_records_with_beijing_dates_and_agencies(sample):
    feed = feedparser.parse((sample / "xxgk/feeds/all.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "澄岭县人民政府信息公开：最新信息"
    records = published()
    entries = feed.entries
    assert len(entries) == min(50, len(records))
    dates = [e.published for e in entries]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00\+08:00", d) for d in dates)
    assert dates == sorted(dates, reverse=True)
    newest = max(str(r["published"]) for r in records)
    assert dates[0].startswith(newest)
    by_title = {r["title"]: r for r in records}
    for entry in entries:
        assert entry.author == by_title[entry.title]["agency"]
        assert local(sample, entry.link).is_file(), entry.link
    drafts = {front["title"] for _, front, _ in sample_records() if front.get("draft")}
    assert drafts and not drafts & {e.title for e in entries}


def test_each_category_has_its_feed_linked_from_its_page(sample):
    page = (sample / "xxgk/category/czxx/ys/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">', page)
    here = "xxgk/category/czxx/ys/"
    feeds = {title: posixpath.normpath(posixpath.join(here, href)) for title, href in links}
    assert feeds.get("财政预算：最新信息") == "xxgk/feeds/czxx.ys.xml", links
    assert "xxgk/feeds/all.xml" in feeds.values()  # and the site's, on every page
    # The <head> link is for software; a reader is shown it (数据下载 says it is on the category page).
    shown = re.search(r'订阅本栏目的更新：<a href="([^"]+)">Atom 订阅地址</a>', page)
    assert shown and posixpath.normpath(posixpath.join(here, shown.group(1))) == "xxgk/feeds/czxx.ys.xml"
    assert "每个栏目也有自己的订阅地址，在栏目页的末尾。" in (sample / "data/index.html").read_text(encoding="utf-8")
    # Material's script fetches sitemap.xml from a feed link's folder: an empty one is there.
    assert "<url>" not in (sample / "xxgk/feeds/sitemap.xml").read_text(encoding="utf-8")
    feed = feedparser.parse((sample / "xxgk/feeds/czxx.ys.xml").read_bytes())
    assert not feed.bozo and feed.entries
    assert {e.tags[0].term for e in feed.entries} == {"财政信息/财政预算"}


def test_the_catalogue_data_is_complete_valid_and_opens_in_excel(sample):
    schema = json.loads((sample / "data/catalog.schema.json").read_text(encoding="utf-8"))
    data = json.loads((sample / "data/catalog.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    records = published()
    assert data["count"] == len(records) == len(data["records"])
    assert {r["index_no"] for r in data["records"]} == {str(r["index_no"]) for r in records}
    for row in data["records"]:
        assert local(sample, row["url"]).is_file()
        for attachment in row["attachments"]:
            assert local(sample, attachment["url"]).is_file(), attachment
    raw = (sample / "data/catalog.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel on Windows needs
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(records)
    assert list(rows[0])[:3] == ["索引号", "标题", "发布机构"]
    assert [r["索引号"] for r in rows] == [r["index_no"] for r in data["records"]]
    page = (sample / "data/index.html").read_text(encoding="utf-8")
    for name in ("catalog.csv", "catalog.json", "catalog.schema.json"):
        assert f'href="{name}"' in page
    # Each link says what it is; what only a program reads is under its own heading, last.
    assert '<a href="catalog.csv">政府信息公开目录（表格，CSV）</a>' in page
    article = page[page.index("<article") :]
    assert article.index("供软件开发者") < article.index('href="record.schema.json"')
    assert article.index('href="catalog.json"') < article.index("供软件开发者")


def test_without_a_site_url_there_are_no_feeds_but_the_data_is_there(site):
    site.good()
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_url: https://xxgk.example.gov.cn/\n", ""), encoding="utf-8")
    assert site.mkdocs("build", "--strict").returncode == 0
    assert not (site.root / "site/xxgk/feeds").exists()
    data = json.loads((site.root / "site/data/catalog.json").read_text(encoding="utf-8"))
    assert data["records"][0]["url"] == "xxgk/czj/2024-00001/"


def test_personal_data_published_on_purpose_stays_on_its_page_not_in_the_feed(site):
    from test_personal import ID

    site.good(pii_exempt={"reason": "惩戒公示", "kinds": "[身份证号]"}, body=f"失信被执行人：张三，身份证号{ID}。\n")
    assert site.mkdocs("build").returncode == 0
    assert ID in site.html("xxgk/czj/2024-00001/index.html")
    feed = (site.root / "site/xxgk/feeds/all.xml").read_text(encoding="utf-8")
    assert "失信被执行人：张三，身份证号" in feed and ID not in feed and "*" in feed


def test_the_feed_masks_personal_data_as_of_the_builds_day_not_the_machines(site):
    """A number born after the as-of day (GONGKAI_AS_OF) is no 身份证号 yet on that day: the feed shows
    it as the page does, whatever day the machine's clock says (the site is the input's and the
    day's, never the clock's)."""
    from test_personal import id_number

    number = id_number("110105" + "20261101" + "123")  # born before any day these tests run on
    site.good(pii_exempt={"reason": "惩戒公示", "kinds": "[身份证号]"}, body=f"失信被执行人：张三，编号{number}。\n")
    feed = site.root / "site/xxgk/feeds/all.xml"
    assert site.mkdocs("build", env={"GONGKAI_AS_OF": "2026-10-01"}).returncode == 0
    assert number in site.html("xxgk/czj/2024-00001/index.html")
    assert number in feed.read_text(encoding="utf-8"), "not yet a 身份证号 as of 2026-10-01"
    assert site.mkdocs("build", env={"GONGKAI_AS_OF": "2026-11-01"}).returncode == 0
    assert number not in feed.read_text(encoding="utf-8"), "a 身份证号 from its birth date on"


def test_the_site_publishes_its_record_schema_but_not_the_clerks_guide(sample):
    schema = json.loads((sample / "data/record.schema.json").read_text(encoding="utf-8"))
    agencies = schema["properties"]["agency"]["enum"]
    assert "澄岭县财政局" in agencies  # this site's taxonomy, not the generic schema
    # The clerks' guide is in the repository, for the editors: the portal does not publish it.
    guide = (ROOT / "编辑指南.md").read_text(encoding="utf-8")
    for heading in ("新增一条信息", "更正一条信息", "失效、废止", "撤回一条已发布的信息"):
        assert f"## {heading}" in guide
    assert "superseded_by" in guide and "draft: true" in guide
    assert not (sample / "bianji").exists()
    for path in sample.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            assert "编辑指南" not in path.read_text(encoding="utf-8", errors="replace"), path
