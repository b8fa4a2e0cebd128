"""A Content-Security-Policy for every page: the site's own files only, no inline script but the theme's.

The policy goes into a `<meta http-equiv>` (static hosting rarely lets a county set headers).
The theme's few inline scripts are allowed by their SHA-256 hash, computed from the page as built,
so anything else inline (a script that got past every other guard) does not run; nothing is
loaded from another host.
"""

from __future__ import annotations

import base64
import hashlib
import re

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


def script_hashes(html: str) -> list[str]:
    """CSP hash sources of the inline scripts the browser would run."""
    out = []
    # Templates write lowercase tags; body HTML that reaches a page has been through the sanitiser.
    at = html.find("<script")
    while at >= 0:
        open_end = html.find(">", at)
        close = html.find("</script>", open_end)
        if open_end < 0 or close < 0:
            break
        attrs = html[at + len("<script") : open_end]
        at = html.find("<script", close)
        if re.search(r"\ssrc\s*=", attrs, re.I):
            continue
        kind = re.search(r"\stype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
        if kind and kind.group(1).lower() not in ("text/javascript", "module", "application/javascript"):
            continue  # data blocks (application/json) are never executed
        code = html[open_end + 1 : close]
        source = "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"
        if source not in out:
            out.append(source)
    return out


def policy(html: str) -> str:
    """The page's policy: its own files, plus its theme's inline scripts by hash."""
    # 'wasm-unsafe-eval' lets the site search (Pagefind) compile its WebAssembly; it allows no eval of scripts.
    script_src = " ".join(["script-src 'self' 'wasm-unsafe-eval'", *script_hashes(html)])
    return "; ".join((script_src, *DIRECTIVES))


def with_policy(html: str) -> str:
    """`html` with its policy as the first thing in <head> after the charset (it must precede any script)."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html
    return html[: anchor.end()] + "\n    " + tag + html[anchor.end() :]
