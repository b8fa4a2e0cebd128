"""`gongkai check --changed`: only the record files changed against a branch (main), plus the
rules across records (a 索引号 used twice, a reference to a record that does not exist), for a
pre-commit hook. The other files are not validated, only their `index_no:` line is read."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from . import personal
from .problems import Problems
from .records import RESERVED_DIRS, read_records, record_files
from .schema import label
from .settings import Settings
from .taxonomy import Taxonomy

_INDEX_LINE = re.compile(r"(?m)^index_no:\s*[\"']?([^\"'#\s]+)")


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
    names = git("diff", "--name-only", "--diff-filter=ACMR", f"{base}...HEAD")
    names += git("diff", "--name-only", "--diff-filter=ACMR", "HEAD")
    names += git("ls-files", "--others", "--exclude-standard")
    return sorted({(top / n).resolve() for n in names if (top / n).is_file()})


def only_records(files: list[Path], root: Path) -> tuple[list[Path], bool]:
    """The record files among `files`, and whether anything else of records/ changed (the
    taxonomy, a ledger, a report: then the whole check is needed)."""
    records, other = [], False
    for path in files:
        try:
            rel = path.relative_to(root)
        except ValueError:
            continue
        if rel.parts[0] in RESERVED_DIRS or path.suffix != ".md" or path.name.lower() == "readme.md":
            other = True
        else:
            records.append(path)
    return records, other


def check_changed(files: list[Path], root: Path, taxonomy: Taxonomy, settings: Settings, problems: Problems) -> int:
    """Validate `files` and the cross-record rules that concern them; returns how many were read."""
    records = read_records(files, root, taxonomy, settings, problems)
    personal.check([r for r in records if not r.draft], settings, problems)
    changed = {r.path.resolve() for r in records}
    numbers: dict[str, list[Path]] = {}
    for path in record_files(root):
        if path.resolve() in changed:
            continue
        try:
            head = path.read_text(encoding="utf-8-sig", errors="replace")[:4000]
        except OSError:
            continue
        for value in _INDEX_LINE.findall(head)[:1]:
            numbers.setdefault(value, []).append(path)
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
