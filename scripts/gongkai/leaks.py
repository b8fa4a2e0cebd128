"""The last guard: read every file of the built site and look for what must never be published.

Every other guard works on the input; this one works on the output, so it also catches what
a theme override, a hand-written page, a plugin or the search index let through.
"""

from __future__ import annotations

import gzip
import html
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: Files of the site that carry text: pages, search indexes, feeds, sitemaps, exports.
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".txt", ".csv", ".atom", ".rss", ".js", ".webmanifest"}
#: The theme's own code and fonts are not content.
SKIP_DIRS = ("assets/javascripts/", "assets/stylesheets/", "assets/fonts/")


@dataclass(frozen=True)
class Secret:
    """A text that must not appear anywhere in the site, and why."""

    text: str
    why: str  # e.g. "草稿 fgj/2025-00002 的标题"


@dataclass(frozen=True)
class Leak:
    """Where a secret was found. It carries no excerpt: build logs must not repeat what they hide."""

    file: str  # relative to the site folder
    why: str
    line: int | None = None  # in the file as decoded; None for JSON indexes


def site_texts(site: Path) -> Iterator[tuple[str, str | None, str]]:
    """(path relative to `site`, page it belongs to or None, text) of every text file.

    Text is decoded the way a reader sees it; a search index yields one piece per page entry,
    so that what is found there can be traced to the page it came from.
    """
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(SKIP_DIRS):
            continue
        data = path.read_bytes()
        suffix = path.suffix.lower()
        if suffix == ".gz":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                continue
            suffix = Path(path.stem).suffix.lower()
        if suffix not in TEXT_SUFFIXES:
            continue
        text = data.decode("utf-8", errors="replace")
        if suffix == ".json":
            try:
                value = json.loads(text)
            except ValueError:
                value = None
            docs = value.get("docs") if isinstance(value, dict) else None
            if isinstance(docs, list) and all(isinstance(d, dict) for d in docs):
                for doc in docs:
                    page = str(doc.get("location", "")).split("#", 1)[0]
                    yield rel, page, _unescape("\n".join(_strings(doc)))
                rest = {k: v for k, v in value.items() if k != "docs"}
                yield rel, None, _unescape("\n".join(_strings(rest)))
                continue
            if value is not None:
                text = "\n".join(_strings(value))
        page = rel[: -len("index.html")] if rel.endswith("index.html") else rel if suffix == ".html" else None
        yield rel, page, _unescape(text)


def _unescape(text: str) -> str:
    # Twice: search indexes hold escaped HTML inside JSON strings.
    return html.unescape(html.unescape(text))


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def scan(
    site: Path,
    secrets: list[Secret],
    find_personal: Callable[[str, str | None, str], list[tuple[str, int]]] | None = None,
) -> list[Leak]:
    """Every place in `site` where a secret, or personal data that `find_personal` reports, appears.

    `find_personal(file, page, text)` returns (why, offset) pairs; it knows which pages are exempt.
    """
    leaks = []
    for rel, page, text in site_texts(site):
        found = [(secret.why, text.find(secret.text)) for secret in secrets]
        found = [(why, at) for why, at in found if at >= 0]
        if find_personal is not None:
            found += find_personal(rel, page, text)
        has_lines = not rel.endswith((".json", ".json.gz"))
        leaks += [Leak(rel, why, text.count("\n", 0, at) + 1 if has_lines else None) for why, at in found]
    return leaks


def report(leaks: list[Leak], site_name: str = "site") -> str:
    lines = [
        f"{site_name}/{leak.file}" + (f":{leak.line}" if leak.line else "") + f": {leak.why}" for leak in leaks[:50]
    ]
    if len(leaks) > 50:
        lines.append(f"……另有 {len(leaks) - 50} 处。")
    return "\n".join(lines)
