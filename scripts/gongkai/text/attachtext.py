"""Every text a published file carries, for the personal-data guard: read completely, or refused.

A reader who downloads an attachment sees more than its pages: a Word file's comments, headers,
footnotes and properties (author, company, custom fields); a PDF's document information, XMP
metadata, annotations, form fields, bookmarks and embedded files; a photo's comments and EXIF
fields; the members of a zip archive and their names. Each is read here and comes with where it
is, in a clerk's words ("第 3 页", "批注", "文档属性", "压缩包中的 名单.xlsx 的第 1 个工作表").

- PDF: pypdf. The text layer of each page (in the order it is drawn, and again in the order of
  its place on the page, as a reader sees it, where the two differ), then every string the file's
  objects hold (walked from the trailer: document information, annotations and the text their
  appearances draw, form fields, bookmarks, alternative texts, link targets), XMP metadata
  streams, and embedded files (read in turn, like a zip's members). A PDF changed by incremental
  updates (a later revision appended to the file, as Acrobat's "save" and every signature do)
  still carries each earlier revision whole, which anyone can open by cutting the file at its
  end: each is read as well.
- Word, Excel, PowerPoint (.docx .xlsx .pptx, and WPS's .wps/.et when saved in that form), OFD
  and zip: zip archives, read with the standard library, every member: XML parts as their text
  and attribute values (character references decoded; a spreadsheet's numbers in scientific
  notation written out in digits, as its cells show them), images as below, nested documents and
  archives in turn (at most three deep, 500 MB unpacked), other binary parts as the strings in them
  (ASCII and UTF-16, as `strings` reads a file). Fonts are not text.
- PNG and JPEG: the text chunks (tEXt, zTXt, iTXt, eXIf), comments (COM), EXIF and XMP (APPn
  segments), and anything after the image's end; a damaged image is read as raw strings.

Refused (`Unreadable`, with the part and the fix): encrypted files or members, the old binary
Office formats (.doc, .xls, .wps/.et in the old form) and objects embedded in that form (OLE), macros,
RAR and 7z archives, nesting or sizes beyond the limits. Those formats keep their text in streams
and records that only a full implementation of them reads (a cell's number is a binary double,
a comment sits in a separate stream): rather than pass them half read, the clerk is asked for
the format that is read completely (.docx, .xlsx or PDF), which every version of Word, WPS and
Excel saves.
"""

from __future__ import annotations

import decimal
import hashlib
import html
import io
import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from gongkai.text import filetypes

#: How deep archives and documents inside each other are read.
MAX_DEPTH = 3
#: Uncompressed bytes read from the archives of one file, at most (a zip bomb is refused).
MAX_UNPACKED = 500 * 2**20

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_RAR_7Z = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c")

_TEXT_TYPES = frozenset("txt csv tsv md json html htm xhtml".split())
_XML_TYPES = frozenset("xml rels vml svg xsd xsl".split())
_FONT_TYPES = frozenset("ttf otf odttf fntdata woff woff2 eot ttc".split())


class Unreadable(Exception):
    """The file, or a part of it, cannot be read to check it (encrypted, damaged, unreadable format)."""

    def __init__(self, why: str, fix: str = "发布不加密、能正常打开的文件。"):
        super().__init__(why)
        self.fix = fix


#: File types whose texts `data_texts` reads (the leak scan reads these files of the built site).
READABLE = frozenset("pdf docx xlsx pptx docm xlsm wps et ofd zip png jpg jpeg".split())
#: Characters of text kept in memory between readings of the same content (the check at load, then
#: the leak scan of the built site, read each attachment once).
CACHE_CHARS = 32 * 2**20


class Again(str):
    """Where a text is another reading of what an earlier piece of the same file holds (a page read
    in the order of its layout, a PDF's earlier revision): what it shows again is not new."""


def texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) for each part of a file that holds text; `Unreadable` when the file or a part
    of it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"文件读不出（{type(exc).__name__}）") from None
    return data_texts(path.name, data)


_cache: dict[tuple[str, bytes], list[tuple[str, str]] | Unreadable] = {}
_cached_chars = 0
#: Keys of the texts read (and kept) in this process since `take_read` was last called.
_read_here: list[tuple[str, bytes]] = []


def take_read() -> list:
    """The texts read in this process since the last call, as `remember` takes them: a process that
    read half of the records' attachments sends them to the one that reads the records' secrets and
    scans the built site, which then reads no file twice."""
    out = [(key, _cache[key]) for key in _read_here if isinstance(_cache.get(key), list)]
    _read_here.clear()
    return out


def remember(entries: list) -> None:
    """Keep texts read by another process (`take_read`), within `CACHE_CHARS`."""
    global _cached_chars
    for key, found in entries:
        size = sum(len(t) for _, t in found)
        if key not in _cache and _cached_chars + size <= CACHE_CHARS:
            _cache[key] = found
            _cached_chars += size


def data_texts(name: str, data: bytes) -> list[tuple[str, str]]:
    """`texts` of the content `data` of a file called `name` (remembered by its type and digest)."""
    global _cached_chars
    key = (filetypes.extension(PurePosixPath(name)), hashlib.sha256(data).digest())
    found = _cache.get(key)
    if found is None:
        try:
            found = list(_read(name, data, _Budget(), 0, ""))
        except Unreadable as exc:
            found = exc
        size = 0 if isinstance(found, Unreadable) else sum(len(t) for _, t in found)
        if _cached_chars + size <= CACHE_CHARS:
            _cache[key] = found
            _cached_chars += size
            _read_here.append(key)
    if isinstance(found, Unreadable):
        raise Unreadable(str(found), found.fix)
    return list(found)


class _Budget:
    """What is left of `MAX_UNPACKED` for one file."""

    def __init__(self):
        self.left = MAX_UNPACKED

    def take(self, size: int, where: str) -> None:
        self.left -= size
        if self.left < 0:
            raise Unreadable(
                f"{where}解压后超过 {MAX_UNPACKED // 2**20} MB，不予检查",
                "发布解压后大小正常的文件，或拆分后分别发布。",
            )


def _read(name: str, data: bytes, budget: _Budget, depth: int, label: str) -> Iterator[tuple[str, str]]:
    """The texts of one file called `name`: the attachment itself (`label` "") or a part of it
    (`label` says which: "压缩包中的 a/b.docx", "嵌入的文件 word/embeddings/oleObject1.bin")."""
    ext = filetypes.extension(PurePosixPath(name))
    head = data[:16]
    prefix = f"{label} 的" if label else ""
    if head.startswith(_OLE):
        raise Unreadable(_ole_why(ext, label, name), _OLE_FIX)
    if head.startswith(_RAR_7Z):
        what = f"{label} 是" if label else "这是"
        raise Unreadable(f"{what} RAR 或 7z 压缩包，无法检查其中的文件", "解压后直接发布其中的文件，或改用 zip 压缩。")
    if head.startswith(b"%PDF-") or ext == "pdf":
        yield from _pdf(data, budget, depth, prefix)
    elif head.startswith(_ZIP):
        if depth >= MAX_DEPTH:
            raise Unreadable(f"{label or name} 套了太多层压缩包或文档，无法检查", "解开后直接发布其中的文件。")
        yield from _zip(data, budget, depth + 1, prefix)
    elif head.startswith(_PNG):
        yield from _png(data, prefix or "图片的")
    elif head.startswith(_JPEG):
        yield from _jpeg(data, prefix or "图片的")
    elif ext in _FONT_TYPES:
        return
    elif ext in _XML_TYPES or head.lstrip().startswith(b"<?xml"):
        yield prefix + "文字", _xml_text(_decode(data))
    elif ext in _TEXT_TYPES:
        yield prefix + "文字", _decode(data)
    else:
        try:  # a .yml, .ics or .md.bak: text whatever its name (its strings would miss every Chinese word)
            if b"\x00" in data:  # UTF-16's ASCII is valid UTF-8, digits apart: its strings read it
                raise UnicodeDecodeError("utf-8", data, 0, 1, "NUL")
            yield prefix + "文字", data.decode("utf-8-sig")
        except UnicodeDecodeError:
            yield prefix + "字符串", _strings(data)


