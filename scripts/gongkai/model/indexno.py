"""The 索引号 pattern: `{org}/{YYYY}-{NNNNN}` by default (reference §3.2)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\{(org|YYYY|N+)\}")
_LITERAL_OK = re.compile(r"[A-Za-z0-9/._-]*")
CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class PatternError(ValueError):
    """The configured pattern cannot make stable, URL-safe 索引号."""


@dataclass(frozen=True)
class IndexNoPattern:
    """Parses and explains 索引号 of one site."""

    pattern: str

    def __post_init__(self):
        rest = _TOKEN.sub("", self.pattern)
        if not _LITERAL_OK.fullmatch(rest):
            raise PatternError(f"索引号格式 {self.pattern!r} 只能含 {{org}}、{{YYYY}}、{{NNNNN}} 和字母、数字、/ . _ -")
        names = _TOKEN.findall(self.pattern)
        if not any(n.startswith("N") for n in names):
            raise PatternError(f"索引号格式 {self.pattern!r} 缺少流水号 {{NNNNN}}")
        if len(names) != len(set(n[0] for n in names)):
            raise PatternError(f"索引号格式 {self.pattern!r} 中同一部分出现了两次")
        if self.pattern.startswith("/") or self.pattern.endswith("/") or "//" in self.pattern:
            raise PatternError(f"索引号格式 {self.pattern!r} 不能以 / 开头或结尾，也不能有 //")
        # The 索引号 becomes a path under the site: no segment may be . or .. (or hidden).
        if any(part.startswith(".") for part in self.pattern.split("/")):
            raise PatternError(f"索引号格式 {self.pattern!r} 中用 / 分开的每一段都不能以 . 开头")

    @property
    def regex(self) -> re.Pattern:
        return _compiled(self.pattern)

    def _build_regex(self) -> re.Pattern:
        return re.compile(self._source(re.escape, named=True))

    @property
    def json_regex(self) -> str:
        """The same pattern for JSON Schema (ECMA-262 in unicode mode: no named groups, no needless escapes)."""
        return "^" + self._source(_js_escape, named=False) + "$"

    def _source(self, escape, named: bool) -> str:
        """The pattern as a regular expression: literals escaped with `escape`, tokens as groups."""
        tokens = {"org": ("org", r"[A-Za-z0-9][A-Za-z0-9._-]*?"), "YYYY": ("year", r"[0-9]{4}")}
        parts, pos = [], 0
        for m in _TOKEN.finditer(self.pattern):
            parts.append(escape(self.pattern[pos : m.start()]))
            name, body = tokens.get(m.group(1), ("serial", rf"[0-9]{{{len(m.group(1))}}}"))  # ASCII: \d takes ２０２５
            parts.append(f"(?P<{name}>{body})" if named else body)
            pos = m.end()
        parts.append(escape(self.pattern[pos:]))
        return "".join(parts)

    def parse(self, value: str) -> dict[str, str] | None:
        m = self.regex.fullmatch(value)
        return None if m is None else m.groupdict()

    def example(self, org: str = "czj", year: int = 2025, serial: int = 42) -> str:
        def sub(m):
            name = m.group(1)
            if name == "org":
                return org
            if name == "YYYY":
                return f"{year:04d}"
            return f"{serial:0{len(name)}d}"

        return _TOKEN.sub(sub, self.pattern)

    @property
    def has_org(self) -> bool:
        return "{org}" in self.pattern

    @property
    def has_year(self) -> bool:
        return "{YYYY}" in self.pattern


def _js_escape(literal: str) -> str:
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", literal)


@functools.lru_cache(maxsize=16)
def _compiled(pattern: str) -> re.Pattern:
    return IndexNoPattern(pattern)._build_regex()
