"""Rules by the day they took effect: the 2007 条例's deadlines before 2019-05-15, the 2019 条例's from
then on; the 信息处理费 办法 only from 2021-01-01; and the wording each rule gives the generated text."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from conftest import flat
from gongkai.model import rules
from gongkai.model.ledgers import Request, deadlines
from gongkai.model.taxonomy import Agency
from gongkai.model.workdays import Calendar
from gongkai.publish.statpages import deadline_wording, fee_sentences
from gongkai.text.problems import Problems

AGENCY = Agency("测试县财政局", "czj", "县直部门")


def request(case: str, received: str, replied: str | None = None, **more) -> Request:
    day = dt.date.fromisoformat
    return Request(case, AGENCY, day(received), "自然人", day(replied) if replied else None, **more)


def test_deadlines_follow_the_regulation_in_force_on_the_day_received():
    # Counted by hand on the 2019 calendar (劳动节 5月1日—4日, 端午 6月7日).
    # Received Tuesday 2019-05-14, the 2007 条例: 15 working days -> 2019-06-04.
    # Received Wednesday 2019-05-15, the 2019 条例: 20 working days -> 2019-06-13 (端午 not counted).
    cases = [
        request("YSQ-2019-01", "2019-05-14", "2019-06-05", outcome="予以公开"),
        request("YSQ-2019-02", "2019-05-15", "2019-06-05", outcome="予以公开"),
        request("YSQ-2019-03", "2019-05-14", extended=True),  # 30 working days -> 2019-06-26
        request("YSQ-2019-04", "2019-05-15", extended=True),  # 40 working days -> 2019-07-11
    ]
    problems = Problems()
    due = deadlines(cases, Calendar.official(), problems)
    assert not problems.items
    assert due.due == {
        "YSQ-2019-01": dt.date(2019, 6, 4),
        "YSQ-2019-02": dt.date(2019, 6, 13),
        "YSQ-2019-03": dt.date(2019, 6, 26),
        "YSQ-2019-04": dt.date(2019, 7, 11),
    }
    assert due.late == {"YSQ-2019-01"}  # the same reply day is late under the old rule only
    assert [c.rule.name for c in cases] == ["2007年条例", "2019年条例", "2007年条例", "2019年条例"]


def test_fee_rules_take_effect_on_their_day():
    assert rules.fee_rule(dt.date(2019, 5, 14)) is rules.FEE_2007
    assert rules.fee_rule(dt.date(2019, 5, 15)) is rules.FEE_NONE
    assert rules.fee_rule(dt.date(2020, 12, 31)) is rules.FEE_NONE
    assert rules.fee_rule(dt.date(2021, 1, 1)) is rules.FEE_2021


def test_a_fee_without_a_rule_is_warned_at_its_line(site):
    ledger = site.root / "records" / "requests" / "2020.yml"
    ledger.parent.mkdir(parents=True)
    row = "- id: {id}\n  agency: 测试县财政局\n  received: {day}\n  applicant: 自然人\n  replied: {reply}\n"
    row += "  outcome: 予以公开\n  fee: 100\n"
    ledger.write_text(
        row.format(id="YSQ-2018-01", day="2018-03-01", reply="2018-03-05")  # 2007 条例: cost fees allowed
        + row.format(id="YSQ-2020-01", day="2020-12-31", reply="2021-01-06")  # no fee rule then
        + row.format(id="YSQ-2021-01", day="2021-01-04", reply="2021-01-06"),  # the 办法
        encoding="utf-8",
    )
    site.good()
    result = site.gongkai("check")
    assert result.returncode == 0, result.stderr
    said = flat(result.stderr)
    assert "records/requests/2020.yml:14: 警告 fee（信息处理费）：这件申请 2020-12-31 收到" in said
    assert said.count("fee（信息处理费）") == 1


def test_the_wording_follows_the_rules_of_the_requests_shown():
    old, new = dt.date(2017, 3, 1), dt.date(2024, 3, 1)
    assert "《政府信息公开条例》（2007年）第二十四条：自收到申请之日起 15 个工作日内答复" in deadline_wording([old])
    assert "20 个工作日" not in deadline_wording([old])
    assert "15 个工作日" not in deadline_wording([new]) and "20 个工作日" in deadline_wording([new])
    both = deadline_wording([old, new])
    assert "2019年5月15日以前收到的申请，《政府信息公开条例》（2007年）第二十四条" in both
    assert "此后收到的申请，《政府信息公开条例》（2019年修订）第三十三条：自收到申请之日起 20 个工作日内答复" in both
    assert deadline_wording([]) == ""
    # Section 六: a 2017 report never cites the 2020 办法; a 2024 one does.
    assert fee_sentences({}, 2017) == ["本年度依申请提供政府信息未收取费用"]
    assert fee_sentences({"成本费用": 30}, 2017) == [
        "依据《政府信息公开条例》（2007年）第二十七条收取检索、复制、邮寄等成本费用 30 元"
    ]
    assert fee_sentences({}, 2024) == ["依据《政府信息公开信息处理费管理办法》实际收取信息处理费 0 元"]
    assert fee_sentences({"信息处理费": 250}, 2024) == [
        "依据《政府信息公开信息处理费管理办法》实际收取信息处理费 250 元"
    ]


REPORT_2019 = """\
---
title: 测试县人民政府2019年政府信息公开工作年度报告
published: 2020-01-20
permits: 0
penalties: 0
enforcements: 0
fees_wan: 0
---

## 一、总体情况

总体情况。

## 五、存在的主要问题及改进情况

问题。

## 六、其他需要报告的事项

其他。
"""


def test_a_frozen_report_keeps_the_deadline_wording_it_was_published_with(site):
    site.good(index_no="czj/2019-00001", published="2019-06-01")
    (site.root / "records" / "reports").mkdir()
    (site.root / "records" / "reports" / "2019.md").write_text(REPORT_2019, encoding="utf-8")
    ledger = site.root / "records" / "requests" / "2019.yml"
    ledger.parent.mkdir()
    row = "- {{id: {id}, agency: 测试县财政局, received: {day}, applicant: 自然人, replied: {reply},\n"
    row += "   outcome: 予以公开}}\n"
    new = row.format(id="YSQ-2019-02", day="2019-05-20", reply="2019-06-03")
    ledger.write_text(new, encoding="utf-8")
    frozen = site.gongkai("report", "2019", "--freeze")
    assert frozen.returncode == 0, frozen.stderr
    assert "依申请公开,期限：2019年条例,件,1,台账,YSQ-2019-02" in (
        site.root / "records" / "reports" / "2019.frozen.csv"
    ).read_text(encoding="utf-8")

    def wording():
        built = site.mkdocs("build", "--strict")
        assert built.returncode == 0, built.stderr
        text = BeautifulSoup(site.html("xxgk/nianbao/2019/index.html"), "html.parser").get_text()
        return "（2007年）第二十四条" in text, "（2019年修订）第三十三条" in text

    assert wording() == (False, True)
    # A request received under the 2007 条例, entered after publication: the published page is unchanged,
    # its wording included; the 统计 page, which is no legal document, names both rules.
    ledger.write_text(new + row.format(id="YSQ-2019-01", day="2019-03-01", reply="2019-03-08"), encoding="utf-8")
    assert wording() == (False, True)
    assert "（2007年）第二十四条" in BeautifulSoup(site.html("xxgk/tongji/index.html"), "html.parser").get_text()
    (site.root / "records" / "reports" / "2019.frozen.csv").unlink()
    assert wording() == (True, True)
