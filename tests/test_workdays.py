"""Working-day arithmetic for the 依申请公开 deadlines: the official calendar, holidays.yml, its validation."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.model.workdays import Calendar, UncoveredYear
from gongkai.text.problems import ERROR, WARNING, Problems

D = dt.date
OFFICIAL = Calendar.official()


def load(root: Path, text: str | bytes | None) -> tuple[Calendar, Problems]:
    """Calendar.load on records/holidays.yml holding `text` (None: no file)."""
    path = root / "records" / "holidays.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    elif text is not None:
        path.write_text(text, encoding="utf-8")
    problems = Problems(root=root)
    return Calendar.load(path, problems), problems


# -- the official calendar: expected dates counted by hand from the 国务院办公厅 announcements ------------

# 国办发明电〔2023〕7号（2024年）：春节 2月10日至17日放假调休，共8天；2月4日（星期日）、2月18日（星期日）上班。
# 除夕 2月9日（星期五）只是“鼓励”休息，仍是工作日。
# 中秋节 9月15日至17日放假调休，9月14日（星期六）上班。
# 国庆节 10月1日至7日放假调休，9月29日（星期日）、10月12日（星期六）上班。
# 国办发明电〔2024〕12号（2025年）：春节 1月28日（周二）至2月4日（周二）放假调休，共8天；
# 1月26日（周日）、2月8日（周六）上班。
# 国庆节、中秋节 10月1日（周三）至8日（周三）放假调休，共8天；9月28日（周日）、10月11日（周六）上班。
CASES = [
    # 春节 2024, received Thu 2024-02-01: 2.2=1, 2.4(日,调休)=2, 2.5-2.9=3..7, [2.10-2.17], 2.18(日,调休)=8,
    # 2.19-23=9..13, 2.26-3.1=14..18, 3.4=19, 3.5=20.
    (D(2024, 2, 1), 20, D(2024, 3, 5)),
    # ... then 3.6-8=21..23, 3.11-15, 3.18-22, 3.25-29 (=38), 4.1=39, 4.2=40 (清明 is 4.4-6).
    (D(2024, 2, 1), 40, D(2024, 4, 2)),
    (D(2024, 2, 3), 1, D(2024, 2, 4)),  # the 调休 Sunday before 春节 is the next working day
    (D(2024, 2, 8), 1, D(2024, 2, 9)),  # 除夕 2024 is a working day
    (D(2024, 2, 9), 1, D(2024, 2, 18)),  # over the eight days off to the 调休 Sunday after
    # 中秋 + 国庆 2024, received Thu 2024-09-12: 9.13=1, 9.14(六,调休)=2, [9.15-17], 9.18-20=3..5,
    # 9.23-27=6..10, 9.29(日,调休)=11, 9.30=12, [10.1-7], 10.8-11=13..16, 10.12(六,调休)=17, 10.14-16=18..20.
    (D(2024, 9, 12), 20, D(2024, 10, 16)),
    # 国庆 2024, received Wed 2024-09-25: 9.26-27=1,2, 9.29(日)=3, 9.30=4, [10.1-7], 10.8-11=5..8,
    # 10.12(六)=9, 10.14-18=10..14, 10.21-25=15..19, 10.28=20.
    (D(2024, 9, 25), 20, D(2024, 10, 28)),
    # ... then 10.29-11.1=21..24, 11.4-8, 11.11-15, 11.18-22 (=39), 11.25=40.
    (D(2024, 9, 25), 40, D(2024, 11, 25)),
    (D(2024, 9, 28), 1, D(2024, 9, 29)),
    (D(2024, 10, 11), 1, D(2024, 10, 12)),
    # 春节 2025, received Fri 2025-01-24: 1.26(日,调休)=1, 1.27=2, [1.28-2.4], 2.5-7=3..5, 2.8(六,调休)=6,
    # 2.10-14=7..11, 2.17-21=12..16, 2.24-27=17..20.
    (D(2025, 1, 24), 20, D(2025, 2, 27)),
    # ... then 2.28=21, 3.3-7, 3.10-14, 3.17-21 (=36), 3.24-27=37..40.
    (D(2025, 1, 24), 40, D(2025, 3, 27)),
    (D(2025, 1, 25), 1, D(2025, 1, 26)),
    (D(2025, 1, 27), 1, D(2025, 2, 5)),
    (D(2025, 2, 7), 1, D(2025, 2, 8)),
    # 国庆 2025, received Fri 2025-09-26: 9.28(日,调休)=1, 9.29-30=2,3, [10.1-8], 10.9-10=4,5, 10.11(六,调休)=6,
    # 10.13-17=7..11, 10.20-24=12..16, 10.27-30=17..20.
    (D(2025, 9, 26), 20, D(2025, 10, 30)),
    # ... then 10.31=21, 11.3-7, 11.10-14, 11.17-21 (=36), 11.24-27=37..40.
    (D(2025, 9, 26), 40, D(2025, 11, 27)),
    (D(2025, 9, 27), 1, D(2025, 9, 28)),
    (D(2025, 9, 30), 1, D(2025, 10, 9)),
    (D(2025, 10, 10), 1, D(2025, 10, 11)),
]


@pytest.mark.parametrize(("start", "n", "expected"), CASES, ids=[f"{s}+{n}" for s, n, _ in CASES])
def test_add_workdays_over_the_official_holidays(start, n, expected):
    assert OFFICIAL.add_workdays(start, n) == expected
    assert OFFICIAL.workdays_between(start, expected) == n


def test_is_workday_follows_the_announcements():
    assert OFFICIAL.is_workday(D(2024, 2, 4))  # 调休 Sunday
    assert OFFICIAL.is_workday(D(2024, 10, 12))  # 调休 Saturday
    assert not any(OFFICIAL.is_workday(D(2024, 2, d)) for d in range(10, 18))
    assert not OFFICIAL.is_workday(D(2025, 10, 8))  # a Wednesday of the 国庆 break
    assert not OFFICIAL.is_workday(D(2024, 3, 9))  # an ordinary Saturday
    assert OFFICIAL.is_workday(dt.datetime(2024, 2, 18, 9, 30))  # a datetime counts as its date


def test_workdays_between_edges():
    assert OFFICIAL.workdays_between(D(2024, 2, 9), D(2024, 2, 9)) == 0
    assert OFFICIAL.workdays_between(D(2024, 3, 5), D(2024, 2, 1)) == 0
    assert OFFICIAL.workdays_between(D(2024, 2, 9), D(2024, 2, 17)) == 0  # only holidays in between
    assert OFFICIAL.workdays_between(D(2024, 2, 9), D(2024, 2, 18)) == 1


def test_coverage_and_value_semantics():
    assert OFFICIAL.years() == tuple(range(2004, 2027))
    assert OFFICIAL.covers(2004) and OFFICIAL.covers(2026)
    assert not OFFICIAL.covers(2003) and not OFFICIAL.covers(2027)
    assert Calendar.official() is OFFICIAL
    assert hash(OFFICIAL) == hash(Calendar(OFFICIAL.covered, OFFICIAL.holidays, OFFICIAL.workdays))
    with pytest.raises(ValueError):
        OFFICIAL.add_workdays(D(2024, 1, 1), 0)


@given(st.dates(D(2005, 1, 1), D(2025, 12, 31)), st.integers(1, 60))
def test_add_workdays_and_workdays_between_agree(start, n):
    end = OFFICIAL.add_workdays(start, n)
    assert end > start and OFFICIAL.is_workday(end)
    assert OFFICIAL.workdays_between(start, end) == n
    assert OFFICIAL.workdays_between(start, end - dt.timedelta(days=1)) == n - 1  # the n-th, not a later one
    # Counted independently, day by day, with the package's own function.
    days = (start + dt.timedelta(days=k) for k in range(1, (end - start).days + 1))
    assert sum(chinese_calendar.is_workday(d) for d in days) == n


# -- years beyond the package ------------------------------------------------------------------------


def test_a_year_nobody_covers_is_an_error_not_a_weekday_count(tmp_path):
    cal, problems = load(tmp_path, None)
    assert not problems.items and cal == OFFICIAL
    # 2026-12-20 is a Sunday: 12.21-25 and 12.28-31 are the 9 working days left in 2026.
    assert cal.add_workdays(D(2026, 12, 20), 9) == D(2026, 12, 31)
    with pytest.raises(UncoveredYear) as info:
        cal.add_workdays(D(2026, 12, 20), 20)
    assert info.value.year == 2027
    message = str(info.value)
    assert "没有 2027 年的节假日安排" in message and "records/holidays.yml" in message
    assert "chinese-calendar" in message and "2004—2026 年" in message
    with pytest.raises(UncoveredYear):
        cal.workdays_between(D(2026, 12, 20), D(2027, 1, 20))
    with pytest.raises(UncoveredYear) as before:
        cal.is_workday(D(2003, 12, 31))
    assert before.value.year == 2003
    assert pickle.loads(pickle.dumps(info.value)).year == 2027


def test_holidays_yml_adds_the_next_year(tmp_path):
    # A made-up 2027 (not announced when this was written): 元旦 1月1日（周五）至3日放假.
    cal, problems = load(tmp_path, "2027:\n  holidays:\n    - 2027-01-01 ~ 2027-01-03\n")
    assert not problems.items
    assert cal.years() == tuple(range(2004, 2028))
    # 9 working days in 2026 (see above), [1.1-3], 1.4-8=10..14, 1.11-15=15..19, 1.18=20.
    assert cal.add_workdays(D(2026, 12, 20), 20) == D(2027, 1, 18)
    assert cal.workdays_between(D(2026, 12, 20), D(2027, 1, 18)) == 20
    assert cal.add_workdays(D(2024, 2, 1), 20) == D(2024, 3, 5)  # package years untouched


def test_a_skipped_year_is_reported_even_when_a_later_one_is_given(tmp_path):
    cal, problems = load(tmp_path, "2028:\n  holidays: [2028-01-01]\n")
    assert not problems.items and not cal.covers(2027) and cal.covers(2028)
    with pytest.raises(UncoveredYear) as info:
        cal.add_workdays(D(2026, 12, 20), 20)
    assert info.value.year == 2027
    assert "2004—2026 年、2028 年" in str(info.value)


# 国办发明电〔2025〕7号（2026年）, as the package has it; the test adds 10月8日 (a Thursday) as a holiday.
OFFICIAL_2026 = """\
2026:
  holidays:
    - 2026-01-01 ~ 2026-01-03   # 元旦
    - 2026-02-15 ~ 2026-02-23   # 春节
    - 2026-04-04 ~ 2026-04-06   # 清明节
    - 2026-05-01 ~ 2026-05-05   # 劳动节
    - 2026-06-19 ~ 2026-06-21   # 端午节
    - 2026-09-25 ~ 2026-09-27   # 中秋节
    - 2026-10-01 ~ 2026-10-07   # 国庆节
  workdays: [2026-01-04, 2026-02-14, 2026-02-28, 2026-05-09, 2026-09-20, 2026-10-10]
