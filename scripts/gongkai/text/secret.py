"""A secret: a text that must never appear in the built site (a draft's title, a ledger's case
number), with why. Made by the model and the catalog, looked for by gongkai.guards.leaks."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Secret:
    """A text that must not appear anywhere in the site, and why."""

    text: str
    why: str  # e.g. "草稿 fgj/2025-00002 的标题"
    #: Match only as a whole token (not inside a longer run of ASCII letters, digits, - and _):
    #: for short codes such as a ledger's case numbers.
    whole: bool = False
    #: An identifier (a 索引号) whose parts a writer may separate otherwise, or not at all, and
    #: whose letters may be written in either case: found in the visible text as such.
    loose: bool = False

    def find(self, text: str) -> int:
        if not self.whole:
            return text.find(self.text)
        m = re.search(r"(?<![A-Za-z0-9_-])" + re.escape(self.text) + r"(?![A-Za-z0-9_-])", text)
        return -1 if m is None else m.start()
