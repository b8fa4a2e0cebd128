"""`gongkai new`: a new record file with the next free 索引号 of its agency and year.

The 索引号 in use are read from every record file, drafts and files with errors included (only
their `index_no:` line), so a number is never handed out twice. The file is created with
O_EXCL under a name made from the 索引号: two clerks running `new` at the same moment get two
numbers, the second one moving on when it finds the first one's file; an existing file is never
overwritten. A number held by the browser editor's draft of a record that did not pass the check
(`<file>.draft` beside where the record will be: gongkai.editor.saving) is taken too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from gongkai.clerk import inside
from gongkai.model.indexno import IndexNoPattern
from gongkai.model.records import index_numbers
from gongkai.model.schema import BODY_PLACEHOLDER, FIELDS, example_yaml
from gongkai.model.taxonomy import Taxonomy

#: The browser editor keeps a record that did not pass the check beside its file under this suffix:
#: not a record file (the check and the build do not read it), yet its 索引号 is taken.
DRAFT_SUFFIX = ".draft"
MONTH = re.compile(r"0[1-9]|1[0-2]")


def draft_of(path: Path) -> Path:
    """Where the editor keeps the unchecked draft of the record file `path`."""
    return path.with_name(path.name + DRAFT_SUFFIX)


@dataclass
class NewRecord:
    agency: str
    category: str
    title: str
    published: dt.date
    written: dt.date | None = None
    doc_no: str | None = None
    genre: str | None = None
    summary: str | None = None
    #: (file relative to the record, title)
    attachments: tuple[tuple[str, str], ...] = ()
    body: str = BODY_PLACEHOLDER + "\n"
    #: The 文件类型, where the category's name says it (Taxonomy.doc_type_of): set by `create`.
    doc_type: str | None = None


def agency_candidates(name: str, names: list[str]) -> list[str]:
    """The agencies a short name may stand for: those whose name holds it (财政局 for 澄岭县财政局),
    else those whose name holds its characters in order (人社局 for 澄岭县人力资源和社会保障局)."""
    if not name:
        return []
    holding = [n for n in names if name in n]
    return holding or [n for n in names if _in_order(name, n)]


def _in_order(short: str, full: str) -> bool:
    rest = iter(full)
    return all(c in rest for c in short)


def used_serials(root: Path, pattern: IndexNoPattern, org: str, year: int) -> set[int]:
    """Serial numbers taken for `org` and `year` by any record file under `root`."""
    taken = set()
    for value in [*index_numbers(root), *draft_numbers(root)]:
        parts = pattern.parse(value)
        if parts and parts.get("org", org) == org and parts.get("year", f"{year:04d}") == f"{year:04d}":
            taken.add(int(parts["serial"]))
    return taken


def draft_numbers(root: Path) -> list[str]:
    """The 索引号 the editor's drafts (`*.md.draft`) under `root` hold, from their `index_no:` line."""
    line = re.compile(r"(?m)^index_no:\s*[\"']?([^\"'#\s]+)")
    out = []
    for path in sorted(root.rglob("*.md" + DRAFT_SUFFIX)):
        try:
            head = path.read_text(encoding="utf-8-sig", errors="replace")[:4000]
        except OSError:
            continue
        out += line.findall(head)[:1]
    return out


