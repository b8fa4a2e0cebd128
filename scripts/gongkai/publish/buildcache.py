"""The build cache: what a previous build made, kept between builds (and between CI runs) under a
key that digests everything it was made from.

A build asks for an entry by its key; an entry is served only if its file says the same key and its
content still has the digest written beside it, so a truncated, corrupted or foreign file (another
key's, another format's) is a miss, never served. Entries are written atomically (a temporary file
renamed), so builds sharing the folder never read half an entry; after a build that passed, the
entries it neither used nor wrote are removed (`prune`), so the folder holds one site's worth.

An entry is bytes; `pack_tree`/`unpack_tree` make a folder (the search index) one entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import sys
import tempfile
import threading
import zlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

#: GONGKAI_CACHE=off: neither read nor write the cache (builds, and the CLI's reading of records).
ENV = "GONGKAI_CACHE"

#: The first line of every entry; a new layout of entries or keys changes it (old entries then miss).
MAGIC = b"gongkai-cache 1\n"
_DIGEST = 64  # hex characters of a SHA-256


def folder(base: Path, setting: str) -> Path | None:
    """The cache folder of the site whose mkdocs.yml is in `base` (`setting`: its `build_cache`), or
    None when the site or GONGKAI_CACHE turns the cache off."""
    if setting == "off" or os.environ.get(ENV, "").strip().lower() in ("off", "0"):
        return None
    return base / setting


def digest(*parts) -> str:
    """SHA-256 (hex) of `parts`, each text or bytes, each kept apart from the next by its length."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        h.update(b"%d:" % len(data))
        h.update(data)
    return h.hexdigest()


def canonical(value) -> str:
    """`value` as JSON with sorted keys (dates and paths as text): the same value, the same text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """What the output is made with: this package's files (code, templates, assets; they change
    between releases without a version number changing) and every installed distribution's version
    (MkDocs, Material, Markdown and its extensions, Jinja...), and Python's."""
    root = Path(__file__).resolve().parent.parent  # the whole gongkai package, not publish/ alone
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    # A set: a folder on sys.path twice (PYTHONPATH naming an installed one) finds its distributions
    # twice, and the same installation must give the same digest.
    versions = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata["Name"]})
    return digest(h.hexdigest(), sys.version, *versions)


def folder_digest(folder: Path) -> str:
    """Every file under `folder` (names and contents)."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


class BuildCache:
    """Entries of one kind (`pages`, `search`) in `root/<kind>/<key[:2]>/<key>`."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.used: set[Path] = set()

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry's content, or None (none, or not whole and sound)."""
        path = self._path(kind, key)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        content = _open(raw, key)
        if content is not None:
            self.used.add(path)
        return content

    def put(self, kind: str, key: str, content: bytes, compress: bool = True) -> None:
        self.write(kind, key, entry(key, content, compress))

    def write(self, kind: str, key: str, raw: bytes) -> None:
        """Write an entry made by `entry` (for `key`)."""
        staged = self.stage(kind, key, raw)
        if staged is not None:
            self.commit(kind, key, staged)

    def stage(self, kind: str, key: str, raw: bytes) -> Path | None:
        """Write an entry made by `entry` beside its place, not yet served (`commit` puts it there;
        `prune` removes it if no build does). None if it could not be written."""
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(raw)
        except OSError:  # a cache that cannot be written costs the next build time, nothing else
            return None
        return Path(tmp)

    def commit(self, kind: str, key: str, staged: Path) -> None:
        """Serve the entry `stage` wrote for `key` from now on."""
        path = self._path(kind, key)
        try:
            os.replace(staged, path)
        except OSError:
            return
        self.used.add(path)

    def keep(self, kind: str, key: str) -> None:
        """The entry of `key` is still needed (served by this build): `prune` leaves it."""
        self.used.add(self._path(kind, key))

    def prune(self, kinds: tuple[str, ...]) -> None:
        """Remove every entry of `kinds` that this build neither used nor wrote (and stray temporaries)."""
        for kind in kinds:
            folder = self.root / kind
            if not folder.is_dir():
                continue
            for path in folder.glob("*/*"):
                if path not in self.used:
                    try:
                        path.unlink()
                    except OSError:
                        pass


