"""What a person reads: the visible text of a record, a page or a file, for the guards.

The personal-data guard (gongkai.text.pii) and the leak scan (gongkai.guards.leaks) must read what a reader
reads, not the characters a file happens to hold: ``139<b>1234</b>5678``, ``1391234**5678**`` (in
Markdown), ``&#49;3912345678``, ``139\\u200b1234\\u200b5678`` and ``１３９１２３４５６７８`` all
show a reader the same mobile number. One normalisation, used by both:

1. Compatibility forms are folded (Unicode NFKC): full-width digits, letters and punctuation,
   mathematical digits (``𝟏𝟑𝟗``), circled and superscript digits, the no-break and ideographic
   spaces. On top of NFKC, the hyphens of every width (U+2010–2013, minus U+2212) read ``-``,
   the middle dots (``·`` U+00B7, ``・`` U+30FB, U+2027, U+2219, U+22C5) read ``.``, the fraction
   and division slashes read ``/``, the line and paragraph separators read as a space.
2. With ``markup``: HTML comments and tags are removed (an inline tag such as ``<b>``, ``<span>``,
   ``<wbr>`` joins what is around it; ``<br>`` reads as a space; any other tag — a paragraph, a
   table cell — is a boundary, written ``|``), and character references are decoded
   (``&#49;``, ``&#x31;``, ``&amp;``, HTML5 names).
3. Unicode format characters (category Cf: zero-width space and joiners, word joiner, soft
   hyphen, byte-order mark, direction marks, tag characters), combining marks (U+0300–036F and
   the other combining blocks), variation selectors, the Hangul fillers and the rest of Unicode's
   Default_Ignorable_Code_Point (unassigned points included) are removed: they show nothing.

Markdown emphasis is not removed here (a ``*`` is also a mask character): gongkai.text.pii reads
``*``, ``~`` and backticks between digits as nothing.

Two ways to get it: `text` (C-speed, for the whole built site: line breaks stay where they were,
so a line of the visible text is the same line of the file) and `view` (which also maps every
character back to the source, for messages at the right line and for masking in place). Both
give the same text. `hidden` lists what markup publishes without showing it (comments, attribute
values such as ``alt``, ``title`` and ``href``): the guards read those pieces too.
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

__all__ = ["View", "compact", "hidden", "marks_skipped", "text", "view"]

#: Tags that do not break the text a reader sees (HTML "phrasing content" that is not replaced).
INLINE_TAGS = frozenset(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd mark nobr q rb rp rt rtc ruby s samp "
    "small span strike strong sub sup time tt u var wbr".split()
)
#: What a block tag (a paragraph, a table cell, a heading ...) leaves between the texts it separates.
BOUNDARY = "|"

# Folds on top of NFKC: one character for one.
_EXTRA_FOLDS = {
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2043\u2212\u02d7", "-"),
    **dict.fromkeys("\u00b7\u2027\u2219\u22c5\u30fb\uff65", "."),
    **dict.fromkeys("\u2044\u2215", "/"),
    **dict.fromkeys("\u2028\u2029\u2800", " "),  # line/paragraph separators, the Braille blank
}
# Invisible characters that are not of category Cf (those are found from unicodedata).
_EXTRA_INVISIBLE = (
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
    "\u180b-\u180d\u180f\u115f\u1160\u3164\uffa0\U000e0100-\U000e01ef]"
)
# Planes read for NFKC folds and format characters: the BMP, the mathematical alphanumerics,
# the enclosed alphanumerics, the segmented digits, the CJK compatibility supplement, the tags.
_RANGES = ((0, 0x10000), (0x1D400, 0x1D800), (0x1F100, 0x1F200), (0x1FBF0, 0x1FC00), (0x2F800, 0x2FA20))
_FORMAT_EXTRA = ((0x110BD, 0x110BE), (0x110CD, 0x110CE), (0x13430, 0x13440))
# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): what a renderer shows as
# nothing, assigned or not yet assigned. Category Cf and the blocks above hold most of it; not the
# Khmer inherent vowels (U+17B4, U+17B5: marks), U+2065 and U+FFF0–FFF8 (unassigned), nor the tag
# plane past its tags and variation selectors (U+E0080–E00FF, U+E01F0–E0FFF): each split a number
# unseen, and the guards read it as two. (The tag plane, U+E0000–E0FFF, is wholly here.)
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AE), (0x034F, 0x0350), (0x061C, 0x061D), (0x115F, 0x1161), (0x17B4, 0x17B6),
    (0x180B, 0x1810), (0x200B, 0x2010), (0x202A, 0x202F), (0x2060, 0x2070), (0x3164, 0x3165),
    (0xFE00, 0xFE10), (0xFEFF, 0xFF00), (0xFFA0, 0xFFA1), (0xFFF0, 0xFFF9), (0x1BCA0, 0x1BCA4),
    (0x1D173, 0x1D17B), (0xE0000, 0xE1000),
)  # fmt: skip

_NONCHARACTERS = (
    *range(0xFDD0, 0xFDF0),
    *(plane + c for plane in range(0, 0x110000, 0x10000) for c in (0xFFFE, 0xFFFF)),
)

_ASTRAL_NONCHARACTER = re.compile("[" + "".join(chr(c) for c in _NONCHARACTERS if c >= 0x10000) + "]")


def _beyond_bmp(s: str) -> bool:
    """Whether `s` holds a character beyond the BMP: in C, some 1 µs for a record (a regex class
    takes 10 to 30 times that, max() more)."""
    return len(s.encode("utf-16-le", "surrogatepass")) != 2 * len(s)


@dataclass(frozen=True)
class _Tables:
    one: dict[int, str]  # one character for one: str.translate
    one_re: re.Pattern
    one_runs: re.Pattern
    drop_re: re.Pattern  # removed
    multi: dict[str, str]  # one character for several (already folded): ⑴ -> (1), ㎡ -> m2
    multi_re: re.Pattern


def _class(chars) -> str:
    """A regex character class of `chars` (code points), as ranges."""
    parts, run = [], []
    for c in sorted(chars):
        if run and c == run[-1] + 1:
            run.append(c)
            continue
        if run:
            parts.append(_range(run[0], run[-1]))
        run = [c]
    if run:
        parts.append(_range(run[0], run[-1]))
    return "[" + "".join(parts) + "]" if parts else "[^\\s\\S]"


def _range(a: int, b: int) -> str:
    return re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"


@cache
def _tables() -> _Tables:
    """Built on first use (some 20 ms): which characters NFKC changes, which are format characters."""
    invisible = re.compile(_EXTRA_INVISIBLE)
    category, is_normalized, normalize = unicodedata.category, unicodedata.is_normalized, unicodedata.normalize
    drop = {c for a, b in (*_FORMAT_EXTRA, *_DEFAULT_IGNORABLE) for c in range(a, b)}
    one, multi = {}, {}
    for a, b in _RANGES:
        for c in range(a, b):
            ch = chr(c)
            if category(ch) == "Cf" or (0x300 <= c and invisible.match(ch)):
                drop.add(c)
            elif category(ch) == "Nd" and not ch.isascii() and is_normalized("NFKC", ch):
                one[c] = str(unicodedata.digit(ch))  # ٣ ३ ৩ …: digits NFKC keeps as they are
            elif not is_normalized("NFKC", ch):
                folded = "".join(_EXTRA_FOLDS.get(x, x) for x in normalize("NFKC", ch))
                if len(folded) == 1:
                    one[c] = folded
                else:
                    multi[ch] = folded
    one.update({ord(k): v for k, v in _EXTRA_FOLDS.items()})
    # The 66 noncharacters are never text (a browser shows a box or nothing): each folds to a
    # character that is then removed, so none splits a number, and none is taken for _HOLE or
    # _BREAK. Those of the BMP here; the others in _fold, only in a text beyond the BMP (in a class
    # here they made every text's fold a third slower).
    one.update(dict.fromkeys((c for c in _NONCHARACTERS if c < 0x10000), "\u200b"))
    drop_re = re.compile(_class(drop))
    # A folded value may itself hold what is removed or folded (¨ is a space and a combining mark).
    multi = {k: drop_re.sub("", v.translate(one)) for k, v in multi.items()}
    one_class = _class(one)
    multi_re = re.compile(_class(map(ord, multi)))
    return _Tables(one, re.compile(one_class), re.compile(one_class + "+"), drop_re, multi, multi_re)


# --- markup -----------------------------------------------------------------------------------------

# A comment ends at --> or --!> (and <!--> and <!---> are empty ones), as HTML parses it: read to
# the next --> only, a comment closed with --!> hid from the guards the text a reader sees after it.
_COMMENT = r"<!--(?:-?>|(?P<comment>.*?)(?:--!?>|\Z))"
_NAME = r"[A-Za-z][A-Za-z0-9-]*(?::[A-Za-z0-9-]+)?"  # not an autolink <https://...> or <a@b.cn>
_TAG = rf"</?(?P<name>{_NAME})(?=[\s/>])[^<>]*>"
# Character references as a browser decodes them: numeric, and named (letters and digits with a
# semicolon; without one, only the legacy names such as &amp and &copy, which end there).
_LEGACY = sorted((k for k in html.entities.html5 if not k.endswith(";")), key=len, reverse=True)
_ENTITY = rf"&(?:#[0-9]{{1,8}};?|#[xX][0-9a-fA-F]{{1,8}};?|[A-Za-z][A-Za-z0-9]{{0,31}};|(?:{'|'.join(_LEGACY)}))"
_MARKUP = re.compile(f"{_COMMENT}|{_TAG}|{_ENTITY}", re.DOTALL)
_ATTRIBUTE = re.compile(r"""\s[^\s"'=<>/]+\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""")
# (A tag does not reach over what `text` has removed already: its holes stop it as a < would.)
_INLINE_TAG = re.compile(
    r"</?(?:" + "|".join(sorted(INLINE_TAGS, key=len, reverse=True)) + r")(?=[\s/>])[^<>\n\ufdd0\ufdd1]*>", re.I
)
_BR_TAG = re.compile(r"</?br(?=[\s/>])[^<>\n\ufdd0\ufdd1]*>", re.I)
_ANY_TAG = re.compile(rf"</?{_NAME}(?=[\s/>])[^<>\n\ufdd0\ufdd1]*>")
# (Up to its first line break, then to its end: one way to match, so a long run of lines is read once.)
_NEWLINE_TAG = re.compile(rf"</?{_NAME}(?=[\s/>])[^<>\n\ufdd0]*\n[^<>\ufdd0]*>")
_COMMENT_RE = re.compile(r"<!--(?:-?>|.*?(?:--!?>|\Z))", re.DOTALL)
_ENTITY_RE = re.compile(_ENTITY)


