"""The rules of 依申请公开 by the day each took effect: a request is handled under the rules in force
on the day it was received, and the report's wording follows the rule it applied.

- 《政府信息公开条例》 (国务院令第492号, 2007): 第二十四条, reply within 15 working days, extension at
  most 15; the time spent consulting a third party is not counted. In force until 2019-05-14.
- 《政府信息公开条例》 (国务院令第711号, 2019 revision), in force from 2019-05-15: 第三十三条, 20 working
  days, extension at most 20; consulting third parties or other agencies is not counted.
- 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号, signed 2020-11-17; in force from 2021-01-01 by
  its last article as remembered: the reference notes give only the signing date): the 信息处理费 of
  条例第四十二条. Before it the 2007 条例 (第二十七条) allowed only the cost of 检索、复制、邮寄, and from
  2019-05-15 to 2020-12-31 the 2019 条例 gave no fee schedule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: The day the 2019 revision took effect (国务院令第711号): requests received from it on follow it.
REGULATION_2019 = dt.date(2019, 5, 15)
#: The day the 信息处理费 办法 took effect.
FEE_MEASURES = dt.date(2021, 1, 1)


@dataclass(frozen=True)
class ReplyRule:
    """The reply deadline a request received on some day was under."""

    name: str  # 2007年条例 / 2019年条例
    article: str  # the article that sets it
    workdays: int
    extension: int

    def describe(self) -> str:
        return (
            f"{self.article}：自收到申请之日起 {self.workdays} 个工作日内答复，"
            f"经批准延期的再加 {self.extension} 个工作日"
        )


REPLY_2007 = ReplyRule("2007年条例", "《政府信息公开条例》（2007年）第二十四条", 15, 15)
REPLY_2019 = ReplyRule("2019年条例", "《政府信息公开条例》（2019年修订）第三十三条", 20, 20)


def reply_rule(received: dt.date) -> ReplyRule:
    """The deadline rule of a request received on `received`."""
    return REPLY_2007 if received < REGULATION_2019 else REPLY_2019


def reply_rules_between(first: dt.date, last: dt.date) -> list[ReplyRule]:
    """The rules of requests received from `first` to `last`, oldest first."""
    return [rule for rule in (REPLY_2007, REPLY_2019) if _in_force(rule, first, last)]


def _in_force(rule: ReplyRule, first: dt.date, last: dt.date) -> bool:
    return last >= REGULATION_2019 if rule is REPLY_2019 else first < REGULATION_2019


@dataclass(frozen=True)
class FeeRule:
    """What a fee charged for a request received on some day was, and how the report names it."""

    name: str
    charged: str  # the sentence's start when a fee was charged
    allowed: bool  # whether a fee could lawfully be charged at all


FEE_2007 = FeeRule("成本费用", "依据《政府信息公开条例》（2007年）第二十七条收取检索、复制、邮寄等成本费用", True)
FEE_NONE = FeeRule("无收费依据", "收取费用", False)
FEE_2021 = FeeRule("信息处理费", "依据《政府信息公开信息处理费管理办法》实际收取信息处理费", True)


def fee_rule(received: dt.date) -> FeeRule:
    """The fee rule of a request received on `received`."""
    if received < REGULATION_2019:
        return FEE_2007
    return FEE_NONE if received < FEE_MEASURES else FEE_2021
