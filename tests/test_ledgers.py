"""The request and appeal ledgers, the report files and the deadlines: what a clerk gets told."""

from __future__ import annotations

import pytest

from conftest import flat

GOOD = "- id: YSQ-1\n  agency: 测试县财政局\n  received: 2024-03-01\n  applicant: 自然人\n"


@pytest.fixture
def site(site):
    """The test site, with its government declared and a category counting each decision row of table 二:
    the reports below give no title and no figures (see test_annual_sources.py)."""
    taxonomy = site.root / "records" / "taxonomy.yml"
    rows = "".join(
        f"  - {{name: {row}, slug: {slug}, report_row: {row}}}\n"
        for row, slug in (("行政许可", "xzxk"), ("行政处罚", "xzcf"), ("行政强制", "xzqz"))
    )
    taxonomy.write_text("government: 测试县人民政府\n" + taxonomy.read_text(encoding="utf-8") + rows, encoding="utf-8")
    return site


def ledger(site, text: str, name: str = "requests/2024.yml"):
    path = site.root / "records" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(site, *args):
    site.good()
    return site.gongkai("check", *args)


@pytest.mark.parametrize(
    "text, expected",
    [
        (GOOD + "  name: 某某\n", "requests/2024.yml:5: 错误 name：台账不能记录申请人的个人信息"),
        (GOOD + "  申请人姓名: 某某\n", "requests/2024.yml:5: 错误 申请人姓名：台账不能记录申请人的个人信息"),
        (GOOD + "  phone: '13812345678'\n", "phone：台账不能记录申请人的个人信息"),
        (
            GOOD + "  outcom: 予以公开\n",
            "requests/2024.yml:5: 错误 outcom：台账没有字段 outcom。改法：是不是 outcome？",
        ),
        (GOOD + "  答复日期: 2024-03-10\n", "改法：字段名用英文：把 答复日期: 改成 replied:"),
        (GOOD + "  replied: 2024-03-10\n  outcome: 不予公开\n", "outcome（办理结果）：“不予公开”要写明具体情形。"),
        (
            GOOD + "  replied: 2024-03-10\n  outcome: 不予公开\n  reason: 涉密\n",
            "requests/2024.yml:7: 错误 reason（具体情形）：“涉密”不是可用的具体情形。改法：可写：属于国家秘密、",
        ),
        (GOOD + "  replied: 2024-03-10\n  outcome: 予以公开\n  reason: 其他\n", "“予以公开”不分具体情形。"),
        (
            GOOD + "  replied: 2024-02-10\n  outcome: 予以公开\n",
            "replied（答复日期）：答复日期 2024-02-10 早于收到申请日期 2024-03-01。",
        ),
        (GOOD + "  replied: 2024-03-10\n", "replied（答复日期）：已答复的申请要写办理结果。"),
        (GOOD + "  outcome: 予以公开\n", "写了办理结果，但没有答复日期。"),
        (
            GOOD + "  replied: 2024-03-10\n  outcome: 公开\n",
            "outcome（办理结果）：“公开”不是可用的办理结果。改法：全部公开的写 予以公开。可写：予以公开、部分公开",
        ),
        (GOOD + "  replied: 2024-03-10\n  outcome: 不存在\n", "改法：写 无法提供，reason: 本机关不掌握相关政府信息。"),
        # A slip of the keyboard: the deadline went past the last date Python knows, in a traceback.
        (GOOD + "  consult_days: 3000000\n", "征求意见所用工作日 3000000 天超过了一年的工作日"),
        (GOOD.replace("applicant: 自然人", "applicant: 律师事务所"), "改法：律师、律师事务所申请的写 法律服务机构。"),
        (
            GOOD + "  received: 2024/3/1\n",
            "requests/2024.yml:5: 错误 YAML 格式错误：received 在同一项里写了两次（第 3 行已有）。",
        ),
        # A second request without its "- ": deleting one id, as the message once said, merged the two.
        (
            GOOD + GOOD.replace("- id:", "  id:").replace("001", "002"),
            "在 id 前加“- ”（短横线和空格），与第 1 行那一项的“- ”对齐；若是同一项重复写了，删掉其中一个 id。",
        ),
        (
            GOOD.replace("2024-03-01", "2024/3/1"),
            "requests/2024.yml:3: 错误 received（收到申请日期）：“2024/3/1”不是 YYYY-MM-DD 格式的日期。"
            "改法：写成 2024-03-01",
        ),
        (GOOD.replace("自然人", "个人"), "“个人”不是可用的申请人类型。改法：个人申请的写 自然人。可写：自然人"),
        (
            GOOD.replace("测试县财政局", "测试县财政"),
            "“测试县财政”不在 taxonomy.yml 的发布机构中。改法：是不是：测试县财政局",
        ),
        (GOOD + "  extended: 是\n", "extended（延期答复）：应为 true 或 false"),
        (GOOD + "  fee: 一百\n", "fee（信息处理费）：应为不小于 0 的数字"),
        (GOOD + "  consult_days: 2.5\n", "consult_days（征求意见所用工作日）：应为整数（工作日数）"),
        (GOOD + "  fee: .nan\n", "fee（信息处理费）：应为不小于 0 的数字，现在是 nan。"),
        (GOOD + "  note: 请回电 13812345678\n", "note（内部备注）：备注中有个人信息（手机号码）。"),
        (
            GOOD + GOOD,
            "requests/2024.yml:5: 错误 id（编号）：编号 YSQ-1 重复（records/requests/2024.yml 第 1 行已用）。"
            "改法：每个案件的编号必须不同：这一件可改为 YSQ-2（本台账下一个未用的编号）。",
        ),
        (GOOD.replace("- id: YSQ-1\n", "- id: 张三的申请\n"), "id（编号）：编号 '张三的申请' 不合格式"),
        (GOOD.replace("- id: YSQ-1\n", "- id: 12\n"), "编号 '12' 不合格式：以英文字母开头、含有数字"),
        (GOOD.replace("- id: YSQ-1\n", "- id: Q1\n"), "编号 'Q1' 不合格式"),
        # A key left blank is not written: never a crash, never a silent miscount.
        (GOOD + "  replied: 2024-03-10\n  outcome:\n", "replied（答复日期）：已答复的申请要写办理结果。"),
        (GOOD + "  replied: 2024-03-10\n  outcome: 不予公开\n  reason:\n", "“不予公开”要写明具体情形。"),
        (GOOD + "  replied:\n  outcome: 予以公开\n", "写了办理结果，但没有答复日期。"),
        (GOOD + "  agency_name: 财政局\n", "台账没有字段 agency_name。"),
        (
            GOOD.replace("  applicant: 自然人\n", ""),
            "requests/2024.yml:1: 错误 applicant（申请人类型）：缺少必填字段。改法：加上一行 applicant: 自然人",
        ),
        ("id: YSQ-1\nagency: 测试县财政局\n", "requests/2024.yml:1: 错误 台账应是一个列表"),
        ("- 这是一件申请\n", "requests/2024.yml:1: 错误 这一项不是一个案件。"),
        ("- id: YSQ-1\n  agency: [\n", "requests/2024.yml:"),
    ],
)
def test_request_ledger_problems_are_explained(site, text, expected):
    ledger(site, text)
    result = check(site)
    assert result.returncode == 1
    assert expected in flat(result.stderr)
    assert "Traceback" not in flat(result.stderr)


