"""Hostile input for the personal-data guard and the leak scan (issue 14, classes 2 and 3).

Written as an outsider would attack: personal numbers hidden from a naive scanner by zero-width
characters, soft hyphens, other separators, markup, character references, grouping, line breaks,
compatibility forms, file names, and the parts of attachments nobody looks at (comments, document
properties, metadata, archives' members, image text chunks). Each case is a real file on disk:
a record and, where it matters, an attachment made here with python-docx, reportlab, pypdf and
Pillow, or by hand for the formats no library here writes (xlsx, OFD, zip).

Every case says what must happen: refused, with the message fragment at the record's line, by
`gongkai check` *and* by `mkdocs build` (the same rule runs at load in both); or accepted and
harmless (check and build pass, the page shows the text as written). The refused cases share one
site (one check, one build), the accepted ones another, the leak-scan cases a third; a few
end-to-end cases build a small site of their own. No message may print the number it hides.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import Site, flat, problem_lines

# --- fictional personal numbers (check digits computed here, independently of gongkai) -------------

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, _W, strict=True)) % 11]


def luhn(body: str) -> str:
    """`body` + the Luhn check digit."""
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (1 if i % 2 else 2)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


MOBILE = "13912345678"
MOBILE2 = "15087654321"
ID = id_number("11010519900307123")  # 110105199003071235
ID2 = id_number("35020319851201456")
CARD = luhn("622202123456789012")
FULL = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789-./X"}


def spread(value: str, between: str, at=(3, 7)) -> str:
    """`value` with `between` inserted at the positions `at`."""
    out, last = [], 0
    for cut in at:
        out.append(value[last:cut])
        last = cut
    out.append(value[last:])
    return between.join(out)


# --- attachments, made as real files ---------------------------------------------------------------------


def docx(path: Path, body: str = "正文没有个人信息。", **parts) -> None:
    """A Word file made with python-docx; `parts`: comment, author, comments, keywords, header,
    footer, title, image (bytes of a PNG), link (an external hyperlink target)."""
    import docx as python_docx

    doc = python_docx.Document()
    paragraph = doc.add_paragraph(body)
    if "comment" in parts:
        doc.add_comment(paragraph.runs[0], text=parts["comment"], author="审核人", initials="SH")
    props = doc.core_properties
    for key in ("author", "comments", "keywords", "title", "subject", "category", "last_modified_by"):
        if key in parts:
            setattr(props, key, parts[key])
    if "header" in parts:
        doc.sections[0].header.paragraphs[0].text = parts["header"]
    if "footer" in parts:
        doc.sections[0].footer.paragraphs[0].text = parts["footer"]
    if "image" in parts:
        doc.add_picture(io.BytesIO(parts["image"]))
    if "link" in parts:
        from docx.opc.constants import RELATIONSHIP_TYPE

        doc.part.relate_to(parts["link"], RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    doc.save(path)


def rezip(path: Path, add: dict[str, bytes] | None = None, edit=None) -> None:
    """Rewrite the zip package at `path`: members added, members' bytes changed by `edit(name, data)`."""
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, edit(name, data) if edit else data)
        for name, data in (add or {}).items():
            z.writestr(name, data)


def docx_custom_property(path: Path, name: str, value: str) -> None:
    docx(path)
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="{name}">'
        f"<vt:lpwstr>{value}</vt:lpwstr></property></Properties>"
    ).encode()

    def edit(member, data):
        if member == "[Content_Types].xml":
            return data.replace(
                b"</Types>",
                b'<Override PartName="/docProps/custom.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
            )
        if member == "_rels/.rels":
            return data.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdCustom" Target="docProps/custom.xml" Type="http://schemas.'
                b'openxmlformats.org/officeDocument/2006/relationships/custom-properties"/></Relationships>',
            )
        return data

    rezip(path, {"docProps/custom.xml": custom}, edit)


def docx_with_references(path: Path, number: str) -> None:
    """The number in the body written as XML character references (&#49;&#51;...)."""
    docx(path, body=f"联系电话{number}")
    refs = "".join(f"&#{ord(c)};" for c in number).encode()
    rezip(path, edit=lambda m, d: d.replace(number.encode(), refs) if m == "word/document.xml" else d)


def docx_footnote(path: Path, text: str) -> None:
    docx(path)
    notes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    ).encode()
    rezip(path, {"word/footnotes.xml": notes})


