"""`gongkai check --changed`: only the record files changed against a branch (main), plus the
rules across records (a 索引号 used twice, a reference to a record that does not exist), for a
pre-commit hook. The other files are not validated, only their `index_no:` line is read. A changed
attachment or image brings in the records that name it (its personal-data scan, its type and size
are theirs to pass)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from . import personal
from .problems import Problems
from .records import (
    RESERVED_DIRS,
    duplicate_hint,
    front_values,
    index_numbers,
    read_records,
    record_files,
    ring_message,
    supersession_rings,
)
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
    """The record files among `files` (and those naming a changed attachment), and whether anything
    else of records/ changed (the taxonomy, a ledger, a report, or a file deleted that others may
    refer to: then the whole check is needed)."""
    records, attachments, other = [], [], False
    for path in files:
        try:
            rel = path.relative_to(root)
        except ValueError:
            continue
        if (
            not path.is_file()
            or rel.parts[0] in RESERVED_DIRS
            or (len(rel.parts) == 1 and path.suffix != ".md")  # taxonomy.yml, holidays.yml
            or path.suffix in (".yml", ".yaml")
            or path.name.lower() == "readme.md"
        ):
            other = True
        elif path.suffix == ".md":
            records.append(path)
        else:
            attachments.append(path)
    if attachments and not other:
        records = sorted({*records, *naming(root, attachments)})
    return records, other


def naming(root: Path, files: list[Path]) -> list[Path]:
    """Record files whose text names one of `files` (by file name: links are relative)."""
    names = {f.name for f in files}
    out = []
    for path in record_files(root):
        try:
            text = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        if any(name in text for name in names):
            out.append(path)
    return out


def check_changed(
    files: list[Path],
    root: Path,
    taxonomy: Taxonomy,
    settings: Settings,
    problems: Problems,
    skip: frozenset[Path] = frozenset(),
) -> int:
    """Validate `files` and the cross-record rules that concern them; returns how many were read.
    Record files in `skip` are left out of those rules (the browser editor checks a record's new
    text in another file, before it replaces the old one)."""
    records = read_records(files, root, taxonomy, settings, problems)
    personal.check(records, settings, problems)  # a draft's hits are warnings
    skip = skip | frozenset(r.path for r in records)
    numbers = index_numbers(root, skip=skip)
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
                duplicate_hint(r.index_no, numbers),
            )
        for key, what in (("superseded_by", "替代文件"), ("interprets", "被解读的文件")):
            target = getattr(r, key)
            if target and target not in numbers:
                problems.error(r.path, r.lines.get(key), label(key), f"{what} {target} 在本站不存在。", "核对索引号。")
    _rings(records, root, numbers, problems, skip)
    return len(records)


def _rings(records, root: Path, numbers: dict[str, list[Path]], problems: Problems, skip=frozenset()) -> None:
    """A ring of 替代 through a changed record, said at it as the whole check says it; the other files
    of the ring give their `index_no:` and `superseded_by:` lines alone."""
    read = {r.path: r for r in records}
    no_of = {path: no for no, paths in numbers.items() for path in paths}
    successor, rel = {}, {}
    for target, paths in front_values(root, "superseded_by", skip=frozenset(read) | skip).items():
        for path in paths:
            if path in no_of:
                successor.setdefault(no_of[path], target)
                rel.setdefault(no_of[path], path.relative_to(root).as_posix())
    for r in records:
        rel[r.index_no] = r.rel_path
        if r.superseded_by:
            successor[r.index_no] = r.superseded_by
        else:
            successor.pop(r.index_no, None)
    by_no = {r.index_no: r for r in records}
    for ring in supersession_rings(successor):
        for no in ring:
            if no in by_no:
                r = by_no[no]
                problems.error(r.path, r.lines.get("superseded_by"), label("superseded_by"), *ring_message(ring, rel))
