"""Real `mkdocs build` runs on small fixture sites; assertions on the built HTML."""

from __future__ import annotations

import hashlib
import re
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import flat, make_pdf, problem_lines


def soup(site, rel):
    return BeautifulSoup(site.html(rel), "html.parser")


def meta_box(page) -> dict[str, str]:
    table = page.select_one("table.gk-meta")
    cells = table.find_all(["th", "td"])
    return {cells[i].get_text(strip=True): cells[i + 1].get_text(strip=True) for i in range(0, len(cells), 2)}


def build_ok(site, *args):
    result = site.mkdocs("build", *args)
    assert result.returncode == 0, result.stderr
    return result


def test_record_page_has_the_metadata_box(site):
    site.good(
        topic="财政、金融、审计/财政",
        written="2024-01-20",
        doc_no="测财发〔2024〕3号",
        keywords=["预算", "公开"],
        body="## 一、总体情况\n\n全县一般公共预算收入 **12000** 万元。\n",
    )
    build_ok(site, "--strict")
    page = soup(site, "xxgk/czj/2024-00001/index.html")
    assert meta_box(page) == {
        "索引号": "czj/2024-00001",
        "主题分类": "财政、金融、审计\\财政",
        "发布机构": "测试县财政局",
        "成文日期": "2024年01月20日",
        "标题": "测试县财政局关于2024年预算公开的说明",
        "发文字号": "测财发〔2024〕3号",
        "发布日期": "2024年01月26日",
        "有效性": "有效",
        "关键词": "预算、公开",
    }
    assert page.find("h1").get_text() == "测试县财政局关于2024年预算公开的说明"
    assert page.find("strong").get_text() == "12000"
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("全县一般公共预算收入")
    assert page.find("html")["lang"] == "zh-CN"


def test_url_comes_from_index_no_not_file_path(site):
    site.good("somewhere/deep/whatever-name.md")
    build_ok(site)
    assert (site.root / "site/xxgk/czj/2024-00001/index.html").is_file()
    assert not list((site.root / "site").rglob("whatever-name*"))


def test_abolished_banner_links_to_successor_and_back(site):
    site.good("2024/old.md", validity="废止", abolished="2025-03-01", superseded_by="czj/2025-00001")
    site.good("2025/new.md", index_no="czj/2025-00001", published="2025-03-01", title="关于印发《新办法》的通知")
    build_ok(site, "--strict")
    old = soup(site, "xxgk/czj/2024-00001/index.html")
    banner = old.select_one(".admonition.danger")
    assert banner.select_one(".admonition-title").get_text() == "本文件已废止"
    assert "本文件已于2025年03月01日废止，仅供查阅。现行文件：《关于印发〈新办法〉的通知》。" in banner.get_text()
    assert banner.find("a")["href"] == "../2025-00001/"
    new = soup(site, "xxgk/czj/2025-00001/index.html")
    assert new.select_one(".admonition.danger") is None
    assert [a["href"] for a in new.select("h2#_1 ~ ul a, h2 ~ ul a")] == ["../2024-00001/"]
    # The listing marks it too.
    listing = soup(site, "xxgk/category/czxx/ys/index.html").get_text()
    assert "（废止）" in listing


def test_a_record_abolished_from_a_later_day_is_in_force_until_that_day(site):
    # 废止 from 2027: the page, the list and the annual report's 现行有效件数 agree that it is in force.
    site.good("2024/old.md", validity="废止", abolished="2027-01-01", superseded_by="czj/2025-00001")
    site.good("2025/new.md", index_no="czj/2025-00001", published="2025-03-01", title="关于印发《新办法》的通知")
    assert site.gongkai("check", env={"GONGKAI_AS_OF": "2026-12-08"}).returncode == 0
    for day, shown in (("2026-12-31", "有效"), ("2027-01-01", "废止")):
        result = site.mkdocs("build", "--strict", env={"GONGKAI_AS_OF": day})
        assert result.returncode == 0, result.stderr
        old = soup(site, "xxgk/czj/2024-00001/index.html")
        assert meta_box(old)["有效性"] == shown, day
        listing = soup(site, "xxgk/category/czxx/ys/index.html").get_text()
        assert ("（废止）" in listing) == (shown == "废止"), day
        if shown == "有效":
            assert old.select_one(".admonition.danger") is None
            notice = old.select_one(".admonition.warning")
            assert notice.select_one(".admonition-title").get_text() == "本文件将于2027年01月01日废止"
            assert "在此之前仍然有效。届时的现行文件：《关于印发〈新办法〉的通知》。" in notice.get_text()
            assert notice.find("a")["href"] == "../2025-00001/"
        else:
            assert old.select_one(".admonition.warning") is None
            assert old.select_one(".admonition.danger .admonition-title").get_text() == "本文件已废止"


