"""Site search: which records the built site's Pagefind bundle holds, and that the leak scan reads it."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from gongkai.guards import leaks
from gongkai.sitesearch import search, searchindex
from gongkai.sitesearch.searchindex import executable

pytestmark = pytest.mark.skipif(executable() is None, reason="Pagefind is not installed (make installs it)")


def fragments(site) -> list[dict]:
    out = []
    for path in sorted((site.root / "site" / "pagefind" / "fragment").iterdir()):
        out.append(json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")))
    return out


def bundle_text(site) -> str:
    """Every file of the bundle, decompressed, as one text."""
    texts = []
    for path in sorted((site.root / "site" / "pagefind").rglob("*")):
        if path.is_file():
            rel = path.relative_to(site.root / "site").as_posix()
            texts += [text for _, _, text in leaks.file_texts(rel, path.read_bytes())]
    return "\n".join(texts)


def test_published_records_and_the_pages_citizens_look_for_are_indexed(site):
    site.good(title="测试县财政局关于2024年县级预算公开的说明", doc_no="测财发〔2024〕3号", keywords=["三公经费"])
    site.good("2024/b.md", index_no="czj/2024-00002", title="测试县财政局关于政府采购意向公开的通知",
              category="政府采购", published="2024-03-01", validity="废止", abolished="2024-06-01")  # fmt: skip
    site.good("2024/d.md", index_no="czj/2024-00003", title="尚未审核的征地补偿草稿", draft=True)
    (site.root / "docs" / "guide.md").write_text("# 公开指南\n\n指南里的独有词语甲乙丙。\n", encoding="utf-8")
    result = site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    found = {f["url"]: f for f in fragments(site)}
    # The hand-written pages but the home page too: a citizen typing 申请表 or 指南 wants that page.
    assert sorted(found) == ["guide/", "xxgk/czj/2024-00001/", "xxgk/czj/2024-00002/"]
    guide = found["guide/"]
    assert guide["meta"]["title"] == "公开指南" and guide["filters"] == {}
    assert set(guide["meta"]) == {"title", "st"} and "甲乙 丙" in guide["content"].replace("\u200b", "")
    first = found["xxgk/czj/2024-00001/"]
    shown = {k: v for k, v in first["meta"].items() if k in search.SHOWN}
    assert shown == {
        "title": "测试县财政局关于2024年县级预算公开的说明",
        "agency": "测试县财政局",
        "date": "2024-01-26",
        "index_no": "czj/2024-00001",
        "doc_no": "测财发〔2024〕3号",
    }
    # The search-only fields: the title, the agency (full and short), keywords and category cut into
    # words; the record's own identifiers as one word each.
    searched = {k: v for k, v in first["meta"].items() if k not in search.SHOWN}
    assert set(searched) == {"st", "sa", "sk", "si"}
    # The agency as one word (its key) where it is named: its own field, and the title that names it.
    finance = search.agency_key(("测试县财政局",))
    assert searched["st"] == search.words("测试县财政局关于2024年县级预算公开的说明") + " " + finance
    assert searched["sa"] == search.words("测试县财政局 财政局") + " " + finance and "三公" in searched["sk"]
    assert set(searched["si"].split()) == {search.identifier_key(x) for x in ("czj/2024-00001", "测财发〔2024〕3号")}
    # A record no longer in force says so, and its fragment's name carries the mark the page ranks by.
    second = found["xxgk/czj/2024-00002/"]
    assert second["meta"]["validity"] == "废止" and "successor" not in second["meta"]
    names = {json.loads(gzip.decompress(p.read_bytes())[12:])["url"]: p.stem
             for p in (site.root / "site" / "pagefind" / "fragment").iterdir()}  # fmt: skip
    assert names["xxgk/czj/2024-00002/"].endswith("-s") and not names["xxgk/czj/2024-00001/"].endswith("-s")
    assert first["filters"] == {
        "发布机构": ["测试县财政局"],
        "公开目录分类": ["财政信息"],
        "年份": ["2024"],
        "有效性": ["有效"],
    }
    assert found["xxgk/czj/2024-00002/"]["filters"]["有效性"] == ["废止"]
    text = bundle_text(site)
    # The page's text is there (segmented: Pagefind puts zero-width spaces between words) ...
    assert "三公" in text and "正文第一段" in text.replace("\u200b", "")
    # ... drafts and the theme's navigation are not.
    for absent in ("尚未审核", "czj/2024-00003", "按发布机构", "信息公开目录"):
        assert absent not in text.replace("\u200b", ""), absent


def test_a_large_site_is_indexed_in_parts_each_a_sample_of_the_whole(site):
    site.configure(search_part_size=2)
    for n, day in enumerate(["2024-03-05", "2024-03-04", "2024-03-03", "2024-03-02", "2024-03-01"], start=1):
        site.good(f"2024/czj-{n:05d}.md", index_no=f"czj/2024-{n:05d}", published=day)
    assert site.mkdocs("build", "--strict").returncode == 0
    bundle = site.root / "site" / "pagefind"
    assert 'data-parts="3"' in site.html("xxgk/sousuo/index.html")
    # Parts 1 and 2 hold their index alone: the first part's script and WebAssembly serve them.
    for part in ("part1", "part2"):
        names = sorted(p.relative_to(bundle / part).as_posix().split("/")[0] for p in (bundle / part).rglob("*.*"))
        assert set(names) == {"filter", "fragment", "index", "pagefind-entry.json", names[-1]}
        assert names[-1].startswith("pagefind.zh_") and names[-1].endswith(".pf_meta")
    pages = {}
    for path in bundle.rglob("*.pf_fragment"):
        url = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
        pages[int(path.stem.rsplit("_", 1)[1], 36)] = (path.parent.parent.name, url)
    # Numbered newest first on the site (the results page sorts by date on these numbers); counted
    # from the oldest, the r-th record is in part r mod 3, so that each part is a sample of the whole
    # site (its word statistics the site's) and a record added as the newest moves no other.
    assert pages == {
        0: ("part1", "xxgk/czj/2024-00001/"),
        1: ("pagefind", "xxgk/czj/2024-00002/"),
        2: ("part2", "xxgk/czj/2024-00003/"),
        3: ("part1", "xxgk/czj/2024-00004/"),
        4: ("pagefind", "xxgk/czj/2024-00005/"),
    }


def test_search_off_writes_no_bundle(site):
    site.configure(search="off")
    site.good()
    assert site.mkdocs("build", "--strict").returncode == 0
    assert not (site.root / "site" / "pagefind").exists()


def test_an_unknown_search_engine_is_named(site):
    site.configure(search="lunr")
    site.good()
    result = site.gongkai("check")
    assert result.returncode == 1 and "没有搜索方式“lunr”" in result.stderr and "可写：pagefind、off" in result.stderr


def test_the_leak_scan_reads_the_search_bundle_and_knows_its_pages(site):
    site.good(title="测试县财政局关于2024年县级预算公开的说明")
    built = site.mkdocs("build")
    assert built.returncode == 0
    # The build log names the one Pagefind that built the index.
    assert f"站内搜索：Pagefind {searchindex.PAGEFIND_VERSION}（" in built.stderr
    pieces = [
        piece
        for path in sorted((site.root / "site" / "pagefind" / "fragment").iterdir())
        for piece in leaks.file_texts(path.relative_to(site.root / "site").as_posix(), path.read_bytes())
    ]
    assert [page for _, page, _ in pieces] == ["xxgk/czj/2024-00001/"]
    secret = leaks.Secret("县级预算公开的说明", "测试")
    found = leaks.scan(site.root / "site", [secret])
    assert any(leak.file.startswith("pagefind/fragment/") for leak in found)


def test_every_page_has_the_search_box_and_the_results_page_exists(site):
    site.good()
    (site.root / "docs" / "guide.md").write_text("# 公开指南\n", encoding="utf-8")
    assert site.mkdocs("build", "--strict").returncode == 0
    for rel, action in (("index.html", "xxgk/sousuo/"), ("guide/index.html", "../xxgk/sousuo/")):
        html = site.html(rel)
        pattern = r'<form class="gk-search" action="([^"]+)" method="get" role="search" aria-label="(\w+)"'
        form = re.search(pattern, html)
        assert form and form.group(1) == action and form.group(2) == "全站搜索", rel
    page = site.html("xxgk/sousuo/index.html")
    assert 'data-gk-search data-root="../../" data-bundle="../../pagefind/"' in page
    for name in ("发布机构", "公开目录分类", "年份", "有效性"):
        assert f'<select name="{name}" data-gk-filter>' in page
    assert '<script src="../../gongkai/search.js"></script>' in page
    # Not a navigation entry: the box in the header is the way in.
    assert "站内搜索" not in re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', page, re.S).group()


def test_the_filters_offer_what_published_records_hold_in_catalogue_order(site):
    site.good()
    site.good("2023/cgz-00001.md", index_no="cgz/2023-00001", agency="测试县城关镇人民政府", published="2023-03-01")
    draft = dict(index_no="zfb/2025-00001", agency="测试县人民政府办公室", published="2025-02-01", draft=True)
    site.good("2025/zfb-00001.md", **draft)
    assert site.mkdocs("build", "--strict").returncode == 0
    page = site.html("xxgk/sousuo/index.html")

    def choices(name):
        select = re.search(rf'<select name="{name}" data-gk-filter>(.*?)</select>', page).group(1)
        return re.findall(r'<option value="([^"]*)">', select)

    # The taxonomy's order (the draft's agency and year are not offered), newest year first.
    assert choices("发布机构") == ["", "测试县财政局", "测试县城关镇人民政府"]
    assert choices("年份") == ["", "2024", "2023"]
    assert choices("公开目录分类") == ["", "财政信息"]
    assert choices("有效性") == ["", "有效"]


def test_without_search_there_is_no_box_and_no_script(site):
    site.configure(search="off")
    site.good()
    assert site.mkdocs("build", "--strict").returncode == 0
    html = site.html("index.html")
    assert "gk-search" not in html and "search.js" not in html
    assert not (site.root / "site" / "xxgk" / "sousuo").exists()


def test_our_header_is_materials_own_but_for_the_toolbar_and_the_search_box():
    """templates/partials/header.html is a copy of Material's: when Material changes its header, this fails."""
    from importlib import resources

    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text(encoding="utf-8")
    ours = resources.files("gongkai").joinpath("templates/partials/header.html").read_text(encoding="utf-8")
    ours = re.sub(r"\A\{#-.*?-#\}\n", "", ours, flags=re.S)
    theirs = re.sub(r"\A\{#-.*?-#\}\n", "", theirs, flags=re.S)
    added = re.compile(r"^ *\{#- gongkai:.*?\{#- /gongkai -#\}\n", re.S | re.M)
    assert len(added.findall(ours)) == 2
    assert added.sub("", ours) == theirs


