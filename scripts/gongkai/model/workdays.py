"""Working days for the deadlines of 依申请公开 (条例第三十三条: 20 working days, +20 when extended).

A day is a working day by the official calendar: Monday to Friday unless it is a holiday, plus the
调休 weekends the State Council declares working days. The source of truth is the `chinese_calendar`
package (one file of dates per year it covers, 2004–2026 in 1.11.0) plus the site file
`records/holidays.yml`, which adds a year the package does not know yet (the State Council announces
the next year in November, long before the package is updated) or replaces a year entirely:

    # 国务院办公厅公布的节假日安排。chinese-calendar 软件包尚未收录的年份写在这里；
    # 写了某一年，就以这里为准（整年替换软件包的数据）。
    2027:
      holidays:          # 放假的日子（连同其中的周末）；连续几天可写成区间
        - 2027-01-01
        - 2027-02-05 ~ 2027-02-11
      workdays:          # 调休上班的周末
        - 2027-02-14

- The top level maps a year (four digits, 2000–2100) to `holidays` and `workdays`, both optional
  lists; no other keys.
- An entry is `YYYY-MM-DD` or a range `YYYY-MM-DD ~ YYYY-MM-DD` (both ends included; `~`, `～`,
  `〜` or `至` between them, spaces optional). Every date lies in the year it is listed under.
- For a year in the file, a day is a working day iff it is in `workdays`, or it is Monday to Friday
  and not in `holidays`. Other years come from the package. A year neither covers raises
  `UncoveredYear`: a deadline is never counted silently over weekdays alone.

Problems (line, field `2027.holidays`, Chinese message and hint) go to `Problems`; bad entries are
skipped. A date in both lists and a wrong year are errors; a Monday–Friday in `workdays` (a working day
anyway) is a warning, and so is a file year that drops holidays or 调休 workdays the package has (the
trap of writing only the one December day of the next year's 元旦 under a year the package knows).
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from chinese_calendar import constants as _package

from gongkai.text import frontmatter, yamlio
from gongkai.text.dates import parse_date
from gongkai.text.problems import Problems

#: Years holidays.yml may declare.
MIN_YEAR, MAX_YEAR = 2000, 2100
KINDS = ("holidays", "workdays")

#: `〜` (wave dash) is what a Japanese-style input method types for ～; it looks the same.
_SEP_RE = re.compile(r"\s*[~～〜至]\s*")
_WEEKDAYS = "一二三四五六日"
_EXAMPLE = (
    "例如：\n      2027:\n        holidays:\n          - 2027-01-01\n          - 2027-02-05 ~ 2027-02-11\n"
    "        workdays:\n          - 2027-02-14"
)
_ENTRY_HINT = "日期写成 YYYY-MM-DD，如 2027-01-01；连续几天写成区间，如 2027-02-05 ~ 2027-02-11。"


class UncoveredYear(Exception):
    """A date whose year neither the package nor holidays.yml covers."""

    def __init__(self, year: int, covered: tuple[int, ...] = ()):
        self.year = year
        self.covered = tuple(covered)
        have = f"（现有 {_spans(self.covered)}的数据）" if self.covered else ""
        super().__init__(
            f"没有 {year} 年的节假日安排{have}，无法按工作日计算期限。"
            f"请照国务院办公厅公布的 {year} 年节假日安排，在 records/holidays.yml 里写上 {year} 年的放假"
            "和调休上班日期；或者更新 chinese-calendar 软件包（pip install -U chinese-calendar）。"
        )

    def __reduce__(self):  # the default would call UncoveredYear(message)
        return type(self), (self.year, self.covered)


@dataclass(frozen=True, repr=False)
class Calendar:
    """Which days are working days, for the years in `covered`.

    `holidays` and `workdays` hold the exceptions to Monday–Friday for every covered year (package and
    holidays.yml merged). Queries are set look-ups and a bisection in the sorted working days.
    """

    covered: frozenset[int]
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    #: Ordinals of every working day of the covered years, ascending.
    _ordinals: tuple[int, ...] = field(init=False, compare=False)

    def __post_init__(self):
        ordinals = []
        for year in sorted(self.covered):
            for o in range(dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal() + 1):
                day = dt.date.fromordinal(o)
                if day in self.workdays or (day.weekday() < 5 and day not in self.holidays):
                    ordinals.append(o)
        object.__setattr__(self, "_ordinals", tuple(ordinals))

    def __repr__(self) -> str:
        return f"Calendar({_spans(self.years())})"

    @classmethod
    def official(cls) -> Calendar:
        """The package's calendar alone (built once)."""
        return _official()

    @classmethod
    def load(cls, path: Path, problems: Problems) -> Calendar:
        """The package's calendar extended and overridden by `path` (records/holidays.yml, may be absent).

        Never raises on bad input: problems go to `problems`, bad entries are skipped.
        """
        path = Path(path)
        official = cls.official()
        if _absent_or_blank(path):
            return official
        data = frontmatter.read_yaml(path, problems)
        if data is None or data is frontmatter.UNREADABLE:  # only comments, or reported
            return official
        if not isinstance(data, yamlio.LineMap):
            problems.error(
                path,
                getattr(data, "line", 1) or 1,
                None,
                "节假日文件应按年份分段：每段以年份加冒号开头，下面写 holidays 和 workdays。",
                _EXAMPLE,
            )
            return official
        years = _read_years(path, data, problems, official)
        if not years:
            return official
        return official.replace_years(years)

    def replace_years(self, years: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]]) -> Calendar:
        """This calendar with each year of `years` (year -> (holidays, workdays)) replaced entirely."""
        return Calendar(
            self.covered | frozenset(years),
            frozenset(d for d in self.holidays if d.year not in years).union(*(h for h, _ in years.values())),
            frozenset(d for d in self.workdays if d.year not in years).union(*(w for _, w in years.values())),
        )

    def covers(self, year: int) -> bool:
        return year in self.covered

    def years(self) -> tuple[int, ...]:
        """The covered years, ascending (not necessarily contiguous: holidays.yml may skip one)."""
        return tuple(sorted(self.covered))

    def is_workday(self, day: dt.date) -> bool:
        """Whether `day` is a working day; raises `UncoveredYear` for a year without data."""
        day = _as_date(day)
        self._require(day.year, day.year)
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The `n`-th working day after `start` (`start` itself not counted, as 期间 are counted), n >= 1.

        Raises `UncoveredYear` for the first year without data that the count passes through.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be a positive int, not {n!r}")
        start = _as_date(start)
        i = bisect.bisect_right(self._ordinals, start.toordinal()) + n - 1
        if i >= len(self._ordinals):
            self._require(_year_after(start), None)  # always raises: some year after the last has no data
        end = dt.date.fromordinal(self._ordinals[i])
        self._require(_year_after(start), end.year)  # a year skipped in between has no data either
        return end

    def estimate_workdays(self, start: dt.date, n: int) -> dt.date:
        """`add_workdays`, with a year without data taken as Monday to Friday (an estimate: its
        holidays will move the day later, a weekend made a working day earlier)."""
        day, counted = _as_date(start), 0
        while counted < n:
            day += dt.timedelta(days=1)
            if day.year in self.covered:
                counted += self.is_workday(day)
            else:  # the days off every year has by law (元旦, 劳动节, 国庆节), whatever else it moves
                counted += day.weekday() < 5 and (day.month, day.day) not in _FIXED_HOLIDAYS
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days d with start < d <= end (0 if end <= start)."""
        start, end = _as_date(start), _as_date(end)
        if end <= start:
            return 0
        self._require(_year_after(start), end.year)
        return bisect.bisect_right(self._ordinals, end.toordinal()) - bisect.bisect_right(
            self._ordinals, start.toordinal()
        )

    def _require(self, first: int, last: int | None) -> None:
        """Raise `UncoveredYear` for the first year from `first` to `last` (or on, if None) without data."""
        year = first
        while last is None or year <= last:
            if year not in self.covered:
                raise UncoveredYear(year, self.years())
            year += 1


#: The public holidays of fixed dates (《全国年节及纪念日放假办法》): 1 January, 1–2 May, 1–3 October.
_FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})


@functools.cache
def _official() -> Calendar:
    holidays, workdays = frozenset(_package.holidays), frozenset(_package.workdays)
    # The package's own range check: min..max year of its holidays.
    first, last = min(holidays).year, max(holidays).year
    return Calendar(frozenset(range(first, last + 1)), holidays, workdays)


def _as_date(day) -> dt.date:
    # A datetime is a date, but never equal to one: it would miss every set look-up.
    if isinstance(day, dt.datetime):
        return day.date()
    if not isinstance(day, dt.date):
        raise TypeError(f"expected a datetime.date, not {type(day).__name__}")
    return day


def _year_after(day: dt.date) -> int:
    """The year of the day after `day`, without overflowing at date.max."""
    return day.year + 1 if (day.month, day.day) == (12, 31) else day.year


def _spans(years) -> str:
    """`2004—2026 年、2028 年`."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return "、".join(f"{a} 年" if a == b else f"{a}—{b} 年" for a, b in runs)