def _markup_value(m: re.Match) -> str:
    """What a comment, a tag or a character reference reads as."""
    s = m.group()
    if s[0] == "&":
        return _clean(html.unescape(s).replace("\r", " ").replace("\n", " "))
    lines = "\n" * s.count("\n")  # kept: a line of the visible text is the same line of the source
    if s.startswith("<!--"):
        return lines
    name = s.lstrip("</").split(None, 1)[0].split("/", 1)[0].split(">", 1)[0].lower()
    if name in INLINE_TAGS:
        return lines
    return (" " if name == "br" else BOUNDARY) + lines


_HOLE, _BREAK = "\ufdd0", "\ufdd1"  # noncharacters: never in a text


def _holed(m: re.Match) -> str:
    value = _markup_value(m)
    return value if value.strip("\n") else _HOLE + value


def _fold(s: str) -> str:
    """The folds of one character for one (positions stay). A callback for each run of such
    characters is much faster than str.translate on text that is mostly Chinese."""
    t = _tables()
    if _beyond_bmp(s) and _ASTRAL_NONCHARACTER.search(s):  # the others are folds of `one`
        s = _ASTRAL_NONCHARACTER.sub("\u200b", s)
    if t.one_re.search(s) is None:
        return s
    one = t.one
    return t.one_runs.sub(lambda m: m.group().translate(one), s)


