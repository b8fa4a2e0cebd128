"""gongkai.publish.pages on the loaded sample, without building: the Markdown of each generated page (its
front matter, the 信息索引 box, banners, links between records, lists and their pages)."""

from __future__ import annotations

import dataclasses
import json
import math
import posixpath
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from gongkai.publish.outputs import site_outputs
from gongkai.publish.pages import CATALOGUE_MARKER, LATEST_MARKER, PageBuilder, book_title, md_text, summary_of
from gongkai.publish.statpages import StatPages
from gongkai.sitesearch.search import parts
from gongkai.text import bodytext

LINK = re.compile(r"\]\(([^)\s]+)\)")


def front(page) -> dict:
    _, head, _ = page.markdown.split("---\n", 2)
    return yaml.safe_load(head)


def links(page) -> list[str]:
    """The Markdown links of a page, resolved against its source path."""
    folder = posixpath.dirname(page.src_uri)
    return [posixpath.normpath(posixpath.join(folder, target)) for target in LINK.findall(page.markdown)]


@pytest.fixture(scope="module")
def builder(sample_catalog) -> PageBuilder:
    return PageBuilder(sample_catalog, feeds=True)


def test_text_is_escaped_for_markdown_and_titles_nest_as_written():
    assert md_text("a*b_[c]|<d>&#1") == r"a\*b\_\[c\]\|&lt;d&gt;&amp;\#1"
    assert book_title("关于印发《办法》的通知") == "《关于印发〈办法〉的通知》"


def test_a_summary_is_the_records_own_or_its_first_paragraph_as_plain_text(sample_catalog):
    own = next(r for r in sample_catalog.records if r.summary)
    assert summary_of(own) == own.summary

    def without(body):  # lead: the one the catalog read from the record's own body
        return dataclasses.replace(own, summary="", body=body, lead=None)

    body = "# 标题\n\n| a |\n|---|\n| 1 |\n\n> 引用的 **第一段**，见[附件](files/a.pdf)。\n\n第二段。"
    assert summary_of(without(body)) == "引用的 第一段，见附件。"
    assert summary_of(without("字" * 130)) == "字" * 120 + "……"
    assert summary_of(without("# 只有标题\n")) == ""
    # "| a |" without its |---| line is no table: the page shows it as a paragraph, and so does this.
    assert summary_of(without("| a |\n\n第二段。")) == "| a |"


def test_the_catalogue_reads_each_records_first_paragraph_once_as_the_page_does(sample_catalog):
    records = sample_catalog.records
    assert len(records) > 50 and all(r.lead is not None for r in records)
    assert [r.lead for r in records] == [bodytext.lead(bodytext.read(r.body)) for r in records]
    bare = dataclasses.replace(records[0], summary="")
    assert summary_of(bare) == bare.lead != ""


def test_a_record_page_has_its_metadata_box_under_the_schema_labels(builder, sample_catalog):
    r = sample_catalog.by_index_no["zfb/2023-00002"]
    page = builder.record(r)
    assert page.src_uri == "xxgk/zfb/2023-00002.md" and page.updated == r.published and not page.in_nav
    meta = front(page)
    assert meta["title"] == r.title and meta["published"] == r.published.isoformat()
    assert meta["agency"] == r.agency.name and meta["column"] == r.category.name
    assert meta["description"] == summary_of(r) and meta["keywords"] == ",".join(r.keywords)
    table = BeautifulSoup(page.markdown, "html.parser").select_one("table.gk-meta")
    box = {th.get_text(): th.find_next_sibling("td").get_text() for th in table.select("th")}
    assert box == {
        "索引号": r.index_no,
        "主题分类": r.topic_display,
        "发布机构": r.agency.name,
        "成文日期": f"{r.written.year}年{r.written.month:02d}月{r.written.day:02d}日",
        "标题": r.title,
        "发文字号": r.doc_no,
        "发布日期": f"{r.published.year}年{r.published.month:02d}月{r.published.day:02d}日",
        "有效性": "废止",
        "关键词": "、".join(r.keywords),
    }
    assert table.select_one("td[colspan='3']").get_text() == r.title  # the title spans the box


def test_an_abolished_record_says_so_first_and_links_its_successor(builder, sample_catalog):
    r = sample_catalog.by_index_no["zfb/2023-00002"]
    text = builder.record(r).markdown
    successor = sample_catalog.successor(r)
    banner = (
        f'!!! danger "本文件已废止"\n    本文件已于{r.abolished.year}年{r.abolished.month:02d}月{r.abolished.day:02d}日'
        f"废止，仅供查阅。现行文件：[{md_text(book_title(successor.title))}](2025-00002.md)。"
    )
    assert banner in text and text.index(banner) < text.index('<table class="gk-meta"')


