"""`gongkai import`: the body and facts of an official document (.docx or .pdf) for a new record.

Word files are converted in gongkai.clerk.wordtext (mammoth, markdownify), PDFs read in gongkai.clerk.pdftext
(pypdf); the GB/T 9704 parts are found by gongkai.clerk.officialdoc, so that the 版头, the title and the
版记 never reach the body. A file that is not what its name says, is encrypted, is an old .doc,
holds tracked changes or comments, or is marked secret or not public is refused before anything
is written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.clerk import inside, officialdoc, pdftext, wordtext
from gongkai.clerk.newrecord import NewRecord, reserve, text_of
from gongkai.clerk.officialdoc import STEM, Block, Layout, Refused
from gongkai.model.indexno import IndexNoPattern
from gongkai.model.records import front_values
from gongkai.model.taxonomy import Taxonomy
from gongkai.text import filetypes

KINDS = ("docx", "pdf")
_SUMMARY_MAX = 120


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
    if not ext and head.startswith((b"%PDF-", b"PK\x03\x04")):
        ext = "pdf" if head.startswith(b"%PDF-") else "docx"  # no extension: what the content says
    if ext not in KINDS:
        hint = "改法：用 Word 或 WPS 打开，另存为 .docx 或导出为 PDF 后再导入。"
        if ext == "ofd":
            hint = "OFD 文件请先导出为 PDF。"
        if ext in ("doc", "wps") and head.startswith(b"PK\x03\x04"):
            hint = f"从内容看它是 Word 文档（.docx），只是扩展名改成了 .{ext}：把扩展名改回 .docx 后再导入。"
        kind = f" .{ext} " if ext else "没有扩展名的"
        raise Refused(f"只能导入 Word 文档（.docx）或 PDF 文件，这个文件是{kind}文件。{hint}")
    if ext == "pdf" and not head.startswith(b"%PDF-"):
        raise Refused(f"扩展名是 .pdf，但文件不是 PDF（从内容看是：{what or '未知类型'}）：请导入原始的 PDF 文件。")
    if ext == "docx" and not head.startswith(b"PK\x03\x04"):
        raise Refused(
            f"扩展名是 .docx，但文件不是 Word 文档（从内容看是：{what or '未知类型'}）：请导入原始的 Word 文件。"
        )
    return ext


def read(path: Path, genres: tuple[str, ...] = (), image_types: tuple[str, ...] = ("png", "jpg")) -> Imported:
    """The document at `path`, converted; Refused when it cannot or must not be imported."""
    kind = sniff(path)
    if kind == "docx":
        header = wordtext.check_package(path)
        word = wordtext.convert(path, lambda blocks: officialdoc.recognise(blocks, genres, header), image_types)
        imported = Imported(path, kind, word.layout, word.blocks, word.markdown, word.images, notes=word.notes)
    else:
        pdf = pdftext.convert(path, lambda blocks: officialdoc.recognise(blocks, genres))
        imported = Imported(path, kind, pdf.layout, pdf.blocks, pdf.markdown, notes=pdf.notes)
        if not pdf.has_text:
            imported.notes.insert(
                0, "PDF 没有文字层（可能是扫描件）：正文、标题和概述请手工填写；否则网站搜索查不到它的内容。"
            )
    layout = imported.layout
    if layout.refusals:
        raise Refused(" ".join(layout.refusals) + "不应在网站公开；确需公开的，请先按程序审核并改正文件。")
    if layout.summary is not None:
        imported.summary = _summary(imported.blocks[layout.summary].text)
    if not imported.body.strip():
        imported.notes.append("文件中没有正文文字：请在记录中写上正文或概述。")
    _notes(imported)
    return imported


def _notes(imported: Imported) -> None:
    layout, notes = imported.layout, imported.notes
    if layout.doc_no is None:
        notes.append("没有找到发文字号（版头下方，如“某教发〔2024〕7号”）：文件有发文字号的，请填写 doc_no。")
    if layout.written is None:
        notes.append("没有找到成文日期（落款处，如“2024年6月28日”）：请填写 written。")
    if len(layout.signers) > 1:
        notes.append(f"文件由 {'、'.join(layout.signers)} 联合署名：发布机构按本站的分工填写 agency，请核对。")
    if layout.named_attachments:
        names = "、".join(f"“{n}”" for n in layout.named_attachments)
        notes.append(
            f"正文列出了附件 {names}：附件是单独的文件的，请放入 files 文件夹并写入 attachments；已在正文中的可不管。"
        )


def read_all(
    names: list[str], root: Path, genres: tuple[str, ...], image_types: tuple[str, ...]
) -> tuple[list[tuple[str, Imported]], list[str]]:
    """Every file read and checked against the site and the others given: ([(name, document)],
    [why a file cannot be imported]). A file named twice, a 发文字号 already on the site or on
    another file, an original already under records/ are refused."""
    known: dict[str, list[Path]] = {}
    for number, paths in front_values(root, "doc_no").items():
        known.setdefault(doc_key(number), []).extend(paths)
    documents, refused = [], []
    given: dict[Path, str] = {}
    in_batch: dict[str, str] = {}
    for name in names:
        resolved = Path(name).resolve()
        if resolved in given:
            refused.append(f"{name}: 不能导入：与 {given[resolved]} 是同一个文件，只写一次。")
            continue
        given[resolved] = name
        try:
            doc = read(Path(name), genres, image_types)
            _not_yet_imported(doc, root, known, in_batch)
        except Refused as exc:
            refused.append(f"{name}: 不能导入：{exc}")
            continue
        if doc.layout.doc_no:
            in_batch[doc.layout.doc_no] = name
        documents.append((name, doc))
    return documents, refused


def _not_yet_imported(doc: Imported, root: Path, known: dict[str, list[Path]], in_batch: dict[str, str]) -> None:
    number = doc.layout.doc_no
    site = root.parent
    if number and known.get(number):
        where = "、".join(p.relative_to(site).as_posix() for p in known[number])
        raise Refused(f"发文字号 {number} 已在 {where} 中，这份文件可能已经导入过。")
    if number and number in in_batch:
        raise Refused(f"发文字号 {number} 与 {in_batch[number]} 相同，两份文件可能是同一份公文。")
    twin = same_file(root, doc.source)
    if twin is not None:
        raise Refused(f"与 {twin.relative_to(site).as_posix()} 内容完全相同，这份文件已经导入过。")


def agency_of(layout: Layout, taxonomy: Taxonomy) -> str | None:
    """The 发布机构 the document names itself: its 署名 or its masthead (less 文件) is an agency's name."""
    for name in (*layout.signers, (layout.masthead or "").removesuffix("文件")):
        if name and name in taxonomy.agency_by_name:
            return name
    return None


