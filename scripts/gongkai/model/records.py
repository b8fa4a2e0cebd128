"""Records: load every Markdown file under records/, validate it, model it."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from gongkai.model.fields import Attachments
from gongkai.model.indexno import IndexNoPattern
from gongkai.model.schema import BODY_PLACEHOLDER, FIELD_BY_KEY, FIELD_BY_LABEL, FIELDS, KEY_ALIASES, label
from gongkai.model.settings import Settings
from gongkai.model.taxonomy import Agency, Category, Taxonomy
from gongkai.text import bodytables, filetypes, plaintext, radicals, sanitize
from gongkai.text.bodylinks import disk_paths, lines_outside_code, local_links
from gongkai.text.frontmatter import Source, read_text, split
from gongkai.text.problems import Problems

#: Folders under records/ that hold other data (ledgers, reports), not records.
RESERVED_DIRS = ("requests", "appeals", "reports")
_BRACKETS_RE = re.compile(r"[\[［【(（{｛〈<]\s*(\d{4})\s*[\]］】)）}｝〉>]")


@dataclass(frozen=True)
class Attachment:
    """A file published with a record."""

    title: str
    path: Path  # absolute
    name: str  # file name on the site: URL-safe
    size: int

    @property
    def kind(self) -> str:
        return self.path.suffix.lstrip(".").upper() or "文件"


@dataclass(frozen=True)
class Record:
    """One disclosure item (one Markdown file), as read and checked: not changed afterwards
    (`dataclasses.replace` makes a changed copy)."""

    path: Path
    rel_path: str
    title: str
    index_no: str
    agency: Agency
    category: Category
    published: dt.date
    body: str
    body_line: int
    topic: str | None = None
    written: dt.date | None = None
    doc_no: str | None = None
    genre: str | None = None
    doc_type: str | None = None
    validity: str = "有效"
    abolished: dt.date | None = None
    #: The validity (失效, 废止) it takes on its `abolished` day while that day is to come: until
    #: then it is in force, and `validity` says 有效 (gongkai.portal.catalog.in_force).
    ends: str | None = None
    superseded_by: str | None = None
    keywords: tuple[str, ...] = ()
    summary: str = ""
    attachments: tuple[Attachment, ...] = ()
    #: Files the body links to that are not listed attachments (images, mostly); published too.
    body_files: tuple[Attachment, ...] = ()
    #: Local link destinations of the body, as written -> (resolved path, "#fragment", file line).
    body_targets: dict = field(default_factory=dict, repr=False)
    interprets: str | None = None
    #: (reason, kinds of gongkai.text.pii) when personal data is published on purpose.
    pii_exempt: tuple[str, frozenset[str]] | None = None
    draft: bool = False
    #: Dated after the day the site is built as of, and shown anyway (mkdocs serve): marked 未发布.
    scheduled: bool = False
    extra: dict = field(default_factory=dict)
    #: Values of the site's `private_keys`: never published.
    private: dict = field(default_factory=dict, repr=False)
    #: Line of each front-matter key, for messages found after loading.
    lines: dict = field(default_factory=dict, repr=False)
    #: The 内容概述 the body's first paragraph gives (gongkai.text.bodytext.lead), when read while loading.
    lead: str | None = field(default=None, repr=False, compare=False)
    #: The search index's text of the record (as written, cut into words), when computed while loading.
    index_text: tuple[str, str, dict[str, str]] | None = field(default=None, repr=False, compare=False)

    @property
    def year(self) -> int:
        return self.published.year

    @property
    def is_valid(self) -> bool:
        return self.validity == "有效"

    @property
    def topic_display(self) -> str | None:
        """主题分类 as portals show it: `一级\\二级`."""
        return None if self.topic is None else self.topic.replace("/", "\\")

    def file_at(self, path: Path) -> Attachment | None:
        """The published file (attachment or body file) made from `path`."""
        return next((a for a in (*self.attachments, *self.body_files) if a.path == path), None)

    def but(self, **changes) -> Record:
        """A copy with `changes` (fields already checked): `dataclasses.replace` without its call of
        `__init__`, which took 1.4 s of a check from the cache at 50,000 records."""
        if not changes.keys() <= _RECORD_FIELDS:
            raise TypeError(f"Record has no field {', '.join(sorted(changes.keys() - _RECORD_FIELDS))}")
        new = object.__new__(Record)
        new.__dict__.update(self.__dict__, **changes)
        return new

    @property
    def sort_key(self):
        """Newest first; the 索引号 breaks ties so the order never depends on file names."""
        return (-self.published.toordinal(), _neg(self.index_no))


_RECORD_FIELDS = frozenset(Record.__dataclass_fields__)


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text) + (0,)


def _is_record_file(path: Path, root: Path) -> bool:
    """Whether `path` (resolved, inside `root`) is one of the files `record_files` returns."""
    rel = path.relative_to(root.resolve())
    return (
        path.suffix == ".md"
        and path.name.lower() != "readme.md"
        and not any(part.startswith(".") for part in rel.parts)
        and not (len(rel.parts) > 1 and rel.parts[0] in RESERVED_DIRS)
    )


def index_numbers(
    root: Path, skip: frozenset[Path] = frozenset(), heads: dict[Path, str] | None = None
) -> dict[str, list[Path]]:
    """The 索引号 each record file under `root` claims (but those in `skip`), from its `index_no:`
    line alone: drafts and files with errors count too, and nothing else of them is read."""
    return front_values(root, "index_no", skip, heads)


def record_heads(root: Path) -> dict[Path, str]:
    """The start of each record file under `root` (where its front matter is), by path."""
    out = {}
    for path in record_files(root):
        try:
            out[path] = path.read_text(encoding="utf-8-sig", errors="replace")[:4000]
        except OSError:
            continue
    return out


def front_values(
    root: Path, key: str, skip: frozenset[Path] = frozenset(), heads: dict[Path, str] | None = None
) -> dict[str, list[Path]]:
    """The value of the top-level `key:` line of each record file under `root` -> the files
    (`heads`: `record_heads(root)`, when read already)."""
    line = re.compile(rf"(?m)^{re.escape(key)}:\s*[\"']?([^\"'#\s]+)")
    out: dict[str, list[Path]] = {}
    for path, head in (heads if heads is not None else record_heads(root)).items():
        if path in skip:
            continue
        for value in line.findall(head)[:1]:
            out.setdefault(value, []).append(path)
    return out


#: Endings of a file a clerk meant as a record but that is not read as one: Windows Notepad saves
#: `.md.txt`, other editors `.markdown`; `.MD` is `.md` to Windows but not to the build.
_NEAR_RECORD = (".md.txt", ".markdown", ".mdown", ".mkd")


def record_files(root: Path, within: Path | None = None, misnamed: list[Path] | None = None) -> list[Path]:
    """Every record file under `root` (or only those under its folder `within`), sorted; reserved
    folders and README.md are skipped. With `misnamed`, the files that look like records but are
    not read as one (`misnamed_hint` says why) are appended to it."""
    out = []
    top = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(within or root):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not (dirpath == top and d in RESERVED_DIRS)
        )
        for name in filenames:
            if name.endswith(".md") and not name.startswith(".") and name.lower() != "readme.md":
                out.append(os.path.join(dirpath, name))
            elif misnamed is not None and not name.startswith(".") and _near_record(dirpath, name):
                misnamed.append(Path(dirpath, name))
    # In the order of Path objects (part by part: "a/b" before "a-b/c"), made once each (50,000 files).
    return [Path(p) for p in sorted(out, key=lambda p: p.split(os.sep))]


def _near_record(folder: str, name: str) -> bool:
    if name.endswith(".md"):  # a record, or README.md
        return False
    lower = name.lower()
    if lower == "readme.md":  # skipped as README.md is
        return False
    if lower.endswith((*_NEAR_RECORD, ".md")):
        return True
    if not lower.endswith(".txt"):
        return False
    try:  # a record saved as .txt: it starts as one does
        with open(os.path.join(folder, name), "rb") as file:
            return file.read(8).removeprefix(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False


def is_misnamed(path: Path) -> bool:
    """Whether `path` looks like a record but is not read as one (see `record_files`)."""
    return not path.name.startswith(".") and _near_record(os.fspath(path.parent), path.name)


def misnamed_hint(path: Path) -> tuple[str, str]:
    """What is wrong with a file `record_files` found misnamed, and the fix."""
    name = path.name
    stem = name
    for end in (*_NEAR_RECORD, ".txt", ".md"):
        if stem.lower().endswith(end):
            stem = stem[: -len(end)]
            break
    fixed = f"{stem}.md"
    if name.lower().endswith(".txt"):
        return (
            "文件名以 .txt 结尾，不会当作记录读取，也不会发布。",
            f"把文件改名为 {fixed}。Windows 记事本保存时会自动加上 .txt：另存为时“保存类型”选“所有文件”，"
            "或在资源管理器的“查看”中勾选“文件扩展名”后再改名。",
        )
    return (
        f"文件名以 {name[len(stem) :]} 结尾，不会当作记录读取，也不会发布（记录文件的扩展名是小写的 .md）。",
        f"把文件改名为 {fixed}。",
    )


def read_records(
    files: list[Path],
    root: Path,
    taxonomy: Taxonomy | None,
    settings: Settings,
    problems: Problems,
    tick: Callable[[], None] | None = None,
    unread: list[Source] | None = None,
) -> list[Record]:
    """Read and validate each of `files` on its own (the checks across records are `check_links`);
    `tick()` after each file, for a progress display. The files that split into front matter and
    body but failed their checks are appended to `unread` (their text can still be scanned)."""
    reader = RecordReader(root, taxonomy, settings)
    records = []
    for path in files:
        rec, _ = reader.read(path, problems, unread)
        if rec is not None:
            records.append(rec)
        if tick is not None:
            tick()
    return records


class RecordReader:
    """Reads record files one at a time, with what they share: the 索引号 pattern, the keys allowed,
    the files under records/ by name."""

    def __init__(self, root: Path, taxonomy: Taxonomy | None, settings: Settings):
        self.root, self.taxonomy, self.settings = root, taxonomy, settings
        self.pattern = IndexNoPattern(settings.index_no_pattern)
        self.allowed = {f.key for f in FIELDS} | set(settings.extra_keys) | set(settings.private_keys)
        self.found = FilesByName(root)

    def read(
        self, path: Path, problems: Problems, unread: list[Source] | None = None
    ) -> tuple[Record | None, tuple[Path, ...]]:
        """The record of `path` (None when it has errors, said to `problems`) and the other files it
        names (attachments, files and records its body links to: as written, before links are resolved)."""
        hidden = _hidden_in_name(path, self.root)
        if hidden is not None:
            problems.error(path, None, None, *hidden)
            return None, ()
        text = read_text(path, problems, self.root)
        source = split(path, text, problems, label=_field_label) if text is not None else None
        if source is None:
            return None, ()
        reader = _Reader(
            source, self.root, self.taxonomy, self.settings, self.pattern, self.allowed, problems, self.found
        )
        rec = reader.read()
        if rec is None and unread is not None:
            unread.append(source)
        return rec, tuple(reader.named)


#: A character no file name holds (NUL, which the OS refuses with a ValueError, and the other controls).
_NOT_A_PATH = re.compile(r"[\x00-\x1f\x7f]")
_NOT_A_PATH_FIX = "写文件的相对路径，如 files/附件.pdf：删去其中的 %00 等控制字符。"
#: The deepest indentation of a list item in a body (30 levels of 4 columns).
_MAX_INDENT = 120
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
#: The list and quotation marks a line starts with, each nesting what follows in one more level.
_MARK = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]*")
_MARKS = re.compile(rf"(?:{_MARK.pattern})+")
#: An HTML tag, and an attribute `markdown` in it (md_in_html: the element's content is Markdown).
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b([^<>]*)>")
_MD_ATTR = re.compile(r"\smarkdown\b")
#: `<![` and the name after it; the section names the standard library's HTML parser accepts
#: (<![CDATA[ and the <![if …]> of Word's HTML): any other makes it fail (Python 3.11).
_MARKED_SECTION = re.compile(r"<!\[([A-Za-z][-_.A-Za-z0-9]*)?")
_SHOWN_SECTION = re.compile(r"<!\[[^<>\s]{0,12}")
_SECTION_NAMES = frozenset({"cdata", "temp", "ignore", "include", "rcdata", "if", "else", "endif"})
#: A thematic break (- - -, * * *): a line, not a list.
_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*")
#: Fields that need others (the 索引号: the agency and the date) are read after them.
_READ_ORDER = sorted(FIELDS, key=lambda fld: bool(fld.needs))
#: Where a file's body is written, as a fix says it (the browser editor names its form's field).
BODY_WHERE = "在第二个 --- 下面写上正文"
_CURLY = {"“": "”", "‘": "’", "「": "」", "『": "』"}


def _in_curly_quotes(value) -> str | None:
    """What a value wrapped whole in one pair of Chinese quotes holds (“2025-01-24”), or None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) < 3 or _CURLY.get(text[0]) != text[-1]:
        return None
    inner = text[1:-1].strip()
    return inner if inner and text[0] not in inner and text[-1] not in inner else None


class FilesByName:
    """The files under the records folder by name, read once on the first question: where a file a
    record names went when it or the record was moved."""

    def __init__(self, root: Path):
        self.root = root
        self.names: dict[str, list[Path]] | None = None

    def named(self, name: str) -> list[Path]:
        if self.names is None:
            self.names = {}
            for folder, dirs, files in os.walk(self.root):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(files):
                    if not n.startswith("."):
                        self.names.setdefault(n.casefold(), []).append(Path(folder) / n)
        return self.names.get(name.casefold(), [])


class _Reader:
    """Validates one file's front matter, field by field."""

    def __init__(self, source: Source, root, taxonomy, settings, pattern, allowed, problems, found=None):
        self.src = source
        self.found = found if found is not None else FilesByName(root)
        self.front = source.front
        self.root = root
        self.taxonomy = taxonomy
        self.settings = settings
        self.pattern = pattern
        self.allowed = allowed
        self.problems = problems
        self.values: dict[str, object] = {}
        self.ok = True
        #: The files this record names, as written (see `RecordReader.read`).
        self.named: list[Path] = []

    # -- reporting ---------------------------------------------------------
    def line(self, key) -> int:
        return self.front.line_of(key)

    def error(self, key, message, hint="", line=None):
        self.ok = False
        self.problems.error(self.src.path, line or self.line(key), label(key) if key else None, message, hint)

    def warn(self, key, message, hint=""):
        self.problems.warn(self.src.path, self.line(key), label(key), message, hint)

    @staticmethod
    def suggest(value: str, options: list[str], where: str) -> str:
        return _suggest(value, options, where)

    def check_radicals(self) -> None:
        """Radicals standing for ideographs (⻘ for 青), which text copied out of a PDF holds: one
        warning a field, one for the body (its lines listed: a pasted body may hold hundreds)."""
        for key in ("title", "doc_no", "summary"):
            value = self.values.get(key)
            pairs = radicals.found(value) if isinstance(value, str) else []
            if pairs:
                self.warn(key, f"有样子和汉字相同的部首字符 {radicals.said(pairs)}{radicals.WHY}", radicals.FIX)
        pairs = radicals.found(self.src.body)
        if not pairs:
            return
        first = self.src.body_line
        lines = [first + n for n, line in enumerate(self.src.body.split("\n")) if radicals.found(line)]
        shown = "、".join(map(str, lines[:10])) + (f" 等 {len(lines)} 行" if len(lines) > 10 else " 行")
        message = f"正文第 {shown}有样子和汉字相同的部首字符 {radicals.said(pairs)}{radicals.WHY}"
        self.problems.warn(self.src.path, lines[0], None, message, radicals.FIX)

    # -- reading -----------------------------------------------------------
    def read(self) -> Record | None:
        f = self.front
        for key, line in f.duplicates:
            self.error(key, "这个字段写了两次。", "删掉其中一行。", line=line)
        for key in f:
            if key not in self.allowed:
                self._unknown_key(key)
        self.check_comments()
        v = self.values
        for fld in _READ_ORDER:
            value = f.get(fld.key)
            inner = _in_curly_quotes(value)
            if inner is not None:  # Word's “ ” around a value: no YAML quotes, part of the value
                if fld.kind == "text":
                    self.warn(
                        fld.key,
                        f"两端有中文引号“”：它们不是 YAML 的引号，会原样显示在网页上（{value}）。",
                        f"不是有意加的，删去两端的引号：写成 {fld.key}: {inner}",
                    )
                else:
                    self.error(
                        fld.key,
                        f"两端有中文引号“”：它们不是 YAML 的引号，成了值的一部分（{value}）。",
                        f"删去两端的引号：写成 {fld.key}: {inner}",
                    )
                    value = inner
            v[fld.key] = fld.default if _blank(value) else fld.read(self, value)
        for fld in FIELDS:  # after the others are read: the example of a 索引号 uses the agency and the year
            if fld.required and _blank(f.get(fld.key)):
                self.error(
                    fld.key,
                    "必填字段缺少或为空。" if fld.key in f else "缺少必填字段。",
                    f"加上一行 {fld.key}: {fld.example_in(self)}",
                    line=f.line_of(fld.key, f.line),
                )
        self.check_together()
        self.check_nesting()
        body_files, body_targets = self.body_links(v["attachments"])
        if self.src.body.strip() == BODY_PLACEHOLDER and not v["draft"]:
            self.error(
                None,
                f"正文还是新建记录时的“{BODY_PLACEHOLDER}”：这样发布，公开的页面、订阅和摘要上就只有这一句。",
                "把这一句换成这条信息的正文；正文在附件里的，写一句说明，如“详见附件。”",
                line=self.src.body_line + self.src.body[: len(self.src.body) - len(self.src.body.lstrip())].count("\n"),
            )
        for n, message, hint in (*sanitize.findings(self.src.body), *bodytables.findings(self.src.body)):
            self.problems.warn(self.src.path, self.src.body_line + n, None, message, hint)
        self.check_radicals()
        for n, message, hint in sanitize.refusals(self.src.body):
            self.error(None, message, hint, line=self.src.body_line + n)
        fixed = dict(
            title=v["title"] or "",
            index_no=v["index_no"] or "",
            summary=v["summary"] or "",
            validity=v["validity"] or "有效",
        )
        rec = Record(
            path=self.src.path,
            rel_path=self.src.path.relative_to(self.root).as_posix(),
            body=self.src.body,
            body_line=self.src.body_line,
            **{**v, **fixed},
            body_files=body_files,
            body_targets=body_targets,
            extra={k: v for k, v in f.items() if k in self.settings.extra_keys},
            private={k: v for k, v in f.items() if k in self.settings.private_keys},
            lines=dict(f.key_lines),
        )
        return rec if self.ok else None

    def check_together(self) -> None:
        """What one field says about another: dates in order, 有效性 and 失效日期, 发文字号's brackets."""
        v, f = self.values, self.front
        published, written, abolished = v["published"], v["written"], v["abolished"]
        if written and published and written > published:
            self.error(
                "written", f"成文日期 {written} 晚于发布日期 {published}。", "核对两个日期：成文日期不能晚于发布日期。"
            )
        if v["doc_no"]:
            self.check_doc_no(v["doc_no"])
        validity = v["validity"] or "有效"
        refused = v["validity"] is None and not _blank(f.get("validity"))  # said already: what goes with it waits
        if validity != "有效" and "abolished" not in f:
            self.error(
                "validity",
                f"有效性为“{validity}”时必须写失效日期。",
                f"加上一行 abolished: YYYY-MM-DD（{validity}的日期）",
            )
        if validity == "有效" and "abolished" in f and not refused:
            self.error(
                "abolished",
                "有效的文件不应有失效日期。",
                "如果文件已失效，写 validity: 失效 或 validity: 废止；否则删掉 abolished。",
            )
        agency = v["agency"]
        if agency is not None and agency.abolished is not None and published and published >= agency.abolished:
            self.error(
                "agency",
                f"发布机构“{agency.name}”已于 {agency.abolished} 撤销（taxonomy.yml 的 abolished），"
                "这天及以后发布的信息不能再以它的名义发布。",
                "新建的记录，"
                + (
                    f"agency 写成 {agency.successor}，索引号用它的代码编号"
                    if agency.successor
                    else "agency 写成现在负责这项工作的机构"
                )
                + f"；已经发布的记录不要改（索引号是它的网址），核对 taxonomy.yml 中这个机构的 abolished"
                f"（应晚于本记录的发布日期 {published}）。",
            )
        if abolished and published and abolished < published:
            self.error("abolished", f"失效日期 {abolished} 早于发布日期 {published}。", "核对日期。")
        if v["superseded_by"] and validity == "有效":
            self.warn(
                "superseded_by",
                "文件已被替代，但有效性仍是“有效”。",
                "确认后写 validity: 失效（或 废止）和 abolished: 日期。",
            )
        if not self.src.body.strip() and not v.get("attachments"):
            # The page would show the 信息索引 box and nothing else: a body pasted nowhere, or a file
            # forgotten. (A record whose text is its attachment needs no body.)
            self.problems.warn(
                self.src.path,
                self.src.body_line,
                None,
                "正文是空的，也没有附件：页面上只有信息索引。",
                f"{BODY_WHERE}，或在 attachments 中列出文件。",
            )

    def check_nesting(self) -> None:
        """A list nested deeper than any document needs: Python-Markdown's time grows steeply with the
        depth (1,500 levels never finish), so the build would hang where check passes; so does
        its recursion with lists, quotations or HTML blocks nested on one line, and an HTML parser
        fails on a `<![` it does not know. Code blocks are left alone (nothing in them is parsed)."""
        blocks: list[str] = []  # the HTML elements with a markdown attribute open at this line
        for n, line in lines_outside_code(self.src.body):
            indent = len(line) - len(line.lstrip(" \t"))
            if indent > _MAX_INDENT and _LIST_ITEM.match(line, indent):
                self.error(
                    None,
                    f"正文这一行的列表缩进了 {indent} 格，嵌套太深（超过 {_MAX_INDENT // 4} 层），网站无法生成。",
                    "公文的层次一般不超过四级（一、（一）1.（1））：减少列表的嵌套，或改成不缩进的段落。",
                    line=self.src.body_line + n,
                )
                return
            # "- - - - 项" nests a list in a list on one line, "> > > 话" a quotation in a quotation.
            marks = _MARKS.match(line, indent) if not _RULE.fullmatch(line) else None
            depth = len(_MARK.findall(marks.group())) if marks else 0
            if depth > _MAX_INDENT // 4:
                self.error(
                    None,
                    f"正文这一行开头连着 {depth} 个列表或引用符号（- * + 1. >），嵌套太深"
                    f"（超过 {_MAX_INDENT // 4} 层），网站无法生成。",
                    "删去多余的符号：一行开头只写一个“- ”（列表）或“> ”（引用）。",
                    line=self.src.body_line + n,
                )
                return
            # <div markdown="1"> inside another: Python-Markdown reads each level within the last.
            for close, name, attrs in _HTML_TAG.findall(line):
                if not close and _MD_ATTR.search(attrs):
                    blocks.append(name.lower())
                elif close and blocks and blocks[-1] == name.lower():
                    blocks.pop()
                if len(blocks) > _MAX_INDENT // 4:
                    self.error(
                        None,
                        f"正文到这一行有 {len(blocks)} 层带 markdown 属性的 HTML 标记层层套在一起，嵌套太深"
                        f"（超过 {_MAX_INDENT // 4} 层），网站无法生成。",
                        "去掉里层标记的 markdown 属性，或不要把它们一层套一层。",
                        line=self.src.body_line + n,
                    )
                    return
            # "<![" opens a marked section to an HTML parser: any name but these stops the build.
            for m in _MARKED_SECTION.finditer(line):
                if (m.group(1) or "").lower() not in _SECTION_NAMES:
                    self.error(
                        None,
                        f"正文中的“{_SHOWN_SECTION.match(line, m.start()).group()}”以 <![ 开头，"
                        "会被当作 HTML 标记读，网站无法生成。",
                        "在 < 后加一个空格（< ![）或改用全角的 ＜：页面显示的是同样的文字。",
                        line=self.src.body_line + n,
                    )
                    return

    def _unknown_key(self, key):
        if not isinstance(key, str):
            self.error(None, f"字段名 {key!r} 不是文字。", "字段名用英文小写，如 title。", line=self.line(key))
            return
        if key in FIELD_BY_LABEL:
            good = FIELD_BY_LABEL[key].key
            hint = f"字段名用英文：把 {key}: 改成 {good}:"
        else:
            alias = KEY_ALIASES.get(key.lower())
            close = [alias] if alias else difflib.get_close_matches(key, list(self.allowed), n=1, cutoff=0.6)
            if close:
                meant = FIELD_BY_KEY.get(close[0])
                hint = f"是不是 {close[0]}？" + (f"（{meant.label}）" if meant else "")
            else:
                hint = "可用的字段：" + "、".join(FIELD_BY_KEY) + "。"
            hint += (
                " 确需自定义字段时，由网站管理员加入 mkdocs.yml：公开显示的加入 extra_keys；"
                "只供内部使用、不能公开的（如经办人）加入 private_keys。"
            )
        self.error(None, f"未知字段 {key}。", hint, line=self.line(key))

    def plain(self, key, value: str, multiline: bool = False, what: str = "", line=None) -> bool:
        """Whether `value` is plain text (gongkai.text.plaintext); says why not at the field's line."""
        wrong = plaintext.problem(value, multiline)
        if wrong:
            self.error(key, what + wrong[0], wrong[1], line=line)
        return wrong is None

    def attachments(self, value: list) -> tuple[Attachment, ...]:
        """The files of an ``attachments`` list (gongkai.model.fields.Attachments), each checked."""
        example = "写成：\n      attachments:\n        - {file: files/附件.pdf, title: 附件名称}"
        out, used = [], set()
        lines = getattr(value, "item_lines", [self.line("attachments")] * len(value))
        for i, (item, line) in enumerate(zip(value, lines, strict=True), 1):
            if isinstance(item, str):
                item = {"file": item}
            if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"].strip():
                wide = [k for k in item if isinstance(k, str) and "：" in k] if isinstance(item, dict) else []
                if wide:  # {file：files/a.pdf, …}: YAML read the whole as a key with no value
                    key, _, rest = wide[0].partition("：")
                    self.error(
                        "attachments",
                        f"第 {i} 个附件的“{key}：”用了中文冒号，YAML 没有读出 {key}。",
                        f"切换到英文输入法，冒号后加一个空格，写成 {key.strip()}: {rest.strip()}",
                        line=line,
                    )
                    continue
                self.error("attachments", f"第 {i} 个附件缺少 file（文件路径）。", example, line=line)
                continue
            extra = set(item) - {key for key, *_ in Attachments.ITEM}
            if extra:
                self.error(
                    "attachments",
                    f"第 {i} 个附件有未知项 {'、'.join(map(str, sorted(extra, key=str)))}。",
                    "附件只写 " + " 和 ".join(key for key, *_ in Attachments.ITEM) + "。",
                    line=line,
                )
            title = item.get("title")
            if title is not None and not isinstance(title, str):
                self.error("attachments", f"第 {i} 个附件的 title 应为文字。", example, line=line)
                continue
            if title is not None and not self.plain(
                "attachments", title.strip(), what=f"第 {i} 个附件的 title ", line=line
            ):
                continue
            rel = item["file"].strip()
            if _NOT_A_PATH.search(rel):
                self.error(
                    "attachments", f"第 {i} 个附件的路径含有控制字符，不是文件路径。", _NOT_A_PATH_FIX, line=line
                )
                continue
            target = self.src.path.parent / rel
            self.named.append(target)
            try:
                resolved = target.resolve()
            except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
                self.error("attachments", f"附件 {rel} 是循环的符号链接，读不到文件。", _LOOP_HINT, line=line)
                continue
            try:
                resolved.relative_to(self.root.resolve())
            except ValueError:
                self.error(
                    "attachments",
                    f"附件路径 {rel} 指到了 records 目录之外。",
                    "把附件放进 records 目录（如本文件旁的 files/ 文件夹），路径写相对本文件的位置。",
                    line=line,
                )
                continue
            if not _is_file(resolved):
                problem, hint = self._missing(rel, target, resolved)
                self.error("attachments", f"附件{problem or f'文件 {rel} 不存在。'}", hint, line=line)
                continue
            if not self._publishable(rel, target, resolved, "attachments", line):
                continue
            name = _site_name(resolved.name, i)
            if name.casefold() in used:  # B.pdf and b.pdf are one file on Windows/IIS and macOS servers
                name = _site_name("", i, resolved.suffix)
            used.add(name.casefold())
            out.append(
                Attachment(
                    title=(title or "").strip() or resolved.stem, path=resolved, name=name, size=resolved.stat().st_size
                )
            )
        return tuple(out)

    def body_links(self, attachments) -> tuple[tuple[Attachment, ...], dict]:
        """Local files the body links to: each must exist inside records/."""
        files: list[Attachment] = []
        targets: dict[str, tuple[Path, str, int]] = {}
        used = {a.name.casefold() for a in attachments}
        known = {a.path: a for a in attachments}
        for n, dest in disk_paths(self.src.body):
            name = unquote(re.split(r"[\\/]", dest.rstrip("\\/"))[-1]) or "图表.png"
            self.error(
                None,
                f"正文中的 {dest} 是你电脑上的文件，网站上打不开（读者看到的是空白）。",
                f"把这个文件复制到本记录旁的 files/ 文件夹，再写成 files/{name}，如 ![说明](files/{name})。",
                line=self.src.body_line + n,
            )
        for link in local_links(self.src.body):
            line = self.src.body_line + link.line
            if _NOT_A_PATH.search(link.path):  # %00 in a link: no file system takes it
                self.error(
                    None,
                    f"正文中的链接 {link.target} 含有控制字符（如 %00），不是文件路径。",
                    _NOT_A_PATH_FIX,
                    line=line,
                )
                continue
            target = self.src.path.parent / link.path
            self.named.append(target)
            try:
                resolved = target.resolve()
            except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
                self.error(None, f"正文中的链接 {link.target} 是循环的符号链接，读不到文件。", _LOOP_HINT, line=line)
                continue
            try:
                resolved.relative_to(self.root.resolve())
            except ValueError:
                self.error(
                    None,
                    f"正文中的链接 {link.target} 指到了 records 目录之外。",
                    "把文件放进 records 目录（如本文件旁的 files/ 文件夹），链接写相对本文件的路径。",
                    line=line,
                )
                continue
            if not _is_file(resolved):
                problem, hint = self._missing(link.target, target, resolved)
                self.error(None, f"正文中的链接{problem or f' {link.target} 指向的文件不存在。'}", hint, line=line)
                continue
            if resolved.suffix.lower() == ".md" and not _is_record_file(resolved, self.root):
                self.error(
                    None,
                    f"正文中的链接 {link.target} 不是一条记录，网站上没有这个页面。",
                    "链接到其他记录时写它的文件路径（如 ../2024/czj-00001.md）；其他文件请放入 files/ 并链接文件本身。",
                    line=line,
                )
                continue
            targets[link.target] = (resolved, link.fragment, line)
            if resolved.suffix.lower() == ".md" or resolved in known:
                continue  # another record (checked once all are loaded), or a listed attachment
            if not self._publishable(link.target, target, resolved, None, line):
                continue
            name = _site_name(resolved.name, len(used) + 1)
            if name.casefold() in used:
                name = _site_name("", len(used) + 1, resolved.suffix)
            used.add(name.casefold())
            known[resolved] = Attachment(resolved.stem, resolved, name, resolved.stat().st_size)
            files.append(known[resolved])
        return tuple(files), targets

    def _publishable(self, written: str, target: Path, resolved: Path, key: str | None, line: int) -> bool:
        """A file leaving records/ for the site: no symlink, an allowed type, not too big, what its name says."""
        what = "附件" if key else "正文链接的文件"
        root = self.root.resolve()
        for part in (Path(os.path.normpath(target)), *Path(os.path.normpath(target)).parents):
            if part == root or root not in part.parents:
                break
            if part.is_symlink():
                self.error(
                    key,
                    f"{what} {written} 经过符号链接 {part.name}，不发布。",
                    "把真实文件复制到 records 目录中，再写它的路径。",
                    line=line,
                )
                return False
        # `lnk/..` is left out of the walk above (the path is normalised as written) but the file is
        # reached through `lnk`: a path that resolves elsewhere than its words say went through a link.
        if os.path.realpath(target) != os.path.realpath(os.path.normpath(target)):
            self.error(
                key,
                f"{what} {written} 的路径经过符号链接（“..”之前的文件夹是链接），不发布。",
                "路径中不要用 ..，直接写文件所在的位置；把真实文件复制到 records 目录中。",
                line=line,
            )
            return False
        # The name is published too (URL or download name, the catalogue): plain text like a title.
        if not self.plain(key, resolved.name, what=f"{what} {written} 的文件名", line=line):
            return False
        ext = filetypes.extension(resolved)
        allowed = self.settings.attachment_types
        if ext not in allowed:
            self.error(
                key,
                f"{what} {written} 的类型 .{ext or '（无扩展名）'} 不在允许发布的范围内。",
                f"可发布的类型：{'、'.join(allowed)}。确需其他类型，由网站管理员加入 mkdocs.yml 的 attachment_types。",
                line=line,
            )
            return False
        size = resolved.stat().st_size
        limit = self.settings.attachment_max_mb
        if size > limit * 1024 * 1024:
            self.error(
                key,
                f"{what} {written} 有 {size / 1024 / 1024:.1f} MB，超过了 {limit} MB 的上限。",
                "压缩或拆分后再发布；确需更大时，由网站管理员调整 mkdocs.yml 的 attachment_max_mb。",
                line=line,
            )
            return False
        ok, looks = filetypes.matches(resolved)
        if not ok:
            self.error(
                key,
                f"{what} {written} 的扩展名是 .{ext}，但内容不是这种文件"
                + (f"（看起来是{' ' if looks[:1].isascii() else ''}{looks}）" if looks else "")
                + "。",
                "发布原始文件；若只是扩展名写错了，把文件改成正确的扩展名。",
                line=line,
            )
            return False
        return True

    def _missing(self, written: str, target: Path, resolved: Path) -> tuple[str, str]:
        """For a linked file that is not there: (what is wrong if it is a folder, else "", hint)."""
        if _is_dir(resolved):
            inside = [f"{written.rstrip('/')}/{n}" for n in self._files_in(resolved)[:3]]
            return f" {written} 是文件夹，不是文件。", "写到文件本身，如 " + ("、".join(inside) or "files/附件.pdf")
        elsewhere = [p for p in self.found.named(target.name) if _is_file(p) and p.name == target.name]
        if elsewhere:
            # The file, or this record, was moved: say where the file is now and how to write it. Of
            # files of one name (czj-00001.md of each year), the one under the folders the link names.
            named = [part for part in posixpath.dirname(written).split("/") if part not in ("", ".", "..")]

            def fits(p: Path) -> int:
                return sum(part in p.parts for part in named)

            ranked = sorted(elsewhere, key=lambda p: (-fits(p), len(p.parts), str(p)))
            here = self.src.path.parent
            shown = [(self.problems.rel(p), Path(os.path.relpath(p, here)).as_posix()) for p in ranked[:3]]
            where = "、".join(f"{now}（从本文件写作 {rel}）" for now, rel in shown)
            if len(ranked) > 1 and fits(ranked[0]) == fits(ranked[1]):  # no telling which: none is offered
                return "", (
                    f"同名的文件现在在 {where}：文件或本记录移动过。核对原来链接的是哪一个，把路径改成它的，"
                    f"或把文件移回 {written} 所指的位置（路径相对本文件所在目录）。"
                )
            return "", (
                f"同名的文件现在在 {where}：文件或本记录移动过。"
                f"把路径改成 {shown[0][1]}，或把文件移回 {written} 所指的位置（路径相对本文件所在目录）。"
            )
        near = self._files_in(target.parent)
        if near:
            return "", _put_there(written, target.name, near, f"文件夹 {self.problems.rel(target.parent)}/")
        return "", "检查路径和文件名（区分大小写），路径相对本文件所在目录。"

    def _files_in(self, folder: Path) -> list[str]:
        """Names of the files in `folder` that could be published (inside records/, not hidden)."""
        if not _is_dir(folder):
            return []
        root = self.root.resolve()
        out = []
        for p in sorted(folder.iterdir()):
            try:
                if p.is_file() and not p.name.startswith(".") and p.resolve().is_relative_to(root):
                    out.append(p.name)
            except OSError:
                continue
        return out

    def check_comments(self):
        """`summary: 第 #1 号` keeps only 第: YAML reads ` #` as the start of a comment."""
        for key, value in self.front.items():
            line = self.front.key_lines.get(key)
            if not isinstance(value, str) or not line or line > len(self.src.lines):
                continue
            raw = self.src.lines[line - 1]
            if " #" in raw and "#" not in value and not raw.lstrip().startswith("#"):
                lost = raw.split(" #", 1)[1].strip()
                if key in FIELD_BY_KEY and lost.startswith(f"{FIELD_BY_KEY[key].label}："):
                    continue  # the help `gongkai new` writes after the field, left when it was filled in
                self.warn(
                    key,
                    f"“#{lost}”被当作注释，没有写进{FIELD_BY_KEY[key].label if key in FIELD_BY_KEY else key}。",
                    f'如果 # 是内容的一部分，用英文双引号把整个值括起来：{key}: "{value} #{lost}"',
                )

    def check_doc_no(self, doc_no: str):
        m = _BRACKETS_RE.search(doc_no)
        if m and not m.group(0).startswith("〔"):
            fixed = doc_no[: m.start()] + f"〔{m.group(1)}〕" + doc_no[m.end() :]
            self.warn("doc_no", f"发文字号“{doc_no}”的年份没有用六角括号〔〕。", f"写成 {fixed}")


