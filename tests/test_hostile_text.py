"""Hostile text outside record bodies (issue 14, class 1): markup, character references, line
breaks and invisible characters in titles, names, keywords, 发文字号 and report titles.

Each attack is written as a careless clerk or an attacker would type it; the expected outcome is
either refused by `gongkai check` and the build alike, at the source file's line, or accepted and
shown as the text it is.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, chromium, flat, needs_chromium, served
from gongkai import cli
from gongkai.guards import csp

ATTACKS = {
    "script": ("年度报告<script>document.title='X'</script>", "含有 HTML 标记“<script>”"),
    "img-onerror": ("通知<img src=x onerror=alert(1)>", "含有 HTML 标记“<img src=x onerror=alert(1)>”"),
    "meta-refresh": ('通知<meta http-equiv="refresh" content="0;url=https://evil.example/">', "含有 HTML 标记“<meta"),
    "close-title": ("通知</title><script>alert(1)</script>", "含有 HTML 标记“</title>”"),
    "svg-onload": ("通知<svg/onload=alert(1)>", "含有 HTML 标记“<svg/onload=alert(1)>”"),
    "comment": ("通知<!-- x -->", "含有 HTML 标记“<!-- x -->”"),
    "processing": ("通知<?php echo 1; ?>", "含有 HTML 标记“<?php echo 1; ?>”"),
    "spaced-tag": ("通知< script>alert(1)</script>", "含有 HTML 标记“</script>”"),  # no tag, its end is
    "upper-tag": ("通知<SCRIPT>alert(1)</SCRIPT>", "含有 HTML 标记“<SCRIPT>”"),
    "entity-lt": ("通知&lt;script&gt;alert(1)&lt;/script&gt;", "含有字符引用“&lt;”"),
    "entity-num": ("通知&#60;script&#62;", "含有字符引用“&#60;”"),
    "entity-hex": ("通知&#x3c;b&#x3e;", "含有字符引用“&#x3c;”"),
    "entity-nosemi": ("通知&#60script", "含有字符引用“&#60”"),
    "zero-width": ("关于2025年\u200b预算的通知", "含有看不见的字符 U+200B（零宽空格）"),
    "zwj": ("关于2025年\u200d预算的通知", "含有看不见的字符 U+200D（零宽连字）"),
    "soft-hyphen": ("关于2025年\u00ad预算的通知", "含有看不见的字符 U+00AD（软连字符）"),
    "bom": ("关于\ufeff预算的通知", "看不见的特殊字符 U+FEFF"),  # refused by the YAML reader already
    "rlo": ("关于\u202e知通的算预", "含有看不见的字符 U+202E（从右到左覆盖符）"),
    "word-joiner": ("关于\u2060预算的通知", "含有看不见的字符 U+2060"),
    "bell": ("关于\x07预算的通知", "看不见的特殊字符 U+0007"),  # refused by the YAML reader already
    "noncharacter": ("关于\ufdd1预算的通知", "含有看不见的字符 U+FDD1（非字符，不代表任何文字）"),
    "noncharacter-fffe": ("关于\ufffe预算的通知", "看不见的特殊字符 U+FFFE（非字符，不代表任何文字）"),  # YAML's
}
#: Text fields of a record: the key, and how the attack is written into the front matter.
RECORD_FIELDS = {
    "title": lambda v: {"title": v},
    "doc_no": lambda v: {"doc_no": v},
    "summary": lambda v: {"summary": v},
}


def yaml_text(value: str) -> str:
    """`value` as a YAML double-quoted scalar (escapes keep control characters writable)."""
    return yaml.safe_dump(value, allow_unicode=False, default_style='"', width=10_000).strip().removesuffix("\n...")


def check(site, capsys) -> tuple[int, str]:
    """`gongkai check` of the site, in this process: (exit status, what it printed on stderr)."""
    old = Path.cwd()
    os.chdir(site.root)
    try:
        status = cli.main(["check"])
    finally:
        os.chdir(old)
    return status, capsys.readouterr().err


def record_with(site, key: str, value: str) -> Path:
    path = site.good()
    text = path.read_text(encoding="utf-8")
    line = f"{key}: {yaml_text(value)}\n"
    if re.search(rf"(?m)^{key}:", text):
        text = re.sub(rf"(?m)^{key}:.*\n", lambda m: line, text, count=1)
    else:
        text = text.replace("---\n", "---\n" + line, 1)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:"))


@pytest.mark.parametrize("key", sorted(RECORD_FIELDS))
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_record_field_with_markup_or_invisible_characters_is_refused_at_its_line(site, capsys, key, attack):
    value, said = ATTACKS[attack]
    path = record_with(site, key, value)
    status, err = check(site, capsys)
    problems = flat(err)
    where = f"records/2024/czj-00001.md:{line_of(path, key)}: 错误 {key}"
    assert status == 1 and where in problems and said in problems, problems


@pytest.mark.parametrize("attack", ["script", "close-title", "entity-lt", "zero-width", "rlo"])
def test_a_keyword_or_an_attachment_title_with_markup_is_refused(site, capsys, attack):
    value, said = ATTACKS[attack]
    path = site.good(keywords=f"[预算, {yaml_text(value)}]")
    status, err = check(site, capsys)
    assert status == 1 and f"czj-00001.md:{line_of(path, 'keywords')}: 错误 keywords" in flat(err)
    assert said in flat(err)
    site.good(keywords=None)
    (site.root / "records/2024/files").mkdir(parents=True, exist_ok=True)
    from conftest import make_pdf

    (site.root / "records/2024/files/a.pdf").write_bytes(make_pdf("budget"))
    site.good(attachments=f"[{{file: files/a.pdf, title: {yaml_text(value)}}}]")
    status, err = check(site, capsys)
    assert status == 1 and "错误 attachments" in flat(err) and f"第 1 个附件的 title {said}" in flat(err)


def test_a_tab_in_a_title_is_refused(site, capsys):
    path = record_with(site, "title", "关于2025年\t预算的通知")
    status, err = check(site, capsys)
    assert status == 1 and f"czj-00001.md:{line_of(path, 'title')}: 错误 title（标题）：含有制表符（Tab）" in flat(err)


def test_a_line_break_in_a_title_is_refused_but_a_summary_may_have_several_lines(site, capsys):
    path = record_with(site, "title", "关于2025年\n预算的通知")
    status, err = check(site, capsys)
    assert status == 1 and f"czj-00001.md:{line_of(path, 'title')}: 错误 title（标题）：含有换行" in flat(err)
    site.good(summary='"第一句。\\n第二句。"')
    assert check(site, capsys)[0] == 0


TAXONOMY_FIELDS = {
    "agency name": ("{name: 测试县财政局, code: czj", "{name: {v}, code: czj"),
    "agency group": ("code: czj, group: 县直部门}", "code: czj, group: {v}}"),
    "category name": ("  - {name: 政府采购, slug: zfcg}", "  - {name: {v}, slug: zfcg}"),
    "sub-category name": ("{name: 财政预算, slug: ys}", "{name: {v}, slug: ys}"),
}


@pytest.mark.parametrize("where", sorted(TAXONOMY_FIELDS))
@pytest.mark.parametrize("attack", ["script", "meta-refresh", "img-onerror", "entity-num", "soft-hyphen"])
def test_a_taxonomy_name_with_markup_is_refused_by_check_and_build_alike(site, capsys, where, attack):
    value, said = ATTACKS[attack]
    site.good()
    taxonomy = site.root / "records/taxonomy.yml"
    old, new = TAXONOMY_FIELDS[where]
    text = taxonomy.read_text(encoding="utf-8")
    assert old in text
    taxonomy.write_text(text.replace(old, new.replace("{v}", yaml_text(value)), 1), encoding="utf-8")
    status, err = check(site, capsys)
    assert status == 1 and "records/taxonomy.yml:" in flat(err) and said in flat(err), flat(err)
    if attack == "script":  # the build says the same, and publishes nothing
        built = site.mkdocs("build")
        assert built.returncode != 0 and said in built.stderr and "Traceback" not in built.stderr
        assert not (site.root / "site").exists()


def report_with_title(site, title: str) -> Path:
    src = (ROOT / "records/reports/2024.md").read_text(encoding="utf-8")
    src = re.sub(r"(?m)^title:.*$", lambda m: f"title: {yaml_text(title)}", src, count=1)
    path = site.root / "records/reports/2024.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(src, encoding="utf-8")
    return path


@pytest.mark.parametrize("attack", ["script", "meta-refresh", "close-title", "entity-lt", "zero-width", "rlo"])
def test_a_report_title_with_markup_is_refused_at_its_line(site, capsys, attack):
    value, said = ATTACKS[attack]
    site.good()
    report_with_title(site, "测试县2024年政府信息公开工作年度报告" + value)
    status, err = check(site, capsys)
    assert status == 1 and "records/reports/2024.md:2: 错误 title（标题）" in flat(err) and said in flat(err)


HARMLESS = [
    "PM2.5浓度<35微克的天数",  # a less-than sign that opens no tag
    "当 x < y 时",
    "研发（R&D）投入情况",  # an ampersand that is no reference
    "关于“A>B”情形的说明",
    "**重要**通知",  # Markdown is not read outside bodies: shown as typed
    '=HYPERLINK("x")的说明',
    "《关于印发〈预算管理办法〉的通知》",
]


def test_text_that_only_looks_like_markup_is_shown_as_typed_everywhere(site, capsys):
    for n, title in enumerate(HARMLESS, 1):
        site.good(f"2024/czj-{n:05d}.md", title=yaml_text(title), index_no=f"czj/2024-{n:05d}")
    taxonomy = site.root / "records/taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8").replace("{name: 政府采购,", "{name: 采购<与>招标 & 中标,", 1)
    taxonomy.write_text(text, encoding="utf-8")
    assert check(site, capsys)[0] == 0
    built = site.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    from bs4 import BeautifulSoup

    for n, title in enumerate(HARMLESS, 1):
        page = BeautifulSoup(site.html(f"xxgk/czj/2024-{n:05d}/index.html"), "html.parser")
        assert page.title.get_text().startswith(title), page.title
        assert page.h1.get_text(strip=True) == title
    home = BeautifulSoup(site.html("index.html"), "html.parser")
    nav = [a.get_text(" ", strip=True) for a in home.select("nav.md-nav--primary a, .md-tabs a")]
    assert "采购<与>招标 & 中标" in nav
    assert not home.find("与")  # no element named from the text


def test_markdown_in_the_taxonomys_names_is_shown_as_typed_on_every_page(site, capsys):
    # Names are plain text; two places put them in a page's Markdown unescaped: the line under a
    # list's title on phones (a link over the whole screen) and the 年报's first sentence.
    from bs4 import BeautifulSoup

    from test_annual import write_year

    write_year(site)
    link = "[详情](https://evil.example/){: style=position:fixed;inset:0 onclick=alert(1) }"
    names = {"agency": f"测试县{link}局", "group": f"县直{link}部门", "government": f"测试县人民政府{link}"}
    taxonomy = site.root / "records/taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8").replace("group: 县直部门}", f"group: {yaml_text(names['group'])}}}")
    text = f"government: {yaml_text(names['government'])}\n" + text.replace(
        "agencies:\n", f"agencies:\n  - {{name: {yaml_text(names['agency'])}, code: yyj, group: 乡镇}}\n", 1
    )
    taxonomy.write_text(text, encoding="utf-8")
    site.good("yyj.md", index_no="yyj/2024-00001", agency=yaml_text(names["agency"]), title="测试县某局的通知")
    assert check(site, capsys)[0] == 0
    built = site.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    shown = ""
    for page in sorted((site.root / "site").rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.select('a[href*="evil.example"], [onclick], [style*="fixed"]') == [], page
        shown += soup.get_text(" ") + "\n"
    for name in names.values():
        assert name in shown, name
    sentence = BeautifulSoup(site.html("xxgk/nianbao/2024/index.html"), "html.parser").get_text("")
    assert f"2024年，{names['government']}共主动公开政府信息" in sentence
    listed = BeautifulSoup(site.html("xxgk/year/2024/index.html"), "html.parser")
    subs = [x.get_text() for x in listed.select(".gk-list__sub")]
    assert any(text.endswith(f" · {names['agency']} · yyj/2024-00001") for text in subs), subs


# -- The page policy: only the theme's inline scripts run --------------------------------------------


def test_the_policy_allows_the_themes_scripts_at_any_depth_and_nothing_else():
    from mkdocs.theme import Theme

    known = csp.KnownScripts(Theme(name="material").dirs)
    theme_script = next(s for s in known._patterns if "__md_scope" in s.pattern)
    for base in (".", "..", "../..", "../../../.."):
        page = (ROOT / "site/index.html").read_text(encoding="utf-8") if (ROOT / "site/index.html").exists() else ""
        code = re.search(r"<script>(__md_scope=new URL\(\"[^\"]*\".*?)</script>", page, re.S)
        if code:
            assert code.group(1).replace('URL(".",', f'URL("{base}",', 1) in known
    assert theme_script
    for injected in (
        "document.title='X'",
        "alert(1)",
        '__md_scope=new URL("."),alert(1),("",location)',
        "",
    ):
        assert injected not in known
    html = "<html><head><meta charset=utf-8></head><body><script>alert(1)</script></body></html>"
    out, refused = csp.with_policy(html, known)
    assert refused == ["alert(1)"] and "'sha256-" not in out and "script-src 'self' 'wasm-unsafe-eval';" in out


def test_a_hand_written_page_with_an_inline_script_is_not_published(site):
    site.good()
    (site.root / "docs/guide.md").write_text("# 指南\n\n<script>document.title='X'</script>\n", encoding="utf-8")
    built = site.mkdocs("build")
    # Refused at its source's line before anything is built (as `gongkai check` refuses it); the
    # policy of the built pages stays the last guard (below).
    assert built.returncode != 0 and "docs/guide.md\n  3: 错误  页面中有一段脚本（document.title='X'）" in built.stderr
    assert "extra_javascript" in built.stderr
    assert not (site.root / "site").exists()


@needs_chromium
def test_a_script_slipped_into_any_kind_of_page_does_not_run_in_chromium(tmp_path, sample_site):
    """Built pages of every kind get an inline script added after the build (as if it had got past
    every guard): Chromium refuses each, while the theme's own scripts run."""
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)  # a copy: the shared build is read only
    kinds = {
        "home": "index.html",
        "catalogue": "xxgk/index.html",
        "category": next(p for p in sorted((site / "xxgk/category").rglob("index.html"))),
        "agency": next(p for p in sorted((site / "xxgk/agency").rglob("index.html"))),
        "year": next(p for p in sorted((site / "xxgk/year").rglob("index.html"))),
        "record": next(p for p in sorted(site.glob("xxgk/*/20*/index.html"))),
        "search": "xxgk/sousuo/index.html",
        "statistics": "xxgk/tongji/index.html",
        "report": next(p for p in sorted((site / "xxgk/nianbao").rglob("index.html")) if p.parent.name.isdigit()),
        "site map": "xxgk/wzdt/index.html",
        "data": "data/index.html",
        "404": "404.html",
    }
    urls = {}
    for kind, rel in kinds.items():
        path = site / rel if isinstance(rel, str) else rel
        html = path.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html, kind
        path.write_text(html.replace("</body>", "<script>document.title='PWNED'</script></body>"), encoding="utf-8")
        urls[kind] = path.relative_to(site).as_posix()
    with served(site) as base, chromium() as browser:
        for kind, rel in urls.items():
            page = browser.new_page()
            refused = []
            page.on("console", lambda m, r=refused: r.append(m.text) if "Content Security Policy" in m.text else 0)
            page.goto(base + rel)
            page.wait_for_load_state("load")
            assert page.title() != "PWNED", kind
            assert page.evaluate("typeof __md_get") == "function", kind  # the theme's own script ran
            assert any("inline script" in text for text in refused), (kind, refused)
            page.close()


