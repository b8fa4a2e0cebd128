"""Links in a record's body to local files (images, documents, other records): found, then rewritten.

A clerk writes links relative to the record file, as any Markdown editor previews them
(`![](files/map.png)`, `[原文](../2024/czj-00001.md)`); on the site the record lives at a URL
made from its 索引号, so those links must point at the published copies instead.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

_INLINE = re.compile(r"(?P<head>!?\[(?:[^\[\]\\]|\\.)*\]\(\s*)(?P<dest><[^>\n]*>|[^\s)]+)")
_REFDEF = re.compile(r"^(?P<head> {0,3}\[(?!\^)[^\]]+\]:\s*)(?P<dest><[^>\n]*>|\S+)")  # [^1]: is a footnote
# A fenced block as Python-Markdown's fenced_code reads one (MkDocs always enables it): the opening
# fence at the line's start with nothing after it but a language, {attributes} or hl_lines; the
# block ends at the first line that is the same fence again (spaces after it only). Anything else
# is text to Python-Markdown, so it is text to the checks.
_FENCE = re.compile(r"(`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|').*?\2[ ]*)?)$")


@dataclass(frozen=True)
class BodyLink:
    """A link destination in the body that names a local file."""

    line: int  # 0-based, within the body
    target: str  # as written (without <>)
    path: str  # the file part, percent-decoded
    fragment: str  # "#..." or ""


def _local(target: str) -> tuple[str, str] | None:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    if urlsplit(html.unescape(target)).scheme:
        return None  # &#106;avascript: is a scheme to the browser (and the sanitiser removes it), not a file
    return unquote(parts.path), f"#{parts.fragment}" if parts.fragment else ""


#: A path on the writer's own computer: a drive (C:\\…, C:/…), a network share (\\\\server\\…) or a
#: file: address, as Word, WPS and a clerk's paste leave them. The browser of a citizen cannot open
#: it, and the sanitiser drops a file: source, so the page showed an empty image.
_ON_DISK = re.compile(r"(?i)^(?:[a-z]:[\\/]|\\\\|file:)")
#: The source or target of an image or a link in raw HTML.
_HTML_DEST = re.compile(r"""(?i)<[a-z][^<>]{0,500}?\s(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def disk_paths(body: str) -> list[tuple[int, str]]:
    """(0-based line, destination) of each link or image of `body`, in Markdown or HTML, that
    points to a file on the writer's own computer (see _ON_DISK)."""
    out = [(n, dest) for n, dest in destinations(body) if _ON_DISK.match(dest)]
    for n, line in lines_outside_code(body):
        for m in _HTML_DEST.finditer(line):
            dest = html.unescape(next(g for g in m.groups() if g is not None)).strip()
            if _ON_DISK.match(dest):
                out.append((n, dest))
    return sorted(out)


_BACKTICKS = re.compile(r"`+")


def code_spans_blanked(text: str) -> str:
    """`text` with each code span, backticks and all, made spaces (the same length, line breaks
    kept): a run of backticks opens one when a later run of the same length on its line closes it,
    else it is a backtick as written. Linear: the lazy patterns it replaces took minutes on a line
    of a few thousand backticks (2,000 took 106 s)."""
    if "`" not in text:
        return text
    return "\n".join(_line_spans_blanked(line) if "`" in line else line for line in text.split("\n"))


def _line_spans_blanked(line: str) -> str:
    runs = [m.span() for m in _BACKTICKS.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(i)
    out, at, i = [], 0, 0
    while i < len(runs):
        a, b = runs[i]
        same = by_length[b - a]
        k = bisect.bisect_right(same, i)
        if k == len(same):  # no closing run: a backtick as written
            i += 1
            continue
        j = same[k]
        out += [line[at:a], " " * (runs[j][1] - a)]
        at, i = runs[j][1], j + 1
    out.append(line[at:])
    return "".join(out)


def lines_outside_code(body: str):
    """(0-based line, text) of the body's lines outside fenced code blocks. A fence never closed
    opens none: Python-Markdown reads what follows it as text, so the checks read it too (they
    skipped the rest of the body, links, tags and brackets included)."""
    lines = body.split("\n")
    n = 0
    while n < len(lines):
        m = _FENCE.match(lines[n])
        if m:
            fence = m.group(1)
            end = next((k for k in range(n + 1, len(lines)) if lines[k].rstrip(" ") == fence), None)
            if end is not None:
                n = end + 1
                continue
        # Indented lines are not skipped: in a clerk's text they are list items and admonitions.
        yield n, lines[n]
        n += 1


def local_links(body: str) -> list[BodyLink]:
    """Every inline or reference link/image in `body` whose destination is a relative path."""
    return [BodyLink(n, dest, *local) for n, dest in destinations(body) if (local := _local(dest)) is not None]


def destinations(body: str) -> list[tuple[int, str]]:
    """(0-based line, destination as written, without <>) of every inline or reference link and
    image of `body` outside fenced code, local or not."""
    out = []
    for n, line in lines_outside_code(body):
        for m in (*_INLINE.finditer(line), *_REFDEF.finditer(line)):
            dest = m.group("dest")
            out.append((n, dest[1:-1] if dest.startswith("<") else dest))
    return out


def rewrite(body: str, destinations: dict[str, str]) -> str:
    """`body` with each local destination replaced by `destinations[target]` (others left alone)."""
    lines = body.split("\n")

    def swap(m: re.Match) -> str:
        dest = m.group("dest")
        target = dest[1:-1] if dest.startswith("<") else dest
        new = destinations.get(target)
        return m.group(0) if new is None else m.group("head") + f"<{new}>"

    for n, line in lines_outside_code(body):
        lines[n] = _REFDEF.sub(swap, _INLINE.sub(swap, line))
    return "\n".join(lines)