def test_a_policy_and_its_interpretation_and_the_records_it_replaces_link_each_other(builder, sample_catalog):
    policy = sample_catalog.by_index_no["zfb/2025-00002"]
    reading = sample_catalog.by_index_no["zfb/2025-00004"]
    assert sample_catalog.interpreted(reading) is policy
    text = builder.record(reading).markdown
    assert f'!!! info "政策解读"\n    本文是对[{md_text(book_title(policy.title))}](2025-00002.md)的解读。' in text
    related = builder.record(policy).markdown.split("## 相关文件\n\n")[1]
    assert f"- 政策解读：[{md_text(reading.title)}](2025-00004.md)（{reading.published}）\n" in related
    old = sample_catalog.by_index_no["zfb/2023-00002"]
    assert f"- 本文件替代：[{md_text(old.title)}](2023-00002.md)（{old.published}）\n" in related


def test_attachments_are_listed_with_kind_and_size_beside_the_page(builder, sample_catalog):
    with_files = [r for r in sample_catalog.records if r.attachments]
    assert len(with_files) >= 3
    for r in with_files:
        page = builder.record(r)
        listed = page.markdown.split("## 附件\n\n")[1]
        for a in r.attachments:
            size = f"{a.size} B" if a.size < 1024 else f"{a.size / 1024:.0f} KB" if a.size < 1024**2 else None
            assert f"- [{md_text(a.title)}]({r.index_no.split('/')[1]}/{a.name})" in listed
            assert f"（{a.kind}，{size}）" in listed
    r = with_files[0]
    big = dataclasses.replace(r.attachments[0], size=3 * 1024 * 1024 + 200 * 1024)
    assert f"（{big.kind}，3.2 MB）" in builder.record(dataclasses.replace(r, attachments=(big,))).markdown


def test_every_link_of_every_generated_page_points_to_a_generated_page_or_file(builder, sample_catalog):
    pages = builder.all_pages() + [builder.search_page(), builder.data_page(), builder.home()]
    targets = {p.src_uri for p in pages} | {"xxgk/tongji/index.md", "xxgk/nianbao/index.md"}
    targets |= {f"xxgk/nianbao/{r.slug}/index.md" for r in sample_catalog.reports}
    targets |= {builder.urls.attachment(r, a) for r in sample_catalog.records for a in r.attachments + r.body_files}
    # The data files and feeds the core writes (gongkai.publish.outputs), as the build adds them.
    made = site_outputs(builder, StatPages(sample_catalog, builder.urls), "站", "https://x.example/", True)
    written = {o.uri for o in made if not o.uri.endswith(".md")}
    assert {"data/report.schema.json", "data/request.schema.json", "data/appeal.schema.json"} <= written
    targets |= written
    assert len(pages) > len(sample_catalog.records)
    assert sum(len(links(page)) for page in pages) > 500
    for page in pages:
        outside = [t for t in links(page) if t not in targets and not t.startswith(("http:", "https:"))]
        assert outside == [], page.src_uri


def test_only_sections_are_in_the_navigation_never_records(builder, sample_catalog):
    pages = builder.all_pages()
    in_nav = {p.src_uri for p in pages if p.in_nav}
    assert in_nav == {"xxgk/index.md", "xxgk/agency/index.md", "xxgk/year/index.md"}
    records = [p for p in pages if p.src_uri in {builder.urls.record(r) for r in sample_catalog.records}]
    assert len(records) == len(sample_catalog.records)


def test_a_list_is_cut_into_pages_newest_first_with_a_pager(sample_catalog):
    builder = PageBuilder(sample_catalog)
    builder.per_page = 4
    agency = max(sample_catalog.taxonomy.agencies, key=lambda a: len(sample_catalog.by_agency(a)))
    records = sample_catalog.by_agency(agency)
    pages = builder.listing(builder.urls.agency, agency, agency.name, records, with_agency=False)
    total = math.ceil(len(records) / 4)
    assert total >= 3 and len(pages) == total
    assert [p.src_uri for p in pages] == [builder.urls.agency(agency, n) for n in range(1, total + 1)]
    seen = []
    for n, page in enumerate(pages, 1):
        assert f"共 {len(records)} 条，第 {n} / {total} 页。" in page.markdown
        assert front(page)["title"] == (agency.name if n == 1 else f"{agency.name}（第 {n} 页）")
        rows = [line for line in page.markdown.split("\n") if line.startswith("| [")]
        assert len(rows) == min(4, len(records) - 4 * (n - 1))
        seen += [re.search(r"\| ([a-z]+/\d{4}-\d{5}) \|", row).group(1) for row in rows]
        assert "发布机构" not in page.markdown.split("| 标题")[1].split("\n")[0]  # an agency's list needs none
        pager = page.markdown[page.markdown.index('<nav class="gk-pager"') :]
        current = f'<span aria-current="page"><span class="gk-sr">第</span>{n}<span class="gk-sr">页</span></span>'
        assert current in pager
        assert ("上一页" in pager) == (n > 1) and ("下一页" in pager) == (n < total)
        assert page.updated == records[4 * (n - 1)].published
    assert seen == [r.index_no for r in records]  # newest first, each once


