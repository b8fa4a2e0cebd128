"""What the checks read of a body as text: what Python-Markdown (with MkDocs' fenced_code) does not
read as a code block."""

from __future__ import annotations

import markdown
import pytest

from gongkai.text.bodylinks import lines_outside_code

CASES = {
    "closed": ("```python\n代码A\n```\n正文B", ["正文B"]),
    "attributes": ("``` { .py }\n代码A\n```\n正文B", ["正文B"]),
    "never-closed": ("```\n正文A\n正文B", ["```", "正文A", "正文B"]),
    "closed-by-a-longer-fence-is-not": ("```\n代码A\n````\n代码X\n```\n正文Y", ["正文Y"]),
    "four-not-closed-by-three": ("````\n代码A\n```\n代码X\n````\n正文Y\n```\n正文Z", ["正文Y", "```", "正文Z"]),
    "closing-line-with-a-language-is-not": ("```\n代码A\n```python\n代码B\n```\n正文C", ["正文C"]),
    "words-after-the-fence": ("```python 示例\n正文A\n```", ["```python 示例", "正文A", "```"]),
    "inline-code-at-the-start": ("```x``` 正文A\n正文B", ["```x``` 正文A", "正文B"]),
    "indented-in-a-list": ("1. 项\n  ```\n  正文A\n  ```\n正文B", ["1. 项", "  ```", "  正文A", "  ```", "正文B"]),
}


@pytest.mark.parametrize("name", CASES)
def test_the_lines_read_are_the_lines_python_markdown_shows_as_text(name):
    text, expected = CASES[name]
    assert [line for _, line in lines_outside_code(text)] == expected
    html = markdown.markdown(text, extensions=["fenced_code"])
    for line in text.split("\n"):
        word = line.strip(" `0123456789.").strip()
        if word.startswith(("正文", "代码")):
            # A line skipped is in a code block on the page; a line read is not (it may be text or,
            # read needlessly but harmlessly, an inline code span).
            in_block = "<pre>" in html.split(word)[0].rsplit("</pre>", 1)[-1]
            assert in_block == (line not in expected), (name, line, html)


def test_code_spans_are_blanked_as_markdown_reads_them_in_linear_time():
    from gongkai.text.bodylinks import code_spans_blanked

    assert code_spans_blanked("见 `[x](/xxgk/)` 和 [y](/a/)") == "见 " + " " * len("`[x](/xxgk/)`") + " 和 [y](/a/)"
    # A run opens a span only where a later run of its length closes it; else it is a backtick.
    assert code_spans_blanked("``a `b` c") == "``a     c"
    assert code_spans_blanked("`open only\n`b`") == "`open only\n   "
    # Three patterns it replaces took minutes on a line of a few thousand backticks.
    assert code_spans_blanked("`" * 200_000 + "a") == "`" * 200_000 + "a"