def xlsx(path: Path, cells: list, comment: str | None = None) -> None:
    """A minimal Excel workbook written by hand: one sheet, `cells` in row 1 (str: inline
    string, int: a number), optionally a cell comment."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    row = "".join(
        f'<c r="{chr(65 + i)}1"><v>{v}</v></c>'
        if isinstance(v, int)
        else f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(cells)
    )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {ns} xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {ns}><sheetData><row r="1">{row}</row>'
        "</sheetData></worksheet>",
    }
    if comment is not None:
        parts["xl/comments1.xml"] = (
            f'<?xml version="1.0"?><comments {ns}><authors><author>审核人</author></authors><commentList>'
            f'<comment ref="A1" authorId="0"><text><r><t>{comment}</t></r></text></comment></commentList></comments>'
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)


def ofd(path: Path, text: str = "正文", author: str = "办公室", annotation: str | None = None) -> None:
    """A small OFD (GB/T 33190) package written by hand: document information, one page of text."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    parts = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD"><ofd:DocBody>'
        f"<ofd:DocInfo><ofd:DocID>a1b2</ofd:DocID><ofd:Title>通知</ofd:Title><ofd:Author>{author}</ofd:Author>"
        "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData>'
        "<ofd:MaxUnitID>10</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
        '</ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
        "</ofd:Pages></ofd:Document>",
        "Doc_0/Pages/Page_0/Content.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content>'
        '<ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="20 20 170 10" Font="4" Size="5">'
        f'<ofd:TextCode X="0" Y="5" DeltaX="g 20 5">{text}</ofd:TextCode></ofd:TextObject></ofd:Layer>'
        "</ofd:Content></ofd:Page>",
    }
    if annotation is not None:
        parts["Doc_0/Annots/Page_0/Annotation.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:PageAnnot {ns}><ofd:Annot ID="5" Type="Highlight">'
            f"<ofd:Remark>{annotation}</ofd:Remark></ofd:Annot></ofd:PageAnnot>"
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text_ in parts.items():
            z.writestr(name, text_)


def pdf(path: Path, text: str = "Notice", **extra) -> None:
    """A PDF made with reportlab (and pypdf for what reportlab does not write): `extra` author,
    subject, keywords, annotation, bookmark, field, attachment (name, bytes), xmp (text)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setTitle("Notice")
    for key, setter in (("author", c.setAuthor), ("subject", c.setSubject), ("keywords", c.setKeywords)):
        if key in extra:
            setter(extra[key])
    c.drawString(72, 720, text)
    if "annotation" in extra:
        c.textAnnotation(extra["annotation"], Rect=(72, 600, 300, 650))
    if "bookmark" in extra:
        c.bookmarkPage("p1")
        c.addOutlineEntry(extra["bookmark"], "p1")
    if "field" in extra:
        c.acroForm.textfield(name="phone", value=extra["field"], x=72, y=500, width=200, height=20)
    c.showPage()
    c.save()
    data = buf.getvalue()
    if "attachment" in extra or "xmp" in extra:
        import pypdf
        from pypdf.generic import NameObject, StreamObject

        writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
        if "attachment" in extra:
            writer.add_attachment(*extra["attachment"])
        if "xmp" in extra:
            stream = StreamObject()
            stream.set_data(
                '<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/'
                '1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f"<dc:creator>{extra['xmp']}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>".encode()
            )
            stream[NameObject("/Type")] = NameObject("/Metadata")
            stream[NameObject("/Subtype")] = NameObject("/XML")
            writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    path.write_bytes(data)


def png(texts: dict[str, str] | None = None, ztxt: dict[str, str] | None = None, itxt=None, exif=None) -> bytes:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for k, v in (texts or {}).items():
        info.add_text(k, v)
    for k, v in (ztxt or {}).items():
        info.add_text(k, v, zip=True)
    for k, v in (itxt or {}).items():
        info.add_itxt(k, v, zip=True)
    buf = io.BytesIO()
    options = {"pnginfo": info}
    if exif:
        options["exif"] = _exif(exif)
    Image.new("RGB", (8, 8), "white").save(buf, "PNG", **options)
    return buf.getvalue()


def jpeg(comment: str | None = None, exif: dict | None = None) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    options = {}
    if comment is not None:
        options["comment"] = comment.encode("utf-8")
    if exif:
        options["exif"] = _exif(exif)
    Image.new("RGB", (8, 8), "white").save(buf, "JPEG", **options)
    return buf.getvalue()


def _exif(tags: dict):
    from PIL import Image

    exif = Image.Exif()
    for tag, value in tags.items():
        exif[tag] = value
    return exif


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1528  # the compound-file signature of .doc/.xls


def _zip_bytes(members: dict[str, bytes], encrypted=()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    data = bytearray(buf.getvalue())
    # zipfile writes no encrypted member: mark the named ones as WinZip's ZipCrypto does (bit 0 of the
    # general purpose flags, in the local header and in the central directory entry).
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        offsets = {i.filename: i.header_offset for i in z.infolist()}
        entry = z.start_dir
    while data[entry : entry + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack("<HHH", data[entry + 28 : entry + 34])
        name = bytes(data[entry + 46 : entry + 46 + n]).decode("utf-8")
        if name in encrypted:
            data[entry + 8] |= 1
            data[offsets[name] + 6] |= 1
        entry += 46 + n + m + k
    return bytes(data)


def _xlsx_bytes(cells) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.xlsx"
        xlsx(path, cells)
        return path.read_bytes()


# --- the cases ------------------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    fields: dict = field(default_factory=dict)  # front-matter fields over the good record's
    body: str = "正文第一段。\n"
    files: dict = field(default_factory=dict)  # name -> callable(path) writing it in records/2024/files/
    expect: str = ""  # the message fragment; "" for an accepted case
    at: str = "body"  # where the problem is: "body" (the line with `marker`), a front-matter key, "link"
    marker: str = ""  # a piece of the body's line that is reported
    secret: str = ""  # what must never be printed (the digits behind the evasion)
    shows: str = ""  # accepted: what the built page shows


def _file(writer, *args, **kwargs):
    return lambda path: writer(path, *args, **kwargs)


def _bytes(data: bytes):
    return lambda path: path.write_bytes(data)


ATT = "attachments"


def _attached(name: str, writer, expect: str, case_id: str, secret: str, title: str = "附件", marker: str = "") -> Case:
    return Case(
        case_id,
        fields={ATT: [{"file": f"files/{name}", "title": title}]},
        files={name: writer},
        expect=expect,
        at=ATT,
        secret=secret,
        marker=marker,
    )


def _body(case_id: str, line: str, expect: str = "正文有未遮盖的手机号码", secret: str = MOBILE, **kw) -> Case:
    return Case(
        case_id, body=f"第一段。\n\n{line}\n\n末段。\n", expect=expect, marker=line.split("\n")[0], secret=secret, **kw
    )


ID_BODY = "正文有未遮盖的身份证号"
CHINESE = str.maketrans("0123456789", "〇一二三四五六七八九")
PERCENT = str.maketrans({d: f"%3{d}" for d in "0123456789"})
REFUSED = [
    # digits written otherwise: Chinese numerals, brackets, percent-escapes in a link; an ID glued to a label
    _body("chinese-numerals", f"联系电话{MOBILE.translate(CHINESE)}。"),
    _body("chinese-numerals-mixed", f"联系电话{MOBILE[:3]}{MOBILE[3:7].translate(CHINESE)}{MOBILE[7:]}。"),
    _body("chinese-numerals-id", f"身份证号{ID.translate(CHINESE)}。", ID_BODY, ID),
    _body("bracketed-first-group", f"联系电话（{MOBILE[:3]}）{MOBILE[3:7]}-{MOBILE[7:]}。"),
    _body("percent-escaped-link", f"[联系我们](tel:{MOBILE.translate(PERCENT)})"),
    _body("id-after-no-dot", f"证件 No.{ID}", ID_BODY, ID),
    # class 2, text: format characters inside the number
    *(
        _body(f"zero-width-{n:04x}", f"联系电话{spread(MOBILE, chr(n))}。")
        for n in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)
    ),
    # Default_Ignorable_Code_Point beyond Cf: a Khmer inherent vowel, unassigned points a browser
    # shows as nothing (U+2065, U+FFF0, the tag plane past its tags).
    *(
        _body(f"ignorable-{n:04x}", f"联系电话{spread(MOBILE, chr(n))}。")
        for n in (0x17B4, 0x17B5, 0x2065, 0xFFF0, 0xFFF8, 0xE0080, 0xE01F0, 0xE0FFF)
    ),
    _body("ignorable-id", f"身份证号{spread(ID, chr(0xE0080), (9,))}。", ID_BODY, ID),
    # Noncharacters: U+FDD1 is what the guard's own reading once turned into a space.
    *(
        _body(f"noncharacter-{n:04x}", f"联系电话{spread(MOBILE, chr(n))}。")
        for n in (0xFDD0, 0xFDD1, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF)
    ),
    _body("noncharacter-id", f"身份证号{spread(ID, chr(0xFDD1), (9,))}。", ID_BODY, ID),
    _body("soft-hyphen-mobile", f"联系电话{spread(MOBILE, chr(0xAD))}。"),
    _body("soft-hyphen-id", f"身份证号{spread(ID, chr(0xAD), (6, 14))}。", ID_BODY, ID),
    _body("zero-width-every-digit", "电话" + "\u200b".join(MOBILE)),
    _body("combining-underline", "电话" + "".join(c + "\u0332" for c in MOBILE)),
    # separators other than a space and -
    *(
        _body(f"separator-{name}", f"联系电话 {spread(MOBILE, sep)}，张三")
        for name, sep in (("dot", "."), ("slash", "/"), ("underscore", "_"), ("middle-dot", "·"), ("em-dash", "—"))
    ),
    _body("separator-u2010", f"联系电话 {spread(MOBILE, chr(0x2010))}"),
    _body("full-width-digits-and-dots", f"手机：{spread(MOBILE, '.').translate(FULL)}"),
    _body("full-width-hyphens", f"手机：{spread(MOBILE, '-').translate(FULL)}"),
    _body("spaced-hyphens", f"手机：{spread(MOBILE, ' - ')}"),
    _body("cc-and-dots", f"手机 +86 {spread(MOBILE, '.')}"),
    _body("id-with-dots", f"身份证号：{spread(ID, '.', (6, 14))}", ID_BODY, ID),
    _body("card-with-dots", f"银行卡号：{spread(CARD, '.', (4, 8, 12, 16))}", "正文有未遮盖的银行卡号", CARD),
    # markup and character references
    _body("markdown-bold-tail", f"联系电话{MOBILE[:7]}**{MOBILE[7:]}**。"),
    _body("markdown-emphasis-middle", f"手机 {MOBILE[:3]}*{MOBILE[3:7]}*{MOBILE[7:]}"),
    _body("markdown-strike", f"手机 {MOBILE[:3]}~~{MOBILE[3:7]}~~{MOBILE[7:]}"),
    _body("html-bold", f"电话：{MOBILE[:3]}<b>{MOBILE[3:7]}</b>{MOBILE[7:]}"),
    _body("html-wbr", f"电话：{MOBILE[:3]}<wbr>{MOBILE[3:7]}<wbr>{MOBILE[7:]}"),
    _body("html-comment-inside", f"电话：{MOBILE[:3]}<!-- -->{MOBILE[3:]}"),
    _body("decimal-reference", f"电话：&#{ord(MOBILE[0])};{MOBILE[1:]}"),
    _body("hex-references", "电话：" + "".join(f"&#x{ord(c):x};" for c in MOBILE)),
    _body("id-all-references", "身份证号：" + "".join(f"&#{ord(c)};" for c in ID), ID_BODY, ID),
    _body("alt-text", f'<img src="data:," alt="张三 {MOBILE}">'),
    _body("tel-link", f'<a href="tel:{MOBILE}">联系我们</a>'),
    _body("html-comment", f"<!-- 联系人 张三 {MOBILE} -->正文"),
    # grouping and line breaks
    _body("id-in-threes", "身份证号 " + " ".join(ID[k : k + 3] for k in range(0, 18, 3)), ID_BODY, ID),
    _body("id-in-fours", "身份证号 " + " ".join(ID[k : k + 4] for k in range(0, 18, 4)), ID_BODY, ID),
    _body("id-over-a-line-break", f"低保对象张三，身份证号{ID[:10]}\n{ID[10:]}，住某某村。", ID_BODY, ID),
    _body("mobile-over-a-line-break", f"联系电话{MOBILE[:5]}\n{MOBILE[5:]}（张三）"),
    _body("mobile-hyphenated-at-line-end", f"联系电话{MOBILE[:3]}-\n{MOBILE[3:]}"),
    _body("math-digits", "手机 " + "".join(chr(0x1D7CE + int(c)) for c in MOBILE)),
    # the same evasions in the front matter
    Case(
        "title-zero-width",
        fields={"title": f"关于联系人{spread(MOBILE, chr(0x200B))}的公告"},
        # Refused as plain text first: an invisible character has no place in a title (gongkai.text.plaintext).
        expect="title（标题）：含有看不见的字符 U+200B（零宽空格）",
        at="title",
        secret=MOBILE,
    ),
    Case(
        "title-unassigned-ignorable",  # not a character plain text refuses: the guard reads through it
        fields={"title": f"关于联系人{spread(MOBILE, chr(0x2065))}的公告"},
        expect="有未遮盖的手机号码",
        at="title",
        secret=MOBILE,
    ),
    Case(
        "summary-dots",
        fields={"summary": f"联系电话{spread(MOBILE, '.')}"},
        expect="有未遮盖的手机号码",
        at="summary",
        secret=MOBILE,
    ),
    Case(
        "keywords-full-width",
        fields={"keywords": f"[低保, {MOBILE.translate(FULL)}]"},
        expect="有未遮盖的手机号码",
        at="keywords",
        secret=MOBILE,
    ),
    # file names and titles of attachments
    _attached(f"张三_{MOBILE}.pdf", _file(pdf), "的文件名有未遮盖的手机号码", "file-name-mobile", MOBILE),
    _attached(f"{spread(ID, '.', (6, 14))}.pdf", _file(pdf), "的文件名有未遮盖的身份证号", "file-name-id-dots", ID),
    _attached(f"{MOBILE}.png", _bytes(png()), "的文件名有未遮盖的手机号码", "file-name-ascii-kept-in-url", MOBILE),
    _attached(
        "名单.pdf",
        _file(pdf),
        "第 1 个附件的 title 含有看不见的字符 U+200B",  # refused as plain text first
        "attachment-title",
        MOBILE,
        title=f"名单（联系人{spread(MOBILE, chr(0x200B))}）",
        marker="title: 名单（",  # said at the attachment's own line
    ),
    Case(
        "body-linked-image-name",
        body=f"第一段。\n\n![现场照片](files/{MOBILE}.jpg)\n",
        files={f"{MOBILE}.jpg": _bytes(jpeg())},
        expect=f"正文链接的文件 {MOBILE[:3]}****{MOBILE[7:]}.jpg 的文件名有未遮盖的手机号码",
        marker="![现场照片]",
        secret=MOBILE,
    ),
    # Word
    _attached(
        "comment.docx",
        _file(docx, comment=f"请核实联系人手机{MOBILE}"),
        "附件 comment.docx 批注有未遮盖的手机号码",
        "docx-comment",
        MOBILE,
    ),
    _attached(
        "author.docx",
        _file(docx, author=f"张三{MOBILE}"),
        "附件 author.docx 文档属性有未遮盖的手机号码",
        "docx-core-author",
        MOBILE,
    ),
    _attached(
        "props.docx",
        _file(docx, comments=f"身份证 {ID}", keywords="名单"),
        "附件 props.docx 文档属性有未遮盖的身份证号",
        "docx-core-comments",
        ID,
    ),
    _attached(
        "custom.docx",
        _file(docx_custom_property, "经办人电话", MOBILE),
        "附件 custom.docx 文档属性有未遮盖的手机号码",
        "docx-custom-property",
        MOBILE,
    ),
    _attached(
        "header.docx",
        _file(docx, header=f"经办人 {MOBILE}"),
        "附件 header.docx 页眉有未遮盖的手机号码",
        "docx-header",
        MOBILE,
    ),
    _attached(
        "footer.docx",
        _file(docx, footer=f"经办人 {spread(MOBILE, '.')}"),
        "附件 footer.docx 页脚有未遮盖的手机号码",
        "docx-footer-dots",
        MOBILE,
    ),
    _attached(
        "footnote.docx",
        _file(docx_footnote, f"申请人身份证号{ID}"),
        "附件 footnote.docx 脚注有未遮盖的身份证号",
        "docx-footnote",
        ID,
    ),
    _attached(
        "refs.docx",
        _file(docx_with_references, MOBILE),
        "附件 refs.docx 正文有未遮盖的手机号码",
        "docx-character-references",
        MOBILE,
    ),
    _attached(
        "zwsp.docx",
        _file(docx, body=f"电话{spread(MOBILE, chr(0x200B))}"),
        "附件 zwsp.docx 正文有未遮盖的手机号码",
        "docx-zero-width",
        MOBILE,
    ),
    _attached(
        "link.docx",
        _file(docx, link=f"tel:{MOBILE}"),
        "附件 link.docx 链接有未遮盖的手机号码",
        "docx-hyperlink-target",
        MOBILE,
    ),
    _attached(
        "picture.docx",
        _file(docx, image=png({"Comment": f"Photo by {MOBILE}"})),
        "附件 picture.docx 图片 word/media/image1.png 的文字信息（tEXt Comment）有未遮盖的手机号码",
        "docx-image-text-chunk",
        MOBILE,
    ),
    _attached(
        "ole.docx",
        lambda p: (docx(p), rezip(p, {"word/embeddings/oleObject1.bin": OLE})),
        "无法完整检查个人信息：嵌入的文件 word/embeddings/oleObject1.bin 是旧版 Office 格式（OLE），无法检查",
        "docx-embedded-ole-object",
        "",
    ),
    _attached(
        "macro.docx",
        lambda p: (docx(p), rezip(p, {"word/vbaProject.bin": OLE})),
        "无法完整检查个人信息：文件含有宏（部件 word/vbaProject.bin），宏无法检查",
        "docx-macro",
        "",
    ),
    _attached("old.doc", _bytes(OLE), "无法完整检查个人信息：这是旧版 Word 文档（.doc）", "old-binary-doc", ""),
    # Excel, OFD
    _attached(
        "list.xlsx",
        _file(xlsx, ["张三", int(MOBILE)]),
        "附件 list.xlsx 第 1 个工作表有未遮盖的手机号码",
        "xlsx-number-cell",
        MOBILE,
    ),
    _attached(
        "note.xlsx",
        _file(xlsx, ["张三"], comment=f"身份证{ID}"),
        "附件 note.xlsx 批注有未遮盖的身份证号",
        "xlsx-comment",
        ID,
    ),
    _attached(
        "page.ofd",
        _file(ofd, text=f"联系电话{MOBILE}"),
        "附件 page.ofd 第 1 页有未遮盖的手机号码",
        "ofd-page-text",
        MOBILE,
    ),
    _attached(
        "info.ofd", _file(ofd, author=f"张三 {ID}"), "附件 info.ofd 文档属性有未遮盖的身份证号", "ofd-document-info", ID
    ),
    _attached(
        "annot.ofd",
        _file(ofd, annotation=f"核实 {MOBILE}"),
        "附件 annot.ofd 批注有未遮盖的手机号码",
        "ofd-annotation",
        MOBILE,
    ),
    # PDF
    _attached(
        "author.pdf",
        _file(pdf, author=f"Zhang San {MOBILE}"),
        "附件 author.pdf 文档信息有未遮盖的手机号码",
        "pdf-info-author",
        MOBILE,
    ),
    _attached(
        "keywords.pdf", _file(pdf, keywords=ID), "附件 keywords.pdf 文档信息有未遮盖的身份证号", "pdf-info-keywords", ID
    ),
    _attached("xmp.pdf", _file(pdf, xmp=MOBILE), "附件 xmp.pdf XMP 元数据有未遮盖的手机号码", "pdf-xmp", MOBILE),
    _attached(
        "annot.pdf",
        _file(pdf, annotation=f"call {MOBILE}"),
        "附件 annot.pdf 第 1 页的注释和附加信息有未遮盖的手机号码",
        "pdf-annotation",
        MOBILE,
    ),
    _attached(
        "outline.pdf", _file(pdf, bookmark=f"Zhang {ID}"), "附件 outline.pdf 书签有未遮盖的身份证号", "pdf-bookmark", ID
    ),
    _attached("form.pdf", _file(pdf, field=MOBILE), "附件 form.pdf 表单有未遮盖的手机号码", "pdf-form-field", MOBILE),
    _attached(
        "embedded.pdf",
        _file(pdf, attachment=("list.txt", f"张三 {ID}".encode())),
        "附件 embedded.pdf 嵌入的文件 list.txt 的文字有未遮盖的身份证号",
        "pdf-embedded-file",
        ID,
    ),
    _attached(
        "dots.pdf",
        _file(pdf, text=f"Tel {spread(MOBILE, '.')}"),
        "附件 dots.pdf 第 1 页有未遮盖的手机号码",
        "pdf-page-dots",
        MOBILE,
    ),
    # images
    _attached(
        "text.png",
        _bytes(png({"Author": f"Zhang San {MOBILE}"})),
        "附件 text.png 图片的文字信息（tEXt Author）有未遮盖的手机号码",
        "png-text",
        MOBILE,
    ),
    _attached(
        "ztxt.png",
        _bytes(png(ztxt={"Comment": f"ID {ID}"})),
        "图片的文字信息（zTXt Comment）有未遮盖的身份证号",
        "png-ztxt",
        ID,
    ),
    _attached(
        "itxt.png",
        _bytes(png(itxt={"Description": f"联系 {MOBILE}"})),
        "图片的文字信息（iTXt Description）有未遮盖的手机号码",
        "png-itxt",
        MOBILE,
    ),
    _attached(
        "tail.png",
        _bytes(png() + f"张三 {MOBILE}".encode()),
        "附件 tail.png 图片的结尾之后附加的数据有未遮盖的手机号码",
        "png-data-after-iend",
        MOBILE,
    ),
    _attached(
        "com.jpg",
        _bytes(jpeg(comment=f"拍摄：张三 {MOBILE}")),
        "附件 com.jpg 图片的注释（COM）有未遮盖的手机号码",
        "jpeg-comment",
        MOBILE,
    ),
    _attached(
        "exif.jpg",
        _bytes(jpeg(exif={0x010E: f"Zhang San {ID}"})),
        "附件 exif.jpg 图片的 EXIF 信息有未遮盖的身份证号",
        "jpeg-exif-description",
        ID,
    ),
    _attached(
        "xp.jpg",
        _bytes(jpeg(exif={0x9C9C: f"phone {MOBILE}".encode("utf-16-le")})),
        "附件 xp.jpg 图片的 EXIF 信息有未遮盖的手机号码",
        "jpeg-exif-xpcomment-utf16",
        MOBILE,
    ),
]


def _zipped(members: dict[str, bytes], encrypted=()):
    return _bytes(_zip_bytes(members, encrypted))


def _commented_zip(archive: str = "", member: str = "") -> bytes:
    """A zip whose own comment or whose member's comment (what unzip programs show) is given."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("说明.txt", (2024, 1, 1, 0, 0, 0))
        info.comment = member.encode("utf-8")
        z.writestr(info, "无".encode())
        z.comment = archive.encode("utf-8")
    return buf.getvalue()


def docx_hidden_run(path: Path, number: str) -> None:
    """A Word paragraph whose number a hidden run (w:vanish) splits: Word shows it whole."""
    import docx as python_docx

    doc = python_docx.Document()
    paragraph = doc.add_paragraph("电话：")
    paragraph.add_run(number[:7])
    paragraph.add_run("0000").font.hidden = True
    paragraph.add_run(number[7:])
    doc.save(path)


def docx_split_runs(path: Path, number: str) -> None:
    """A Word paragraph whose number Word split into runs of different formatting (the middle bold)."""
    import docx as python_docx

    doc = python_docx.Document()
    paragraph = doc.add_paragraph("电话：")
    paragraph.add_run(number[:3])
    paragraph.add_run(number[3:7]).bold = True
    paragraph.add_run(number[7:]).font.size = 120000
    doc.save(path)


REFUSED += [
    # Two kinds of separator make a list of numbers, but not after words that name personal data.
    _body("two-separators-after-a-label", f"举报人手机号码：{MOBILE[:3]} {MOBILE[3:7]}-{MOBILE[7:]}。"),
    _body("id-two-separators", f"身份证号码：{ID[:6]} {ID[6:14]}-{ID[14:]}。", ID_BODY, ID),
    # Markup the page closes up: a link, an image, a tag the sanitizer drops, a CDATA section, a
    # processing instruction, a comment closed with --!> (the build's leak scan refused these at
    # the built page's line while check passed them).
    _body("split-by-a-link", f"甲：[{MOBILE[:3]}](https://www.gov.cn/){MOBILE[3:]}"),
    _body("id-split-by-a-link", f"乙：[{ID[:6]}](https://www.gov.cn/){ID[6:]}", ID_BODY, ID),
    _body("split-by-a-reference-link", f"[{MOBILE[:3]}][r]{MOBILE[3:]}\n\n[r]: https://www.gov.cn/"),
    _body("split-by-an-image", f"{MOBILE[:3]}![](https://www.gov.cn/x.png){MOBILE[3:]}"),
    _body("split-by-an-unknown-tag", f"丙：{MOBILE[:3]}<foo></foo>{MOBILE[3:]}"),
    _body("split-by-a-dropped-script", f"丁：{MOBILE[:3]}<script>x</script>{MOBILE[3:]}"),
    _body("split-by-cdata", f"戊：{MOBILE[:3]}<![CDATA[x]]>{MOBILE[3:]}"),
    _body("split-by-a-processing-instruction", f"己：{MOBILE[:3]}<?x?>{MOBILE[3:]}"),
    _body("split-by-a-comment-closed-with-bang", f"辛：{MOBILE[:3]}<!--x--!>{MOBILE[3:]}"),
    # What else the page closes up (the second review's): an empty link, a shortcut reference, an
    # image, a dropped element holding a <, an attribute holding a >, CDATA holding a >.
    _body("split-by-an-empty-link", f"{MOBILE[:3]}[](https://a.example/){MOBILE[3:]}"),
    _body(
        "split-by-a-shortcut-reference",
        f"{MOBILE[:3]}[{MOBILE[3:7]}]{MOBILE[7:]}\n\n[{MOBILE[3:7]}]: https://b.example/",
    ),
    _body("split-by-an-img-tag", f'{MOBILE[:3]}<img alt="">{MOBILE[3:]}'),
    _body("split-by-a-script-holding-a-lt", f"{MOBILE[:3]}<script>a<b</script>{MOBILE[3:]}"),
    _body("split-by-an-attribute-holding-a-gt", f'{MOBILE[:3]}<abbr title="x>y">{MOBILE[3:]}</abbr>'),
    _body("split-by-cdata-holding-a-gt", f"{MOBILE[:3]}<![CDATA[x>y]]>{MOBILE[3:]}"),
    # At its own line, not at an earlier one whose digits begin and end alike (1390元、5678元).
    Case(
        "split-by-a-link-below-digits-alike",
        body=f"第一段。\n\n2013年9月，支出1390元、5678元。\n\n联系人：[{MOBILE[:3]}](https://www.gov.cn/){MOBILE[3:]}\n",
        expect="正文有未遮盖的手机号码",
        marker="联系人：",
        secret=MOBILE,
    ),
    # A currency sign or a unit does not make an amount of a labelled phone or an ID with its check digit.
    _body("unit-after-a-labelled-phone", f"手机：{MOBILE}吨。"),
    # ... and the labels a clerk writes before a number: 联系方式, 联系人 and a name, 手机/微信,
    # a bracketed aside, 为 or 是 (the two-separator override reads 16 characters back, as before).
    *(
        _body(f"labelled-{n}", line)
        for n, line in enumerate(
            [
                f"联系方式：{MOBILE[:3]}-{MOBILE[3:7]} {MOBILE[7:]}",
                f"联系人：张三 {MOBILE[:3]} {MOBILE[3:7]}-{MOBILE[7:]}",
                f"手机/微信：{MOBILE[:3]} {MOBILE[3:7]}-{MOBILE[7:]}",
                f"咨询电话（工作日）：{MOBILE[:3]} {MOBILE[3:7]}-{MOBILE[7:]}",
                f"联系电话：张先生{MOBILE[:3]}-{MOBILE[3:7]} {MOBILE[7:]}",
                f"报名电话为 {MOBILE[:3]}-{MOBILE[3:7]} {MOBILE[7:]}",
                f"联系方式：{MOBILE}元",
                f"手机号码（必填）：{MOBILE}元",
                f"手机号码是{MOBILE}元",
            ]
        )
    ),
    _body("percent-after-a-labelled-phone", f"手机{MOBILE}%。"),
    _body("yuan-after-an-id", f"申请人身份证{ID}元。", ID_BODY, ID),
    _body("currency-before-an-id", f"身份证号码：¥{ID}。", ID_BODY, ID),
    # What reorders what a reader sees: behind U+202E a number written backwards reads forwards.
    _body("reversed-behind-rlo", f"手机\u202e{MOBILE[::-1]}\u202c。", "正文含有看不见的字符 U+202E", MOBILE),
    _body("reversed-id-behind-rli", f"身份证号\u2067{ID[::-1]}\u2069。", "正文含有看不见的字符 U+2067", ID),
    _body("escape-in-body", "文字\x1b[2J\x1b]0;标题\x07。", "正文含有看不见的字符 U+001B", ""),
    _attached(
        "hidden.docx",
        _file(docx_hidden_run, MOBILE),
        "附件 hidden.docx 正文（隐藏文字不显示时）有未遮盖的手机号码",
        "docx-number-split-by-a-hidden-run",
        MOBILE,
    ),
    _attached(
        "rlo.docx",
        _file(docx, f"电话\u202e{MOBILE[::-1]}\u202c"),
        "附件 rlo.docx 正文含有看不见的字符 U+202E",
        "docx-number-reversed-behind-rlo",
        MOBILE,
    ),
    _attached(
        "comment.zip",
        _bytes(_commented_zip(archive=f"联系 {MOBILE}")),
        "附件 comment.zip 压缩包的注释有未遮盖的手机号码",
        "zip-archive-comment",
        MOBILE,
    ),
    _attached(
        "member-comment.zip",
        _bytes(_commented_zip(member=f"张三 {ID}")),
        "压缩包中的 说明.txt 的注释有未遮盖的身份证号",
        "zip-member-comment",
        ID,
    ),
    _attached(
        "runs.docx",
        _file(docx_split_runs, MOBILE),
        "附件 runs.docx 正文有未遮盖的手机号码",
        "docx-number-split-into-formatted-runs",
        MOBILE,
    ),
    _attached(
        "members.zip",
        _zipped({"名单.txt": f"张三 {ID}\n".encode(), "说明.txt": "无".encode()}),
        "附件 members.zip 压缩包中的 名单.txt 的文字有未遮盖的身份证号",
        "zip-member-text",
        ID,
    ),
    _attached(
        "names.zip",
        _zipped({f"张三{MOBILE}.txt": "无".encode()}),
        "附件 names.zip 压缩包中的文件名有未遮盖的手机号码",
        "zip-member-name",
        MOBILE,
    ),
    _attached(
        "nested.zip",
        _zipped({"inner.zip": _zip_bytes({"名单.csv": f"张三,{spread(MOBILE, ' ')}\n".encode()})}),
        "压缩包中的 inner.zip 的压缩包中的 名单.csv 的文字有未遮盖的手机号码",
        "zip-nested",
        MOBILE,
    ),
    _attached(
        "office.zip",
        _zipped({"表.xlsx": _xlsx_bytes(["张三", ID])}),
        "压缩包中的 表.xlsx 的第 1 个工作表有未遮盖的身份证号",
        "zip-member-xlsx",
        ID,
    ),
    _attached(
        "locked.zip",
        _zipped({"名单.txt": "张三".encode()}, encrypted=("名单.txt",)),
        "无法完整检查个人信息：压缩包中的 名单.txt 设了密码，无法检查",
        "zip-encrypted-member",
        "",
    ),
    _attached(
        "rar.zip",
        _zipped({"名单.rar": b"Rar!\x1a\x07\x01\x00" + b"\0" * 64}),
        "无法完整检查个人信息：压缩包中的 名单.rar 是 RAR 或 7z 压缩包",
        "zip-rar-member",
        "",
    ),
    _attached(
        "old.zip",
        _zipped({"名单.xls": OLE}),
        "无法完整检查个人信息：压缩包中的 名单.xls 是旧版 Office 格式（OLE）",
        "zip-old-xls-member",
        "",
    ),
]


ACCEPTED = [
    Case(
        "date-with-dots",
        body="第一段。\n\n有效期 2025.03.12—2030.03.11，自 2025.03.12 起施行。\n",
        shows="2025.03.12—2030.03.11",
    ),
    Case("date-range-hyphens", body="第一段。\n\n2024.01.01-2029.12.31\n", shows="2024.01.01-2029.12.31"),
    Case("amount-dots", body="第一段。\n\n合计 1.234.567.890 元，增长 13.8%。\n", shows="1.234.567.890"),
    # Unlabelled, a sign or a unit still makes an amount; two separators still a list of numbers.
    Case("amount-yuan", body="第一段。\n\n总投资13800138000元，折合¥13900000000。\n", shows="13800138000元"),
    Case("two-separators-unlabelled", body="第一段。\n\n编号 139 1234-5678。\n", shows="139 1234-5678"),
    # Words about money near a number: an amount, not a labelled phone (电话费, 银行存款, 手机费用).
    Case(
        "amounts-after-money-words",
        body="第一段。\n\n电话费13800138000元；银行贷款余额¥13800000000；银行业金融机构存款余额13850000000元；"
        "手机费用 13500000000 %。\n",
        shows="电话费13800138000元",
    ),
    Case(
        "index-no-full-width",
        body="第一段。\n\n索引号：１１３７０９０００４３４１５９０Ｐ／２０２４－０００１\n",
        shows="１１３７０９０００４３４１５９０Ｐ",
    ),
    Case("doc-no", body="第一段。\n\n依据浙政办发〔2024〕138号文件。\n", shows="浙政办发〔2024〕138号"),
    Case(
        "landline-dots", body="第一段。\n\n咨询电话 0571.8888.8888，传真（0571）8888－8889。\n", shows="0571.8888.8888"
    ),
    Case(
        "table-cells",
        body="第一段。\n\n| 户数 | 人数 | 金额 |\n| --- | --- | --- |\n| 138 | 1234 | 5678 |\n",
        shows="5678",
    ),
    Case(
        "html-cells",
        body="第一段。\n\n<table><tr><td>138</td><td>1234</td><td>5678</td></tr></table>\n",
        shows="<td>1234</td>",
    ),
    Case("masked-escaped", body="第一段。\n\n联系人手机 139\\*\\*\\*\\*5678。\n", shows="139****5678"),
    Case("masked-bold", body="第一段。\n\n联系人手机 **139****5678**。\n", shows="5678"),
    Case("isbn", body="第一段。\n\nISBN 978-7-111-12345-6\n", shows="978-7-111-12345-6"),
    Case("zero-width-in-words", body="第一段。\n\n政务\u200b公开\u00ad工作要点。\n", shows="工作要点"),
    Case("version-number", body="第一段。\n\n系统版本 v13.8.1234.5678。\n", shows="v13.8.1234.5678"),
    Case("times", body="第一段。\n\n2025年3月12日 13:45-15:30，138 会议室。\n", shows="138 会议室"),
    Case(
        "harmless-attachments",
        fields={
            ATT: [
                {"file": "files/通知.docx", "title": "通知"},
                {"file": "files/通知.pdf", "title": "通知（PDF 版）"},
                {"file": "files/统计.xlsx", "title": "统计表"},
                {"file": "files/通知.ofd", "title": "通知（OFD 版）"},
                {"file": "files/材料.zip", "title": "材料"},
            ]
        },
        body="第一段。\n\n![现场](files/site.png)\n\n![现场](files/site.jpg)\n\n![旧图](files/broken.png)\n",
        files={
            "通知.docx": _file(
                docx, body="2025.03.12 起施行", comment="已核", author="办公室", header="浙政办发〔2024〕138号"
            ),
            "通知.pdf": _file(pdf, author="Office", annotation="checked 2025.03.12", keywords="2024-00001"),
            "统计.xlsx": _file(xlsx, ["户数", 138, 1234, 5678]),
            "通知.ofd": _file(ofd, text="2025.03.12", author="办公室"),
            "材料.zip": _bytes(_zip_bytes({"说明.txt": b"2025.03.12 0571.8888.8888", "a/b.csv": b"138,1234,5678\n"})),
            "site.png": _bytes(png({"Software": "Pillow", "Creation Time": "2025.03.12 10:30"})),
            "site.jpg": _bytes(jpeg(comment="2025.03.12", exif={0x0131: "Camera 1.0"})),
            "broken.png": _bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40),
        },
        shows="通知（PDF 版）",
    ),
]


