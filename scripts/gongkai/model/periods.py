"""How often a column must be updated (`update_within` in taxonomy.yml): `2 weeks`, `6 months`, `none`.

The national inspection reads a column as not updated when nothing new appeared in the period
before the monitoring day ("监测时间点前2周内", "前6个月内"): on day D a column whose newest item is
dated N is stale when N < D - period. Months are calendar months (31 August minus six months is
the last day of February), as a clerk counts them on a calendar.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: Unit as written -> (canonical unit, its Chinese name).
UNITS = {
    "day": "day", "days": "day", "天": "day", "日": "day",
    "week": "week", "weeks": "week", "周": "week", "星期": "week",
    "month": "month", "months": "month", "个月": "month", "月": "month",
    "year": "year", "years": "year", "年": "year",
}  # fmt: skip
NAMES = {"day": "天", "week": "周", "month": "个月", "year": "年"}
#: Written for a column that changes only on events (征地, 行政处罚 decisions …): never stale.
NONE_WORDS = ("none", "不要求", "不定期")
_PERIOD_RE = re.compile(r"(\d+)\s*([a-z]+|[\u4e00-\u9fff]+)")
HINT = (
    "写数字加单位，如 update_within: 2 weeks、6 months、1 year（也可写 14 days，或 2周、6个月、1年）；"
    "只在有事时才更新的栏目写 update_within: none。"
)


@dataclass(frozen=True)
class Period:
    """`count` units; `count` 0 is `none` (no update required)."""

    count: int
    unit: str = "day"

    def __bool__(self) -> bool:
        return self.count > 0

    @property
    def label(self) -> str:
        """As the report says it: `2 周`, `6 个月`, `不要求`."""
        return f"{self.count} {NAMES[self.unit]}" if self else "不要求"

    @property
    def months(self) -> float:
        """The length in months (a day being 1/30.4375 of one), to tell a 6-month column from a yearly one."""
        days = {"day": 1, "week": 7}.get(self.unit)
        return self.count * (12 if self.unit == "year" else 1) if days is None else self.count * days / 30.4375

    def before(self, day: dt.date) -> dt.date:
        """The first day of the period that ends on `day`: an item dated then or later is an update."""
        if self.unit in ("day", "week"):
            return day - dt.timedelta(days=self.count * (7 if self.unit == "week" else 1))
        return add_months(day, -self.count * (12 if self.unit == "year" else 1))

    def stale(self, newest: dt.date, day: dt.date) -> bool:
        """Whether a column whose newest item is dated `newest` counts as not updated on `day`."""
        return bool(self) and newest < self.before(day)

    def stale_from(self, newest: dt.date) -> dt.date:
        """The first day on which a column whose newest item is dated `newest` is stale."""
        months = self.count * (12 if self.unit == "year" else 1)
        guess = newest + dt.timedelta(days=self.count * 7 if self.unit == "week" else self.count)
        if self.unit in ("month", "year"):
            guess = add_months(newest, months) - dt.timedelta(days=3)  # at or before the answer
        while not self.stale(newest, guess):
            guess += dt.timedelta(days=1)
        return guess


NONE = Period(0)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months, kept within the month it lands in (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def parse(value) -> tuple[Period | None, str]:
    """`update_within` as written: (the period, "") or (None, what is wrong)."""
    if isinstance(value, bool) or value is None:
        return None, "没有写更新周期。"
    if isinstance(value, (int, float)):
        return None, f"“{value}”没有单位（天、周、个月还是年？）。"
    if not isinstance(value, str):
        return None, "更新周期应写成一段文字。"
    text = value.strip().lower()
    if text in NONE_WORDS:
        return NONE, ""
    m = _PERIOD_RE.fullmatch(text)
    if m is None or m[2] not in UNITS:
        return None, f"“{value.strip()[:20]}”不是更新周期。"
    count = int(m[1])
    if count < 1 or count > 100:
        return None, f"“{value.strip()}”：数字应在 1 到 100 之间。"
    return Period(count, UNITS[m[2]]), ""