HOSTILE_BODIES = [
    "<script>document.title='PWNED'</script>",
    '<img src="https://evil.example/x.png" onerror="document.title=\'PWNED\'">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<iframe src="https://evil.example/"></iframe>',
    "<a href=\"javascript:document.title='PWNED'\">点我</a>",
    '<form action="https://evil.example/"><input name=q></form>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<svg><script>document.title="PWNED"</script></svg>',
    '<object data="https://evil.example/x.swf"></object>',
    "<style>body{background:url(https://evil.example/x.png)}</style>",
]


@needs_chromium
def test_accepted_text_and_sanitised_bodies_run_nothing_and_go_nowhere_in_chromium(site):
    """What the loader accepts (markup-looking titles, hostile bodies it cleans) in a real browser:
    no script runs, the page stays where it is, nothing is asked of another host."""
    for n, title in enumerate(HARMLESS, 1):
        body = "正文。\n\n" + HOSTILE_BODIES[n % len(HOSTILE_BODIES)] + "\n\n" + HOSTILE_BODIES[n - 1] + "\n"
        site.good(f"2024/czj-{n:05d}.md", title=yaml_text(title), index_no=f"czj/2024-{n:05d}", body=body)
    built = site.mkdocs("build")
    assert built.returncode == 0, built.stderr
    with served(site.root / "site") as base, chromium() as browser:
        for rel in ["", "xxgk/", *(f"xxgk/czj/2024-{n:05d}/" for n in range(1, len(HARMLESS) + 1))]:
            page = browser.new_page()
            outside, errors = [], []
            page.on("request", lambda r, o=outside: o.append(r.url) if not r.url.startswith(base) else 0)
            page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else 0)
            page.goto(base + rel)
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)  # a refresh of 0 s would have left by now
            assert page.url == base + rel and page.title() != "PWNED", rel
            assert outside == [] and errors == [], (rel, outside, errors)
            page.close()


