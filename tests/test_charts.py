"""gongkai.publish.charts: inline SVG bar and column charts, checked by parsing what they draw."""

from __future__ import annotations

import math
import re

import markdown
import pytest
from bs4 import BeautifulSoup

from gongkai.publish import charts
from gongkai.publish.charts import FONT, GAP, PAD, PLOT_H, WIDTH, bars, columns

MONTHS = [(f"{m}月", v) for m, v in enumerate([5, 3, 0, 8, 12, 7, 6, 9, 4, 10, 11, 2], start=1)]
SITE_EXTENSIONS = ["tables", "footnotes", "attr_list", "admonition", "md_in_html"]  # as in mkdocs.yml
OFFICES = [("县人民政府办公室", 120), ("县教育局", 60), ("财政局", 30), ("Audit office", 0)]


def _svg(html: str):
    return BeautifulSoup(html, "html.parser").svg


def _groups(html: str):
    """One (title, rect, texts) per item."""
    return [(g.title.string, g.rect, [t.get_text() for t in g.find_all("text")]) for g in _svg(html).find_all("g")]


def _f(tag, name: str) -> float:
    return float(tag[name])


# --- the figure ------------------------------------------------------------------------------------


@pytest.mark.parametrize("chart", [bars, columns])
def test_figure_svg_and_caption(chart):
    html = chart("2024年各月公开信息数", MONTHS)
    soup = BeautifulSoup(html, "html.parser")
    assert html.startswith('<figure class="gk-chart">') and html.endswith("</figure>")
    assert "\n\n" not in html
    svg = soup.svg
    assert svg["width"] == "100%" and not svg.has_attr("height")
    assert svg["role"] == "img" and svg["preserveaspectratio"] == "xMidYMin meet"
    x, y, w, h = map(float, svg["viewbox"].split())
    assert (x, y, w) == (0, 0, WIDTH) and h > 0
    assert soup.figcaption.get_text() == "2024年各月公开信息数"
    assert [c.name for c in soup.figure.find_all(recursive=False)] == ["div", "figcaption"]
    assert [c.name for c in soup.figure.div.find_all(recursive=False)] == ["svg"]


@pytest.mark.parametrize("chart", [bars, columns])
def test_nothing_the_csp_would_block(chart):
    html = chart("<style>x</style>", [("<script>alert(1)</script>", 3), ("a", 1)], unit="<b>")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(style=True) == []
    assert soup.find_all(["style", "script", "image", "use", "foreignobject", "a"]) == []
    assert re.findall(r"https?:[^\"]*", html) == ["http://www.w3.org/2000/svg"]
    assert "url(" not in html and "font-family" not in html and " id=" not in html


@pytest.mark.parametrize("chart", [bars, columns])
def test_theme_colours(chart):
    svg = _svg(chart("c", OFFICES))
    assert {t["fill"] for t in svg.find_all("text")} == {"currentColor"}
    assert {r["fill"] for r in svg.find_all("rect")} == {charts.FILL}
    (axis,) = svg.find_all("line")
    assert axis["stroke"] == "currentColor" and 0 < float(axis["stroke-opacity"]) < 1


@pytest.mark.parametrize("chart", [bars, columns])
def test_deterministic(chart):
    assert chart("c", MONTHS) == chart("c", list(MONTHS)) == chart("c", tuple(MONTHS))
    assert chart("c", MONTHS) != chart("c", MONTHS[::-1])
    numbers = re.findall(r'(?:x|y|width|height)="(-?[\d.]+)"', chart("c", [("a", 1), ("b", 3), ("c", 7)]))
    assert numbers and all(re.fullmatch(r"\d+(\.\d)?", n) for n in numbers)


@pytest.mark.parametrize("chart", [bars, columns])
def test_kept_intact_by_markdown(chart):
    html = chart("各部门 *公开* 数", OFFICES + [("a_b_c <i>", 1), ("{: onclick=x }", 2)])
    text = f"# 统计\n\n前言 **粗体**\n\n{html}\n\n| a |\n|---|\n"
    page = markdown.markdown(text, extensions=["md_in_html"])
    assert str(_svg(markdown.markdown(text, extensions=SITE_EXTENSIONS))) == str(_svg(page))
    before, after = _svg(html), _svg(page)
    for tag in ("g", "rect", "text", "title", "line"):
        assert len(after.find_all(tag)) == len(before.find_all(tag)), tag
    assert after.attrs == before.attrs
    assert [t.get_text() for t in after.find_all("text")] == [t.get_text() for t in before.find_all("text")]
    assert "<em>" not in str(after) and "<p>" not in str(after)


# --- accessibility ---------------------------------------------------------------------------------