def test_the_pager_shows_a_window_and_the_ends_with_gaps_between(builder):
    uri = "xxgk/year/2024/page/10.md"

    def url_of(key, page):
        return f"xxgk/year/{key}/index.md" if page == 1 else f"xxgk/year/{key}/page/{page}.md"

    pager = builder.pager(url_of, 2024, uri, 10, 20)
    shown = re.findall(r"(?<=\[)(上一页|下一页)\]|(\d+)<span class=\"gk-sr\">页|(…)", pager)
    assert ["".join(m) for m in shown] == ["上一页", "1", "…", "8", "9", "10", "11", "12", "…", "20", "下一页"]
    assert "10<span" in pager.split('aria-current="page">')[1].split("</span></span>")[0]
    assert '1<span class="gk-sr">页</span>](../index.md)' in pager
    assert '20<span class="gk-sr">页</span>](20.md)' in pager


def test_an_empty_category_says_so_on_its_one_page(sample_catalog):
    builder = PageBuilder(sample_catalog)
    category = sample_catalog.taxonomy.all_categories()[0]
    [page] = builder.listing(builder.urls.category, category, category.name, [])
    assert "本栏目暂无信息。" in page.markdown and page.updated == sample_catalog.records[0].published


def test_a_categorys_first_page_names_its_feed_and_its_sub_categories(builder, sample_catalog):
    parent = next(c for c in sample_catalog.taxonomy.categories if c.children)
    feed = builder.urls.feed(parent)
    [first, *_] = builder.listing(
        builder.urls.category, parent, parent.name, sample_catalog.by_category(parent), parent.children, feed=feed
    )
    assert front(first)["feed"] == feed
    child = parent.children[0]
    assert (
        f"[{md_text(child.name)}]({child.slug}/index.md)（{len(sample_catalog.by_category(child))}）" in first.markdown
    )


def test_markup_in_a_title_stays_text_in_front_matter_and_heading(builder, sample_catalog):
    r = dataclasses.replace(sample_catalog.records[0], title='<img src=x onerror="a()">关于*通知*')
    page = builder.record(r)
    assert front(page)["title"] == "&lt;img src=x onerror=&quot;a()&quot;&gt;关于*通知*"
    assert '\n# &lt;img src=x onerror="a()"&gt;关于\\*通知\\*\n' in page.markdown
    assert "<img" not in page.markdown


def test_the_search_page_carries_its_filters_and_index_parts(builder, sample_catalog):
    page = builder.search_page()
    div = BeautifulSoup(page.markdown, "html.parser").select_one("[data-gk-search]")
    assert div["data-root"] == "../../" and div["data-bundle"] == "../../pagefind/"
    assert div["data-parts"] == str(parts(len(sample_catalog.records), sample_catalog.settings.search_part_size))
    json.loads(div["data-weights"])
    agencies = [o.get_text() for o in div.select("select[name=发布机构] option")]
    assert agencies[0] == "全部" and set(agencies[1:]) == {a.name for a in sample_catalog.taxonomy.agencies}


def test_the_site_map_and_data_page_list_the_sections_that_exist(builder, sample_catalog):
    site_map = builder.site_map().markdown
    for name in ("首页", "政府信息公开目录", "统计", "政府信息公开工作年度报告", "站内搜索", "数据下载"):
        assert f"- [{name}](" in site_map
    assert "## 按栏目" in site_map and sample_catalog.records[0].title not in site_map  # sections, never records
    with_feeds, without = builder.data_page().markdown, PageBuilder(sample_catalog).data_page().markdown
    assert "全站 Atom 订阅" in with_feeds and "Atom" not in without
    assert f"全部 {len(sample_catalog.records)} 条政府信息" in without
    assert all(f"annual/{r.slug}.json" in without for r in sample_catalog.reports)


def test_the_home_page_markers_are_filled_with_the_newest_records_and_the_catalogue(builder, sample_catalog):
    text = builder.fill_home("index.md", f"前言\n\n{LATEST_MARKER}\n\n{CATALOGUE_MARKER}\n")
    latest = sample_catalog.records[: sample_catalog.settings.home_latest]
    for r in latest:
        assert f"- [{md_text(r.title)}](xxgk/{r.index_no}.md)　{r.published}\n" in text
    assert text.count("　") == len(latest) > 0 and sample_catalog.records[len(latest)].title not in text
    assert "[查看完整的政府信息公开目录](xxgk/index.md)" in text and LATEST_MARKER not in text
    home = builder.home()
    assert home.in_nav and home.src_uri == "index.md" and "## 最新信息" in home.markdown
