"""A new portal before its first record: the webmaster's first build (taxonomy written, nothing
published yet, or only drafts and scheduled records) builds, and its search page answers."""

from __future__ import annotations

from conftest import chromium, needs_chromium, served


def test_a_portal_with_nothing_published_builds_and_its_search_answers(site):
    site.good(draft=True)  # only a draft: nothing to publish, nothing to index
    checked = site.gongkai("check")
    assert checked.returncode == 0, checked.stderr
    assert "0 条将发布" in checked.stdout
    built = site.mkdocs("build")
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr and "list index" not in built.stderr
    page = site.html("xxgk/sousuo/index.html")
    assert 'data-records="0"' in page
    assert "测试县财政局关于2024年预算公开的说明" not in (site.root / "site" / "xxgk" / "index.html").read_text("utf-8")


@needs_chromium
def test_the_empty_portals_search_page_says_nothing_is_published(site):
    assert site.mkdocs("build").returncode == 0
    with served(site.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "xxgk/sousuo/?q=预算")
        page.wait_for_function(
            "() => document.querySelector('.gk-results__status').textContent.includes('本站还没有发布信息')"
        )
        assert "搜索出错" not in page.inner_text(".gk-results")
        assert errors == []