@pytest.mark.parametrize("chart", [bars, columns])
def test_aria_label_says_every_value(chart):
    svg = _svg(chart("2024年各月公开信息数", MONTHS))
    assert svg["aria-label"] == (
        "2024年各月公开信息数：1月 5条，2月 3条，3月 0条，4月 8条，5月 12条，6月 7条，"
        "7月 6条，8月 9条，9月 4条，10月 10条，11月 11条，12月 2条"
    )


@pytest.mark.parametrize("chart", [bars, columns])
def test_each_item_has_a_title(chart):
    titles = [title for title, _, _ in _groups(chart("c", OFFICES))]
    assert titles == ["县人民政府办公室：120条", "县教育局：60条", "财政局：30条", "Audit office：0条"]


@pytest.mark.parametrize(("chart", "order"), [(bars, (0, 1)), (columns, (1, 0))])  # columns: value above label
def test_percent_unit(chart, order):
    html = chart("公开率", [("2023年", 97.5), ("2024年", 100)], unit="%")
    shown = [[texts[i] for i in order] for _, _, texts in _groups(html)]
    assert shown == [["2023年", "97.5%"], ["2024年", "100%"]]
    assert _svg(html)["aria-label"] == "公开率：2023年 97.5%，2024年 100%"


# --- labels and values -----------------------------------------------------------------------------


@pytest.mark.parametrize("chart", [bars, columns])
def test_labels_are_text(chart):
    texts = [t.get_text() for t in _svg(chart("c", OFFICES)).find_all("text")]
    for label, _ in OFFICES:
        assert label in texts


@pytest.mark.parametrize("chart", [bars, columns])
def test_labels_escaped(chart):
    label = '<script>&"'
    html = chart('caption "<&>"', [(label, 2), ("x", 1)])
    assert "<script" not in html and '&"' not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all("script") == []
    assert label in [t.get_text() for t in soup.svg.find_all("text")]
    assert soup.svg.g.title.get_text() == f"{label}：2条"
    assert soup.svg["aria-label"] == f'caption "<&>"：{label} 2条，x 1条'
    assert soup.figcaption.get_text() == 'caption "<&>"'


@pytest.mark.parametrize("chart", [bars, columns])
def test_long_label_shortened_but_kept_in_title(chart):
    label = "县发展和改革局（县粮食和物资储备局）行政审批科"
    html = chart("c", [(label, 4), ("县教育局", 2)])
    title, _, texts = _groups(html)[0]
    shown = next(t for t in texts if t.endswith("…"))
    assert label.startswith(shown[:-1]) and len(shown) < len(label)
    assert charts._em(shown) <= charts.MAX_LABEL_EM
    assert title == f"{label}：4条"
    assert label in _svg(html)["aria-label"]
    assert "县教育局" in _groups(html)[1][2]  # short labels are left alone


def test_text_width_estimate():
    assert charts._em("县教育局") == 4
    assert charts._em("abcde") == pytest.approx(3)
    assert charts._em("（…）") == 3  # full-width and ambiguous punctuation counts as CJK
    assert charts._shorten("短", 12) == "短"
    assert charts._shorten("一二三四五六七八九十十一十二", 12) == "一二三四五六七八九十十…"
    assert charts._shorten("a" * 30, 12) == "a" * 18 + "…"


@pytest.mark.parametrize(
    ("value", "text"),
    [(5, "5"), (0, "0"), (0.0, "0"), (-0.0, "0"), (2.0, "2"), (2.5, "2.5"), (1 / 3, "0.33"), (2.456, "2.46"),
     (12345678901234567890, "12345678901234567890"), (99.999, "100")],
)  # fmt: skip
def test_value_format(value, text):
    assert charts._value(value) == text


@pytest.mark.parametrize("chart", [bars, columns])
@pytest.mark.parametrize("bad", [-1, math.nan, math.inf])
def test_bad_values_refused(chart, bad):
    with pytest.raises(ValueError, match="finite number"):
        chart("c", [("a", 1), ("b", bad)])


# --- bars ------------------------------------------------------------------------------------------


def test_bars_lengths_proportional():
    items = [("一", 10), ("二", 5), ("三", 2.5), ("四", 0), ("五", 7.3)]
    groups = _groups(bars("c", items))
    assert len(groups) == len(_svg(bars("c", items)).find_all("rect")) == len(items)
    widths = [_f(rect, "width") for _, rect, _ in groups]
    longest = widths[0]
    for (_, value), width in zip(items, widths, strict=True):
        assert width == pytest.approx(longest * value / 10, abs=0.1)
    assert widths[3] == 0
    # the largest bar spans the plot: from the axis to where the widest value still fits in the chart
    axis = _svg(bars("c", items)).line
    rect = groups[0][1]
    assert _f(rect, "x") == _f(axis, "x1")
    widest_value = max(charts._em(texts[1]) for _, _, texts in groups)
    assert widest_value == charts._em("7.3条")
    assert _f(rect, "x") + longest + GAP + widest_value * FONT == pytest.approx(WIDTH - PAD, abs=0.2)


