"""Problems found in the input, collected and reported together in Chinese."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, written for the clerk who has to fix it.

    `message` says what is wrong, `hint` what to write instead.
    """

    path: str
    line: int | None
    field: str | None
    message: str
    hint: str = ""
    severity: str = ERROR

    def format(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        label = "错误" if self.severity == ERROR else "警告"
        text = f"{where}: {label}"
        if self.field:
            text += f": 字段 {self.field}"
        text += f": {self.message}"
        if self.hint:
            text += f"\n    改法: {self.hint}"
        return text

    def annotation(self) -> str:
        """The problem as a GitHub Actions workflow command: shown on the pull request, at the line."""
        where = f"file={_property(self.path)}"
        if self.line is not None:
            where += f",line={self.line}"
        title = f",title={_property('字段 ' + self.field)}" if self.field else ""
        text = self.message + (f"\n改法: {self.hint}" if self.hint else "")
        kind = "error" if self.severity == ERROR else "warning"
        return f"::{kind} {where}{title}::{_data(text)}"

    def code_quality(self) -> dict:
        """The problem as a GitLab Code Quality issue: shown in the merge request."""
        text = (f"字段 {self.field}: " if self.field else "") + self.message
        text += f" 改法: {self.hint}" if self.hint else ""
        key = f"{self.path}\0{self.line}\0{self.field}\0{self.message}".encode()
        return {
            "description": text,
            "check_name": "gongkai-check",
            "fingerprint": hashlib.sha256(key).hexdigest()[:32],
            "severity": "major" if self.severity == ERROR else "minor",
            "location": {"path": self.path, "lines": {"begin": self.line or 1}},
        }


def _data(text: str) -> str:
    # The escapes of the workflow-command format (GitHub's toolkit, command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Problems:
    """Every problem of one run, in the order of file and line."""

    root: Path | None = None
    items: list[Problem] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        """`path` as the clerk sees it, relative to the root. Links are not followed: a problem about a
        link names the link, and a link loop cannot crash the report."""
        p = Path(os.path.abspath(path))
        if self.root is not None:
            for root in (os.path.abspath(self.root), os.path.realpath(self.root)):
                try:
                    return p.relative_to(root).as_posix()
                except ValueError:
                    pass
        return p.as_posix()

    def error(self, path, line, field, message, hint="") -> None:
        self.items.append(Problem(self.rel(path), line, field, message, hint, ERROR))

    def warn(self, path, line, field, message, hint="") -> None:
        self.items.append(Problem(self.rel(path), line, field, message, hint, WARNING))

    @property
    def errors(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == ERROR), key=_order)

    @property
    def warnings(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == WARNING), key=_order)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def report(self) -> str:
        """All problems as one text: errors first, then warnings, then a count."""
        lines = [p.format() for p in self.errors + self.warnings]
        if self.errors:
            lines.append(
                f"发现 {len(self.errors)} 个错误、{len(self.warnings)} 个警告。"
                "请按上面的提示修改后重新检查；有错误时网站不会生成。"
            )
        elif self.warnings:
            lines.append(f"发现 {len(self.warnings)} 个警告（不影响发布，建议修改）。")
        return "\n".join(lines)


def _order(p: Problem) -> tuple:
    """File, then line (problems without a line first), then the rest: never compares None with a value."""
    return (p.path, p.line or 0, p.field or "", p.message, p.hint)


class InputError(Exception):
    """Raised by the core when the input has errors; carries every problem."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems
