"""The editor's lists of records: what the local server answers for a list, fast at 10,000 records
in one folder.

Decap parses the text of every entry it is given and draws a row for each: given a year of 10,000
whole front matters, it took about 20 s to show the first row (benchmarks/editor.py). So a list
entry holds only the front-matter keys the list shows (`LIST_KEYS`: the row's 索引号, title and
发布日期, and the 草稿 mark), the list comes a page at a time, newest first (editor.js's backend
asks for the next page when the clerk scrolls to the end), a search gets from each list the
newest SEARCH_SIZE records holding the words typed (Decap then ranks them). What is read from disk
is kept while the file's size and time do not change, and a list's order while its folders do not
change (Snapshot): a list is read from disk once, then pages are only looked up.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from gongkai.clerk import inside
from gongkai.clerk.newrecord import DRAFT_SUFFIX
from gongkai.model.records import RESERVED_DIRS

#: The front-matter keys of a row of the list: the summary, the identifier and the 草稿 filter
#: (gongkai.editor.config uses the same names).
LIST_KEYS = ("index_no", "title", "published", "draft")
#: The most a page may hold (the editor asks for PAGE_SIZE; a search, for SEARCH_SIZE a list).
MAX_PAGE = 500
PAGE_SIZE = 100
SEARCH_SIZE = 100
#: Seconds a list's snapshot stands while its folders are unchanged (Snapshot).
RECHECK = 30.0
#: A folder whose time is this recent (ns) when read may change again unseen within its clock's tick.
SETTLED_NS = 100_000_000

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
    #: The listed values, casefolded, one a line: what a search looks in.
    values: str

    def entry(self) -> dict:
        return {"data": self.data, "file": {"path": self.path, "id": self.id}}


@dataclass(frozen=True)
class Snapshot:
    """A list as last read: its rows by path and newest first, and the folders walked with their
    times. Adding, removing or renaming a record (as the editor's saves, `gongkai new` and git do)
    changes its folder's time, so the snapshot stands while no folder's time changed, for
    `recheck` seconds: a file rewritten in place (a text editor's save) shows in the list after
    that at the latest (a record opened is always read from disk)."""

    folders: tuple[tuple[str, int], ...] | None  # None: not to be trusted again
    taken: float
    rows: list[Row]
    newest: list[Row]

    def fresh(self, recheck: float) -> bool:
        if self.folders is None or time.monotonic() - self.taken > recheck:
            return False
        try:
            return all(os.stat(path).st_mtime_ns == mtime for path, mtime in self.folders)
        except OSError:
            return False


class Listing:
    """The rows of the lists under `base`/`root`, read from disk once per version of each file."""

    def __init__(self, base: Path, root: Path, lists: list[str] | tuple[str, ...], recheck: float = RECHECK):
        self.base = base
        self.root = root
        #: The folders (relative to root) that are lists of their own, left out of the lists above them.
        self.lists = set(lists)
        self.cache: dict[str, tuple[tuple, Row]] = {}
        self.snapshots: dict[str, Snapshot] = {}
        #: Seconds a list's snapshot is trusted while its folders have not changed (see Snapshot).
        self.recheck = recheck
        self.lock = threading.Lock()

    def rows(self, folder: Path) -> list[Row]:
        """Every record of the list `folder` (its pending draft, if any, in its place, and the draft of
        a record not yet written), by path."""
        return self.snapshot(folder).rows

    def snapshot(self, folder: Path) -> Snapshot:
        if not folder.is_dir():
            return Snapshot((), 0.0, [], [])
        with self.lock:
            known = self.snapshots.get(str(folder))
            if known is not None and known.fresh(self.recheck):
                return known
            now = time.time_ns()
            found, folders = self._files(folder)
            rows = []
            for rel in sorted(found):
                row = self._row(rel, found[rel])
                if row is not None:
                    rows.append(row)
            newest = sorted(rows, key=lambda r: (r.published, r.index_no, r.path), reverse=True)
            # A folder changed in the last moments may change again within its clock's tick, unseen.
            trusted = all(now - mtime > SETTLED_NS for _, mtime in folders)
            snap = Snapshot(tuple(folders) if trusted else None, time.monotonic(), rows, newest)
            self.snapshots[str(folder)] = snap
            return snap

    def forget(self) -> None:
        """Forget the lists' snapshots (after a save: the next list is looked at again)."""
        with self.lock:
            self.snapshots.clear()

    def warm(self) -> None:
        """Read every list once (the server does it in the background when it starts), so that the
        clerk's first list is answered from memory."""
        for rel in (*sorted(self.lists, reverse=True), "."):
            self.rows(self.root / rel)

    def page(self, folder: Path, number: int, size: int, query: str | None = None) -> dict:
        """Page `number` (from 1) of the list `folder`, newest first (发布日期, then 索引号); with a
        `query`, of its records whose listed values (索引号, title, 发布日期) hold it, case aside."""
        rows = self.snapshot(folder).newest
        if query:
            words = query.casefold()
            rows = [r for r in rows if words in r.values]
        pages = max(1, -(-len(rows) // size))
        number = min(max(1, number), pages)
        chosen = rows[(number - 1) * size : number * size]
        return {"entries": [r.entry() for r in chosen], "page": number, "pages": pages, "total": len(rows)}

    # -- reading --------------------------------------------------------------------------------

    def _files(self, folder: Path) -> tuple[dict[str, tuple], list[tuple[str, int]]]:
        """{record path relative to base: (its file's stat or None, its draft's stat or None)} for the
        list `folder`: any depth below it but the folders that are lists of their own, reserved
        folders, hidden names and README.md; and each folder walked, with its time."""
        found: dict[str, list] = {}
        folders: list[tuple[str, int]] = []
        base = str(self.base) + os.sep
        root_rel = folder.relative_to(self.root).as_posix()
        stack = [(str(folder), "" if root_rel == "." else root_rel)]
        while stack:
            path, rel = stack.pop()
            try:
                folders.append((path, os.stat(path).st_mtime_ns))  # before reading it: a later change shows
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
        return {k: tuple(v) for k, v in found.items()}, folders

    def _row(self, rel: str, version: tuple) -> Row | None:
        cached = self.cache.get(rel)
        if cached is not None and cached[0] == version:
            return cached[1]
        text = None
        for stat, path in ((version[1], rel + DRAFT_SUFFIX), (version[0], rel)):  # the draft first
            if stat is None:
                continue
            try:
                text = inside.read_bytes(self.root, self.base / path).decode("utf-8-sig")
                text = text.replace("\r\n", "\n").replace("\r", "\n")  # as read_text gives it
                break
            except (OSError, UnicodeDecodeError, inside.NotInside):  # a link is not listed as a record's text
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
            values="\n".join(_values(data)).casefold(),
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


def _values(front: str):
    """The values of a light front matter's lines, without their keys, quotes and --- lines."""
    for line in front.split("\n")[1:-2]:
        key, colon, value = line.partition(":")
        value = value if colon and line[:1] not in (" ", "\t", "-") else line
        yield value.strip().strip("'\"")


def _value(front: str, key: str) -> str:
    match = _VALUE[key].search(front)
    return match.group(1) if match else ""
