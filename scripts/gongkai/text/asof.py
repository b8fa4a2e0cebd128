"""The day the site is built as of, in China Standard Time: records dated later wait for it.

A record whose `published` date is still to come is checked like any other but not published
until that day (定时发布): the daily scheduled build publishes it. `GONGKAI_AS_OF=YYYY-MM-DD`
(or `gongkai check --as-of`) builds or checks the site as of another day, to preview it.
"""

from __future__ import annotations

import datetime as dt
import os

from gongkai.text.dates import parse_date

#: China Standard Time: no daylight saving, so a fixed offset is exact (and needs no tz database).
CST = dt.timezone(dt.timedelta(hours=8), "CST")

#: The environment variable that sets the day (`mkdocs build` takes no options of ours).
ENV = "GONGKAI_AS_OF"


def today_cst() -> dt.date:
    return dt.datetime.now(CST).date()


def as_of_from_env() -> dt.date:
    """The day `GONGKAI_AS_OF` names, else today in Beijing; ValueError (in Chinese) for a bad value."""
    text = os.environ.get(ENV, "").strip()
    if not text:
        return today_cst()
    day, message, _ = parse_date(text)
    if day is None:
        raise ValueError(f"环境变量 {ENV}={message}" if message.startswith("“") else f"环境变量 {ENV}：{message}")
    return day