# --- the old binary formats ---------------------------------------------------------------------------

_OLE_FIX = "在 Word、WPS 或 Excel 中另存为 .docx、.xlsx（或导出 PDF）后发布：这些格式能完整检查。"


def _ole_why(ext: str, label: str, name: str) -> str:
    if not label:
        names = {"doc": "旧版 Word 文档（.doc）", "xls": "旧版 Excel 表格（.xls）"}
        what = names.get(ext, "旧版 Office/WPS 格式的文件")
        return f"这是{what}，其中的正文、批注和文档属性无法完整检查"
    if name.lower().startswith("vbaproject"):
        return f"文件含有宏（{label}），宏无法检查"
    return f"{label} 是旧版 Office 格式（OLE），无法检查"


# --- PDF --------------------------------------------------------------------------------------------------


#: The end of a revision of a PDF, where its cross-reference section is named (the last one ends the
#: file; incremental updates add more).
_PDF_EOF = re.compile(rb"startxref\s+\d+\s*%%EOF[ \t\r\n\x00]*")
#: Revisions read at most (a file with more is refused rather than read in part).
MAX_REVISIONS = 50


def _pdf(data: bytes, budget: _Budget, depth: int, prefix: str) -> Iterator[tuple[str, str]]:
    yield from _pdf_revision(data, budget, depth, prefix)
    ends = [m.end() for m in _PDF_EOF.finditer(data)]
    earlier = [end for end in ends if end < len(data.rstrip(b" \t\r\n\x00"))]
    if len(earlier) > MAX_REVISIONS:
        raise Unreadable(
            f"{prefix}PDF 经过 {len(earlier) + 1} 次增量修改，无法逐版检查",
            "重新导出 PDF（如“另存为”或“打印为 PDF”）后发布：重新导出的文件只有最终的内容。",
        )
    for k, end in enumerate(earlier, 1):
        label = f"{prefix}早先版本 {k}（增量修改前，仍在文件中）的"
        try:
            pieces = list(_pdf_revision(data[:end], budget, depth, label))
        except Unreadable:
            # A part cut out of a linearised file (its first page's section) is not a revision of it.
            if k == 1 and b"/Linearized" in data[:1024]:
                continue
            raise Unreadable(
                f"{prefix}PDF 含有增量修改前的早先版本，其中第 {k} 版无法解析",
                "重新导出 PDF（如“另存为”或“打印为 PDF”）后发布：重新导出的文件只有最终的内容。",
            ) from None
        yield from ((Again(where), text) for where, text in pieces)