def test_reasons_copied_from_the_national_table_are_accepted(site):
    ledger(
        site,
        GOOD + "  replied: 2024-03-10\n  outcome: 不予公开\n  reason: 1.属于国家秘密\n"
        + GOOD.replace("YSQ-1", "YSQ-2") + '  replied: 2024-03-10\n  outcome: 不予公开\n  reason: 危及"三安全一稳定"\n',
    )  # fmt: skip
    result = check(site)
    assert result.returncode == 0, result.stderr
    report = site.gongkai("report", "2024", "--format", "json", "--table", "3").stdout
    assert '"三、本年度办理结果/（三）不予公开/3.危及“三安全一稳定”": {\n      "自然人": 1' in report


APPEAL = "- id: FY-01\n  agency: 测试县财政局\n  type: 行政复议\n  filed: 2024-03-01\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            APPEAL.replace("行政复议", "行政诉讼"),
            "appeals/cases.yml:3: 错误 type（类型）：行政诉讼要写明起诉方式。"
            "改法：加上一行 route: 未经复议直接起诉 或 复议后起诉",
        ),
        (APPEAL + "  route: 复议后起诉\n", "route（起诉方式）：行政复议不分起诉方式。"),
        (APPEAL + "  result: 维持\n", "result（结果）：写了结果，但没有审结日期。"),
        (APPEAL + "  concluded: 2024-05-01\n", "写了审结日期，但没有结果。"),
        (
            APPEAL + "  result: 驳回\n  concluded: 2024-05-01\n",
            "“驳回”不是可用的结果。改法：“驳回”要看驳回的是什么："
            "判决驳回诉讼请求、决定驳回复议请求（原行为不变）写 维持；"
            "裁定驳回起诉、驳回复议申请（未就原行为作出处理）写 其他。可写：维持、纠正、其他",
        ),
        (
            APPEAL + "  result: 撤销\n  concluded: 2024-05-01\n",
            "“撤销”不是可用的结果。改法：原行为被撤销、变更或确认违法等，写 纠正。",
        ),
        (APPEAL + "  result: 维护\n  concluded: 2024-05-01\n", "“维护”不是可用的结果。改法：是不是“维持”？可写："),
        (APPEAL + "  result: 维持\n  concluded: 2024-01-01\n", "审结日期 2024-01-01 早于立案日期 2024-03-01。"),
        (
            APPEAL + "  request: YSQ-9\n",
            "appeals/cases.yml:1: 错误 request（对应申请编号）：依申请公开台账中没有编号为 YSQ-9 的申请。",
        ),
        (APPEAL + "  原告: 某某\n", "原告：台账没有字段 原告。"),
        (APPEAL + "  address: 某某路\n", "台账不能记录申请人的个人信息"),
        (APPEAL.replace("行政复议", "行政诉讼") + "  route:\n", "行政诉讼要写明起诉方式。"),
        (APPEAL + "  result: 纠正\n  concluded:\n", "写了结果，但没有审结日期。"),
    ],
)
def test_appeal_ledger_problems_are_explained(site, text, expected):
    ledger(site, text, "appeals/cases.yml")
    result = check(site)
    assert result.returncode == 1
    assert expected in flat(result.stderr)


