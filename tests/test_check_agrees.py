"""`gongkai check` refuses what the build refuses (issue 14, class 8): what the build's last guard
would find in site/ is found in the records first, at the source file's line, by both."""

from __future__ import annotations

import pytest
import yaml

from conftest import flat

DRAFT = dict(rel="2024/draft.md", index_no="czj/2024-00009", title="尚未定稿的征地补偿方案", draft=True)
LATER = dict(rel="2024/later.md", index_no="czj/2099-00008", title="下月公布的补助标准", published="2099-01-05")
LEDGER = "- id: YSQ-2024-777\n  agency: 测试县财政局\n  received: 2024-03-01\n  applicant: 自然人\n"


def with_others(site):
    site.configure(private_keys=["handler"])
    for other in (DRAFT, LATER):
        fields = dict(other)
        site.good(fields.pop("rel"), **fields)
    ledger = site.root / "records/requests/2024.yml"
    ledger.parent.mkdir(parents=True, exist_ok=True)
    ledger.write_text(LEDGER, encoding="utf-8")


CASES = {
    "draft title in body": (
        dict(body="正文。\n\n另见尚未定稿的征地补偿方案。\n"),
        12,
        None,
        "正文写了草稿 czj/2024-00009 的标题",
    ),
    "draft number in body": (
        dict(body="正文。\n\n见 czj/2024-00009。\n"),
        12,
        None,
        "正文写了草稿 czj/2024-00009 的索引号",
    ),
    "draft number in summary": (
        dict(summary="另见czj/2024-00009"),
        2,
        "summary",
        "这里写了草稿 czj/2024-00009 的索引号",
    ),
    "draft title in keyword": (
        dict(keywords="[预算, 尚未定稿的征地补偿方案]"),
        2,
        "keywords",
        "草稿 czj/2024-00009 的标题",
    ),
    "scheduled title in title": (
        dict(title="关于下月公布的补助标准的说明"),
        2,
        "title",
        "定于 2099-01-05 发布的 czj/2099-00008 的标题",
    ),
    "scheduled number in doc_no": (
        dict(doc_no="czj/2099-00008"),
        2,
        "doc_no",
        "定于 2099-01-05 发布的 czj/2099-00008 的索引号",
    ),
    "private value in body": (
        dict(handler="经办人王小明", body="正文。\n\n联系经办人王小明。\n"),
        13,
        None,
        "2024/czj-00001.md 的内部字段 handler",
    ),
    "ledger number in body": (
        dict(body="正文。\n\n申请 YSQ-2024-777 已答复。\n"),
        12,
        None,
        "依申请公开台账 records/requests/2024.yml 第 1 行案件的 id",
    ),
    "ledger number in title": (dict(title="关于YSQ-2024-777的答复"), 2, "title", "第 1 行案件的 id"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_what_the_build_would_refuse_in_site_check_refuses_at_the_record_line(site, case):
    fields, line, key, why = CASES[case]
    with_others(site)
    path = site.good(**{k: v for k, v in fields.items()})
    lines = path.read_text(encoding="utf-8").split("\n")
    if key is not None:  # the line of the field, wherever the fixture put it
        line = next(n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:"))
    else:
        line = next(
            n
            for n, text in enumerate(lines, 1)
            if ("czj/2024-00009" in text or "王小明" in text or "YSQ-2024-777" in text or "尚未定稿" in text)
            and n > 2
            and not text.startswith("handler")
        )
    checked = site.gongkai("check")
    field = f" {key}" if key else ""
    expected = f"records/2024/czj-00001.md:{line}: 错误{field}"
    assert checked.returncode == 1 and expected in flat(checked.stderr) and why in flat(checked.stderr), checked.stderr
    assert "改法：" in flat(checked.stderr)
    built = site.mkdocs("build")
    assert built.returncode == 1 and expected in flat(built.stderr) and why in flat(built.stderr)
    assert "site/" not in built.stderr  # named at the record, not at a built file
    assert not (site.root / "site").exists()
    for hidden in ("王小明",):
        assert hidden not in checked.stderr and hidden not in built.stderr


def test_a_ledger_number_in_the_report_narrative_is_refused_at_its_line(site):
    from conftest import ROOT

    with_others(site)
    site.good()
    report = (ROOT / "records/reports/2024.md").read_text(encoding="utf-8")
    report = report.replace("## 一、总体情况\n", "## 一、总体情况\n\n申请 YSQ-2024-777 的答复情况见下。\n", 1)
    path = site.root / "records/reports/2024.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report, encoding="utf-8")
    line = report.split("\n").index("申请 YSQ-2024-777 的答复情况见下。") + 1
    checked = site.gongkai("check")
    assert checked.returncode == 1
    assert f"records/reports/2024.md:{line}: 错误 年报中写了依申请公开台账" in flat(checked.stderr)


def test_the_records_that_name_nothing_secret_pass_both(site):
    with_others(site)
    site.good(body="正文。\n\n征地补偿方案另行公布。\n")
    assert site.gongkai("check").returncode == 0
    assert site.mkdocs("build", "--strict").returncode == 0


@pytest.mark.parametrize(
    "value",
    ["{经办人: 王小明, 电话: 内线8123}", "[{经办人: 王小明}]", "{审核: {初审: 王小明}}"],
)
def test_a_private_value_written_as_a_mapping_is_as_secret_as_a_plain_one(site, value):
    site.configure(private_keys=["handler"])
    site.good(handler=value, body="正文。\n\n联系王小明。\n")
    checked = site.gongkai("check")
    assert checked.returncode == 1 and "正文写了记录 2024/czj-00001.md 的内部字段 handler 的值" in flat(checked.stderr)
    assert "王小明" not in checked.stderr


@pytest.mark.parametrize("owner", ["draft", "scheduled"])
def test_a_file_of_an_unpublished_record_linked_from_a_published_body_is_refused(site, owner):
    from conftest import make_pdf

    files = site.root / "records/2024/files"
    files.mkdir(parents=True)
    (files / "plan.pdf").write_bytes(make_pdf("draft plan"))
    extra = {"draft": True} if owner == "draft" else {"published": "2099-01-05"}
    number = "czj/2024-00009" if owner == "draft" else "czj/2099-00009"
    site.good("2024/other.md", index_no=number, attachments="[{file: files/plan.pdf, title: 方案}]", **extra)
    path = site.good(body="正文。\n\n见[方案](files/plan.pdf)。\n")
    line = path.read_text(encoding="utf-8").split("\n").index("见[方案](files/plan.pdf)。") + 1
    checked = site.gongkai("check")
    said = f"records/2024/czj-00001.md:{line}: 错误 正文链接的 files/plan.pdf 是"
    assert checked.returncode == 1 and said in flat(checked.stderr) and number in flat(checked.stderr)
    built = site.mkdocs("build")
    assert built.returncode == 1 and said in flat(built.stderr) and not (site.root / "site").exists()
    # Listed by the published record too, it is the published record's file as well.
    site.good(attachments="[{file: files/plan.pdf, title: 方案}]", body="正文。\n\n见[方案](files/plan.pdf)。\n")
    assert site.gongkai("check").returncode == 0


MOBILE = "13912345678"


def test_personal_data_in_a_doc_no_is_refused_at_its_line(site):
    path = site.good(doc_no=f"测财发〔2024〕1号（联系人电话{MOBILE}）")
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if t.startswith("doc_no:"))
    for done in (site.gongkai("check"), site.mkdocs("build")):
        said = f"records/2024/czj-00001.md:{line}: 错误 doc_no（发文字号）：有未遮盖的手机号码。"
        assert done.returncode == 1 and said in flat(done.stderr) and MOBILE not in done.stderr


def test_personal_data_in_the_taxonomy_or_a_report_is_refused_at_its_line(site):
    from conftest import ROOT

    site.good()
    taxonomy = site.root / "records/taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8") + f"  - {{name: 联系电话{MOBILE}, slug: lxdh}}\n"
    taxonomy.write_text(text, encoding="utf-8")
    tline = len(text.rstrip("\n").split("\n"))
    report = (ROOT / "records/reports/2024.md").read_text(encoding="utf-8")
    report = report.replace("## 一、总体情况\n", f"## 一、总体情况\n\n咨询电话：{MOBILE}。\n", 1)
    path = site.root / "records/reports/2024.md"
    path.parent.mkdir(parents=True)
    path.write_text(report, encoding="utf-8")
    rline = report.split("\n").index(f"咨询电话：{MOBILE}。") + 1
    for done in (site.gongkai("check"), site.mkdocs("build")):
        problems = flat(done.stderr)
        assert done.returncode == 1 and MOBILE not in done.stderr
        assert f"records/taxonomy.yml:{tline}: 错误 有未遮盖的手机号码。改法：写成 139****5678" in problems
        assert f"records/reports/2024.md:{rline}: 错误 有未遮盖的手机号码。" in problems


def test_personal_data_and_secrets_in_the_synonyms_or_short_names_are_refused_at_their_line(site):
    # Both go into the search page's data, joined (the quotes and separators dropped), where the
    # build's scan of the page did not find them: check and build passed, and the page held them.
    with_others(site)
    site.good()
    (site.root / "records/synonyms.yml").write_text(
        "- [低保, 最低生活保障]\n"
        f'- [王某电话, "{MOBILE}"]\n'
        '- [王某身份证, "110105199001011232"]\n'
        "- [方案, 尚未定稿的“征地补偿方案”]\n"
        "- [草稿号, czj/2024-00009]\n"
        "- [申请件号, YSQ-2024-777]\n",
        encoding="utf-8",
    )
    taxonomy = site.root / "records/taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8").replace(
        "code: zfb, group: 县直部门}", "code: zfb, group: 县直部门, short: [县政府办, YSQ-2024-777]}"
    )
    taxonomy.write_text(text, encoding="utf-8")
    tline = text.split("\n").index(next(t for t in text.split("\n") if "YSQ" in t)) + 1
    for done in (site.gongkai("check"), site.mkdocs("build")):
        problems = flat(done.stderr)
        assert done.returncode == 1 and MOBILE not in done.stderr, done.stderr
        assert "records/synonyms.yml:2: 错误 同义词：有未遮盖的手机号码。" in problems
        assert "records/synonyms.yml:3: 错误 同义词：有未遮盖的身份证号。" in problems
        assert "records/synonyms.yml:4: 错误 同义词表中写了草稿 czj/2024-00009 的标题，它会随网站公开。" in problems
        assert "records/synonyms.yml:5: 错误 同义词表中写了草稿 czj/2024-00009 的索引号" in problems
        assert "records/synonyms.yml:6: 错误 同义词表中写了依申请公开台账" in problems
        assert f"records/taxonomy.yml:{tline}: 错误 分类体系中写了依申请公开台账" in problems
        assert not (site.root / "site").exists()


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("另见尚未定稿的\n征地补偿方案。", "草稿 czj/2024-00009 的标题"),  # across a line break
        ("另见**尚未定稿**的征地补偿方案。", "草稿 czj/2024-00009 的标题"),  # with markup inside
        ("见 czj／2024－00009。", "草稿 czj/2024-00009 的索引号"),  # full-width forms
        ("申请 YSQ－2024－777 已答复。", "第 1 行案件的 id"),
    ],
)
def test_check_reads_secrets_as_the_builds_scan_does(site, body, why):
    """An outsider found these passing check and failing the build: check now reads as the scan does."""
    with_others(site)
    path = site.good(body=f"正文。\n\n{body}\n")
    line = path.read_text(encoding="utf-8").split("\n").index(body.split("\n")[0]) + 1
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 1 and f"czj-00001.md:{line}: 错误 正文写了" in flat(done.stderr), done.stderr
        assert why in flat(done.stderr)


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("号码 110105199[^1]001011232。\n\n[^1]: 注。", "正文有未遮盖的身份证号"),
        (f"电话 {MOBILE[:3]}<del>0</del>{MOBILE[3:]}", "正文有未遮盖的手机号码"),
        ("号码 1101051990<s>9</s>01011232", "正文有未遮盖的身份证号"),
        ("见 czj/2024-0000[^1]9。\n\n[^1]: 注。", "正文写了草稿 czj/2024-00009 的索引号"),
    ],
)
def test_a_mark_a_reader_reads_past_inside_a_number_hides_nothing(site, body, said):
    # A footnote's mark or a struck digit inside the number: check and build passed, and the page
    # showed the number with a small ¹ or a struck digit in it.
    with_others(site)
    path = site.good(body=f"正文。\n\n{body}\n")
    line = path.read_text(encoding="utf-8").split("\n").index(body.split("\n")[0]) + 1
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 1 and f"czj-00001.md:{line}: 错误 {said}" in flat(done.stderr), done.stderr


