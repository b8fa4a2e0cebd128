"""The personal-data guard through `gongkai check`, `gongkai mask` and the real `mkdocs build`."""

from __future__ import annotations

import hashlib
import json

import pytest

from conftest import flat, make_pdf, problem_lines


def id_number(first17: str) -> str:
    """A 身份证号 with its GB 11643 check character (computed here, independently of gongkai)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


ID = id_number("11010519900307123")
ID2 = id_number("35020319851201456")
MOBILE = "13912345678"
CARD = "6222021234567890128"  # Luhn-valid


def digest(site) -> dict[str, str]:
    out = site.root / "site"
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()
    }


def test_every_place_a_record_publishes_is_checked_and_the_data_never_printed(site):
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    (files / "list.pdf").write_bytes(make_pdf(f"Zhang San {ID}", f"Li Si {ID2}"))
    site.good(
        title=f"关于联系人{MOBILE}的公告",
        summary=f"退款至卡号{CARD}",
        attachments=[{"file": "files/list.pdf", "title": "名单"}],
        body=f"第一段。\n\n低保对象：张三，身份证号{ID}，电话 {MOBILE}。\n",
    )
    result = site.gongkai("check")
    assert result.returncode == 1
    err = flat(result.stderr)
    assert "records/2024/czj-00001.md:2: 错误 title（标题）：有未遮盖的手机号码。" in err
    assert "写成 139****5678" in err
    assert "summary（内容概述）：有未遮盖的银行卡号。" in err
    assert "records/2024/czj-00001.md:13: 错误 正文有未遮盖的身份证号。" in err and "11*************" in err
    assert "records/2024/czj-00001.md:13: 错误 正文有未遮盖的手机号码。" in err
    assert "gongkai mask records/2024/czj-00001.md" in err
    assert "附件 list.pdf 第 1 页有未遮盖的身份证号（2 处" in err and "在原文件中去标识化" in err
    for secret in (ID, ID2, MOBILE, CARD):
        assert secret not in result.stderr


def test_an_exemption_lets_its_kinds_through_and_is_listed(site):
    site.good(
        pii_exempt={"reason": "惩戒公示", "kinds": "[身份证号]"},
        body=f"失信被执行人：张三，身份证号{ID}。联系电话{MOBILE}。\n",
    )
    result = site.gongkai("check")
    assert result.returncode == 1 and "正文有未遮盖的手机号码" in result.stderr
    assert "身份证号" not in result.stderr.split("正文有未遮盖的手机号码")[0].split("错误")[-1]
    site.good(pii_exempt={"reason": "惩戒公示", "kinds": "[身份证号]"}, body=f"失信被执行人：张三，身份证号{ID}。\n")
    result = site.gongkai("check")
    assert result.returncode == 0, result.stderr
    assert "records/2024/czj-00001.md: 个人信息豁免（惩戒公示）：身份证号 1 处" in result.stdout


def test_an_exemption_never_covers_what_leaves_the_records_page(site):
    # The title went to every list, the home page and catalog.csv: check passed, the build refused.
    site.good(
        title=f"关于失信被执行人{ID}的惩戒公示",
        doc_no=f"测执〔2024〕{ID}号",
        summary=f"身份证号{ID}。",
        pii_exempt={"reason": "惩戒公示", "kinds": "[身份证号]"},
        body=f"失信被执行人：张三，身份证号{ID}。\n",
    )
    for done in (site.gongkai("check"), site.mkdocs("build")):
        said = flat(done.stderr)
        assert done.returncode == 1, done.stderr
        assert "records/2024/czj-00001.md:2: 错误 title（标题）：有未遮盖的身份证号。" in said, said
        assert "records/2024/czj-00001.md:7: 错误 doc_no（发文字号）：有未遮盖的身份证号。" in said
        assert "个人信息豁免（pii_exempt）只适用于本页的正文、内容概述和附件内容" in said
        assert "summary" not in said  # the page's own (feeds mask it)
        assert ID not in done.stderr


def test_exemption_needs_a_reason_from_the_fixed_list(site):
    site.good(pii_exempt={"reason": "领导同意", "kinds": "[身份证号]"}, body=f"身份证号{ID}。\n")
    result = site.gongkai("check")
    assert result.returncode == 1
    assert "豁免理由“领导同意”不在允许的范围内。" in result.stderr and "惩戒公示 或 强制性信息披露" in result.stderr


def test_mask_rewrites_the_record_and_leaves_attachments_alone(site):
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    pdf = make_pdf(f"Zhang San {ID}")
    (files / "list.pdf").write_bytes(pdf)
    path = site.good(
        attachments=[{"file": "files/list.pdf", "title": "名单"}],
        body=f"第一段。\n\n张三，身份证号{ID}，电话{MOBILE}。\n",
    )
    result = site.gongkai("mask", "records/2024/czj-00001.md")
    assert result.returncode == 1  # the attachment still needs redacting at its source
    assert "records/2024/czj-00001.md:12: 已遮盖身份证号，改为 11*************" in result.stdout
    assert "records/2024/czj-00001.md:12: 已遮盖手机号码，改为 139****5678" in result.stdout
    assert "附件 files/list.pdf 有 1 处个人信息，本命令不修改附件" in result.stderr
    text = path.read_text(encoding="utf-8")
    assert ID not in text and MOBILE not in text and "139****5678" in text
    assert (files / "list.pdf").read_bytes() == pdf
    (files / "list.pdf").write_bytes(make_pdf("Zhang San (redacted)"))
    assert site.gongkai("check").returncode == 0
    again = site.gongkai("mask", "records/2024/czj-00001.md")
    assert again.returncode == 0 and "没有需要遮盖的个人信息" in again.stdout


def test_a_drafts_personal_data_is_a_warning_until_it_is_published(site):
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    (files / "list.pdf").write_bytes(make_pdf(f"Zhang San {ID2}"))
    site.good()
    path = site.good(
        "2024/czj-00002.md",
        index_no="czj/2024-00002",
        title=f"关于联系人{MOBILE}的公告",
        attachments=[{"file": "files/list.pdf", "title": "名单"}],
        draft=True,
        body=f"第一段。\n\n低保对象：张三，身份证号{ID}。\n",
    )
    result = site.gongkai("check")
    assert result.returncode == 0, result.stderr
    assert "OK, 2 records（检查通过：1 条将发布，1 条草稿不发布）" in result.stdout
    err = flat(result.stderr)
    due = "改法：草稿（draft: true）暂不发布，发布前须遮盖："
    assert f"records/2024/czj-00002.md:2: 警告 title（标题）：有未遮盖的手机号码。{due}写成 139****5678；" in err
    assert f"records/2024/czj-00002.md:13: 警告 正文有未遮盖的身份证号。{due}写成 11*************" in err
    assert "或运行 gongkai mask records/2024/czj-00002.md 自动遮盖" in err
    assert "警告 附件 list.pdf 第 1 页有未遮盖的身份证号（1 处，如 35*************" in err
    assert "错误" not in err
    for out in (result.stdout, result.stderr):
        assert ID not in out and ID2 not in out and MOBILE not in out

    as_json = site.gongkai("check", "--format", "json")
    assert as_json.returncode == 0
    data = json.loads(as_json.stdout)
    assert data["ok"] is True
    found = [p for p in data["problems"] if "未遮盖" in p["message"]]
    assert [(p["file"], p["line"], p["severity"]) for p in found] == [
        ("records/2024/czj-00002.md", 2, "warning"),
        ("records/2024/czj-00002.md", 7, "warning"),
        ("records/2024/czj-00002.md", 13, "warning"),
    ]
    assert all(p["fix"].startswith("草稿（draft: true）暂不发布，发布前须遮盖：") for p in found)
    assert ID not in as_json.stdout and MOBILE not in as_json.stdout

    # The build publishes no draft: its personal data neither stops it nor warns (--strict passes).
    built = site.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    assert "未遮盖" not in built.stderr

    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    result = site.gongkai("check")
    assert result.returncode == 1
    err = flat(result.stderr)
    assert "records/2024/czj-00002.md:2: 错误 title（标题）：有未遮盖的手机号码。改法：写成 139****5678；" in err
    assert "records/2024/czj-00002.md:12: 错误 正文有未遮盖的身份证号。" in err
    assert "警告" not in err and "草稿" not in err
    assert ID not in result.stderr and MOBILE not in result.stderr


def test_a_record_scheduled_for_a_later_day_is_checked_as_published(site):
    # It goes live on its day by itself: nobody removes a draft mark first, so its data is an error now.
    site.good(published="2024-12-30")
    result = site.gongkai("check", "--as-of", "2024-06-01")
    assert result.returncode == 0 and "定时发布：2024-12-30 czj/2024-00001" in result.stdout
    site.good(published="2024-12-30", body=f"联系人手机{MOBILE}。\n")
    result = site.gongkai("check", "--as-of", "2024-06-01")
    assert result.returncode == 1
    assert "records/2024/czj-00001.md:8: 错误 正文有未遮盖的手机号码。改法：写成 139****5678" in flat(result.stderr)
    assert MOBILE not in result.stderr


EXEMPT_BODY = f"第一段。\n\n失信被执行人：张三，身份证号{ID}，联系电话{MOBILE}。\n"


def test_mask_masks_what_check_refuses_on_the_same_day(site):
    """`gongkai mask` judges by the day `gongkai check` does (GONGKAI_AS_OF, else today in Beijing):
    a number born after that day is no 身份证号 yet for either; from its birth date on, check refuses
    it and mask masks it, whatever the machine's clock says."""
    number = id_number("110105" + "20261101" + "123")  # born before any day these tests run on
    path = site.good(body=f"第一段。\n\n编号{number}。\n")
    before = path.read_text(encoding="utf-8")

    def gongkai(day: str, *args: str):
        return site.gongkai(*args, env={"GONGKAI_AS_OF": day})

    assert gongkai("2026-10-01", "check").returncode == 0
    masked = gongkai("2026-10-01", "mask", "records/2024/czj-00001.md")
    assert masked.returncode == 0 and "没有需要遮盖的个人信息" in masked.stdout, masked.stdout + masked.stderr
    assert path.read_text(encoding="utf-8") == before
    assert gongkai("2026-11-01", "check").returncode == 1
    masked = gongkai("2026-11-01", "mask", "records/2024/czj-00001.md")
    assert "已遮盖身份证号" in masked.stdout, masked.stdout + masked.stderr
    assert number not in path.read_text(encoding="utf-8")
    assert gongkai("2026-11-01", "check").returncode == 0


