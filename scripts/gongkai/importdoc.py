"""`gongkai import`: the body and facts of an official document (.docx or .pdf) for a new record.

Word files are converted by mammoth (the document's structure: headings, numbered lists, tables,
bold) to HTML and by markdownify to Markdown; the GB/T 9704 parts are found first (see
gongkai.officialdoc) so that the 版头, the title and the 版记 never reach the body. PDFs give their
text layer (pypdf), re-flowed into paragraphs. A file that is not what its name says, is encrypted,
or is an old .doc is refused before anything is written.
"""

from __future__ import annotations

import dataclasses
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import filetypes, officialdoc
from .indexno import IndexNoPattern
from .newrecord import NewRecord, reserve, text_of
from .officialdoc import Block, Layout
from .taxonomy import Taxonomy

#: Stands for the record's file stem in image links until the 索引号 is known (a private-use character).
STEM = "\ue000"
KINDS = ("docx", "pdf")
_SUMMARY_MAX = 120


class Refused(Exception):
    """The file cannot be imported; the message says why and what to do, in Chinese."""


@dataclass
class Imported:
    """What an official document gives a record."""

    source: Path
    kind: str  # "docx" or "pdf"
    layout: Layout
    blocks: list[Block]
    body: str  # Markdown; image links use STEM
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (extension, content), in order
    summary: str | None = None
    notes: list[str] = field(default_factory=list)  # what was not recognised, for the clerk to fill in

    def body_for(self, stem: str) -> str:
        return self.body.replace(STEM, stem)


def sniff(path: Path) -> str:
    """The kind, docx or pdf, when the file really is one; else Refused, saying what it is instead."""
    if not path.exists():
        raise Refused("找不到这个文件。")
    if not path.is_file():
        raise Refused("这是文件夹，不是文件。")
    ext = filetypes.extension(path)
    with path.open("rb") as f:
        head = f.read(8)
    if not head:
        raise Refused("文件是空的（0 字节）。")
    what = filetypes.looks_like(head)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # a compound file: old Word/WPS, or an encrypted .docx
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in path.read_bytes():
            raise Refused("这个 Word 文件设了打开密码（已加密）：请在 Word 或 WPS 中取消密码，另存为 .docx 后再导入。")
        raise Refused(
            "这是旧版 Word/WPS 格式（.doc/.wps）的文件"
            + ("，只是扩展名改成了 .docx" if ext == "docx" else "")
            + "：请用 Word 或 WPS 打开，“另存为” Word 文档（.docx）后再导入。"
        )
    if ext not in KINDS:
        hint = "OFD 文件请先导出为 PDF。" if ext == "ofd" else ""
        raise Refused(f"只能导入 Word 文档（.docx）或 PDF 文件，这个文件是 .{ext or '（无扩展名）'}。{hint}")
    if ext == "pdf" and not head.startswith(b"%PDF-"):
        raise Refused(f"扩展名是 .pdf，但文件不是 PDF（从内容看是：{what or '未知类型'}）：请导入原始的 PDF 文件。")
    if ext == "docx":
        if not head.startswith(b"PK\x03\x04"):
            raise Refused(
                f"扩展名是 .docx，但文件不是 Word 文档（从内容看是：{what or '未知类型'}）：请导入原始的 Word 文件。"
            )
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError):
            raise Refused("Word 文件已损坏，无法打开：请在 Word 或 WPS 中打开后重新保存。") from None
        if "word/document.xml" not in names:
            raise Refused("这是 zip 压缩包（或其他 Office 文件），不是 Word 文档：请导入 .docx 文件本身。")
    return ext


def read(path: Path, genres: tuple[str, ...] = ()) -> Imported:
    """The document at `path`, converted; Refused when it cannot or must not be imported."""
    kind = sniff(path)
    imported = _docx(path, genres) if kind == "docx" else _pdf(path, genres)
    if imported.layout.refusals:
        raise Refused(" ".join(imported.layout.refusals) + "不应在网站公开；确需公开的，请先按程序审核并改正文件。")
    _notes(imported)
    return imported


def _notes(imported: Imported) -> None:
    layout, notes = imported.layout, imported.notes
    if layout.doc_no is None:
        notes.append("没有找到发文字号（版头下方，如“澄教发〔2024〕7号”）：文件有发文字号的，请填写 doc_no。")
    if layout.written is None:
        notes.append("没有找到成文日期（落款处，如“2024年6月28日”）：请填写 written。")
    if layout.named_attachments:
        names = "、".join(f"“{n}”" for n in layout.named_attachments)
        notes.append(
            f"正文列出了附件 {names}：附件是单独的文件的，请放入 files 文件夹并写入 attachments；已在正文中的可不管。"
        )