def test_a_number_split_by_a_blank_line_is_refused_by_check_as_by_the_build(site):
    path = site.good(body=f"正文。\n\n联系电话 {MOBILE[:3]} {MOBILE[3:7]}\n\n{MOBILE[7:]}\n")
    line = path.read_text(encoding="utf-8").split("\n").index(f"联系电话 {MOBILE[:3]} {MOBILE[3:7]}") + 1
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 1 and MOBILE not in done.stderr
        assert f"czj-00001.md:{line}: 错误 正文有未遮盖的手机号码" in flat(done.stderr), done.stderr


def test_a_hand_written_page_is_read_by_check_as_by_the_build(site):
    """The webmaster's pages under docs/ are published as written: check reads them too, at their line."""
    with_others(site)
    site.good()
    page = site.root / "docs" / "contact.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text(f"# 联系我们\n\n值班手机 {MOBILE}。\n\n另见尚未定稿的征地补偿方案。\n", encoding="utf-8")
    for done in (site.gongkai("check"), site.mkdocs("build")):
        problems = flat(done.stderr)
        assert done.returncode == 1 and MOBILE not in done.stderr, done.stderr
        assert "docs/contact.md:3: 错误 有未遮盖的手机号码。改法：写成 139****5678" in problems
        assert "docs/contact.md:5: 错误 页面中写了草稿 czj/2024-00009 的标题" in problems
    page.write_text("# 联系我们\n\n值班电话 0571-88888888。\n", encoding="utf-8")
    assert site.gongkai("check").returncode == 0


