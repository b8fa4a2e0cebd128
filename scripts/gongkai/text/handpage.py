"""A hand-written page of docs/ as MkDocs reads its title: its front matter's `title`, else its first
`# ` heading, else the name it is given."""

from __future__ import annotations

import yaml


def split(text: str, fallback: str) -> tuple[str, str]:
    """(the page's title, its Markdown without the front matter)."""
    meta, body = {}, text
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end != -1:
            try:
                loaded = yaml.safe_load(text[4:end])
            except yaml.YAMLError:
                loaded = None
            meta, body = (loaded if isinstance(loaded, dict) else {}), text[end + 5 :]
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip(), body
    heading = next((line[2:].strip() for line in body.splitlines() if line.startswith("# ")), "")
    return heading or fallback, body
