"""The HTML inside generated pages, written from templates (gongkai/publish/pages/templates): escaped
as html.escape escapes (the bytes pages always had), laid out on the lines it always was, and the
Markdown around it; on the loaded sample and on small made-up values, without building."""

from __future__ import annotations

import dataclasses
import html
import posixpath
import re

import jinja2
import pytest
from markupsafe import Markup

from gongkai.publish.pages import PageBuilder, md_text
from gongkai.publish.pages.common import macros
from gongkai.publish.pages.listing import listing, pager, table
from gongkai.publish.pages.record import breadcrumb, meta_box
from gongkai.text import templating

HOSTILE = "<script>alert(\"x\")</script> & 'q' *b* [c]"


@pytest.fixture(scope="module")
def builder(sample_catalog) -> PageBuilder:
    return PageBuilder(sample_catalog)


def test_a_value_is_escaped_as_html_escape_does_and_markup_goes_in_as_it_is(tmp_path):
    (tmp_path / "t.html").write_text('<p title="{{ a }}">{{ b }}</p>{{ c }}\n', encoding="utf-8")
    env = templating.environment(tmp_path)
    out = env.get_template("t.html").render(a=HOSTILE, b=12.5, c=Markup("<b>&amp;</b>"))
    assert out == f'<p title="{html.escape(HOSTILE)}">12.5</p><b>&amp;</b>\n'
    assert "&quot;" in out and "&#x27;" in out and "&#34;" not in out and "&#39;" not in out
    with pytest.raises(jinja2.UndefinedError):  # a name the caller forgot is an error, not an empty text
        env.get_template("t.html").render(a="x", b="y")


def test_the_meta_box_is_one_line_with_every_value_escaped_as_before(sample_catalog):
    r = sample_catalog.by_index_no["czj/2025-00003"]
    assert meta_box(r) == (
        '<table class="gk-meta" aria-label="信息索引"><tbody>'
        '<tr><th scope="row">索引号</th><td>czj/2025-00003</td>'
        '<th scope="row">主题分类</th><td>财政、金融、审计\\财政</td></tr>'
        '<tr><th scope="row">发布机构</th><td>澄岭县财政局</td>'
        '<th scope="row">成文日期</th><td>2025年08月20日</td></tr>'
        f'<tr><th scope="row">标题</th><td colspan="3">{r.title}</td></tr>'
        '<tr><th scope="row">发文字号</th><td>—</td><th scope="row">发布日期</th><td>2025年08月27日</td></tr>'
        '<tr><th scope="row">有效性</th><td>有效</td><th scope="row">关键词</th><td>决算、三公经费决算</td></tr>'
        "</tbody></table>\n"
    )
    hostile = dataclasses.replace(r, title=HOSTILE, doc_no="澄财〔2025〕\"1\"号 & 'x'", keywords=("<a>", "b&c"))
    box = meta_box(hostile)
    assert f'<td colspan="3">{html.escape(HOSTILE)}</td>' in box
    assert "<td>澄财〔2025〕&quot;1&quot;号 &amp; &#x27;x&#x27;</td>" in box
    assert "<td>&lt;a&gt;、b&amp;c</td>" in box
    assert "<script>" not in box and "&#34;" not in box and "&#39;" not in box


def test_a_hostile_title_on_a_record_page_stays_text_everywhere_it_is_shown(builder, sample_catalog):
    r = dataclasses.replace(sample_catalog.by_index_no["czj/2025-00003"], title=HOSTILE)
    text = builder.record(r).markdown
    assert "<script>" not in text
    assert f"\n# {md_text(HOSTILE)}\n" in text  # the heading: escaped for Markdown
    assert f'<td colspan="3">{html.escape(HOSTILE)}</td>' in text  # the box: escaped as HTML