def test_a_script_in_a_hand_written_page_is_refused_by_check_as_by_the_build(site):
    # The hook passed it and the build stopped on it, naming the built page alone.
    site.good()
    page = site.root / "docs" / "guide.md"
    shown = "示例：`<script>x()</script>`\n\n```html\n<script>shown()</script>\n```\n\n    <script>code()</script>\n\n"
    text = f"# 指南\n\n{shown}<script>\nalert(1)\n</script>\n"
    page.write_text(text, encoding="utf-8")
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 1 and "alert(1)" in done.stderr, done.stderr
    said = flat(site.gongkai("check").stderr)
    assert "docs/guide.md:11: 错误 页面中有一段脚本（alert(1)）：网站的安全策略不让页面里写的脚本运行" in said
    assert "shown()" not in said and "x()" not in said and "code()" not in said  # code shown as text runs nothing
    page.write_text(text.replace("<script>\nalert(1)\n</script>\n", '<script src="../js/a.js"></script>\n'))
    assert site.gongkai("check").returncode == 0


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("icp", MOBILE, "extra.footer.icp：ICP备案号有未遮盖的手机号码（139****5678）"),
        ("police", "京公网安备<b>11010202008000</b>号", "extra.footer.police：公安机关备案号含有 HTML 标记"),
        (
            "conac_link",
            "javascript:alert(1)",
            "extra.footer.conac_link：党政机关网站标识的链接“javascript:alert(1)”不是网址",
        ),
    ],
)
def test_the_footer_is_checked_by_check_as_by_the_build(site, key, value, said):
    """An outsider's footer values passed check and failed the build (named at site/index.html)."""
    site.good()
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + f"extra:\n  footer:\n    {key}: '{value}'\n", encoding="utf-8"
    )
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 1 and said in flat(done.stderr), done.stderr[-1500:]
        assert MOBILE not in done.stderr


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        # Printed by the theme as written, on every page: a refresh sent every reader elsewhere.
        (
            "copyright",
            '示例<meta http-equiv="refresh" content="0;url=https://evil.example/">站点',
            "copyright：版权信息含有 HTML 标记“<meta http-e”",
        ),
        ("site_description", '某县"><b>描述</b>', "site_description：网站简介含有 HTML 标记“<b>”"),
        # A quote alone closes the <meta>'s content: what follows is the tag's next attribute.
        ("site_description", '0;url=https://e.example/" http-equiv="x', "site_description：网站简介含有英文双引号"),
        ("site_name", '某县"信息"公开', "site_name：网站名称含有英文双引号"),
        ("copyright", f"联系人手机 {MOBILE}", "copyright：版权信息有未遮盖的手机号码（139****5678）"),
    ],
)
def test_the_sites_own_texts_are_plain_text_to_check_as_to_the_build(site, key, value, said):
    site.good()
    config = site.root / "mkdocs.yml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith(key + ":")]
    config.write_text("\n".join(lines) + f"\n{key}: '{value}'\n", encoding="utf-8")
    line = len(lines) + 1
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 1 and f"mkdocs.yml:{line}: 错误 {said}" in flat(done.stderr), done.stderr[-1500:]
        assert MOBILE not in done.stderr
    assert not (site.root / "site").exists()


