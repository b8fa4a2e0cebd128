"""gongkai.text.sanitize without building: what nh3 keeps and drops of a body's HTML, what the clerk is
told about it beforehand (file line by line), and when the sanitiser may be skipped; then every
body of the sample rendered as the build renders it."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from gongkai.text.sanitize import clean, findings, needs_cleaning


def test_scripts_frames_and_forms_go_with_their_content_and_styles_and_handlers_with_them():
    out = clean(
        '<p onclick="x()" style="color:red">甲<script>alert(1)</script></p>'
        '<iframe src="https://evil.example/">框</iframe><form action="/x"><input name=q>表单</form>'
        "<style>p{}</style><noscript>无脚本</noscript><template>模板</template>"
    )
    assert out == "<p>甲</p>表单"


def test_the_tags_documents_need_are_kept_with_their_attributes():
    kept = (
        '<table><thead><tr><th scope="col" colspan="2">表头</th></tr></thead>'
        '<tbody><tr><td rowspan="2" align="right">1</td></tr></tbody></table>'
        '<p>H<sub>2</sub>O x<sup>2</sup><br>换行 <a href="https://www.gov.cn/">链接</a></p>'
        '<ol start="3"><li>三</li></ol><div tabindex="0" class="wide">宽表</div>'
        '<img src="files/a.png" alt="图" width="10"><time datetime="2024-01-01">元旦</time>'
    )
    assert clean(kept) == kept


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="javascript:alert(1)">点</a>', "<a>点</a>"),
        ('<a href="&#106;avascript:alert(1)">点</a>', "<a>点</a>"),
        ('<a href="data:text/html,x">点</a>', "<a>点</a>"),
        ('<a href="mailto:a@b.cn">信</a>', '<a href="mailto:a@b.cn">信</a>'),
        ('<img src="https://evil.example/x.png" alt="外">', '<img alt="外">'),
        ('<img src="//evil.example/x.png" alt="外">', '<img alt="外">'),
        ('<div tabindex="5">跳</div>', "<div>跳</div>"),  # never a jump in the Tab order
        ('<div id="__drawer">冒充</div>', "<div>冒充</div>"),  # the theme's own elements
        ('<div id="toc-1">目录</div>', '<div id="toc-1">目录</div>'),
        ("<p>甲<!-- 内部批注 --></p>", "<p>甲</p>"),
        ("<font color=red>红</font><center>中</center>", "红中"),
    ],
)
def test_urls_ids_and_tab_stops_the_site_does_not_allow_are_removed(html, expected):
    assert clean(html) == expected


def test_each_thing_that_will_be_removed_is_found_at_its_line_with_the_fix():
    body = (
        "第一段。\n"  # 0
        "<script>alert(1)</script>\n"  # 1
        "<span style=\"color:red\" onclick='x()'>红</span>\n"  # 2
        '{: onmouseover="y()" }\n'  # 3
        "![图](https://evil.example/x.png)\n"  # 4
        "[点我](javascript:alert(1)) 和 [又](&#106;avascript:alert(2))\n"  # 5
        '<div id="__search">冒充</div>\n'  # 6
        "<iframe src=x></iframe><form><input></form>\n"  # 7
    )
    found = findings(body)
    by_line: dict[int, list[str]] = {}
    for n, message, hint in found:
        by_line.setdefault(n, []).append(message)
        assert hint  # every finding says what to write instead
    assert by_line[1] == ["正文中的 <script> 标签会被删除连同其中的内容：网页不允许脚本。"]
    assert sorted(by_line[2]) == [
        "正文中 <span> 标签的 onclick 事件会被删除：网页不允许脚本。",
        "正文中 <span> 标签的 style 样式会被删除：样式由网站统一设定。",
    ]
    assert by_line[3] == ["正文属性列表 {: } 中的 onmouseover 事件会被删除：网页不允许脚本。"]
    assert by_line[4] == ["正文中的图片 https://evil.example… 来自其他网站，网页不会显示它：网页不加载其他网站的内容。"]
    assert by_line[5] == ["正文中的 javascript: 链接会被删除：网页不允许这类链接。"] * 2
    assert by_line[6] == ["正文中 <div> 标签的 id（以 __ 开头）会被删除：这是网站主题自己的元素用的名称。"]
    assert [m.split("：")[0] for m in by_line[7]] == [
        "正文中的 <iframe> 标签会被删除连同其中的内容",
        "正文中的 <form> 标签会被删除（其中的文字保留）",
        "正文中的 <input> 标签会被删除（其中的文字保留）",
    ]
    assert 0 not in by_line and sorted(by_line) == [1, 2, 3, 4, 5, 6, 7]
    hints = {message: hint for _, message, hint in found}
    assert (
        hints["正文中的 <iframe> 标签会被删除连同其中的内容：网页不嵌入其他网页。"]
        == "改为普通链接：[名称](https://网址)。"
    )


def test_code_autolinks_and_allowed_tags_are_not_findings():
    body = (
        "写法示例：`<script>` 不会出现在网页上。\n"
        "```html\n<script>alert(1)</script>\n```\n"
        "联系 <https://www.gov.cn/> 或 <xxgk@example.gov.cn>。\n"
        "H<sub>2</sub>O，<br>，<table><tr><td>1</td></tr></table>\n"
    )
    assert findings(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "<b>粗</b>",
        "{: .wide }",
        "&#106;",
        "&nbsp;",
        "[x](javascript:alert(1))",
        "[x](DATA:text/html,1)",
        "![x](https://evil.example/a.png)",
        "![x]( <//evil.example/a.png>)",
        "## __config",  # a heading whose id would be the theme's script's (#__config): the page's scripts stopped
        "## ！！__search",
        r"## \_\_config",  # escaped, and the same id
        r"## _\_drawer",
    ],
)
def test_anything_the_allowlist_might_remove_needs_cleaning(body):
    assert needs_cleaning(f"正文。\n\n{body}\n")


def test_plain_markdown_needs_no_cleaning():
    body = "# 标题\n\n正文 **加粗** 和 [链接](https://www.gov.cn/) 与 ![图](files/a.png)。\n\n"
    body += "| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert not needs_cleaning(body)


def test_every_sample_body_the_build_may_skip_comes_out_of_the_sanitiser_with_the_same_text(sample_catalog):
    """Where `needs_cleaning` lets the build skip nh3, nh3 would have removed nothing: the body's HTML
    (Python-Markdown with the sample's table and attribute-list extensions) keeps every tag and word."""
    skipped = 0
    for r in sample_catalog.records:
        if needs_cleaning(r.body):
            continue
        skipped += 1
        html = markdown.markdown(r.body, extensions=["tables", "attr_list", "md_in_html"])
        before, after = BeautifulSoup(html, "html.parser"), BeautifulSoup(clean(html), "html.parser")
        assert [t.name for t in after.find_all(True)] == [t.name for t in before.find_all(True)], r.rel_path
        assert after.get_text() == before.get_text(), r.rel_path
    assert skipped > len(sample_catalog.records) // 2


def test_a_heading_cannot_take_the_id_of_the_themes_own_elements():
    """An attacker's review: `## __config` gave <h2 id="__config"> before Material's <script
    id="__config">, whose JSON the theme's bundle reads by id: search and navigation stopped on the page."""
    body = "## __config\n\n正文。\n"
    html = markdown.markdown(body, extensions=["toc"])
    assert 'id="__config"' in html and needs_cleaning(body)
    assert BeautifulSoup(clean(html), "html.parser").find(id="__config") is None