# --- writing the cases into sites -----------------------------------------------------------------------


def _write(site: Site, cases: list[Case], first: int = 1) -> dict[str, tuple[str, int | None]]:
    """Each case as records/2024/<n>.md (and its files); (record path, reported line) by case id."""
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True, exist_ok=True)
    where = {}
    for n, case in enumerate(cases, first):
        for name, writer in case.files.items():
            writer(files / name)
        rel = f"2024/h{n:03d}.md"
        path = site.good(rel, index_no=f"czj/2024-{n:05d}", body=case.body, **case.fields)
        lines = path.read_text(encoding="utf-8").splitlines()
        if case.at == "body" or case.marker:  # the line with the marker (a body line, an attachment's item)
            line = next((i for i, text in enumerate(lines, 1) if case.marker and case.marker in text), None)
        else:
            line = next(i for i, text in enumerate(lines, 1) if text.startswith(f"{case.at}:"))
        where[case.id] = (f"records/{rel}", line)
    return where


@dataclass
class Run:
    where: dict
    check: object
    build: object


@pytest.fixture(scope="module")
def refused(tmp_path_factory) -> Run:
    site = Site(tmp_path_factory.mktemp("refused") / "site")
    where = _write(site, REFUSED)
    return Run(where, site.gongkai("check"), site.mkdocs("build"))