def merged(site):
    """测试县财政局 merged into 测试县财政金融局 on 2025-01-01 (机构改革)."""
    path = site.root / "records" / "taxonomy.yml"
    text = path.read_text(encoding="utf-8").replace(
        "  - {name: 测试县财政局, code: czj, group: 县直部门}\n",
        "  - {name: 测试县财政局, code: czj, group: 县直部门, abolished: 2025-01-01, successor: 测试县财政金融局}\n"
        "  - {name: 测试县财政金融局, code: czjr, group: 县直部门}\n",
    )
    path.write_text(text, encoding="utf-8")


def test_an_agency_that_ended_keeps_its_records_and_their_addresses(site):
    merged(site)
    site.good()  # 测试县财政局's, of 2024: its agency, 索引号 and address stay
    site.good("2025/new.md", index_no="czjr/2025-00001", agency="测试县财政金融局", published="2025-03-01")
    build_ok(site, "--strict")
    assert meta_box(soup(site, "xxgk/czj/2024-00001/index.html"))["发布机构"] == "测试县财政局"
    old = soup(site, "xxgk/agency/czj/index.html")
    assert "本机构已于2025年01月01日撤销，以下是它发布的信息。此后的信息由测试县财政金融局发布。" in old.get_text()
    assert old.find("a", string="测试县财政金融局")["href"] == "../czjr/"
    new = soup(site, "xxgk/agency/czjr/index.html")
    assert "原测试县财政局发布的信息见其页面。" in new.get_text()
    assert new.find("a", string="测试县财政局")["href"] == "../czj/"
    listed = soup(site, "xxgk/agency/index.html").get_text()
    assert "测试县财政局（1，2025年01月01日撤销）" in listed and "测试县财政金融局（1）" in listed
    nav = [a.get_text(strip=True) for a in soup(site, "xxgk/agency/index.html").select("nav a")]
    assert "测试县财政局（已撤销）" in nav and "测试县财政金融局" in nav


def test_an_agency_that_ended_publishes_nothing_from_that_day(site):
    merged(site)
    site.good("2025/late.md", index_no="czj/2025-00001", published="2025-01-01")
    result = site.gongkai("check")
    assert result.returncode == 1
    said = flat(result.stderr)
    assert "records/2025/late.md:4: 错误 agency（发布机构）：发布机构“测试县财政局”已于 2025-01-01 撤销" in said, said
    assert "改法：新建的记录，agency 写成 测试县财政金融局，索引号用它的代码编号；" in said
    assert (
        "已经发布的记录不要改（索引号是它的网址），核对 taxonomy.yml 中这个机构的 abolished"
        "（应晚于本记录的发布日期 2025-01-01）" in said
    )
    assert site.mkdocs("build").returncode == 1


def test_a_category_renamed_leaves_a_page_and_its_feed_at_its_former_address(site):
    # Renaming a slug broke every link and bookmark to the list, and every subscription to its feed.
    path = site.root / "records" / "taxonomy.yml"
    text = path.read_text(encoding="utf-8").replace(
        "  - name: 财政信息\n    slug: czxx\n", "  - name: 财政信息\n    slug: czsj\n    former_slugs: [czxx]\n"
    )
    path.write_text(text.replace("{name: 财政预算, slug: ys}", "{name: 财政预算, slug: yusuan, former_slugs: ys}"))
    site.good()
    build_ok(site, "--strict")
    moved = soup(site, "xxgk/category/czxx/ys/index.html")
    assert "这个栏目的网址已经更改，现在在财政信息 - 财政预算。" in moved.select_one("article").get_text(strip=True)
    assert moved.select_one("article a")["href"] == "../../czsj/yusuan/"
    for old in ("czxx/index.html", "czsj/ys/index.html", "czxx/yusuan/index.html"):
        assert (site.root / "site/xxgk/category" / old).is_file(), old
    feeds = site.root / "site/xxgk/feeds"
    assert (feeds / "czxx.ys.xml").read_bytes() == (feeds / "czsj.yusuan.xml").read_bytes()
    nav = [a["href"] for a in soup(site, "xxgk/index.html").select("nav a")]
    assert not [h for h in nav if "czxx" in h or "/ys/" in h]  # not in the menu
    # A record that links the old address still passes: the address leads somewhere.
    site.good("2024/czj-00002.md", index_no="czj/2024-00002", body="见[旧栏目](/xxgk/category/czxx/ys/)。\n")
    assert site.gongkai("check").returncode == 0
    build_ok(site, "--strict")


