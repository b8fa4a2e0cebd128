"""Record files read by an earlier run, kept for the next: a check of 50,000 records reads again only
what changed.

What reading a record file yields (the record, its warnings, the personal-data guard's findings and
exemptions, its search text) depends only on the file, the files it names (attachments, files and
records its body links to), the site's settings, taxonomy and synonyms, the day it is read as of,
and the code. So an entry is kept for each record file, under the digest of the file's bytes, in a
set of entries made under one `context` (the digest of all the rest but the day). An entry is used
only if the files the record names are as they were: the same real path, size, modification
time (as make judges a file; a checkout that touches them only costs a new reading), inode and
change time (which a file written over in place with its old time put back does not keep), no symbolic
link on the way; and only on the days it holds on. The day counts only where a number's birth date
makes it a 身份证号 or not (gongkai.text.pii.days_watched): a record with no such date holds on any
day, so the first check of a day reads only what changed, not everything.

Only files read without an error are kept: an error's words may depend on other files (where a
moved attachment went). The checks across records (`check_links`, the 索引号 taken twice, the
secrets of drafts) run every time, on every record.

The entries of one kind of reading (`gongkai check`'s, the build's) are one pickle file in the build
cache folder, written whole after each run (with only the files of that run), atomically. It is
read back with an unpickler that builds only the types an entry holds (records, attachments,
problems, exemptions, dates, paths: `_Unpickler`), never a function: a cache file planted in a
branch or a folder cannot run code, and one that is not a whole entry of this format, context and
shape is ignored. It holds drafts' text: the build refuses a cache folder among the pages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import pickle
import stat
import subprocess
import tempfile
from pathlib import Path

from gongkai.model.records import Record

#: The first line of the file; a new layout of entries changes it (old files are then ignored).
MAGIC = b"gongkai-records 5\n"

#: What an entry may hold, by module: the only globals the unpickler looks up.
_TYPES = {
    "builtins": {"frozenset", "set", "bytearray", "complex"},
    "datetime": {"date"},
    "pathlib": {"PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath", "Path"},
    "gongkai.model.records": {"Record", "Attachment"},
    "gongkai.text.problems": {"Problem"},
    "gongkai.guards.personal": {"Exemption"},
    "gongkai.text.yamlio": {"LineMap", "LineList"},
}


class _Unpickler(pickle.Unpickler):
    """Builds the types of `_TYPES` only (as the pickle documentation's "Restricting Globals")."""

    def find_class(self, module: str, name: str):
        if name in _TYPES.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a records' cache")


#: (path as written, real path, size, modification time in ns, inode) of each file a record names.
Fingerprint = tuple[tuple[str, str, int, int, int, int], ...]


def file_digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def context_of(*parts) -> str:
    """The digest of what every reading depends on: `parts` (text, bytes, dataclasses such as the
    settings, dates, flags; None for a file that is not there)."""
    h = hashlib.sha256()
    for part in parts:
        if dataclasses.is_dataclass(part):
            part = json.dumps(dataclasses.asdict(part), ensure_ascii=False, sort_keys=True, default=str)
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        h.update(b"%d:" % len(data))
        h.update(data)
    return h.hexdigest()


def read_or_none(path: Path, follow: bool = True) -> bytes | None:
    """The bytes of `path` if it is a regular file, else None (a FIFO is not waited for; with
    `follow` False, a symbolic link is not followed: a record file that is one is never kept, as
    its target may change unseen)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        chunks = []
        while chunk := os.read(fd, max(info.st_size, 4096) + 1):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def fingerprint(named: tuple[Path, ...], root: Path, root_real: str | None = None) -> Fingerprint | None:
    """What `named` are now; None when one is missing, or reached through a symbolic link (such a
    record is not kept: the reader refuses the link, and a link's target may change unseen).
    `root_real`: the real path of `root`, when known."""
    if not named:
        return ()
    out = []
    root_real = root_real or os.path.realpath(root)
    for path in named:
        written = os.path.normpath(path)
        # Resolved as written (`lnk/..` goes through the link), against what the words say.
        real = os.path.realpath(path)
        if real != os.path.join(root_real, os.path.relpath(written, root)):
            return None  # a link on the way (or a path that leaves records/: an error anyway)
        try:
            info = os.stat(real)
        except OSError:
            return None
        # The change time too: a file written over in place with its size and time put back
        # (os.utime, cp -p) changes it, and no program can set it back.
        out.append((written, real, info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns))
    return tuple(out)


def tracked(folder: Path) -> list[str]:
    """Files under `folder` that git tracks (none outside a repository, or without git): a cache that
    came with the repository is not the one a build wrote, and committing one publishes drafts."""
    if not Path(folder).is_dir():
        return []
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--", "."], cwd=folder, capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    return [name for name in done.stdout.decode("utf-8", "replace").split("\0") if name]


class RecordCache:
    """The entries of one kind of reading (`kind`: a file name) under `folder`, for `context`."""

    def __init__(self, folder: Path, kind: str, context: str):
        self.path = Path(folder) / "records" / f"{kind}.pickle"
        self.context = context
        self.old: dict[str, tuple] = {}
        #: The digest of the secrets (gongkai.guards.leaks.SecretSet) and the records found clean of them
        #: (path -> digest of its bytes and fingerprint of its files): last run's and this run's.
        self.old_clean: tuple[str, dict[str, tuple]] = ("", {})
        self.clean: tuple[str, dict[str, tuple]] = ("", {})
        self._load()
        self.clean = self.old_clean  # until this run finds its own
        self.new: dict[str, tuple] = {}
        #: Whether this run's entries differ from the file's (else it is not written again).
        self.changed = False

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as f:
                if f.readline() != MAGIC or f.readline().rstrip(b"\n").decode("ascii", "replace") != self.context:
                    return
                entries, (key, clean) = _Unpickler(f).load()
            if isinstance(entries, dict) and isinstance(key, str) and isinstance(clean, dict):
                self.old, self.old_clean = entries, (key, clean)
        except Exception:  # missing, truncated, another format or shape: read every record again
            return

    def lookup_all(self, files: list[Path], root: Path, day: dt.date) -> dict[Path, tuple[bytes, Fingerprint, tuple]]:
        """Of `files`, those read before and unchanged since, as well as the files they name, whose
        reading holds as of `day`: path -> (digest of its bytes, fingerprint of the files it names,
        what reading it yielded)."""
        out = {}
        root_real = os.path.realpath(root)
        for path in files:
            entry = self.old.get(str(path))
            if entry is None:
                continue
            try:
                found = self._entry(path, entry, root, root_real, day)
            except Exception:  # an entry of another shape: a miss, read again
                found = None
            if found is not None:
                out[path] = found
        return out

    def _entry(self, path: Path, entry: tuple, root: Path, root_real: str, day: dt.date) -> tuple | None:
        digest, named, (shipped, exemptions, items), tail, (since, until) = entry
        if not (since <= day and (until is None or day < until)):
            return None
        data = read_or_none(path, follow=False)
        if data is None or digest != file_digest(data):
            return None
        if named and fingerprint(tuple(Path(w) for w, *_ in named), root, root_real) != named:
            return None
        if tail is not None:  # the body is the end of the file (see `keep`): it travels beside the record
            body = data[len(data) - tail :].decode("utf-8")
            shipped = tuple((rec, agency, category, body) for rec, agency, category in shipped)
        else:
            shipped = tuple((rec, agency, category) for rec, agency, category in shipped)
        if not all(isinstance(rec, Record) for rec, *_ in shipped):
            return None
        return digest, named, (shipped, tuple(exemptions), tuple(items))

    def keep(self, path: Path, digest: bytes, named: Fingerprint, result: tuple, tail: int | None, days: tuple) -> None:
        """Keep what reading `path` yielded for the next run; `tail`: the length (in bytes) of the
        record's body if it is the end of the file, which then comes from the file, not the cache;
        `days`: (first, end or None), the as-of days it holds on."""
        shipped, exemptions, items = result
        if tail is not None:
            shipped = tuple((rec.but(body=""), *names) for rec, *names in shipped)
        self.new[str(path)] = (digest, named, (shipped, exemptions, items), tail, days)
        self.changed = True

    def reuse(self, found: dict[Path, tuple]) -> None:
        """Keep the entries `lookup_all` found, as they were."""
        for path in found:
            self.new[str(path)] = self.old[str(path)]

    def clean_under(self, secrets: str) -> set[str]:
        """The records (paths) read from the cache in this run that the last run found clean of
        the secrets whose digest is `secrets`."""
        key, clean = self.old_clean
        if key != secrets:
            return set()
        # The record file and the files it names as they were: a changed attachment is read again.
        return {path for path, kept in clean.items() if path in self.new and self.new[path][:2] == kept}

    def found_clean(self, secrets: str, paths: list[str]) -> None:
        """The records kept in this run (by path) found clean of the secrets whose digest is `secrets`
        (together with those `clean_under` gave)."""
        known = self.clean_under(secrets)
        self.clean = (secrets, {p: self.new[p][:2] for p in (*known, *paths) if p in self.new})
        if self.clean != self.old_clean:
            self.changed = True

    def save(self) -> None:
        """Write the entries of this run (those used and those made) in place of the old file."""
        if not self.changed and self.new.keys() == self.old.keys():
            return
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(MAGIC + self.context.encode("ascii") + b"\n")
                pickle.dump((self.new, self.clean), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            tmp = None
            self.old, self.changed = dict(self.new), False
        except OSError:
            pass  # a cache that cannot be written only costs the next run its time
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