@pytest.fixture(scope="module")
def accepted(tmp_path_factory) -> tuple[Site, Run]:
    site = Site(tmp_path_factory.mktemp("accepted") / "site")
    where = _write(site, ACCEPTED)
    return site, Run(where, site.gongkai("check"), site.mkdocs("build"))


def _problems(report: str, path: str, line: int | None) -> list[str]:
    """The problems reported at `path`:`line`, without white space (a long message is wrapped)."""
    head = f"{path}:{line}:错误"
    found = ["".join(p.split()) for p in problem_lines(report)]
    return [p for p in found if p.startswith(head)]


def _says(found: list[str], fragment: str) -> bool:
    return any("".join(fragment.split()) in p for p in found)


def test_the_corpus_is_large_enough():
    assert len(REFUSED) + len(ACCEPTED) >= 60
    assert len({c.id for c in REFUSED + ACCEPTED}) == len(REFUSED + ACCEPTED)


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.id)
def test_refused_by_check_and_by_build_at_the_records_line(refused, case):
    path, line = refused.where[case.id]
    assert line is not None, case
    assert refused.check.returncode == 1
    assert refused.build.returncode == 1
    for output in (refused.check.stderr, refused.build.stderr):
        found = _problems(output, path, line)
        assert _says(found, case.expect), (case.id, path, line, found or flat(output)[:3000])
        assert "Traceback" not in output
    if case.secret:
        for output in (refused.check.stdout, refused.check.stderr, refused.build.stderr):
            assert case.secret not in output


