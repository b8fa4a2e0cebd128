"""Hostile files (issue 14): what a published record's attachments and the files beside the
hand-written pages carry is refused by `gongkai check` as by `mkdocs build`, at the source's file
and line; what a reader of a PDF or a spreadsheet sees is what the guard reads.

Each case writes real files (Word with python-docx, PDF with reportlab and by hand, xlsx by hand)
into a small site and runs the real `gongkai check` and `mkdocs build`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from conftest import Site, flat, pdf_of

DRAFT_NO = "czj/2024-00902"
DRAFT_TITLE = "尚未定稿的征地补偿方案"
CASE_NO = "YSQ-2024-001"
MOBILE = "13912345678"


def word(path: Path, text: str) -> None:
    import docx

    path.parent.mkdir(parents=True, exist_ok=True)
    doc = docx.Document()
    doc.add_paragraph(text)
    doc.save(path)


def with_secrets(site: Site) -> None:
    """A draft and a request ledger: the secrets the build's scan of the output looks for."""
    site.good("2024/draft.md", index_no=DRAFT_NO, title=DRAFT_TITLE, draft=True)
    requests = site.root / "records" / "requests"
    requests.mkdir(exist_ok=True)
    (requests / "2024.yml").write_text(
        f"- id: {CASE_NO}\n  agency: 测试县财政局\n  received: 2024-03-01\n  applicant: 自然人\n"
        "  replied: 2024-03-20\n  outcome: 予以公开\n",
        encoding="utf-8",
    )


def refused_by_both(site: Site) -> list[str]:
    """`gongkai check` and `mkdocs build` both refuse, with the same problems; those problems.
    No message repeats what it hides, and nothing is published."""
    check, build = site.gongkai("check"), site.mkdocs("build")
    assert check.returncode == 1, check.stdout + check.stderr
    assert build.returncode == 1, build.stderr[-3000:]
    for done in (check, build):
        for secret in (DRAFT_TITLE, CASE_NO, MOBILE):  # a draft is named by its 索引号
            assert secret not in done.stderr
    said = flat(check.stderr)
    assert said == flat(build.stderr.split("记录检查未通过，网站未生成：\n", 1)[1]), (said, build.stderr[-3000:])
    assert not (site.root / "site").exists()
    return said.splitlines()


# --- 1. secrets in a record's files and in the files of hand-written pages ------------------------------


def test_secrets_in_a_records_attachments_are_refused_by_check_at_the_attachments_line(site):
    with_secrets(site)
    files = site.root / "records" / "2024" / "files"
    word(files / "notice.docx", f"相关文件 {DRAFT_NO} 另行印发。")
    word(files / "reply.docx", f"关于申请 {CASE_NO} 的答复。")
    word(files / f"{CASE_NO}.docx", "答复书。")
    word(files / "photo-list.docx", "名单另附。")
    path = site.good(
        attachments=[
            {"file": "files/notice.docx", "title": "通知"},
            {"file": "files/reply.docx", "title": "答复"},
            {"file": f"files/{CASE_NO}.docx", "title": "答复书"},
        ],
        body="正文。\n\n见[名单](files/photo-list.docx)。\n\n![图](files/现场照片.png)\n",
    )
    # A body's image whose Chinese name becomes attachment-N on the site: its name is not published.
    (files / "现场照片.png").write_bytes(_png_with_text(f"见{DRAFT_NO}"))
    line = path.read_text(encoding="utf-8").splitlines().index("attachments:") + 1
    body_line = path.read_text(encoding="utf-8").splitlines().index("![图](files/现场照片.png)") + 1
    said = "\n".join(refused_by_both(site))
    rec = "records/2024/czj-00001.md"
    assert f"{rec}:{line}: 错误 attachments（附件）：附件 notice.docx 的内容中有草稿 {DRAFT_NO} 的索引号" in said
    assert f"{rec}:{line}: 错误 attachments（附件）：附件 reply.docx 的内容中有依申请公开台账" in said
    assert re.search(
        rf"{rec}:{line}: 错误 attachments（附件）：附件的文件名中有依申请公开台账 records/requests/2024\.yml 第 1 行"
        r"案件的 id，它不能出现在公开的内容中。改法：把文件改名",
        said,
    ), said
    image = rf"{rec}:{body_line}: 错误 正文链接的文件 attachment-\d\.png 的内容中有草稿 {DRAFT_NO} 的索引号"
    assert re.search(image, said), said
    assert "photo-list" not in said  # harmless: not named


def test_what_hand_written_pages_publish_beside_them_is_refused_by_check_and_build(site):
    with_secrets(site)
    site.good()
    docs = site.root / "docs"
    word(docs / "files" / "duty.docx", f"值班手机 {MOBILE}，参见 {DRAFT_NO}。")
    word(docs / "files" / f"{CASE_NO}.docx", "答复书。")
    word(docs / "files" / f"zhang-{MOBILE}.docx", "名单。")
    (docs / "files" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    # What MkDocs does not publish (exclude_docs, hidden files) is not refused: the build agrees.
    word(docs / "drafts" / "notes.docx", f"内部：{DRAFT_NO}，{MOBILE}。")
    word(docs / ".backup" / "notes.docx", f"内部：{DRAFT_NO}。")
    text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(text + "exclude_docs: |\n  drafts/\n", encoding="utf-8")
    said = refused_by_both(site)
    assert said == [
        "docs/files/duty.docx: 错误 文件中有未遮盖的手机号码：这个文件会随手写页面原样发布。"
        "改法：在原文件中遮盖或删去这些个人信息后重新生成；确需公开的，作为记录的附件发布（可经审核加 pii_exempt）。",
        f"docs/files/duty.docx: 错误 文件中有草稿 {DRAFT_NO} 的索引号：这个文件会随手写页面原样发布。"
        "改法：在原文件中删去这段文字，重新生成文件后再发布："
        "那条记录发布以后才能在公开内容中提到它（草稿去掉 draft: true，定时发布的等到发布日期）。",
        "docs/files/old.doc: 错误 这个文件会随手写页面发布，但无法完整检查其中有无个人信息和不公开的内容："
        "这是旧版 Word 文档（.doc），其中的正文、批注和文档属性无法完整检查。改法：在 Word、WPS 或 Excel 中另存为 "
        ".docx、.xlsx（或导出 PDF）后发布：这些格式能完整检查。",
        "docs/files/zhang-***********.docx: 错误 文件名中有未遮盖的手机号码：这个文件会随手写页面原样发布。"
        "改法：把文件改名（用内容的名称），再改链接它的页面：文件名会出现在网址中。",
        "docs/files/（文件名）.docx: 错误 文件名中有依申请公开台账 records/requests/2024.yml 第 1 行案件的 id："
        "这个文件会随手写页面原样发布。改法：把文件改名（用内容的名称），再改链接它的页面：文件名会出现在网址中。",
    ]
    # Once they are gone, the site is built, and the excluded files are not in it.
    for name in ("duty.docx", f"{CASE_NO}.docx", f"zhang-{MOBILE}.docx", "old.doc"):
        (docs / "files" / name).unlink()
    assert site.gongkai("check").returncode == 0
    assert site.mkdocs("build").returncode == 0
    assert not (site.root / "site" / "drafts").exists()


def test_files_of_any_type_beside_the_pages_or_in_the_theme_folder_are_read(site):
    # A .tsv of ledger rows in docs/, and files in the theme's custom_dir (which the theme copies to
    # the site), went out unread while check and build both passed.
    with_secrets(site)
    site.good()
    (site.root / "docs" / "ledger.tsv").write_text(f"编号\t电话\n{CASE_NO}\t{MOBILE}\n", encoding="utf-8")
    overrides = site.root / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials" / "footer.html").write_text(f"<!-- {MOBILE} -->\n", encoding="utf-8")  # a template
    (overrides / "notes.yml").write_text(f"值班: {MOBILE}\n", encoding="utf-8")
    (site.root / "docs" / "plan.yml").write_text(f"储备: {DRAFT_TITLE}\n", encoding="utf-8")  # Chinese, UTF-8
    text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(text.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    said = refused_by_both(site)
    assert said == [
        "docs/ledger.tsv: 错误 文件中有依申请公开台账 records/requests/2024.yml 第 1 行案件的 id："
        "这个文件会随手写页面原样发布。改法：在原文件中删去这段文字，重新生成文件后再发布：台账中的编号和备注不公开（年报只公开统计数字）。",
        "docs/ledger.tsv: 错误 文件中有未遮盖的手机号码：这个文件会随手写页面原样发布。"
        "改法：在原文件中遮盖或删去这些个人信息后重新生成；确需公开的，作为记录的附件发布（可经审核加 pii_exempt）。",
        f"docs/plan.yml: 错误 文件中有草稿 {DRAFT_NO} 的标题：这个文件会随手写页面原样发布。"
        "改法：在原文件中删去这段文字，重新生成文件后再发布："
        "那条记录发布以后才能在公开内容中提到它（草稿去掉 draft: true，定时发布的等到发布日期）。",
        "overrides/notes.yml: 错误 文件中有未遮盖的手机号码：这个文件会随主题原样发布。"
        "改法：在原文件中遮盖或删去这些个人信息后重新生成；确需公开的，作为记录的附件发布（可经审核加 pii_exempt）。",
    ], said


def test_the_build_scan_reads_a_file_of_any_type():
    from gongkai.guards import leaks

    texts = [text for _, _, text in leaks.file_texts("data/ledger.tsv", f"{CASE_NO}\t{MOBILE}\n".encode())]
    assert any(MOBILE in text for text in texts)
    texts = [text for _, _, text in leaks.file_texts("img/x.gif", b"GIF89a\x01\x00" + f"id {MOBILE}".encode())]
    assert any(MOBILE in text for text in texts)


def _png_with_text(text: str) -> bytes:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", text)
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG", pnginfo=info)
    return out.getvalue()


# --- 2-4. PDF: earlier revisions kept by incremental updates, text drawn out of order, what annotations
# draw and link to; spreadsheets' numbers in scientific notation -------------------------------------------


def pdf_bytes(content: bytes) -> bytes:
    """A one-page PDF whose page draws `content` (a content stream, Helvetica as /F1)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_of(objects)


def stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)


def incremental_update(data: bytes, objects: dict[int, bytes]) -> bytes:
    """`data` with a revision appended, as a PDF editor saves it: the new bodies of `objects`, a
    cross-reference section for them and a trailer pointing back to the previous one."""
    previous = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    out, offsets = data, {}
    for n, body in sorted(objects.items()):
        offsets[n] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % (n, at) for n, at in sorted(offsets.items()))
    size = max(size, max(offsets) + 1)
    return out + b"trailer\n<< /Size %d /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (size, previous, xref)


def text_at(*runs: tuple[int, int, str]) -> bytes:
    """A content stream drawing each (x, y, text) in the order given."""
    return b" ".join(b"BT /F1 12 Tf %d %d Td (%s) Tj ET" % (x, y, t.encode()) for x, y, t in runs)


def link_annotated(data: bytes, uri: str) -> bytes:
    """`data` with a link on its page whose target is `uri` (pypdf)."""
    import pypdf
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    action = DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(uri)})
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(72), FloatObject(700), FloatObject(200), FloatObject(720)]),
            NameObject("/A"): action,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stamped(data: bytes, text: str) -> bytes:
    """`data` with a stamp on its page whose appearance (what a viewer draws) shows `text`; the
    stamp itself carries no text (pypdf)."""
    import pypdf
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, StreamObject

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    look = StreamObject()
    look.set_data(b"BT /F1 12 Tf 2 4 Td (%s) Tj ET" % text.encode())
    look[NameObject("/Type")] = NameObject("/XObject")
    look[NameObject("/Subtype")] = NameObject("/Form")
    look[NameObject("/BBox")] = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(200), FloatObject(20)])
    fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    look[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    stamp = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Stamp"),
            NameObject("/Rect"): ArrayObject([FloatObject(72), FloatObject(600), FloatObject(272), FloatObject(620)]),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(look)}),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(stamp)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xlsx_bytes(values: list[str]) -> bytes:
    """A workbook whose first sheet has `values` in column A, each as Excel stores a number (<v>)."""
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{v}</v></c></row>' for i, v in enumerate(values, 1))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main"><sheets><sheet name="名单" sheetId="1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


MASKED = "139****5678"
#: A masked page, then the number taken out by an incremental update: the first revision is still in the file.
COVERED = incremental_update(
    pdf_bytes(text_at((72, 720, f"Phone {MOBILE}"))), {4: stream(text_at((72, 720, f"Phone {MASKED}")))}
)
#: A draft's 索引号 on the first revision, replaced by the second.
COVERED_DRAFT = incremental_update(
    pdf_bytes(text_at((72, 720, f"See {DRAFT_NO}"))), {4: stream(text_at((72, 720, "See the plan")))}
)
#: The number's tail drawn first, at the right; its head after, at the left (one line to a reader).
OUT_OF_ORDER = pdf_bytes(text_at((160, 720, MOBILE[7:]), (72, 720, f"Phone {MOBILE[:7]}")))
#: Each digit drawn on its own, in a shuffled order, at its place in the number.
SCATTERED = pdf_bytes(text_at(*((72 + 7 * i, 700, MOBILE[i]) for i in (4, 9, 0, 6, 2, 10, 7, 1, 5, 3, 8))))
#: An old 15-digit 身份证号 (born 1990-03-07), which Excel stores as the number 1.10105900307123E14.
OLD_ID = "110105900307123"

HOSTILE_FILES = [
    # (file name, content, the record's message after "附件 <name> ")
    ("covered.pdf", COVERED, "早先版本 1（增量修改前，仍在文件中）的第 1 页有未遮盖的手机号码（1 处，如 139****5678）"),
    ("out-of-order.pdf", OUT_OF_ORDER, "第 1 页（按版面位置）有未遮盖的手机号码（1 处，如 139****   5678）"),
    ("scattered.pdf", SCATTERED, "第 1 页（按版面位置）有未遮盖的手机号码（1 处，如 139****5678）"),
    (
        "tel-query.pdf",
        link_annotated(pdf_bytes(text_at((72, 720, "Call us"))), f"https://m.example.cn/call?tel={MOBILE}&from=pdf"),
        "第 1 页的注释和附加信息有未遮盖的手机号码（1 处，如 139****5678）",
    ),
    (
        "tel-uri.pdf",
        link_annotated(pdf_bytes(text_at((72, 720, "Call us"))), f"tel:{MOBILE}"),
        "第 1 页的注释和附加信息有未遮盖的手机号码（1 处，如 139****5678）",
    ),
    (
        "stamp.pdf",
        stamped(pdf_bytes(text_at((72, 720, "Approved"))), f"Tel {MOBILE}"),
        "第 1 页的注释和附加信息有未遮盖的手机号码（1 处，如 139****5678）",
    ),
    ("mobiles.xlsx", xlsx_bytes(["1.3912345678E10"]), "第 1 个工作表有未遮盖的手机号码（1 处，如 139****5678）"),
    ("old-ids.xlsx", xlsx_bytes(["1.10105900307123E+14"]), "第 1 个工作表有未遮盖的身份证号（1 处，如"),
]

HARMLESS_FILES = [
    # A masked number only, revised (a signature or a property changed): nothing new in the earlier revision.
    ("masked.pdf", incremental_update(pdf_bytes(text_at((72, 720, f"Phone {MASKED}"))), {6: b"<< /Title (Notice) >>"})),
    ("stamp-approved.pdf", stamped(pdf_bytes(text_at((72, 720, "Notice"))), "Approved 2024.03.12")),
    ("columns.pdf", pdf_bytes(text_at((300, 720, "2024"), (72, 720, "Budget total 1391")))),
    ("site-link.pdf", link_annotated(pdf_bytes(text_at((72, 720, "See"))), f"https://x.example.cn/a?id={MOBILE}")),
    ("amounts.xlsx", xlsx_bytes(["1.5E3", "2.5E-2", "12", "3.1415"])),
]


def test_what_a_pdf_or_a_spreadsheet_shows_is_read_by_check_and_build(site):
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    for name, data, _ in HOSTILE_FILES:
        (files / name).write_bytes(data)
    path = site.good(attachments=[{"file": f"files/{name}", "title": "附件"} for name, _, _ in HOSTILE_FILES])
    line = path.read_text(encoding="utf-8").splitlines().index("attachments:") + 1
    said = "\n".join(refused_by_both(site))
    for name, _, message in HOSTILE_FILES:
        assert f"records/2024/czj-00001.md:{line}: 错误 附件 {name} {message}" in said, (name, said)
    assert said.count("错误") == len(HOSTILE_FILES), said
    assert OLD_ID not in said


def test_harmless_pdfs_and_spreadsheets_are_published(site):
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    for name, data in HARMLESS_FILES:
        (files / name).write_bytes(data)
    site.good(attachments=[{"file": f"files/{name}", "title": "附件"} for name, _ in HARMLESS_FILES])
    check = site.gongkai("check")
    assert check.returncode == 0, check.stderr
    build = site.mkdocs("build")
    assert build.returncode == 0, build.stderr[-3000:]
    for name, data in HARMLESS_FILES:
        assert (site.root / "site" / "xxgk" / "czj" / "2024-00001" / name).read_bytes() == data


def test_a_draft_named_in_an_earlier_revision_of_a_pdf_is_refused(site):
    with_secrets(site)
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True, exist_ok=True)
    (files / "plan.pdf").write_bytes(COVERED_DRAFT)
    path = site.good(attachments=[{"file": "files/plan.pdf", "title": "方案"}])
    line = path.read_text(encoding="utf-8").splitlines().index("attachments:") + 1
    assert refused_by_both(site) == [
        f"records/2024/czj-00001.md:{line}: 错误 attachments（附件）：附件 plan.pdf 的内容中有草稿 {DRAFT_NO} "
        "的索引号，它不能出现在公开的内容中。改法：在原文件中删去这段文字，重新生成文件后再发布：那条记录发布以后才能在公开内容中"
        "提到它（草稿去掉 draft: true，定时发布的等到发布日期）。"
    ]


# --- 5. the leak scan: a draft's 索引号 with other separators; its title with other quotation marks ------


QUOTED_TITLE = "关于“十五五”规划的征求意见稿"
QUOTED_NO = "czj/2024-00903"

LEAK_LINES = [
    # (a line of a hand-written page, what the report names)
    ("见 czj.2024-00902 号文件。", f"草稿 {DRAFT_NO} 的索引号"),
    ("见 CZJ2024-00902。", f"草稿 {DRAFT_NO} 的索引号"),
    ("见 czj_2024_00902。", f"草稿 {DRAFT_NO} 的索引号"),
    ("见 czj 2024 00902。", f"草稿 {DRAFT_NO} 的索引号"),
    ('即将发布《关于"十五五"规划的征求意见稿》。', f"草稿 {QUOTED_NO} 的标题"),
    ("即将发布《关于「十五五」规划的征求意见稿》。", f"草稿 {QUOTED_NO} 的标题"),
    ("即将发布《关于『十五五』规划的征求意见稿》。", f"草稿 {QUOTED_NO} 的标题"),
    ("即将发布《关于‘十五五’规划的<b>征求</b>意见稿》。", f"草稿 {QUOTED_NO} 的标题"),
    ("即将发布《关于十五五规划的征求意见稿》。", f"草稿 {QUOTED_NO} 的标题"),
]


def test_a_drafts_number_and_title_written_otherwise_are_refused_at_the_line(site):
    with_secrets(site)
    site.good("2024/draft2.md", index_no=QUOTED_NO, title=QUOTED_TITLE, draft=True)
    # A published record that quotes the same words otherwise is harmless: only the title is a secret.
    site.good(body="另见 czj/2024-00001 和 czj.2024-00904。“十五五”规划的征求意见另行公布。\n")
    for n, (line, _) in enumerate(LEAK_LINES):
        (site.root / "docs" / f"leak-{n}.md").write_text(f"# 说明\n\n{line}\n", encoding="utf-8")
    said = refused_by_both(site)
    expected = [
        f"docs/leak-{n}.md:3: 错误 页面中写了{why}，它不能出现在公开的内容中。" for n, (_, why) in enumerate(LEAK_LINES)
    ]
    assert [s.split("改法")[0] for s in said] == expected, said


def test_the_scan_of_the_output_reads_a_drafts_number_and_title_written_otherwise(tmp_path):
    """The build's last guard, over a built page, finds what the check of the sources finds."""
    from gongkai.guards import leaks

    secrets = [
        leaks.Secret(DRAFT_NO, f"草稿 {DRAFT_NO} 的索引号", loose=True),
        leaks.Secret(QUOTED_TITLE, f"草稿 {QUOTED_NO} 的标题"),
    ]
    for line, why in LEAK_LINES:
        page = f"<html><body><nav>导航</nav>\n<p>{line}</p>\n</body></html>"
        found = leaks.scan_texts([("notes/index.html", "notes/", page)], secrets)
        assert [(f.file, f.why, f.line) for f in found] == [("notes/index.html", why, 2)], line
    harmless = "<p>另见 czj/2024-00901、CZJ.2024-00912，“十五五”规划的征求意见另行公布。</p>"
    assert leaks.scan_texts([("a/index.html", "a/", harmless)], secrets) == []


# --- 6. a hand-written sitemap.xml (or 404.html) is not replaced without a word --------------------------


def test_a_hand_written_sitemap_is_refused_not_replaced(site):
    site.good()
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://xxgk.example.gov.cn/special/</loc></url></urlset>\n"
    )
    (site.root / "docs" / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    (site.root / "docs" / "404.html").write_text("<h1>找不到</h1>\n", encoding="utf-8")
    said = refused_by_both(site)
    assert said == [
        "docs/404.html: 错误 网站的 404.html（“页面不存在”页）由构建生成，会替换掉这个手写的文件：手写的内容不会发布。"
        "改法：删去它：网站的 404.html 由主题生成（中文）；要改它的内容，改主题的 404 模板。",
        "docs/sitemap.xml: 错误 网站的 sitemap.xml（网站地图）由构建生成，会替换掉这个手写的文件：手写的内容不会发布。"
        "改法：删去它。网站的 sitemap.xml 由构建自动生成，列出全站每个页面（含每条记录）；要让搜索引擎另读一些网址，"
        "把它们写进另一个文件名的网站地图（如 docs/sitemap-extra.xml），再在 docs/robots.txt 中加一行 Sitemap: "
        "指向它的完整网址。",
    ]
    # Under another name it is published as written, beside the generated one.
    (site.root / "docs" / "sitemap.xml").rename(site.root / "docs" / "sitemap-extra.xml")
    (site.root / "docs" / "404.html").unlink()
    assert site.gongkai("check").returncode == 0
    assert site.mkdocs("build").returncode == 0
    assert (site.root / "site" / "sitemap-extra.xml").read_text(encoding="utf-8") == sitemap
    assert "xxgk/czj/2024-00001/" in (site.root / "site" / "sitemap.xml").read_text(encoding="utf-8")


# --- the clerk's pre-commit hook: gongkai check --changed refuses what the whole check refuses ----------


def test_check_changed_refuses_the_secrets_the_whole_check_refuses(site):
    import subprocess

    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=site.root, check=True)

    site.configure(private_keys=["handler"])
    with_secrets(site)
    site.good("2099/later.md", index_no="czj/2099-00001", title="明年施行的收费目录", published="2099-01-05")
    site.good("2024/czj-00002.md", index_no="czj/2024-00002", title="另一份通知", handler="内部经办人王某某")
    site.good()
    (site.root / "records" / "2024" / "files").mkdir()
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "records")
    assert site.gongkai("check").returncode == site.gongkai("check", "--changed").returncode == 0
    word(site.root / "records" / "2024" / "files" / "reply.docx", f"关于 {CASE_NO} 的答复。")
    site.good(
        attachments=[{"file": "files/reply.docx", "title": "答复"}],
        body=f"正文。\n\n另见{DRAFT_TITLE}。\n\n明年施行的收费目录另行公布，经办：内部经办人王某某，"
        "编号 czj.2099-00001。\n",
    )
    changed, whole = site.gongkai("check", "--changed"), site.gongkai("check")
    assert changed.returncode == whole.returncode == 1
    said = flat(changed.stderr).splitlines()
    assert said == flat(whole.stderr).splitlines(), (changed.stderr, whole.stderr)
    assert len(said) == 5, said
    for why in (
        f"草稿 {DRAFT_NO} 的标题",
        "定于 2099-01-05 发布的 czj/2099-00001 的标题",
        "定于 2099-01-05 发布的 czj/2099-00001 的索引号",
        "2024/czj-00002.md 的内部字段 handler",
        "依申请公开台账 records/requests/2024.yml 第 1 行案件的 id",
    ):
        assert any(why in line for line in said), (why, said)
    for secret in (DRAFT_TITLE, CASE_NO, "王某某"):
        assert secret not in changed.stderr