def _absent_or_blank(path: Path) -> bool:
    """No file, or an empty one: the package alone, no complaint. Anything odd is left to read_text."""
    try:
        if not path.exists() and not path.is_symlink():
            return True
        return path.is_file() and path.stat().st_size <= 4096 and not path.read_bytes().strip()
    except OSError:
        return False


# -- reading holidays.yml ---------------------------------------------------------------------------


def _read_years(path: Path, data: yamlio.LineMap, problems: Problems, official: Calendar) -> dict:
    """year -> (holidays, workdays) of every well-formed year section of the file."""
    out = {}
    for key, line in data.duplicates:
        problems.error(
            path,
            line,
            str(key),
            f"{key} 年写了两段，只有后一段有效。",
            f"把两段合并成一段：{key}: 只写一次，放假的日子都列在它的 holidays 下。",
        )
    for key, section in data.items():
        line = data.line_of(key)
        year = _year(path, key, line, problems)
        if year is None:
            continue
        before = len(problems.items)
        days = _read_section(path, year, section, line, problems)
        if days is None:
            continue
        out[year] = days
        if len(problems.items) == before:  # a section with errors already says what to fix
            _check_against(path, year, line, days, section, problems, official)
    return out


def _year(path, key, line, problems) -> int | None:
    text = str(key).strip()
    if re.fullmatch(r"[0-9]{4}", text):
        year = int(text)
        if MIN_YEAR <= year <= MAX_YEAR:
            return year
        problems.error(
            path,
            line,
            text,
            f"年份 {year} 超出范围（只能写 {MIN_YEAR}—{MAX_YEAR} 年）。",
            "核对年份，写四位数字，如 2027:",
        )
        return None
    digits = re.search(r"[0-9]{4}", unicodedata.normalize("NFKC", text))
    problems.error(
        path,
        line,
        text,
        f"“{text}”不是年份：每段应以四位数字的年份开头。",
        f"写成 {digits.group()}:（半角数字，后面是英文冒号）" if digits else "写成四位数字的年份加英文冒号，如 2027:",
    )
    return None


def _read_section(path, year, section, line, problems):
    """(holidays, workdays) of one year's section, or None when it is not a mapping at all."""
    if section is None:  # `2027:` alone: an empty year, warned about in _check_against
        section = yamlio.LineMap()
        section.line, section.key_lines, section.duplicates = line, {}, []
    if not isinstance(section, yamlio.LineMap):
        problems.error(
            path,
            line,
            str(year),
            f"{year} 年下面应写 holidays（放假的日子）和 workdays（调休上班的周末）两个列表。",
            _EXAMPLE.replace("2027", str(year)),
        )
        return None
    for key in section:
        if key not in KINDS:
            problems.error(
                path,
                section.line_of(key),
                f"{year}.{key}",
                "没有这一项：每一年只能写 holidays（放假的日子）和 workdays（调休上班的周末）。",
                _kind_hint(str(key)),
            )
    entries = {kind: _entries(path, year, kind, section, problems) for kind in KINDS}
    holidays = {d: n for n, a, b in entries["holidays"] for d in _days(a, b)}
    workdays = set()
    for n, a, b in entries["workdays"]:
        days = _days(a, b)
        both = [d for d in days if d in holidays]
        if both:
            problems.error(
                path,
                n,
                f"{year}.workdays",
                f"{_list(both)} 同时写在了 holidays（第 {holidays[both[0]]} 行）和 workdays 里。",
                "一天要么放假，要么调休上班：照国务院办公厅的通知，删掉写错的那一处。",
            )
        weekdays = [d for d in days if d.weekday() < 5 and d not in holidays]
        if weekdays:
            problems.warn(
                path,
                n,
                f"{year}.workdays",
                f"{_list(weekdays, weekday=True)}本来就是工作日；workdays 只写调休上班的星期六、星期日。",
                "核对通知上的调休上班日期，改正这一行，或删掉它。",
            )
        workdays.update(d for d in days if d not in holidays)
    return frozenset(holidays), frozenset(workdays)


def _kind_hint(key: str) -> str:
    guess = difflib.get_close_matches(key.lower(), KINDS, n=1, cutoff=0.6)
    if guess:
        return f"改成 {guess[0]}:"
    if "班" in key:
        return "调休上班的周末写在 workdays: 下面。"
    if "假" in key or "休" in key:
        return "放假的日子写在 holidays: 下面。"
    return "放假的日子写在 holidays: 下面，调休上班的周末写在 workdays: 下面；说明文字写在 # 后面作注释。"


def _entries(path, year, kind, section, problems) -> list[tuple[int, dt.date, dt.date]]:
    """(line, first day, last day) of each good entry of `section[kind]`."""
    name = f"{year}.{kind}"
    value = section.get(kind)
    line = section.line_of(kind)
    if value is None:
        return []
    if not isinstance(value, yamlio.LineList):
        problems.error(
            path,
            line,
            name,
            f"{kind} 应写成列表：每行一个日期或日期区间，以“- ”开头。",
            f"例如：\n      {kind}:\n        - {year}-01-01\n        - {year}-02-05 ~ {year}-02-11",
        )
        return []
    out = []
    for item, n in zip(value, value.item_lines, strict=True):
        parsed = _entry(item)
        if isinstance(parsed[0], str):
            problems.error(path, n, name, *parsed)
            continue
        first, last = parsed
        if first.year != year or last.year != year:
            problems.error(path, n, name, *_wrong_year(year, first, last))
            continue
        out.append((n, first, last))
    return out


def _entry(item) -> tuple[dt.date, dt.date] | tuple[str, str]:
    """(first, last) of one list entry, or (message, hint)."""
    if item is None:
        return "这一项是空的。", "写上日期，如 - 2027-01-01；或者删掉这一行。"
    if isinstance(item, dict):
        return (
            "这里应只写一个日期或日期区间，日期后面不要加冒号。",
            "要注明是什么节日，写在 # 后面作注释，如 - 2027-01-01  # 元旦",
        )
    if isinstance(item, list):
        return "这里应只写一个日期或日期区间，不要写成列表。", _ENTRY_HINT
    text = str(item).strip()
    parts = _SEP_RE.split(text)
    if len(parts) > 2:
        return f"“{text}”里有不止一个 ~。", "区间只写开始和结束两个日期，如 2027-02-05 ~ 2027-02-11。"
    if "" in parts:
        return f"区间“{text}”缺少开始或结束日期。", "写全两个日期，如 2027-02-05 ~ 2027-02-11。"
    days = [_day(p) for p in parts]
    for d in days:
        if isinstance(d, tuple):
            return d
    first, last = days[0], days[-1]
    if last < first:
        return (
            f"区间 {text} 的结束日期早于开始日期。",
            f"先写开始日期、后写结束日期（如 {last.isoformat()} ~ {first.isoformat()}），并核对通知上的日期。",
        )
    return first, last