def test_refused_site_was_not_built(refused):
    # The records check runs at load: nothing of the refused site is published.
    assert "记录检查未通过，网站未生成" in refused.build.stderr


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.id)
def test_accepted_and_harmless(accepted, case):
    site, run = accepted
    path, _ = run.where[case.id]
    assert run.check.returncode == 0, flat(run.check.stderr)
    assert run.build.returncode == 0, run.build.stderr[-3000:]
    assert not [p for p in problem_lines(run.check.stderr) if p.startswith(path)]
    n = int(path[-6:-3])
    page = site.html(f"xxgk/czj/2024-{n:05d}/index.html")
    assert case.shows in page or case.shows in re.sub(r"<[^>]+>", "", page), case.id


# --- the leak scan: drafts' titles and 索引号, ledger case numbers, data on hand-written pages -----------

DRAFT_TITLE = "尚未定稿的征地补偿方案"
DRAFT_NO = "czj/2024-00902"
CASE_NO = "YSQ-2024-001"


@dataclass
class Leak:
    id: str
    page: str  # Markdown of a hand-written page
    why: str  # what the report says
    name: str = ""  # a file under docs/, instead of a page


LEAKS = [
    Leak("title-bold", "即将发布《**尚未定稿**的征地补偿方案》。", f"草稿 {DRAFT_NO} 的标题"),
    Leak("title-wbr", "即将发布《尚未定稿的<wbr>征地补偿方案》。", f"草稿 {DRAFT_NO} 的标题"),
    Leak("title-zero-width", "即将发布《尚未\u200b定稿的征地\u200d补偿方案》。", f"草稿 {DRAFT_NO} 的标题"),
    Leak("title-line-break", "即将发布《尚未定稿的征地\n补偿方案》。", f"草稿 {DRAFT_NO} 的标题"),
    Leak("title-reference", "即将发布《尚未定稿的&#24449;地补偿方案》。", f"草稿 {DRAFT_NO} 的标题"),
    Leak("title-span", '即将发布《尚未定稿的<span class="x">征地</span>补偿方案》。', f"草稿 {DRAFT_NO} 的标题"),
    Leak("index-no-full-width", "见 ｃｚｊ／２０２４－００９０２。", f"草稿 {DRAFT_NO} 的索引号"),
    Leak(
        "case-full-width-hyphens",
        "关于 YSQ－2024－001 号申请。",
        "依申请公开台账 records/requests/2024.yml 第 1 行案件的 id",
    ),
    Leak(
        "case-u2010-hyphens",
        "关于 YSQ\u20102024\u2010001 号申请。",
        "依申请公开台账 records/requests/2024.yml 第 1 行案件的 id",
    ),
    Leak("page-mobile-dots", f"值班手机 {spread(MOBILE2, '.')}。", "未遮盖的手机号码"),
    Leak("page-mobile-markup", f"值班手机 {MOBILE2[:3]}<b>{MOBILE2[3:7]}</b>{MOBILE2[7:]}。", "未遮盖的手机号码"),
    Leak("page-mobile-reference", f"值班手机 &#{ord(MOBILE2[0])};{MOBILE2[1:]}。", "未遮盖的手机号码"),
    Leak("page-id-zero-width", f"张三 {spread(ID2, chr(0x200B), (6, 14))}。", "未遮盖的身份证号"),
    Leak("docs-file-name", "", "文件名中有未遮盖的手机号码", name=f"files/值班{MOBILE2}.txt"),
]


