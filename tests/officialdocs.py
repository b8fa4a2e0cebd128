"""Official documents as agencies send them, made for the tests: Word files (python-docx) and PDFs
(reportlab, Chinese text in a CID font, as many government PDF producers write it), laid out by
GB/T 9704: 份号, 紧急程度, red masthead, 发文字号, title, 主送机关, body, 署名, 成文日期, 附注, 版记."""

from __future__ import annotations

import io
from pathlib import Path

MASTHEAD = "测试县财政局文件"
DOC_NO = "测财发〔2024〕12号"
TITLE_LINES = ("测试县财政局关于做好2024年", "预算执行管理工作的通知")
TITLE = "".join(TITLE_LINES)
SALUTATION = "各乡镇人民政府，县直各单位："
OPENING = "为加强预算执行管理，提高财政资金使用效益，现就有关事项通知如下。"
SIGNER = "测试县财政局"
DATE = "2024年6月28日"
#: Typed in Word, shown as typed: nothing of it is Markdown or HTML.
TYPED = "2. 照原样显示：# 号、<b>不是标签</b>、&amp;、[方括号]、*星号*。"


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def word_notice(path: Path, *, doc_no: str = DOC_NO, date: str = DATE, masthead: str = MASTHEAD,
                signer: str = SIGNER, top: tuple[str, ...] = ("000123", "特急"), note: str = "（此件公开发布）",
                image: bytes | None = None, printed: str = "测试县财政局办公室            2024年6月28日印发",
                ) -> Path:  # fmt: skip
    """A 通知 in the standard layout, with headings, bold, a numbered list, a table and an 附件说明."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    doc = Document()

    def para(text="", align=None, size=None, red=False, style=None):
        p = doc.add_paragraph(style=style)
        p.alignment = {"c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT, None: None}[align]
        run = p.add_run(text)
        if size:
            run.font.size = Pt(size)
        if red:
            run.font.color.rgb = RGBColor(0xE0, 0, 0)
        return p

    for line in top:
        para(line)
    para(masthead, "c", 36, red=True)
    para()
    para(f"{doc_no}", "c", 16)
    para()  # where the red line is drawn
    for line in TITLE_LINES:
        para(line, "c", 22)
    para(SALUTATION)
    para("\u3000\u3000" + OPENING)
    para("一、明确工作目标", size=16)
    p = para("\u3000\u3000各单位要")
    p.add_run("严格执行年度预算").bold = True
    p.add_run("，不得无预算、超预算支出。")
    para("（一）加快支出进度")
    para(TYPED)
    para("按月报送用款计划；", style="List Number")
    para("按季分析执行情况。", style="List Number")
    doc.add_heading("二、加强绩效管理", level=1)
    table = doc.add_table(rows=3, cols=2)
    for i, row in enumerate([("时间", "工作内容"), ("7月10日前", "报送执行分析"), ("10月10日前", "开展中期评估")]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    if image is not None:
        doc.add_paragraph().add_run().add_picture(io.BytesIO(image))
    para("附件：1．预算执行分析表")
    para("\u3000\u3000\u3000 2．绩效自评表")
    para(signer, "r")
    para(date, "r")
    if note:
        para(note)
    para("抄送：县委办，县政府办。")
    para(printed)
    doc.save(path)
    return path


#: The body the notice above must give (the 版头, title, 附注 and 版记 left out).
WORD_BODY = f"""\
{SALUTATION}

{OPENING}

## 一、明确工作目标

各单位要**严格执行年度预算**，不得无预算、超预算支出。

### （一）加快支出进度

2\\. 照原样显示：# 号、&lt;b>不是标签&lt;/b>、&amp;amp;、\\[方括号\\]、\\*星号\\*。

1. 按月报送用款计划；
2. 按季分析执行情况。

## 二、加强绩效管理

| 时间 | 工作内容 |
| --- | --- |
| 7月10日前 | 报送执行分析 |
| 10月10日前 | 开展中期评估 |

附件：1．预算执行分析表

2．绩效自评表

{SIGNER}

{DATE}
"""

#: The document attached after the date (GB/T 9704: on a page of its own, the label 附件 top left,
#: its title centred under it).
ATTACHED_TITLE = "预算执行分析表"
ATTACHED_TEXT = "各单位按月填报本表，报县财政局预算股。"


def word_attached(path: Path, *, label: str = "附件", title: str | None = ATTACHED_TITLE, styled: bool = False) -> Path:
    """A short 通知 with a document attached after its date: `label` (in Word's Heading 1 style when
    `styled`), the centred `title` (none when None), a sentence and a table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    def attached(doc):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(label, level=1) if styled else doc.add_paragraph(label)
        if title:
            doc.add_paragraph(title).alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph(ATTACHED_TEXT)
        table = doc.add_table(rows=2, cols=2)
        for i, row in enumerate([("项目", "金额"), ("收入", "12")]):
            for j, value in enumerate(row):
                table.cell(i, j).text = value

    paragraphs = [(TITLE, "c"), SALUTATION, OPENING, f"附件：{ATTACHED_TITLE}", (SIGNER, "r"), (DATE, "r")]
    return word(path, paragraphs, build=attached)


