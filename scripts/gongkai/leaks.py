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


def site_texts(site: Path) -> Iterator[tuple[str, str]]:
    """(path relative to `site`, text) of every text file, decoded the way a reader would see it."""
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
                text = "\n".join(_strings(json.loads(text)))
            except ValueError:
                pass
        # Entities twice: search indexes hold escaped HTML inside JSON strings.
        yield rel, html.unescape(html.unescape(text))


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
    find_personal: Callable[[str, str], list[tuple[str, int]]] | None = None,
) -> list[Leak]:
    """Every place in `site` where a secret, or personal data that `find_personal` reports, appears.

    `find_personal(file, text)` returns (why, offset) pairs; it decides what is exempt.
    """
    leaks = []
    for rel, text in site_texts(site):
        has_lines = not rel.endswith((".json", ".json.gz"))
        for secret in secrets:
            at = text.find(secret.text)
            if at >= 0:
                leaks.append(Leak(rel, secret.why, text.count("\n", 0, at) + 1 if has_lines else None))
        if find_personal is not None:
            for why, at in find_personal(rel, text):
                leaks.append(Leak(rel, why, text.count("\n", 0, at) + 1 if has_lines else None))
    return leaks


def report(leaks: list[Leak], site_name: str = "site") -> str:
    lines = [
        f"{site_name}/{leak.file}" + (f":{leak.line}" if leak.line else "") + f": {leak.why}" for leak in leaks[:50]
    ]
    if len(leaks) > 50:
        lines.append(f"……另有 {len(leaks) - 50} 处。")
    return "\n".join(lines)