@pytest.mark.parametrize("kinds", ["身份证号", "[身份证号]", "\n    - 身份证号"])
def test_mask_keeps_what_the_exemption_lets_through_however_kinds_is_written(site, kinds):
    path = site.good(pii_exempt={"reason": "惩戒公示", "kinds": kinds}, body=EXEMPT_BODY)
    line = path.read_text(encoding="utf-8").splitlines().index(EXEMPT_BODY.splitlines()[-1]) + 1
    assert site.gongkai("check").returncode == 1  # the mobile is not exempt
    result = site.gongkai("mask", "records/2024/czj-00001.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"records/2024/czj-00001.md:{line}: 已遮盖手机号码，改为 139****5678"]
    text = path.read_text(encoding="utf-8")
    assert f"身份证号{ID}，联系电话139****5678。" in text
    check = site.gongkai("check")
    assert check.returncode == 0, check.stderr
    assert "records/2024/czj-00001.md: 个人信息豁免（惩戒公示）：身份证号 1 处" in check.stdout


@pytest.mark.parametrize(
    ("exempt", "message"),
    [
        ({"reason": "领导同意", "kinds": "[身份证号]"}, "豁免理由“领导同意”不在允许的范围内。"),
        ({"kinds": "[身份证号]"}, "个人信息豁免缺少 reason（理由）。"),
        ({"reason": "惩戒公示", "kinds": "身份证"}, "豁免类别 ['身份证'] 不对。"),
        ({"reason": "惩戒公示", "kinds": "[[身份证号]]"}, "豁免类别 [['身份证号']] 不对。"),
        ({"reason": "惩戒公示", "kinds": "[身份证号]", "until": "2025-01-01"}, "个人信息豁免有未知项 until。"),
    ],
)
def test_mask_refuses_a_file_whose_exemption_check_refuses(site, exempt, message):
    path = site.good(pii_exempt=exempt, body=EXEMPT_BODY)
    before = path.read_text(encoding="utf-8")
    assert message in site.gongkai("check").stderr
    result = site.gongkai("mask", "records/2024/czj-00001.md")
    assert result.returncode == 1
    assert path.read_text(encoding="utf-8") == before  # nothing masked: neither the ID nor the mobile
    assert f"records/2024/czj-00001.md:7: 错误 pii_exempt（个人信息豁免）：{message}" in result.stderr
    assert "records/2024/czj-00001.md: 个人信息豁免（pii_exempt）不成立，文件未修改。" in result.stderr
    assert "删去 pii_exempt 后重新运行 gongkai mask records/2024/czj-00001.md（全部遮盖）" in result.stderr
    assert result.stdout == ""
    assert ID not in result.stderr and MOBILE not in result.stderr
    # Without the exemption everything is masked.
    path.write_text(before.replace(before[before.index("pii_exempt:") : before.index("---\n", 4)], ""), "utf-8")
    again = site.gongkai("mask", "records/2024/czj-00001.md")
    assert again.returncode == 0, again.stderr
    text = path.read_text(encoding="utf-8")
    assert ID not in text and MOBILE not in text and "身份证号11*************" in text


def test_personal_data_fails_the_build_and_the_previous_site_stays(site):
    site.good()
    result = site.mkdocs("build")
    assert result.returncode == 0, result.stderr
    before = digest(site)
    site.good("2024/b.md", index_no="czj/2024-00002", body=f"联系人手机{MOBILE}。\n")
    result = site.mkdocs("build")
    assert result.returncode == 1 and "正文有未遮盖的手机号码" in result.stderr and MOBILE not in result.stderr
    assert digest(site) == before


SEARCH_YML = """\
site_name: 测试县政府信息公开
site_url: https://xxgk.example.gov.cn/
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
  - gongkai
"""


def test_leak_scan_reads_pages_and_search_index_and_honours_exemptions(site):
    (site.root / "mkdocs.yml").write_text(SEARCH_YML, encoding="utf-8")
    site.good(pii_exempt={"reason": "惩戒公示", "kinds": "[身份证号]"}, body=f"失信被执行人：张三，身份证号{ID}。\n")
    result = site.mkdocs("build")
    assert result.returncode == 0, result.stderr  # the exempt page and its search entry may show it
    assert ID in (site.root / "site" / "xxgk" / "czj" / "2024-00001" / "index.html").read_text(encoding="utf-8")
    before = digest(site)
    # A hand-written page is not a record: nothing exempts it (read at its line, as check does).
    (site.root / "docs" / "contact.md").write_text(f"# 联系\n\n值班手机 {MOBILE}，张三 {ID}。\n", encoding="utf-8")
    result = site.mkdocs("build")
    assert result.returncode == 1
    err = flat(result.stderr)
    assert (
        "docs/contact.md:3: 错误 有未遮盖的手机号码。" in err and "docs/contact.md:3: 错误 有未遮盖的身份证号。" in err
    )
    assert MOBILE not in err and ID not in err
    assert digest(site) == before
    # What check cannot read, a theme template, only the output scan sees: named at the built files.
    (site.root / "docs" / "contact.md").unlink()
    overrides = site.root / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}值班手机 ' + MOBILE + "{% endblock %}\n", encoding="utf-8"
    )
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
        encoding="utf-8",
    )
    result = site.mkdocs("build")
    assert result.returncode == 1, result.stderr
    assert "site/xxgk/index.html:" in result.stderr and "未遮盖的手机号码" in result.stderr
    assert MOBILE not in result.stderr
    assert digest(site) == before