def read_exemption(value) -> tuple[tuple[str, frozenset[str]] | None, list[tuple[str, str]]]:
    """A front matter's `pii_exempt` value as (reason, kinds of gongkai.text.pii), and what is wrong with it
    (gongkai.model.fields.Exemption.parse: `gongkai check` and `gongkai mask` read it alike)."""
    return FIELD_BY_KEY["pii_exempt"].parse(value)


_LOOP_HINT = "删掉这个链接，把文件本身放进本文件旁的 files/ 文件夹。"


def _is_file(path: Path) -> bool:
    """`path.is_file()`, False where the system cannot even look (a name longer than 255 bytes…)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _site_name(name: str, position: int, suffix: str = "") -> str:
    """Attachment file name on the site: kept when URL-safe, else `attachment-N.ext`."""
    if name and _SAFE_NAME.fullmatch(name):
        return name
    ext = suffix or Path(name).suffix
    ext = ext if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", ext or "") else ""
    return f"attachment-{position}{ext.lower()}"


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


def _suggest(value: str, options: list[str], where: str) -> str:
    contains = [o for o in options if value and (value in o or o in value)]
    close = difflib.get_close_matches(value, options, n=3, cutoff=0.4)
    picks = list(dict.fromkeys(contains + close))[:3]
    if picks:
        return "是不是：" + " 或 ".join(picks) + f"？（可用的名称见 {where}）"
    # All of them, up to a screenful: a category renamed has no name close to the old one.
    shown = "、".join(options[:40]) + (f"……（共 {len(options)} 个）" if len(options) > 40 else "")
    return f"可用的名称见 {where}：" + shown


def _hidden_in_name(path: Path, root: Path) -> tuple[str, str] | None:
    """What is wrong with a record file whose name (or folder's, under `root`) holds a character no
    one sees, one a terminal acts on (ESC) or one that reorders what it shows, and the fix."""
    try:
        where = path.relative_to(root).as_posix()
    except ValueError:
        where = path.name
    for ch in where:
        if plaintext.invisible(ch):
            name = plaintext.char_name(ch)
            return (
                f"文件名含有看不见的字符 U+{ord(ch):04X}（{name}）：它会被带进检查报告、终端和日志，"
                "这个文件不当作记录读取。",
                "给文件（或它所在的文件夹）改一个只含文字、数字、- 和 _ 的名字（git mv 旧名 新名）。",
            )
    return None


def _field_label(key: str) -> str | None:
    """How a message names the record field `key`; None for a key that is none."""
    return label(key) if key in FIELD_BY_KEY else None


def _put_there(written: str, name: str, files: list[str], folder: str) -> str:
    """What to do about a file `written` that is not in `folder`, among whose `files` one may only
    differ in case or width (then it is that file), or look alike: only named, never offered as the
    answer, since it may be another record's file (a 是不是 taken for the answer publishes it)."""
    same = [f for f in files if _folded(f) == _folded(name)]
    if same:
        fixed = posixpath.join(posixpath.dirname(written), same[0])
        return f"文件名的大小写（或全角、半角）与现有的文件不同，写成 {fixed}"
    hint = f"把原件放进{folder}，文件名与这里写的一致。"
    alike = difflib.get_close_matches(name, files, n=3, cutoff=0.4)
    if alike:
        return hint + f"名称相近的现有文件：{'、'.join(alike)}（可能是别的记录的文件，核对原件后再用）。"
    return hint + "现有的文件：" + "、".join(files[:12]) + ("……" if len(files) > 12 else "") + "。"


def _folded(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


_SERIAL = re.compile(r"^(.*?)(\d+)$")


def next_free(index_no: str, taken) -> str | None:
    """The 索引号 after the largest one `taken` with the same start as `index_no` (czj/2025-00008
    after czj/2025-00007), for a message about a duplicate; None when it ends in no number."""
    m = _SERIAL.match(index_no)
    if m is None:
        return None
    start, width = m.group(1), len(m.group(2))
    serials = [int(s.group(2)) for s in map(_SERIAL.match, taken) if s is not None and s.group(1) == start]
    return f"{start}{max(serials, default=0) + 1:0{width}d}"


def duplicate_hint(index_no: str, taken) -> str:
    """What to do about a 索引号 another file uses: take the next free one."""
    free = next_free(index_no, taken)
    return "索引号全站唯一，给本文件换一个未用过的流水号" + (f"，如 {free}（这一段的下一个）。" if free else "。")


def _keeps_index_no(group: list[Record], as_of: dt.date | None) -> tuple[Record | None, str]:
    """Of the records with one 索引号, the one that keeps it (its page's address): among those
    published as of `as_of` (or all, when none is), the one published first; None when two share
    that day (the site may use either). With why, as the message says it."""

    def out(r: Record) -> bool:
        return not r.draft and (as_of is None or r.published <= as_of)

    shown = [r for r in group if out(r)] or group
    first = min(r.published for r in shown)
    keepers = [r for r in shown if r.published == first]
    if len(keepers) > 1:
        return None, ""
    keep = keepers[0]
    if len(shown) == 1 and len(group) > 1 and out(keep):
        return keep, "已经发布，" + ("那一篇" if len(group) == 2 else "其他几篇") + "还没有"
    later = "、".join(str(r.published) for r in group if r is not keep)
    return keep, f"发布在先（{first}，" + ("那一篇" if len(group) == 2 else "其他几篇") + f" {later}）"


def _duplicates(index_no: str, group: list[Record], taken: list[str], problems: Problems, as_of) -> None:
    """Each record of `group` (one 索引号) told which keeps it and which take a new one."""
    keep, why = _keeps_index_no(group, as_of)

    def others(r: Record) -> str:
        return "、".join(problems.rel(o.path) for o in group if o is not r)

    for r in group:
        where = (r.path, _line(r, "index_no"), label("index_no"))
        if keep is None:  # two came out the same day: each is told to look at the site
            free = next_free(index_no, taken)
            two = len(group) == 2
            hint = (
                f"{'两' if two else '几'}篇同一天发布：网站上已在用这个索引号的那一篇不改，"
                f"给{'另一篇' if two else '其他几篇'}换一个未用过的流水号"
                + (f"，如 {free}（这一段的下一个）。" if free else "。")
            )
            problems.error(*where, f"索引号 {index_no} 重复：{others(r)} 也使用了它。", hint)
        elif r is keep:
            message = f"索引号 {index_no} 重复：{others(r)} 也使用了它。"
            problems.error(*where, message, f"本文件{why}，保留它的索引号（它是网页的网址）；改 {others(r)} 的索引号。")
        else:
            message = f"索引号 {index_no} 重复：{problems.rel(keep.path)} 已使用。"
            problems.error(*where, message, duplicate_hint(index_no, taken))


def check_links(
    records: list[Record], problems: Problems, as_of: dt.date | None = None, failed: set[str] = frozenset()
) -> None:
    """Checks across records: unique 索引号, references that must exist (and be published, as of
    `as_of`, when the record that refers to them is). `failed`: the 索引号 of files left out for
    errors of their own, which exist: a reference to one waits for them to be fixed."""

    def later(other: Record, rec: Record) -> bool:
        # A record scheduled for a later day than `as_of`, referred to by one that is published now.
        return as_of is not None and other.published > as_of >= rec.published and not other.draft

    groups: dict[str, list[Record]] = {}
    for rec in sorted(records, key=lambda r: r.rel_path):
        groups.setdefault(rec.index_no, []).append(rec)
    taken = [r.index_no for r in records]
    for index_no, group in groups.items():
        if len(group) > 1:
            _duplicates(index_no, group, taken, problems, as_of)
    by_no = {index_no: group[0] for index_no, group in groups.items()}  # the first file by path
    by_path = {rec.path: rec for rec in records}
    for rec in records:
        for target, (path, _, line) in rec.body_targets.items():
            if path.suffix.lower() != ".md":
                continue
            other = by_path.get(path)  # None: a record with errors of its own, reported already
            if other is not None and other.draft and not rec.draft:
                problems.error(
                    rec.path,
                    line,
                    None,
                    f"正文链接的 {target} 是草稿，不发布：本文件上的这个链接会打不开。",
                    f"先发布 {problems.rel(other.path)}（去掉 draft: true），或删去这个链接。",
                )
            elif other is not None and not rec.draft and later(other, rec):
                problems.error(
                    rec.path,
                    line,
                    None,
                    f"正文链接的 {target} 定于 {other.published} 发布，在那之前链接会失效。",
                    f"把本文件的 published 改为不早于 {other.published}，或删去这个链接。",
                )
    for rec in records:
        for key in ("superseded_by", "interprets"):
            target_no = getattr(rec, key)
            if target_no is None:
                continue
            target = by_no.get(target_no)
            if target is None and target_no in failed:
                continue
            what = "替代文件" if key == "superseded_by" else "被解读的文件"
            if target_no == rec.index_no:
                problems.error(
                    rec.path, _line(rec, key), label(key), f"{what}不能是本文件自己。", "写另一个记录的索引号。"
                )
            elif target is None:
                problems.error(
                    rec.path,
                    _line(rec, key),
                    label(key),
                    f"{what} {target_no} 在本站不存在。",
                    "核对索引号；被引用的文件要先加入 records 目录。",
                )
            elif target.draft and not rec.draft:
                problems.error(
                    rec.path,
                    _line(rec, key),
                    label(key),
                    f"{what} {target_no} 是草稿，不发布：本文件上指向它的链接会打不开。",
                    f"先发布 {problems.rel(target.path)}（去掉 draft: true），或暂时删去 {key}。",
                )
            elif not rec.draft and later(target, rec):
                problems.error(
                    rec.path,
                    _line(rec, key),
                    label(key),
                    f"{what} {target_no} 定于 {target.published} 发布，在那之前链接会失效。",
                    f"暂时删去 {key}，到 {target.published} 再写上；或把本文件的 published 改为不早于那天。",
                )
    _supersession_cycles(records, by_no, problems)


def same_doc_no(records: list[Record], problems: Problems) -> None:
    """A 发文字号 on two published records of one agency: the same document published twice, or a
    number mistyped; a warning at each later file's doc_no line. A record that interprets or
    supersedes another may carry its number (a 解读, a 图解 of it), and a joint document (联合发文)
    is each agency's to publish. `gongkai check` says it (a warning the build would repeat on every
    run, and `mkdocs build --strict` stop on, when the two are right)."""
    groups: dict[tuple, list[Record]] = defaultdict(list)
    for rec in sorted(records, key=lambda r: r.rel_path):
        if rec.doc_no and not rec.draft and not rec.interprets and rec.agency is not None:
            groups[("".join(rec.doc_no.split()), rec.agency.name)].append(rec)
    for group in groups.values():
        numbers = {r.index_no for r in group}
        kept = [r for r in group if r.superseded_by not in numbers]
        for rec in kept[1:]:
            first = kept[0]
            problems.warn(
                rec.path,
                _line(rec, "doc_no"),
                label("doc_no"),
                f"发文字号 {rec.doc_no} 与 {problems.rel(first.path)}（{first.index_no}）相同："
                "同一份文件可能发布了两次。",
                "核对两份记录：是同一份文件的，删去其中一份；发文字号写错的，改正。",
            )


def missing_doc_type(records: list[Record], taxonomy: Taxonomy, problems: Problems) -> None:
    """A record under a category named after a 文件类型 (行政规范性文件, 规章) without doc_type: table 二
    and inspect's 解读 check count a document by its doc_type only. A warning at its category line,
    said by the check (a list or a 清理结果 under that category rightly has none); not where the
    site declares the type not applicable to the record's agency."""
    for rec in sorted(records, key=lambda r: r.rel_path):
        kind = taxonomy.doc_type_of(rec.category, rec.agency, under=True) if rec.category is not None else None
        if kind and not rec.doc_type and not rec.draft:
            problems.warn(
                rec.path,
                _line(rec, "category"),
                label("category"),
                f"栏目是“{rec.category.path}”，但没写 doc_type（文件类型）："
                f"年报表二“{kind}”一行和 gongkai inspect 的解读检查都不计入这一篇。",
                f"这一篇是{kind}本身的，加一行 doc_type: {kind}；"
                "不是文件本身的（如清理结果、文件目录），不必理会这条提示。",
            )


def _supersession_cycles(records: list[Record], by_no: dict[str, Record], problems: Problems) -> None:
    """A ring of 替代 (A superseded by B, B by A, or longer), said at every file of it, at its
    superseded_by line."""
    successor = {no: r.superseded_by for no, r in by_no.items() if r.superseded_by}
    for ring in supersession_rings(successor):
        message = ring_message(ring, {no: by_no[no].rel_path for no in ring})
        for no in ring:
            r = by_no[no]
            problems.error(r.path, _line(r, "superseded_by"), label("superseded_by"), *message)


def supersession_rings(successor: dict[str, str]) -> list[list[str]]:
    """Each ring of `successor` (索引号 -> the 索引号 of the file that supersedes it) once, from its
    smallest 索引号. 替代 runs from an older file to a newer one: in a ring no file is the 现行文件,
    and each page's banner sends the reader to the next. A file naming itself is said on its own."""
    rings, reached = [], {}
    for start in sorted(successor):
        walk: list[str] = []
        no: str | None = start
        while no is not None and no in successor and no not in reached:
            reached[no] = start
            walk.append(no)
            no = successor[no] if successor[no] != no else None
        if no is None or reached.get(no) != start:
            continue  # the walk ended, or joined one walked before
        ring = walk[walk.index(no) :]
        if len(ring) > 1:
            first = ring.index(min(ring))
            rings.append(ring[first:] + ring[:first])
    return rings


def ring_message(ring: list[str], rel_paths: dict[str, str]) -> tuple[str, str]:
    """(message, fix) for every file of a ring of 替代: the ring named with each file."""
    chain = " → ".join(f"{no}（{rel_paths[no]}）" for no in ring) + f" → {ring[0]}"
    return (
        f"替代关系成了环：{chain}，没有一份是现行文件。",
        "替代只能由旧文件指向更新的现行文件：在现行的那一份中删去 superseded_by"
        "（有效性改回 有效，删去 abolished），其余各份的 superseded_by 写它的索引号。",
    )


def _line(rec: Record, key: str) -> int | None:
    return rec.lines.get(key)