def test_a_former_slug_may_not_be_a_slug_in_use(site):
    path = site.root / "records" / "taxonomy.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "{name: 政府采购, slug: zfcg}", "{name: 政府采购, slug: zfcg, former_slugs: [czxx, 采购]}"
        )
    )
    site.good()
    said = flat(site.gongkai("check").stderr)
    assert "records/taxonomy.yml:16: 错误 former_slugs：旧网址片段应是小写英文字母、数字和连字符" in said, said
    path.write_text(path.read_text(encoding="utf-8").replace("former_slugs: [czxx, 采购]", "former_slugs: [czxx]"))
    said = flat(site.gongkai("check").stderr)
    assert "records/taxonomy.yml:16: 错误 former_slugs：旧网址片段 czxx 重复（第 6 行已用）" in said, said
    # Written above the category that uses it now, the former slug is still the one to give way.
    text = path.read_text(encoding="utf-8").replace("former_slugs: [czxx]", "former_slugs: [gg]")
    path.write_text(
        text.replace("  - {name: 政府采购, slug: zfcg,", "  - {name: 公告, slug: gg}\n  - {name: 政府采购, slug: zfcg,")
    )
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    path.write_text("\n".join([*lines[:15], lines[16], lines[15], *lines[17:]]) + "\n", encoding="utf-8")
    said = flat(site.gongkai("check").stderr)
    assert "records/taxonomy.yml:16: 错误 former_slugs：旧网址片段 gg 现在是第 17 行栏目的网址片段" in said, said
    assert "改法：从 former_slugs 删去 gg" in said


def test_policy_and_interpretation_link_both_ways(site):
    site.good(
        "2024/policy.md",
        index_no="zfb/2024-00001",
        agency="测试县人民政府办公室",
        category="政策文件/行政规范性文件",
        doc_type="行政规范性文件",
        title="测试县某某管理办法",
    )
    site.good(
        "2024/jd.md",
        index_no="zfb/2024-00002",
        agency="测试县人民政府办公室",
        category="政策文件/政策解读",
        interprets="zfb/2024-00001",
        title="《测试县某某管理办法》政策解读",
    )
    build_ok(site, "--strict")
    jd = soup(site, "xxgk/zfb/2024-00002/index.html")
    assert jd.select_one(".admonition.info a")["href"] == "../2024-00001/"
    policy = soup(site, "xxgk/zfb/2024-00001/index.html")
    links = {a.get_text(): a["href"] for a in policy.select("article a")}
    assert links["《测试县某某管理办法》政策解读"] == "../2024-00002/"


def test_attachments_are_published_with_size_and_type(site):
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    (files / "budget.pdf").write_bytes(make_pdf("Budget 2024", pad=2500))
    (files / "补偿标准.pdf").write_bytes(make_pdf("Standard"))
    site.good(
        attachments=[
            {"file": "files/budget.pdf", "title": "预算表"},
            {"file": "files/补偿标准.pdf", "title": "补偿标准"},
        ]
    )
    build_ok(site, "--strict")
    page = soup(site, "xxgk/czj/2024-00001/index.html")
    items = [li.get_text() for li in page.select("h2 + ul li")]
    assert items[0] == "预算表（PDF，3 KB）"
    hrefs = [a["href"] for a in page.select("h2 + ul li a")]
    assert hrefs == ["budget.pdf", "attachment-2.pdf"]
    links = page.select("h2 + ul li a")
    assert not links[0].has_attr("download") and links[1]["download"] == "补偿标准.pdf"
    out = site.root / "site/xxgk/czj/2024-00001"
    assert (out / "budget.pdf").read_bytes() == (files / "budget.pdf").read_bytes()
    assert (out / "attachment-2.pdf").is_file()


def test_listings_paginate_newest_first(site):
    for i in range(1, 6):
        site.good(
            f"2024/czj-{i:05d}.md", index_no=f"czj/2024-{i:05d}", published=f"2024-03-{i:02d}", title=f"第{i}号公告"
        )
    site.configure(per_page=2)
    build_ok(site, "--strict")
    first = soup(site, "xxgk/category/czxx/ys/index.html")
    assert [a.get_text() for a in first.select("table a")] == ["第5号公告", "第4号公告"]
    assert "共 5 条，第 1 / 3 页" in first.get_text()
    pager = first.select_one("nav.gk-pager")
    # A number is read out as 第 N 页 (the words are for the ear only, .gk-sr).
    assert {a.get_text(): a["href"] for a in pager.find_all("a")} == {
        "第2页": "page/2/",
        "第3页": "page/3/",
        "下一页": "page/2/",
    }
    assert {span.get_text() for span in pager.select(".gk-sr")} == {"第", "页"}
    assert pager.select_one("[aria-current=page]").get_text() == "第1页"
    assert [th.get_text() for th in first.select(".gk-list th")] == ["标题", "索引号", "发布机构", "发布日期"]
    third = soup(site, "xxgk/category/czxx/ys/page/3/index.html")
    assert [a.get_text() for a in third.select("table a")] == ["第1号公告"]
    assert third.select_one("nav.gk-pager a")["href"] == "../2/"
    # The parent category counts its sub-categories' records.
    assert "共 5 条" in soup(site, "xxgk/category/czxx/index.html").get_text()
    agency = soup(site, "xxgk/agency/czj/index.html")
    assert "共 5 条" in agency.get_text()
    # The agency's own page does not repeat its name in every row.
    assert [th.get_text() for th in agency.select(".gk-list th")] == ["标题", "索引号", "发布日期"]
    assert "共 5 条" in soup(site, "xxgk/year/2024/index.html").get_text()


