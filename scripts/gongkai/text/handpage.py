"""A hand-written page of docs/ as MkDocs reads its title: its front matter's `title`, else its first
`# ` heading, else the name it is given."""

from __future__ import annotations

import re

import yaml

#: MkDocs' front matter (mkdocs.utils.meta.YAML_RE): a fence of ---, closed by --- or ..., spaces after.
_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


def split(text: str, fallback: str) -> tuple[str, str]:
    """(the page's title, its Markdown without the front matter)."""
    meta, body = {}, text
    found = _FRONT.match(text)
    if found:
        try:
            loaded = yaml.safe_load(found.group(1))
        except yaml.YAMLError:
            loaded = None
        meta, body = (loaded if isinstance(loaded, dict) else {}), text[found.end() :]
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip(), body
    heading = next((line[2:].strip() for line in body.splitlines() if line.startswith("# ")), "")
    return heading or fallback, body