def doc_key(number: str) -> str:
    """A 发文字号 as compared with the site's: brackets and spaces as the import writes them."""
    return officialdoc.doc_no(number) or officialdoc.compact(number)


def same_file(root: Path, source: Path) -> Path | None:
    """A file under `root` with the same content as `source` (an original imported before)."""
    size = source.stat().st_size
    digest = None
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            path = Path(dirpath) / name
            try:
                if path.stat().st_size != size:
                    continue
                digest = digest or hashlib.sha256(source.read_bytes()).digest()
                if hashlib.sha256(path.read_bytes()).digest() == digest:
                    return path
            except OSError:
                continue
    return None


def genre_of(title: str, genres: tuple[str, ...]) -> str | None:
    """The 文种 the title ends with (the longest that fits: 实施方案 before 方案)."""
    found = [g for g in genres if title.endswith(g)]
    return max(found, key=len) if found else None


_ORIGINAL = {"docx": "原文（Word 文档）", "pdf": "原文（PDF）"}


def save(imported: Imported, record: NewRecord, root: Path, org: str, pattern: IndexNoPattern) -> tuple[Path, str]:
    """Write the record under `root`/<year>/, the original and the images under its files/ folder;
    nothing is overwritten, and on a failure nothing is left behind."""
    year = root / f"{record.published.year:04d}"
    made_year = not year.exists()
    path, index_no = reserve(root, org, record.published.year, pattern)
    files, stem = path.parent / "files", path.stem
    created = ([year] if made_year else []) + ([] if files.exists() else [files]) + [path]
    try:
        inside.require(root, files)
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
            try:
                made.rmdir() if made.is_dir() else made.unlink(missing_ok=True)
            except OSError:  # a folder someone else has put files in meanwhile stays
                pass
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
    for what, where in (
        ("版头和标题", range(layout.head)),
        ("附注", sorted(layout.drop)),
        ("版记", range(layout.tail, len(blocks))),
    ):
        texts = [_short(officialdoc.normal(blocks[i].text)) for i in where if blocks[i].text.strip()]
        if texts:
            lines.append(f"  未放入正文的{what}：" + "｜".join(texts))
    if imported.notes:
        lines.append("请检查：")
        lines += [f"  - {note}" for note in imported.notes]
    lines.append("下一步：核对正文和概述，补上主题分类、关键词；审核后删去 draft: true，再运行 gongkai check。")
    return "\n".join(lines)


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


def _summary(text: str) -> str:
    """The opening of the text proper, cut at a sentence end within the limit."""
    text = officialdoc.normal(text)
    if len(text) <= _SUMMARY_MAX:
        return text
    cut = max(text.rfind(c, 0, _SUMMARY_MAX) for c in "。；！？")
    return text[: cut + 1] if cut > 20 else text[: _SUMMARY_MAX - 1] + "…"