def test_an_appeal_naming_a_request_whose_ledger_is_wrong_is_not_told_it_is_missing(site):
    """The request is there: its ledger is unreadable (saved as GBK by a spreadsheet) or its own case
    has an error. That error is said; the appeal naming it is not refused on top of it."""
    ledger(site, APPEAL + "  request: YSQ-1\n", "appeals/cases.yml")
    path = ledger(site, GOOD)
    path.write_bytes(GOOD.encode("gbk"))
    said = flat(check(site).stderr)
    assert "records/requests/2024.yml" in said and "UTF-8" in said, said
    assert "appeals/cases.yml" not in said, said
    ledger(site, GOOD.replace("自然人", "个人"))  # readable, the case wrong
    said = flat(check(site).stderr)
    assert "“个人”不是可用的申请人类型" in said and "appeals/cases.yml" not in said, said
    ledger(site, GOOD.replace("YSQ-1", "YSQ-2"))  # really missing: said
    assert "appeals/cases.yml:1: 错误 request（对应申请编号）：依申请公开台账中没有编号为 YSQ-1 的申请。" in flat(
        check(site).stderr
    )


def test_ledger_folders_hold_only_yaml(site):
    ledger(site, "申请登记", "requests/登记表.xlsx")
    result = check(site)
    assert "records/requests/登记表.xlsx: 错误 依申请公开台账目录只放 .yml 文件。" in flat(result.stderr)


