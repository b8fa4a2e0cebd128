"""The editor's lists of records: what the local server answers for a list, fast at 10,000 records
in one folder.

Decap parses the text of every entry it is given and draws a row for each: given a year of 10,000
whole front matters, it took about 20 s to show the first row (benchmarks/editor.py). So a list
entry holds only the front-matter keys the list shows (`LIST_KEYS`: the row's 索引号, title and
发布日期, and the 草稿 mark), the list comes a page at a time, newest first (editor.js's backend
asks for the next page when the clerk scrolls to the end), and what is read from disk is kept
while the file's size and time do not change: a list is read from disk once, then only
looked up.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..newrecord import DRAFT_SUFFIX
from ..records import RESERVED_DIRS

#: The front-matter keys of a row of the list: the summary, the identifier and the 草稿 filter
#: (gongkai.editor.config uses the same names).
LIST_KEYS = ("index_no", "title", "published", "draft")
#: The most a page may hold (the editor asks for PAGE_SIZE).
MAX_PAGE = 500
PAGE_SIZE = 100

_VALUE = {key: re.compile(rf"(?m)^{key}:[ \t]*['\"]?([^'\"\n]*?)['\"]?[ \t]*$") for key in ("published", "index_no")}


@dataclass(frozen=True)
class Row:
    """One entry of a list: its path (relative to the site), the light text Decap is given, and the
    full text's digest (Decap's entry id)."""

    path: str
    data: str
    id: str
    published: str
    index_no: str

    def entry(self) -> dict:
        return {"data": self.data, "file": {"path": self.path, "id": self.id}}


class Listing:
    """The rows of the lists under `base`/`root`, read from disk once per version of each file."""

    def __init__(self, base: Path, root: Path, lists: list[str] | tuple[str, ...]):
        self.base = base
        self.root = root
        #: The folders (relative to root) that are lists of their own, left out of the lists above them.
        self.lists = set(lists)
        self.cache: dict[str, tuple[tuple, Row]] = {}
        self.lock = threading.Lock()

    def rows(self, folder: Path) -> list[Row]:
        """Every record of the list `folder` (its pending draft, if any, in its place, and the draft of
        a record not yet written), by path."""
        if not folder.is_dir():
            return []
        found = self._files(folder)
        out = []
        with self.lock:
            for rel in sorted(found):
                row = self._row(rel, found[rel])
                if row is not None:
                    out.append(row)
        return out

    def warm(self) -> None:
        """Read every list once (the server does it in the background when it starts), so that the
        clerk's first list is answered from memory."""
        for rel in (*sorted(self.lists, reverse=True), "."):
            self.rows(self.root / rel)

    def page(self, folder: Path, number: int, size: int) -> dict:
        """Page `number` (from 1) of the list `folder`, newest first (发布日期, then 索引号)."""
        rows = sorted(self.rows(folder), key=lambda r: (r.published, r.index_no, r.path), reverse=True)
        pages = max(1, -(-len(rows) // size))
        number = min(max(1, number), pages)
        chosen = rows[(number - 1) * size : number * size]
        return {"entries": [r.entry() for r in chosen], "page": number, "pages": pages, "total": len(rows)}

    # -- reading --------------------------------------------------------------------------------

    def _files(self, folder: Path) -> dict[str, tuple]:
        """{record path relative to base: (its file's stat or None, its draft's stat or None)} for the
        list `folder`: any depth below it but the folders that are lists of their own, reserved
        folders, hidden names and README.md."""
        found: dict[str, list] = {}
        base = str(self.base) + os.sep
        root_rel = folder.relative_to(self.root).as_posix()
        stack = [(str(folder), "" if root_rel == "." else root_rel)]
        while stack:
            path, rel = stack.pop()
            try:
                items = list(os.scandir(path))
            except OSError:
                continue
            for item in items:
                name = item.name
                if name.startswith("."):
                    continue
                if item.is_dir(follow_symlinks=False):
                    sub = f"{rel}/{name}" if rel else name
                    if sub in self.lists or (not rel and name in RESERVED_DIRS):
                        continue
                    stack.append((item.path, sub))
                    continue
                if name.endswith(".md" + DRAFT_SUFFIX):
                    slot = 1
                    record = item.path[: -len(DRAFT_SUFFIX)]
                elif name.endswith(".md") and name.lower() != "readme.md":
                    slot = 0
                    record = item.path
                else:
                    continue
                try:
                    stat = item.stat()
                except OSError:
                    continue
                key = record[len(base) :].replace(os.sep, "/")
                found.setdefault(key, [None, None])[slot] = (stat.st_mtime_ns, stat.st_size)
        return {k: tuple(v) for k, v in found.items()}

    def _row(self, rel: str, version: tuple) -> Row | None:
        cached = self.cache.get(rel)
        if cached is not None and cached[0] == version:
            return cached[1]
        text = None
        for stat, path in ((version[1], rel + DRAFT_SUFFIX), (version[0], rel)):  # the draft first
            if stat is None:
                continue
            try:
                text = (self.base / path).read_text(encoding="utf-8-sig")
                break
            except (OSError, UnicodeDecodeError):
                continue
        if text is None:
            self.cache.pop(rel, None)
            return None
        data = light_front(text)
        row = Row(
            path=rel,
            data=data,
            id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            published=_value(data, "published"),
            index_no=_value(data, "index_no"),
        )
        self.cache[rel] = (version, row)
        return row


def front_matter(text: str) -> str:
    """The front matter of a record's text (with its --- lines)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return text[:2000]
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return "\n".join(lines[: i + 1]) + "\n"
    return text


def light_front(text: str, keys: tuple[str, ...] = LIST_KEYS) -> str:
    """The front matter reduced to the top-level `keys` (each with the lines that continue it, as
    written): what a row of the list needs, valid YAML when the record's is."""
    front = front_matter(text)
    lines = front.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return front
    out, keep = [], False
    for line in lines[1:]:
        if line.rstrip() == "---":
            break
        if line[:1] not in ("", " ", "\t", "-", "#"):
            keep = line.split(":", 1)[0].strip().strip("'\"") in keys
        if keep:
            out.append(line)
    return "---\n" + "".join(line + "\n" for line in out) + "---\n"


def _value(front: str, key: str) -> str:
    match = _VALUE[key].search(front)
    return match.group(1) if match else ""