def _pdf_revision(data: bytes, budget: _Budget, depth: int, prefix: str) -> Iterator[tuple[str, str]]:
    import pypdf  # imported here: only sites with PDF attachments pay for it
    from pypdf import generic

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # what it repairs is not the clerk's concern
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable(f"{prefix}PDF 设了打开密码", "发布不加密的 PDF。")
        for n, page in enumerate(reader.pages, 1):
            drawn = page.extract_text() or ""
            yield f"{prefix}第 {n} 页", drawn
            # Text drawn out of order (a number's tail first, at the right) reads in order by place.
            try:
                placed = page.extract_text(extraction_mode="layout") or ""
            except Exception:  # the layout reading is the second: the first read the page
                placed = ""
            if _squeezed(placed) != _squeezed(drawn):
                yield Again(f"{prefix}第 {n} 页（按版面位置）"), placed
        walker = _PdfWalker(generic)
        trailer = reader.trailer
        root = trailer["/Root"].get_object()
        # In this order, so that what several parts point to is named by the first: a bookmark's
        # destination is a page, a form field's widget sits on a page.
        starts = [("文档信息", trailer.get("/Info")), ("表单", root.get("/AcroForm"))]
        for n, page in enumerate(reader.pages, 1):
            starts.append((f"第 {n} 页的注释和附加信息", page.indirect_reference or page))
        starts += [(what, root.get(key)) for key, what in _PDF_PARTS]
        starts.append(("其他文字（PDF 对象）", root))
        embedded = []
        for what, start in starts:
            strings: list[str] = []
            walker.walk(start, strings, embedded)
            if strings:
                yield f"{prefix}{what}", apart(strings)
        for what, xml in walker.xmp:
            yield f"{prefix}{what}", _xml_text(xml)
        files = list(embedded)
    except Unreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise Unreadable(f"{prefix}PDF 无法解析（{type(exc).__name__}）") from None
    for name, content in files:
        budget.take(len(content), prefix)
        label = f"{prefix}嵌入的文件 {name}"
        yield f"{prefix}嵌入的文件的名称", name_words(name)
        if depth + 1 > MAX_DEPTH:
            raise Unreadable(f"{label} 套了太多层，无法检查", "导出不含附件的 PDF 后发布，附件另行发布。")
        yield from _read(name, content, budget, depth + 1, label)


def _squeezed(text: str) -> str:
    return "".join(text.split())


# Where a string found from the catalog (/Root) lies, by the catalog's key.
_PDF_PARTS = (
    ("/Outlines", "书签"),
    ("/StructTreeRoot", "替代文字和标记"),
    ("/Names", "名称和嵌入的文件"),
)


class _PdfWalker:
    """Strings of the PDF objects reachable from a start, each object read once; XMP streams and
    embedded files collected on the way. Page content streams are read as the pages' text."""

    MAX_OBJECTS = 200_000

    def __init__(self, generic):
        self.g = generic
        self.seen: set[tuple[int, int, int]] = set()
        self.xmp: list[tuple[str, str]] = []
        self.count = 0

    def walk(self, start, strings: list[str], embedded: list) -> None:
        g = self.g
        stack = [start]
        drawn: list[str] = []
        while stack:
            obj = stack.pop()
            if obj is None:
                continue
            if isinstance(obj, g.IndirectObject):
                key = id(obj.pdf), obj.idnum, obj.generation
                if key in self.seen:
                    continue
                self.seen.add(key)
                self.count += 1
                if self.count > self.MAX_OBJECTS:
                    raise Unreadable("PDF 对象过多，无法检查", "重新导出 PDF（如“另存为”或“打印为 PDF”）后发布。")
                obj = obj.get_object()
            if isinstance(obj, g.TextStringObject):
                if obj.strip():
                    strings.append(str(obj))
            elif isinstance(obj, g.ByteStringObject):
                strings.append(_decode(bytes(obj)))
            elif isinstance(obj, g.StreamObject):
                kind = obj.get("/Type")
                if kind == "/Metadata" or obj.get("/Subtype") == "/XML":
                    self.xmp.append(("XMP 元数据", _decode(obj.get_data())))
                elif kind == "/EmbeddedFile":
                    embedded.append(("（未命名）", obj.get_data()))
                    continue
                stack.extend(v for k, v in obj.items() if k not in ("/Parent", "/P"))
            elif isinstance(obj, g.DictionaryObject):
                # An annotation's or a field's appearance is what a viewer draws for it (a stamp, a
                # signature's text, a filled field): drawn text, read as a page's.
                drawn += (self._form_text(form) for form in self._appearances(obj.get("/AP")))
                if "/EF" in obj:  # a file specification with the file in it
                    name = str(obj.get("/UF") or obj.get("/F") or "（未命名）")
                    ef = obj["/EF"].get_object()
                    stream = (ef.get("/UF") or ef.get("/F")).get_object()
                    embedded.append((name, stream.get_data()))
                    strings.append(name)
                    stack.extend(v for k, v in obj.items() if k != "/EF")
                    continue
                # /Parent and /P go back up; the page tree is walked page by page (the pages' annotations)
                stack.extend(v for k, v in obj.items() if k not in ("/Parent", "/P", "/Pages"))
            elif isinstance(obj, g.ArrayObject):
                stack.extend(obj)
        # What an appearance draws is often a value read already (a field's /V): once is enough.
        known = {t.strip() for t in strings}
        strings.extend(t for t in drawn if t.strip() and t.strip() not in known)

    def _appearances(self, ap) -> Iterator:
        """The appearance streams of an /AP dictionary (normal, rollover, down; each of its states)."""
        g = self.g
        ap = ap.get_object() if ap is not None else None
        if not isinstance(ap, g.DictionaryObject):
            return
        for key in ("/N", "/R", "/D"):
            value = ap.get(key)
            value = value.get_object() if value is not None else None
            plain = isinstance(value, g.DictionaryObject) and not isinstance(value, g.StreamObject)
            states = list(value.values()) if plain else [value]  # a stream, or a stream by state
            for state in states:
                form = state.get_object() if state is not None else None
                if isinstance(form, g.StreamObject):
                    yield form

    def _form_text(self, form) -> str:
        """The text a form XObject draws, read by pypdf as the only content of a blank page."""
        import pypdf  # imported here: only sites with PDF attachments pay for it

        page = pypdf.PageObject.create_blank_page(width=1, height=1)
        page[self.g.NameObject("/Resources")] = form.get("/Resources") or self.g.DictionaryObject()
        page[self.g.NameObject("/Contents")] = form
        try:
            return page.extract_text() or ""
        except Exception:  # a damaged appearance draws nothing a reader sees either
            return ""