@pytest.mark.parametrize(
    "body",
    [
        "![图](https://evil.example/x.png)",
        "![图](//evil.example/x.png)",
        '<img src="https://evil.example/x.png" alt="图">',
        "<img src='HTTP://evil.example/x.png' alt='图'>",
        '<img alt="图" src=" https://evil.example/x.png">',
    ],
)
def test_an_image_from_another_host_is_said_and_not_loaded(site, capsys, body):
    from gongkai.text import sanitize

    path = site.good(body=f"正文。\n\n{body}\n")
    status, err = check(site, capsys)
    line = path.read_text(encoding="utf-8").split("\n").index(body) + 1
    assert status == 0 and f"czj-00001.md:{line}: 警告 正文中的图片" in flat(err) and "来自其他网站" in flat(err)
    import markdown

    html = sanitize.clean(markdown.markdown(body))
    assert "evil.example" not in html and 'alt="图"' in html


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("预算<script>.pdf", "含有 HTML 标记“<script>”"),
        ("预算&lt;b&gt;.pdf", "含有字符引用“&lt;”"),
        ("预算\u200b表.pdf", "含有看不见的字符 U+200B"),
        ("预算\u202efdp.exe", "含有看不见的字符 U+202E"),  # shown as 预算exe.pdf
    ],
)
def test_a_file_name_that_is_not_plain_text_is_refused(site, capsys, name, said):
    from conftest import make_pdf

    files = site.root / "records/2024/files"
    files.mkdir(parents=True)
    (files / name).write_bytes(make_pdf("budget"))
    path = site.good(attachments=f"[{{file: {yaml_text('files/' + name)}, title: 预算表}}]")
    status, err = check(site, capsys)
    line = line_of(path, "attachments")
    assert status == 1 and f"czj-00001.md:{line}: 错误 attachments" in flat(err) and "的文件名" + said in flat(err)


