"""Government-site compliance on the built sample: the footer (底部功能区), the page <meta> tags,
the 网站地图 and a Chinese 404 page; and the footer settings checked with messages in Chinese."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT


@pytest.fixture
def sample(sample_site):
    return sample_site


def soup(site, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def test_every_page_has_the_footer_with_its_links_and_the_site_map(sample):
    for rel in ("index.html", "xxgk/czj/2024-00003/index.html", "xxgk/tongji/index.html", "404.html"):
        footer = soup(sample, rel).select_one(".md-copyright")
        text = footer.get_text(" ", strip=True)
        for part in ("主办单位：澄岭县人民政府办公室", "承办单位：", "地址：", "联系电话：", "网站标识码：0000000000"):
            assert part in text, (rel, part)
        links = {a.get_text(strip=True): a["href"] for a in footer.find_all("a")}
        assert links["某ICP备00000000号（示例）"] == "https://beian.miit.gov.cn/"
        assert links["某公网安备00000000000000号（示例）"].endswith("registerSystemInfo?recordcode=00000000000000")
        assert "网站地图" in links
    page = soup(sample, "xxgk/czj/2024-00003/index.html")
    href = next(a["href"] for a in page.select(".md-copyright a") if a.get_text() == "网站地图")
    assert (sample / "xxgk/czj/2024-00003" / href / "index.html").resolve() == (sample / "xxgk/wzdt/index.html")


def test_a_record_page_carries_the_government_meta_tags(sample):
    page = soup(sample, "xxgk/czj/2024-00003/index.html")
    meta = {m["name"]: m["content"] for m in page.find_all("meta", attrs={"name": True})}
    assert meta["SiteName"] == "澄岭县人民政府信息公开"
    assert meta["SiteDomain"] == "xxgk.example.gov.cn"
    assert meta["SiteIDCode"] == "0000000000"
    assert meta["ArticleTitle"] == page.select_one("article h1").get_text(strip=True)
    assert meta["PubDate"] == "2024-05-30"
    assert meta["ContentSource"] == "澄岭县财政局"
    assert meta["ColumnName"] == "行政规范性文件"
    assert meta["Keywords"] == "专项资金,资金管理,绩效评价"
    assert meta["Description"].startswith("规范县级财政专项资金")
    # Other pages carry the site's tags only.
    home = {m["name"] for m in soup(sample, "index.html").find_all("meta", attrs={"name": True})}
    assert {"SiteName", "SiteDomain", "SiteIDCode"} <= home and "ArticleTitle" not in home


def test_the_site_map_lists_every_section_but_no_record(sample):
    page = soup(sample, "xxgk/wzdt/index.html")
    links = [a.get_text(strip=True) for a in page.select("article a")]
    sections = ("首页", "政府信息公开目录", "统计", "政府信息公开工作年度报告", "站内搜索", "数据下载")
    # The hand-written pages too, the 申请表 (in no menu) included: a citizen looking for how to apply.
    hand = ("政府信息公开指南", "政府信息公开申请表")
    for name in (*sections, *hand, "财政预算", "澄岭县财政局", "2024年"):
        assert any(name in link for link in links), name
    hrefs = [a["href"] for a in page.select("article a")]
    assert not [h for h in hrefs if re.search(r"\d{4}-\d{5}/$", h)]  # sections, never single records
    for href in hrefs:
        assert (sample / "xxgk/wzdt" / href.split("#")[0] / "index.html").is_file(), href


def test_the_404_page_is_chinese(sample):
    page = soup(sample, "404.html")
    assert page.select_one("article h1").get_text(strip=True) == "页面不存在"
    assert "Not found" not in page.get_text()
    assert "政府信息的网址是 /xxgk/ 后接信息的索引号" in page.get_text()


@pytest.mark.parametrize(
    ("site_url", "said"),
    [("https://xxgk.example.gov.cn/", "/xxgk/"), ("https://www.example.gov.cn/xxgk/", "/xxgk/xxgk/"), (None, "/xxgk/")],
)
def test_the_404_page_says_where_records_are_below_the_sites_folder(site_url, said):
    # Served under /xxgk/, the page said records were at /xxgk/<索引号>/: they are at /xxgk/xxgk/….
    from gongkai.model.urls import Urls
    from gongkai.publish.outputs import theme_facts

    assert theme_facts(Urls("xxgk"), {}, site_url)["records_path"] == said
    template = (ROOT / "docs/overrides/404.html").read_text(encoding="utf-8")
    assert "{{ gk.records_path" in template


@pytest.mark.parametrize(
    "footer, field, fix",
    [
        ({"police": "某公网安备123号"}, "extra.footer.police", "京公网安备11010202008000号"),
        ({"sponsr": "某办"}, "extra.footer.sponsr", "sponsor（主办单位）"),
        ({"conac_logo": "images/conac.png"}, "extra.footer.conac_logo", "docs/images/conac.png"),
        ({"conac_logo": "https://dcs.conac.cn/image/blue.png"}, "extra.footer.conac_logo", "不能引用外网图片"),
        ({"conac_link": "bszs.conac.cn/sitename"}, "extra.footer.conac_link", "https://"),
    ],
)
def test_a_bad_footer_setting_names_the_key_and_the_fix(site, footer, field, fix):
    site.good()
    extra = "extra:\n  footer:\n" + "".join(f"    {k}: {v}\n" for k, v in footer.items())
    (site.root / "mkdocs.yml").write_text((site.root / "mkdocs.yml").read_text(encoding="utf-8") + extra, "utf-8")
    out = site.mkdocs("build")
    assert out.returncode == 1
    said = out.stdout + out.stderr
    assert "mkdocs.yml" in said and field in said and fix in said
    assert not (site.root / "site").exists()


def test_an_unusual_site_code_is_a_warning_only(site):
    site.good()
    extra = 'extra:\n  footer:\n    site_code: "12345"\n'
    (site.root / "mkdocs.yml").write_text((site.root / "mkdocs.yml").read_text(encoding="utf-8") + extra, "utf-8")
    out = site.mkdocs("build")
    assert out.returncode == 0 and "网站标识码“12345”不像全国政府网站的标识码" in out.stdout + out.stderr


def test_a_footer_warning_is_said_once_when_the_footer_also_stops_the_build(site):
    site.good()
    extra = 'extra:\n  footer:\n    site_code: "12345"\n    conac_logo: missing.png\n'
    (site.root / "mkdocs.yml").write_text((site.root / "mkdocs.yml").read_text(encoding="utf-8") + extra, "utf-8")
    out = site.mkdocs("build")
    said = out.stdout + out.stderr
    assert out.returncode == 1 and "conac_logo" in said
    assert said.count("网站标识码“12345”不像全国政府网站的标识码") == 1, said


def test_the_sitemap_lists_every_published_record_with_its_date(sample):
    from test_sample import sample_records

    xml = (sample / "sitemap.xml").read_text(encoding="utf-8")
    entries = dict(re.findall(r"<loc>https://xxgk\.example\.gov\.cn/(\S+?)</loc>\s*<lastmod>([\d-]+)</lastmod>", xml))
    for _, front, _ in sample_records():
        url = f"xxgk/{front['index_no']}/"
        if front.get("draft"):
            assert url not in entries
        else:
            assert entries[url] >= str(front["published"]), url
