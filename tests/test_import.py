"""`gongkai import`: official documents (Word files made with python-docx, PDFs made with reportlab,
in the GB/T 9704 layout) become draft records that pass the check; the original is kept as an
attachment; files that are not documents, are encrypted or must not be published are refused with
nothing written; nothing is ever overwritten."""

from __future__ import annotations

import datetime as dt
import zipfile

import pypdf
import pytest
import yaml
from bs4 import BeautifulSoup

import officialdocs as docs
import ourcommands
from conftest import BIN, command_env
from gongkai.clerk import officialdoc
from gongkai.clerk.officialdoc import Block

CATEGORY = ["--category", "财政信息/财政预算"]
AGENCIES = "可写：测试县财政局、测试县人民政府办公室、测试县城关镇人民政府"
IMPORT = ["import", *CATEGORY, "--published", "2024-07-01", "--yes"]


def front_and_body(path):
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body.lstrip("\n")


def files_under(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_word_notice_becomes_a_draft_that_passes_the_check(site, tmp_path):
    picture = docs.png()
    source = docs.word_notice(tmp_path / "通知.docx", image=picture)
    out = site.gongkai(*IMPORT, str(source))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"已导入 {source} → records/2024/czj-2024-00001.md（索引号 czj/2024-00001，草稿）")
    assert "“预算执行分析表”、“绩效自评表”" in out.stdout  # named in the 附件说明, not found as files: said
    record = site.root / "records/2024/czj-2024-00001.md"
    front, body = front_and_body(record)
    assert front == {
        "title": docs.TITLE,  # the two centred lines under the 发文字号, joined
        "index_no": "czj/2024-00001",
        "agency": "测试县财政局",  # from the 署名
        "category": "财政信息/财政预算",
        "published": dt.date(2024, 7, 1),
        "written": dt.date(2024, 6, 28),
        "doc_no": docs.DOC_NO,
        "genre": "通知",
        "summary": docs.OPENING,
        "attachments": [{"file": "files/czj-2024-00001.docx", "title": "原文（Word 文档）"}],
        "draft": True,
    }
    # Masthead, 份号, 紧急程度, title, 附注 and 版记 are gone; headings, bold, list, table and image kept.
    assert body == docs.WORD_BODY.replace("附件：1．", "![](files/czj-2024-00001-1.png)\n\n附件：1．")
    assert (site.root / "records/2024/files/czj-2024-00001.docx").read_bytes() == source.read_bytes()
    assert (site.root / "records/2024/files/czj-2024-00001-1.png").read_bytes() == picture
    check = site.gongkai("check")
    assert check.returncode == 0 and "警告" not in check.stderr, check.stderr + check.stdout


def test_the_imported_records_are_published_as_pages(site, tmp_path):
    site.configure(search="off")
    docs.word_notice(tmp_path / "a.docx")
    docs.pdf_notice(tmp_path / "b.pdf", doc_no="测政办发〔2024〕3号")
    assert site.gongkai(*IMPORT, str(tmp_path / "a.docx")).returncode == 0
    out = site.gongkai(*IMPORT, "--agency", "测试县人民政府办公室", str(tmp_path / "b.pdf"))
    assert out.returncode == 0, out.stderr
    for path in (site.root / "records/2024").glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    build = site.mkdocs("build", "--strict")
    assert build.returncode == 0, build.stderr
    word = BeautifulSoup(site.html("xxgk/czj/2024-00001/index.html"), "html.parser")
    article = word.select_one("article")
    assert [h.get_text() for h in article.find_all("h2")][:2] == ["一、明确工作目标", "二、加强绩效管理"]
    assert article.find("strong").get_text() == "严格执行年度预算"
    assert [li.get_text() for li in article.select("ol li")][:2] == ["按月报送用款计划；", "按季分析执行情况。"]
    assert docs.TYPED in [p.get_text() for p in article.find_all("p")]  # no markup made of typed text
    assert [td.get_text() for td in article.select("table:not(.gk-meta) td")][:2] == ["7月10日前", "报送执行分析"]
    links = [a["href"] for a in article.find_all("a", href=True)]
    assert any(href.endswith(".docx") for href in links), links
    pdf = site.html("xxgk/zfb/2024-00001/index.html")
    assert docs.PDF_PARAGRAPHS[1] in pdf and ".pdf" in pdf


def test_a_pdf_gives_its_text_layer_as_body_and_summary(site, tmp_path):
    source = docs.pdf_notice(tmp_path / "notice.pdf")
    out = site.gongkai(*IMPORT, str(source))
    assert out.returncode == 0, out.stderr
    front, body = front_and_body(site.root / "records/2024/czj-2024-00001.md")
    assert (front["title"], front["doc_no"], front["written"]) == (docs.TITLE, docs.DOC_NO, dt.date(2024, 6, 28))
    assert front["summary"] == docs.OPENING
    assert front["attachments"] == [{"file": "files/czj-2024-00001.pdf", "title": "原文（PDF）"}]
    # Lines wrapped by the page are joined into the paragraphs written; page numbers and 版头 dropped.
    assert body.split("\n\n") == [
        docs.SALUTATION,
        docs.PDF_PARAGRAPHS[0],
        "## 一、明确工作目标",
        docs.PDF_PARAGRAPHS[1],
        "## 二、加强绩效管理",
        docs.PDF_PARAGRAPHS[2],
        docs.SIGNER,
        docs.DATE + "\n",
    ]
    assert (site.root / "records/2024/files/czj-2024-00001.pdf").read_bytes() == source.read_bytes()
    assert site.gongkai("check").returncode == 0