@pytest.mark.parametrize(
    "body",
    [
        '<p id="__config">{"base": "https://evil.example/", "search": "https://evil.example/w.js"}</p>',
        "## 设置 {: #__config }",
        "<div id=' __drawer'>x</div>",
    ],
)
def test_a_body_cannot_stand_in_for_the_themes_own_elements(site, capsys, body):
    """Material reads its settings from #__config: a body's element of that id, earlier in the page,
    would be read instead (an outsider made the page ask another host for files)."""
    path = site.good(body=f"正文。\n\n{body}\n")
    status, err = check(site, capsys)
    line = path.read_text(encoding="utf-8").split("\n").index(body) + 1
    assert status == 0 and f"czj-00001.md:{line}: 警告 " in flat(err) and "id（以 __ 开头）会被删除" in flat(err)
    assert site.mkdocs("build").returncode == 0
    page = site.html("xxgk/czj/2024-00001/index.html")
    assert len(re.findall(r'id="__config"', page)) == 1 and '<script id="__config"' in page
    assert 'id="__drawer"' not in page.split('class="md-content"', 1)[1]


@pytest.mark.parametrize(
    "body",
    [
        "[点我][x]\n\n[x]: javascript:alert(1)",
        "[点我](&#106;avascript:alert(1))",
        "[点我](jav&#x61;script:alert(1))",
        '<a href="&#106;avascript:alert(1)">点我</a>',
    ],
)
def test_a_script_link_in_disguise_is_said_and_removed(site, capsys, body):
    site.good(body=f"正文。\n\n{body}\n")
    status, err = check(site, capsys)
    assert status == 0 and "javascript: 链接会被删除" in flat(err), flat(err)
    assert site.mkdocs("build", "--strict").returncode == 1  # --strict: the warning stops the build
    assert site.mkdocs("build").returncode == 0
    page = site.html("xxgk/czj/2024-00001/index.html").lower()
    assert "javascript:" not in page and "&#106;avascript" not in page and "jav&#x61;script" not in page