@pytest.mark.parametrize(
    "name, target",
    [
        ("g", "../.git"),  # the repository: every draft and its history
        ("r", "../records/requests"),  # the request ledgers
        ("c", "../.cache"),  # the build cache (drafts' titles)
        ("e", "/etc"),  # outside the project: MkDocs' copy raised FileNotFoundError
        ("gone", "../nowhere"),  # a link to nothing
        ("x.txt", "../records/requests/2024.yml"),  # a file, not a folder
    ],
)
def test_a_link_in_docs_to_what_lies_outside_it_is_refused_by_check_and_the_build(site, name, target):
    """MkDocs copies what a link under docs/ points to, a folder whole, and the checks read only
    docs/ itself: a link out of it would publish the repository, the ledgers or the cache unread."""
    site.good()
    (site.root / ".git").mkdir()
    (site.root / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (site.root / ".cache").mkdir()
    (site.root / "records" / "requests").mkdir(parents=True)
    (site.root / "docs" / name).symlink_to(target)
    for run in (site.gongkai("check"), site.mkdocs("build")):
        said = flat(run.stdout + run.stderr)
        assert run.returncode != 0 and "Traceback" not in said, said
        assert f"docs/{name}: 错误 这是指向 docs/ 之外（{target}）的符号链接" in said, said
        assert "改法：删去这个链接，把要发布的文件本身复制进 docs/" in said, said
    assert not (site.root / "site").exists()


def test_a_link_in_docs_to_another_place_in_docs_is_published(site):
    site.good()
    (site.root / "docs" / "images").mkdir()
    (site.root / "docs" / "images" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site.root / "docs" / "pictures").symlink_to("images")
    run = site.mkdocs("build", "--strict")
    assert run.returncode == 0, run.stderr
    assert (site.root / "site" / "pictures" / "a.png").is_file()


def test_text_in_utf16_inside_an_archive_is_read_for_its_digits():
    # ASCII in UTF-16 is valid UTF-8, one NUL between digits: read as UTF-8 text, no number was left.
    from gongkai.text import attachtext

    pieces = attachtext.data_texts("mingdan.dat", f"电话 {MOBILE}".encode("utf-16-le"))
    assert any(MOBILE in text for _, text in pieces), pieces
    # Chinese in UTF-8 inside a binary is read too (a .yml is read whole, as text).
    pieces = attachtext.data_texts("meta.bin", b"\x00\x01" + DRAFT_TITLE.encode() + b"\x00")
    assert any(DRAFT_TITLE in text for _, text in pieces), pieces
