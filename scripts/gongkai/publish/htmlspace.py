"""The templates' indentation taken out of a page, around its content.

The theme's templates are indented for reading, and every template tag leaves a line of spaces
behind: on a record's page that was a third of what the page carries besides the record. A run of
whitespace holding a line break, between tags or at the ends of a text, renders as one space
(HTML collapses it), so around the page's article each such run becomes one line break. Tags are
kept as they are (attribute values included), and so are scripts, styles, <pre> and <textarea>
(code, or text shown as written; inline scripts are allowed by their hash, see csp.py), and the
article itself: the page's own content, as Markdown made it.
"""

from __future__ import annotations

import re

#: What stays as written (group 1), or a run of whitespace with a line break in it. Only ASCII
#: whitespace: U+3000 and no-break spaces are text.
_TOKEN = re.compile(
    r"(<(script|style|pre|textarea)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)|[ \t\r\f]*\n[ \t\r\f\n]*",
    re.S | re.I,
)
_ARTICLE = '<article class="md-content__inner'
_ARTICLE_END = "</article>"


def _keep_or_break(m: re.Match) -> str:
    return m.group(1) or "\n"


def _collapse(html: str) -> str:
    return _TOKEN.sub(_keep_or_break, html)


def collapse(html: str) -> str:
    """`html` with the whitespace around its article collapsed (see the module's text)."""
    start = html.find(_ARTICLE)
    end = html.rfind(_ARTICLE_END)
    if start < 0 or end < start:
        return _collapse(html)
    end += len(_ARTICLE_END)
    return _collapse(html[:start]) + html[start:end] + _collapse(html[end:])