def test_a_renamed_program_as_attachment_fails_the_build_and_the_previous_site_stays(site):
    site.good()
    assert site.mkdocs("build").returncode == 0
    before = digest(site)
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    (files / "通知.pdf").write_bytes(b"MZ\x90\x00\x03\x00\x00\x00 a Windows program")
    site.good("2024/b.md", index_no="czj/2024-00002", attachments=[{"file": "files/通知.pdf", "title": "通知"}])
    result = site.mkdocs("build")
    assert result.returncode == 1
    assert "附件 files/通知.pdf 的扩展名是 .pdf，但内容不是这种文件（看起来是 Windows 程序）。" in result.stderr
    assert digest(site) == before


def test_personal_data_is_said_in_the_same_run_as_a_records_other_mistakes(site):
    """A stranger fixed a wrong category, ran check again, and only then learnt of the phone
    number in the title and body: every error of a file is said at once, in check and the build."""
    site.good(title="测试县财政局关于13912345678的通知", category="财政信息/预算", body="电话13912345678\n")
    site.good("2024/b.md", index_no="czj/2024-00002", published="2024-9-1", draft=True, body="电话13912345678\n")
    for said in (site.gongkai("check").stderr, site.mkdocs("build").stderr):
        lines = problem_lines(said)
        assert any(
            line.startswith("records/2024/czj-00001.md:2: 错误 title（标题）：有未遮盖的手机号码。") for line in lines
        )
        assert any("czj-00001.md:5: 错误 category（公开目录分类）" in line for line in lines), lines
        assert any(line.startswith("records/2024/czj-00001.md:8: 错误 正文有未遮盖的手机号码。") for line in lines)
        # A draft's hits are warnings when it is read; with other errors it waits for them.
        assert [line for line in lines if "b.md" in line and "手机号码" in line] == [], lines