def test_bars_values_at_bar_end_and_zero_printed():
    texts = _svg(bars("c", OFFICES)).find_all("text")
    values = texts[1::2]
    assert [t.get_text() for t in values] == ["120条", "60条", "30条", "0条"]
    for (_, rect, _), text in zip(_groups(bars("c", OFFICES)), values, strict=True):
        assert _f(text, "x") == pytest.approx(_f(rect, "x") + _f(rect, "width") + GAP, abs=0.1)
        assert text["text-anchor"] == "start"
    for text in texts[0::2]:
        assert text["text-anchor"] == "end"


def test_bars_rows_in_order_and_height_grows():
    groups = _groups(bars("c", OFFICES))
    ys = [_f(rect, "y") for _, rect, _ in groups]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
    assert [texts[0] for _, _, texts in groups] == [label for label, _ in OFFICES]

    def height(n):
        return float(_svg(bars("c", [(str(i), i) for i in range(n)]))["viewbox"].split()[3])

    assert height(1) < height(3) < height(12) < height(30)


def test_bars_label_column_fits_labels():
    def axis_x(labels):
        return _f(_svg(bars("c", [(label, 1) for label in labels])).line, "x1")

    assert axis_x(["abcd"]) < axis_x(["县教育局"]) < axis_x(["县人民政府办公室"])
    assert axis_x(["县" * 12]) == axis_x(["县" * 40])  # long labels are shortened, not given more room


# --- columns ---------------------------------------------------------------------------------------


def test_columns_heights_proportional_and_order_kept():
    html = columns("2024年各月公开信息数", MONTHS)
    groups = _groups(html)
    assert len(_svg(html).find_all("rect")) == len(groups) == 12
    assert [texts[1] for _, _, texts in groups] == [label for label, _ in MONTHS]
    xs = [_f(rect, "x") for _, rect, _ in groups]
    assert xs == sorted(xs) and len(set(xs)) == 12
    heights = [_f(rect, "height") for _, rect, _ in groups]
    assert max(heights) == PLOT_H
    for (_, value), h in zip(MONTHS, heights, strict=True):
        assert h == pytest.approx(PLOT_H * value / 12, abs=0.1)
    base = _f(_svg(html).line, "y1")
    for _, rect, _ in groups:
        assert _f(rect, "y") + _f(rect, "height") == pytest.approx(base, abs=0.1)
    assert [texts[0] for _, _, texts in groups][2] == "0条"


def test_columns_many_items_shrink_text():
    html = columns("每日", [(f"{d}日", d) for d in range(1, 32)])
    labels = [t for t in _svg(html).find_all("text") if t.get("dy")]
    assert [t.get_text() for t in labels] == [f"{d}日" for d in range(1, 32)]
    assert float(labels[0]["font-size"]) < FONT


# --- nothing to draw -------------------------------------------------------------------------------


@pytest.mark.parametrize("chart", [bars, columns])
def test_empty(chart):
    html = chart("2024年依申请公开", [])
    svg = _svg(html)
    assert [t.get_text() for t in svg.find_all("text")] == ["暂无数据"]
    assert svg.find_all("rect") == []
    assert svg["aria-label"] == "2024年依申请公开：暂无数据"
    assert BeautifulSoup(html, "html.parser").figcaption.get_text() == "2024年依申请公开"


@pytest.mark.parametrize("chart", [bars, columns])
def test_all_zero(chart):
    html = chart("c", [("一月", 0), ("二月", 0.0)])
    groups = _groups(html)
    assert [title for title, _, _ in groups] == ["一月：0条", "二月：0条"]
    assert all(_f(rect, "width" if chart is bars else "height") == 0 for _, rect, _ in groups)
    assert all("0条" in texts for _, _, texts in groups)


def test_drawn_labels_may_be_short_while_the_accessible_text_keeps_the_full_names():
    full = [("澄岭县人力资源和社会保障局", 12), ("澄岭县人民政府办公室", 5)]
    html = bars("各发布机构", full, drawn=["人力资源和社会保障局", "人民政府办公室"])
    groups = _groups(html)
    assert [texts[0] for _, _, texts in groups] == ["人力资源和社会保障局", "人民政府办公室"]  # not cut at 12 em
    assert [title for title, _, _ in groups] == ["澄岭县人力资源和社会保障局：12条", "澄岭县人民政府办公室：5条"]
    assert _svg(html)["aria-label"] == "各发布机构：澄岭县人力资源和社会保障局 12条，澄岭县人民政府办公室 5条"
    # Without `drawn`, the full name is drawn, and a long one is cut at 12 em.
    assert _groups(bars("各发布机构", full))[0][2][0] == "澄岭县人力资源和社会保…"
