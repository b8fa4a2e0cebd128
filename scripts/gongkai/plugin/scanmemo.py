"""What the last build's leak scan read and passed, kept in the build cache so that the next build
need not read it again while the secrets and the rules are the same.

After a merge that changes one record, every other page a build writes is the page the last build
wrote (served from the build cache), and the search index is given the same texts; yet the leak
scan read all of them again: at 10,000 records some 19 s of the second core's time in a build of
about 40 s, during which the build process waited for it.

Whether a text holds a secret or unmasked personal data depends on nothing but the text, where it
is written, the secrets (drafts' titles and 索引号, private values, the ledgers' numbers), the
personal-data rules (kinds, mask style, allowed addresses, exempt pages and values), the code that
reads it (`context`) and the day, through the birth dates that make a number a 身份证号 or not. A
build that passed found nothing in anything it read, so every text it read is clean under its
context, on the days its scan's birth dates allow (gongkai.text.pii.days_watched: from the latest
one judged on or before the day to the first one after it; any day when it judged none). The
digests of those texts are kept under that context's digest, with those days; a build with the same
context on one of them skips them and reads the rest. Any change of the context (a new ledger case,
a draft, a rule, the code) finds no entry, and another day outside them passes nothing: everything
is read again, as before.

The cache is trusted as the page cache is: a kept page's HTML is written as it is, already given
its page policy when it was made.
"""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

from gongkai.publish.buildcache import BuildCache, code_digest, digest
from gongkai.text import pii

KIND = "scans"
_SIZE = 32  # bytes of a SHA-256
#: The days the memo holds on, before the digests: the first and the end (0: none), as ordinals.
_DAYS = struct.Struct(">II")


def context(secrets_digest: str, rules_digest: str) -> str:
    """The digest of everything but the text that a leak scan's result depends on."""
    return digest(code_digest(), secrets_digest, rules_digest)


def text_digest(*parts: str | None) -> bytes:
    """The 32-byte `digest` of `parts` (None and "" kept apart)."""
    return bytes.fromhex(digest(*(b"-" if p is None else b"=" + p.encode("utf-8", "surrogatepass") for p in parts)))


class ScanMemo:
    """The texts the last build with this context passed (`known`) if they would pass as of `day`,
    and the texts this build reads."""

    def __init__(self, folder: Path | None, key: str, day: dt.date):
        self.store = BuildCache(folder) if folder is not None else None
        self.key = key
        self.passed: frozenset[bytes] = frozenset()
        #: The days the passed texts would pass on.
        self.days = pii.Days()
        #: Every text this build scanned or skipped: all clean once the build has passed.
        self.read: set[bytes] = set()
        #: Texts skipped (for the log).
        self.skipped = 0
        raw = self.store.get(KIND, key) if self.store is not None else None
        if raw and len(raw) >= _DAYS.size and (len(raw) - _DAYS.size) % _SIZE == 0:
            since, until = _DAYS.unpack_from(raw)
            try:
                days = pii.Days(dt.date.fromordinal(since), dt.date.fromordinal(until) if until else None)
            except (ValueError, OverflowError):  # not days: a memo of another shape passes nothing
                return
            if days.hold_on(day):
                self.days = days
                self.passed = frozenset(raw[i : i + _SIZE] for i in range(_DAYS.size, len(raw), _SIZE))

    def known(self, *parts: str | None) -> bool:
        """Whether the last build with this context passed exactly this text (`parts`: what it is,
        where, the text); either way it is noted as read by this build."""
        found = text_digest(*parts)
        self.read.add(found)
        if found in self.passed:
            self.skipped += 1
            return True
        return False

    def keep(self, days: pii.Days) -> None:
        """After a build that passed: what it read is clean under its context (older contexts go) on
        the `days` its scan allows, and those the last build's allowed if a text it passed was skipped."""
        if self.store is None:
            return
        if self.skipped:
            days.within(self.days)
        until = days.until.toordinal() if days.until is not None else 0
        head = _DAYS.pack(days.since.toordinal(), until)
        self.store.put(KIND, self.key, head + b"".join(sorted(self.read)), compress=False)
        self.store.prune((KIND,))