def agency_of(layout: Layout, taxonomy: Taxonomy) -> str | None:
    """The 发布机构 the document names itself: its 署名 or its masthead (less 文件) is an agency's name."""
    for name in (layout.signer, (layout.masthead or "").removesuffix("文件")):
        if name and name in taxonomy.agency_by_name:
            return name
    return None


def genre_of(title: str, genres: tuple[str, ...]) -> str | None:
    """The 文种 the title ends with (the longest that fits: 实施方案 before 方案)."""
    found = [g for g in genres if title.endswith(g)]
    return max(found, key=len) if found else None


_ORIGINAL = {"docx": "原文（Word 文档）", "pdf": "原文（PDF）"}


def save(imported: Imported, record: NewRecord, root: Path, org: str, pattern: IndexNoPattern) -> tuple[Path, str]:
    """Write the record under `root`/<year>/, the original and the images under its files/ folder;
    nothing is overwritten, and on a failure nothing is left behind."""
    path, index_no = reserve(root, org, record.published.year, pattern)
    files, stem = path.parent / "files", path.stem
    created = [path] + ([] if files.exists() else [files])
    try:
        files.mkdir(exist_ok=True)
        original = f"files/{stem}.{imported.kind}"
        _write_new(path.parent / original, imported.source.read_bytes(), created, root.parent)
        for n, (ext, content) in enumerate(imported.images, 1):
            _write_new(files / f"{stem}-{n}.{ext}", content, created, root.parent)
        record = dataclasses.replace(
            record, attachments=((original, _ORIGINAL[imported.kind]),), body=imported.body_for(stem)
        )
        path.write_text(text_of(record, index_no), encoding="utf-8")
    except BaseException:
        for made in reversed(created):
            if made.is_dir():
                made.rmdir()
            else:
                made.unlink(missing_ok=True)
        raise
    return path, index_no


def describe(name: str, imported: Imported, record: NewRecord, path: Path, index_no: str) -> str:
    """What the import made and found, and what the clerk has to look at, in Chinese."""
    layout, blocks = imported.layout, imported.blocks
    lines = [
        f"已导入 {name} → {path.as_posix()}（索引号 {index_no}，草稿）",
        f"  标题：{record.title}",
        f"  发文字号：{record.doc_no or '（未找到）'}",
        f"  成文日期：{record.written or '（未找到）'}",
        f"  文种：{record.genre or '（未认出，可在 genre 填写）'}",
        f"  原文作为附件：{path.parent.as_posix()}/files/{path.stem}.{imported.kind}",
    ]
    if imported.images:
        lines.append(f"  图片：{len(imported.images)} 张，存入 {path.parent.as_posix()}/files/")
    left = [
        (what, sum(1 for i in where if blocks[i].text.strip()))
        for what, where in (
            ("版头和标题", range(layout.head)),
            ("版记", range(layout.tail, len(blocks))),
            ("附注", layout.drop),
        )
    ]
    if any(n for _, n in left):
        lines.append("  未放入正文：" + "，".join(f"{what} {n} 段" for what, n in left if n))
    if imported.notes:
        lines.append("请检查：")
        lines += [f"  - {note}" for note in imported.notes]
    lines.append("下一步：核对正文和概述，补上主题分类、关键词；审核后删去 draft: true，再运行 gongkai check。")
    return "\n".join(lines)


def _write_new(path: Path, content: bytes, created: list[Path], site: Path) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise Refused(
            f"{path.relative_to(site).as_posix()} 已经存在（可能是删去的记录留下的文件），不会覆盖它："
            "请确认后移走或删除它，再导入。"
        ) from None
    created.append(path)
    with os.fdopen(fd, "wb") as out:
        out.write(content)


# --- Word ---------------------------------------------------------------------------------------

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