def test_catalogue_shows_the_tree_with_counts(site):
    site.good()
    site.good("2024/b.md", index_no="cgz/2024-00001", agency="测试县城关镇人民政府", category="政府采购")
    build_ok(site, "--strict")
    text = soup(site, "xxgk/index.html").select_one("article").get_text(" ", strip=True)
    for expected in [
        "财政信息 （1）",
        "财政预算 （1）",
        "财政决算 （0）",
        "政府采购 （1）",
        "县直部门",
        "乡镇",
        "测试县城关镇人民政府 （1）",
        "2024年 （2）",
    ]:
        assert expected.replace(" （", "（") in text.replace(" （", "（"), expected
    agencies = soup(site, "xxgk/agency/index.html").select_one("article")
    assert [h.get_text() for h in agencies.find_all("h2")] == ["县直部门", "乡镇"]
    assert agencies.find("a", string="测试县城关镇人民政府")["href"] == "cgz/"
    years = soup(site, "xxgk/year/index.html").select_one("article")
    assert [a["href"] for a in years.find_all("a")] == ["2024/"]


def test_record_page_says_where_it_sits_in_the_catalogue(site):
    site.good()
    build_ok(site, "--strict")
    crumbs = soup(site, "xxgk/czj/2024-00001/index.html").select_one("nav.gk-crumbs")
    assert [(a.get_text(), a["href"]) for a in crumbs.find_all("a")] == [
        ("信息公开目录", "../../"),
        ("财政信息", "../../category/czxx/"),
        ("财政预算", "../../category/czxx/ys/"),
    ]


def test_navigation_lists_sections_never_records(site):
    for i in range(1, 4):
        site.good(f"2024/{i}.md", index_no=f"czj/2024-{i:05d}", title=f"记录{i}")
    (site.root / "docs" / "guide.md").write_text("# 公开指南\n", encoding="utf-8")
    (site.root / "docs" / "about").mkdir()
    (site.root / "docs" / "about" / "contact.md").write_text("# 联系我们\n", encoding="utf-8")
    build_ok(site, "--strict")
    # Index pages carry the whole tree, a record's page the top sections (see test_sample.py).
    for path in ("xxgk/index.html", "xxgk/czj/2024-00001/index.html"):
        page = soup(site, path)
        # Hand-written pages follow the catalogue, folders as sections.
        top = [
            li.find(["a", "label"], recursive=False).get_text(" ", strip=True)
            for li in page.select("nav.md-nav--primary > ul > li")
        ]
        assert top == ["首页", "信息公开目录", "统计", "About", "公开指南"], path  # 年报 only once a report exists
        nav_links = [a["href"] for a in page.select("nav.md-nav a[href]")]
        assert nav_links, "the page has a navigation"
        assert not [h for h in nav_links if "2024-0000" in h]
    page = soup(site, "xxgk/czj/2024-00001/index.html")
    compact = [a.get_text(strip=True) for a in page.select("nav.md-nav--primary a")]
    assert compact == ["首页", "信息公开目录", "财政信息", "财政预算", "统计", "About", "公开指南"]
    page = soup(site, "xxgk/index.html")
    titles = [a.get_text(strip=True) for a in page.select("nav.md-nav--primary a")]
    assert "政府信息公开目录" in titles and "财政信息" in titles and "测试县城关镇人民政府" in titles
    # Sections without a page of their own would show their first child's page instead.
    section = {a.get_text(strip=True): a["href"] for a in page.select("nav.md-nav--primary a")}
    assert section["按发布机构"] == "agency/" and section["按年份"] == "year/"