def test_a_bad_ledger_fails_the_build_too(site):
    ledger(site, GOOD + "  name: 某某\n")
    site.good()
    result = site.mkdocs("build")
    assert result.returncode == 1 and "台账不能记录申请人的个人信息" in flat(result.stderr)
    assert not (site.root / "site").exists()


# -- deadlines ------------------------------------------------------------------------------


def test_open_requests_past_their_deadline_are_warned_by_check(site):
    ledger(
        site,
        # due 2024-03-29: 20 working days after 2024-03-01
        GOOD
        # 补正 on 03-11 restarts the clock: due 2024-04-09 (清明 4-4…4-6 off, Sunday 4-7 a 调休 working day)
        + GOOD.replace("YSQ-1", "YSQ-2") + "  corrected: 2024-03-11\n"
        # extended: 40 working days, due 2024-04-28 (a 调休 Sunday); 10 days of consulting not counted: 05-14
        + GOOD.replace("YSQ-1", "YSQ-3") + "  extended: true\n"
        + GOOD.replace("YSQ-1", "YSQ-5") + "  extended: true\n  consult_days: 10\n"
        + GOOD.replace("YSQ-1", "YSQ-4") + "  replied: 2024-06-01\n  outcome: 予以公开\n",
    )  # fmt: skip
    # As of a day: YSQ-4 was answered on 06-01, so until then it was open too (due 03-29).
    on = {
        "2024-03-29": [],
        "2024-03-30": ["YSQ-1", "YSQ-4"],
        "2024-04-10": ["YSQ-1", "YSQ-2", "YSQ-4"],
        "2024-04-30": ["YSQ-1", "YSQ-2", "YSQ-3", "YSQ-4"],
        "2024-05-14": ["YSQ-1", "YSQ-2", "YSQ-3", "YSQ-4"],
        "2024-05-15": ["YSQ-1", "YSQ-2", "YSQ-3", "YSQ-4", "YSQ-5"],
        "2024-06-01": ["YSQ-1", "YSQ-2", "YSQ-3", "YSQ-5"],
    }
    for day, late in on.items():
        result = check(site, "--as-of", day)
        assert result.returncode == 0, result.stderr  # a warning, not an error: the site still publishes
        warned = [q for q in ("YSQ-1", "YSQ-2", "YSQ-3", "YSQ-4", "YSQ-5") if f"申请 {q} 的答复期限" in result.stderr]
        assert warned == late, day
    result = check(site, "--as-of", "2024-04-10")
    assert (
        "records/requests/2024.yml:3: 警告 replied（答复日期）：申请 YSQ-1 的答复期限是 2024-03-29，"
        "已超过 12 天，仍未答复。" in flat(result.stderr)
    )
    assert "申请 YSQ-2 的答复期限是 2024-04-09" in flat(result.stderr)
    assert check(site, "--as-of", "2024-13-01").returncode == 2  # argparse: a clear usage error


