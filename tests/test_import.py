"""`gongkai import`: official documents (Word files made with python-docx, PDFs made with reportlab,
in the GB/T 9704 layout) become draft records that pass the check; the original is kept as an
attachment; files that are not documents, are encrypted or must not be published are refused with
nothing written; nothing is ever overwritten."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
import yaml
from bs4 import BeautifulSoup

import officialdocs as docs
from gongkai import officialdoc
from gongkai.officialdoc import Block

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


def test_a_scanned_pdf_is_kept_and_the_clerk_told_to_write_the_text(site, tmp_path):
    source = docs.pdf_notice(tmp_path / "scan.pdf", text=False)
    refused = site.gongkai(*IMPORT, str(source))
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[:2] == [
        f"{source}: 没有认出发布机构，请用 --agency 写明。{AGENCIES}",
        f"{source}: 没有认出标题，请用 --title 写明。",
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
    ("locked.pdf", lambda p: docs.pdf_notice(p, encrypt=True), "这个 PDF 已加密"),
    ("archive.docx", _zip, "不是 Word 文档"),
    ("empty.docx", lambda p: p.write_bytes(b""), "文件是空的"),
    ("notes.txt", lambda p: p.write_text("通知", encoding="utf-8"), "只能导入 Word 文档（.docx）或 PDF 文件"),
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
        (("000123", "秘密★1年", "特急"), "（此件公开发布）", "文件标有密级“秘密★1年”：涉密文件不得公开发布"),
        (("000123",), "（此件不予公开）", "文件的附注写明“（此件不予公开）”"),
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


def test_nothing_is_overwritten_and_a_refused_import_leaves_nothing_behind(site, tmp_path):
    site.good("2024/old.md")  # czj/2024-00001 is taken: the import gets 00002
    stale = site.root / "records/2024/files/czj-2024-00002.docx"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"a file a deleted record left behind")
    before = files_under(site.root)
    out = site.gongkai(*IMPORT, str(docs.word_notice(tmp_path / "n.docx")))
    assert out.returncode == 1
    assert f"{tmp_path / 'n.docx'}: 没有导入：records/2024/files/czj-2024-00002.docx 已经存在" in out.stderr
    assert "不会覆盖" in out.stderr
    assert files_under(site.root) == before  # the reserved record file removed again
    stale.unlink()
    assert site.gongkai(*IMPORT, str(tmp_path / "n.docx")).returncode == 0
    assert site.good("2024/old.md").read_text(encoding="utf-8").count("czj/2024-00001") == 1


def test_an_agency_not_recognised_is_asked_for_with_the_choices(site, tmp_path):
    source = docs.word_notice(tmp_path / "n.docx", signer="测试县某某中心", masthead="测试县某某中心文件")
    out = site.gongkai(*IMPORT, str(source))
    assert out.returncode == 2
    assert f"{source}: 没有认出发布机构，请用 --agency 写明。{AGENCIES}" in out.stderr
    assert not (site.root / "records/2024").exists()
    asked = site.gongkai(
        "import", "--published", "2024-07-01", str(source), input="测试县城关镇人民政府\n财政信息/财政决算\n"
    )
    assert asked.returncode == 0, asked.stderr
    front, _ = front_and_body(site.root / "records/2024/cgz-2024-00001.md")
    assert (front["agency"], front["category"]) == ("测试县城关镇人民政府", "财政信息/财政决算")


# --- the layout rules, on their own ---


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
    assert layout.signer == "测试县人民政府办公室"


def test_a_plain_text_layer_needs_a_genre_or_a_salutation_to_call_a_line_the_title():
    said = officialdoc.recognise([Block("会议纪要摘录"), Block("会议认为，要抓好落实。")], ("通知",))
    assert said.title is None and said.body() == [0, 1]
    titled = officialdoc.recognise([Block("关于开展安全检查的通知"), Block("要抓好落实。")], ("通知",))
    assert titled.title == "关于开展安全检查的通知" and titled.body() == [1]


def test_a_report_with_the_signer_beside_the_number_and_a_broken_title(tmp_path):
    from gongkai import importdoc

    doc = importdoc.read(docs.word_report(tmp_path / "r.docx"), ("报告", "通知"))
    layout = doc.layout
    assert layout.doc_no == "测财报〔2024〕3号"  # the brackets the site writes, 签发人 left out
    assert layout.title == "测试县财政局关于2024年一季度预算执行情况的报告"
    assert (layout.written, layout.signer) == (dt.date(2024, 4, 10), docs.SIGNER)
    assert doc.body == (
        "县人民政府：\n\n现将一季度预算执行情况报告如下。\n\n"
        "| 项目 | 金额 | 说明 |\n| --- | --- | --- |\n| 一般公共预算收入 | | 同比增长 |\n| A\\|B 类 | 12 | x |\n\n"
        "特此报告。\n\n测试县财政局\n\n二〇二四年四月十日\n"
    )
    assert doc.summary == "现将一季度预算执行情况报告如下。" and doc.notes == []


def test_pdf_lines_are_joined_across_a_page_break_and_spaced_out_characters_closed_up():
    from gongkai.importdoc import reflow

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
