"""Dates as clerks write them: `YYYY-MM-DD`, and what to say when a date is not one."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

# ASCII digits only: a date in full-width or other digits is said, with the date to write instead.
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
#: A date as a clerk may type it: 2025/7/1, 2025.7.1, 2025－7－1, 2025年7月1日 (read after NFKC).
_LOOSE_DATE_RE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")
DEFAULT_HINT = "日期写成 YYYY-MM-DD，如 2025-03-05。"


def parse_date(value, hint: str = DEFAULT_HINT, check: str = "核对原件上的日期。") -> tuple[dt.date | None, str, str]:
    """A `YYYY-MM-DD` value as a date, or (None, what is wrong, what to write instead).

    The one reading of a date (records, ledgers, reports, holidays, the CLI): `hint` is what to
    write when nothing like a date was recognised, `check` what to do when the day does not exist.
    """
    text = str(value).strip()
    m = _DATE_RE.fullmatch(text)
    if m is None:
        norm = unicodedata.normalize("NFKC", text)
        norm = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in norm)  # ٢٠٢٥ -> 2025
        loose = _LOOSE_DATE_RE.fullmatch(norm) or re.fullmatch(r"([0-9]{4})([0-9]{2})([0-9]{2})", norm)
        message = f"“{text}”不是 YYYY-MM-DD 格式的日期。"
        if loose:
            y, mo, d = (int(g) for g in loose.groups())
            why = _missing_day(y, mo, d)
            if why is None:
                return None, message, f"写成 {y:04d}-{mo:02d}-{d:02d}"
            # Rewriting it would only give a day that does not exist either: the original says which.
            return (
                None,
                f"“{text}”不是 YYYY-MM-DD 格式的日期，这一天也不存在（{why}）。",
                (check.rstrip("。") + "，" + DEFAULT_HINT.removeprefix("日期")),
            )
        return None, message, hint
    y, mo, d = (int(g) for g in m.groups())
    why = _missing_day(y, mo, d)
    if why is not None:
        return None, f"日期 {text} 不存在（{why}）。", check
    return dt.date(y, mo, d), "", ""


def _missing_day(y: int, mo: int, d: int) -> str | None:
    """Why the day y-mo-d does not exist, or None when it does."""
    if not 1 <= y <= 9999:
        return "年份应在 0001–9999 之间"
    if not 1 <= mo <= 12:
        return "月份应在 01–12 之间"
    last = calendar.monthrange(y, mo)[1]
    return None if 1 <= d <= last else f"{y}年{mo}月只有{last}天"


def loose_date(text: str) -> dt.date | None:
    """A date typed to a question (`gongkai new`): `YYYY-MM-DD` or a loose form as above; None when
    it is none, or a day that does not exist."""
    text = unicodedata.normalize("NFKC", text.strip())
    m = _DATE_RE.fullmatch(text) or _LOOSE_DATE_RE.fullmatch(text)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:  # 2025-02-30
        return None
