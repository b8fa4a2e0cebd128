"""The 信息索引 box waits outside the Markdown while a record's page is converted
(gongkai/plugin/prebuilt.py): the page comes out the same, and a body's look-alike markup stays its own."""

from __future__ import annotations

import markdown

from gongkai.plugin.prebuilt import SLOT, Prebuilt
from gongkai.publish.pages import PageBuilder

EXTENSIONS = ["tables", "footnotes", "attr_list", "admonition", "md_in_html", "toc"]
BOX = (
    '<table class="gk-meta" aria-label="信息索引"><tbody><tr><th scope="row">索引号</th><td>czj/2024-00001</td>'
    '<th scope="row">标题</th><td>关于&lt;table&gt;的说明</td></tr></tbody></table>'
)


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def page(body: str) -> str:
    return f'!!! info "政策解读"\n    本文是对《某文件》的解读。\n\n{BOX}\n\n{body}\n'


def test_the_page_converts_to_the_same_html_with_the_box_held_out():
    text = page("## 一、总体要求\n\n正文 **加粗**，[链接](../a.md)。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    held = Prebuilt()
    swapped = held.hold("r.md", text)
    assert BOX not in swapped and swapped.count(SLOT) == 1
    assert held.restore("r.md", convert(swapped)) == convert(text)
    assert held.held == {}  # given back once


def test_a_body_with_the_slot_or_a_box_of_its_own_keeps_them_and_the_record_keeps_its_box():
    fake_box = '<table class="gk-meta"><tbody><tr><td>假的索引号</td></tr></tbody></table>'
    text = page(f"正文。\n\n{SLOT}\n\n{fake_box}\n")
    held = Prebuilt()
    out = held.restore("r.md", convert(held.hold("r.md", text)))
    assert out == convert(text)
    assert out.count("czj/2024-00001") == 1 and out.index(BOX) < out.index("正文") < out.index(SLOT)


def test_a_page_without_a_box_is_left_as_it_is():
    held = Prebuilt()
    text = "# 标题\n\n正文。\n"
    assert held.hold("p.md", text) == text and held.restore("p.md", convert(text)) == convert(text)


def test_every_record_page_of_the_sample_has_its_box_held_out(sample_catalog):
    """The slot is found by the box's markup (templates/record.html): were it changed, the box would
    go through the converter again unnoticed, the pages right but slower."""
    builder = PageBuilder(sample_catalog, feeds=True)
    held = Prebuilt()
    for record in sample_catalog.records:
        text = builder.record(record).markdown
        assert SLOT in held.hold(record.index_no, text), record.index_no
        assert held.held[record.index_no] in text and record.index_no in held.held[record.index_no]
