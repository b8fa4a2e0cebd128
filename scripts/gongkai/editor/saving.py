"""Saving a record from the editor: the record checks first, and only a record that passes replaces
the file; one that does not is kept as a draft beside it (`<file>.draft`, `draft: true`), never
lost and never published (the check and the build read `.md` files only), and every problem goes
back to the form in Chinese (field, message, fix).

A new record gets the next free 索引号 of its agency and year by `gongkai new`'s rule
(gongkai.clerk.newrecord.reserve: the file is claimed with O_EXCL, so two saves at the same moment, or
a save and a `gongkai new`, get two numbers). A record's 索引号 never changes from the form.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml

from gongkai.clerk import inside
from gongkai.clerk.changed import check_changed, naming
from gongkai.clerk.newrecord import draft_of, folder_for, reserve
from gongkai.guards import personal
from gongkai.model.indexno import IndexNoPattern
from gongkai.model.records import BODY_WHERE
from gongkai.model.schema import FIELD_BY_KEY, FIELDS, label
from gongkai.model.settings import Settings
from gongkai.model.taxonomy import load_taxonomy
from gongkai.siteconfig import read_addressing, read_docs_dir
from gongkai.text import yamlio
from gongkai.text.bodylinks import local_links
from gongkai.text.dates import parse_date
from gongkai.text.problems import Problem, Problems


class Refused(Exception):
    """A request the editor does not carry out; `message` says why in Chinese, `problems` list each."""

    def __init__(self, message: str, problems: list[dict] | None = None, status: int = 422, draft: str | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.status = status
        self.draft = draft


@dataclass
class Saved:
    """What a save did: the record file (relative to the site), its 索引号, whether it is new, and warnings."""

    path: str
    index_no: str
    new: bool
    warnings: list[dict] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)


def parse_raw(raw: str) -> tuple[dict, str]:
    """Decap's `frontmatter` text -> (front matter, body). Raises Refused when it is not one."""
    text = raw.replace("\r\n", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None) if lines[0] == "---" else None
    if end is None:
        raise Refused("编辑器送来的内容没有头部信息（---），没有保存。请刷新页面后重试。")
    head = "\n".join(lines[1:end])
    try:
        try:
            front = yaml.safe_load(head) or {}
        except (ValueError, OverflowError):
            # A day the calendar lacks (published: 2025-09-31): read as the check reads a record, the
            # date kept as written, so that the check names it and says how to write it.
            front = yamlio.load(head) or {}
    except yaml.YAMLError as exc:
        raise Refused(f"编辑器送来的头部信息无法读取（{exc}），没有保存。") from None
    if not isinstance(front, dict):
        raise Refused("编辑器送来的头部信息不是“字段: 值”的形式，没有保存。")
    return front, "\n".join(lines[end + 1 :]).lstrip("\n")


def normalize(front: dict) -> dict:
    """The form's values as a record holds them: blanks dropped (the form sends an emptied field as
    "" or []), dates typed YYYY-MM-DD as dates (as YAML reads them in a hand-written file), the
    default 有效性 and `draft: false` left out."""
    out = {}
    for key, value in front.items():
        value = _drop_blank(value)
        if value is None:
            continue
        fld = FIELD_BY_KEY.get(key)
        if fld is not None and fld.kind == "date" and isinstance(value, str):
            day, _, _ = parse_date(value)
            if day is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                value = day
        if fld is not None and fld.kind == "bool" and value is False:
            continue
        if key == "validity" and value == FIELD_BY_KEY["validity"].default:
            continue
        out[key] = value
    return out


def _drop_blank(value):
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list):
        items = [v for v in (_drop_blank(v) for v in value) if v is not None]
        return items or None
    if isinstance(value, dict):
        items = {k: v for k, v in ((k, _drop_blank(v)) for k, v in value.items()) if v is not None}
        return items or None
    return value


def render(front: dict, body: str, settings: Settings) -> str:
    """The record file: the schema's fields in the schema's order, then the site's own keys, then
    anything else the form sent (which the check will name); the body after the closing ---."""
    order = [f.key for f in FIELDS] + [*settings.extra_keys, *settings.private_keys]
    keys = [k for k in order if k in front] + [k for k in front if k not in order]
    lines = ["---"]
    for key in dict.fromkeys(keys):
        lines.append(_dump(key, front[key]))
    lines.append("---")
    body = body.replace("\r\n", "\n").rstrip("\n")
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")


