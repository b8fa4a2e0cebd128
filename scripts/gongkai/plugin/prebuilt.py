"""The 信息索引 box of a record's page, kept out of the Markdown converter's way.

The core writes the box into the record page's Markdown as an HTML table (gongkai/publish/pages/
templates/record.html), which Python-Markdown passes through as it is. Passing it through is not
free: the raw-HTML block parsers (md_in_html's and MkDocs' own) read it tag by tag, about a
quarter of the conversion of a record's page. So before conversion the table is swapped for an
empty element of its own, which they pass at once, and after conversion the table is put back in
its place: the page is the same, byte for byte.

Only the first box of the page is taken, and only the first slot is filled: everything before the
box (当前位置, the title, the notices) is text the core escaped, so neither can come from a record's
text; a clerk's body, which comes after, may hold the same markup and keeps it.
"""

from __future__ import annotations

#: How the core's box starts and ends (no table inside it; its values are escaped text).
BOX_START, BOX_END = '<table class="gk-meta"', "</table>"
#: What stands in for it during conversion: a block element Markdown passes through as it is.
SLOT = '<div class="gk-meta-slot"></div>'


class Prebuilt:
    def __init__(self):
        self.held: dict[str, str] = {}  # src_uri -> the box taken out of its Markdown

    def hold(self, uri: str, markdown: str) -> str:
        """`markdown` with its 信息索引 box swapped for the slot (kept for `restore`)."""
        start = markdown.find(BOX_START)
        end = markdown.find(BOX_END, start) if start >= 0 else -1
        if end < 0:
            return markdown
        end += len(BOX_END)
        self.held[uri] = markdown[start:end]
        return markdown[:start] + SLOT + markdown[end:]

    def restore(self, uri: str, html: str) -> str:
        """The converted `html` with the page's box in its slot again."""
        box = self.held.pop(uri, None)
        at = html.find(SLOT) if box is not None else -1
        return html if at < 0 else html[:at] + box + html[at + len(SLOT) :]