def _leak_records(site: Site) -> None:
    site.good()
    site.good("2024/draft.md", index_no=DRAFT_NO, title=DRAFT_TITLE, draft=True)
    requests = site.root / "records" / "requests"
    requests.mkdir()
    (requests / "2024.yml").write_text(
        f"- id: {CASE_NO}\n  agency: 测试县财政局\n  received: 2024-03-01\n  applicant: 自然人\n"
        "  replied: 2024-03-20\n  outcome: 予以公开\n",
        encoding="utf-8",
    )


@dataclass
class Scanned:
    """The build's scan of the output (gongkai.guards.leaks, as the build's guard runs it) over a built site:
    whether it refused it and its report, as the build prints it."""

    returncode: int
    stderr: str


def _scan_built(site: Site) -> Scanned:
    from gongkai.guards import leaks, personal
    from gongkai.portal.catalog import load_catalog
    from gongkai.siteconfig import read_mkdocs_settings

    catalog = load_catalog(site.root, read_mkdocs_settings(site.root / "mkdocs.yml"))
    scanner = personal.OutputScanner(catalog.settings, {}, frozenset(), catalog.as_of)
    found = leaks.scan(site.root / "site", catalog.secrets(), scanner)
    return Scanned(1 if found else 0, leaks.report(found))