# --- zip: Office, OFD, archives ---------------------------------------------------------------------------


def _zip(data: bytes, budget: _Budget, depth: int, prefix: str) -> Iterator[tuple[str, str]]:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in z.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise Unreadable(f"{prefix}文件已损坏（{type(exc).__name__}）") from None
    names = {i.filename for i in infos}
    package = "[Content_Types].xml" in names or "OFD.xml" in names or "mimetype" in names
    # The archive's comment and each member's are published with it (an unzip program shows them).
    if z.comment:
        yield f"{prefix}压缩包的注释", _decode(z.comment)
    for info in infos:
        label = f"{prefix}{_part_name(info.filename) if package else '压缩包中的 ' + info.filename}"
        if info.comment:
            yield f"{label} 的注释", _decode(info.comment)
        if not package:
            yield f"{prefix}压缩包中的文件名", name_words(info.filename)
        if info.flag_bits & 0x1:
            raise Unreadable(f"{label} 设了密码，无法检查", "发布不加密的文件（压缩包不要设密码）。")
        budget.take(info.file_size, prefix)
        try:
            content = z.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error) as exc:
            raise Unreadable(f"{label} 已损坏或无法解压（{type(exc).__name__}）") from None
        if package and _is_xml(info.filename, content):
            xml = _decode(content)
            if info.filename.startswith("xl/") or "/charts/" in info.filename:  # numbers as cells show them
                xml = _plain_numbers(xml)
            yield label, _xml_text(xml)
            if info.filename.startswith("word/") and _HIDDEN.search(xml):  # and as Word shows it
                yield Again(f"{label}（隐藏文字不显示时）"), _xml_text(_RUN.sub(_shown_run, xml))
        else:
            yield from _read(PurePosixPath(info.filename).name, content, budget, depth, label)


