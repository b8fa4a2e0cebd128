"""Problems found in the input, collected and reported together in Chinese."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.text.terminal import Paint, width

ERROR = "error"
WARNING = "warning"
PLAIN = Paint(False)


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

    @property
    def label(self) -> str:
        return "错误" if self.severity == ERROR else "警告"

    def text(self, paint: Paint = PLAIN) -> str:
        """What is wrong and the fix, field first: `title（标题）：缺少必填字段。改法：加上一行 title: …`.

        Only an example the hint shows (YAML) takes more lines: they come dedented, for the caller to indent.
        """
        text = f"{self.field}：{self.message}" if self.field else self.message
        if self.hint:
            text = _sentence(text) + paint.green("改法：") + self.hint
        first, _, rest = text.partition("\n")
        return first + ("\n" + textwrap.dedent(rest) if rest else "")

    def format(self) -> str:
        """The problem alone, one line (as build logs show it): `path:line: 错误 text`."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return _hang(f"{where}: {self.label} ", self.text(), "    ")

    def annotation(self) -> str:
        """The problem as a GitHub Actions workflow command: shown on the pull request, at the line."""
        where = f"file={_property(self.path)}"
        if self.line is not None:
            where += f",line={self.line}"
        title = f",title={_property(self.field)}" if self.field else ""  # a field, or what else the problem is about
        text = self.message + (f"\n改法：{self.hint}" if self.hint else "")
        kind = "error" if self.severity == ERROR else "warning"
        return f"::{kind} {where}{title}::{_data(text)}"

    def code_quality(self) -> dict:
        """The problem as a GitLab Code Quality issue: shown in the merge request."""
        text = (f"{self.field}：" if self.field else "") + self.message
        text += f" 改法：{self.hint}" if self.hint else ""
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
        self.items.append(_problem(self.rel(path), line, field, message, hint, ERROR))

    def warn(self, path, line, field, message, hint="") -> None:
        self.items.append(_problem(self.rel(path), line, field, message, hint, WARNING))

    @property
    def errors(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == ERROR), key=_order)

    @property
    def warnings(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == WARNING), key=_order)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def report(self, colour: bool = False, summary: bool = True) -> str:
        """Every problem for the clerk: a header line per file (its path), then one line per problem
        (line number, 错误 or 警告, field, what is wrong, the fix), then the count.

        `  12: 错误  …` under a bare path is what VS Code's terminal links to the line (its multi-line link
        detector, made for ESLint's output): problems without a line come last in their file, as a line not
        starting with a number would end the link of those below it. `colour` adds ANSI colour; without
        `summary`, the count and its advice (about the check and the build) are left out.
        """
        paint = Paint(colour)
        out: list[str] = []
        files = 0
        for path, group in itertools.groupby(sorted(self.items, key=_in_file), key=lambda p: p.path):
            group = list(group)
            files += 1
            if out:
                out.append("")
            out.append(paint.bold(path))
            digits = max((len(str(p.line)) for p in group if p.line is not None), default=0)
            column = digits + 1 if digits else 0
            for p in group:
                number = (f"{p.line}:" if p.line is not None else "").rjust(column)
                head = "  " + (number + " " if column else "")
                label = paint.red(p.label) if p.severity == ERROR else paint.yellow(p.label)
                indent = " " * (width(head) + width(p.label) + 2)
                out.append(_hang(f"{head}{label}  ", p.text(paint), indent))
        errors, warnings = len(self.errors), len(self.warnings)
        if not summary:
            return "\n".join(out)
        if errors:
            if out:
                out.append("")
            out.append(
                paint.red(f"发现 {errors} 个错误、{warnings} 个警告，涉及 {files} 个文件。")
                + "请按上面的提示修改后重新检查；有错误时网站不会生成。"
            )
        elif warnings:
            out += ["", paint.yellow(f"发现 {warnings} 个警告，涉及 {files} 个文件（不影响发布，建议修改）。")]
        return "\n".join(out)


#: What a terminal acts on or what reorders what it shows, found in a file's name or a value quoted
#: in a message: control characters (ESC starts sequences that clear the screen, set the window's
#: title or write the clipboard; a carriage return rewrites the line) and bidirectional controls.
#: Line breaks (a hint's example) and tabs are kept.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """`text` with each character of `_UNSHOWABLE` written as 〔U+XXXX〕, for a terminal or a log."""
    return _UNSHOWABLE.sub(lambda m: f"〔U+{ord(m.group()):04X}〕", text)


def json_shown(text: str) -> str:
    """A JSON text with each character of `_UNSHOWABLE` written as its \\u escape: the same data to
    a JSON reader, nothing for a terminal to obey (json.dumps escapes only U+0000–001F)."""
    return _UNSHOWABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _problem(path: str, line, field, message: str, hint: str, severity: str) -> Problem:
    """A problem whose texts are safe to print (a committed file's name may hold what drives a terminal)."""
    return Problem(shown(path), line, shown(field) if field else field, shown(message), shown(hint), severity)


def _order(p: Problem) -> tuple:
    """File, then line (problems without a line first), then the rest: never compares None with a value."""
    return (p.path, p.line or 0, p.field or "", p.message, p.hint)


def _in_file(p: Problem) -> tuple:
    """File, then line, problems about the whole file last (see `Problems.report`), errors first."""
    return (p.path, p.line is None, p.line or 0, p.severity != ERROR, p.field or "", p.message, p.hint)


def _sentence(text: str) -> str:
    """`text` ended as a sentence, for the fix to follow it."""
    return text if text.endswith(("。", "！", "？", "；", "：", ".", "!", "?", ":")) else text + "。"


def _hang(head: str, text: str, indent: str) -> str:
    """`text` after `head`, its further lines (an example in a hint) indented by `indent`."""
    return head + text.replace("\n", "\n" + indent)


class InputError(Exception):
    """Raised by the core when the input has errors; carries every problem."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems
