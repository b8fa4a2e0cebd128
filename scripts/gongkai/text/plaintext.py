"""Plain text: the rule for every text that is not a Markdown body.

Titles, names, summaries, keywords, 发文字号, report titles, attachment titles and the taxonomy's
names are shown as text wherever they appear (pages, navigation, <title>, feeds, data files). They
are escaped wherever they are written; this rule refuses, at the file's line, what would only make
sense as markup or hides from a reader: an HTML tag, a character reference, a line break in a
one-line field, a control character, or an invisible format character (a zero-width space splits a
word or a number for the guards and not for the eye; a right-to-left override reverses what a
reader sees).
"""

from __future__ import annotations

import re
import unicodedata

#: `<` that opens a tag, a comment, a declaration or a processing instruction: `<b`, `</`, `<!`, `<?`.
_TAG = re.compile(r"<[A-Za-z/!?]")
#: A character reference a browser decodes: `&amp;`, `&#60;`, `&#x3c;`.
_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9A-Fa-f]+;?|[A-Za-z][A-Za-z0-9]*;)")
_NAMES = {
    "\u00ad": "软连字符",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u2060": "零宽不换行空格",
    "\ufeff": "零宽不换行空格（BOM）",
    "\u202e": "从右到左覆盖符",
    "\u202d": "从左到右覆盖符",
}


def invisible(ch: str) -> bool:
    """A character no one sees: a control, format, private-use or surrogate one, or a noncharacter
    (not a line break or a tab)."""
    return (unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") and ch not in "\n\t") or noncharacter(ch)


def noncharacter(ch: str) -> bool:
    """One of Unicode's 66 noncharacters (U+FDD0–FDEF, and the last two code points of each plane)."""
    c = ord(ch)
    return 0xFDD0 <= c <= 0xFDEF or c & 0xFFFE == 0xFFFE


def char_name(ch: str) -> str:
    """How a message names an invisible character (in Chinese where it is a common one)."""
    if noncharacter(ch):
        return "非字符，不代表任何文字"
    return _NAMES.get(ch) or unicodedata.name(ch, "控制字符")


def reference(value: str) -> str | None:
    """The first character reference in `value` (`&copy;`, `&#60;`), or None."""
    m = _REFERENCE.search(value)
    return m.group(0) if m else None


#: What YAML (and a browser's text) reads as the end of a line.
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]")


def problem(value: str, multiline: bool = False) -> tuple[str, str] | None:
    """What makes `value` not plain text, as (message, fix), or None when it is plain text."""
    tag = _TAG.search(value)
    if tag:
        end = value.find(">", tag.start())
        shown = value[tag.start() : end + 1 if 0 <= end - tag.start() < 40 else tag.start() + 12]
        return (
            f"含有 HTML 标记“{shown}”：这里只能写纯文字，标记会原样显示或被当作网页代码。",
            "删掉尖括号 < > 及其中的标记；要写小于号、大于号时用全角的 ＜ ＞ 或写成文字。",
        )
    ref = reference(value)
    if ref:
        return (
            f"含有字符引用“{ref}”：这里只能写纯文字，它不会被转换成字符。",
            "直接写出要显示的字符，例如把 &amp; 写成 &，把 &#60; 写成 ＜。",
        )
    if not multiline and _LINE_BREAK.search(value):  # the YAML reader's, U+2028 included
        return ("含有换行：这里只能写一行文字。", "把内容写在同一行，删掉换行。")
    if not multiline and "\t" in value:
        return ("含有制表符（Tab）：页面上显示为空格，导出的表格中却会错列。", "把它换成空格。")
    if value.isprintable():  # at C speed: no control, format, private-use, surrogate or unassigned one
        return None
    for ch in value:
        if ch == "\t" or (multiline and ch in "\r\n"):
            continue
        if invisible(ch) or ch in "\r\n":
            name = char_name(ch)
            return (
                f"含有看不见的字符 U+{ord(ch):04X}（{name}）：读者看不到，检查和搜索却会被它隔开。",
                "删掉这个字符（从网页、Word 复制的文字常带有它）：可把这一行删掉后重新输入。",
            )
    return None


#: Characters that make a reader see digits in another order than the file holds them: the
#: overrides (LRO, RLO) and the right-to-left embedding and isolates (RLE, RLI, FSI), in which
#: groups of digits read from right to left. Behind U+202E a number written backwards reads
#: forwards to the reader, while every check reads it as written. (LRE, LRI and their ends, which
#: Windows puts around a copied number or path, change nothing in a Chinese text: they are kept.)
REORDERING = re.compile("[\u202b\u202d\u202e\u2067\u2068]")
#: In a record's body also the control characters (an ESC went into the page), but the tab, the
#: line breaks and the form and line feeds text copied out of a PDF or Word holds.
DISORDERING = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202b\u202d\u202e\u2067\u2068]")


def disordering(text: str, pattern: re.Pattern = DISORDERING) -> tuple[int, str] | None:
    """The first character of `text` that `pattern` finds: (its line, counted from 0; how a message names it)."""
    m = pattern.search(text)
    if m is None:
        return None
    ch = m.group()
    return text.count("\n", 0, m.start()), f"U+{ord(ch):04X}（{char_name(ch)}）"


#: Why such a character is refused, and the fix.
DISORDERING_WHY = "：读者看到的文字顺序与文件中的不同（或终端会执行它），检查却按文件中的顺序读，个人信息可能因此漏检。"
DISORDERING_FIX = "删掉这个字符（从网页、Word 复制的文字常带有它）：可把这一行删掉后重新输入。"