"""


def test_holidays_yml_overrides_a_package_year(tmp_path):
    same, problems = load(tmp_path, OFFICIAL_2026)
    assert not problems.items
    assert [same.is_workday(D(2026, 1, 1) + dt.timedelta(days=k)) for k in range(365)] == [
        OFFICIAL.is_workday(D(2026, 1, 1) + dt.timedelta(days=k)) for k in range(365)
    ]
    # 2026-09-30 is a Wednesday; 10.1-7 off, so the next working day is Thursday 10.8 ...
    assert OFFICIAL.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    text = OFFICIAL_2026.replace("2026-10-01 ~ 2026-10-07", "2026-10-01 ~ 2026-10-08")
    cal, problems = load(tmp_path, text)
    assert not problems.items
    # ... unless 10.8 is declared a holiday: then Friday 10.9, and 10.10 (Saturday, 调休) right after.
    assert cal.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 9)
    assert cal.add_workdays(D(2026, 9, 30), 2) == D(2026, 10, 10)
    assert (
        cal.workdays_between(D(2026, 1, 1), D(2026, 12, 31))
        == OFFICIAL.workdays_between(D(2026, 1, 1), D(2026, 12, 31)) - 1
    )


def test_a_year_in_the_file_replaces_the_package_year_entirely(tmp_path):
    cal, problems = load(tmp_path, "2026:\n  holidays: [2026-12-31]\n")
    assert cal.is_workday(D(2026, 10, 1))  # the package's 国庆 is gone: that is what a whole-year override means
    assert not cal.is_workday(D(2026, 12, 31))
    [warning] = problems.items  # ... which is almost never what the clerk meant
    assert (warning.severity, warning.line, warning.field) == (WARNING, 1, "2026")
    assert "整年替换" in warning.message and "2026-01-01" in warning.message and "写全" in warning.hint


@pytest.mark.parametrize("separator", [" ~ ", "~", " 至 ", "至", "～", " ～ ", "〜"])
def test_range_separators(tmp_path, separator):
    cal, problems = load(tmp_path, f"2027:\n  holidays:\n    - 2027-02-05{separator}2027-02-11\n")
    assert not problems.items
    assert not any(cal.is_workday(D(2027, 2, d)) for d in range(5, 12))
    assert cal.is_workday(D(2027, 2, 4)) and cal.is_workday(D(2027, 2, 12))


def test_blank_or_comment_only_file_is_the_package(tmp_path):
    for text in ("", "\n\n", "# 还没有需要补充的年份\n"):
        cal, problems = load(tmp_path, text)
        assert cal == OFFICIAL and not problems.items


def test_bad_entries_are_skipped_good_ones_kept(tmp_path):
    cal, problems = load(tmp_path, "2027:\n  holidays:\n    - 2027-01-01\n    - 2027-02-30\n    - 2027-02-05\n")
    assert [p.line for p in problems.items] == [4]
    assert not cal.is_workday(D(2027, 1, 1)) and not cal.is_workday(D(2027, 2, 5))


# -- validation: one problem each, with its line, field and a Chinese message ------------------------

Y = "2027:\n  holidays:\n    - 2027-01-01\n"  # a valid start (lines 1-3) for the cases that add a line 4

INVALID = [
    # (id, text, line, field, severity, words in the message, words in the hint)
    ("bad-yaml", "2027:\n  holidays: [2027-01-01\n", 2, None, ERROR, "YAML 格式错误", "]"),  # where [ opened
    ("bad-indent", Y + "   - 2027-02-05\n", 4, None, ERROR, "YAML 格式错误", ""),
    ("file-is-a-list", "- 2027-01-01\n- 2027-02-05\n", 1, None, ERROR, "按年份分段", "2027:"),
    ("file-is-a-number", "2027\n", 1, None, ERROR, "按年份分段", "holidays"),
    ("year-with-nian", "2027年:\n  holidays: [2027-01-01]\n", 1, "2027年", ERROR, "不是年份", "写成 2027:"),
    ("year-fullwidth", "２０２７:\n  holidays: [2027-01-01]\n", 1, "２０２７", ERROR, "不是年份", "写成 2027:"),
    ("year-float", "2027.5:\n  holidays: [2027-01-01]\n", 1, "2027.5", ERROR, "不是年份", "写成 2027:"),
    ("year-word", Y + "元旦:\n  holidays: [2027-01-01]\n", 4, "元旦", ERROR, "不是年份", "如 2027:"),
    ("year-too-early", "1999:\n  holidays: [1999-01-01]\n", 1, "1999", ERROR, "超出范围", "四位数字"),
    ("year-too-late", "2101:\n  holidays: [2101-01-01]\n", 1, "2101", ERROR, "超出范围", "四位数字"),
    ("year-twice", Y + "2027:\n  holidays: [2027-01-01]\n", 4, "2027", ERROR, "写了两段", "合并"),
    ("section-is-a-list", "2027:\n  - 2027-01-01\n", 1, "2027", ERROR, "两个列表", "holidays:"),
    ("section-is-a-date", "2027: 2027-01-01\n", 1, "2027", ERROR, "两个列表", "workdays:"),
    ("unknown-key", Y + "  holiday: [2027-02-05]\n", 4, "2027.holiday", ERROR, "没有这一项", "改成 holidays:"),
    ("unknown-key-zh", Y + "  上班: [2027-02-14]\n", 4, "2027.上班", ERROR, "没有这一项", "workdays"),
    ("list-is-a-date", "2027:\n  holidays: 2027-01-01\n", 2, "2027.holidays", ERROR, "应写成列表", "- 2027-01-01"),
    ("slashes", Y + "    - 2027/02/05\n", 4, "2027.holidays", ERROR, "不是 YYYY-MM-DD", "写成 2027-02-05"),
    ("chinese-date", Y + "    - 2027年2月5日\n", 4, "2027.holidays", ERROR, "不是 YYYY-MM-DD", "写成 2027-02-05"),
    ("digits-only", Y + "    - 20270205\n", 4, "2027.holidays", ERROR, "不是 YYYY-MM-DD", "写成 2027-02-05"),
    ("dash-range", Y + "    - 2027-02-05—2027-02-11\n", 4, "2027.holidays", ERROR, "不是 YYYY-MM-DD", "用 ~ 连接"),
    ("no-such-day", Y + "    - 2027-02-29\n", 4, "2027.holidays", ERROR, "2027年2月只有28天", "核对"),
    ("no-such-month", Y + "    - 2027-13-01\n", 4, "2027.holidays", ERROR, "不存在", "核对"),
    ("half-range", Y + "    - 2027-02-05 ~\n", 4, "2027.holidays", ERROR, "缺少开始或结束日期", "~"),
    ("three-ends", Y + "    - 2027-02-05 ~ 2027-02-08 ~ 2027-02-11\n", 4, "2027.holidays", ERROR, "不止一个", "两个"),
    (
        "range-backwards",
        Y + "    - 2027-02-11 ~ 2027-02-05\n",
        4,
        "2027.holidays",
        ERROR,
        "结束日期早于开始日期",
        "2027-02-05 ~ 2027-02-11",
    ),
    ("empty-entry", Y + "    -\n", 4, "2027.holidays", ERROR, "这一项是空的", "删掉"),
    ("entry-with-colon", Y + "    - 2027-02-05: 春节\n", 4, "2027.holidays", ERROR, "不要加冒号", "#"),
    ("wrong-year", Y + "    - 2028-01-01\n", 4, "2027.holidays", ERROR, "2028-01-01 不在 2027 年", "写在 2028: 下面"),
    (
        # 2026 is in the package: the hint warns that listing 2026 replaces the whole package year.
        "across-new-year",
        Y + "    - 2026-12-31 ~ 2027-01-02\n",
        4,
        "2027.holidays",
        ERROR,
        "跨了年",
        "2026-12-31 写在 2026: 下面；2027-01-01 ~ 2027-01-02 写在 2027: 下面。注意：写了 2026 年",
    ),
    (
        "in-both-lists",
        "2027:\n  holidays:\n    - 2027-02-05 ~ 2027-02-11\n  workdays:\n    - 2027-02-06\n",
        5,
        "2027.workdays",
        ERROR,
        "2027-02-06 同时写在了 holidays（第 3 行）和 workdays 里",
        "删掉",
    ),
    (
        "workday-on-a-weekday",
        Y + "  workdays:\n    - 2027-02-10\n",
        5,
        "2027.workdays",
        WARNING,
        "2027-02-10（星期三）本来就是工作日",
        "核对",
    ),
    ("empty-year", "2027:\n", 1, "2027", WARNING, "没有写放假的日子", "holidays"),
    ("empty-holidays", "2027:\n  holidays: []\n  workdays: [2027-02-14]\n", 1, "2027", WARNING, "只按周末", ""),
    ("package-year-cut", "2025:\n  holidays: [2025-01-01]\n", 1, "2025", WARNING, "比软件包少了", "写全"),
]


@pytest.mark.parametrize(
    ("text", "line", "field", "severity", "message", "hint"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID]
)
def test_each_mistake_gives_one_problem(tmp_path, text, line, field, severity, message, hint):
    cal, problems = load(tmp_path, text)
    [problem] = problems.items
    assert (problem.path, problem.line, problem.field, problem.severity) == (
        "records/holidays.yml",
        line,
        field,
        severity,
    )
    assert message in problem.message and hint in problem.hint
    assert problem.hint  # always says what to write instead
    assert isinstance(cal, Calendar)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("2027:\n  holidays: [2027-01-01]  # 元旦\n".encode("gbk"), "不是 UTF-8"),
        (b"%PDF-1.4 \x00\x01\x02", "PDF"),
    ],
    ids=["gbk", "pdf"],
)
def test_unreadable_file_is_a_problem_not_a_traceback(tmp_path, content, words):
    cal, problems = load(tmp_path, content)
    [problem] = problems.items
    assert words in problem.message and cal == OFFICIAL


def test_a_folder_named_holidays_yml(tmp_path):
    (tmp_path / "records" / "holidays.yml").mkdir(parents=True)
    problems = Problems(root=tmp_path)
    assert Calendar.load(tmp_path / "records" / "holidays.yml", problems) == OFFICIAL
    [problem] = problems.items
    assert "文件夹" in problem.message