def test_a_character_reference_in_the_copyright_is_refused_with_the_character_to_write(site):
    # Material's documentation writes `Copyright &copy;`: the theme shows ©, but the page tags, the
    # feeds and catalog.json would show &copy;. The fix gives the character.
    site.good()
    config = site.root / "mkdocs.yml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("copyright:")]
    config.write_text("\n".join(lines) + "\ncopyright: 'Copyright &copy; 2024 某县'\n", encoding="utf-8")
    for done in (site.gongkai("check"), site.mkdocs("build")):
        problems = flat(done.stderr)
        assert done.returncode == 1 and "copyright：版权信息含有字符引用“&copy;”" in problems, done.stderr
        assert "改法：直接写出字符：把 &copy; 写成 ©。" in problems
    # Written as the README warns against, at the value's start: a YAML anchor, which MkDocs
    # reports in English without a line. The check says it in Chinese, at its line.
    config.write_text("\n".join(lines) + "\ncopyright: &copy; 2024 某县\n", encoding="utf-8")
    line = len(lines) + 1
    checked = site.gongkai("check")
    assert checked.returncode == 1, checked.stderr
    assert f"mkdocs.yml:{line}: 错误 YAML 格式错误：以 & 开头的值被当成了 YAML 的锚点" in flat(checked.stderr)
    assert 'copyright: "&……"' in flat(checked.stderr) and "MkDocs encountered" not in checked.stderr
    from gongkai.text import yamlio

    items = "nav:\n  - &首页\n"
    with pytest.raises(yaml.YAMLError) as raised:
        yaml.safe_load(items)
    assert yamlio.explain(raised.value, items)[2].endswith('如 - "&……"')  # a list's item has no key
    # In a file mkdocs.yml INHERITs: said at that file's line.
    config.write_text("INHERIT: base.yml\n" + "\n".join(lines) + "\n", encoding="utf-8")
    (site.root / "base.yml").write_text("site_author: 某县\ncopyright: &copy; 2024 某县\n", encoding="utf-8")
    assert "base.yml:2: 错误 YAML 格式错误：以 & 开头的值" in flat(site.gongkai("check").stderr)
    # And with --config naming the site's folder from its parent.
    import ourcommands
    from conftest import BIN

    elsewhere = ourcommands.run([str(BIN / "gongkai"), "check", "--config", f"{site.root.name}/mkdocs.yml"],
                                cwd=site.root.parent)  # fmt: skip
    assert "base.yml:2: 错误 YAML 格式错误：以 & 开头的值" in flat(elsewhere.stderr), elsewhere.stderr


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("site_code: '12345'", "警告 extra.footer.site_code：网站标识码“12345”不像全国政府网站的标识码"),
        # Passed without a word: an ICP number without its register's shape, a phone with no number.
        ("icp: 浙ICP12345678", "警告 extra.footer.icp：ICP备案号“浙ICP12345678”不像工信部的备案号"),
        ("icp: ICP备", "警告 extra.footer.icp：ICP备案号“ICP备”不像工信部的备案号"),
        ("phone: abc", "警告 extra.footer.phone：联系电话“abc”里不到 5 位数字，不像电话号码。"),
        ("phone: '1234'", "警告 extra.footer.phone：联系电话“1234”里不到 5 位数字"),
    ],
)
def test_a_footer_warning_is_said_by_check_as_by_the_build(site, line, said):
    # `mkdocs build --strict` stops on it: the check, the clerk's hook, says it too.
    site.good()
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"extra:\n  footer:\n    {line}\n", encoding="utf-8")
    checked = site.gongkai("check")
    assert checked.returncode == 0 and said in flat(checked.stderr), checked.stderr
    built = site.mkdocs("build", "--strict")
    assert built.returncode == 1 and said in built.stderr, built.stderr