def test_a_list_nested_past_any_document_is_refused_by_check_as_by_the_build(site):
    """An outsider's body of 1,500 nested list levels: check passed in a second, the build never ended."""
    body = "正文。\n\n" + "".join("  " * i + "- 项\n" for i in range(1500))
    path = site.good(body=body)
    line = path.read_text(encoding="utf-8").split("\n").index("  " * 61 + "- 项") + 1
    for done in (site.gongkai("check", timeout=120), site.mkdocs("build", timeout=120)):
        assert done.returncode == 1
        assert f"czj-00001.md:{line}: 错误 正文这一行的列表缩进了 122 格" in flat(done.stderr), done.stderr[-1500:]
    site.good(body="正文。\n\n" + "".join("    " * i + "- 项\n" for i in range(8)))  # eight levels are fine
    assert site.gongkai("check").returncode == 0


def test_lists_or_quotations_nested_on_one_line_are_refused_by_check_as_by_the_build(site):
    """`- - - … 项` nests 1,200 lists on one line: check passed, the build ended in a traceback."""
    path = site.good(body="正文。\n\n" + "- " * 1200 + "项\n")
    line = path.read_text(encoding="utf-8").split("\n").index("- " * 1200 + "项") + 1
    said = f"czj-00001.md:{line}: 错误 正文这一行开头连着 1200 个列表或引用符号（- * + 1. >），嵌套太深"
    for done in (site.gongkai("check", timeout=120), site.mkdocs("build", timeout=120)):
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert said in flat(done.stderr), done.stderr[-1500:]
    site.good(body="正文。\n\n" + "> " * 40 + "话\n")
    assert "开头连着 40 个列表或引用符号" in flat(site.gongkai("check").stderr)
    # A few levels, and a thematic break of any length, are fine.
    site.good(body="正文。\n\n- > 1. 项\n\n" + "- " * 40 + "\n\n" + "> " * 8 + "话\n")
    assert site.gongkai("check").returncode == 0
    assert site.mkdocs("build", "--strict").returncode == 0
    # In a code block nothing is parsed: a quoted e-mail's 40 > are its text.
    site.good(body="正文。\n\n```\n" + "> " * 40 + "原信\n```\n")
    assert site.gongkai("check").returncode == 0