def test_the_breadcrumb_links_the_catalogue_and_the_category_path(builder, sample_catalog):
    r = sample_catalog.by_index_no["czj/2025-00003"]  # 财政信息/财政决算
    uri = builder.urls.record(r)
    assert breadcrumb(builder, r, uri) == (
        '<nav class="gk-crumbs" aria-label="当前位置" markdown="span">当前位置：[信息公开目录](../index.md)'
        " › [财政信息](../category/czxx/index.md) › [财政决算](../category/czxx/js/index.md)</nav>\n\n"
    )
    top = next(x for x in sample_catalog.records if x.category.parent is None)
    nav = breadcrumb(builder, top, builder.urls.record(top))
    assert nav.count(" › ") == 1 and nav.endswith(
        f"[{top.category.name}](../category/{top.category.slug}/index.md)</nav>\n\n"
    )


def test_a_category_name_in_the_breadcrumb_is_escaped_for_markdown(builder, sample_catalog):
    r = sample_catalog.by_index_no["czj/2025-00003"]
    category = dataclasses.replace(r.category, name="财政*决算*<b>")
    nav = breadcrumb(builder, dataclasses.replace(r, category=category), builder.urls.record(r))
    assert r"[财政\*决算\*&lt;b&gt;](../category/czxx/js/index.md)</nav>" in nav


def url_of(key, page):
    return f"xxgk/year/{key}/index.md" if page == 1 else f"xxgk/year/{key}/page/{page}.md"


def test_the_pager_is_one_line_with_links_the_current_page_and_gaps():
    uri = url_of(2024, 1)

    def n(p):  # a page's number, read out as 第 N 页
        return f'<span class="gk-sr">第</span>{p}<span class="gk-sr">页</span>'

    assert pager(url_of, 2024, uri, 1, 7) == (
        f'<nav class="gk-pager" aria-label="分页" markdown="span"><span aria-current="page">{n(1)}</span>'
        f" [{n(2)}](page/2.md) [{n(3)}](page/3.md) … [{n(7)}](page/7.md) [下一页](page/2.md)</nav>\n"
    )
    last = pager(url_of, 2024, url_of(2024, 7), 7, 7)
    start = '<nav class="gk-pager" aria-label="分页" markdown="span">[上一页](6.md)'
    assert last.startswith(f"{start} [{n(1)}](../index.md) …")
    assert last.endswith(f' [{n(6)}](6.md) <span aria-current="page">{n(7)}</span></nav>\n') and "下一页" not in last


@pytest.mark.parametrize("pages", [2, 5, 6, 9, 40])
def test_the_pager_shows_the_ends_and_two_either_side_with_a_gap_where_pages_are_left_out(pages):
    for page in range(1, pages + 1):
        text = pager(url_of, 2024, url_of(2024, page), page, pages)
        shown = [int(p) for p in re.findall(r"</span>(\d+)<span", text)]
        near = {p for p in range(page - 2, page + 3) if 1 <= p <= pages}
        assert shown == sorted({1, pages} | near)
        assert text.count("…") == sum(1 for a, b in zip(shown, shown[1:], strict=False) if b - a > 1)


def test_a_list_is_a_markdown_table_in_its_box(builder, sample_catalog):
    records = sample_catalog.records[:2]
    uri = builder.urls.year(2025)
    text = table(builder, uri, records, with_agency=False)
    assert text.startswith('<div class="gk-list" markdown="1">\n\n| 标题 | 索引号 | 发布日期 |\n| --- | --- | --- |\n')
    assert text.endswith(" |\n\n</div>\n\n") and text.count("\n| [") == 2
    hostile = dataclasses.replace(records[0], title=HOSTILE)
    assert f"| [{md_text(HOSTILE)}](" in table(builder, uri, [hostile])