def _clean(s: str) -> str:
    """Folds and removals, without markup."""
    t = _tables()
    s = _fold(s)
    if t.drop_re.search(s):
        s = t.drop_re.sub("", s)
    if t.multi_re.search(s):
        s = t.multi_re.sub(lambda m: t.multi[m.group()], s)
    return s


_last: tuple[str, bool, str] | None = None


def text(s: str, markup: bool = True) -> str:
    """The visible text of `s`: the same as ``view(s, markup).text``, at C speed, with every line
    break where it was (a tag or a comment over several lines leaves its line breaks)."""
    global _last
    if _last is not None and _last[1] == markup and (_last[0] is s or _last[0] == s):
        return _last[2]  # the leak scan asks twice for each piece: secrets, then personal data
    source, t = s, _tables()
    s = _fold(s)
    if markup and "<" in s:
        # As `view` reads from left to right: comments first (a tag, which ends at the first <, never
        # holds one; a comment may hold tags, or what looks like the end of a tag), then tags. What is
        # removed leaves a hole until the character references are decoded: "&#<b></b>49;", "<<b>b>"
        # or "<x<br>>" must not become a reference or a tag.
        if "<!--" in s:
            s = _COMMENT_RE.sub(_holed, s)
        if "\n" in s and _NEWLINE_TAG.search(s):
            s = _NEWLINE_TAG.sub(_holed, s)
        s = _INLINE_TAG.sub(_HOLE, s)
        s = _BR_TAG.sub(_BREAK, s)
        s = _ANY_TAG.sub(BOUNDARY, s)
    if markup and "&" in s:
        s = _ENTITY_RE.sub(_markup_value, s)
    if markup and _HOLE in s:
        s = s.replace(_HOLE, "")
    if markup and _BREAK in s:
        s = s.replace(_BREAK, " ")
    if t.drop_re.search(s):
        s = t.drop_re.sub("", s)
    if t.multi_re.search(s):
        s = t.multi_re.sub(lambda m: t.multi[m.group()], s)
    _last = (source, markup, s)
    return s