def text_of(record: NewRecord, index_no: str) -> str:
    """The file: filled fields first, in the schema's order, then every other field as a comment
    with what it means and the values it takes."""
    values = {
        "title": record.title,
        "index_no": index_no,
        "agency": record.agency,
        "category": record.category,
        "published": record.published.isoformat(),
        "written": record.written.isoformat() if record.written else None,
        "doc_no": record.doc_no,
        "genre": record.genre,
        "summary": record.summary,
        # A category named after a 文件类型 holds such documents: the annual report counts them by it.
        "doc_type": record.doc_type,
    }
    # No comment after a value: the check warns about "value # comment" (a # often belongs to the text).
    lines = ["---"]
    for field in FIELDS:
        value = values.get(field.key)
        if value is not None:
            lines.append(f"{field.key}: {_scalar(value)}")
        elif field.key == "attachments" and record.attachments:
            lines.append("attachments:")
            lines += [f"  - {{file: {_scalar(file)}, title: {_scalar(title)}}}" for file, title in record.attachments]
    lines.append("# 以下各项按需填写：去掉行首的 # 并写上值（行尾 # 后的说明可以留着）。")
    for field in FIELDS:
        if (
            values.get(field.key) is None
            and field.key != "draft"
            and not (field.key == "attachments" and record.attachments)
        ):
            choices = field.choices if isinstance(field.choices, tuple) else None
            hint = f"（可填：{'、'.join(choices)}）" if choices else ""
            if isinstance(field.example, (list, dict)):  # how a list is written is not guessed
                hint += f"例如 {field.key}: {example_yaml(field.example)}"
            lines.append(f"# {field.key}:   # {field.label}：{field.doc}{hint}")
    lines.append("# 草稿：检查通过、审核完毕后删去下面这一行即发布。")
    lines.append("draft: true")
    lines += ["---", ""]
    return "\n".join(lines) + "\n" + record.body


def _scalar(value: str) -> str:
    # Quoted when YAML would read it as something else (a date stays a date; null, true, 1.5 are quoted).
    plain = re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or re.fullmatch(r"[\w〔〕（）()/.\-、·《》“”]+", value)
    if plain and (re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or yaml.safe_load(value) == value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def month_folders(year: Path) -> list[str]:
    """The month folders (01–12) of a year folder, newest first."""
    return sorted((p.name for p in year.iterdir() if p.is_dir() and MONTH.fullmatch(p.name)), reverse=True)


def folder_for(root: Path, day: dt.date) -> Path:
    """Where a new record published on `day` goes: records/<year>/, or records/<year>/<MM>/ when
    that year is kept by month (a large site's layout: the browser editor shows a list a folder)."""
    year = root / f"{day.year:04d}"
    return year / f"{day.month:02d}" if year.is_dir() and month_folders(year) else year


def create(root: Path, record: NewRecord, taxonomy: Taxonomy, pattern: IndexNoPattern) -> tuple[Path, str]:
    """Write the record under `root`/<year>/ (or its month's folder) and return its path and 索引号."""
    record = with_doc_type(record, taxonomy)
    code = taxonomy.agency_by_name[record.agency].code
    path, index_no = reserve(root, code, record.published.year, pattern, folder_for(root, record.published))
    path.write_text(text_of(record, index_no), encoding="utf-8")
    return path, index_no


def with_doc_type(record: NewRecord, taxonomy: Taxonomy) -> NewRecord:
    """`record` with the 文件类型 its category's name says (Taxonomy.doc_type_of), unless it has one."""
    category = taxonomy.category_by_path.get(record.category)
    agency = taxonomy.agency_by_name.get(record.agency)
    if category is None or record.doc_type is not None:
        return record
    return dataclasses.replace(record, doc_type=taxonomy.doc_type_of(category, agency))


def reserve(root: Path, org: str, year: int, pattern: IndexNoPattern, folder: Path | None = None) -> tuple[Path, str]:
    """Claim the next free 索引号 of `org` and `year` by creating its (empty) record file, in
    `folder` (default: root/<year>)."""
    folder = folder or root / f"{year:04d}"
    inside.require(root, folder)
    folder.mkdir(parents=True, exist_ok=True)
    serial = max(used_serials(root, pattern, org, year), default=0) + 1
    while True:
        index_no = pattern.example(org, year, serial)
        path = folder / (index_no.replace("/", "-") + ".md")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            serial += 1  # another run (or an earlier file) has it
            continue
        if _left_behind(folder / "files", path.stem) or draft_of(path).exists():
            # Files of a deleted record with this number, or the editor's draft of a record that has
            # it: the number is not free.
            path.unlink()
            serial += 1
            continue
        return path, index_no


def _left_behind(files: Path, stem: str) -> bool:
    return files.is_dir() and (any(files.glob(f"{stem}.*")) or any(files.glob(f"{stem}-*")))