def test_drafts_never_reach_the_site(site):
    site.good()
    site.good("2024/draft.md", index_no="czj/2024-00002", title="尚未审核的草稿标题", draft=True)
    build_ok(site)
    for path in (site.root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "尚未审核的草稿标题" not in text, path
            assert "czj/2024-00002" not in text, path


def test_bad_input_fails_the_build_without_traceback_and_keeps_old_site(site):
    site.good()
    build_ok(site)
    index = site.root / "site" / "index.html"
    before = index.read_bytes()
    site.good("2024/b.md", published="2024-02-30", agency="不存在的局")
    for args in ((), ("--strict",)):
        result = site.mkdocs("build", *args)
        assert result.returncode == 1
        assert "records/2024/b.md:6: 错误 published（发布日期）：日期 2024-02-30 不存在" in flat(result.stderr)
        assert "“不存在的局”不在分类体系的发布机构中" in result.stderr
        assert "Traceback" not in result.stderr
        assert index.read_bytes() == before


def test_same_input_gives_byte_identical_site(site):
    for i in range(1, 4):
        site.good(f"2024/{i}.md", index_no=f"czj/2024-{i:05d}", published=f"2024-0{i}-10", title=f"记录{i}")

    def digest(hash_seed: str):  # each build a new interpreter with a hash seed of its own
        result = site.mkdocs("build", env={"PYTHONHASHSEED": hash_seed})
        assert result.returncode == 0, result.stderr
        out = site.root / "site"
        return {
            p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }

    first = digest("1")
    # Touching files and building later must not change a byte.
    for path in (site.root / "records").rglob("*.md"):
        path.touch()
    assert digest("2") == first
    assert "2024-03-10" in site.html("sitemap.xml")


def test_home_page_is_generated_when_absent_and_filled_when_present(site):
    site.good()
    build_ok(site, "--strict")
    home = soup(site, "index.html")
    assert home.find("a", string="测试县财政局关于2024年预算公开的说明")["href"] == "xxgk/czj/2024-00001/"
    (site.root / "docs" / "index.md").write_text(
        "# 欢迎\n\n自定义介绍。\n\n<!-- gongkai:latest -->\n\n<!-- gongkai:catalogue -->\n", encoding="utf-8"
    )
    build_ok(site, "--strict")
    home = soup(site, "index.html")
    assert "自定义介绍" in home.get_text()
    assert home.find("a", string="测试县财政局关于2024年预算公开的说明")["href"] == "xxgk/czj/2024-00001/"
    assert home.find("a", string="查看完整的政府信息公开目录")["href"] == "xxgk/"


def test_hand_written_page_clashing_with_generated_one_is_explained(site):
    site.good()
    (site.root / "docs" / "xxgk").mkdir()
    (site.root / "docs" / "xxgk" / "index.md").write_text("# x\n", encoding="utf-8")
    result = site.mkdocs("build")
    assert result.returncode == 1
    assert "docs 目录中的 xxgk/index.md 与生成的页面同名" in result.stderr


def test_body_links_to_local_files_and_records_follow_them_to_the_site(site):
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    (files / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    (files / "budget.pdf").write_bytes(make_pdf("Budget"))
    site.good("2023/old.md", index_no="czj/2023-00001", published="2023-01-20", title="上年预算")
    site.good(
        attachments=[{"file": "files/budget.pdf", "title": "预算表"}],
        body=(
            "见下图：\n\n![位置图](files/map.png)\n\n详见[预算表](files/budget.pdf)和"
            "[上年说明](../2023/old.md)。\n\n!!! note\n    另见[上年](<../2023/old.md#top>)。\n\n"
            "```\n[示例](files/none.pdf)\n```\n"
        ),
    )
    build_ok(site, "--strict")
    page = soup(site, "xxgk/czj/2024-00001/index.html").select_one("article")
    img = page.find("img", alt="位置图")
    assert img["src"] == "map.png"
    assert (site.root / "site/xxgk/czj/2024-00001/map.png").read_bytes() == (files / "map.png").read_bytes()
    assert page.find("a", string="预算表")["href"] == "budget.pdf"
    assert page.find("a", string="上年说明")["href"] == "../2023-00001/"
    assert page.find("a", string="上年")["href"] == "../2023-00001/#top"
    assert "[示例](files/none.pdf)" in page.find("code").get_text()


def test_a_picture_or_file_on_the_clerks_own_computer_is_refused_by_check_and_build(site):
    # Pasted from Word or WPS, or typed from the file's properties: the check passed them (a drive
    # letter reads as an address's scheme) and the page showed an empty image.
    body = (
        "图一：\n\n![](C:\\Users\\zhangsan\\Desktop\\三公经费图表.png)\n\n![图](C:/Users/zhangsan/图表.png)\n\n"
        '<img src="file:///C:/Users/a/AppData/Local/Temp/ksohtml/wps1.png">\n\n[原件](\\\\server\\共享\\原件.pdf)\n'
    )
    path = site.good(body=body)
    lines = path.read_text(encoding="utf-8").split("\n")
    at = [n for n, text in enumerate(lines, 1) if "C:" in text or "server" in text]
    for done in (site.gongkai("check"), site.mkdocs("build")):
        said = flat(done.stderr)
        assert done.returncode == 1 and not (site.root / "site").exists()
        assert (
            f"records/2024/czj-00001.md:{at[0]}: 错误 正文中的 C:\\Users\\zhangsan\\Desktop\\三公经费图表.png "
            "是你电脑上的文件，网站上打不开（读者看到的是空白）。改法：把这个文件复制到本记录旁的 files/ 文件夹，"
            "再写成 files/三公经费图表.png，如 ![说明](files/三公经费图表.png)。"
        ) in said
        assert f"{at[1]}: 错误 正文中的 C:/Users/zhangsan/图表.png 是你电脑上的文件" in said
        assert f"{at[2]}: 错误 正文中的 file:///C:/Users/a/AppData/Local/Temp/ksohtml/wps1.png 是你电脑上的文件" in said
        assert f"{at[3]}: 错误 正文中的 \\\\server\\共享\\原件.pdf 是你电脑上的文件" in said


def test_bad_body_links_are_reported_with_their_line(site):
    (site.root / "records" / "README.md").write_text("说明\n", encoding="utf-8")
    site.good("2024/draft.md", index_no="czj/2024-00009", draft=True)
    body = "第一段。\n\n![图](files/mapp.png)\n\n[说明](../README.md)\n\n[草稿](draft.md)\n\n[外](../../mkdocs.yml)\n"
    site.good(body=body)
    err = flat(site.gongkai("check").stderr)
    assert "records/2024/czj-00001.md:10: 错误 正文中的链接 files/mapp.png 指向的文件不存在。" in err
    assert "records/2024/czj-00001.md:12: 错误 正文中的链接 ../README.md 不是一条记录" in err
    assert "records/2024/czj-00001.md:16: 错误 正文中的链接 ../../mkdocs.yml 指到了 records 目录之外。" in err
    assert len(err.splitlines()) == 3
    # With those fixed, the link to a draft is the one left.
    site.good(body="第一段。\n\n[草稿](draft.md)\n")
    result = site.gongkai("check")
    assert result.returncode == 1
    said = flat(result.stderr)
    assert "records/2024/czj-00001.md:10: 错误 正文链接的 draft.md 是草稿，不发布：本文件上的这个链接会打不开。" in said


def test_titles_and_summaries_are_text_never_markup(site):
    # Tags and character references are refused at load (tests/test_hostile_text.py); what is left
    # of markup-like text is shown as typed.
    title = '关于*重要*事项|第二 1<2 [x](y) 引号"测试 &c 的通知'
    site.good(title=f"'{title}'", summary="'x\" onmouseover=\"alert(4)'")
    site.good(
        "2024/b.md",
        index_no="czj/2024-00002",
        title="普通标题",
        body='根据"放管服"改革要求，A&B 公司 ‹申请> 已受理。\n',
    )
    build_ok(site, "--strict")
    page = soup(site, "xxgk/czj/2024-00001/index.html")
    assert not [s for s in page.find_all("script") if "alert" in s.get_text()]
    assert page.title.get_text() == f"{title} - 测试县政府信息公开"
    assert page.find("meta", attrs={"name": "description"})["content"] == 'x" onmouseover="alert(4)'
    assert not page.find(attrs={"onmouseover": True})
    assert page.select_one("article h1").get_text() == title
    assert page.select_one(".md-header__topic:last-child").get_text(strip=True) == title
    other = soup(site, "xxgk/czj/2024-00002/index.html")
    assert (
        other.find("meta", attrs={"name": "description"})["content"] == '根据"放管服"改革要求，A&B 公司 ‹申请> 已受理。'
    )
    listing = soup(site, "xxgk/category/czxx/ys/index.html")
    assert listing.find("a", string=title) is not None


def test_a_summary_taken_from_the_body_reads_as_the_page_shows_it(site):
    """Without its own 内容概述 a record's first paragraph is its description, in its page's head and
    its feed entry: as the paragraph reads on the page, not as its Markdown is written."""
    body = (
        "**公务接待费**5.12万元，第\\*1\\*条，A &amp; B，H<sub>2</sub>O<!-- 待核实 -->[^1]。\n\n"
        "第二段。\n\n[^1]: 注释。\n"
    )
    site.good(body=body)
    # Markdown in HTML in Markdown, a footnote between digits (the page shows 分机13912¹34, no number
    # a guard refuses, with the mark or without it: check passes, and so must the build's leak scan of
    # the feed; 139123[^1]45678 is a mobile number a reader reads past the mark, refused by
    # tests/test_check_agrees.py). (A control character in a body is refused: tests/test_hostile_pii.py.)
    site.good(
        "2024/b.md",
        index_no="czj/2024-00002",
        published="2024-01-25",
        body='说明<div markdown="1"><div>内容</div></div>分机13912[^1]34。\n\n[^1]: 注。\n',
    )
    assert site.gongkai("check").returncode == 0
    build_ok(site, "--strict")
    shown = "公务接待费5.12万元，第*1*条，A & B，H2O¹。"
    page = soup(site, "xxgk/czj/2024-00001/index.html")
    assert page.find("meta", attrs={"name": "description"})["content"] == shown
    assert page.select_one("article p:has(sub)").get_text() == shown.replace("¹", "1")  # a <sup> there
    feed = site.html("xxgk/feeds/all.xml")
    entries = ElementTree.fromstring(feed).findall("{http://www.w3.org/2005/Atom}entry")  # well-formed XML
    summaries = [e.findtext("{http://www.w3.org/2005/Atom}summary") for e in entries]
    assert summaries == [shown, "说明 内容 分机13912¹34。"]


def test_a_summary_taken_from_the_body_skips_the_documents_addressees(site):
    # A 公文 written by hand opens with its 主送机关: 各镇人民政府，县直各部门： was its description
    # in search results, feeds and <meta>. (gongkai import leaves that line out already.)
    site.good(body="各镇人民政府、乡人民政府，县直各部门：\n\n为做好农村危房改造，现将办法印发给你们。\n")
    site.good("2024/b.md", index_no="czj/2024-00002", published="2024-01-25", body="县直有关单位：\n")
    site.good(
        "2024/d.md",
        index_no="czj/2024-00004",
        published="2024-01-23",
        body="各位代表：\n\n现在，我代表县人民政府作报告。\n",
    )
    # An opening sentence ending in a colon says what the document is: kept (a table follows).
    opening = "经研究，拟确定张三等5人为先进个人，现予公示：\n\n| 姓名 | 单位 |\n| --- | --- |\n| 张三 | 财政局 |\n"
    site.good("2024/c.md", index_no="czj/2024-00003", published="2024-01-24", body=opening)
    build_ok(site, "--strict")
    described = [
        soup(site, f"xxgk/czj/2024-0000{n}/index.html").find("meta", attrs={"name": "description"})["content"]
        for n in (1, 2, 3, 4)
    ]
    assert described == [
        "为做好农村危房改造，现将办法印发给你们。",
        "县直有关单位：",  # the only paragraph stays
        "经研究，拟确定张三等5人为先进个人，现予公示：",
        "现在，我代表县人民政府作报告。",
    ]


UNSAFE_BODY = """\
第一段。

<script>alert(1)</script>
<p onclick="steal()">点我</p>
<a href="javascript:alert(2)">链接</a> <img src="data:image/png;base64,AAAA" alt="图">
<iframe src="https://example.com/"></iframe>
<form action="/x"><input name="q"></form>
<span style="position:fixed">样式</span>
[属性](https://example.com/){: onmouseover="alert(3)" }

<table><tr><td rowspan="2" colspan="2">合并</td></tr></table>

H<sub>2</sub>O，x<sup>2</sup>，换行<br>之后。
"""


def test_raw_html_in_a_body_is_sanitised_and_each_removal_is_a_warning(site):
    site.good(body=UNSAFE_BODY)
    check = site.gongkai("check")
    assert check.returncode == 0, check.stderr  # warnings do not block
    warnings = problem_lines(check.stderr)
    for line, text in [
        (10, "<script> 标签会被删除连同其中的内容"),
        (11, "<p> 标签的 onclick 事件会被删除"),
        (12, "<a> 标签的 javascript: 链接会被删除"),
        (12, "<img> 标签的 data: 链接会被删除"),
        (13, "<iframe> 标签会被删除"),
        (14, "<form> 标签会被删除"),
        (14, "<input> 标签会被删除"),
        (15, "<span> 标签的 style 样式会被删除"),
        (16, "属性列表 {: } 中的 onmouseover 事件会被删除"),
    ]:
        assert any(w.startswith(f"records/2024/czj-00001.md:{line}: 警告 正文") and text in w for w in warnings), text
    assert "<table>" not in check.stderr and "<sub>" not in check.stderr and "<br>" not in check.stderr
    build_ok(site)
    html = site.html("xxgk/czj/2024-00001/index.html")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert "alert" not in str(article) and "steal" not in str(article)
    assert not article.find(["script", "iframe", "form", "input"])
    assert not [el for el in article.find_all(True) if any(a.startswith("on") or a == "style" for a in el.attrs)]
    assert article.find("a", string="链接").get("href") is None
    assert article.find("img", alt="图").get("src") is None
    cell = article.find("td", string="合并")
    assert cell["rowspan"] == "2" and cell["colspan"] == "2"
    assert article.find("sub").get_text() == "2" and article.find("sup").get_text() == "2" and article.find("br")
    assert article.find("a", string="属性")["href"] == "https://example.com/"


def site_digest(site) -> dict[str, str]:
    out = site.root / "site"
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()
    }


def test_leak_scan_fails_the_build_and_the_previous_site_stays(site):
    site.configure(private_keys=["handler"])
    site.good(handler="经办人王小明")
    site.good("2024/draft.md", index_no="czj/2024-00002", title="尚未定稿的征地补偿方案", draft=True)
    build_ok(site, "--strict")
    before = site_digest(site)
    # A hand-written page is read before the build as check reads it: each secret at the page's line.
    (site.root / "docs" / "notice.md").write_text(
        "# 通知\n\n即将发布《尚未定稿的征地补偿方案》（czj/2024-00002），联系经办人王小明。\n", encoding="utf-8"
    )
    for result in (site.mkdocs("build"), site.gongkai("check")):
        assert result.returncode == 1
        err = flat(result.stderr)
        assert "docs/notice.md:3: 错误 页面中写了草稿 czj/2024-00002 的索引号" in err
        assert "docs/notice.md:3: 错误 页面中写了草稿 czj/2024-00002 的标题" in err
        assert "docs/notice.md:3: 错误 页面中写了记录 2024/czj-00001.md 的内部字段 handler 的值" in err
        assert "王小明" not in err  # the report does not print what it hides
    # A theme template is not read before the build: the scan of the output names the built page.
    (site.root / "docs" / "notice.md").unlink()
    overrides = site.root / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}经办人王小明{% endblock %}\n', encoding="utf-8"
    )
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    config.write_text(text, encoding="utf-8")
    result = site.mkdocs("build")
    assert result.returncode == 1
    assert "不应公开的内容，网站未发布" in result.stderr and "王小明" not in result.stderr
    assert re.search(r"site/index.html:\d+: 记录 2024/czj-00001.md 的内部字段 handler 的值", result.stderr)
    assert site_digest(site) == before
    assert not (site.root / "site.building").exists()