def test_a_logo_or_favicon_the_site_lacks_is_refused_by_check_and_the_build(site):
    # Check and build passed it, and every page showed a broken image.
    site.good()
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  font: false\n", "  font: false\n  logo: images/missing-logo.png\n"), "utf-8")
    line = config.read_text(encoding="utf-8").split("\n").index("  logo: images/missing-logo.png") + 1
    said = f"mkdocs.yml:{line}: 错误 theme.logo：找不到网站标志（logo） images/missing-logo.png：每个页面都显示它"
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 1 and said in flat(done.stderr), done.stderr
    (site.root / "docs/images").mkdir()
    (site.root / "docs/images/missing-logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    text = config.read_text(encoding="utf-8").replace(
        "  font: false\n", "  font: false\n  favicon: https://cdn.example.com/f.ico\n"
    )
    config.write_text(text, "utf-8")
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert (
            done.returncode == 1
            and "theme.favicon：找不到网站图标（favicon） https://cdn.example.com/f.ico" in flat(done.stderr)
        )
        assert "theme.logo" not in done.stderr
    # From the host's root: broken for a site below a folder (/xxgk/), as every page writes it.
    config.write_text(text.replace("https://cdn.example.com/f.ico", "/images/missing-logo.png"), "utf-8")
    for done in (site.gongkai("check"), site.mkdocs("build")):
        said = flat(done.stderr)
        assert done.returncode == 1 and "网站图标（favicon）的路径 /images/missing-logo.png 以 / 开头" in said
        assert "写 docs 下的相对路径，不要开头的 /：favicon: images/missing-logo.png" in said
    material = text.replace("https://cdn.example.com/f.ico", "assets/images/favicon.png")  # Material's own
    config.write_text(material, "utf-8")
    assert site.gongkai("check").returncode == 0 and site.mkdocs("build").returncode == 0