def _docx(path: Path, genres: tuple[str, ...]) -> Imported:
    import mammoth  # imported here: only `gongkai import` needs the converters

    found: dict[str, Layout] = {}
    images: list[tuple[str, bytes]] = []

    def transform(document):
        children = document.children
        blocks = [_block(child) for child in children]
        layout = officialdoc.recognise(blocks, genres)
        found["layout"] = layout
        kept = []
        for i in layout.body():
            child = children[i]
            if i in layout.headings and isinstance(child, mammoth.documents.Paragraph):
                child = child.copy(style_name=f"gongkai heading {layout.headings[i]}", style_id=None, numbering=None)
            kept.append(child)
        found["blocks"] = blocks
        return document.copy(children=kept)

    def image(img):
        ext = (img.content_type or "").rpartition("/")[2].lower().replace("jpeg", "jpg")
        if ext not in ("png", "jpg", "gif"):
            return {"src": "", "alt": "（此处原有一张图片，格式无法在网页显示）"}
        with img.open() as f:
            images.append((ext, f.read()))
        return {"src": f"files/{STEM}-{len(images)}.{ext}"}

    try:
        with path.open("rb") as f:
            result = mammoth.convert_to_html(
                f, style_map=_STYLE_MAP, transform_document=transform, convert_image=mammoth.images.img_element(image)
            )
    except Exception as exc:  # damaged parts of the zip; mammoth raises many kinds
        raise Refused(
            f"Word 文件无法解析（{type(exc).__name__}）：请在 Word 或 WPS 中打开后重新保存为 .docx。"
        ) from None
    markdown = _markdown(result.value)
    layout, blocks = found["layout"], found["blocks"]
    imported = Imported(path, "docx", layout, blocks, _tidy(markdown), images)
    imported.summary = _summary(blocks[layout.summary].text) if layout.summary is not None else None
    if not imported.body.strip():
        imported.notes.append("文件中没有正文文字：请在记录中写上正文或概述。")
    return imported


def _markdown(html: str) -> str:
    import markdownify

    class CellSafe(markdownify.MarkdownConverter):
        """markdownify, with a | inside a table cell escaped (it would end the cell)."""

        def convert_td(self, el, text, parent_tags):
            return super().convert_td(el, text.replace("|", "\\|"), parent_tags)

        def convert_th(self, el, text, parent_tags):
            return super().convert_th(el, text.replace("|", "\\|"), parent_tags)

    return CellSafe(heading_style="ATX", bullets="-", table_infer_header=True, escape_misc=False).convert(html)


def _block(element) -> Block:
    import mammoth

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
    if type(element).__name__ == "Tab":
        return " "
    return "".join(_text(c) for c in getattr(element, "children", ()) or ())


_INDENT = re.compile(r"(?m)^[ \t\u3000]+(?=\S)")


def _tidy(markdown: str) -> str:
    # Word paragraphs often start with full-width spaces typed as an indent: Markdown needs none.
    text = _INDENT.sub("", markdown.replace("\r", ""))
    text = re.sub(r"[ \t\u3000]+$", "", text, flags=re.M)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# --- PDF ----------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,4}[-—–－\s]*$")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
_MD_LEADING = re.compile(r"^(#|>|[-+*] |\d+[.)] )")


def _pdf(path: Path, genres: tuple[str, ...]) -> Imported:
    import logging

    import pypdf

    # pypdf logs what it repairs ("EOF marker not found"): the clerk gets one message, ours.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            raise Refused("这个 PDF 已加密（设了密码或权限限制）：请导出不加密的 PDF 后再导入。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except Refused:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise Refused(f"PDF 文件已损坏，无法读取（{type(exc).__name__}）：请重新导出 PDF。") from None
    # A paragraph goes on across a page break: the pages' lines make one run, less the page numbers.
    lines = [line for text in pages for line in text.split("\n") if not _PAGE_NUMBER.fullmatch(line)]
    blocks = [Block(p) for p in reflow(lines)]
    layout = officialdoc.recognise(blocks, genres)
    parts = []
    for i in layout.body():
        text = re.sub(r"\s+", " ", blocks[i].text).strip()
        if text:
            level = layout.headings.get(i)
            parts.append(("#" * level + " " if level else "") + _escape(text))
    body = "\n\n".join(parts) + "\n" if parts else "全文见附件。\n"
    imported = Imported(path, "pdf", layout, blocks, body)
    imported.summary = _summary(blocks[layout.summary].text) if layout.summary is not None else None
    if not any(line.strip() for line in lines):
        imported.notes.append(
            "PDF 没有文字层（可能是扫描件）：正文、标题和概述请手工填写；否则网站搜索查不到它的内容。"
        )
    return imported


_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])[ \t]+(?=[^\x00-\x7f])")


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
        or (len(text) <= 40 and "。" not in text[:-1] and re.match(r"[一二三四五六七八九十]{1,3}、|附件\d{0,2}$", text))
    )


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        # Latin words keep their space; Chinese lines join without one.
        out += (" " if out[-1:].isascii() and out[-1:].isalnum() and line[:1].isascii() else "") + line
    return out


def _escape(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")
    return _MD_LEADING.sub(r"\\\1", text)


def _summary(text: str) -> str:
    """The opening of the text proper, cut at a sentence end within the limit."""
    # Spaces next to Chinese are layout (a PDF line's end); between Latin words they are words.
    text = " ".join(re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text).split())
    if len(text) <= _SUMMARY_MAX:
        return text
    cut = max(text.rfind(c, 0, _SUMMARY_MAX) for c in "。；！？")
    return text[: cut + 1] if cut > 20 else text[: _SUMMARY_MAX - 1] + "…"