def test_a_request_in_another_years_file_or_dated_after_today_is_warned_about(site):
    # The ledger is one file a year of receipt; a date in the future is a mistyped year.
    ledger(site, GOOD.replace("2024-03-01", "2025-03-01") + "  replied: 2025-03-05\n  outcome: 予以公开\n")
    ledger(site, GOOD.replace("YSQ-1", "YSQ-9").replace("2024-03-01", "2025-03-01") + "  replied: 2025-06-15\n"
           "  outcome: 予以公开\n", "requests/2025.yml")  # fmt: skip
    result = check(site, "--as-of", "2025-04-01")
    said = flat(result.stderr)
    assert result.returncode == 0, result.stderr
    assert (
        "records/requests/2024.yml:3: 警告 received（收到日期）：申请 YSQ-1 的收到日期 2025-03-01 在 2025 年，"
        "却记在 2024.yml 里。改法：日期写错的，改正；没写错的，移到 2025.yml" in said
    )
    assert "YSQ-9 的答复日期" not in said  # a reply after --as-of is a reply not yet made then
    later = GOOD.replace("YSQ-1", "YSQ-7") + "  replied: 2099-03-05\n  outcome: 予以公开\n"
    ahead = ledger(site, later, "requests/x.yml")
    said = flat(check(site).stderr)
    assert "records/requests/x.yml:5: 警告 replied（答复日期）：申请 YSQ-7 的答复日期 2099-03-05 在今天" in said
    assert "核对日期（年份最常写错）" in said
    ahead.unlink()
    # The check's only: a ledger kept by the year a request was handled in counts right all the same.
    assert site.mkdocs("build", "--strict").returncode == 0


def test_a_number_copied_from_last_years_file_is_given_this_years_next(site):
    # YSQ-2023-001 written again in 2024.yml: the next of 2024's numbers, not of 2023's.
    ledger(site, GOOD.replace("YSQ-1", "YSQ-2023-001").replace("2024-03-01", "2023-03-01"), "requests/2023.yml")
    ledger(site, GOOD.replace("YSQ-1", "YSQ-2024-001") + GOOD.replace("YSQ-1", "YSQ-2023-001"))
    said = flat(check(site).stderr)
    assert "编号 YSQ-2023-001 重复（records/requests/2023.yml 第 1 行已用）。" in said
    assert "这一件可改为 YSQ-2024-002（本台账下一个未用的编号）" in said


def test_the_build_does_not_depend_on_today(site):
    """Overdue warnings come from `gongkai check` only: a build must not change with the clock."""
    ledger(site, GOOD)
    site.good()
    result = site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr


def test_a_year_without_a_holiday_calendar_is_estimated_until_the_deadline_then_an_error(site):
    # Every December the deadlines of new requests reach a year chinese-calendar does not know yet:
    # an error stopped the whole site until someone wrote that year's holidays. Until the estimated
    # deadline it is a warning, and the site is built.
    ledger(site, GOOD.replace("2024-03-01", "2026-12-21"))
    result = check(site, "--as-of", "2026-12-22")
    assert result.returncode == 0, result.stderr
    # 2026-12-22…31 (8 working days), then Monday to Friday from 2027-01-04 (1 January is a holiday
    # every year): the 20th is 2027-01-19.
    assert (
        "records/requests/2024.yml:3: 警告 received（收到申请日期）：申请 YSQ-1 的答复期限在 2027 年，"
        "还没有 2027 年的节假日安排：暂按周一至周五估算为 2027-01-19，以节假日安排为准。"
        "改法：照国务院办公厅公布的 2027 年节假日安排" in flat(result.stderr)
    )
    # The package pinned is the newest there is: it is not offered as a fix.
    assert "（写法见该文件的说明）。2027-01-19 以前不写上，检查会报错、网站不再更新。" in flat(result.stderr)
    assert "chinese-calendar" not in result.stderr
    result = check(site, "--as-of", "2027-01-20")
    assert result.returncode == 1
    assert (
        "records/requests/2024.yml:3: 错误 received（收到申请日期）：无法计算申请 YSQ-1 的答复期限："
        "没有 2027 年的节假日安排。" in flat(result.stderr)
    )
    assert "在 records/holidays.yml 里写上 2027 年的放假和调休上班日期" in flat(result.stderr)
    (site.root / "records" / "holidays.yml").write_text(
        "2027:\n  holidays:\n    - 2027-01-01\n  workdays: []\n", encoding="utf-8"
    )
    # 2026-12-22…31 (8 working days), 2027-01-01 off, 01-04… : the 20th is 2027-01-19.
    result = check(site, "--as-of", "2027-01-20")
    assert result.returncode == 0, result.stderr
    assert "申请 YSQ-1 的答复期限是 2027-01-19" in flat(result.stderr)
    # Answered before the new year: judged on the days it took, no 2027 calendar needed.
    ledger(site, GOOD.replace("2024-03-01", "2026-12-21") + "  replied: 2026-12-30\n  outcome: 予以公开\n")
    (site.root / "records" / "holidays.yml").unlink()
    assert check(site).returncode == 0


