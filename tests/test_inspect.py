"""gongkai inspect: the national inspection's veto items, tried on either side of every threshold."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import ourcommands
from conftest import BIN, command_env, flat
from gongkai.clerk import inspection
from gongkai.model import periods
from gongkai.model.periods import Period
from gongkai.portal.catalog import load_catalog
from gongkai.siteconfig import read_mkdocs_settings

DAY = dt.date(2025, 9, 15)


def taxonomy(site, *columns: str | None, home: str | None = None) -> None:
    """A taxonomy of one agency and one column per entry (栏目0, 栏目1 …), each with that update_within."""
    lines = ["agencies:", "  - {name: 测试县财政局, code: czj, group: 县直部门}"]
    if home:
        lines.append(f"home: {{update_within: {home}}}")
    lines.append("categories:")
    for i, period in enumerate(columns):
        extra = f", update_within: {period}" if period else ""
        lines.append(f"  - {{name: 栏目{i}, slug: c{i}{extra}}}")
    (site.root / "records" / "taxonomy.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


class Clerk:
    """Writes records with the next free 索引号."""

    def __init__(self, site):
        self.site, self.n = site, 0

    def publish(self, column: int, day: dt.date, **fields):
        self.n += 1
        no = f"czj/{day.year}-{self.n:05d}"
        fields = {"title": f"测试县财政局第{self.n}号信息", "category": f"栏目{column}", "published": day, **fields}
        self.site.good(f"{day.year}/czj-{self.n:05d}.md", index_no=no, **fields)
        return no


def inspect(site, day: dt.date = DAY, error_report: str = "https://example.gov.cn/jiucuo"):
    settings = read_mkdocs_settings(site.root / "mkdocs.yml")
    catalog = load_catalog(site.root, settings, as_of=day)
    footer = {"error_report": error_report} if error_report else {}
    return inspection.inspect(inspection.Site.from_catalog(catalog, site.root, footer), day)


def veto(result, key: str) -> inspection.Veto:
    return next(v for v in result.vetoes if v.key == key)


def ago(days: int) -> dt.date:
    return DAY - dt.timedelta(days=days)


# -- periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, period",
    [
        ("2 weeks", Period(2, "week")),
        ("1 week", Period(1, "week")),
        ("6 months", Period(6, "month")),
        ("1 year", Period(1, "year")),
        ("14 days", Period(14, "day")),
        ("2周", Period(2, "week")),
        ("6个月", Period(6, "month")),
        ("1年", Period(1, "year")),
        ("none", periods.NONE),
        ("None", periods.NONE),
    ],
)
def test_update_within_is_a_number_and_a_unit_or_none(written, period):
    assert periods.parse(written) == (period, "")


@pytest.mark.parametrize("written", ["2 wks", "两周", "0 days", 14, "weekly", "", True])
def test_anything_else_is_not_a_period(written):
    period, wrong = periods.parse(written)
    assert period is None and wrong


@pytest.mark.parametrize("period", [Period(2, "week"), Period(14, "day"), Period(6, "month"), Period(1, "year")])
def test_a_column_goes_stale_on_the_first_day_after_its_period(period):
    day = dt.date(2023, 12, 20)
    for _ in range(800):  # month ends, 29 February, year ends
        first = period.stale_from(day)
        assert period.stale(day, first) and not period.stale(day, first - dt.timedelta(days=1))
        day += dt.timedelta(days=1)


def test_six_months_before_the_last_of_august_is_the_end_of_february():
    assert Period(6, "month").before(dt.date(2025, 8, 31)) == dt.date(2025, 2, 28)
    assert Period(1, "year").before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)


# -- taxonomy.yml --------------------------------------------------------------------------------


def test_a_wrong_update_within_is_named_at_its_line(site):
    taxonomy(site, "2 weeks", "2 wks")
    site.good(category="栏目0")
    out = site.gongkai("check")
    assert out.returncode == 1
    said = flat(out.stderr)
    assert "records/taxonomy.yml:5: 错误 update_within：“2 wks”不是更新周期。改法：写数字加单位" in said
    assert "update_within: none" in said


def test_update_within_in_block_style_is_named_at_its_own_line(site):
    (site.root / "records" / "taxonomy.yml").write_text(
        "agencies:\n  - {name: 测试县财政局, code: czj, group: 县直部门}\ncategories:\n"
        "  - name: 栏目0\n    slug: c0\n    update_within: 14\n",
        encoding="utf-8",
    )
    out = site.gongkai("check")
    assert "records/taxonomy.yml:6: 错误 update_within：“14”没有单位" in flat(out.stderr)


@pytest.mark.parametrize(
    "home, said",
    [
        ("none", "home.update_within：首页不能不更新"),
        ("2 fortnights", "home.update_within：“2 fortnights”不是更新周期"),
    ],
)
def test_the_home_page_must_be_updated(site, home, said):
    taxonomy(site, "2 weeks", home=home)
    site.good(category="栏目0")
    out = site.gongkai("check")
    assert out.returncode == 1 and f"records/taxonomy.yml:3: 错误 {said}" in flat(out.stderr)


def test_a_misspelt_key_of_an_agency_or_a_category_is_named_at_its_line(site):
    # update_witin was left out without a word: the column then had no period and nothing said why.
    (site.root / "records" / "taxonomy.yml").write_text(
        "agencies:\n  - {name: 测试县财政局, code: czj, group: 县直部门, not_aplicable: {规章: 无权制定}}\n"
        "categories:\n  - name: 栏目0\n    slug: c0\n    update_witin: 2 weeks\n    redirect: x\n",
        encoding="utf-8",
    )
    site.good(category="栏目0")
    out = site.gongkai("check")
    said = flat(out.stderr).replace("records/taxonomy.yml:", "")
    assert out.returncode == 1
    assert "2: 错误 not_aplicable：发布机构没有 not_aplicable 这一项。改法：是不是 not_applicable？" in said
    assert "6: 错误 update_witin：栏目没有 update_witin 这一项。改法：是不是 update_within？" in said
    assert "7: 错误 redirect：栏目没有 redirect 这一项。改法：栏目只能写 name、slug、children" in said


def test_an_agencys_end_names_a_day_and_an_agency_of_the_list(site):
    (site.root / "records" / "taxonomy.yml").write_text(
        "agencies:\n"
        "  - {name: 测试县财政局, code: czj, group: 县直部门, abolished: 2025-02-30}\n"
        "  - {name: 测试县林业局, code: lyj, group: 县直部门, successor: 测试县财政局}\n"
        "  - {name: 测试县农业局, code: nyj, group: 县直部门, abolished: 2025-01-01, successor: 测试县农业农村局}\n"
        "categories:\n  - {name: 栏目0, slug: c0}\n",
        encoding="utf-8",
    )
    site.good(category="栏目0")
    said = flat(site.gongkai("check").stderr).replace("records/taxonomy.yml:", "")
    assert "2: 错误 abolished：日期 2025-02-30 不存在（2025年2月只有28天）。" in said, said
    assert "3: 错误 successor：写了 successor，没有写 abolished。" in said
    assert "4: 错误 successor：“测试县农业农村局”不在 agencies 中。" in said


def test_an_agencys_short_names_stand_for_it_alone(site):
    (site.root / "records" / "taxonomy.yml").write_text(
        "agencies:\n"
        "  - {name: 测试县财政局, code: czj, group: 县直部门}\n"
        "  - {name: 测试县卫生健康局, code: wjj, group: 县直部门, short: [卫健局, 测试县财政局]}\n"
        "  - {name: 测试县卫生健康委, code: wjw, group: 县直部门, short: 卫健局}\n"
        "  - {name: 测试县教育局, code: jyj, group: 县直部门, short: [教]}\n"
        "categories:\n  - {name: 栏目0, slug: c0}\n",
        encoding="utf-8",
    )
    site.good(category="栏目0")
    said = flat(site.gongkai("check").stderr).replace("records/taxonomy.yml:", "")
    assert "5: 错误 short：简称“教”太短：一个字会找到许多无关的信息。" in said, said
    assert "3: 错误 short：简称“测试县财政局”也是机构 测试县财政局 的名称：搜索时分不清是哪个机构。" in said
    assert "4: 错误 short：简称“卫健局”也是测试县卫生健康局的简称：搜索时分不清是哪个机构。" in said
    # What the search takes already for another agency, a place or the county (财政局 listed 卫健局's first).
    for short, whose in (
        ("财政局", "测试县财政局的简称"),
        ("城关镇", "测试县城关镇人民政府的简称"),
        ("测试县", "本县（市、区）的名称"),
    ):
        (site.root / "records" / "taxonomy.yml").write_text(
            "agencies:\n  - {name: 测试县财政局, code: czj, group: 县直部门}\n"
            f"  - {{name: 测试县卫生健康局, code: wjj, group: 县直部门, short: [{short}]}}\n"
            "  - {name: 测试县城关镇人民政府, code: cgz, group: 乡镇}\n"
            "categories:\n  - {name: 栏目0, slug: c0}\n",
            encoding="utf-8",
        )
        said = flat(site.gongkai("check").stderr)
        assert f"错误 short：简称“{short}”也是{whose}：搜索时分不清是哪个机构。" in said, said


def test_home_takes_only_update_within(site):
    taxonomy(site, "2 weeks")
    path = site.root / "records" / "taxonomy.yml"
    path.write_text(path.read_text(encoding="utf-8") + "home: {update_within: 2 weeks, name: 首页}\n", encoding="utf-8")
    site.good(category="栏目0")
    assert "错误 home：首页只能写更新周期 update_within。" in flat(site.gongkai("check").stderr)


def test_a_child_takes_its_parents_period_unless_it_has_its_own(site):
    (site.root / "records" / "taxonomy.yml").write_text(
        "agencies:\n  - {name: 测试县财政局, code: czj, group: 县直部门}\ncategories:\n"
        "  - name: 政策文件\n    slug: zcwj\n    update_within: 6 months\n    children:\n"
        "      - {name: 其他文件, slug: qtwj}\n      - {name: 政策解读, slug: zcjd, update_within: none}\n",
        encoding="utf-8",
    )
    site.good(category="政策文件/其他文件", published="2025-01-02", index_no="czj/2025-00001")
    result = inspect(site)
    assert [(c.name, c.period) for c in result.columns] == [
        ("政策文件/其他文件", Period(6, "month")),
        ("政策文件/政策解读", periods.NONE),
    ]
    assert [c.name for c in result.stale] == ["政策文件/其他文件"] and [c.name for c in result.empty] == [
        "政策文件/政策解读"
    ]


# -- the home page: 13, 14 and 15 days -----------------------------------------------------------


@pytest.mark.parametrize("days, crossed", [(13, False), (14, False), (15, True)])
def test_the_home_page_is_stale_after_two_weeks(site, days, crossed):
    taxonomy(site, "none")
    Clerk(site).publish(0, ago(days))
    result = inspect(site)
    assert veto(result, "home").crossed is crossed
    assert [v.key for v in result.crossed] == (["home"] if crossed else [])


def test_the_home_veto_is_said_with_the_fix_and_fails_the_run(site):
    taxonomy(site, "none")
    Clerk(site).publish(0, ago(15))
    out = site.gongkai("inspect", "--as-of", str(DAY))
    assert out.returncode == 1, out.stderr
    assert "否决  网站不更新（首页）：首页最新信息是 15 天前的，超过 2 周，单项否决" in out.stdout
    assert "错误  home（首页）：首页超过 2 周没有新信息" in out.stdout and "改法：今天就发布一条新信息" in out.stdout
    assert "结论：触及 1 项单项否决（网站不更新（首页）），检查不合格。" in out.stdout


@pytest.mark.parametrize("days, warned", [(7, False), (8, True), (14, True)])
def test_a_week_before_the_home_page_goes_stale_it_is_said_and_the_run_passes(site, days, warned):
    taxonomy(site, "none")
    Clerk(site).publish(0, ago(days))
    out = site.gongkai("inspect", "--as-of", str(DAY))
    assert out.returncode == 0, out.stdout
    left = 15 - days
    said = f"警告  home（首页）：再过 {left} 天（{DAY + dt.timedelta(days=left)}）首页将超过 2 周没有新信息"
    assert (said in out.stdout) is warned, out.stdout
    if warned:
        assert f"改法：最晚在 {DAY + dt.timedelta(days=left - 1)} 发布一条新信息" in out.stdout


def test_ahead_fails_the_run_days_before_the_veto(site):
    taxonomy(site, "none")
    Clerk(site).publish(0, ago(10))
    assert site.gongkai("inspect", "--as-of", str(DAY), "--ahead", "4").returncode == 0
    out = site.gongkai("inspect", "--as-of", str(DAY), "--ahead", "5")
    assert out.returncode == 1
    assert f"预警：如不再发布新信息，5 天后（{DAY + dt.timedelta(days=5)}）将单项否决：网站不更新（首页）" in out.stdout


def test_a_scheduled_record_counts_from_its_date_and_a_draft_never(site):
    taxonomy(site, "2 weeks")
    clerk = Clerk(site)
    clerk.publish(0, ago(20))
    clerk.publish(0, ago(1), draft=True)  # never an update
    scheduled = DAY + dt.timedelta(days=3)
    clerk.publish(0, scheduled)
    result = inspect(site)
    assert result.home.newest.published == ago(20) and veto(result, "home").crossed
    assert result.columns[0].newest.published == ago(20) and result.columns[0].stale
    later = inspect(site, scheduled)
    assert later.home.newest.published == scheduled and not later.crossed


@pytest.mark.parametrize("scheduled, expected", [(None, 5), (3, None), (6, 5)])
def test_looking_ahead_counts_what_is_scheduled(site, scheduled, expected):
    taxonomy(site, "none")
    clerk = Clerk(site)
    clerk.publish(0, ago(10))
    if scheduled is not None:
        clerk.publish(0, DAY + dt.timedelta(days=scheduled))
    settings = read_mkdocs_settings(site.root / "mkdocs.yml")
    data = inspection.Site.from_catalog(load_catalog(site.root, settings, as_of=DAY), site.root)
    found = inspection.ahead(data, DAY, 7)
    assert (found and (found[0] - DAY).days) == expected


def test_the_site_is_not_changed_by_the_inspection(site):
    taxonomy(site, "2 weeks")
    Clerk(site).publish(0, ago(30))

    def files():
        # .cache/ (git-ignored) is not the site: reading the records keeps what it read there.
        return sorted(
            (p.relative_to(site.root), p.read_bytes())
            for p in site.root.rglob("*")
            if p.is_file() and p.relative_to(site.root).parts[0] != ".cache"
        )

    before = files()
    assert site.gongkai("inspect", "--as-of", str(DAY)).returncode == 1
    assert files() == before


# -- columns: 5 and 6 stale, 10 and 11 long stale, 5 and 6 empty ---------------------------------


@pytest.mark.parametrize("stale, crossed", [(5, False), (6, True)])
def test_more_than_five_stale_columns_is_a_veto(site, stale, crossed):
    taxonomy(site, *["2 weeks"] * 4, *["6 months"] * 4)
    clerk = Clerk(site)
    for i in range(8):
        old = i < stale
        clerk.publish(i, ago(15 if i < 4 else 200) if old else ago(1))
    result = inspect(site)
    assert veto(result, "stale").count == stale and veto(result, "stale").crossed is crossed
    assert not veto(result, "long_stale").crossed and not veto(result, "home").crossed
    expected = f"栏目不更新：{stale} 个，超过 5 个，单项否决" if crossed else f"栏目不更新：{stale} 个，未超过 5 个"
    assert veto(result, "stale").sentence() == expected
    severe = [f for f in result.findings if f.severity == inspection.SEVERE]
    assert len(severe) == (stale + 1 if crossed else 0)  # each column, then the veto itself


@pytest.mark.parametrize("stale, crossed", [(10, False), (11, True)])
def test_more_than_ten_columns_long_without_update_is_a_veto(site, stale, crossed):
    taxonomy(site, *["1 year"] * 12)
    clerk = Clerk(site)
    for i in range(12):
        clerk.publish(i, dt.date(2024, 9, 14) if i < stale else ago(1))
    result = inspect(site)
    assert veto(result, "long_stale").count == stale and veto(result, "long_stale").crossed is crossed
    assert veto(result, "stale").count == 0  # yearly columns are not 动态要闻 or 通知公告 ones


def test_a_yearly_column_is_not_stale_on_the_anniversary(site):
    taxonomy(site, "1 year")
    Clerk(site).publish(0, dt.date(2024, 9, 15))
    assert not inspect(site).columns[0].stale
    assert inspect(site, DAY + dt.timedelta(days=1)).columns[0].stale


@pytest.mark.parametrize("empty, crossed", [(5, False), (6, True)])
def test_more_than_five_empty_columns_is_a_veto(site, empty, crossed):
    taxonomy(site, *["none"] * 7)
    clerk = Clerk(site)
    for i in range(empty, 7):
        clerk.publish(i, ago(1))
    result = inspect(site)
    assert veto(result, "empty").count == empty and veto(result, "empty").crossed is crossed
    assert [c.name for c in result.empty] == [f"栏目{i}" for i in range(empty)]
    assert not veto(result, "stale").crossed  # none: not stale, only empty


def test_an_empty_column_that_must_be_updated_is_not_updated_either(site):
    taxonomy(site, "2 weeks", "none")
    Clerk(site).publish(1, ago(1))
    result = inspect(site)
    assert result.columns[0].empty and result.columns[0].stale and veto(result, "stale").count == 1


def test_columns_are_listed_with_their_newest_date_and_the_day_they_go_stale(site):
    taxonomy(site, "6 months", "none", None)
    clerk = Clerk(site)
    clerk.publish(0, dt.date(2025, 3, 31), title="三月的通知")
    clerk.publish(0, dt.date(2025, 3, 12))
    out = site.gongkai("inspect", "--as-of", str(DAY))
    assert "栏目0  2025-03-31  6 个月    正常，2025-10-01 起超期" in out.stdout
    assert "栏目1  （无）      不要求    空白栏目" in out.stdout
    assert "栏目2  （无）      未写      空白栏目" in out.stdout
    assert "警告  update_within：1 个栏目没有写更新周期，不检查是否按时更新：栏目2。" in out.stdout


def test_a_stale_column_is_named_at_its_line_in_the_taxonomy(site):
    taxonomy(site, "2 weeks", "none")
    clerk = Clerk(site)
    clerk.publish(0, ago(20), title="旧的动态")
    clerk.publish(1, ago(1))
    out = site.gongkai("inspect", "--as-of", str(DAY))
    assert out.returncode == 0  # one stale column is not a veto
    assert (
        f"4: 警告  栏目 栏目0：最新一条发布于 {ago(20)}（《旧的动态》），已超过 2 周未更新（应 2 周内更新）。"
        "改法：在这个栏目发布新信息（记录写 category: 栏目0）" in out.stdout
    )
    # A period the national index sets is not the clerk's to turn off: none would only hide it.
    assert "全国检查指标定的，不能不查" in out.stdout and "update_within: none" not in out.stdout
    taxonomy(site, "2 weeks", "none", "1 year")
    clerk.publish(2, ago(400), title="旧的规划")
    out = site.gongkai("inspect", "--as-of", str(DAY))
    assert "确实只在有事时才更新的栏目（如征地、行政许可决定），在 taxonomy.yml 中写 update_within: none" in out.stdout


def test_the_thresholds_are_settings(site):
    site.configure(inspect_stale_max=6, inspect_empty_max=5)
    taxonomy(site, *["2 weeks"] * 6, "none")
    Clerk(site).publish(0, ago(30))  # one stale column, five empty ones (stale too), one empty without period
    result = inspect(site)
    assert veto(result, "stale").count == 6 and not veto(result, "stale").crossed
    assert veto(result, "empty").count == 6 and veto(result, "empty").crossed


def test_a_threshold_below_zero_is_refused(site):
    site.configure(inspect_empty_max=-1)
    site.good()
    out = site.gongkai("check")
    assert out.returncode == 1 and "plugins.gongkai.inspect_empty_max：应为 0 或正整数，现在是 -1。" in flat(out.stderr)


# -- 解读: with and without ----------------------------------------------------------------------


def policy(clerk, day, **fields):
    return clerk.publish(0, day, doc_type="行政规范性文件", doc_no=f"测财发〔{day.year}〕{clerk.n + 1}号", **fields)


def test_a_normative_document_with_its_interpretation_is_fine(site):
    taxonomy(site, "6 months", "none")
    clerk = Clerk(site)
    doc = policy(clerk, ago(30))
    clerk.publish(1, ago(28), interprets=doc)
    result = inspect(site)
    [item] = result.interpretations
    assert item.interpretation is not None and item.late_days == 0
    assert not [f for f in result.findings if "解读" in f.message]


def test_a_normative_document_without_its_interpretation_is_said_at_the_record(site):
    taxonomy(site, "6 months", "none")
    clerk = Clerk(site)
    doc = policy(clerk, ago(30), title="测试县财政局关于规范某某的通知")
    clerk.publish(1, ago(2))
    out = site.gongkai("inspect", "--as-of", str(DAY))
    assert out.returncode == 0  # 解读 is scored, not a veto
    said = flat(out.stdout.split("要处理的事项（按文件，附改法）：")[1])
    assert (
        "records/2025/czj-00001.md:7: 警告 doc_type（文件类型）："
        f"行政规范性文件《测试县财政局关于规范某某的通知》（{doc}）于 {ago(30)} 发布，已过 30 天，"
        "还没有政策解读（要求同步发布，3 天内）。改法：发布它的政策解读：新建一条记录，"
        f"写 interprets: {doc}。" in said
    )


@pytest.mark.parametrize("days, late", [(3, 0), (4, 1)])
def test_an_interpretation_after_the_days_allowed_is_late(site, days, late):
    taxonomy(site, "6 months", "none")
    clerk = Clerk(site)
    doc = policy(clerk, ago(30))
    clerk.publish(1, ago(30 - days), interprets=doc)
    [item] = inspect(site).interpretations
    assert item.late_days == late


def test_a_draft_interpretation_does_not_count_and_a_fresh_document_waits(site):
    taxonomy(site, "6 months", "none")
    clerk = Clerk(site)
    doc = policy(clerk, ago(1))
    clerk.publish(1, ago(1), interprets=doc, draft=True)
    result = inspect(site)
    [item] = result.interpretations
    assert item.interpretation is None and item.due == ago(1) + dt.timedelta(days=3)
    assert any(f"还没有政策解读：要在 {item.due} 前发布。" in f.message for f in result.findings)


def test_only_documents_of_the_last_year_in_force_are_looked_at(site):
    taxonomy(site, "6 months", "none")
    clerk = Clerk(site)
    policy(clerk, dt.date(2024, 9, 14))  # more than a year before
    policy(clerk, dt.date(2025, 1, 6), validity="废止", abolished="2025-06-01")
    assert inspect(site).interpretations == []


# -- requests unanswered -------------------------------------------------------------------------


def request(site, received: str, **fields):
    lines = [f"- id: YSQ-2025-1\n  agency: 测试县财政局\n  received: {received}\n  applicant: 自然人\n"]
    lines += [f"  {k}: {v}\n" for k, v in fields.items()]
    path = site.root / "records" / "requests" / "2025.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize("received, crossed", [("2025-06-15", False), ("2025-06-14", True)])
def test_a_request_unanswered_for_more_than_three_months_is_a_veto(site, received, crossed):
    taxonomy(site, "none")
    Clerk(site).publish(0, ago(1))
    request(site, received)
    result = inspect(site)
    [item] = result.requests
    assert veto(result, "unanswered").crossed is crossed
    out = site.gongkai("inspect", "--as-of", str(DAY))
    assert out.returncode == int(crossed)
    said = flat(out.stdout)
    if crossed:
        assert "records/requests/2025.yml:3: 错误 replied（答复日期）：申请 YSQ-2025-1 于 2025-06-14 收到" in said
        assert "超过 3 个月仍未答复，单项否决“互动回应差”。改法：尽快答复" in said
    else:
        assert "再过 1 天（2025-09-16）满 3 个月，即单项否决“互动回应差”。" in said


def test_an_answered_request_or_one_within_its_deadline_is_not_counted(site):
    taxonomy(site, "none")
    Clerk(site).publish(0, ago(1))
    request(site, "2025-09-01")
    assert inspect(site).requests == []
    request(site, "2025-05-01", replied="2025-09-10", outcome="予以公开")
    assert inspect(site).requests == []


# -- 找错 link and search ----------------------------------------------------------------------


def test_the_error_report_link_is_a_footer_setting(site):
    taxonomy(site, "none")
    Clerk(site).publish(0, ago(1))
    out = site.gongkai("inspect", "--as-of", str(DAY))
    assert out.returncode == 0 and "“我为政府网站找错”链接：没有" in out.stdout
    assert "mkdocs.yml\n  警告  extra.footer.error_report：每页底部没有“我为政府网站找错”的链接" in out.stdout
    config = site.root / "mkdocs.yml"
    before = config.read_text(encoding="utf-8")
    config.write_text(before + "extra:\n  footer:\n    phone: 0000-0000000\n", encoding="utf-8")
    out = site.gongkai("inspect", "--as-of", str(DAY))  # said at the footer's line, where it is written
    footer_line = before.count("\n") + 2
    assert f"mkdocs.yml\n  {footer_line}: 警告  extra.footer.error_report：每页底部没有" in out.stdout, out.stdout
    config.write_text(before, encoding="utf-8")
    config.write_text(
        config.read_text(encoding="utf-8")
        + "extra:\n  footer:\n    error_report: https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfo/1\n",
        encoding="utf-8",
    )
    out = site.gongkai("inspect", "--as-of", str(DAY))
    assert "“我为政府网站找错”链接：有" in out.stdout and "error_report" not in out.stdout


def test_a_footer_still_holding_the_samples_examples_is_a_finding_at_its_line(site):
    # Copied from the sample, 示例 and zeros passed check, build and the inspection.
    config = site.root / "mkdocs.yml"
    footer = (
        "extra:\n  footer:\n    sponsor: 测试县人民政府办公室（示例）\n    phone: 0571-12345678\n"
        "    icp: 某ICP备00000000号（示例）\n    error_report: https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfo/1\n"
    )
    config.write_text(config.read_text(encoding="utf-8") + footer, encoding="utf-8")
    lines = config.read_text(encoding="utf-8").split("\n")
    at = {key: lines.index(next(t for t in lines if t.startswith(f"    {key}:"))) + 1 for key in ("sponsor", "icp")}
    site.good()
    out = site.gongkai("inspect")
    sponsor = "extra.footer.sponsor：页脚的主办单位还是示例值“测试县人民政府办公室（示例）”"
    assert f"{at['sponsor']}: 警告  {sponsor}" in out.stdout
    assert f"{at['icp']}: 警告  extra.footer.icp：页脚的ICP备案号还是示例值“某ICP备00000000号（示例）”" in out.stdout
    assert "extra.footer.phone" not in out.stdout and "extra.footer.error_report" not in out.stdout


def test_a_footer_error_report_that_is_not_https_is_refused_by_the_build(site):
    taxonomy(site, "none")
    Clerk(site).publish(0, ago(1))
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "extra:\n  footer:\n    error_report: zfwzzc.www.gov.cn\n",
        encoding="utf-8",
    )
    built = site.mkdocs("build")
    assert (
        built.returncode == 1
        and "extra.footer.error_report：“我为政府网站找错”的链接“zfwzzc.www.gov.cn”不是 https 网址" in built.stderr
    )


def test_search_turned_off_is_said(site):
    site.configure(search="off")
    taxonomy(site, "none")
    Clerk(site).publish(0, ago(1))
    assert not inspect(site).search
    assert "站内搜索已关闭" in site.gongkai("inspect", "--as-of", str(DAY)).stdout


# -- formats -------------------------------------------------------------------------------------


def stale_site(site):
    """Six stale columns; the home page is fresh (a seventh column, updated yesterday)."""
    taxonomy(site, *["2 weeks"] * 6, "none")
    clerk = Clerk(site)
    for i in range(6):
        clerk.publish(i, ago(20 - i))
    clerk.publish(6, ago(1))


def test_json_holds_every_column_and_veto(site):
    stale_site(site)
    out = site.gongkai("inspect", "--as-of", str(DAY), "--format", "json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data["day"] == str(DAY) and data["ok"] is False
    assert [c["name"] for c in data["columns"]] == [f"栏目{i}" for i in range(7)]
    assert data["columns"][0]["newest"]["published"] == str(ago(20)) and data["columns"][0]["stale"]
    stale = next(v for v in data["vetoes"] if v["item"] == "stale")
    assert stale == {"item": "stale", "name": "栏目不更新", "count": 6, "limit": 5, "crossed": True,
                     "text": "栏目不更新：6 个，超过 5 个，单项否决"}  # fmt: skip
    assert {f["severity"] for f in data["findings"]} == {"error", "warning"}


def test_github_annotations_mark_the_veto_as_errors(site):
    stale_site(site)
    out = site.gongkai("inspect", "--as-of", str(DAY), "--format", "github")
    assert out.returncode == 1
    errors = [x for x in out.stdout.splitlines() if x.startswith("::error ")]
    assert len(errors) == 7  # six columns and the veto
    assert errors[0].startswith("::error file=records/taxonomy.yml::栏目不更新：6 个，超过 5 个，单项否决。%0A改法：")
    assert errors[1].startswith("::error file=records/taxonomy.yml,line=4,title=栏目 栏目0::")
    assert "否决  栏目不更新：6 个，超过 5 个，单项否决" in out.stdout  # the report is in the log too


def test_gitlab_gets_a_code_quality_report_alone_on_stdout(site):
    stale_site(site)
    out = site.gongkai("inspect", "--as-of", str(DAY), "--format", "gitlab")
    assert out.returncode == 1
    issues = json.loads(out.stdout)
    assert {i["check_name"] for i in issues} == {"gongkai-inspect"}
    assert sum(i["severity"] == "major" for i in issues) == 7
    assert "栏目不更新：6 个，超过 5 个，单项否决" in out.stderr


def test_the_day_defaults_to_gongkai_as_of(site):
    stale_site(site)
    out = ourcommands.run([str(BIN / "gongkai"), "inspect"], cwd=site.root, env=command_env(GONGKAI_AS_OF=str(ago(30))))
    assert out.stdout.startswith(f"网站检查：{ago(30)}（北京时间）")


def test_bad_records_are_said_as_check_says_them(site):
    taxonomy(site, "none")
    site.good(category="无此栏目")
    out = site.gongkai("inspect", "--as-of", str(DAY))
    assert out.returncode == 1 and "“无此栏目”不是公开目录中的栏目" in out.stderr and out.stdout == ""
