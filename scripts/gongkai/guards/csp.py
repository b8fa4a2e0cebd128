"""A Content-Security-Policy for every page: the site's own files only, no inline script but the theme's.

The policy goes into a `<meta http-equiv>` (static hosting rarely lets a county set headers).
The inline scripts allowed are those of the theme's templates (`KnownScripts`, read from the
template folders themselves), by the SHA-256 hash of each as it appears on the page. A script in
a page that no template holds (one that got past every other guard) gets no hash and does not
run, and the page is named so the build can say so; nothing is loaded from another host.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_HEAD = re.compile(r"<head[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)

#: Everything but script-src; styles may be inline (the theme sets some), which runs no code.
DIRECTIVES = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


_TEMPLATE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<code>.*?)</script>", re.S | re.I)
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
#: What a template expression inside a script may become: a short value without quotes, tags or
#: backslashes (a base URL such as ../.., a site option), never code of its own.
_VALUE = r"[^\"'<>\\\n`;(){}]{0,200}"


def _executable(attrs: str) -> bool:
    if re.search(r"\ssrc\s*=", attrs, re.I):
        return False
    kind = re.search(r"\stype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
    return not kind or kind.group(1).lower() in ("text/javascript", "module", "application/javascript")


class KnownScripts:
    """The inline scripts the theme's templates write: each as a pattern in which a template
    expression (`{{ base_url }}`…) stands for a plain value and everything else is literal."""

    def __init__(self, template_dirs: list[str | Path]):
        patterns = set()
        for folder in template_dirs:
            for path in sorted(Path(folder).rglob("*.html")):
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                for m in _TEMPLATE_SCRIPT.finditer(text):
                    code = m.group("code")
                    if not _executable(m.group("attrs")) or "{%" in code or not code.strip():
                        continue
                    parts = _EXPRESSION.split(code)
                    patterns.add(_VALUE.join(re.escape(part) for part in parts))
        self._patterns = [re.compile(p, re.S) for p in sorted(patterns)]

    def __contains__(self, code: str) -> bool:
        return any(p.fullmatch(code) for p in self._patterns)


def inline_scripts(html: str) -> list[str]:
    """The code of the inline scripts the browser would run, in page order."""
    return [code for _, code in script_spans(html)]


def script_spans(html: str) -> list[tuple[int, str]]:
    """(offset of its tag, code) of each inline script the browser would run, in page order (also
    `gongkai check` on a hand-written page's source, which MkDocs copies into the page as it is)."""
    out = []
    # Templates write lowercase tags; body HTML that reaches a page has been through the sanitiser.
    at = html.find("<script")
    while at >= 0:
        open_end = html.find(">", at)
        close = html.find("</script>", open_end)
        if open_end < 0 or close < 0:
            break
        attrs, start = html[at + len("<script") : open_end], at
        at = html.find("<script", close)
        if _executable(attrs):
            out.append((start, html[open_end + 1 : close]))
    return out


def _hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def policy(html: str, known: KnownScripts) -> tuple[str, list[str]]:
    """The page's policy (its own files, plus the theme's inline scripts by hash) and the code of
    the inline scripts it refuses."""
    allowed, refused = [], []
    for code in inline_scripts(html):
        if code in known:
            if _hash(code) not in allowed:
                allowed.append(_hash(code))
        else:
            refused.append(code)
    # 'wasm-unsafe-eval' lets the site search (Pagefind) compile its WebAssembly; it allows no eval of scripts.
    script_src = " ".join(["script-src 'self' 'wasm-unsafe-eval'", *allowed])
    return "; ".join((script_src, *DIRECTIVES)), refused


def with_policy(html: str, known: KnownScripts) -> tuple[str, list[str]]:
    """`html` with its policy as the first thing in <head> after the charset (it must precede any
    script), and the code of the inline scripts the policy refuses."""
    text, refused = policy(html, known)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{text}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html, refused
    return html[: anchor.end()] + "\n    " + tag + html[anchor.end() :], refused