def _dump(key: str, value) -> str:
    """One front-matter entry as the sample's records write it: lists of words and objects in
    flow style (`keywords: [预算, 公开]`), attachments one item a line."""
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return f"{key}:\n" + "\n".join("  - " + _flow(v) for v in value)
    if isinstance(value, (list, dict)):
        return f"{key}: {_flow(value)}"
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, width=1_000_000).rstrip("\n")


def _flow(value) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=1_000_000)
    return text.rstrip("\n")


def index_no_of(path: Path) -> str | None:
    """The `index_no:` of a record file (or draft), from its front matter."""
    try:
        front, _ = parse_raw(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, Refused):
        return None
    value = front.get("index_no")
    return str(value).strip() if value not in (None, "") else None


def problem_dict(p: Problem) -> dict:
    """A problem as the form shows it: the field (key and label), what is wrong, the fix."""
    key = p.field.split("（")[0] if p.field else None
    fld = FIELD_BY_KEY.get(key) if key else None
    return {
        "severity": p.label,
        "key": key,
        "field": p.field or "",
        # The form writes the front matter itself: a problem of no field is the body's.
        "label": fld.label if fld else (p.field or "正文"),
        "message": p.message,
        "fix": p.hint,
    }


class Saver:
    """Saves records into the records folder of one site (`base`: the folder of mkdocs.yml)."""

    def __init__(self, base: Path, settings: Settings, config_file: Path | None = None):
        self.base = base
        self.settings = settings
        #: The site's mkdocs.yml (`gongkai edit -f` names another): where its docs and addresses are.
        self.config_file = config_file or base / "mkdocs.yml"
        self.root = settings.records_path(base)
        self.pattern = IndexNoPattern(settings.index_no_pattern)

    def taxonomy(self):
        """The taxonomy as it is now (a webmaster may change it while the editor runs)."""
        problems = Problems(root=self.base)
        taxonomy = load_taxonomy(self.root / self.settings.taxonomy, problems)
        if taxonomy is None:
            raise Refused(
                "分类体系 taxonomy.yml 有错误，暂时不能保存记录：" + "；".join(p.text() for p in problems.errors[:5]),
                [problem_dict(p) for p in problems.errors],
            )
        return taxonomy

    def save(self, target: Path | None, raw: str, assets: list[tuple[str, bytes]]) -> Saved:
        """Check and write one record. `target`: the record file, or None for a new record (its
        file is named after the 索引号 it gets). `assets`: (file name relative to the record's
        folder, content) of files uploaded with it. Raises Refused with every problem."""
        front, body = parse_raw(raw)
        front = normalize(front)
        taxonomy = self.taxonomy()
        for name, content in assets:
            self.check_upload(name, content)
        new = target is None
        if new:
            target, index_no = self.reserve(front, taxonomy)
        else:
            index_no = self.keep_index_no(target, front)
        try:
            if index_no:
                front = {"index_no": index_no, **{k: v for k, v in front.items() if k != "index_no"}}
            written = self.write_assets(target.parent, assets, owner=None if new else target)
            try:
                # Every file sent, written or the same again: the commit holds what the record names.
                return self.check_and_write(target, front, body, new, index_no, [p for p, _, _ in written])
            except BaseException as exc:
                # The record stays as it was, and so do its published files: a new version of one
                # is written again once the record passes (the draft keeps the new files only).
                replaced = [p for p, old, changed in written if changed and old is not None]
                left = _put_back(written)
                if replaced and isinstance(exc, Refused):
                    names = "、".join(p.name for p in replaced)
                    exc.message += f"（新上传的 {names} 没有替换已发布的文件：记录通过检查后再上传。）"
                    exc.message += _not_put_back(left)
                    exc.args = (exc.message,)
                raise
        except BaseException:
            if new and target.is_file() and target.stat().st_size == 0 and not draft_of(target).exists():
                target.unlink()  # give the number back: nothing was kept under it
            raise

    def fits(self, record: Path, raw: str) -> bool:
        """Whether the 索引号 of `record`'s draft fits the agency and the year `raw` gives (a new
        record's number is its agency's, of its year)."""
        try:
            front = normalize(parse_raw(raw)[0])
        except Refused:
            return False
        number = index_no_of(draft_of(record))
        agency = self.taxonomy().agency_by_name.get(str(front.get("agency", "")).strip())
        published = front.get("published")
        parts = self.pattern.parse(number) if number else None
        if parts is None or agency is None or not isinstance(published, dt.date):
            return False
        return (not self.pattern.has_org or parts["org"] == agency.code) and (
            not self.pattern.has_year or int(parts["year"]) == published.year
        )

    def reserve(self, front: dict, taxonomy) -> tuple[Path, str]:
        """Claim the next free 索引号 of the record's agency and year (gongkai new's rule)."""
        agency = taxonomy.agency_by_name.get(str(front.get("agency", "")).strip())
        published = front.get("published")
        wrong = []
        if agency is None:
            wrong.append(_problem("agency", "请先选择发布机构：索引号按发布机构分配。", "在“发布机构”中选一个机构。"))
        if isinstance(published, str) and published.strip():
            wrong.append(
                _problem(
                    "published",
                    f"发布日期“{published.strip()}”不是日历上的日期：索引号按发布年份分配。",
                    "写成 YYYY-MM-DD，例如 2025-09-30；或在“发布日期”中选日期。",
                )
            )
        elif not isinstance(published, dt.date):
            wrong.append(
                _problem(
                    "published", "请先填写发布日期（YYYY-MM-DD）：索引号按发布年份分配。", "在“发布日期”中选日期。"
                )
            )
        if wrong:
            raise Refused("还不能分配索引号，记录没有保存：" + "；".join(w["message"] for w in wrong), wrong)
        try:
            folder = folder_for(self.root, published)  # records/<year>/, or its month's folder
            path, index_no = reserve(self.root, agency.code, published.year, self.pattern, folder)
        except inside.NotInside as exc:
            raise Refused(str(exc)) from None
        return path, index_no

    def keep_index_no(self, target: Path, front: dict) -> str | None:
        """The 索引号 a saved record keeps: the one in its file (or its draft); the form cannot change it."""
        draft = draft_of(target)
        old = index_no_of(target) if target.is_file() else index_no_of(draft) if draft.is_file() else None
        given = str(front.get("index_no") or "").strip() or None
        if old and given and given != old:
            raise Refused(
                f"索引号 {old} 一经分配不能更改（表单送来的是 {given}），记录没有保存。",
                [
                    _problem(
                        "index_no",
                        f"索引号 {old} 不能改为 {given}。",
                        "索引号是记录的网址，发布后不变；请刷新页面后再编辑。",
                    )
                ],
            )
        return old or given

    def check_upload(self, name: str, content: bytes) -> None:
        """An uploaded file: of a type the site publishes, not empty, not too big (checked again,
        content and all, by the record check)."""
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        types = self.settings.attachment_types
        if ext not in types:
            raise Refused(
                f"附件 {Path(name).name} 的类型 .{ext} 不能发布，没有保存。",
                [_problem("attachments", f"附件 {Path(name).name} 的类型不能发布。", "只能上传：" + "、".join(types))],
            )
        if not content:
            raise Refused(
                f"附件 {Path(name).name} 是空文件（0 字节），没有保存。",
                [
                    _problem(
                        "attachments",
                        f"附件 {Path(name).name} 是空文件。",
                        "重新选择文件上传：原文件可能还没有下载完，或在网盘中还没有同步到本机。",
                    )
                ],
            )
        limit = self.settings.attachment_max_mb * 1024 * 1024
        if len(content) > limit:
            raise Refused(
                f"附件 {Path(name).name} 超过 {self.settings.attachment_max_mb} MB，没有保存。",
                [
                    _problem(
                        "attachments",
                        f"附件 {Path(name).name} 太大。",
                        f"压缩或拆分到 {self.settings.attachment_max_mb} MB 以内。",
                    )
                ],
            )

    def write_assets(
        self, folder: Path, assets: list[tuple[str, bytes]], owner: Path | None = None
    ) -> list[tuple[Path, bytes | None, bool]]:
        """Write uploaded files; for each, (its path, the bytes it replaced or None, whether it was
        written: the same bytes again are not). A file of the same name with other bytes that a
        record other than `owner` names (an attachment or a body link of it) is that record's:
        refused, before anything is written. (`save` puts back what a refused record replaced.)"""
        todo = []
        for name, content in assets:
            path = folder / name
            try:
                inside.require(self.root, path)
            except inside.NotInside as exc:
                raise Refused(str(exc)) from None
            old = path.read_bytes() if path.is_file() else None
            if old is not None and old != content:
                mine = {owner, draft_of(owner)} if owner is not None else set()
                users = [r for r in _users(self.root, path) if r not in mine]
                if users:
                    shown = "、".join(r.relative_to(self.base).as_posix() for r in users[:3])
                    rel = path.relative_to(self.base).as_posix()
                    raise Refused(
                        f"已有同名文件 {rel}，是记录 {shown} 的附件或图片，没有保存。",
                        [
                            _problem(
                                "attachments", f"文件名 {path.name} 已被别的记录使用。", "给新文件换一个名字再上传。"
                            )
                        ],
                    )
            todo.append((path, content, old))
        out = []
        try:
            for path, content, old in todo:
                if old != content:
                    _write(path, content)
                out.append((path, old, old != content))
        except BaseException as exc:  # a full disk, say: the files are put back as they were
            left = _put_back(out)
            if not isinstance(exc, OSError):
                raise
            raise Refused(f"上传的文件没有全部写入（{exc.strerror or exc}），没有保存。{_not_put_back(left)}") from None
        return out

    def check_and_write(self, target: Path, front: dict, body: str, new: bool, index_no, written) -> Saved:
        """Check the record's new text in a hidden file beside it; replace the file when it passes,
        keep it as a draft when it does not."""
        try:
            inside.require(self.root, target, hard_links=True)  # the checked file is renamed over it
        except inside.NotInside as exc:
            raise Refused(str(exc)) from None
        text = render(front, body, self.settings)
        checking = target.with_name(f".{target.stem}.checking.md")
        _write_text(self.root, checking, text)
        problems = Problems(root=self.base)
        config = self.config_file
        where = {"docs": read_docs_dir(config), **read_addressing(config)} if config.is_file() else {}
        skip = frozenset({target})
        check_changed([checking], self.root, self.taxonomy(), self.settings, problems, skip=skip, **where)
        errors, warnings = problems.errors, problems.warnings
        rel = target.relative_to(self.base).as_posix()
        if errors:
            draft = draft_of(target)
            kept = render(front, body, self.settings)
            if not front.get("draft"):  # ours, marked: taken out again when the editor opens the draft
                kept = render({**front, "draft": True}, body, self.settings)
                kept = kept.replace("\ndraft: true\n", f"\n{DRAFT_LINE}\n", 1)
            _write_text(self.root, draft, kept)
            checking.unlink()
            if new:
                target.unlink()  # the draft holds the number now (newrecord counts drafts)
            # A problem's fix may name the file checked (`gongkai mask <file>`): the draft, for the clerk.
            listed = [_naming(problem_dict(p), checking, draft, self.base) for p in errors + warnings]
            raise Refused(
                f"记录未通过检查，已另存为草稿 {draft.relative_to(self.base).as_posix()}（不会发布）："
                + "；".join(f"{p['label']}：{p['message']}" for p in listed if p["severity"] == "错误"),
                listed,
                draft=draft.relative_to(self.base).as_posix(),
            )
        checking.replace(target)
        draft_of(target).unlink(missing_ok=True)
        return Saved(
            rel,
            index_no or "",
            new,
            [_naming(problem_dict(p), checking, target, self.base) for p in warnings],
            [p.relative_to(self.base).as_posix() for p in written],
        )


