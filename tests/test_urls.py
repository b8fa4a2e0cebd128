"""gongkai.model.urls on the loaded sample, without building: where each generated page lives, the links
between them, and the claims on the files of the site (`Outputs`)."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from gongkai.model.urls import GENERATED, HAND_WRITTEN, OTHER, Output, OutputClash, Outputs, Urls, relative
from gongkai.publish.pages import PageBuilder
from gongkai.publish.statpages import StatPages


def test_the_prefix_is_a_folder_whatever_slashes_it_was_written_with():
    assert Urls("/xxgk/").catalogue() == Urls("xxgk").catalogue() == "xxgk/index.md"


def test_a_records_page_and_files_come_from_its_index_number_alone(sample_catalog):
    urls = Urls("xxgk")
    for r in sample_catalog.records:
        assert urls.record(r) == f"xxgk/{r.index_no}.md"
        for a in r.attachments:
            assert urls.attachment(r, a) == f"xxgk/{r.index_no}/{a.name}"
            assert a.name.isascii() and "/" not in a.name  # a file name on the site: URL-safe


def test_lists_are_paged_below_their_first_page(sample_catalog):
    urls = Urls("xxgk")
    category = next(c for c in sample_catalog.taxonomy.all_categories() if c.parent is not None)
    top = category.parent
    assert urls.category(top) == f"xxgk/category/{top.slug}/index.md"
    assert urls.category(category, 3) == f"xxgk/category/{top.slug}/{category.slug}/page/3.md"
    agency = sample_catalog.taxonomy.agencies[0]
    assert urls.agency(agency) == f"xxgk/agency/{agency.code}/index.md"
    assert urls.agency(agency, 2) == f"xxgk/agency/{agency.code}/page/2.md"
    assert urls.year(2024) == "xxgk/year/2024/index.md" and urls.year(2024, 12) == "xxgk/year/2024/page/12.md"


def test_feeds_share_one_folder_a_sub_categorys_named_with_a_dot(sample_catalog):
    urls = Urls("xxgk")
    child = next(c for c in sample_catalog.taxonomy.all_categories() if c.parent is not None)
    assert urls.feed() == "xxgk/feeds/all.xml"
    assert urls.feed(child) == f"xxgk/feeds/{child.parent.slug}.{child.slug}.xml"
    assert posixpath.dirname(urls.feeds_sitemap()) == posixpath.dirname(urls.feed(child))
    assert Urls.data() == "data/index.md" and Urls.report_data("2024") == "data/annual/2024.json"


def sample_uris(catalog) -> list[str]:
    builder = PageBuilder(catalog, feeds=True)
    pages = builder.all_pages() + StatPages(catalog, builder.urls).all_pages()
    pages += [builder.search_page(), builder.data_page(), builder.home()]
    return [p.src_uri for p in pages]


def test_every_generated_page_of_the_sample_has_its_own_source_path(sample_catalog):
    uris = sample_uris(sample_catalog)
    assert len(uris) == len(set(uris)) > len(sample_catalog.records) + 30
    assert all(u.endswith(".md") and not u.startswith("/") and "//" not in u for u in uris)
    assert {u for u in uris if not u.startswith("xxgk/")} == {"data/index.md", "index.md"}


def test_relative_links_are_what_posixpath_relpath_gives(sample_catalog):
    uris = sample_uris(sample_catalog) + ["xxgk/year/2024/page/3.md", "xxgk/czj/2024-00001/a.pdf"]
    assert len({u.count("/") for u in uris}) >= 4  # the root, a record, a category, a sub-category…
    for a, b in itertools.product(uris, repeat=2):  # every pair, both ways
        assert relative(a, b) == posixpath.relpath(b, posixpath.dirname(a) or "."), (a, b)


def test_relative_links_of_lists_beyond_their_first_page(sample_catalog):
    first, third = Urls("xxgk").year(2024), Urls("xxgk").year(2024, 3)
    assert relative(third, first) == "../index.md"
    assert relative(first, third) == "page/3.md"
    assert relative(third, "index.md") == "../../../../index.md"


def test_a_file_claimed_twice_is_a_clash_and_a_hand_written_one_is_told_to_move():
    outputs = Outputs()
    outputs.claim("xxgk/index.html", "xxgk/index.md")
    with pytest.raises(OutputClash) as exc:
        outputs.claim("xxgk/index.html", "xxgk.md", HAND_WRITTEN)
    message = exc.value.message()
    assert "docs 目录中的 xxgk.md 与生成的页面同名" in message and "xxgk/index.html" in message
    assert "请改名或移走手写的文件" in message
    assert outputs.files["xxgk/index.html"] == Output("xxgk/index.html", "xxgk/index.md", GENERATED)


def test_a_file_where_a_folder_must_be_and_the_other_way_round_clash():
    outputs = Outputs()
    outputs.claim("xxgk/czj/index.html", "xxgk/czj/index.md")
    with pytest.raises(OutputClash) as exc:
        outputs.claim("xxgk/czj", "xxgk/czj", OTHER)
    assert "一个要把 xxgk/czj 作文件夹、一个作文件" in exc.value.message()
    outputs.claim("data/a.csv", "data/a.csv")
    with pytest.raises(OutputClash) as exc:
        outputs.claim("data/a.csv/index.html", "data/a.csv.md")
    assert "一个要把 data/a.csv 作文件、一个作文件夹" in exc.value.message()
    assert "网站未生成" in exc.value.message()  # two generated files: the maintainers' or the taxonomy's fault


def test_a_folder_written_whole_takes_nothing_else():
    outputs = Outputs()
    outputs.claim_folder("pagefind", "Pagefind 的索引")
    with pytest.raises(OutputClash) as exc:
        outputs.claim("pagefind/x/index.html", "pagefind/x.md", HAND_WRITTEN)
    assert "都要写到网站的 pagefind/ 目录中" in exc.value.message()
    taken = Outputs()
    taken.claim("search/index.html", "search.md", HAND_WRITTEN)
    with pytest.raises(OutputClash):
        taken.claim_folder("search", "MkDocs 的搜索索引")


def test_two_hand_written_files_on_one_place_are_both_named():
    outputs = Outputs()
    outputs.claim("guide/index.html", "guide.md", HAND_WRITTEN)
    with pytest.raises(OutputClash) as exc:
        outputs.claim("guide/index.html", "guide/index.md", HAND_WRITTEN)
    assert exc.value.message() == (
        "docs 目录中的 guide.md 和docs 目录中的 guide/index.md 都要写到网站的 guide/index.html，"
        "后写的会覆盖先写的；请改名或移走其中一个。"
    )