#: Paragraphs long enough to wrap over several lines of an A4 page.
PDF_PARAGRAPHS = (
    OPENING,
    "各单位要严格执行经人民代表大会批准的年度预算，不得无预算、超预算支出；确需调整的，按规定程序报批。"
    "财政部门将按月通报各单位支出进度，对进度明显滞后的单位进行约谈。",
    "各乡镇、各部门要对照年初确定的绩效目标开展自评，自评结果作为以后年度预算安排的重要依据，"
    "并按规定在本单位门户网站公开。",
)


#: What a PDF whose font maps these ideographs to radicals holds in its text layer instead: the
#: Kangxi radicals of 文 人 日 月 and the supplement's of 民 长 青 (gongkai.text.radicals).
AS_RADICALS = str.maketrans("文人日月民长青", "\u2f42\u2f08\u2f47\u2f49\u2ea0\u2ed3\u2ed8")


def pdf_notice(path: Path, *, encrypt: bool = False, text: bool = True, doc_no: str = DOC_NO,
               attached: bool = False, radicals: bool = False) -> Path:  # fmt: skip
    """The same kind of 通知 as a two-page PDF with page numbers (— 1 —), or without a text layer;
    with a document `attached` on a third page (附件, its title, a sentence); with `radicals`, its
    text layer holding radicals for some ideographs (AS_RADICALS), as some PDFs' fonts make it."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=16, leading=28, firstLineIndent=32,
                          wordWrap="CJK")  # fmt: skip
    flat = ParagraphStyle("flat", parent=body, firstLineIndent=0)
    center = ParagraphStyle("center", parent=flat, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=flat, alignment=TA_RIGHT)

    def number(canvas, doc):
        canvas.setFont("STSong-Light", 14)
        canvas.drawCentredString(A4[0] / 2, 40, f"— {doc.page} —")

    if text:
        story = [
            Paragraph(MASTHEAD, ParagraphStyle("m", parent=center, fontSize=30, leading=44, textColor="red")),
            Paragraph(doc_no, center),
            Paragraph(TITLE, ParagraphStyle("t", parent=center, fontSize=22, leading=34)),
            Paragraph(SALUTATION, flat),
            Paragraph(PDF_PARAGRAPHS[0], body),
            Paragraph("一、明确工作目标", body),
            Paragraph(PDF_PARAGRAPHS[1], body),
            PageBreak(),
            Paragraph("二、加强绩效管理", body),
            Paragraph(PDF_PARAGRAPHS[2], body),
            Paragraph(SIGNER, right),
            Paragraph(DATE, right),
            Paragraph("抄送：县委办，县政府办。", flat),
        ]
        if attached:  # before the 版记
            story[-1:-1] = [PageBreak(), Paragraph("附件", flat), Paragraph(ATTACHED_TITLE, center),
                            Paragraph(ATTACHED_TEXT, body)]  # fmt: skip
        if radicals:
            story = [Paragraph(par.text.translate(AS_RADICALS), par.style) if isinstance(par, Paragraph) else par
                     for par in story]  # fmt: skip
        raw = io.BytesIO()
        SimpleDocTemplate(raw, pagesize=A4, title=TITLE).build(story, onFirstPage=number, onLaterPages=number)
        data = raw.getvalue()
    else:  # a scan: a picture of a page, no text
        from reportlab.pdfgen.canvas import Canvas

        raw = io.BytesIO()
        canvas = Canvas(raw, pagesize=A4)
        canvas.rect(72, 400, 450, 300, fill=1)
        canvas.showPage()
        canvas.save()
        data = raw.getvalue()
    if encrypt:
        import pypdf

        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
        writer.encrypt(user_password="123456", algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    path.write_bytes(data)
    return path


def word_report(path: Path) -> Path:
    """A 报告 to the county government (上行文): 发文字号 and 签发人 side by side in a table, the title
    broken by a line break, a table with a merged cell and a | in a cell, the date in Chinese numerals."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    doc.add_paragraph(MASTHEAD).alignment = WD_ALIGN_PARAGRAPH.CENTER
    head = doc.add_table(rows=1, cols=2)
    head.cell(0, 0).text, head.cell(0, 1).text = "测财报[2024]3号", "签发人：王某"
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("测试县财政局关于2024年一季度").add_break()
    title.add_run("预算执行情况的报告")
    doc.add_paragraph("县人民政府：")
    doc.add_paragraph("现将一季度预算执行情况报告如下。")
    table = doc.add_table(rows=3, cols=3)
    for i, row in enumerate([("项目", "金额", "说明"), ("收入", "", "同比增长"), ("A|B 类", "12", "x")]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    table.cell(1, 0).merge(table.cell(1, 1)).text = "一般公共预算收入"
    doc.add_paragraph("特此报告。")
    doc.add_paragraph(SIGNER).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("二〇二四年四月十日").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(path)
    return path


def word(path: Path, paragraphs, *, build=None) -> Path:
    """A Word file of `paragraphs`: text, or (text, "c"|"r") for centred or right-aligned ones;
    `build(document)` adds more (tables, hidden text, comments) at the end."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    for item in paragraphs:
        text, align = (item, None) if isinstance(item, str) else item
        p = doc.add_paragraph(text)
        p.alignment = {"c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT, None: None}[align]
    if build is not None:
        build(doc)
    doc.save(path)
    return path