class Stager:
    """Entries staged (`BuildCache.stage`) by a thread of their own, in the order given.

    Making an entry (compressing and digesting it) and creating its file leave the build's own
    thread free: at 10,000 pages that was 9 s of the build process, 6 s of it creating the files
    (zlib, hashlib and file writes let other threads run meanwhile). At most `backlog` entries wait,
    so that pages come no faster than they are written."""

    def __init__(self, store: BuildCache, kind: str, backlog: int = 256):
        self.store, self.kind = store, kind
        #: (key, the staged file) of every entry written so far.
        self.staged: list[tuple[str, Path]] = []
        self._queue: queue.Queue = queue.Queue(maxsize=backlog)
        self._thread: threading.Thread | None = None

    def put(self, key: str, content: bytes) -> None:
        if self._thread is None:  # started with the first entry: not before a child is forked
            self._thread = threading.Thread(target=self._run, name="gongkai-cache-writer", daemon=True)
            self._thread.start()
        self._queue.put((key, content))

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            key, content = item
            try:
                staged = self.store.stage(self.kind, key, entry(key, content))
            except Exception:  # noqa: BLE001 - an entry not written costs the next build time, nothing else
                staged = None
            if staged is not None:
                self.staged.append((key, staged))

    def close(self) -> list[tuple[str, Path]]:
        """Wait for every entry given; what was staged."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        return self.staged


def entry(key: str, content: bytes, compress: bool = True) -> bytes:
    """The file of an entry: the format's line, the key, the content's digest and form, the content."""
    body = zlib.compress(content, 1) if compress else content
    head = MAGIC + f"{key} {hashlib.sha256(content).hexdigest()} {'z' if compress else '-'}\n".encode("ascii")
    return head + body


def _open(raw: bytes, key: str) -> bytes | None:
    """The content of an entry file `raw` written for `key`, if it is whole and sound."""
    if not raw.startswith(MAGIC):
        return None
    end = raw.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:
        stored_key, checksum, how = raw[len(MAGIC) : end].decode("ascii").split(" ")
    except (UnicodeDecodeError, ValueError):
        return None
    if stored_key != key or len(checksum) != _DIGEST or how not in ("z", "-"):
        return None
    body = raw[end + 1 :]
    if how == "z":
        try:
            body = zlib.decompress(body)
        except zlib.error:
            return None
    return body if hashlib.sha256(body).hexdigest() == checksum else None


def pack_tree(folder: Path) -> bytes:
    """Every file under `folder` as one entry (`pack_files`)."""
    return pack_files({p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()})


def unpack_tree(content: bytes, folder: Path) -> bool:
    """Write the files of `pack_tree`'s `content` under `folder`; False (nothing written) if it is not one."""
    files = unpack_files(content)
    if files is None:
        return False
    write_files(files, folder)
    return True


def write_files(files: dict[str, bytes], folder: Path) -> None:
    """Write `files` (relative path -> bytes, as `unpack_files` gives them) under `folder`."""
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def pack_files(files: dict[str, bytes]) -> bytes:
    """Files (relative path -> bytes) as one entry: a JSON list of (path, size), a line break, the contents."""
    names = sorted(files)
    head = json.dumps([[name, len(files[name])] for name in names], ensure_ascii=False).encode("utf-8")
    return head + b"\n" + b"".join(files[name] for name in names)


def unpack_files(content: bytes) -> dict[str, bytes] | None:
    """The files of `pack_files`'s `content`, or None if it is not one (or names a path outside its folder)."""
    end = content.find(b"\n")
    try:
        names = json.loads(content[:end])
        at, files = end + 1, {}
        for name, size in names:
            rel = Path(name)
            if rel.is_absolute() or ".." in rel.parts or not isinstance(size, int) or size < 0:
                return None
            files[rel.as_posix()] = content[at : at + size]
            at += size
    except (ValueError, TypeError):
        return None
    return files if at == len(content) else None