def test_a_pdf_that_holds_radicals_for_ideographs_is_imported_as_the_ideographs(site, tmp_path):
    """⽂件, ⼈⺠, ⻘ in the text layer read as 文件, 人民, 青: the masthead, the 发文字号 and the date
    are found as in any PDF, the body is searchable, and the clerk is told what was replaced."""
    source = docs.pdf_notice(tmp_path / "notice.pdf", radicals=True)
    assert "\u2f42" in pypdf.PdfReader(source).pages[0].extract_text()  # the text layer holds the radical
    out = site.gongkai(*IMPORT, str(source))
    assert out.returncode == 0, out.stderr
    front, body = front_and_body(site.root / "records/2024/czj-2024-00001.md")
    assert (front["title"], front["doc_no"], front["written"]) == (docs.TITLE, docs.DOC_NO, dt.date(2024, 6, 28))
    assert docs.PDF_PARAGRAPHS[1] in body and not any(ch in body for ch in "\u2f42\u2f08\u2f47\u2f49\u2ea0\u2ed3")
    assert "已换成通用汉字（⽂→文、" in out.stdout + out.stderr, out.stdout + out.stderr


def test_a_scanned_pdf_is_kept_and_the_clerk_told_to_write_the_text(site, tmp_path):
    source = docs.pdf_notice(tmp_path / "scan.pdf", text=False)
    refused = site.gongkai(*IMPORT, str(source))
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[:2] == [
        f"{source}: 没有认出发布机构，请用 --agency 写明。{AGENCIES}",
        f"{source}: 没有认出标题（PDF 没有文字层，可能是扫描件），请用 --title 写明。",
    ]
    assert not (site.root / "records/2024").exists()
    out = site.gongkai(*IMPORT, "--agency", "测试县财政局", "--title", "测试县财政局关于预算执行的通知", str(source))
    assert out.returncode == 0, out.stderr
    assert "PDF 没有文字层（可能是扫描件）" in out.stdout
    assert "没有找到发文字号" in out.stdout and "没有找到成文日期" in out.stdout
    front, body = front_and_body(site.root / "records/2024/czj-2024-00001.md")
    assert body == "全文见附件。\n" and "doc_no" not in front and "written" not in front
    assert site.gongkai("check").returncode == 0


def _encrypted_docx(path):
    # How Word stores a password-protected .docx: a compound file holding an EncryptedPackage stream.
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"))
    return path


def _zip(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a document")
    return path


BAD = [
    (
        "setup.docx",
        lambda p: p.write_bytes(b"MZ\x90\x00\x03" + b"\0" * 200),
        "扩展名是 .docx，但文件不是 Word 文档（从内容看是：Windows 程序）",
    ),
    (
        "setup.pdf",
        lambda p: p.write_bytes(b"MZ\x90\x00\x03" + b"\0" * 200),
        "扩展名是 .pdf，但文件不是 PDF（从内容看是：Windows 程序）",
    ),
    ("old.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504), "旧版 Word/WPS 格式"),
    (
        "renamed.docx",
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504),
        "只是扩展名改成了 .docx",
    ),
    ("locked.docx", _encrypted_docx, "设了打开密码"),
    ("locked.pdf", lambda p: docs.pdf_notice(p, encrypt=True), "这个 PDF 设了打开密码"),
    ("archive.docx", _zip, "不是 Word 文档"),
    ("empty.docx", lambda p: p.write_bytes(b""), "文件是空的"),
    (
        "notes.txt",
        lambda p: p.write_text("通知", encoding="utf-8"),
        "只能导入 Word 文档（.docx）或 PDF 文件，这个文件是 .txt 文件。改法：用 Word 或 WPS 打开，另存为 .docx",
    ),
    ("renamed.doc", lambda p: docs.word_notice(p), "从内容看它是 Word 文档（.docx），只是扩展名改成了 .doc"),
    ("broken.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n" + b"\xff" * 300), "PDF 文件已损坏"),
]


def test_files_that_are_not_documents_are_refused_and_nothing_is_written(site, tmp_path):
    good = docs.word_notice(tmp_path / "good.docx")
    names = []
    for name, make, _ in BAD:
        make(tmp_path / name)
        names.append(str(tmp_path / name))
    before = files_under(site.root)
    out = site.gongkai(*IMPORT, str(good), *names)
    assert out.returncode == 1
    for (name, _, said), line in zip(BAD, out.stderr.splitlines(), strict=False):
        assert line.startswith(f"{tmp_path / name}: 不能导入：") and said in line, (name, line)
    assert out.stderr.rstrip().endswith("没有写入任何文件。")
    assert files_under(site.root) == before  # not even the good one: the clerk fixes the list and runs again