def compact(s: str) -> str:
    """`s` without any white space: a title still reads as itself when a line break, a space or
    an indent was put inside it."""
    return _SPACE.sub("", s)


_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class View:
    """The visible text of a source, and where each of its characters comes from."""

    text: str
    # Spans of the source that became something else: view start/end, source start/end (sorted).
    _vstart: tuple[int, ...] = ()
    _vend: tuple[int, ...] = ()
    _sstart: tuple[int, ...] = ()
    _send: tuple[int, ...] = ()

    def _locate(self, i: int) -> tuple[int, int]:
        """The source span of the view's character `i`."""
        k = bisect_right(self._vstart, i) - 1
        if k < 0:
            return i, i + 1
        if i < self._vend[k]:
            return self._sstart[k], self._send[k]
        at = self._send[k] + i - self._vend[k]
        return at, at + 1

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source that reads as ``text[start:end]`` (end > start)."""
        return self._locate(start)[0], self._locate(end - 1)[1]

    def source_chars(self, start: int, end: int) -> list[tuple[int, int]]:
        """The source span of each character of ``text[start:end]``."""
        return [self._locate(i) for i in range(start, end)]


def view(s: str, markup: bool = True) -> View:
    """The visible text of `s` (see the module's description), mapped back to `s`."""
    t = _tables()
    folded = _fold(s)  # one for one: positions stay
    if not (
        (markup and ("<" in folded or "&" in folded))
        or t.drop_re.search(folded)
        or (t.multi and t.multi_re.search(folded))
    ):
        return View(folded)
    pattern = _view_pattern(markup)
    parts, vstart, vend, sstart, send = [], [], [], [], []
    pos = out = 0
    for m in pattern.finditer(folded):
        g = m.lastgroup
        if g == "drop":
            value = ""
        elif g == "multi":
            value = t.multi[m.group()]
        else:
            value = _markup_value(m)
            if value == m.group():
                continue  # "&zhang" is no reference: its characters stay themselves, one for one
        a, b = m.span()
        parts.append(folded[pos:a])
        out += a - pos
        parts.append(value)
        vstart.append(out)
        vend.append(out + len(value))
        sstart.append(a)
        send.append(b)
        out += len(value)
        pos = b
    parts.append(folded[pos:])
    return View("".join(parts), tuple(vstart), tuple(vend), tuple(sstart), tuple(send))


@cache
def _view_pattern(markup: bool) -> re.Pattern:
    t = _tables()
    chars = f"(?P<drop>{t.drop_re.pattern})|(?P<multi>{t.multi_re.pattern})"
    if not markup:
        return re.compile(chars)
    return re.compile(f"(?P<markup>{_COMMENT}|{_TAG}|{_ENTITY})|{chars}", re.DOTALL)


def hidden(s: str) -> Iterator[tuple[int, int]]:
    """Spans of `s` that markup publishes without showing them in the text: the contents of HTML
    comments and the values of attributes (``alt``, ``title``, ``href`` ...). Each is read as
    text of its own."""
    if "<" not in s:
        return
    for m in _MARKUP.finditer(s):
        if m.group("comment") is not None:
            if m.group("comment").strip():
                yield m.span("comment")
        elif m.group("name") is not None and "=" in m.group():
            for a in _ATTRIBUTE.finditer(s, m.start(), m.end()):
                k = next(i for i in (1, 2, 3) if a.group(i) is not None)
                if a.group(k).strip():
                    yield a.span(k)


def hidden_with_digits(s: str) -> Iterator[tuple[int, int]]:
    """`hidden`, only the comments and attribute values with an @ or ten digits or more in them (the
    leak scan reads the built site's thousands of class names and short links faster so)."""
    if "<" not in s:
        return
    if "<!--" in s:
        for m in _COMMENT_RE.finditer(s):
            if _TEN_DIGITS.search(m.group()):
                end = m.group()
                yield m.start() + 4, m.end() - (4 if end.endswith("--!>") else 3 if end.endswith("-->") else 0)
    for m in _QUOTED_WITH_DIGITS.finditer(s):
        yield m.span(1) if m.group(1) is not None else m.span(2)


_TEN_DIGITS = re.compile(r"[@＠]|(?:[0-9０-９][^0-9０-９]{0,8}){9}[0-9０-９]")
# An attribute's quoted value holding ten digits (a few other characters between them) or an @: the
# value must follow an attribute name, so that a match starts only where a value does (linear).
_QUOTED_WITH_DIGITS = re.compile(
    r"""(?<=[\s"'])[^\s"'<>=/]+\s*=\s*(?:"""
    r""""((?=[^"]*?(?:[@＠]|(?:[0-9０-９][^0-9０-９"]{0,8}){9}[0-9０-９]))[^"]*)"|"""
    r"""'((?=[^']*?(?:[@＠]|(?:[0-9０-９][^0-9０-９']{0,8}){9}[0-9０-９]))[^']*)')"""
)


#: What a reader reads past inside a number or a title in a body: a footnote's mark
#: (110105199[^1]001011232 shows a small ¹ inside it), a struck or raised digit
#: (139<del>0</del>12345678 reads as the phone without the 0).
#: Each bounded: a body of a million unclosed <s> or [^ must not take each to its end.
_SKIPPED = re.compile(
    r"\[\^[^\]\n]{0,100}\]|<(del|s|strike|sup)\b[^<>]{0,200}>[^<]{0,200}</\1\s*>|~~[^~\n]{1,200}~~", re.I
)


def marks_skipped(body: str) -> str | None:
    """A Markdown `body` with those marks left out (its lines where they were), or None when it has
    none: the guards read it this way too."""
    if _SKIPPED.search(body) is None:
        return None
    return _SKIPPED.sub(lambda m: "\n" * m.group().count("\n"), body)
