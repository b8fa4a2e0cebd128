"""定时发布: a record dated later than the day of the build is checked, kept out of the site until
that day (China Standard Time), listed by `gongkai check`, and shown marked by `mkdocs serve`."""

from __future__ import annotations

import datetime as dt

from gongkai.model.settings import Settings
from gongkai.portal.catalog import load_catalog
from gongkai.publish.pages import PageBuilder
from gongkai.text import asof

TITLE = "测试县财政局关于2026年县级预算调整的公告"


def scheduled_site(site):
    site.good()
    site.good("2026/czj-00007.md", index_no="czj/2026-00007", title=TITLE, published="2026-12-05")


def site_text(site) -> str:
    """Every text file of the built site, the search bundle's words included."""
    from gongkai.guards import leaks

    return "\n".join(text for _, _, text in leaks.site_texts(site.root / "site"))


def test_a_record_is_absent_before_its_day_and_present_on_it(site):
    scheduled_site(site)
    assert site.mkdocs("build", "--strict", env={asof.ENV: "2026-12-04"}).returncode == 0
    assert not (site.root / "site" / "xxgk" / "czj" / "2026-00007").exists()
    text = site_text(site)
    assert TITLE not in text and "czj/2026-00007" not in text  # pages, search index, everything
    assert "本站共主动公开政府信息 1 条" in site.html("xxgk/index.html")

    assert site.mkdocs("build", "--strict", env={asof.ENV: "2026-12-05"}).returncode == 0
    assert TITLE in site.html("xxgk/czj/2026-00007/index.html")
    assert "本站共主动公开政府信息 2 条" in site.html("xxgk/index.html")
    assert "未发布" not in site.html("xxgk/czj/2026-00007/index.html")


def test_the_day_is_beijings(monkeypatch):
    # 2026-12-04 16:30 UTC is already 12-05 00:30 in Beijing: the record of the 5th is due.
    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2026, 12, 4, 16, 30, tzinfo=dt.timezone.utc).astimezone(tz)

    monkeypatch.setattr(asof.dt, "datetime", Clock)
    monkeypatch.delenv(asof.ENV, raising=False)
    assert asof.as_of_from_env() == dt.date(2026, 12, 5)


def test_check_lists_what_is_scheduled_and_takes_as_of(site):
    scheduled_site(site)
    out = site.gongkai("check", "--as-of", "2026-12-01")
    assert out.returncode == 0, out.stderr
    assert "检查通过：1 条将发布，1 条定时发布" in out.stdout
    assert "定时发布：2026-12-05 czj/2026-00007 records/2026/czj-00007.md" in out.stdout
    out = site.gongkai("check", "--as-of", "2026-12-05")
    assert "检查通过：2 条将发布" in out.stdout and "定时发布：" not in out.stdout


def test_a_scheduled_record_is_still_checked(site):
    site.good()
    site.good("2026/czj-00007.md", index_no="czj/2026-00007", title=TITLE, published="2026-12-05", agency="无此机构")
    out = site.gongkai("check", "--as-of", "2026-12-01")
    assert out.returncode == 1 and "2026/czj-00007.md" in out.stderr and "无此机构" in out.stderr


def test_a_published_record_cannot_point_at_one_still_scheduled(site):
    scheduled_site(site)
    old = dict(index_no="czj/2024-00002", title="测试县财政局关于旧办法的说明", validity="失效", abolished="2024-12-31")
    site.good("2024/czj-00002.md", superseded_by="czj/2026-00007", **old)
    out = site.gongkai("check", "--as-of", "2026-12-01")
    assert out.returncode == 1
    assert "2024/czj-00002.md" in out.stderr and "定于 2026-12-05 发布，在那之前链接会失效" in out.stderr
    assert site.gongkai("check", "--as-of", "2026-12-05").returncode == 0


def test_serve_shows_a_scheduled_record_marked(site):
    scheduled_site(site)
    settings = Settings()
    catalog = load_catalog(site.root, settings, as_of=dt.date(2026, 12, 1), show_scheduled=True)
    record = catalog.by_index_no["czj/2026-00007"]
    page = PageBuilder(catalog).record(record)
    assert '!!! warning "未发布"' in page.markdown and "本文定于 2026-12-05 发布" in page.markdown
    # A build (not serve) of the same day keeps it out, and its title and 索引号 are secrets there.
    built = load_catalog(site.root, settings, as_of=dt.date(2026, 12, 1))
    assert "czj/2026-00007" not in built.by_index_no
    assert {s.text for s in built.secrets()} >= {TITLE, "czj/2026-00007"}


def test_a_bad_day_in_the_environment_is_said_plainly(site):
    site.good()
    out = site.mkdocs("build", env={asof.ENV: "12/05/2026"})
    assert out.returncode == 1
    assert "GONGKAI_AS_OF=“12/05/2026”不是 YYYY-MM-DD 格式的日期" in out.stdout + out.stderr
    assert not (site.root / "site").exists()


def test_an_annual_report_is_absent_before_its_day_and_present_on_it(site):
    # A 年报 dated 2025-01-20 (test_annual.REPORT) was on the portal, and in the data for adding
    # up, from the day it was committed.
    from test_annual import write_year

    write_year(site)
    checked = site.gongkai("check", "--as-of", "2025-01-19")
    assert checked.returncode == 0, checked.stderr
    assert "定时发布：2025-01-20 年报《测试县人民政府2024年政府信息公开工作年度报告》 records/reports/2024.md" in (
        checked.stdout
    )
    built = site.mkdocs("build", "--strict", env={asof.ENV: "2025-01-19"})
    assert built.returncode == 0, built.stderr
    assert "定时发布：年报《测试县人民政府2024年政府信息公开工作年度报告》定于 2025-01-20 发布" in built.stderr
    assert not (site.root / "site" / "xxgk" / "nianbao" / "2024").exists()
    assert not (site.root / "site" / "data" / "annual" / "2024.json").exists()
    assert "2024年政府信息公开工作年度报告" not in site_text(site)
    assert site.mkdocs("build", "--strict", env={asof.ENV: "2025-01-20"}).returncode == 0
    assert "本报告由测试县人民政府办公室编制" in site.html("xxgk/nianbao/2024/index.html")
    assert (site.root / "site" / "data" / "annual" / "2024.json").is_file()


def test_a_link_to_a_report_before_its_day_is_refused(site):
    from test_annual import write_year

    write_year(site)
    link = "见[年报](/xxgk/nianbao/2024/)。\n"
    site.good("2025/czj-00001.md", index_no="czj/2025-00001", published="2025-01-06", body=link)
    before = site.gongkai("check", "--as-of", "2025-01-19")
    assert before.returncode == 1 and "链接 /xxgk/nianbao/2024/ 指向的页面或文件本站没有" in before.stderr
    assert site.gongkai("check", "--as-of", "2025-01-20").returncode == 0