def _users(root: Path, path: Path) -> list[Path]:
    """The record files whose attachments or body links name `path` itself (resolved from the
    record's folder): a record elsewhere naming another `files/附件1.pdf` is not one of them."""
    target = path.resolve()
    out = []
    # Those whose text holds the name at all, as written or percent-encoded (files/%E9%99%84….pdf).
    for record in naming(root, [path, path.with_name(quote(path.name))]):
        try:
            front, body = parse_raw(record.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, Refused):
            continue
        named = [a.get("file") for a in front.get("attachments") or [] if isinstance(a, dict)]
        named += [link.path for link in local_links(body)]
        if any(isinstance(n, str) and (record.parent / n).resolve() == target for n in named):
            out.append(record)
    return out


def _write_text(root: Path, path: Path, text: str) -> None:
    """`text` into `path` under the records folder `root`, never through a link (inside.write_bytes)."""
    try:
        inside.write_bytes(root, path, text.encode("utf-8"))
    except inside.NotInside as exc:
        raise Refused(str(exc)) from None


def _write(path: Path, content: bytes) -> None:
    """`path` holds `content` whole or as it was (a hidden partial file, then a rename). The caller
    has checked `path`; the partial file beside it is written through no link either."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        _write_bytes_beside(partial, content)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)  # a full disk keeps no half file
        raise


def _write_bytes_beside(path: Path, content: bytes) -> None:
    """`content` into `path`, whose folder the caller checked: refused if `path` is a link."""
    try:
        inside.write_bytes(path.parent, path, content)
    except inside.NotInside as exc:
        raise Refused(str(exc)) from None


def _put_back(written: list[tuple[Path, bytes | None, bool]]) -> list[Path]:
    """Each file of `written` that was replaced, as it was; the paths that could not be."""
    left = []
    for path, old, changed in written:
        if changed and old is not None:
            try:
                _write(path, old)
            except OSError:
                left.append(path)
    return left


def _not_put_back(left: list[Path]) -> str:
    """What a message adds about the files `_put_back` could not restore (nothing when none)."""
    return f"这些文件没能恢复原样：{'、'.join(p.name for p in left)}，请从 git 取回。" if left else ""


def _naming(problem: dict, checked: Path, shown: Path, base: Path) -> dict:
    """`problem` with the hidden file the check read named as the file the clerk has (`shown`), and
    a fix that names a field by its key in the front matter named by its label in the form."""
    was, now = checked.relative_to(base).as_posix(), shown.relative_to(base).as_posix()

    def said(text: str) -> str:
        text = text.replace(was, now).replace(personal.EXEMPT_WHERE, _IN_THE_FORM)
        # What the command line would do to the file is undone by the form's next save.
        return _FORM_WORDS.sub(lambda m: _IN_FORM[m.lastgroup], text)

    return {k: said(v) if isinstance(v, str) else v for k, v in problem.items()}


#: A fix's words for the file, as the form says them.
_IN_FORM = {"mask": "", "below": "在“正文”中写上正文"}
_FORM_WORDS = re.compile(
    "(?P<mask>" + re.escape(personal.MASK_RUN).replace(re.escape("{path}"), r"\S+") + ")"
    f"|(?P<below>{re.escape(BODY_WHERE)})"
)


#: The personal-data guard's fix names the file's key; the form has the field's label.
_IN_THE_FORM = "在表单的“个人信息豁免”中选择理由和类别"


def _problem(key: str, message: str, fix: str) -> dict:
    return {
        "severity": "错误",
        "key": key,
        "field": label(key),
        "label": FIELD_BY_KEY[key].label,
        "message": message,
        "fix": fix,
    }


#: The `draft: true` a refused save puts in its draft. The editor shows the draft without it: saved
#: again once fixed, the record is published as the clerk meant (it went on as a draft, unseen).
DRAFT_LINE = "draft: true  # 编辑器：未通过检查，暂存为草稿；改好保存后去掉"
_OURS = re.compile("^" + re.escape(DRAFT_LINE) + r"[ \t]*\r?\n", re.M)  # a line of its own, CRLF too


def text_for_editor(root: Path, path: Path) -> str | None:
    """What the editor shows for the record file `path` under the records folder `root`: its draft
    when one is pending (without the `draft: true` the refusal added), else the file. A link among
    them is refused (`inside`): the form would show, and save, a file from elsewhere."""
    for candidate in (draft_of(path), path):
        try:
            text = inside.read_bytes(root, candidate).decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        except inside.NotInside as exc:
            raise Refused(str(exc)) from None
        except (OSError, UnicodeDecodeError):
            continue
        return _OURS.sub("", text, count=1) if candidate != path else text
    return None
