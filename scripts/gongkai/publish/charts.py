"""Bar and column charts drawn at build time as inline SVG.

Why hand-written SVG and not a chart library: portal pages carry a strict Content-Security-Policy
and are read on intranets that block outside hosts, so a chart has to be plain markup: no script,
no `style` attribute or element, no web font, nothing loaded from another host. Colours and sizes
are SVG presentation attributes; text is real text (selectable, searchable, sharp when printed)
in `currentColor`, so it follows the light or dark theme; and the figure is one raw HTML block
without blank lines, which Markdown passes through untouched. Our statistics pages need only two
simple kinds of chart, and each chart sits beside a table of the same figures.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from html import escape

WIDTH = 640  # viewBox width; the svg is width="100%" and keeps its aspect ratio
FONT = 14  # font size, in viewBox units
MIN_FONT = 8  # columns: smallest size labels shrink to before they are shortened
PAD = 8
GAP = 6  # between a label and its bar, a bar and its value
ROW = 28  # bars: height of one row
BAR = 18  # bars: thickness of a bar
PLOT_H = 200  # columns: height of the plot area
MAX_LABEL_EM = 12
FILL = "#3f6fb5"  # mid-blue: 5:1 on white, still clear on the dark theme, prints in colour or grey
TEXT = 'fill="currentColor"'
AXIS = 'stroke="currentColor" stroke-opacity="0.4" stroke-width="1"'
NO_DATA = "暂无数据"


def _em(text: str) -> float:
    """Estimated width in em: wide, full-width and ambiguous (CJK punctuation) characters 1, others 0.6."""
    return sum(
        0.0 if unicodedata.combining(c) else 1.0 if unicodedata.east_asian_width(c) in {"W", "F", "A"} else 0.6
        for c in text
    )


def _shorten(text: str, max_em: float) -> str:
    """`text`, or as much of it as fits in `max_em` followed by "…"."""
    if _em(text) <= max_em:
        return text
    kept, width = "", _em("…")
    for c in text:
        width += _em(c)
        if width > max_em:
            break
        kept += c
    return kept + "…"


def _value(v: float) -> str:
    """5 -> "5", 2.5 -> "2.5", 1/3 -> "0.33", 2.0 -> "2"."""
    if isinstance(v, int):
        return str(int(v))
    return f"{v + 0.0:.2f}".rstrip("0").rstrip(".")


def _n(x: float) -> str:
    """A coordinate rounded to 0.1, without a trailing ".0" (and never "-0")."""
    s = f"{round(x, 1) + 0.0:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _checked(items: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    out = [(str(label), value) for label, value in items]
    for label, value in out:
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"chart value for {label!r} must be a finite number >= 0, not {value!r}")
    return out


def _spoken(label: str) -> str:
    """A label as read out: without the tree line (└) that marks a sub-category on screen."""
    return label.lstrip("└ 　")


def _figure(caption: str, items: list[tuple[str, float]], unit: str, height: float, body: list[str]) -> str:
    # `items` carry the full names: the accessible text says them, whatever the drawing shows.
    said = "，".join(f"{_spoken(label)} {_value(v)}{unit}" for label, v in items) or NO_DATA
    aria = f"{caption}：{said}" if caption else said
    return "\n".join(
        [
            # The plot's box scrolls sideways on a phone, where the chart keeps its own size (gongkai.css).
            '<figure class="gk-chart"><div class="gk-chart__plot">',
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" width="100%" '
            f'preserveAspectRatio="xMidYMin meet" role="img" aria-label="{escape(aria)}" font-size="{FONT}">',
            *body,
            "</svg></div>",
            f"<figcaption>{escape(caption)}</figcaption>",
            "</figure>",
        ]
    )


def _empty(caption: str) -> str:
    body = [f'<text x="{WIDTH // 2}" y="{PAD + FONT}" text-anchor="middle" {TEXT}>{NO_DATA}</text>']
    return _figure(caption, [], "", 2 * PAD + FONT + GAP, body)


def _item(label: str, value: float, unit: str, parts: list[str]) -> str:
    return f"<g><title>{escape(f'{_spoken(label)}：{_value(value)}{unit}')}</title>{''.join(parts)}</g>"


def bars(
    caption: str, items: Sequence[tuple[str, float]], *, unit: str = "条", drawn: Sequence[str] | None = None
) -> str:
    """Horizontal bar chart: one row per item (label at left, bar, value at the bar's end).

    `drawn`, when given, are the labels drawn (agencies without the county's name every one starts
    with); the item labels stay the full names of the accessible text and the hover titles."""
    items = _checked(items)
    if not items:
        return _empty(caption)
    labels = [_shorten(label, MAX_LABEL_EM) for label in (drawn or [label for label, _ in items])]
    values = [_value(v) + unit for _, v in items]
    left = PAD + max(map(_em, labels)) * FONT + GAP
    plot_w = max(WIDTH - left - GAP - max(map(_em, values)) * FONT - PAD, WIDTH / 4)
    scale = plot_w / max(v for _, v in items) if any(v for _, v in items) else 0.0
    height = 2 * PAD + len(items) * ROW
    body = []
    for i, ((label, v), short, shown) in enumerate(zip(items, labels, values, strict=True)):
        mid, w = PAD + (i + 0.5) * ROW, v * scale
        parts = [
            f'<text x="{_n(left - GAP)}" y="{_n(mid)}" dy="0.35em" text-anchor="end" {TEXT}>{escape(short)}</text>',
            f'<rect x="{_n(left)}" y="{_n(mid - BAR / 2)}" width="{_n(w)}" height="{BAR}" fill="{FILL}"/>',
            f'<text x="{_n(left + w + GAP)}" y="{_n(mid)}" dy="0.35em" text-anchor="start" {TEXT}>'
            f"{escape(shown)}</text>",
        ]
        body.append(_item(label, v, unit, parts))
    body.append(f'<line x1="{_n(left)}" y1="{PAD}" x2="{_n(left)}" y2="{_n(height - PAD)}" {AXIS}/>')
    return _figure(caption, items, unit, height, body)


def _fit(texts: list[str], room: float) -> float:
    """One font size for all `texts`, shrunk (down to MIN_FONT) so the widest fits in `room`."""
    widest = max(map(_em, texts)) or 1.0
    return round(min(FONT, max(MIN_FONT, room / widest)), 1)


def columns(caption: str, items: Sequence[tuple[str, float]], *, unit: str = "条") -> str:
    """Vertical column chart for a short ordered series (12 months, a few years).

    Labels under the columns, values above; labels shrink (then shorten) to fit a long series.
    """
    items = _checked(items)
    if not items:
        return _empty(caption)
    slot = (WIDTH - 2 * PAD) / len(items)
    col_w = min(slot * 0.6, 48)
    values = [_value(v) + unit for _, v in items]
    value_fs = _fit(values, slot - 2)
    label_fs = _fit([label for label, _ in items], slot - 2)
    labels = [_shorten(label, min(MAX_LABEL_EM, (slot - 2) / label_fs)) for label, _ in items]
    top = PAD + value_fs + GAP
    base = top + PLOT_H
    height = base + GAP + label_fs + PAD
    scale = PLOT_H / max(v for _, v in items) if any(v for _, v in items) else 0.0
    body = []
    for i, ((label, v), short, shown) in enumerate(zip(items, labels, values, strict=True)):
        mid, h = PAD + (i + 0.5) * slot, v * scale
        parts = [
            f'<rect x="{_n(mid - col_w / 2)}" y="{_n(base - h)}" width="{_n(col_w)}" height="{_n(h)}" fill="{FILL}"/>',
            f'<text x="{_n(mid)}" y="{_n(base - h - 4)}" text-anchor="middle" font-size="{_n(value_fs)}" {TEXT}>'
            f"{escape(shown)}</text>",
            f'<text x="{_n(mid)}" y="{_n(base + GAP)}" dy="0.8em" text-anchor="middle" font-size="{_n(label_fs)}" '
            f"{TEXT}>{escape(short)}</text>",
        ]
        body.append(_item(label, v, unit, parts))
    body.append(f'<line x1="{PAD}" y1="{_n(base)}" x2="{WIDTH - PAD}" y2="{_n(base)}" {AXIS}/>')
    return _figure(caption, items, unit, height, body)