def test_links_to_the_sites_own_addresses_lead_somewhere_in_check_as_in_the_build(site):
    # An address copied from the browser into a record, and a hand-written page's links: no file
    # check read them, and the site went out with links that do not open.
    site.good()
    site.good(
        "2024/czj-00002.md",
        index_no="czj/2024-00002",
        title="测试县财政局第二份说明",
        body="见[第一份](/xxgk/czj/2024-00001/)、[财政局](/xxgk/agency/czj/)和[旧文](/xxgk/czj/2023-00009/)。\n",
    )
    page = site.root / "docs" / "contact.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text(
        "# 联系我们\n\n[首页](index.md)、[目录](../xxgk/)、[第一份](/xxgk/czj/2024-00001/)。\n\n"
        "[没有的页](nothere.md)，[目录](xxgk/)。\n",
        encoding="utf-8",
    )
    for done in (site.gongkai("check"), site.mkdocs("build")):
        problems = flat(done.stderr)
        assert done.returncode == 1, done.stderr
        assert "records/2024/czj-00002.md:" in problems
        assert "链接 /xxgk/czj/2023-00009/ 指向的页面或文件本站没有" in problems
        assert "docs/contact.md:5: 错误 链接 nothere.md 指向的文件（docs/nothere.md）本站没有" in problems
        assert "链接 xxgk/（即网站的 /contact/xxgk/）指向的页面或文件本站没有" in problems
        assert problems.count("本站没有") == 3, problems
    assert not (site.root / "site").exists()


def test_a_draft_or_a_note_in_the_sites_own_words_is_no_secret_in_check_or_the_build(site):
    # A draft titled as its category and a ledger note copied from table 三's reasons passed check,
    # and the build found them in every page's menu and in the 年报's tables.
    site.good()
    site.good("2024/draft.md", index_no="czj/2024-00009", title="财政预算", draft=True)
    ledger = site.root / "records/requests/2024.yml"
    ledger.parent.mkdir(parents=True, exist_ok=True)
    ledger.write_text(LEDGER + "  note: 属于四类过程性信息\n", encoding="utf-8")
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 0, done.stderr
    assert "财政预算" in site.html("xxgk/category/czxx/ys/index.html")
    # Read as the scan reads it: spaces and quotes aside; the labels every page shows are the site's too.
    for title in ("财政 预算", "当前位置", "我为政府网站找错"):
        site.good("2024/draft.md", index_no="czj/2024-00009", title=title, draft=True)
        for done in (site.gongkai("check"), site.mkdocs("build")):
            assert done.returncode == 0, (title, done.stderr)
    # A draft's own title is still its secret.
    site.good("2024/draft.md", index_no="czj/2024-00009", title="尚未定稿的财政预算调整方案", draft=True)
    site.good("2024/czj-00002.md", index_no="czj/2024-00002", body="另见尚未定稿的财政预算调整方案。\n")
    assert site.gongkai("check").returncode == 1


def test_a_reports_links_are_read_from_its_page_in_check_as_in_the_build(site):
    # The build published them broken with a warning (an error only with --strict); check said nothing.
    site.good()
    report = site.root / "records" / "reports" / "2024.md"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(
        "---\ntitle: 测试县人民政府2024年政府信息公开工作年度报告\nfees_wan: 0\npermits: 0\npenalties: 0\n"
        "enforcements: 0\n---\n\n## 一、总体情况\n\n详见[上年说明](../2023/czj-00001.md)、[统计](/xxgk/tongjii/)"
        "和[第一份](/xxgk/czj/2024-00001/)。\n\n## 五、存在的主要问题及改进情况\n\n乙。\n\n"
        "## 六、其他需要报告的事项\n\n丙。\n",
        encoding="utf-8",
    )
    for done in (site.gongkai("check"), site.mkdocs("build")):
        problems = flat(done.stderr)
        assert done.returncode == 1, done.stderr
        assert (
            "records/reports/2024.md:11: 错误 链接 ../2023/czj-00001.md 指向的文件（xxgk/nianbao/2023/czj-00001.md）"
            "本站没有" in problems
        ), problems
        assert "records/reports/2024.md:11: 错误 链接 /xxgk/tongjii/ 指向的页面或文件本站没有" in problems
        assert "改法：年报中链接本站的页面或记录，照网站上该页地址栏的路径写成以 / 开头的地址" in problems
        assert problems.count("本站没有") == 2, problems
    assert not (site.root / "site").exists()


def test_a_link_with_a_control_character_is_refused_without_a_traceback(site):
    site.good(body="见[附件](files/a%00.pdf)和[记录](../2024/czj%00.md)。\n")
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert "正文中的链接 files/a%00.pdf 含有控制字符（如 %00），不是文件路径。" in done.stderr