# -- report files ---------------------------------------------------------------------------

REPORT = (
    "---\nfees_wan: 0\n---\n\n## 一、总体情况\n\n总体。\n\n"
    "## 五、存在的主要问题及改进情况\n\n问题。\n\n## 六、其他需要报告的事项\n\n无。\n"
)


def front(extra: str) -> str:
    """The report with `extra` lines added to its front matter."""
    return REPORT.replace("fees_wan: 0", "fees_wan: 0\n" + extra)


FEES = "fees_wan（行政事业性收费金额（万元））"


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("2024.md", REPORT.replace("fees_wan: 0", "title: 年报"),
         f"reports/2024.md:1: 错误 {FEES}：缺少必填字段。改法：加上一行 fees_wan: 0（没有时写 0）"),
        ("2024.md", REPORT.replace("fees_wan: 0", "fees_wan: 三万"), f"{FEES}：应为不小于 0 的数字"),
        ("2024.md", REPORT.replace("fees_wan: 0", "fees_wan: .nan"), f"{FEES}：应为不小于 0 的数字，现在是 nan。"),
        ("2024.md", front("permits: 2.5"), "permits（行政许可决定数）：应为不小于 0 的整数"),
        ("2024.md", front("permits: .inf"), "permits（行政许可决定数）：应为不小于 0 的整数，现在是 inf。"),
        ("2024.md", front("fee: 3"), "reports/2024.md:3: 错误 fee：年报没有字段 fee。"),
        ("2024.md", front("scope: 测试县财政"),
         "“测试县财政”不在 taxonomy.yml 的发布机构中。改法：是不是：测试县财政局"),
        ("2024.md", front("published: 2024-12-01"), "2024 年的年报不能在 2024-12-01 发布。"),
        ("2024.md", REPORT.replace("## 五、存在的主要问题及改进情况\n\n问题。\n\n", ""),
         "reports/2024.md:9: 错误 缺少第五部分。改法：加上二级标题 ## 五、存在的主要问题及改进情况"),
        ("2024.md", REPORT.replace("## 五、", "## 三、收到申请情况\n\n表格。\n\n## 五、"),
         "reports/2024.md:9: 错误 第三部分由系统根据记录和台账生成，不要手写。"),
        ("2024.md", REPORT.replace("## 六、其他需要报告的事项", "## 附件"),
         "reports/2024.md:13: 错误 二级标题“附件”不是年报的一部分。"),
        ("2024年报.md", REPORT, "reports/2024年报.md: 错误 年报文件名应为“年份.md”（2008—2100 年）。"),
        ("0000.md", REPORT, "reports/0000.md: 错误 年报文件名应为“年份.md”"),
    ],
)  # fmt: skip
def test_report_problems_are_explained(site, name, text, expected):
    ledger(site, text, f"reports/{name}")
    result = check(site)
    assert result.returncode == 1
    assert expected in flat(result.stderr)


def test_a_report_needs_no_ledgers(site):
    ledger(site, REPORT, "reports/2024.md")
    site.good()
    result = site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    page = site.html("xxgk/nianbao/2024/index.html")
    assert "table" in page and "gk-table3" in page


