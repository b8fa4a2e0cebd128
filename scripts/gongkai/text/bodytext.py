"""A Markdown body as a reader reads it: its lines of text and its first paragraph.

The search index holds a record's text and the lists, feeds and page descriptions show its first
paragraph (内容概述) when it has none of its own. Both come from one reading of the body by
Python-Markdown, the parser that renders the page: what is escaped (``\\*``), a character reference
(``&amp;``), emphasis, a link's or an image's text, an attribute list, a footnote, an admonition's
title, a table's cells and the HTML a clerk pasted read as they show, not as a pattern guesses.

The body is parsed and its inline Markdown processed (Python-Markdown's preprocessors, block parser
and tree processors, with the extensions below); the text is taken from the element tree it
builds, not from its HTML (serializing and parsing it again would take a third of the time more).
A body with HTML of the clerk's (kept aside in the parser's stash) is written out as HTML with it
and read as a browser shows it, with the standard library's HTML parser: what the sanitizer drops
with its content (gongkai.text.sanitize.DROP_WITH_CONTENT) shows nothing, wherever it closes.

The extensions are these, not the site's `markdown_extensions`: the syntax of an extension a site
adds (abbreviations, pymdownx) is read as the text it is without that extension.

The extensions are those that make a record's text what it is: tables, footnotes, attribute
lists, admonitions, Markdown inside HTML blocks (the sample's `markdown_extensions` but the table of
contents, which adds no text) and fenced code blocks.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown
from markdown import serializers, util

from gongkai.text.sanitize import DROP_WITH_CONTENT

EXTENSIONS = ("tables", "footnotes", "attr_list", "admonition", "md_in_html", "fenced_code")

#: Between the lines of a record's text in the search index (gongkai.sitesearch.search): a ¶ the
#: body holds reads as a space, so that it is never taken for that separator.
BREAK = "¶"

#: Elements each of which is a line of the text (or holds lines): a table row is one line, its
#: cells joined by 、 (a row of 138 | 1234 | 5678 is three numbers, not a phone number).
_BLOCKS = frozenset(
    "address article aside blockquote caption dd details div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th "
    "thead tr ul".split()
)
_CELLS = frozenset({"td", "th"})
#: Blocks that hold other blocks (a list item is one line, and the list in it further lines).
_CONTAINERS = (
    _BLOCKS
    - _CELLS
    - {"tr", "p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption", "figcaption", "summary", "hr"}
)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
#: What a page does not show as text: the elements the sanitizer drops with their content.
_HIDDEN = frozenset(DROP_WITH_CONTENT)
#: A footnote's number in the text, as the page shows it (a superscript): 800元¹ reads as the page
#: does to the guards too (NFKC folds ¹ into 1), never 800元 joined to the next word.
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
#: Control characters (a page or a feed cannot hold them; Python-Markdown's own placeholders are
#: made of two of them).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PLACEHOLDER = re.compile(rf"{util.STX}wzxhzdk:(\d+){util.ETX}")
_MARKER = re.compile(rf"{util.STX}[^{util.ETX}]*{util.ETX}")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass(frozen=True)
class BodyText:
    """What a reader reads of a body."""

    #: One line per paragraph, heading, list item, table row (cells joined by 、), line of code,
    #: admonition's title, footnote; runs of spaces made one; no empty line.
    lines: tuple[str, ...]
    #: The first paragraph at the top of the body (or the text of a quotation there), in one line;
    #: "" when the body has none.
    first: str


#: How much of the first paragraph a 内容概述 taken from it shows.
LEAD_LENGTH = 120


def lead(body: BodyText) -> str:
    """The 内容概述 a record without one of its own shows: its first paragraph, cut with …… after
    LEAD_LENGTH characters."""
    first = body.first
    return first[:LEAD_LENGTH] + ("……" if len(first) > LEAD_LENGTH else "")


def read(body: str) -> BodyText:
    """The text of the Markdown `body` (see the module's docstring)."""
    md = _parser()
    try:
        root = _tree(md, body)
    except BaseException:
        _LOCAL.md = None  # its block parser's state is left half-way: the next body gets a new one
        raise
    for ref in root.iter("a"):
        if "footnote-ref" in (ref.get("class") or "").split():
            ref.text = (ref.text or "").translate(_SUPERSCRIPT)
    reader = _Reader(md.htmlStash.rawHtmlBlocks)
    out: list[str] = []
    if reader.stash:  # HTML of the clerk's: read whole, as a <style> opened in one block may hide the next
        out.append(_html_text(reader.html(root)))
    else:
        reader.block(root, out)
    first = addressee = ""
    for child in root:
        if child.tag in ("p", "blockquote") and not _placeholder_only(child) and not _images_only(child):
            block: list[str] = []
            reader.block(child, block)
            first = " ".join(_bare(" ".join(block)).split())
            if _ADDRESSEE.fullmatch(first):  # 各镇人民政府，县直各部门： says nothing of the document
                addressee, first = addressee or first, ""
        if first:
            break
    return BodyText(tuple(_clean(out)), first or addressee)


#: A document's 主送机关 line: short, no sentence in it, ending in the name of a body and a colon
#: (各镇人民政府，县直各部门：). Not an opening sentence (……现予公示：, ……公开如下：), which says
#: what the document is.
_ADDRESSEE = re.compile(
    r"[^。！？；!?;]{0,60}(?:政府|部门|单位|机关|机构|局|委员会|委|办公室|办|处|院|所|中心|公司|企业|学校|站|队|会"
    r"|街道|乡镇|社区|村|代表|同志们?|市民|群众|朋友们?|纳税人|家长|[）)])[：:]"
)


def _tree(md: markdown.Markdown, body: str) -> Element:
    """`body` parsed and its inline Markdown processed: Markdown.convert up to its serializer."""
    md.reset()
    lines = body.replace(BREAK, " ").split("\n")
    for pre in md.preprocessors:
        lines = pre.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    for tree in md.treeprocessors:
        root = tree.run(root) or root
    return root


_LOCAL = threading.local()


def _parser() -> markdown.Markdown:
    """A parser of this thread's own (a parser holds the state of the body it reads), made on first
    use and reset before each body."""
    md = getattr(_LOCAL, "md", None)
    if md is None:
        md = _LOCAL.md = markdown.Markdown(extensions=list(EXTENSIONS))
        md.treeprocessors.deregister("prettify")  # whitespace between elements only
    return md


def _bare(text: str) -> str:
    """`text` without what the parser left of its placeholders and without control characters."""
    return _CONTROL.sub("", _MARKER.sub("", text)) if _CONTROL.search(text) else text


def _clean(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        for part in _bare(line).split("\n"):
            part = _SPACES.sub(" ", part).strip()
            if part:
                out.append(part)
    return out


class _Reader:
    """Reads the element tree of a body into lines.

    A block with raw HTML in it (a paragraph holding <b> or <br>, a pasted <table>, a fenced code
    block, which the parser keeps as HTML) is read as HTML: the element is written out with its
    stashed HTML put back, then read as a browser shows it (`_HTMLText`), so that what a tag hides
    (a <script> between two tags of a paragraph) stays hidden."""

    def __init__(self, stash: list):
        self.stash = stash

    def block(self, el: Element, out: list[str]) -> None:
        """Append the lines of the block element `el` (and what it holds) to `out`."""
        if self.stash and _holds_raw(el) and not any(c.tag in _CONTAINERS for c in el.iter() if c is not el):
            out.append(_html_text(self.html(el)))
            return
        if el.tag == "tr":
            cells = (" ".join(self.inline(c).split()) for c in el if c.tag in _CELLS)
            out.append("、".join(t for t in cells if t))
            return
        if el.tag == "pre":
            out.extend(self.inline(el).split("\n"))
            return
        buf: list[str] = [self.piece(el.text)] if el.text else []
        for child in el:
            if _hidden(child):
                pass
            elif child.tag in _BLOCKS:
                _flush(buf, out)
                self.block(child, out)
            else:
                buf.append(self.inline(child))
            if child.tail:
                buf.append(self.piece(child.tail))
        _flush(buf, out)

    def inline(self, el: Element, images: bool = True) -> str:
        """The text of the inline element `el` and everything in it, on the lines it has."""
        if _hidden(el):
            return ""
        if el.tag == "img":
            return el.get("alt", "") if images else ""
        if el.tag == "br":
            return "\n"
        if el.tag == "code":  # its text is kept escaped for HTML (markdown.util.code_escape)
            return _uncode(el.text or "")
        parts = [self.piece(el.text or "")]
        for child in el:
            parts.append(self.inline(child, images))
            parts.append(self.piece(child.tail or ""))
        return "".join(parts)

    def piece(self, text: str) -> str:
        """A text of the tree as shown: a stashed piece of HTML in it (in a list item that holds
        a list as well, which is not read as HTML whole) read on its own."""
        if util.STX not in text:
            return text
        if _PLACEHOLDER.search(text):
            text = _html_text(self.restored(text))
        if util.AMP_SUBSTITUTE in text:  # an e-mail address, written as character references
            text = html.unescape(text.replace(util.AMP_SUBSTITUTE, "&"))
        return _MARKER.sub("", text)

    def html(self, el: Element) -> str:
        """`el` as HTML, its stashed HTML put back in."""
        return self.restored(serializers.to_html_string(el))

    def restored(self, text: str) -> str:
        """`text` with the stashed HTML put back, until none is left: a block of Markdown inside HTML
        is stashed with the placeholders of the HTML inside it (as Python-Markdown's own
        RawHtmlPostprocessor, which repeats too)."""

        def stashed(m: re.Match) -> str:
            n = int(m.group(1))
            raw = self.stash[n] if 0 <= n < len(self.stash) else ""
            return serializers.to_html_string(raw) if isinstance(raw, Element) else raw

        for _ in range(len(self.stash) + 1):  # each round takes a level; never more than there are pieces
            if not _PLACEHOLDER.search(text):
                break
            text = _PLACEHOLDER.sub(stashed, text)
        return text.replace(util.AMP_SUBSTITUTE, "&")


def _placeholder_only(el: Element) -> bool:
    """Whether `el` is the paragraph the parser puts in place of a block of HTML."""
    return len(el) == 0 and bool(_PLACEHOLDER.fullmatch((el.text or "").strip()))


def _images_only(el: Element) -> bool:
    """Whether the paragraph `el` shows only images (no words of its own for a summary)."""
    return all(c.tag == "img" and not (c.tail or "").strip() for c in el) and not (el.text or "").strip()


def _holds_raw(el: Element) -> bool:
    """Whether `el` or anything in it holds a piece of the stashed HTML."""
    return any(_PLACEHOLDER.search(t) for e in el.iter() for t in (e.text, e.tail if e is not el else None) if t)


def _uncode(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _hidden(el: Element) -> bool:
    return (
        not isinstance(el.tag, str)  # a comment or a processing instruction
        or el.tag in _HIDDEN
    )


def _flush(buf: list[str], out: list[str]) -> None:
    text = "".join(buf)
    if text.strip():
        out.append(text)
    buf.clear()


class _HTMLText(HTMLParser):
    """The text a browser shows of a piece of HTML: a block tag starts a line, a table's cells are
    joined by 、, <br> breaks the line (in a cell it is a space), an image is its alt text;
    comments and what the sanitizer drops with its content (scripts, styles…) show nothing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.hidden: list[str] = []  # the open elements whose content is not text
        self.cells = 0

    def handle_starttag(self, tag, attrs):
        if self.hidden:
            if tag == self.hidden[0] and tag not in _VOID:
                self.hidden.append(tag)
            return
        if tag in _HIDDEN:
            if tag not in _VOID:
                self.hidden.append(tag)
        elif tag in _CELLS:
            if self.cells and "".join(self.line).strip():
                self.line.append("、")
            self.cells += 1
        elif tag == "br":
            self.line.append(" " if self.cells else "\n")
        elif tag == "img":
            self.line.append(dict(attrs).get("alt") or "")
        elif tag in _BLOCKS:
            self._end()

    def handle_startendtag(self, tag, attrs):
        # A browser ignores the / of <style/>: it opens the element (and hides what follows) as <style> does.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.pop()
        elif tag in _BLOCKS and tag not in _CELLS:
            self._end()

    def handle_data(self, data):
        if not self.hidden:
            self.line.append(data)

    def _end(self):
        if self.line:
            self.lines.append("".join(self.line))
        self.line = []
        self.cells = 0

    def text(self) -> str:
        self.close()
        self._end()
        return "\n".join(self.lines)


def _html_text(raw: str) -> str:
    if "<" not in raw and "&" not in raw:
        return raw
    parser = _HTMLText()
    parser.feed(raw)
    return parser.text()