@pytest.fixture(scope="module")
def leak_site(tmp_path_factory) -> tuple[Site, Scanned]:
    site = Site(tmp_path_factory.mktemp("leaks") / "site")
    _leak_records(site)
    # Each page first says nothing: the build publishes it, and the scan of the output reads it
    # again with the leak put in (below); hand-written pages are read before the build as well.
    for leak in LEAKS:
        if not leak.name:
            (site.root / "docs" / f"{leak.id}.md").write_text(f"# 说明\n\n占位{leak.id}\n", encoding="utf-8")
    (site.root / "docs" / "harmless.md").write_text(
        "# 说明\n\n有效期 2025.03.12—2030.03.11，咨询电话 0571.8888.8888，索引号 czj/2024-00001，"
        "已脱敏 139****5678，尚未定稿的方案另行公布。\n",
        encoding="utf-8",
    )
    # A published record's PDF and a hand-written page's files, harmless at first: the build
    # publishes them (what they could hold is refused before the build: see test_hostile_files).
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True, exist_ok=True)
    pdf(files / "plan.pdf", text="See the plan.")
    site.good(attachments=[{"file": "files/plan.pdf", "title": "方案"}])
    (site.root / "docs" / "files").mkdir(exist_ok=True)
    pdf(site.root / "docs" / "files" / "duty.pdf", text="Duty phone 0571.8888.8888")
    assert site.mkdocs("build").returncode == 0  # nothing leaks yet
    # Then the built site's files hold the leaks, as a theme or a plugin could put them there, and
    # the scan of the output reads them as it reads attachments: a draft's 索引号 in a published
    # record's PDF, data in a hand-written page's PDF, a number in a file's name.
    built = site.root / "site"
    for leak in LEAKS:
        if leak.name:
            target = built / leak.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("值班表\n", encoding="utf-8")
    pdf(built / "xxgk" / "czj" / "2024-00001" / "plan.pdf", text=f"See {DRAFT_NO} for the plan.")
    pdf(built / "files" / "duty.pdf", text=f"Duty phone {spread(MOBILE2, '.')}")
    return site, _scan_built(site)


def _output_scan(site: Site, leak: Leak) -> list:
    """The build's scan of the output over the page of `leak` as it would be built with the leak in it."""
    import markdown

    from gongkai.guards import leaks, personal
    from gongkai.portal.catalog import load_catalog
    from gongkai.siteconfig import read_mkdocs_settings

    catalog = load_catalog(site.root, read_mkdocs_settings(site.root / "mkdocs.yml"))
    page = (site.root / "site" / leak.id / "index.html").read_text(encoding="utf-8")
    assert f"占位{leak.id}" in page
    page = page.replace(f"<p>占位{leak.id}</p>", markdown.markdown(leak.page))
    scanner = personal.OutputScanner(catalog.settings, {}, frozenset(), catalog.as_of)
    return leaks.scan_texts([(f"{leak.id}/index.html", f"{leak.id}/", page)], catalog.secrets(), scanner)


@pytest.mark.parametrize("leak", LEAKS, ids=lambda c: c.id)
def test_the_leak_scan_reads_what_a_person_reads(leak_site, leak):
    site, result = leak_site
    assert result.returncode == 1
    err = result.stderr
    if leak.name:
        assert re.search(r"site/files/值班\*+\.txt: 文件名中有未遮盖的手机号码", err), err[-2000:]
    else:
        found = _output_scan(site, leak)
        assert [f.why for f in found] == [leak.why], found
    for secret in (MOBILE2, ID2, DRAFT_TITLE, CASE_NO):
        assert secret not in err


def test_hand_written_pages_are_read_before_the_build_as_the_scan_reads_them(tmp_path):
    """What the scan of the output would find on a hand-written page, check and the build find first,
    at the page's line."""
    site = Site(tmp_path / "site")
    _leak_records(site)
    pages = [leak for leak in LEAKS if not leak.name]
    for leak in pages:
        (site.root / "docs" / f"{leak.id}.md").write_text(f"# 说明\n\n{leak.page}\n", encoding="utf-8")
    for done in (site.gongkai("check"), site.mkdocs("build")):
        said = flat(done.stderr)
        assert done.returncode == 1
        for leak in pages:
            assert re.search(rf"docs/{leak.id}\.md:3: 错误 \S*{re.escape(leak.why)}", said), (leak.id, said[-3000:])
        for secret in (MOBILE2, ID2, DRAFT_TITLE, CASE_NO):
            assert secret not in done.stderr


def test_the_leak_scan_reads_the_sites_documents(leak_site):
    site, result = leak_site
    err = result.stderr
    assert f"site/xxgk/czj/2024-00001/plan.pdf: 草稿 {DRAFT_NO} 的索引号" in err, err[-3000:]
    assert "site/files/duty.pdf: 未遮盖的手机号码" in err
    assert MOBILE2 not in err


def test_the_leak_scan_passes_what_only_looks_alike(leak_site):
    site, result = leak_site
    assert "site/harmless/" not in result.stderr
    assert "site/index.html" not in result.stderr


# --- end to end on a small site of its own -----------------------------------------------------------------


def test_a_mobile_with_dots_fails_check_and_build_at_its_line(site):
    path = site.good(body=f"第一段。\n\n联系电话{spread(MOBILE, '.')}。\n")
    line = path.read_text(encoding="utf-8").splitlines().index(f"联系电话{spread(MOBILE, '.')}。") + 1
    expected = f"records/2024/czj-00001.md:{line}: 错误 正文有未遮盖的手机号码。改法：写成 139.****.5678"
    check = site.gongkai("check")
    assert check.returncode == 1 and expected in flat(check.stderr)
    build = site.mkdocs("build")
    assert build.returncode != 0 and expected in flat(build.stderr)
    assert not (site.root / "site").exists()
    assert MOBILE not in check.stderr + build.stderr


def test_an_attachment_named_with_an_id_is_refused_even_when_exempt(site):
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    pdf(files / f"{ID}.pdf")
    path = site.good(
        pii_exempt={"reason": "惩戒公示", "kinds": "[身份证号]"},
        attachments=[{"file": f"files/{ID}.pdf", "title": "名单"}],
        body=f"失信被执行人：张三，身份证号{ID}。\n",
    )
    line = next(
        i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("attachments:")
    )
    masked = f"{ID[:2]}{'*' * 13}{ID[-3:]}.pdf"
    expected = f"records/2024/czj-00001.md:{line}: 错误 attachments（附件）：附件 {masked} 的文件名有未遮盖的身份证号。"
    for result in (site.gongkai("check"), site.mkdocs("build")):
        assert result.returncode == 1
        assert expected in flat(result.stderr)
        assert "个人信息豁免不适用于文件名" in result.stderr
        assert ID not in result.stderr


def test_a_word_comment_fails_the_build_at_the_attachments_line(site):
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    docx(files / "通知.docx", comment=f"请核实：张三 {spread(MOBILE, chr(0x200B))}")
    path = site.good(attachments=[{"file": "files/通知.docx", "title": "通知"}])
    line = next(
        i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("attachments:")
    )
    build = site.mkdocs("build")
    assert build.returncode != 0
    assert (
        f"records/2024/czj-00001.md:{line}: 错误 附件 通知.docx 批注有未遮盖的手机号码（1 处，如 139****5678）"
        in flat(build.stderr)
    )
    assert MOBILE not in build.stderr


def test_a_draft_title_with_markup_in_a_record_body_fails_the_build(site):
    site.good("2024/draft.md", index_no="czj/2024-00002", title=DRAFT_TITLE, draft=True)
    path = site.good(body="第一段。\n\n即将发布《尚未定稿的**征地**补偿方案》。\n")
    line = path.read_text(encoding="utf-8").split("\n").index("即将发布《尚未定稿的**征地**补偿方案》。") + 1
    # Found while loading (gongkai.guards.sourcescan), so named at the record's line by check and build alike.
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode != 0
        assert f"records/2024/czj-00001.md:{line}: 错误 正文写了草稿 czj/2024-00002 的标题" in flat(done.stderr)
        assert DRAFT_TITLE not in done.stderr