def test_links_a_real_site_has_pass_and_what_a_browser_would_not_open_is_refused(site):
    # Read as MkDocs reads them: from the source file's folder where they name a file of the site
    # (an image, a generated file), else from the page's address; a browser stops at the root.
    site.good()
    docs = site.root / "docs"
    (docs / "about").mkdir(parents=True, exist_ok=True)
    (docs / "images").mkdir(exist_ok=True)
    (docs / "images" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (docs / "about" / "team.md").write_text(
        "# 团队\n\n![图](../images/logo.png) [目录表格](../data/catalog.csv) [格式](/data/record.schema.json)"
        " [样式](/gongkai/gongkai.css) `[写法](/nope/)` [首页](../index.md) [目录](../xxgk/index.md)"
        " [地图](/sitemap.xml)\n\n[坏](../../xxgk/nosuch/)\n\n[坏二](../nosuch.md)\n\n"
        "[坏三](../index/index.md) [坏四](../sitemap.xml)\n",
        encoding="utf-8",
    )
    # A record scheduled for later is read too, with the addresses it will find on its day.
    site.good(
        "2030/czj-00001.md", index_no="czj/2030-00001", published="2030-01-06", body="见[没有的页](/xxgk/nosuch/)。\n"
    )
    for done in (site.gongkai("check"), site.mkdocs("build")):
        problems = flat(done.stderr)
        assert done.returncode == 1, done.stderr
        assert "docs/about/team.md:5: 错误 链接 ../../xxgk/nosuch/（即网站的 /xxgk/nosuch/）" in problems
        assert "docs/about/team.md:7: 错误 链接 ../nosuch.md 指向的文件（docs/nosuch.md）本站没有" in problems
        assert "records/2030/czj-00001.md:" in problems and "链接 /xxgk/nosuch/ 指向" in problems
        # A .md names a file, not an address (about.md is not about/index.md); so does a name with
        # an extension (sitemap.xml beside a page is not the site's): MkDocs finds neither.
        assert "docs/about/team.md:9: 错误 链接 ../index/index.md 指向的文件（docs/index/index.md）" in problems
        assert "docs/about/team.md:9: 错误 链接 ../sitemap.xml 指向的文件（docs/sitemap.xml）" in problems
        assert problems.count("本站没有") == 5, problems


def test_a_document_number_on_two_records_of_one_agency_is_warned_about_by_check(site):
    # `gongkai import` refuses the same document twice; a record written by hand was not told.
    site.good(doc_no="测财发〔2024〕5号")
    second = {"index_no": "czj/2024-00002", "title": "测试县财政局第二份说明", "doc_no": "测财发〔2024〕5号"}
    site.good("2024/czj-00002.md", **second)
    # Two 解读 of it (a text and a 图解) may carry its number; so may another agency's copy of a
    # joint document (联合发文).
    for n in (3, 4):
        site.good(
            f"2024/czj-0000{n}.md",
            index_no=f"czj/2024-0000{n}",
            title=f"测试县财政局关于说明的解读{n}",
            doc_no="测财发〔2024〕5号",
            interprets="czj/2024-00001",
        )
    joint = {"index_no": "zfb/2024-00001", "agency": "测试县人民政府办公室", "doc_no": "测财发〔2024〕5号"}
    site.good("2024/zfb-00001.md", **joint)
    said = "doc_no（发文字号）：发文字号 测财发〔2024〕5号 与 records/2024/czj-00001.md（czj/2024-00001）相同"
    checked = site.gongkai("check")
    assert checked.returncode == 0 and said in flat(checked.stderr), checked.stderr
    assert "records/2024/czj-00002.md:" in flat(checked.stderr) and flat(checked.stderr).count("发文字号 测财发") == 1
    # The check only: right as it may be, the build would repeat it on every run (and --strict stop).
    built = site.mkdocs("build", "--strict")
    assert built.returncode == 0 and "发文字号 测财发" not in built.stderr


def test_a_document_under_its_types_category_without_doc_type_is_warned_about_by_check(site):
    # Table 二 and inspect's 解读 check count a 行政规范性文件 by its doc_type: one filed under the
    # category of that name without it was left out of both, and nothing said so.
    site.good(category="政策文件/行政规范性文件", doc_no="测财规〔2024〕1号")
    typed = {"index_no": "czj/2024-00002", "title": "测试县财政局第二份规范性文件", "doc_type": "行政规范性文件"}
    site.good("2024/czj-00002.md", category="政策文件/行政规范性文件", **typed)
    said = "category（公开目录分类）：栏目是“政策文件/行政规范性文件”，但没写 doc_type（文件类型）"
    checked = site.gongkai("check")
    problems = flat(checked.stderr)
    assert checked.returncode == 0 and said in problems and problems.count("但没写 doc_type") == 1, checked.stderr
    assert "这一篇是行政规范性文件本身的，加一行 doc_type: 行政规范性文件" in problems
    text = (site.root / "records/2024/czj-00001.md").read_text(encoding="utf-8")
    line = text.split("\n").index("category: 政策文件/行政规范性文件") + 1
    assert f"records/2024/czj-00001.md:{line}: 警告" in problems
    built = site.mkdocs("build", "--strict")  # the check's only, as the repeated 发文字号
    assert built.returncode == 0 and "doc_type" not in built.stderr
    # Under a child of such a category too (new leaves doc_type to the clerk there: a 清理结果).
    taxonomy = site.root / "records/taxonomy.yml"
    taxonomy.write_text(
        taxonomy.read_text(encoding="utf-8")
        + "  - name: 行政规范性文件\n    slug: xzgf\n    children:\n      - {name: 县政府文件, slug: xzf}\n",
        "utf-8",
    )
    site.good("2024/czj-00003.md", index_no="czj/2024-00003", category="行政规范性文件/县政府文件")
    assert "栏目是“行政规范性文件/县政府文件”，但没写 doc_type" in flat(site.gongkai("check").stderr)
    (site.root / "records/2024/czj-00003.md").unlink()
    # Not where the site declares the type not applicable: writing doc_type would be refused then.
    taxonomy = site.root / "records/taxonomy.yml"
    taxonomy.write_text("not_applicable:\n  行政规范性文件: 不制发\n" + taxonomy.read_text(encoding="utf-8"), "utf-8")
    (site.root / "records/2024/czj-00002.md").unlink()
    checked = site.gongkai("check")
    assert checked.returncode == 0 and "但没写 doc_type" not in checked.stderr, checked.stderr


@pytest.mark.parametrize(
    ("config", "good", "bad", "example"),
    [
        # Served below /gk/: a browser at /gk/ reads ../xxgk/ as /xxgk/, outside the site.
        (
            "site_url: https://x.example/gk/\n",
            "[目录](xxgk/) [记录](/gk/xxgk/czj/2024-00001/)",
            "[出界](../xxgk/)",
            "/gk/xxgk/tongji/",
        ),
        # The address a clerk copies without the site's folder: the fix's example has it.
        ("site_url: https://x.example/gk/\n", "[目录](/gk/xxgk/)", "[年报](/xxgk/nianbao/)", "/gk/xxgk/tongji/"),
        # Without directory URLs a page is a .html file, and a folder's page its index.html.
        (
            "use_directory_urls: false\n",
            "[记录](/xxgk/czj/2024-00001.html) [目录](xxgk/index.md) [目录二](/xxgk/)",
            "[无](/xxgk/czj/2024-00001/)",
            "/xxgk/tongji/index.html",
        ),
    ],
)
def test_site_links_follow_the_sites_addressing(site, config, good, bad, example):
    site.good()
    path = site.root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("site_url:")) + "\n" + config,
        encoding="utf-8",
    )
    (site.root / "docs" / "index.md").write_text(f"# 首页\n\n{good}\n\n{bad}\n", encoding="utf-8")
    for done in (site.gongkai("check"), site.mkdocs("build")):
        problems = flat(done.stderr)
        assert done.returncode == 1 and "docs/index.md:5: 错误 链接" in problems, done.stderr
        assert problems.count("docs/index.md:") == 1, problems
        assert f"（如 {example}）" in problems, problems
    (site.root / "docs" / "index.md").write_text(f"# 首页\n\n{good}\n", encoding="utf-8")
    assert site.gongkai("check").returncode == 0
    assert site.mkdocs("build").returncode == 0


def test_the_hook_and_the_editor_refuse_a_link_to_an_address_the_site_lacks(site):
    # check --changed (the pre-commit hook) and the editor read the changed records only: they
    # passed what the whole check and the build refuse.
    import os
    import subprocess

    site.good()
    who = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run(["git", *command], cwd=site.root, check=True, env={**os.environ, **who})
    site.good(
        "2024/czj-00002.md",
        index_no="czj/2024-00002",
        title="测试县财政局第二份说明",
        body="见[第一份](/xxgk/czj/2024-00001/)、[附件](/xxgk/czj/2024-00001/a.pdf)和[没有的页](/xxgk/nosuch/)。\n",
    )
    done = site.gongkai("check", "--changed")
    problems = flat(done.stderr)
    assert done.returncode == 1 and "链接 /xxgk/nosuch/ 指向的页面或文件本站没有" in problems, done.stderr
    # A record's files are taken on trust here (the whole check knows them): one problem.
    assert "无法与" not in done.stderr and problems.count("本站没有") == 1, problems