def test_report_narrative_is_sanitized_like_record_bodies(site):
    bad = '无。\n\n<img src="x.png" onerror="alert(1)">\n\n<a href="javascript:alert(2)">点此</a>\n'
    ledger(site, REPORT.replace("无。\n", bad), "reports/2024.md")
    site.good()
    result = site.gongkai("check")
    assert "records/reports/2024.md:17: 警告" in flat(result.stderr) and "onerror" in flat(result.stderr)
    assert site.mkdocs("build").returncode == 0
    page = site.html("xxgk/nianbao/2024/index.html")
    assert "onerror" not in page and "javascript:" not in page and "点此" in page


def test_a_report_whose_fee_differs_from_the_ledger_is_warned(site):
    ledger(site, GOOD + "  replied: 2024-03-10\n  outcome: 予以公开\n  fee: 100\n")
    ledger(site, REPORT.replace("fees_wan: 0", "fees_wan: 0\ndisclosure_fees_yuan: 300"), "reports/2024.md")
    result = check(site)
    assert result.returncode == 0
    assert "records/reports/2024.md: 警告 disclosure_fees_yuan（信息处理费（元））：年报写的信息处理费 300 元" in flat(
        result.stderr
    )
    assert "与台账中本年答复的申请所收 100 元不一致" in flat(result.stderr)
    # Amounts are compared in 分: 0.1 + 0.2 in the ledger is the report's 0.3.
    ledger(
        site,
        GOOD + "  replied: 2024-03-10\n  outcome: 予以公开\n  fee: 0.1\n"
        + GOOD.replace("YSQ-1", "YSQ-2") + "  replied: 2024-03-10\n  outcome: 予以公开\n  fee: 0.2\n",
    )  # fmt: skip
    ledger(site, REPORT.replace("fees_wan: 0", "fees_wan: 0\ndisclosure_fees_yuan: 0.3"), "reports/2024.md")
    assert "disclosure_fees_yuan" not in check(site).stderr


def test_the_readme_documents_every_key_the_validators_accept():
    """The keys live in one place each (ledgers.REQUEST_KEYS, APPEAL_KEYS, reports.KEYS); the README follows."""
    import re

    from conftest import ROOT
    from gongkai.model.ledgers import APPEAL_KEYS, REQUEST_KEYS
    from gongkai.model.reports import KEYS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For the clerk: the request ledger and the annual report")[1].split("\n## ")[0]
    request_example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    assert re.findall(r"^-? *(\w+):", request_example, re.M) == list(REQUEST_KEYS)
    for key in APPEAL_KEYS:
        assert f"`{key}`" in section, key
    report_example = re.search(r"```markdown\n---\n(.*?)---", section, re.S).group(1)
    assert re.findall(r"^(\w+):", report_example, re.M) == list(KEYS)


def test_a_ledgers_schema_without_a_site_takes_any_agency_name():
    """Made without a taxonomy (no list of agencies), the agency is any non-empty text: the schema is
    still made (it once failed with a TypeError)."""
    from gongkai.model.ledgers import APPEAL_FIELDS, REQUEST_FIELDS
    from gongkai.model.schema import case_schema

    for fields in (REQUEST_FIELDS, APPEAL_FIELDS):
        agency = case_schema(fields, "x")["items"]["properties"]["agency"]
        assert agency["type"] == "string" and agency["minLength"] == 1 and "enum" not in agency


def test_a_repeated_number_is_offered_the_next_free_one_of_its_kind():
    from gongkai.model.ledgers import next_free_id

    used = {"YSQ-2024-007", "YSQ-2024-012", "YSQ-2023-099", "FY-1"}
    assert next_free_id("YSQ-2024-007", used) == "YSQ-2024-013"  # after the highest, as wide
    assert next_free_id("FY-1", used) == "FY-2"
    assert next_free_id("Q99", {"Q99"}) == "Q100"
    assert next_free_id("ABC", {"ABC"}) is None  # no number to count on: the hint says only what is wrong