# Word's hidden text (a run formatted w:vanish) is read, since "show hidden text" shows it; and the
# part is read again as Word shows it by default, without those runs: 1391234 + hidden 0000 + 5678
# reads 13912345678 to the reader.
# (A run ends at its </w:r>, and is given up at the next <w:r: runs never nest, and a part of runs
# never closed is read in time proportional to it, not to its square.)
_RUN = re.compile(r"<w:r(?:\s[^<>]*)?>(?:[^<]|<(?!w:r[\s>]|/w:r>))*</w:r>")
_HIDDEN = re.compile(r"<w:(?:vanish|specVanish)\b(?![^<>]*w:val=\"(?:0|false|off)\")[^<>]*>")


def _shown_run(m: re.Match) -> str:
    return "" if _HIDDEN.search(m.group()) else m.group()


# A number written in scientific notation as a cell's value or an attribute (Excel writes
# 13812345678 as 1.3812345678E10 when that is shorter, and a pivot cache as v="1.3812345678E10").
_SCIENTIFIC = re.compile(r"(?<=[>\"'])\s*([-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d{1,2})\s*(?=[<\"'])")


def _plain_numbers(xml: str) -> str:
    """`xml` with each number in scientific notation written out in digits, as a cell formatted
    as a number (or a phone number: Excel's 特殊 format) shows it: ``13812345678``."""

    def plain(m: re.Match) -> str:
        try:
            value = decimal.Decimal(m.group(1))
        except decimal.InvalidOperation:
            return m.group()
        if value == value.to_integral_value():
            return str(int(value))
        return format(value, "f")

    return _SCIENTIFIC.sub(plain, xml)


def _is_xml(name: str, content: bytes) -> bool:
    return filetypes.extension(PurePosixPath(name)) in _XML_TYPES or content[:64].lstrip().startswith(b"<?xml")


# A part of an Office or OFD package, in a clerk's words (the first pattern that matches).
_PARTS = (
    (r".*/media/.*|.*/Res/.*|.*\.(png|jpe?g|gif|emf|wmf|bmp|tiff?)", "图片"),
    (r"word/document\d*\.xml|ppt/slides/slide(\d+)\.xml|Doc_\d+/Pages/Page_(\d+)/Content\.xml", "正文"),
    (r"(word|xl|ppt)/(comments\w*|threadedComments/.*|commentsExtended|people)\.xml|.*/Annot.*\.xml", "批注"),
    (r"word/header\d*\.xml", "页眉"),
    (r"word/footer\d*\.xml", "页脚"),
    (r"word/footnotes\.xml", "脚注"),
    (r"word/endnotes\.xml", "尾注"),
    (r"docProps/.*|OFD\.xml|.*/DocInfo.*|meta\.xml", "文档属性"),
    (r"xl/worksheets/sheet(\d+)\.xml", "工作表"),
    (r"xl/sharedStrings\.xml", "共享文字"),
    (r".*/charts?/.*", "图表"),
    (r".*_rels/.*\.rels", "链接"),
    (r"customXml/.*", "自定义数据"),
    (r".*/embeddings/.*|.*/Attachs?/.*", "嵌入的文件"),
    (r"ppt/notesSlides/.*", "备注"),
    (r".*/Signs?/.*", "签章"),
)


def _part_name(member: str) -> str:
    for pattern, label in _PARTS:
        m = re.fullmatch(pattern, member, re.IGNORECASE)
        if m:
            number = next((g for g in m.groups() if g and g.isdigit()), None)
            if label == "工作表" and number:
                return f"第 {number} 个工作表"
            if label == "正文" and number and "Page_" in member:
                return f"第 {int(number) + 1} 页"  # OFD counts pages from 0
            if label == "正文" and number:
                return f"第 {number} 张幻灯片"
            return f"{label} {member}" if label in ("图片", "嵌入的文件", "签章", "自定义数据") else label
    return f"部件 {member}"