@pytest.mark.parametrize(
    "top, note, said",
    [
        (("000123", "秘密★1年", "特急"), "（此件公开发布）", "文件标有密级“秘密★1年”：涉密文件和工作秘密不得公开发布"),
        (("000123", "秘密 1年"), "（此件公开发布）", "文件标有密级“秘密1年”"),
        (("★机密",), "（此件公开发布）", "文件标有密级“★机密”"),
        (("工作秘密",), "（此件公开发布）", "文件标有密级“工作秘密”"),
        (("000123",), "（此件不予公开）", "文件写明“此件不予公开”：不属于主动公开的信息"),
        (("000123",), "此件不宜公开", "文件写明“此件不宜公开”"),
        (("000123",), "（此件依申请公开）", "文件写明“此件依申请公开”"),
    ],
)
def test_documents_marked_secret_or_not_public_are_refused(site, tmp_path, top, note, said):
    source = docs.word_notice(tmp_path / "n.docx", top=top, note=note)
    before = files_under(site.root)
    out = site.gongkai(*IMPORT, str(source))
    assert out.returncode == 1 and said in out.stderr, out.stderr
    assert files_under(site.root) == before


def test_the_same_document_twice_is_refused(site, tmp_path):
    source = docs.word_notice(tmp_path / "n.docx")
    assert site.gongkai(*IMPORT, str(source)).returncode == 0
    again = site.gongkai(*IMPORT, str(source))
    assert again.returncode == 1
    assert f"发文字号 {docs.DOC_NO} 已在 records/2024/czj-2024-00001.md 中" in again.stderr
    assert not (site.root / "records/2024/czj-2024-00002.md").exists()


def test_nothing_is_overwritten_and_a_number_with_files_left_behind_is_skipped(site, tmp_path):
    site.good("2024/old.md")  # czj/2024-00001 is taken
    stale = site.root / "records/2024/files/czj-2024-00002.docx"  # the files of a deleted czj/2024-00002
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"a file a deleted record left behind")
    before = files_under(site.root)
    out = site.gongkai(*IMPORT, str(docs.word_notice(tmp_path / "n.docx")))
    assert out.returncode == 0, out.stderr
    assert "→ records/2024/czj-2024-00003.md（索引号 czj/2024-00003，草稿）" in out.stdout
    after = files_under(site.root)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing before changed
    assert sorted(set(after) - set(before)) == [
        "records/2024/czj-2024-00003.md",
        "records/2024/files/czj-2024-00003.docx",
    ]


def test_a_failed_write_leaves_nothing_behind(site, tmp_path, monkeypatch):
    from gongkai.clerk import importdoc
    from gongkai.clerk.newrecord import NewRecord
    from gongkai.model.indexno import IndexNoPattern

    doc = importdoc.read(docs.word_notice(tmp_path / "n.docx", image=docs.png()), ("通知",))
    before = files_under(site.root)
    real = importdoc._write_new

    def fail_on_image(path, *args):
        if path.suffix == ".png":
            raise OSError("disk full")
        real(path, *args)

    monkeypatch.setattr(importdoc, "_write_new", fail_on_image)
    record = NewRecord("测试县财政局", "财政信息/财政预算", docs.TITLE, dt.date(2024, 7, 1))
    with pytest.raises(OSError):
        importdoc.save(doc, record, site.root / "records", "czj", IndexNoPattern("{org}/{YYYY}-{NNNNN}"))
    assert files_under(site.root) == before and not (site.root / "records/2024").exists()


def test_an_agency_not_recognised_is_asked_for_with_the_choices(site, tmp_path):
    source = docs.word_notice(tmp_path / "n.docx", signer="测试县某某中心", masthead="测试县某某中心文件")
    out = site.gongkai(*IMPORT, str(source))
    assert out.returncode == 2
    assert f"{source}: 没有认出发布机构，请用 --agency 写明。{AGENCIES}" in out.stderr
    assert not (site.root / "records/2024").exists()
    # A wrong answer is said and asked again; a short name is answered with the full one, Enter takes it.
    answers = "某某中心\n城关镇\n\n财政信息/财政决算\n"
    asked = site.gongkai("import", "--published", "2024-07-01", str(source), input=answers)
    assert asked.returncode == 0, asked.stderr
    assert asked.stderr.splitlines() == [
        f"“某某中心”不是发布机构。{AGENCIES}",
        "“城关镇”不是发布机构的全称。是不是：测试县城关镇人民政府？改法：写成 测试县城关镇人民政府",
    ]
    assert f"{source} 的发布机构（直接回车即 测试县城关镇人民政府）：" in asked.stdout
    front, _ = front_and_body(site.root / "records/2024/cgz-2024-00001.md")
    assert (front["agency"], front["category"]) == ("测试县城关镇人民政府", "财政信息/财政决算")
    other = docs.word_notice(tmp_path / "m.docx", doc_no="测财发〔2024〕13号")
    short = site.gongkai(*IMPORT, "--agency", "财政局", str(other))
    assert short.returncode == 2
    said = "“财政局”不是发布机构的全称。是不是：测试县财政局？改法：写成 测试县财政局"
    assert short.stderr.splitlines()[0] == f"{other}: {said}"