def _day(text: str) -> dt.date | tuple[str, str]:
    if len(re.findall(r"[0-9]{4}", unicodedata.normalize("NFKC", text))) >= 2:
        hint = "区间的两个日期之间用 ~ 连接，如 2027-02-05 ~ 2027-02-11。"
    else:
        hint = _ENTRY_HINT
    day, message, fix = parse_date(text, hint, "核对国务院办公厅通知上的日期。")
    return day if day is not None else (message, fix)


def _wrong_year(year: int, first: dt.date, last: dt.date) -> tuple[str, str]:
    """Message and hint for an entry (partly) outside the year it is listed under: where each part goes."""
    pieces = []
    for y in range(first.year, last.year + 1):
        a, b = max(first, dt.date(y, 1, 1)), min(last, dt.date(y, 12, 31))
        pieces.append((y, a.isoformat() if a == b else f"{a.isoformat()} ~ {b.isoformat()}"))
    what = first.isoformat() if first == last else f"区间 {first.isoformat()} ~ {last.isoformat()}"
    message = f"{what} 不在 {year} 年。" if year not in range(first.year, last.year + 1) else f"{what} 跨了年。"
    hint = "每个日期写在它所在的年份下面" + ("，跨年的区间拆成两段" if len(pieces) > 1 else "") + "："
    hint += "；".join(f"{text} 写在 {y}: 下面" for y, text in pieces) + "。"
    others = [y for y, _ in pieces if y != year and y in _official().covered]
    if others:
        hint += (
            f"注意：写了 {others[0]} 年，就整年替换 chinese-calendar 软件包里 {others[0]} 年的数据，"
            f"要照通知把 {others[0]} 年的放假和调休上班日期写全。"
        )
    return message, hint


def _check_against(path, year, line, days, section, problems, official: Calendar) -> None:
    """Warn about a year that is probably not what the clerk meant: empty, or dropping the package's days."""
    holidays, workdays = days
    if not official.covers(year):
        if not section or not section.get("holidays"):
            problems.warn(
                path,
                line,
                str(year),
                f"{year} 年没有写放假的日子，将只按周末计算工作日。",
                f"照国务院办公厅公布的 {year} 年节假日安排，在 holidays 下写上放假的日子。",
            )
        return

    # Only what the file takes away matters: adding a holiday is what an override is for.
    def works(d):
        return d in workdays or (d.weekday() < 5 and d not in holidays)

    lost_holidays = sorted(d for d in official.holidays if d.year == year and not official.is_workday(d) and works(d))
    lost_workdays = sorted(d for d in official.workdays if d.year == year and not works(d))
    if not lost_holidays and not lost_workdays:
        return
    lost = []
    if lost_holidays:
        lost.append(f"{len(lost_holidays)} 个放假日（{_list(lost_holidays)}）")
    if lost_workdays:
        lost.append(f"{len(lost_workdays)} 个调休上班日（{_list(lost_workdays)}）")
    problems.warn(
        path,
        line,
        str(year),
        f"chinese-calendar 软件包已有 {year} 年的数据；这里写了 {year} 年，就整年替换软件包的数据，"
        f"比软件包少了 {'、'.join(lost)}。",
        f"如果只是补充或更正几天，请照国务院办公厅的通知把 {year} 年的放假和调休上班日期写全；"
        "确实要取消这些安排，可以不理会本警告。",
    )


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [dt.date.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]


def _list(days: list[dt.date], weekday: bool = False, most: int = 3) -> str:
    """`2027-02-10（星期三）、2027-02-11（星期四）等 5 天`."""
    shown = [d.isoformat() + (f"（星期{_WEEKDAYS[d.weekday()]}）" if weekday else "") for d in days[:most]]
    return "、".join(shown) + (f" 等 {len(days)} 天" if len(days) > most else "")
