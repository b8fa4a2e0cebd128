"""The HTML of a 年报's tables 二/三/四 (gongkai/portal/tables.py, written by templates/annual.html), on
the loaded sample, without building or a browser: the headers the HTML table algorithm gives each
figure are the national format's labels, and the markup is written as it always was."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from gongkai.portal import tables
from gongkai.portal.tables import Cell, Table
from tableheaders import tables as parsed_tables
from test_a11y import annual_headers, expected_headers


@pytest.fixture(scope="module")
def report_tables(sample_catalog):
    [report] = [r for r in sample_catalog.reports if r.scope is None]
    return sample_catalog.tables(report)


def test_each_figure_has_the_national_formats_labels_as_its_headers(report_tables):
    text = tables.html2(report_tables) + tables.html3(report_tables) + tables.html4(report_tables)
    got, expected = annual_headers(text), expected_headers()
    for key in expected:
        assert got[key] == expected[key], key


def test_table_two_is_four_tables_in_one_box_that_scrolls_without_a_hint(report_tables):
    text = tables.html2(report_tables)
    assert text.startswith('<div class="gk-annual-wrap" tabindex="0" role="region" aria-label="表二（可左右滚动）">')
    assert text.endswith("</tbody></table></div>") and "\n" not in text and "gk-scroll-hint" not in text
    found = parsed_tables(text)
    assert [t.label for t in found] == [f"主动公开政府信息情况：第二十条第（{n}）项" for n in ("一", "五", "六", "八")]
    assert text.count('<colgroup><col class="gk-label-col"><col span="3"></colgroup><thead>') == 4


def test_tables_three_and_four_are_wide_and_say_so_first(report_tables):
    for kind, numeral, write in (("table3", "三", tables.html3), ("table4", "四", tables.html4)):
        text = write(report_tables)
        hint = '<p class="gk-scroll-hint" aria-hidden="true">表格较宽，可左右滑动查看全部列。</p>'
        assert text.startswith(f'{hint}<div class="gk-annual-wrap" tabindex="0" role="region" aria-label="表{numeral}')
        assert f'<table class="gk-annual gk-{kind}" aria-label="{tables.TITLES[kind][2:]}"><thead><tr>' in text
        assert "\n" not in text and "<colgroup>" not in text


def test_figures_in_a_row_are_kept_apart_by_a_space_and_a_spanning_one_is_not(report_tables):
    row = re.search(r"<tbody><tr>(.*?)</tr>", tables.html4(report_tables)).group(1)
    figures = [tables.number(v) for g in tables.APPEAL_GROUPS for v in report_tables.table4.groups[g]]
    assert row == "".join(f" <td>{v}</td>" for v in figures)
    t2 = report_tables.table2
    fees = dataclasses.replace(t2, fees_wan=35.60, not_applicable={"行政许可": "本机关无行政许可职能"})
    text = tables.html2(dataclasses.replace(report_tables, table2=fees))
    assert '<tr><th scope="row">行政事业性收费</th><td colspan="3">35.6</td></tr>' in text
    assert '<tr><th scope="row">行政许可</th><td colspan="3">/</td></tr>' in text


def test_header_cells_say_their_spans_then_their_scope_and_text_is_escaped_as_html_escape_does():
    cells = [
        tables._th("<申请人>", rows=2, cols=3, scope="col"),
        tables._th("a & \"b\" 'c'", scope="row"),
        tables._th("合计"),
    ]
    text = tables._html("table4", [Table('名称"一"', [cells], [[Cell("1"), Cell("2", cols=3)]])])
    assert (
        f'<table class="gk-annual gk-table4" aria-label="名称&quot;一&quot;"><thead><tr>'
        f'<th rowspan="2" colspan="3" scope="col">&lt;申请人&gt;</th><th scope="row">{html.escape(cells[1].text)}</th>'
        '<th>合计</th></tr></thead><tbody><tr> <td>1</td><td colspan="3">2</td></tr></tbody></table></div>'
    ) in text
    assert "&#x27;c&#x27;" in text and "&#39;" not in text and "&#34;" not in text