def test_a_build_aborted_by_strict_warnings_keeps_the_previous_site(site):
    site.good()
    build_ok(site, "--strict")
    before = site_digest(site)
    # A warning only MkDocs gives, once the pages are made (a missing page is an error of the check).
    (site.root / "docs" / "bad-link.md").write_text("# 页面\n\n[不存在](index.md#nowhere)\n", encoding="utf-8")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "validation:\n  anchors: warn\n", encoding="utf-8")
    result = site.mkdocs("build", "--strict")
    assert result.returncode == 1 and "#nowhere" in result.stderr
    assert site_digest(site) == before
    assert not (site.root / "site.building").exists()
    build_ok(site)  # without --strict the warning does not block, and the new site replaces the old one
    assert (site.root / "site" / "bad-link" / "index.html").is_file()


def test_a_build_while_another_builds_the_same_site_stops_and_keeps_the_site(site):
    """The other build holds .site.lock: this one says so and touches nothing, without a traceback."""
    import os

    fcntl = pytest.importorskip("fcntl")

    site.good()
    build_ok(site)
    before = site_digest(site)
    fd = os.open(site.root / ".site.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as the other build does
        result = site.mkdocs("build")
    finally:
        os.close(fd)
    assert result.returncode == 1, result.stderr
    assert "网站未生成：另一次生成正在生成" in result.stderr and "改法：等那一次结束后再运行。" in result.stderr
    assert "Traceback" not in result.stderr
    assert site_digest(site) == before
    assert not (site.root / "site.building").exists()
    build_ok(site)


def test_ledger_cases_never_reach_the_site(site):
    requests = site.root / "records" / "requests"
    requests.mkdir()
    (requests / "2024.yml").write_text(
        "- id: YSQ-2024-001\n  agency: 测试县财政局\n  received: 2024-03-01\n  applicant: 自然人\n"
        "  replied: 2024-03-20\n  outcome: 予以公开\n  note: 申请人要求邮寄纸质件\n",
        encoding="utf-8",
    )
    site.good()
    build_ok(site, "--strict")  # counts may be published; the case itself is not anywhere
    before = site_digest(site)
    (site.root / "docs" / "reply.md").write_text(
        "# 答复\n\n关于 YSQ-2024-001 号申请：申请人要求邮寄纸质件。\n", encoding="utf-8"
    )
    for result in (site.mkdocs("build"), site.gongkai("check")):  # the page, at its line, in both
        assert result.returncode == 1
        err = flat(result.stderr)
        assert "docs/reply.md:3: 错误 页面中写了依申请公开台账 records/requests/2024.yml 第 1 行案件的 id" in err
        assert "docs/reply.md:3: 错误 页面中写了依申请公开台账 records/requests/2024.yml 第 1 行案件的 note" in err
        assert "YSQ-2024-001" not in result.stderr and "邮寄纸质件" not in result.stderr
    assert site_digest(site) == before
    # A longer code that merely contains the case number is not the case.
    (site.root / "docs" / "reply.md").write_text("# 答复\n\n编号 YSQ-2024-0015 另案处理。\n", encoding="utf-8")
    build_ok(site)