@pytest.mark.parametrize(
    "body, said",
    [
        # Python-Markdown reads each <div markdown="1"> within the last: 340 levels end in a RecursionError.
        (
            '<div markdown="1">' * 340 + "x" + "</div>" * 340,
            "正文到这一行有 31 层带 markdown 属性的 HTML 标记层层套在一起",
        ),
        # The standard library's HTML parser fails on a <![ it does not know (Python 3.11: AssertionError).
        ("<div>见<![附件一]</div>", "正文中的“<![附件一]”以 <![ 开头，会被当作 HTML 标记读，网站无法生成"),
        ("文字<b>加粗</b>和<![注]。", "正文中的“<![注]。”以 <![ 开头"),
    ],
)
def test_markup_the_parsers_fail_on_is_refused_by_check_as_by_the_build(site, body, said):
    path = site.good(body="正文。\n\n" + body + "\n")
    line = len(path.read_text(encoding="utf-8").split("\n")) - 1
    for done in (site.gongkai("check", timeout=120), site.mkdocs("build", timeout=120)):
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-1500:]
        assert f"czj-00001.md:{line}: 错误 {said}" in flat(done.stderr), done.stderr[-1500:]


def test_the_marked_sections_of_words_html_are_fine(site):
    site.good(body="正文。\n\n<![CDATA[x]]> <![if !supportLists]>一、<![endif]>总则\n")
    assert site.gongkai("check").returncode == 0
    assert site.mkdocs("build", "--strict").returncode == 0


def test_a_body_with_the_markup_of_the_index_box_or_its_slot_does_not_move_the_records_box(site):
    """The build converts a record's page with its 信息索引 box held out, in a slot of its own
    (gongkai/plugin/prebuilt.py): a body that writes the slot or a box of its own keeps them
    (cleaned as any body), and the record's box is shown once, in its place, before the body."""
    fake = '<table class="gk-meta"><tbody><tr><th>索引号</th><td>假的-00009</td></tr></tbody></table>'
    site.good(body=f'正文开头。\n\n<div class="gk-meta-slot"></div>\n\n{fake}\n\n正文结尾。\n')
    assert site.mkdocs("build", "--strict").returncode == 0
    page = site.html("xxgk/czj/2024-00001/index.html")
    article = page.split('class="md-content"', 1)[1]
    assert article.count('aria-label="信息索引"') == 1 and article.count("<td>czj/2024-00001</td>") == 1
    assert article.index('aria-label="信息索引"') < article.index("正文开头") < article.index("假的-00009")