def test_mask_writes_the_masked_form_in_place_of_the_evasion(site):
    body = (
        f"第一段。\n\n电话{MOBILE[:3]}<b>{MOBILE[3:7]}</b>{MOBILE[7:]}，身份证 {spread(ID, chr(0x200B), (6, 14))}。\n"
    )
    path = site.good(body=body)
    result = site.gongkai("mask", "records/2024/czj-00001.md")
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert f"电话{MOBILE[:3]}<b>****</b>{MOBILE[7:]}" in text
    assert ID[:2] in text and ID not in text.replace("\u200b", "")
    check = site.gongkai("check")
    assert check.returncode == 0, check.stderr


# --- the pieces, without a site -----------------------------------------------------------------------------


def test_every_default_ignorable_code_point_reads_as_nothing():
    """Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, the ranges as published):
    a browser shows each as nothing, so each splits a number unseen."""
    from gongkai.text import visible

    published = [
        (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
        (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
        (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
    ]  # fmt: skip
    shown = [
        f"U+{c:04X}"
        for a, b in published
        for c in range(a, b + 1)
        if {visible.text(f"1{chr(c)}2", markup=False), visible.view(f"1{chr(c)}2", False).text} != {"12"}
    ]
    assert shown == []


def test_noncharacters_read_as_nothing():
    """The 66 noncharacters are never text (a browser shows a box or nothing): the guards read
    through them, and the two the visible text uses as its own marks cannot be smuggled in."""
    from gongkai.text import visible

    nonchars = [*range(0xFDD0, 0xFDF0), *(p * 0x10000 + c for p in range(17) for c in (0xFFFE, 0xFFFF))]
    assert len(nonchars) == 66
    for markup in (True, False):
        shown = [
            f"U+{c:04X}"
            for c in nonchars
            if {visible.text(f"1{chr(c)}2<b>3</b>", markup), visible.view(f"1{chr(c)}2<b>3</b>", markup).text}
            != {"123" if markup else "12<b>3</b>"}
        ]
        assert shown == [], markup


def test_format_characters_are_every_cf_character_of_this_python():
    import sys
    import unicodedata

    from gongkai.text import visible

    missing = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" and visible.text("1" + chr(c) + "2", markup=False) != "12"
    ]
    assert missing == []


def test_an_attachment_reader_never_raises_anything_but_unreadable(tmp_path):
    """Damaged and truncated files: refused or read, never a traceback."""
    from gongkai.text import attachtext

    sources = {
        "a.docx": lambda p: docx(p, comment="x"),
        "a.pdf": lambda p: pdf(p, annotation="x", attachment=("a.txt", b"x")),
        "a.ofd": lambda p: ofd(p),
        "a.zip": lambda p: p.write_bytes(_zip_bytes({"a.txt": b"x"})),
        "a.png": lambda p: p.write_bytes(png({"a": "b"})),
        "a.jpg": lambda p: p.write_bytes(jpeg(comment="x")),
    }
    for name, make in sources.items():
        good = tmp_path / name
        make(good)
        data = good.read_bytes()
        for cut in (len(data) // 3, len(data) // 2, len(data) - 7):
            bad = tmp_path / f"cut-{cut}-{name}"
            bad.write_bytes(data[:cut])
            try:
                list(attachtext.texts(bad))
            except attachtext.Unreadable as exc:
                assert str(exc) and exc.fix
        flipped = bytearray(data)
        for i in range(40, len(flipped), max(1, len(flipped) // 50)):
            flipped[i] ^= 0x5A
        bad = tmp_path / f"flip-{name}"
        bad.write_bytes(bytes(flipped))
        try:
            list(attachtext.texts(bad))
        except attachtext.Unreadable as exc:
            assert str(exc) and exc.fix


def test_a_zip_bomb_is_refused(tmp_path):
    from gongkai.text import attachtext

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(3):
            z.writestr(f"{n}.txt", b"0" * (200 * 2**20))
    with pytest.raises(attachtext.Unreadable, match="解压后超过"):
        list(attachtext.texts(bomb))


def test_png_chunks_read_by_hand_agree_with_pillow():
    """The text chunks the reader finds are the ones Pillow wrote (a self-check of the fixture too)."""
    from gongkai.text import attachtext

    data = png({"Author": "A 1"}, ztxt={"Comment": "B 2"}, itxt={"Title": "C 3"})
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"zTXt":
            assert zlib.decompress(body.split(b"\0", 1)[1][1:]) == b"B 2"
        kinds.append(kind)
        pos += 12 + length
    assert {b"tEXt", b"zTXt", b"iTXt"} <= set(kinds)
    texts = dict(attachtext._png(data, "图片的"))
    assert "A 1" in texts["图片的文字信息（tEXt Author）"]
    assert "B 2" in texts["图片的文字信息（zTXt Comment）"]
    assert "C 3" in texts["图片的文字信息（iTXt Title）"]


def test_the_two_readings_of_visible_text_agree_on_hostile_strings():
    """visible.text (the build's fast reading) and visible.view (the check's, with positions) give
    the same text, and every hit's source reads as its number: random mixes of markup, character
    references, format characters, full-width forms and separators around real numbers."""
    import random

    from gongkai.text import pii, visible

    pieces = [
        "<b>", "</b>", "<wbr>", "<br>", "<br\n/>", "<p>", "</td><td>", "<!--", "-->", "<!-- x -->", "<x--->",
        "<a\n href='x'>", "<span\n>", '<img alt="', '">', "<x", "b>", "<", ">", "&", "#", ";", "x", "-",
        "&#49;", "&#x33;", "&amp;", "&amp", "&ampx", "&copy", "&lt;", "&nbsp;", "&shy;", "zhang", "a@qq.com", "@",
        "\u200b", "\u00ad", "\ufeff", "\u2060", "１", "３", "－", "．", "\u3000", "·", "—", " ", "\n", ".", "/",
        "_", "**", "****", "*", "~~", "`", "张三", "电话", "，", "(", "+86", "𝟏", "⑴", "\u0332",
        "1", "3", "9", "12", "345", "5678", MOBILE, ID, CARD,
    ]  # fmt: skip
    rnd = random.Random(14)
    for _ in range(5000):
        s = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(1, 20)))
        for markup in (True, False):
            assert visible.view(s, markup).text == visible.text(s, markup), (s, markup)
        masked, hits = pii.mask(s, kinds=pii.KINDS)
        assert pii.find(masked, kinds=pii.KINDS) == [], (s, masked)
        for h in hits:
            assert s[h.start : h.end] == h.text
            if h.kind != "email":
                digits = "".join(c for c in visible.text(h.text) if c.isdigit())
                assert 11 <= len(digits) <= 21, (s, h)


def test_hostile_xml_in_a_word_file_is_read_to_the_end(tmp_path):
    """Unclosed tags, comments, CDATA sections and character references by the hundred thousand in a
    Word file's parts: read (no timing asserted, only that it ends), and the number at the end found."""
    from gongkai.text import attachtext, pii

    path = tmp_path / "hostile.docx"
    docx(path)
    tail = f"<w:t>{MOBILE}</w:t>"
    parts = {
        "word/document.xml": ("<w:t " * 100_000 + tail).encode(),
        "word/comments.xml": ("<!--" * 100_000).encode(),
        "word/footnotes.xml": ("<![CDATA[" * 50_000 + "&#" * 50_000).encode(),
    }
    with zipfile.ZipFile(path) as z:
        missing = {name: data for name, data in parts.items() if name not in z.namelist()}
    rezip(path, missing, edit=lambda member, data: parts.get(member, data))
    found = [(where, h.kind) for where, text in attachtext.texts(path) for h in pii.find(text)]
    assert ("正文", "mobile") in found


def test_a_word_run_is_read_to_its_own_end_never_across_the_next_run():
    """A run never closed is given up at the next <w:r: a part of such runs is read in time that
    grows with its length (reading each to the part's end made 120 KB take 10 s, 1 MB minutes)."""
    from gongkai.text.attachtext import _RUN

    xml = '<w:r><w:r w:rsidR="1"><w:t>x</w:t></w:r><w:rPr/><w:r><w:t>y</w:t></w:r>'
    assert _RUN.findall(xml) == ['<w:r w:rsidR="1"><w:t>x</w:t></w:r>', "<w:r><w:t>y</w:t></w:r>"]