def test_an_attached_document_makes_no_second_附件_heading(site, tmp_path):
    # The record page lists the files under a heading 附件 of its own: the document's label and the
    # title under it make one heading, so the table of contents shows 附件 once.
    site.configure(search="off")
    out = site.gongkai(*IMPORT, str(docs.word_attached(tmp_path / "a.docx")))
    assert out.returncode == 0, out.stderr
    record = site.root / "records/2024/czj-2024-00001.md"
    _, body = front_and_body(record)
    assert [line for line in body.splitlines() if line.startswith("#")] == [f"## 附件：{docs.ATTACHED_TITLE}"]
    assert body.endswith(
        f"{docs.DATE}\n\n## 附件：{docs.ATTACHED_TITLE}\n\n{docs.ATTACHED_TEXT}\n\n"
        "| 项目 | 金额 |\n| --- | --- |\n| 收入 | 12 |\n"
    )
    record.write_text(record.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    build = site.mkdocs("build", "--strict")
    assert build.returncode == 0, build.stderr
    page = BeautifulSoup(site.html("xxgk/czj/2024-00001/index.html"), "html.parser")
    headings = [h.get_text(strip=True) for h in page.select("article h2")]
    contents = [a.get_text(strip=True) for a in page.select("nav.md-nav--secondary a")]
    assert headings == contents == [f"附件：{docs.ATTACHED_TITLE}", "附件"]
    assert page.select("article h2")[-1].find_next("a")["href"].endswith(".docx")  # the page's 附件: the files


@pytest.mark.parametrize(
    "label, title, styled, heading",
    [
        ("附件1", docs.ATTACHED_TITLE, False, f"## 附件1：{docs.ATTACHED_TITLE}"),
        ("附件", docs.ATTACHED_TITLE, True, f"## 附件：{docs.ATTACHED_TITLE}"),  # Word's Heading 1 style
        ("附件1", None, False, "## 附件1"),  # a numbered label is no second 附件
        ("附件", None, False, None),  # a bare label without a title is a paragraph
        ("附件", None, True, None),  # even in a heading style
    ],
    ids=["numbered", "heading-style", "numbered-untitled", "bare", "bare-heading-style"],
)
def test_the_label_of_an_attached_document(tmp_path, label, title, styled, heading):
    doc = _read(docs.word_attached(tmp_path / "a.docx", label=label, title=title, styled=styled))
    paragraphs = doc.body.split("\n\n")
    at = paragraphs.index(heading or label)
    assert [p for p in paragraphs if p.startswith("#")] == ([heading] if heading else [])
    assert paragraphs[at + 1] == docs.ATTACHED_TEXT  # the title is in the heading, not again under it
    assert doc.body.count(docs.ATTACHED_TITLE) == (2 if title else 1)  # and in the 附件说明


def test_an_attached_document_in_a_pdf_makes_one_heading(site, tmp_path):
    out = site.gongkai(*IMPORT, str(docs.pdf_notice(tmp_path / "n.pdf", attached=True)))
    assert out.returncode == 0, out.stderr
    _, body = front_and_body(site.root / "records/2024/czj-2024-00001.md")
    assert body.split("\n\n")[-3:] == [docs.DATE, f"## 附件：{docs.ATTACHED_TITLE}", docs.ATTACHED_TEXT + "\n"]


def test_the_published_date_is_asked_for_and_gives_the_year_of_the_number(site, tmp_path):
    source = docs.word_notice(tmp_path / "n.docx")  # agency and title recognised: only the date is asked
    out = ourcommands.run(
        [str(BIN / "gongkai"), "import", *CATEGORY, str(source)],
        cwd=site.root,
        input="2024-07-05\n",
        env=command_env(GONGKAI_AS_OF="2025-01-02"),
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("发布日期（直接回车即 2025-01-02）：已导入 ")
    assert "→ records/2024/czj-2024-00001.md（索引号 czj/2024-00001，草稿）" in out.stdout
    front, _ = front_and_body(site.root / "records/2024/czj-2024-00001.md")
    assert front["published"] == dt.date(2024, 7, 5)


# --- the layout rules, on their own ---


def test_without_layout_only_the_line_under_an_attached_label_is_its_title():
    blocks = [Block("关于报送预算执行分析表的通知"), Block("各单位："), Block("请按月报送。"), Block("测试县财政局"),
              Block("2024年6月28日"), Block("附件"), Block("预算执行分析表"), Block("项目"), Block("金额")]  # fmt: skip
    layout = officialdoc.recognise(blocks, ("通知",))
    assert layout.heading_texts == {5: "附件：预算执行分析表"} and layout.headings == {5: 2}
    assert layout.body() == [1, 2, 3, 4, 5, 7, 8]  # the table's cells stay in the body


@pytest.mark.parametrize(
    "line, number",
    [
        ("测财发〔2024〕12号", "测财发〔2024〕12号"),
        ("测财发[2024]12号", "测财发〔2024〕12号"),
        ("测财发（2024）第012号", "测财发〔2024〕12号"),
        ("测 财 发 〔 2024 〕 12 号", "测财发〔2024〕12号"),
        ("测财发〔2024〕12号          签发人：张三", "测财发〔2024〕12号"),
        ("关于2024年12号台风的通知", None),
        ("测财发〔2024〕12号文件精神", None),
    ],
)
def test_doc_numbers(line, number):
    assert officialdoc.doc_no(line) == number


@pytest.mark.parametrize(
    "line, day",
    [
        ("2024年6月28日", dt.date(2024, 6, 28)),
        ("2024 年 6 月 28 日", dt.date(2024, 6, 28)),
        ("二〇二四年六月二十八日", dt.date(2024, 6, 28)),
        ("二〇二四年十月十日", dt.date(2024, 10, 10)),
        ("二零二四年十二月三十一日", dt.date(2024, 12, 31)),
        ("2024年2月30日", None),
        ("2024年6月28日印发", None),
    ],
)
def test_dates(line, day):
    assert officialdoc.date_of(line) == day


def test_without_a_masthead_the_title_is_the_centred_first_lines():
    blocks = [
        Block("测试县人民政府办公室关于公布2024年第一批行政规范性文件清理结果的公告", "center"),
        Block("根据有关规定，现将清理结果公告如下。"),
        Block("一、继续有效的文件（12件）"),
        Block("测试县人民政府办公室", "right"),
        Block("二〇二四年三月五日", "right"),
    ]
    layout = officialdoc.recognise(blocks, ("公告",))
    assert (layout.title, layout.doc_no, layout.written) == (blocks[0].text, None, dt.date(2024, 3, 5))
    assert layout.body() == [1, 2, 3, 4] and layout.headings == {2: 2} and layout.summary == 1
    assert layout.signers == ["测试县人民政府办公室"]


def test_a_plain_text_layer_needs_a_genre_or_a_salutation_to_call_a_line_the_title():
    said = officialdoc.recognise([Block("会议纪要摘录"), Block("会议认为，要抓好落实。")], ("通知",))
    assert said.title is None and said.body() == [0, 1]
    titled = officialdoc.recognise([Block("关于开展安全检查的通知"), Block("要抓好落实。")], ("通知",))
    assert titled.title == "关于开展安全检查的通知" and titled.body() == [1]


def test_a_report_with_the_signer_beside_the_number_and_a_broken_title(tmp_path):
    from gongkai.clerk import importdoc

    doc = importdoc.read(docs.word_report(tmp_path / "r.docx"), ("报告", "通知"))
    layout = doc.layout
    assert layout.doc_no == "测财报〔2024〕3号"  # the brackets the site writes, 签发人 left out
    assert layout.title == "测试县财政局关于2024年一季度预算执行情况的报告"
    assert (layout.written, layout.signers) == (dt.date(2024, 4, 10), [docs.SIGNER])
    assert doc.body == (
        "县人民政府：\n\n现将一季度预算执行情况报告如下。\n\n"
        "| 项目 | 金额 | 说明 |\n| --- | --- | --- |\n"
        "| 一般公共预算收入 | 一般公共预算收入 | 同比增长 |\n| A\\|B 类 | 12 | x |\n\n"
        "特此报告。\n\n测试县财政局\n\n二〇二四年四月十日\n"
    )
    assert doc.summary == "现将一季度预算执行情况报告如下。" and doc.notes == []


def test_pdf_lines_are_joined_across_a_page_break_and_spaced_out_characters_closed_up():
    from gongkai.clerk.pdftext import reflow

    full = "各单位要严格执行经人民代表大会批准的年度预算，不得"
    lines = [
        " 为 加 强 预 算 执 行 管 理 ， 现 通 知 如 下 。",  # an indented paragraph, one space per character
        " 一、明确工作目标",
        " " + full,
        "无预算、超预算支出；确需调整的，按规定程序报批。财政",  # the last line of page 1
        "部门将按月通报各单位支出进度，对进度明显滞后的单位进行",  # page 2 goes on with the paragraph
        "约谈。",
        " 测试县财政局",
        " 2024年6月28日",
    ]
    assert reflow(lines) == [
        "为加强预算执行管理，现通知如下。",
        "一、明确工作目标",
        full + "无预算、超预算支出；确需调整的，按规定程序报批。财政部门将按月通报各单位支出进度，"
        "对进度明显滞后的单位进行约谈。",
        "测试县财政局",
        "2024年6月28日",
    ]


def test_the_same_file_twice_or_two_files_with_one_doc_no_are_refused(site, tmp_path):
    first = docs.word_notice(tmp_path / "a.docx")
    copy = tmp_path / "b.docx"
    copy.write_bytes(first.read_bytes())
    before = files_under(site.root)
    out = site.gongkai(*IMPORT, str(first), str(tmp_path / "." / "a.docx"), str(copy))
    assert out.returncode == 1
    assert out.stderr.splitlines()[:2] == [
        f"{tmp_path / '.' / 'a.docx'}: 不能导入：与 {first} 是同一个文件，只写一次。",
        f"{copy}: 不能导入：发文字号 {docs.DOC_NO} 与 {first} 相同，两份文件可能是同一份公文。",
    ]
    assert files_under(site.root) == before


# --- what a careful reviewer found: real documents that must not come out wrong ---


def _read(path, genres=("通知", "办法", "公告", "批复")):
    from gongkai.clerk import importdoc

    return importdoc.read(path, genres)


def test_a_forwarding_notice_keeps_its_own_title_date_and_signer(tmp_path):
    doc = _read(docs.word(tmp_path / "z.docx", [
        ("测试县城关镇人民政府关于转发《测试县人民政府办公室关于做好防汛工作的通知》的通知", "c"),
        "各村（居）委会：",
        "现将《测试县人民政府办公室关于做好防汛工作的通知》转发给你们，请认真贯彻执行。",
        ("测试县城关镇人民政府", "r"),
        ("2024年7月2日", "r"),
        ("测试县人民政府办公室文件", "c"),
        ("测政办发〔2024〕3号", "c"),
        ("测试县人民政府办公室关于做好防汛工作的通知", "c"),
        "各乡镇人民政府：",
        "为做好今年防汛工作，现通知如下。",
        ("测试县人民政府办公室", "r"),
        ("2024年6月28日", "r"),
    ]))  # fmt: skip
    layout = doc.layout
    assert layout.title.startswith("测试县城关镇人民政府关于转发")
    assert (layout.doc_no, layout.written, layout.signers) == (None, dt.date(2024, 7, 2), ["测试县城关镇人民政府"])
    assert "测政办发〔2024〕3号" in doc.body and "为做好今年防汛工作，现通知如下。" in doc.body  # what it forwards
    assert doc.summary.startswith("现将《测试县人民政府办公室")


def test_hidden_text_tracked_changes_and_comments_are_refused(site, tmp_path):
    from docx.oxml import parse_xml

    def hidden(doc):
        doc.add_paragraph("可见文字。").add_run("隐藏文字：内部参考。").font.hidden = True

    def tracked(doc):
        p = doc.add_paragraph("修改后的文字。")
        ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        p._p.append(
            parse_xml(f'<w:del {ns} w:id="1" w:author="张三"><w:r><w:delText>已删除的意见</w:delText></w:r></w:del>')
        )

    def commented(doc):
        p = doc.add_paragraph("数据见下表。")
        doc.add_comment(p.runs, text="此处数据待核实", author="李四")

    body = [(docs.TITLE, "c"), "各单位：", "正文。", (docs.SIGNER, "r"), (docs.DATE, "r")]
    for name, build, said in (("h.docx", hidden, "隐藏文字"), ("t.docx", tracked, "未接受的修订"),
                              ("c.docx", commented, "批注")):  # fmt: skip
        out = site.gongkai(*IMPORT, str(docs.word(tmp_path / name, body, build=build)))
        assert out.returncode == 1 and f"Word 文件中有{said}" in out.stderr, out.stderr
        assert "接受或拒绝所有修订、删除批注和隐藏文字" in out.stderr
    assert not (site.root / "records/2024").exists()


def test_merged_cells_keep_the_columns(tmp_path):
    def table(doc):
        t = doc.add_table(rows=4, cols=3)
        for i, row in enumerate(
            [("类别", "项目", "金额"), ("教育", "校舍", "100"), ("", "教材", "20"), ("合计", "", "120")]
        ):
            for j, value in enumerate(row):
                t.cell(i, j).text = value
        t.cell(1, 0).merge(t.cell(2, 0))  # 教育 over two rows
        t.cell(3, 0).merge(t.cell(3, 1))  # 合计 over two columns

    doc = _read(docs.word(tmp_path / "t.docx", ["见下表。"], build=table))
    rows = [line for line in doc.body.splitlines() if line.startswith("|")]
    assert rows == [
        "| 类别 | 项目 | 金额 |",
        "| --- | --- | --- |",
        "| 教育 | 校舍 | 100 |",
        "| 教育 | 教材 | 20 |",  # the merged cell repeated: 20 stays under 金额
        "| 合计 | 合计 | 120 |",
    ]


def test_a_measure_with_a_note_under_its_title_and_chapters(tmp_path):
    doc = _read(docs.word(tmp_path / "b.docx", [
        ("测试县财政资金管理办法", "c"),
        ("（2024年6月20日县人民政府第5次常务会议审议通过）", "c"),
        ("第一章 总则", "c"),
        "第一条 为加强财政资金管理，制定本办法。",
        ("测试县财政局关于开展 ISO 9001 质量认证的通知", "c"),
    ]))  # fmt: skip
    assert doc.layout.title == "测试县财政资金管理办法"
    assert doc.body.startswith("（2024年6月20日县人民政府第5次常务会议审议通过）\n\n第一章 总则\n\n第一条")
    titled = _read(docs.word(tmp_path / "i.docx", [("测试县财政局关于开展 ISO 9001 质量认证的通知", "c"), "正文。"]))
    assert titled.layout.title == "测试县财政局关于开展 ISO 9001 质量认证的通知"  # Latin words keep their spaces


def test_dates_in_the_forms_clerks_type_and_a_joint_signature(tmp_path):
    assert officialdoc.date_of("二○二四年六月二十八日") == dt.date(2024, 6, 28)  # ○ (U+25CB), the common one
    assert officialdoc.signed_date("测试县财政局\n2024年6月28日") == ("测试县财政局", dt.date(2024, 6, 28))
    assert officialdoc.signed_date("测试县财政局 2024年6月28日") == ("测试县财政局", dt.date(2024, 6, 28))
    assert officialdoc.signed_date("会议于2024年6月28日召开。") is None
    doc = _read(docs.word(tmp_path / "j.docx", [
        ("测试县财政局 测试县教育局关于下达经费的通知", "c"), "各学校：", "现将经费下达给你们。",
        ("测试县财政局", "r"), ("测试县教育局", "r"), ("2024年6月28日", "r"),
        "（此件公开发布。联系人：张三，联系电话：0000-1234567）",
    ]))  # fmt: skip
    assert doc.layout.signers == ["测试县财政局", "测试县教育局"] and doc.layout.written == dt.date(2024, 6, 28)
    assert any("联合署名" in note for note in doc.notes)


def test_an_enumerated_decision_is_not_a_heading():
    blocks = [
        Block("关于同意调整预算的批复", "center"),
        Block("城关镇人民政府："),
        Block("一、同意你乡调整2024年一般公共预算。"),
        Block("二、请严格按调整后的预算执行。"),
    ]
    assert officialdoc.recognise(blocks, ("批复",)).headings == {}


def test_the_same_document_without_a_number_or_with_other_brackets_is_refused(site, tmp_path):
    plain = docs.word(tmp_path / "p.docx", [("测试县财政局关于预算执行的通知", "c"), "各单位：", "正文。"])
    assert site.gongkai(*IMPORT, "--agency", "测试县财政局", str(plain)).returncode == 0
    again = site.gongkai(*IMPORT, "--agency", "测试县财政局", str(plain))
    assert again.returncode == 1 and "与 records/2024/files/czj-2024-00001.docx 内容完全相同" in again.stderr
    site.good("2024/old.md", index_no="czj/2024-00009", doc_no="测财发[2024]12号")  # written with []
    out = site.gongkai(*IMPORT, str(docs.word_notice(tmp_path / "n.docx")))
    assert out.returncode == 1 and f"发文字号 {docs.DOC_NO} 已在 records/2024/old.md 中" in out.stderr


def test_images_the_site_does_not_publish_are_left_out_and_said(site, tmp_path):
    import io

    from PIL import Image

    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    out = site.gongkai(*IMPORT, str(docs.word_notice(tmp_path / "g.docx", image=gif.getvalue())))
    assert out.returncode == 0, out.stderr
    assert "第 1 张图片是 GIF 格式" in out.stdout
    _, body = front_and_body(site.root / "records/2024/czj-2024-00001.md")
    assert "（此处原有第 1 张图片，待补）" in body and ".gif" not in body
    assert site.gongkai("check").returncode == 0


def test_pdf_page_furniture_is_left_out():
    from gongkai.clerk.pdftext import page_lines

    pages = [f"测试县财政局文件汇编\n正文第{n}页的内容。\n第 {n} 页 共 3 页\n" for n in (1, 2, 3)]
    pages[1] = "测试县财政局文件汇编\n正文第2页的内容。\n2/3\n"
    assert page_lines(pages) == ["正文第1页的内容。", "正文第2页的内容。", "正文第3页的内容。"]


def test_a_copy_protected_pdf_is_imported_a_locked_one_is_not(site, tmp_path):
    import io

    import pypdf

    source = docs.pdf_notice(tmp_path / "n.pdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    writer.encrypt(user_password="", owner_password="owner", permissions_flag=0, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    (tmp_path / "protected.pdf").write_bytes(out.getvalue())
    done = site.gongkai(*IMPORT, str(tmp_path / "protected.pdf"))
    assert done.returncode == 0, done.stderr
    assert "PDF 设有权限限制" in done.stdout


def test_a_publication_date_before_the_document_was_written_is_refused(site, tmp_path):
    out = site.gongkai(
        "import", *CATEGORY, "--published", "2024-06-01", "--yes", str(docs.word_notice(tmp_path / "n.docx"))
    )
    assert out.returncode == 2 and "发布日期 2024-06-01 早于文件的成文日期 2024-06-28" in out.stderr
    assert not (site.root / "records/2024").exists()


def test_a_file_without_an_extension_is_read_by_its_content(site, tmp_path):
    source = docs.word_notice(tmp_path / "notice.docx")
    bare = tmp_path / "notice"
    bare.write_bytes(source.read_bytes())
    out = site.gongkai(*IMPORT, str(bare))
    assert out.returncode == 0, out.stderr
    assert (site.root / "records/2024/files/czj-2024-00001.docx").read_bytes() == source.read_bytes()


def test_a_word_file_with_giant_text_is_refused_before_it_is_parsed(site, tmp_path):
    bomb = tmp_path / "big.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + "文" * (18 * 2**20) + "</w:document>")  # 54 MB
    assert bomb.stat().st_size < 2**20
    out = site.gongkai(*IMPORT, str(bomb))
    assert out.returncode == 1 and "正文部分过大" in out.stderr


def test_a_giant_header_or_a_table_of_huge_merged_cells_is_refused_before_it_is_read(site, tmp_path):
    """From an attacker's review: only the body's part was measured, so 300 MB in a page header
    (a 340 KB file) took 46 s and 1.6 GB to import; and 40 x 40 cells each spanning 1,000 columns
    (38 KB) wrote a 6.6 MB record."""
    plain = docs.word(tmp_path / "plain.docx", ["正文。"])
    header = tmp_path / "header.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(header, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        for n in (8, 9):  # 27 MB each: the parts together are too large, not each alone
            z.writestr(f"word/header{n}.xml", "<w:hdr>" + "页" * (9 * 2**20) + "</w:hdr>")
    assert header.stat().st_size < 2**20
    named = ["--agency", "测试县财政局", "--title", "测试县财政局关于预算的说明"]
    out = site.gongkai(*IMPORT, *named, str(header))
    assert out.returncode == 1 and "页眉" in out.stderr and "过大" in out.stderr, out.stderr

    def wide(doc):
        t = doc.add_table(rows=40, cols=40)
        for row in t.rows:
            for cell in row.cells:
                cell._tc.get_or_add_tcPr().append(_grid_span(1000))
                cell.text = "格"

    out = site.gongkai(*IMPORT, *named, str(docs.word(tmp_path / "wide.docx", ["见下表。"], build=wide)))
    assert out.returncode == 1 and "表格" in out.stderr and "过大" in out.stderr, out.stderr

    def long(doc):  # one cell of 10,000 characters over 1,000 columns: 10 million characters
        cell = doc.add_table(rows=1, cols=1).rows[0].cells[0]
        cell._tc.get_or_add_tcPr().append(_grid_span(1000))
        cell.text = "字" * 10_000

    out = site.gongkai(*IMPORT, *named, str(docs.word(tmp_path / "long.docx", ["见下表。"], build=long)))
    assert out.returncode == 1 and "表格过大" in out.stderr, out.stderr
    assert not list((site.root / "records").rglob("*.md"))


def _grid_span(n: int):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="{n}"/>')


def test_personal_data_in_an_imported_document_is_said_at_import_with_its_lines(site, tmp_path):
    """A document carrying an unmasked ID number is imported as a draft (its hits are warnings),
    and the import says so at once, at the record's lines (the body's and the attached original's),
    with the masked form: `gongkai check` would refuse the record once `draft: true` is removed."""
    from test_personal import ID

    source = docs.word(
        tmp_path / "公示.docx",
        [
            ("测试县财政局关于2024年低保对象的公示", "c"),
            "各乡镇人民政府：",
            f"经审核，张三（身份证号{ID}）符合低保条件，现予公示。",
            ("测试县财政局", "r"),
            ("2024年6月28日", "r"),
        ],
    )
    out = site.gongkai(*IMPORT, "--agency", "测试县财政局", str(source))
    assert out.returncode == 0, out.stderr
    record = site.root / "records/2024/czj-2024-00001.md"
    lines = record.read_text(encoding="utf-8").split("\n")
    body_line = next(n for n, line in enumerate(lines, 1) if "符合低保条件" in line)
    attachment_line = next(n for n, line in enumerate(lines, 1) if line.startswith("attachments:"))
    said = out.stderr
    assert "注意：records/2024/czj-2024-00001.md 带有未遮盖的个人信息" in said
    assert f"{body_line}: 警告" in said and "身份证号" in said
    assert "改法" in said and ID not in said  # the masked form only
    assert f"{attachment_line}: 警告  附件 czj-2024-00001.docx" in said
    # What the import said is what the check says of the record without draft: true, as errors.
    record.write_text(record.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    check = site.gongkai("check")
    assert check.returncode == 1 and f"{body_line}: 错误" in check.stderr
    # A document without personal data: nothing is said.
    clean = docs.word_notice(tmp_path / "通知.docx")
    out = site.gongkai(*IMPORT, str(clean))
    assert out.returncode == 0 and "个人信息" not in out.stderr, out.stderr
