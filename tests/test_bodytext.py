"""A body's text as a reader reads it (gongkai.text.bodytext): what the search index holds and the
内容概述 shows when a record has none of its own. Each case is markup that a pattern over the
Markdown source misreads and the page does not show."""

from __future__ import annotations

import pytest

from gongkai.text.bodytext import read


def lines(body: str) -> list[str]:
    return list(read(body).lines)


@pytest.mark.parametrize(
    "body, shown",
    [
        # Emphasis around a word leaves no space where its marks were.
        ("1. **公务接待费**5.12万元，共78批次。", "公务接待费5.12万元，共78批次。"),
        # An escaped mark is the mark; a character reference is its character.
        (r"第\*1\*条，A &amp; B，&lt;附件&gt;", "第*1*条，A & B，<附件>"),
        # A word with underscores is not emphasis; inline code is shown as written, unescaped.
        ("变量 snake_case_name 与 `a < b && c`", "变量 snake_case_name 与 a < b && c"),
        # A link's and an image's text; an attribute list is not text.
        ("见[附件一](files/a.pdf){: download } ![示意图](files/map.png)", "见附件一 示意图"),
        # Inline HTML: tags join what they hold, a comment and a script show nothing.
        ("H<sub>2</sub>O<!-- 13912345678 --><script>alert(1)</script>排放", "H2O排放"),
        # A footnote's number is the superscript the page shows, never a digit joined to the next
        # word (139123[^1]45678 is no mobile number on the page, nor here).
        ("标准为800元[^1]。\n\n[^1]: 2024年起执行。", "标准为800元¹。"),
        ("联系电话139123[^1]45678。\n\n[^1]: 注。", "联系电话139123¹45678。"),
        # What the sanitizer drops with its content, a self-closed <style/> included (a browser
        # ignores its /), shows nothing; a clerk's class is only a class.
        ("正文<b>x</b><style/>内部意见不予公开", "正文x"),
        ("正文<noscript>内部意见</noscript>说明。", "正文说明。"),
        ("本段页面可见。\n{: .footnote-ref }", "本段页面可见。"),
        # Markdown inside HTML inside Markdown: no placeholder of the parser's is left; nor a control
        # character (a feed cannot hold it).
        ('<!-- 注 -->说明<div markdown="1"><div>内容</div></div>', "说明"),
        ("正文\x01内容\x1b。", "正文内容。"),
        # An e-mail address (Markdown writes it as character references).
        ("来信请寄 <xxgk@example.gov.cn>", "来信请寄 xxgk@example.gov.cn"),
    ],
)
def test_the_first_line_is_what_the_page_shows(body, shown):
    assert lines(body)[0] == shown


def test_each_block_is_a_line_and_a_tables_cells_are_joined():
    body = """\
## 一、调整标准

| 项目 | 标准<br>（元/月） |
|---|:--:|
| 城市低保 | 780 |

<table><tr><th>号码</th><td>138</td><td>1234</td></tr></table>

- 第一项
    1. 其中之一
- 第二项

!!! note "说明"
    以批复为准。

    第二段

```
代码 < 1
第二行
```

> 引用**一**
"""
    assert lines(body) == [
        "一、调整标准",
        "项目、标准 （元/月）",
        "城市低保、780",
        "号码、138、1234",  # pasted HTML too: cells never run into one number
        "第一项",
        "其中之一",
        "第二项",
        "说明",
        "以批复为准。",
        "第二段",
        "代码 < 1",
        "第二行",
        "引用一",
    ]


def test_a_pilcrow_in_a_body_is_a_space_as_it_separates_the_index_lines():
    assert lines("甲¶乙") == ["甲 乙"]


@pytest.mark.parametrize(
    "body, first",
    [
        ("# 标题\n\n| a |\n|---|\n| 1 |\n\n第一段 **要点**。\n\n第二段。", "第一段 要点。"),
        ("> 引用的 **第一段**，见[附件](files/a.pdf)。\n\n第二段。", "引用的 第一段，见附件。"),
        # A paragraph of images alone, pasted HTML, a list: not the 内容概述.
        ("![图](a.png) ![图二](b.png)\n\n<div>原始</div>\n\n- 项\n\n正文在此。", "正文在此。"),
        ("第一行\n第二行<br>第三行", "第一行 第二行 第三行"),
        ("# 只有标题\n", ""),
        ("<p>只有 HTML</p>", ""),
    ],
)
def test_the_first_paragraph_is_the_first_one_at_the_top(body, first):
    assert read(body).first == first


def test_a_style_opened_in_one_block_hides_the_blocks_after_it_as_on_the_page():
    assert lines("正文<style>\n\n内部意见不予公开\n\n</style>结尾。\n\n- 列表项") == ["正文结尾。", "列表项"]


def test_no_placeholder_or_control_character_is_left_in_any_line():
    nested = '<div markdown="1"><div markdown="1">**内**<b>容</b></div></div>'
    body = f"正文[^1]。\n\n{nested}\n\n[^1]: 见 H<sub>2</sub>O 标准。"
    text = read(body)
    assert text.lines == ("正文¹。", "内容", "见 H2O 标准。")
    assert not any(ord(c) < 32 for line in (*text.lines, text.first) for c in line)


def test_a_parser_left_half_way_by_an_error_is_not_used_again():
    with pytest.raises(RecursionError):
        read("- " * 1200 + "项")  # refused by check (tests/test_hostile_text.py) before a build reads it
    assert read("正文第一段。\n\n第二段。").first == "正文第一段。"