def test_the_cores_data_files_are_scanned_as_written_and_the_index_as_its_entries(site, monkeypatch):
    """The core's exports and feeds are scanned as they are handed to MkDocs (on the second core),
    Pagefind's index files as the entries it was given, its own code as written: a draft's title
    put into an export is still found and named at that file's line."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from gongkai.guards import leaks
    from gongkai.plugin import plugin as plugin_module
    from gongkai.publish.outputs import Output

    site.good()
    site.good("2024/d.md", index_no="czj/2024-00009", title="尚未审核的征地补偿草稿", draft=True)
    real = plugin_module.site_outputs

    def with_a_leaky_export(*args, **kwargs):
        return [*real(*args, **kwargs), Output("data/extra.csv", "标题\n尚未审核的征地补偿草稿\n", in_nav=False)]

    monkeypatch.setattr(plugin_module, "site_outputs", with_a_leaky_export)
    config = load_config(config_file=str(site.root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(Abort) as exc:
        build(config)
    message = str(exc.value.__context__)
    assert "site/data/extra.csv:2: 草稿 czj/2024-00009 的标题" in message, message
    assert "尚未审核的征地补偿草稿" not in message
    # What of Pagefind's folder is read back after a build (its code) and what is not (its index).
    made = leaks.made_from_search_entries
    assert made("pagefind/fragment/zh_1.pf_fragment") and made("pagefind/index/zh_0a1b.pf_index")
    assert made("pagefind/part1/filter/zh_2c.pf_filter") and made("pagefind/pagefind.zh_3d.pf_meta")
    assert not made("pagefind/pagefind.js") and not made("pagefind/pagefind-ui.css")
    assert not made("pagefind/gk-parts.json") and not made("xxgk/index/zh.pf_index")


def test_what_is_sent_to_the_index_is_scanned_for_leaks(site, monkeypatch):
    """Were a draft's title ever to reach an index entry, the build would stop and say where."""
    from gongkai.model.settings import Settings
    from gongkai.plugin.plugin import GongkaiPlugin
    from gongkai.portal.catalog import load_catalog
    from gongkai.sitesearch import search

    site.good()
    site.good("2024/d.md", index_no="czj/2024-00009", title="尚未审核的征地补偿草稿", draft=True)
    real = search.entry

    def leaky(record, url, *rest):
        e = real(record, url, *rest)
        extra = "\n尚未审核的征地补偿草稿"
        return search.Entry(e.url, e.content + search.words(extra), e.meta, e.filters, e.plain + extra)

    monkeypatch.setattr(search, "entry", leaky)
    assert load_catalog(site.root, Settings()).drafts  # the draft is there, unpublished
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    config = load_config(config_file=str(site.root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(Abort) as exc:
        build(config)
    assert isinstance(config.plugins["gongkai"], GongkaiPlugin)
    message = str(exc.value.__context__)  # MkDocs aborts with the plugin's error as the cause
    assert "site/pagefind/（xxgk/czj/2024-00001/ 的索引条目）:3: 草稿 czj/2024-00009 的标题" in message
    assert "尚未审核的征地补偿草稿" not in message


def test_a_hand_written_pages_title_is_read_as_mkdocs_reads_it():
    from gongkai.text import handpage

    # MkDocs' fence: spaces after ---, a closing ... (the site map showed the file's name instead).
    assert handpage.split("--- \ntitle: 办事须知\n...\n\n正文。\n", "xuzhi") == ("办事须知", "\n正文。\n")
    assert handpage.split("# 联系我们\n\n电话。\n", "lianxi")[0] == "联系我们"
    assert handpage.split("---\nhide: [toc]\n---\n没有标题。\n", "guanyu") == ("guanyu", "没有标题。\n")
