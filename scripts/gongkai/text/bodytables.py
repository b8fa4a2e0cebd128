"""Tables in a record's body that Python-Markdown will not show as the clerk meant: warnings.

A table pasted from Word or WPS, or typed by hand, loses figures without a word: a row with more
cells than its header drops the extra ones (公务接待费 … -4.80 showed without -4.80); a separator
line with another number of columns than the header, or none at all, leaves the lines as text
with bars in them; full-width bars ｜ and tabs are no column marks to Markdown at all. Each is
said at its line, with what to write.
"""

from __future__ import annotations

import re

from gongkai.text.bodylinks import code_spans_blanked, lines_outside_code

#: A cell of a separator line: ---, :---, ---:, :---: (read cell by cell: one pattern over the whole
#: line, with white space on both sides of each bar, took quadratic time on a line of spaces).
_SEPARATOR_CELL = re.compile(r":?-+:?")
_BAR = re.compile(r"(?<!\\)\|")
#: Text, a tab, text: columns copied from Word or a spreadsheet (indentation is not one). No
#: run of any length before the tab: on a line of a million characters that was quadratic.
_TABBED = re.compile(r"\S *\t[ \t]*\S")

#: A quotation's marks at a line's start.
_QUOTED = re.compile(r"^[ \t]*(?:>[ \t]?)+")
#: A list item's marker (Word's numbered paragraphs come as 1.<tab>第一条).
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")


def _tabbed(line: str) -> bool:
    """Columns by tabs: text, a tab, text; not a list item's tab, not a table with bars aligned by tabs."""
    return "\t" in line and "|" not in line and not _LIST_ITEM.match(line) and _TABBED.search(line) is not None


_SEPARATOR_FIX = "在表头下面加一行分隔线，每列一个 ---，如 | --- | --- | --- |（列数与表头相同）。"


def _is_separator(line: str) -> bool:
    text = line.strip()
    if not text or "-" not in text:
        return False
    parts = text.removeprefix("|").removesuffix("|").split("|")
    return all(_SEPARATOR_CELL.fullmatch(part.strip()) for part in parts)


def cells(line: str) -> int:
    """The cells of a table row, as Python-Markdown's tables count them (bars in code spans and
    escaped bars \\| divide nothing; the outer bars are optional)."""
    text = code_spans_blanked(line.strip())
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return len(_BAR.split(text))


def findings(body: str) -> list[tuple[int, str, str]]:
    """(0-based line, message, fix) of each table of `body` that will not show as written."""
    out: list[tuple[int, str, str]] = []
    # A table in a quotation or a list item is a table: read without the > and the indentation.
    lines = {n: _QUOTED.sub("", line) for n, line in lines_outside_code(body)}
    n, last = 0, max(lines, default=-1)
    while n <= last:
        line = lines.get(n)
        if line is None or not line.strip():
            n += 1
            continue
        block = [n]  # a paragraph: the lines up to a blank one
        while n + 1 in lines and lines[n + 1].strip():
            n += 1
            block.append(n)
        n += 1
        out += _block(block, lines)
    return out


def _block(block: list[int], lines: dict[int, str]) -> list[tuple[int, str, str]]:
    first = block[0]
    if sum(lines[k].count("｜") >= 2 for k in block) >= 2:
        return [
            (
                first,
                "这几行用全角竖线“｜”分列，网页上不是表格，会原样显示成一行行文字。",
                "切换到英文输入法，把“｜”都换成英文竖线“|”，并在表头下面加一行 | --- | --- |。",
            )
        ]
    if len(block) >= 2 and sum(_tabbed(lines[k]) for k in block) >= 2:
        return [
            (
                first,
                "这几行用制表符（Tab）分列（像是从 Word 或表格软件复制的），网页上会连成一段文字。",
                "改写成表格：每格之间写英文竖线“|”，表头下面加一行 | --- | --- |；"
                "整份 Word 文件可用 gongkai import 导入。",
            )
        ]
    rows = [k for k in block if _BAR.search(lines[k])]
    if len(rows) < 2:
        return []
    separator = next((k for k in block if _is_separator(lines[k])), None)
    if separator is None:
        # Every line a row: between outer bars, or three cells (a bar or two in prose is no table).
        if len(rows) == len(block) and all(lines[k].strip().startswith("|") or cells(lines[k]) >= 3 for k in block):
            return [(first, "这几行像表格，但表头下面缺少分隔线，网页上会显示成带竖线的文字。", _SEPARATOR_FIX)]
        return []
    if separator != first + 1:
        if separator - 1 in rows and separator - 1 > first:  # the table right under a line of text
            return [
                (
                    separator - 1,
                    "表格紧接在上面的文字下面，网页上不是表格，会显示成带竖线的文字。",
                    "在表格第一行（表头）的上面加一个空行。",
                )
            ]
        return []
    head, marks = cells(lines[first]), cells(lines[separator])
    if head != marks:
        return [
            (
                separator,
                f"表格的表头有 {head} 列，下面的分隔线却是 {marks} 列：网页上不是表格，会显示成带竖线的文字。",
                f"分隔线写成 {head} 列：| {' | '.join(['---'] * head)} |。",
            )
        ]
    out = []
    for k in block[2:]:
        if k in rows and cells(lines[k]) > head:
            extra = cells(lines[k]) - head
            out.append(
                (
                    k,
                    f"表格这一行有 {cells(lines[k])} 格，表头只有 {head} 列：多出的 {extra} 格不会显示。",
                    "给表头补上这一列（分隔线也加一个 ---），或删去多出的格；格里的文字要用竖线时写成 \\|。",
                )
            )
    return out
