"""`gongkai check --changed`: only the record files changed against a branch (main), plus the
rules across records (a 索引号 used twice, a reference to a record that does not exist), for a
pre-commit hook. The other files are not validated, only their `index_no:` line is read."""

from __future__ import annotations

import subprocess
from pathlib import Path

from . import personal
from .problems import Problems
from .records import RESERVED_DIRS, index_numbers, read_records
from .schema import label
from .settings import Settings
from .taxonomy import Taxonomy


class NotInGit(Exception):
    """The site is not in a git work tree, or `base` is not a branch of it."""


def changed_files(site: Path, base: str) -> list[Path]:
    """Files changed against the merge base with `base`: committed, staged, unstaged and untracked."""

    def git(*args) -> list[str]:
        result = subprocess.run(["git", *args], cwd=site, capture_output=True, text=True)
        if result.returncode:
            raise NotInGit(result.stderr.strip() or "git failed")
        return [line for line in result.stdout.splitlines() if line]

    top = Path(git("rev-parse", "--show-toplevel")[0])
    names = git("diff", "--name-only", f"{base}...HEAD") + git("diff", "--name-only", "HEAD")
    names += git("ls-files", "--others", "--exclude-standard")
    # A deleted (or renamed-away) file is listed too: only_records sees that records/ lost something.
    return sorted({(top / n).resolve() for n in names})


def only_records(files: list[Path], root: Path) -> tuple[list[Path], bool]:
    """The record files among `files`, and whether anything else of records/ changed (the
    taxonomy, a ledger, a report, or a record deleted that others may refer to: then the whole
    check is needed)."""
    records, other = [], False
    for path in files:
        try:
            rel = path.relative_to(root)
        except ValueError:
            continue
        if (
            not path.is_file()
            or rel.parts[0] in RESERVED_DIRS
            or path.suffix != ".md"
            or path.name.lower() == "readme.md"
        ):
            other = True
        else:
            records.append(path)
    return records, other


def check_changed(files: list[Path], root: Path, taxonomy: Taxonomy, settings: Settings, problems: Problems) -> int:
    """Validate `files` and the cross-record rules that concern them; returns how many were read."""
    records = read_records(files, root, taxonomy, settings, problems)
    personal.check([r for r in records if not r.draft], settings, problems)
    numbers = index_numbers(root, skip=frozenset(r.path for r in records))
    for r in records:
        numbers.setdefault(r.index_no, []).append(r.path)
    for r in records:
        others = [p for p in numbers.get(r.index_no, []) if p != r.path]
        if others:
            problems.error(
                r.path,
                r.lines.get("index_no"),
                label("index_no"),
                f"索引号 {r.index_no} 重复：{problems.rel(others[0])} 已使用。",
                "索引号全站唯一，给本文件换一个未用过的流水号（gongkai new 会分配）。",
            )
        for key, what in (("superseded_by", "替代文件"), ("interprets", "被解读的文件")):
            target = getattr(r, key)
            if target and target not in numbers:
                problems.error(r.path, r.lines.get(key), label(key), f"{what} {target} 在本站不存在。", "核对索引号。")
    return len(records)