# Elements whose end does not end a piece of text: runs of text within a paragraph (Word, Excel's rich
# text, DrawingML, OFD's TextCode). The end of a paragraph or an OFD text object is a line break; the
# end of any other element (a cell, a property) a boundary.
_XML_INLINE = frozenset(
    "t r rPr delText instrText hyperlink ins del smartTag fldSimple sdt sdtContent sdtPr sdtEndPr customXml "
    "moveFrom moveTo proofErr rt rubyBase ruby dir bdo TextCode CGTransform fld "
    # A run's formatting (Word and Excel): a number Word split into a bold and a plain run reads as one.
    "b bCs i iCs u sz szCs color rFonts rFont highlight lang strike dstrike vertAlign kern spacing w position shd "
    "caps smallCaps noProof rStyle em eastAsianLayout webHidden specVanish bdr effect emboss imprint outline "
    "shadow fitText snapToGrid cs rtl vanish family charset scheme condense extend "
    # Marks inside a paragraph that show nothing.
    "lastRenderedPageBreak bookmarkStart bookmarkEnd commentRangeStart commentRangeEnd permStart permEnd "
    "softHyphen noBreakHyphen".split()
)
_XML_LINE = frozenset("p br cr TextObject".split())
# (Each construct ends at its end or at the end of the text, and a tag at the next < or >: linear.)
_XML_TOKEN = re.compile(
    r"<!\[CDATA\[(?P<cdata>.*?)(?:\]\]>|\Z)|<!--(?P<comment>.*?)(?:-->|\Z)|<\?.*?(?:\?>|\Z)|<![^<>]*>"
    r"|<(?P<end>/?)(?P<name>[A-Za-z_][\w.:-]*)(?P<attrs>[^<>]*?)(?P<empty>/?)>",
    re.DOTALL,
)
_XML_ATTR = re.compile(r"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _xml_text(xml: str) -> str:
    """The text of an XML document as a reader of it sees it, then its attribute values, each set
    apart (an image's alternative text, a link's target, a comment's author)."""
    out: list[str] = []
    values: list[str] = []
    pos = 0
    for m in _XML_TOKEN.finditer(xml):
        out.append(html.unescape(xml[pos : m.start()]))
        pos = m.end()
        if m.group("cdata") is not None:
            out.append(m.group("cdata"))
        elif m.group("comment") is not None:
            out.append(apart([m.group("comment")]) + "|\n")
        elif m.group("name") is not None:
            local = m.group("name").rpartition(":")[2]
            for a in _XML_ATTR.finditer(m.group("attrs")):
                if not a.group(1).startswith("xmlns"):
                    value = html.unescape(a.group(2) if a.group(2) is not None else a.group(3))
                    if value.strip():
                        values.append(value)
            if local == "tab":
                out.append("\t")
            elif local in _XML_LINE and (m.group("end") or m.group("empty")):
                out.append("\n")
            elif (m.group("end") or m.group("empty")) and local not in _XML_INLINE:
                out.append("|")
    out.append(html.unescape(xml[pos:]))
    return "".join(out) + apart(values)


# --- images -----------------------------------------------------------------------------------------------

_PNG_IMAGE_CHUNKS = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"pHYs"})


def _png(data: bytes, prefix: str) -> Iterator[tuple[str, str]]:
    pos = len(_PNG)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if len(body) < length or not kind.isalpha():
            yield prefix + "无法解析的部分", _strings(data[pos:])
            return
        pos += 12 + length
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            yield f"{prefix}文字信息（tEXt {_decode(key)}）", _decode(value)
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            yield f"{prefix}文字信息（zTXt {_decode(key)}）", _decode(_inflate(rest[1:]))
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[:1] == b"\1", rest[2:]
            language, _, rest = rest.partition(b"\0")
            translated, _, value = rest.partition(b"\0")
            text = _inflate(value) if compressed else value
            yield f"{prefix}文字信息（iTXt {_decode(key)}）", apart([_decode(translated), _decode(text)])
        elif kind == b"eXIf":
            yield prefix + "EXIF 信息", _strings(body)
        elif kind not in _PNG_IMAGE_CHUNKS:
            yield f"{prefix}{_decode(kind)} 数据块", _strings(body)
        if kind == b"IEND":
            break
    if pos < len(data):
        yield prefix + "结尾之后附加的数据", _strings(data[pos:])


def _jpeg(data: bytes, prefix: str) -> Iterator[tuple[str, str]]:
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            yield prefix + "无法解析的部分", _strings(data[pos:])
            return
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker == 0xD9:
            pos += 2
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        body = data[pos + 4 : pos + 2 + length]
        if marker == 0xFE:
            yield prefix + "注释（COM）", _decode(body)
        elif 0xE0 <= marker <= 0xEF:
            if body.startswith(b"http://ns.adobe.com/xap/1.0/\0"):
                yield prefix + "XMP 信息", _xml_text(_decode(body.split(b"\0", 1)[1]))
            elif body.startswith(b"Exif\0"):
                yield prefix + "EXIF 信息", _strings(body)
            else:
                yield f"{prefix}APP{marker - 0xE0} 信息", _strings(body)
        pos += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker
            m = _JPEG_MARKER.search(data, pos)
            pos = m.start() if m else len(data)
    if pos < len(data):
        yield prefix + "结尾之后附加的数据", _strings(data[pos:])


_JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _inflate(data: bytes) -> bytes:
    try:
        d = zlib.decompressobj()
        out = d.decompress(data, 64 * 2**20)
    except zlib.error:
        return data
    if d.unconsumed_tail:
        raise Unreadable("图片的文字信息解压后过大，无法检查", "去掉图片中的文字信息（另存为或导出）后发布。")
    return out


# --- raw text ----------------------------------------------------------------------------------------------

_ASCII_RUN = re.compile(rb"[\t\n\r\x20-\x7e]{6,}")
_UTF16LE_RUN = re.compile(rb"(?:[\t\n\r\x20-\x7e]\x00){6,}")
#: Runs of text in UTF-8 (Chinese in a binary's metadata): two characters beyond ASCII at least, with
#: short ASCII gaps (2024年): a run starts only at a lead byte, so ASCII data costs one pass.
_MB = rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})"
_UTF8_RUN = re.compile(_MB + rb"{2,}(?:[\t\n\r\x20-\x7e]{1,40}" + _MB + rb"+)*")
_UTF16BE_RUN = re.compile(rb"(?:\x00[\t\n\r\x20-\x7e]){6,}")


def _strings(data: bytes) -> str:
    """The strings in binary data, as `strings` finds them: runs of ASCII, of UTF-8 holding more
    than ASCII, and of UTF-16 (either byte order), each set apart. Digits in UTF-8 or GB 18030 text
    are ASCII bytes."""
    runs = [m.group().decode("ascii") for m in _ASCII_RUN.finditer(data)]
    runs += [m.group().decode("utf-8", "replace") for m in _UTF8_RUN.finditer(data)]
    runs += [m.group().decode("utf-16-le") for m in _UTF16LE_RUN.finditer(data)]
    runs += [m.group().decode("utf-16-be") for m in _UTF16BE_RUN.finditer(data)]
    return apart(runs)


_NAME_JOINERS = re.compile(r"[./_+~\\-]")


def name_words(name: str) -> str:
    """A file name (or a path) as words, one character for one, for the personal-data guard:
    ``张三_13912345678.pdf`` reads ``张三 13912345678 pdf`` (a number in a name is not a piece of
    a URL, it is the name)."""
    return _NAME_JOINERS.sub(" ", name)


def apart(texts) -> str:
    """Texts set apart from each other and from what comes before: each on a line of its own that
    begins with a boundary (``|``), so that no number reads across two of them."""
    return "".join("\n|" + t for t in texts)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")
