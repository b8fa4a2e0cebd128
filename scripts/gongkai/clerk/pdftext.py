"""A PDF's text layer (pypdf) as the paragraphs of gongkai.clerk.officialdoc and as Markdown.

A text layer has lines, not paragraphs: they are joined again (a line clearly shorter than a full
one ends its paragraph; an indented line begins one), across page breaks too; page numbers and
lines repeated at the top or foot of every page are left out.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.clerk import officialdoc
from gongkai.clerk.officialdoc import NO_TEXT, Layout, Refused, markdown_text
from gongkai.text import radicals

# — 3 —, - 3 -, 3, 第3页, 第 3 页 共 5 页, 3/5
_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－\s]*$"
)
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])[ \t]+(?=[^\x00-\x7f])")


@dataclass
class Converted:
    layout: Layout
    blocks: list[officialdoc.Block]
    markdown: str
    notes: list[str] = field(default_factory=list)
    has_text: bool = True


def convert(path: Path, recognise) -> Converted:
    """The document's parts (`recognise` on its paragraphs) and its body as Markdown."""
    import pypdf  # imported here: only `gongkai import` of a PDF needs it

    # pypdf logs what it repairs ("EOF marker not found"): the clerk gets one message, ours.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    notes = []
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            if not reader.decrypt(""):
                raise Refused("这个 PDF 设了打开密码：请导出不加密的 PDF 后再导入。")
            notes.append(
                "PDF 设有权限限制（如禁止复制、打印）：读者能打开，但读屏软件可能读不出；建议发布不加限制的版本。"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
        risky = _risky(reader)
    except Refused:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise Refused(f"PDF 文件已损坏，无法读取（{type(exc).__name__}）：请重新导出 PDF。") from None
    if risky:
        notes.append(f"PDF 中有{risky}：发布前请确认来源可靠，最好重新导出一份不含这些内容的 PDF。")
    # A font that maps 青 to the radical ⻘ gives text that reads right and that search, the
    # recognition of the masthead and the 发文字号 and the checks do not read as 青.
    swapped = dict(pair for page in pages for pair in radicals.found(page))
    if swapped:
        pages = [radicals.unified(page) for page in pages]
        shown = "、".join(f"{r}→{c}" for r, c in list(swapped.items())[:8])
        more = f"等 {len(swapped)} 种" if len(swapped) > 8 else ""
        notes.append(
            f"PDF 的文字层把一些汉字存成了样子相同的部首字符，已换成通用汉字（{shown}{more}）：请对照原件核对正文。"
        )
    lines = page_lines(pages)
    blocks = [officialdoc.Block(p) for p in reflow(lines)]
    layout = recognise(blocks)
    parts = []
    for i in layout.body():
        text = layout.heading_texts.get(i) or officialdoc.normal(blocks[i].text)
        if text:
            level = layout.headings.get(i)
            parts.append(("#" * level + " " if level else "") + markdown_text(text))
    has_text = any(line.strip() for line in lines)
    markdown = "\n\n".join(parts) + "\n" if parts else NO_TEXT
    return Converted(layout, blocks, markdown, notes, has_text)


def _risky(reader) -> str:
    """What a PDF carries besides its pages: scripts, embedded files."""
    root = reader.trailer["/Root"]
    names = root["/Names"] if "/Names" in root else {}
    action = root["/OpenAction"] if "/OpenAction" in root else None
    found = []
    if "/JavaScript" in names or (isinstance(action, dict) and "/JS" in action):
        found.append("脚本（JavaScript）")
    if "/EmbeddedFiles" in names:
        found.append("嵌入的文件")
    return "、".join(found)


def page_lines(pages: list[str]) -> list[str]:
    """The lines of all pages in one run, less page numbers and the lines repeated at the top or
    foot of most pages (a running header, the document's name in the footer)."""
    per_page = [[line for line in text.splitlines() if not _PAGE_NUMBER.fullmatch(line)] for text in pages]
    edges: Counter[str] = Counter()
    for lines in per_page:
        filled = [line.strip() for line in lines if line.strip()]
        edges.update(set(filled[:2] + filled[-2:]))
    repeated = {line for line, n in edges.items() if len(pages) >= 3 and n > len(pages) / 2}
    out = []
    for lines in per_page:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        edge = set(filled[:2] + filled[-2:])
        out += [line for i, line in enumerate(lines) if not (i in edge and line.strip() in repeated)]
    return out


def reflow(lines: list[str]) -> list[str]:
    """Paragraphs from the lines of a PDF's text layer: a line clearly shorter than a full one, a
    line ending in a colon, a 发文字号, a date or a heading ends its paragraph; an indented line
    begins one. Spaces between Chinese characters (some producers put one after each) go."""
    lines = [raw[:1] + _CJK_GAP.sub("", raw[1:]) for raw in lines]
    widths = sorted(_width(line.strip()) for line in lines if line.strip())
    full = widths[int(len(widths) * 0.9)] if widths else 0
    paragraphs: list[str] = []
    current: list[str] = []
    previous = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            previous = ""
            if current:
                paragraphs.append(_join(current))
                current = []
            continue
        new = not current or raw[:1].isspace() or _ends_paragraph(previous, full) or _alone(line)
        if new and current:
            paragraphs.append(_join(current))
            current = []
        current.append(line)
        previous = line
    if current:
        paragraphs.append(_join(current))
    return paragraphs


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _ends_paragraph(line: str, full: int) -> bool:
    return _width(line) < full * 0.85 or _alone(line) or officialdoc.compact(line).endswith(("：", ":"))


def _alone(line: str) -> bool:
    """Lines that are a paragraph by themselves: a 发文字号, a date, a heading."""
    text = officialdoc.compact(line)
    return bool(
        officialdoc.doc_no(text)
        or officialdoc.date_of(text)
        or officialdoc.heading_level(text)
        or re.fullmatch(r"附件\d{0,2}", text)
    )


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        # Latin words keep their space; Chinese lines join without one.
        out += (" " if out[-1:].isascii() and out[-1:].isalnum() and line[:1].isascii() else "") + line
    return out
