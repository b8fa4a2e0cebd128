"""Internal links of a built site: every link and resource of every page resolves to a built file.

The inspection counts links that do not open (链接可用性); a broken one is found here first, over
`site/` as the web server will serve it. Links to other hosts, `mailto:` and the like, and a page's
own anchors are not followed (a page's anchors are not files). A link starting with `/` is read
from the site's root: `site_url`'s path when the site is served below a folder.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Attributes that name a file to fetch or open, by tag.
ATTRIBUTES = {
    "href": {"a", "link", "area"},
    "src": {"img", "script", "iframe", "source", "audio", "video", "embed", "track", "input"},
    "srcset": {"img", "source"},
    "poster": {"video"},
    "data": {"object"},
    "action": {"form"},
}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
# The pages are the build's own, well-formed HTML: a start tag of interest is found by pattern, ten
# times faster than html.parser over thousands of pages. Comments and the text of scripts and styles
# are not markup: a tag starting inside one of them is not a link.
_TAG = re.compile(
    r"<(" + "|".join(sorted({t for ts in ATTRIBUTES.values() for t in ts})) + r")\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.IGNORECASE,
)
_NOT_MARKUP = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


@dataclass(frozen=True, order=True)
class Broken:
    """A link of `page` (relative to the site) at `line` whose target is not a file of the site."""

    page: str
    line: int
    attribute: str
    url: str
    target: str  # the file looked for, relative to the site ("" when outside it)


@dataclass
class LinkReport:
    pages: int = 0
    links: int = 0
    broken: list[Broken] | None = None


def _html_links(text: str) -> list[tuple[int, str, str]]:
    """(line, attribute, URL) of every link and resource of a page."""
    inside = [(m.start(), m.end()) for m in _NOT_MARKUP.finditer(text)]
    starts = [a for a, _ in inside]
    out = []
    line, counted = 1, 0  # the line at offset `counted`: lines are counted once, as the tags come
    for m in _TAG.finditer(text):
        i = _last_at_or_before(starts, m.start())
        if i is not None and inside[i][0] < m.start() < inside[i][1]:
            continue  # in a comment, or in a script's or style's text (its own opening tag is markup)
        tag = m[1].lower()
        line += text.count("\n", counted, m.start())
        counted = m.start()
        for a in _ATTRIBUTE.finditer(m[2]):
            name = a[1].lower()
            value = html.unescape(a[2] if a[2] is not None else a[3] if a[3] is not None else a[4] or "")
            if value and tag in ATTRIBUTES.get(name, ()):
                urls = [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
                out += [(line, name, url) for url in urls]
    return out


def _last_at_or_before(starts: list[int], position: int) -> int | None:
    i = bisect.bisect_right(starts, position) - 1
    return i if i >= 0 else None


def check(site: Path, base_path: str = "/") -> LinkReport:
    """Every link of the site's HTML pages and stylesheets, the broken ones sorted by page and line."""
    site = Path(site)
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    report = LinkReport(broken=[])
    for rel in sorted(files):
        if rel.endswith(".html"):
            links = _html_links((site / rel).read_text(encoding="utf-8", errors="replace"))
            report.pages += 1
        elif rel.endswith(".css"):
            text = (site / rel).read_text(encoding="utf-8", errors="replace")
            links = [
                (text.count("\n", 0, m.start()) + 1, "url", m[2] if m[2] is not None else m[4])
                for m in _CSS_URL.finditer(text)
            ]
        else:
            continue
        for line, attribute, url in links:
            target = _target(rel, url.strip(), base)
            if target is None:
                continue
            report.links += 1
            if not target or (target not in files and f"{target}/index.html" not in files):
                report.broken.append(Broken(rel, line, attribute, url, target))
    report.broken.sort()
    return report


def _target(page: str, url: str, base: str) -> str | None:
    """The file `url` on `page` names, relative to the site root; None for a link not into the site;
    "" for one that leaves it (`../../..`, a root path outside `base`)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another host, mailto:, data:, or only #anchor / ?query on the page itself
    path = unquote(parts.path)
    if path.startswith("/"):
        if not (path + "/").startswith(base) and path != base.rstrip("/"):
            return ""
        joined = path[len(base) :] if len(path) >= len(base) else ""
    else:
        joined = posixpath.join(posixpath.dirname(page), path)
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".." or normal.startswith("../"):
        return ""
    if normal == "." or path.endswith("/"):
        return posixpath.join(normal, "index.html").removeprefix("./")
    return normal
