"""A Word document (.docx) as the paragraphs of gongkai.clerk.officialdoc and as Markdown.

mammoth reads the document's structure (headings, numbered lists, tables, bold, images) into HTML,
markdownify writes that as Markdown; both are maintained converters. Between the two the GB/T 9704
parts are found on mammoth's paragraphs, so the 版头, the title and the 版记 never reach the body.

Before converting, the package is read for what a published original must not hold: hidden text,
tracked changes not accepted, comments (the original is published as the record's attachment).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.clerk.officialdoc import STEM, Block, Layout, Refused, compact, markdown_text

#: Uncompressed size of the document's XML beyond which it is not converted (the XML parser is slow
#: on giant text runs; a real notice is well under 1 MB).
MAX_XML_BYTES = 50 * 2**20

_STYLE_MAP = "\n".join(
    [
        "p[style-name='gongkai heading 2'] => h2:fresh",
        "p[style-name='gongkai heading 3'] => h3:fresh",
        # The page's own heading is the record's title: the document's headings start one level down.
        *(f"p[style-name='heading {n}'] => h{min(n + 1, 6)}:fresh" for n in range(1, 6)),
        *(f"p[style-name='标题 {n}'] => h{min(n + 1, 6)}:fresh" for n in range(1, 6)),
    ]
)
_ALIGN = {"center": "center", "distribute": "center", "right": "right", "end": "right"}
_XML_TAG = re.compile(r"<[^>]+>")
_HIDDEN = {
    re.compile(rb"<w:vanish\s*/>|<w:vanish\s+w:val=\"(?:1|true|on)\""): "隐藏文字",
    re.compile(rb"<w:(?:del|ins|moveFrom|moveTo)\s"): "未接受的修订（修订痕迹）",
}


@dataclass
class Converted:
    layout: Layout
    blocks: list[Block]
    markdown: str
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (extension, content), in order
    notes: list[str] = field(default_factory=list)


def check_package(path: Path) -> str:
    """Refused when the package holds what must not be published; else the text of its page headers."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = {i.filename: i for i in z.infolist()}
            if "word/document.xml" not in infos:
                raise Refused("这是 zip 压缩包（或其他 Office 文件），不是 Word 文档：请导入 .docx 文件本身。")
            if infos["word/document.xml"].file_size > MAX_XML_BYTES:
                raise Refused("文件的正文部分过大（超过 50 MB 的文字）：请检查文件，或导入 PDF 版。")
            # Every XML part together (headers, footnotes, styles, comments under any name: the
            # converter reads what the relationships name), not each part alone.
            if sum(i.file_size for n, i in infos.items() if n.endswith((".xml", ".rels"))) > MAX_XML_BYTES:
                raise Refused(
                    "文件的文字部分（正文、页眉页脚、脚注、批注等）合计过大（超过 50 MB）：请检查文件，或导入 PDF 版。"
                )
            document = z.read("word/document.xml")
            found = [what for pattern, what in _HIDDEN.items() if pattern.search(document)]
            parts = [n for n in infos if n.startswith("word/") and n.endswith(".xml") and n != "word/document.xml"]
            if any(b"<w:comment " in z.read(n) for n in parts):  # comments.xml, or a part named otherwise
                found.append("批注")
            header = "\n".join(
                _XML_TAG.sub("", z.read(n).decode("utf-8", "replace").replace("</w:p>", "\n"))
                for n in sorted(infos)
                if re.fullmatch(r"word/header\d*\.xml", n)
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        raise Refused("Word 文件已损坏，无法打开：请在 Word 或 WPS 中打开后重新保存。") from None
    if found:
        raise Refused(
            f"Word 文件中有{'、'.join(found)}：原文会作为附件发布，这些内容也会被看到。"
            "请在 Word 或 WPS 中接受或拒绝所有修订、删除批注和隐藏文字后另存，再导入（或导入 PDF 版）。"
        )
    return header


def convert(path: Path, recognise: Callable[[list[Block]], Layout], image_types: tuple[str, ...]) -> Converted:
    """The document's parts (`recognise` on its paragraphs) and its body as Markdown; image links
    are `files/<stem>-<n>.<ext>` with `stem` left as the placeholder `stem` marks (see importdoc)."""
    import mammoth  # imported here: only `gongkai import` needs the converters

    found: dict = {}
    images: list[tuple[str, bytes]] = []
    notes: list[str] = []

    def transform(document):
        children = document.children
        blocks = [_block(child) for child in children]
        layout = recognise(blocks)
        found.update(layout=layout, blocks=blocks)
        kept = []
        for i in layout.body():
            child = children[i]
            if isinstance(child, mammoth.documents.Paragraph):
                if i in layout.headings:
                    style = f"gongkai heading {layout.headings[i]}"
                    child = child.copy(style_name=style, style_id=None, numbering=None)
                elif compact(blocks[i].text) == "附件":  # no heading, even in a Word heading style (see officialdoc)
                    child = child.copy(style_name=None, style_id=None)
                if i in layout.heading_texts:
                    words = mammoth.documents.text(layout.heading_texts[i])
                    child = child.copy(children=[mammoth.documents.run([words])])
            kept.append(child)
        return document.copy(children=kept)

    def image(img):
        ext = (img.content_type or "").rpartition("/")[2].lower().replace("jpeg", "jpg")
        if ext not in image_types:
            n = len(images) + len(notes) + 1
            notes.append(
                f"第 {n} 张图片是 {ext.upper() or '未知'} 格式，网页不能显示或本站不发布这种格式，没有导入："
                "请另存为 PNG 或 JPG，放入 files 文件夹，在正文中原来的位置链接它。"
            )
            return [mammoth.html.text(f"（此处原有第 {n} 张图片，待补）")]
        with img.open() as f:
            images.append((ext, f.read()))
        attrs = {"src": f"files/{STEM}-{len(images)}.{ext}"}
        if img.alt_text:
            attrs["alt"] = img.alt_text
        return [mammoth.html.element("img", attrs)]

    try:
        with path.open("rb") as f:
            result = mammoth.convert_to_html(f, style_map=_STYLE_MAP, transform_document=transform, convert_image=image)
    except Exception as exc:  # damaged parts of the zip; mammoth raises many kinds
        raise Refused(
            f"Word 文件无法解析（{type(exc).__name__}）：请在 Word 或 WPS 中打开后重新保存为 .docx。"
        ) from None
    return Converted(found["layout"], found["blocks"], _tidy(_markdown(result.value)), images, notes)


def _block(element) -> Block:
    import mammoth  # imported here: only `gongkai import` needs the converters

    if isinstance(element, mammoth.documents.Table):
        return Block(_text(element), table=True)
    align = _ALIGN.get(getattr(element, "alignment", None) or "")
    if (getattr(element, "style_name", None) or "").lower() in ("title", "标题"):
        align = "center"  # Word's Title style is centred by the style, not the paragraph
    return Block(_text(element), align)


def _text(element) -> str:
    value = getattr(element, "value", None)
    if isinstance(value, str):
        return value
    kind = type(element).__name__
    if kind == "Tab":
        return " "
    if kind == "Break":
        return "\n"
    return "".join(_text(c) for c in getattr(element, "children", ()) or ())


def _markdown(html: str) -> str:
    import markdownify  # imported here: only `gongkai import` needs the converters
    from bs4 import BeautifulSoup

    class Converter(markdownify.MarkdownConverter):
        """markdownify, escaping for Python-Markdown, with a | in a table cell escaped (it would end the cell)."""

        def escape(self, text, parent_tags):
            if "_noformat" in parent_tags or "pre" in parent_tags or "code" in parent_tags:
                return super().escape(text, parent_tags)
            return markdown_text(text)

        def convert_td(self, el, text, parent_tags):
            return super().convert_td(el, text.replace("|", "\\|"), parent_tags)

        def convert_th(self, el, text, parent_tags):
            return super().convert_th(el, text.replace("|", "\\|"), parent_tags)

    soup = BeautifulSoup(html, "html.parser")
    _flatten_tables(soup)
    return Converter(heading_style="ATX", bullets="-", table_infer_header=True, escape_misc=False).convert_soup(soup)


#: Cells and characters of all tables once merged cells are repeated: a budget table holds a few
#: thousand cells; cells each spanning 1,000 columns made a 38 KB file a 6.6 MB record, and one
#: cell of 10 KB spanning 1,000 columns and 20 rows made 200 MB.
MAX_TABLE_CELLS = 100_000
MAX_TABLE_TEXT = 5_000_000


def _flatten_tables(soup) -> None:
    """Markdown tables have neither merged cells nor tables in cells: a merged cell's text is repeated
    in each cell it covers (a budget table keeps its columns), a table in a cell becomes text."""
    cells_made = text_made = 0

    def made(cell, copies: int = 1) -> None:
        nonlocal cells_made, text_made
        cells_made += copies
        text_made += copies * (len(cell.get_text()) + 1)
        if cells_made > MAX_TABLE_CELLS or text_made > MAX_TABLE_TEXT:
            raise Refused(
                f"文件的表格过大：合并单元格展开后超过 {MAX_TABLE_CELLS:,} 格或 {MAX_TABLE_TEXT:,} 字。"
                "请检查有合并单元格的表格，或导入 PDF 版。"
            )

    for inner in soup.select("td table, th table"):
        cells = ["；".join(c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])) for row in inner("tr")]
        inner.replace_with("；".join(c for c in cells if c))
    for table in soup.find_all("table"):
        pending: dict[int, tuple[int, object]] = {}  # column -> (rows still covered, cell)
        for row in table.find_all("tr"):
            cells = row.find_all(["td", "th"], recursive=False)
            out, column = [], 0
            queue = list(cells)
            while queue or any(c >= column for c in pending):
                if column in pending:
                    left, cell = pending[column]
                    out.append(_copy(soup, cell))  # counted when the cell was placed
                    pending[column] = (left - 1, cell)
                    if left - 1 == 0:
                        del pending[column]
                    column += 1
                    continue
                if not queue:
                    break
                cell = queue.pop(0)
                span = _span(cell, "colspan")
                down = _span(cell, "rowspan")
                cell.attrs.pop("colspan", None)
                cell.attrs.pop("rowspan", None)
                made(cell, span * down)  # with the copies the rows below take from `pending`
                for k in range(span):
                    placed = cell if k == 0 else _copy(soup, cell)
                    out.append(placed)
                    if down > 1:
                        pending[column] = (down - 1, cell)
                    column += 1
            for cell in cells:
                cell.extract()
            for cell in out:
                row.append(cell)


def _span(cell, attr: str) -> int:
    value = str(cell.get(attr, "1"))
    return max(1, min(int(value), 1000)) if value.isdigit() else 1


def _copy(soup, cell):
    clone = soup.new_tag(cell.name)
    clone.string = cell.get_text(" ", strip=True)
    return clone


_INDENT = re.compile(r"(?m)^[ \t]*\u3000[ \t\u3000]*(?=\S)")


def _tidy(markdown: str) -> str:
    # Word paragraphs often start with full-width spaces typed as an indent: Markdown needs none.
    text = _INDENT.sub("", markdown.replace("\r", ""))
    text = re.sub(r"[ \t\u3000]+$", "", text, flags=re.M)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