def test_a_list_names_its_feed_only_when_told_so(builder, sample_catalog):
    c = next(c for c in sample_catalog.taxonomy.categories if len(sample_catalog.by_category(c)) > 2)
    records = sample_catalog.by_category(c)
    builder = PageBuilder(sample_catalog)
    builder.per_page = 2
    feed = builder.urls.feed(c)
    with_feed = listing(builder, builder.urls.category, c, c.name, records, feed=feed)
    without = listing(builder, builder.urls.category, c, c.name, records)
    assert len(with_feed) == len(without) > 1
    for a, b in zip(with_feed, without, strict=True):
        assert f'\nfeed: "{feed}"\n' in a.markdown and "feed:" not in b.markdown
        # Named in <head> for software and, at the end, for a reader.
        rest = a.markdown.replace(f'feed: "{feed}"\n', "")
        said = re.search(r"\n\n订阅本栏目的更新：\[Atom 订阅地址\]\(([^)]+)\)（[^\n]*）。\n$", rest)
        assert said and posixpath.normpath(posixpath.join(posixpath.dirname(a.src_uri), said.group(1))) == feed
        assert rest[: said.start() + 1] == b.markdown


def test_with_feeds_the_categories_lists_name_theirs_and_no_other_list_does(sample_catalog):
    def fronts(builder):
        return {p.src_uri: p.markdown.split("---\n")[1] for p in builder.all_pages()}

    with_feeds, without = fronts(PageBuilder(sample_catalog, feeds=True)), fronts(PageBuilder(sample_catalog))
    urls = PageBuilder(sample_catalog).urls
    categories = {urls.category(c) for c in sample_catalog.taxonomy.all_categories()}
    named = {uri for uri, front in with_feeds.items() if "feed:" in front}
    assert categories <= named and all("/category/" in uri for uri in named)
    assert not any("feed:" in front for front in without.values())


def test_the_data_page_names_the_feeds_when_the_site_writes_them(sample_catalog):
    assert "全站 Atom 订阅" in PageBuilder(sample_catalog, feeds=True).data_page().markdown
    assert "Atom" not in PageBuilder(sample_catalog, feeds=False).data_page().markdown


def test_the_search_box_is_one_line_with_its_values_escaped_as_before():
    values = {
        "root": "../../",
        "catalogue": "../",
        "sitemap": "../wzdt/",
        "records": 3,
        "parts": 1,
        "weights": '{"title": 10}',
        "superseded": 0.5,
        "synonyms": "社保'医保",
        "agencies": "a&b",
        "filters": {"发布机构": ['"引号"局', "<b>局"], "年份": ["2025"]},
    }
    text = macros("search.html").results(**values)
    # The notice for a browser without JavaScript comes first (tests/test_a11y.py), then the box.
    noscript, box = text.removesuffix("\n\n").split("\n\n", 1)
    assert noscript.startswith("<noscript><p>站内搜索需要浏览器启用 JavaScript。") and noscript.endswith("</noscript>")
    assert "\n" not in noscript and "\n" not in box
    assert box.startswith(
        '<div class="gk-results" data-gk-search data-root="../../" data-bundle="../../pagefind/" data-records="3"'
        ' data-parts="1" data-weights="{&quot;title&quot;: 10}" data-superseded="0.5" data-synonyms="社保&#x27;医保"'
        ' data-agencies="a&amp;b" data-sitemap="../wzdt/"><form class="gk-results__form" role="search"'
        ' aria-label="本页搜索条件"><input '
    )
    assert (
        '<div class="gk-results__filters"><label>发布机构<select name="发布机构" data-gk-filter>'
        '<option value="">全部</option><option value="&quot;引号&quot;局">&quot;引号&quot;局</option>'
        '<option value="&lt;b&gt;局">&lt;b&gt;局</option></select></label><label>年份<select name="年份" '
        'data-gk-filter><option value="">全部</option><option value="2025">2025</option></select></label>'
        '<label>排序<select name="sort" data-gk-sort><option value="">按相关程度</option>'
    ) in box
    assert box.endswith('<button class="gk-results__more" type="button" hidden>显示更多结果</button></div>')
