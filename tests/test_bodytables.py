"""Tables in a body that Python-Markdown will not show as written: said at their line, and only those
(each case is rendered by Python-Markdown itself, with the extensions MkDocs uses here)."""

from __future__ import annotations

import markdown
import pytest

from conftest import flat
from gongkai.text.bodytables import cells, findings

#: name -> (body, the 0-based line said, or None when the table shows as written).
CASES = {
    "a row with a cell too many": ("| 项目 | 24 | 25 |\n| --- | --- | --- |\n| 接待费 | 85.30 | 90.10 | -4.80 |\n", 2),
    "a separator of another width": ("| 项目 | 金额 |\n| --- | --- | --- |\n| 接待费 | 85.30 |\n", 1),
    "no separator": ("| 项目 | 金额 |\n| 接待费 | 85.30 |\n", 0),
    "full-width bars": ("｜项目｜金额｜\n｜接待费｜85.30｜\n", 0),
    "tabs from Word": ("项目\t金额\n接待费\t85.30\n", 0),
    "right under a line of text": ("说明如下：\n| 项目 | 金额 |\n| --- | --- |\n| 接待费 | 85.30 |\n", 1),
    "a good table": ("| 项目 | 金额 |\n| :--- | ---: |\n| 接待费 | 85.30 |\n| 短 |\n", None),
    "bars in code and escaped": ("| 项目 | 金额 |\n| --- | --- |\n| `a|b` | 1 |\n| c \\| d | 2 |\n", None),
    "no outer bars": ("项目 | 金额\n--- | ---\n接待费 | 85.30\n", None),
    "a bar or two in prose": ("选项 A|B 之一。\n另一行 C|D。\n", None),
    "in a code block": ("```\n| 项目 | 金额 |\n| 接待费 | 85.30 |\n```\n", None),
    # Valid Markdown the first version warned of (a reviewer's cases): Word's numbered and bulleted
    # paragraphs, bars aligned by tabs, a table in a quotation.
    "a numbered list with tabs": ("1.\t第一条\n2.\t第二条\n", None),
    "a bulleted list with tabs": ("-\t甲\n-\t乙\n", None),
    "bars aligned by tabs": ("| 项目\t| 金额\t|\n| ---\t| ---\t|\n| 接待费\t| 85.30\t|\n", None),
    "a table in a quotation": ("> | a | b |\n> | --- | --- |\n> | 1 | 2 |\n", None),
}


def shown(body: str) -> str:
    return markdown.markdown(body, extensions=["tables", "md_in_html", "attr_list", "fenced_code"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_table_is_said_exactly_when_it_does_not_show_as_written(name):
    body, line = CASES[name]
    said = findings(body)
    assert [n for n, _, _ in said] == ([] if line is None else [line])
    html = shown(body)
    if line is None or name == "a row with a cell too many":
        # The cases said nothing about are tables (or no table was meant); the one with a cell too
        # many is a table whose extra cell is lost.
        assert ("<table>" in html) == ("|" in body and "```" not in body and "prose" not in name), html
        if "list" in name:
            assert "<li>" in html
    else:
        assert "<table>" not in html, html
    if name == "a row with a cell too many":
        assert "-4.80" not in html


@pytest.mark.parametrize(
    "line",
    ["`" * 20_000 + "a | b", "|---" + " " * 60_000 + "x", "``a`" * 20_000, "| " + "`` ` " * 20_000 + "|"],
    ids=["backticks", "spaces", "unclosed spans", "spans in a row"],
)
def test_a_long_line_of_backticks_or_spaces_is_read_at_once(line):
    # The first version's patterns were cubic on backticks and quadratic on spaces: minutes.
    body = f"{line}\n| --- | --- |\n| 1 | 2 |\n"
    assert isinstance(findings(body), list)  # a hang fails the suite's timeout, not a clock here


def test_cells_are_counted_as_python_markdown_counts_them():
    assert cells("| a | b |") == cells("a | b") == cells("| a | `x|y` |") == cells("| a | c \\| d |") == 2


def test_check_says_it_at_the_records_line_and_passes(site):
    body = "说明。\n\n| 项目 | 2024 | 2025 |\n| --- | --- | --- |\n| 公务接待费 | 85.30 | 90.10 | -4.80 |\n"
    path = site.good(body=body)
    line = path.read_text(encoding="utf-8").split("\n").index("| 公务接待费 | 85.30 | 90.10 | -4.80 |") + 1
    done = site.gongkai("check")
    assert done.returncode == 0
    assert f"czj-00001.md:{line}: 警告 表格这一行有 4 格，表头只有 3 列：多出的 1 格不会显示。" in flat(done.stderr)
