"""`gongkai check --changed`: only the record files changed against a branch (main), plus the
rules across records (a 索引号 used twice, a reference to a record that does not exist), for a
pre-commit hook. The other files are not validated, only their `index_no:` line is read. A changed
attachment or image brings in the records that name it (its personal-data scan, its type and size
are theirs to pass). What the build refuses to publish in a changed record that is published
(a draft's or a scheduled record's title and 索引号, private values, the ledgers' case numbers:
gongkai.guards.sourcescan) is refused here too: those records and the ledgers are read for it, found by
their `draft:`, `published:` and private keys' lines."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from gongkai.guards import personal, sourcescan
from gongkai.guards.leaks import SecretSet
from gongkai.model import sitelinks
from gongkai.model.ledgers import load_ledgers
from gongkai.model.records import (
    RESERVED_DIRS,
    duplicate_hint,
    front_values,
    index_numbers,
    is_misnamed,
    read_records,
    record_files,
    record_heads,
    ring_message,
    supersession_rings,
)
from gongkai.model.schema import label
from gongkai.model.settings import Settings
from gongkai.model.taxonomy import Taxonomy
from gongkai.portal.catalog import secrets_of
from gongkai.text.bodylinks import destinations
from gongkai.text.problems import Problems


class NotInGit(Exception):
    """The site is not in a git work tree, or `base` is not a branch of it."""


def _git(site: Path, *args) -> list[str]:
    # NUL-separated names (-z): otherwise git quotes a name with a Chinese character or a space
    # ("records/2024/\345…"), and a quoted name named no file, so the change went unchecked.
    result = subprocess.run(["git", *args], cwd=site, capture_output=True)
    if result.returncode:
        raise NotInGit(result.stderr.decode("utf-8", "replace").strip() or "git failed")
    return [os.fsdecode(name) for name in result.stdout.split(b"\0") if name]


def changed_files(site: Path, base: str) -> list[Path]:
    """Files changed against the merge base with `base`: committed, staged, unstaged and untracked."""

    def git(*args) -> list[str]:
        return _git(site, *args)

    top = Path(git("rev-parse", "--show-toplevel")[0].rstrip("\n"))
    # --no-renames: a file moved away is listed under its old name too (git names a rename by its new one).
    names = git("diff", "-z", "--no-renames", "--name-only", f"{base}...HEAD")
    names += git("diff", "-z", "--no-renames", "--name-only", "HEAD")
    names += git("ls-files", "-z", "--full-name", "--others", "--exclude-standard")  # from the top, as diff's
    # A deleted (or renamed-away) file is listed too: only_records sees that records/ lost something.
    # A link stays where it lies (its folder resolved, not the link): followed to its target, a link
    # in docs/ to ../.git, or a record file linked to one outside records/, was judged as that
    # target, outside both folders, and went unchecked.
    return sorted({(top / n).parent.resolve() / (top / n).name for n in names})


@dataclass(frozen=True)
class Staged:
    """Git's index: the files the next commit holds, and those it changes (`git add`ed), resolved."""

    files: frozenset[Path]
    changed: frozenset[Path]
    top: Path  # the work tree's top folder, resolved
    deleted: frozenset[Path] = frozenset()  # taken out of the index (git rm --cached, git rm)


def staged_files(site: Path) -> Staged | None:
    """What git's index holds and changes; None outside a work tree."""
    try:
        top = Path(_git(site, "rev-parse", "--show-toplevel")[0].rstrip("\n"))
        held = _git(site, "ls-files", "-z", "--cached", "--full-name")
        changed = _git(site, "diff", "-z", "--cached", "--no-renames", "--name-only")  # from the top, as ls-files'
        deleted = _git(site, "diff", "-z", "--cached", "--no-renames", "--name-only", "--diff-filter=D")
    except (NotInGit, OSError, IndexError):
        return None

    def paths(names: list[str]) -> frozenset[Path]:
        return frozenset((top / n).resolve() for n in names)

    return Staged(paths(held), paths(changed), top.resolve(), paths(deleted))


def unstaged_attachments(records, staged: Staged, problems: Problems) -> None:
    """An error for each file a staged record publishes (an attachment, a file its body links) that
    the index lacks: the hook reads the work tree, where it is, while the commit, CI and the build
    would not have it (an untracked file, or one .gitignore leaves out)."""
    for rec in records:
        files = [a.path.resolve() for a in (*rec.attachments, *rec.body_files)]
        if rec.path.resolve() not in staged.files:
            continue  # not in the commit (not added yet, or taken out with its files)
        if rec.path.resolve() not in staged.changed and not staged.deleted.intersection(files):
            continue  # unchanged, and so are its files (a check before `git add`)
        links = {path: line for path, _, line in rec.body_targets.values()}
        for a in (*rec.attachments, *rec.body_files):
            if a.path.resolve() in staged.files:
                continue
            attached = a in rec.attachments
            # From the work tree's top (:/), where pre-commit runs, whatever folder the site is in.
            name = a.path.resolve().relative_to(staged.top).as_posix()
            problems.error(
                rec.path,
                rec.lines.get("attachments") if attached else links.get(a.path.resolve(), rec.body_line),
                label("attachments") if attached else None,
                f"文件 {problems.rel(a.path)} 还没有加入 git：提交里没有它，网站构建会因找不到它而失败。",
                f"运行 git add {_shell_word(':/' + name)}（被 .gitignore 排除的，用 git add -f）。",
            )


def _shell_word(text: str) -> str:
    """`text` as one word of a command line: bare when it holds nothing a shell reads (any shell),
    else in double quotes (bash, PowerShell and cmd.exe), or in single quotes when it holds a $ or a
    backquote, which bash and PowerShell expand inside double quotes."""
    if re.fullmatch(r"[\w./:（）\-]+", text):  # no %, comma or @: cmd.exe and PowerShell read them
        return text
    return f"'{text}'" if re.search(r"[$`]", text) and "'" not in text else f'"{text}"'


_INDEX_NO = re.compile(r"(?m)^index_no:\s*[\"']?([^\"'#\s]+)")


def published_numbers_lost(
    site: Path, base: str, root: Path, changed: list[Path], as_of: dt.date, problems: Problems, prefix: str = "xxgk"
):
    """Warn of each 索引号 published at the merge base with `base` (not a draft, dated by `as_of`)
    whose record file is among `changed` and that no record file claims any more: its page's address
    (the 索引号 is the URL) would be gone, and every link to it broken. A warning: a record taken
    down on purpose (published by mistake, say) is the clerk's to remove."""
    try:
        top = Path(_git(site, "rev-parse", "--show-toplevel")[0].rstrip("\n"))
        start = _git(site, "merge-base", base, "HEAD")[0].strip()
    except (NotInGit, IndexError):
        return
    names = []
    for path in changed:
        try:
            if path.suffix == ".md" and path.relative_to(root).parts[0] not in RESERVED_DIRS:
                names.append((path, (path.parent.resolve() / path.name).relative_to(top.resolve()).as_posix()))
        except ValueError:
            continue
    if not names:
        return
    asked = "".join(f"{start}:{name}\n" for _, name in names).encode("utf-8")
    try:
        out = subprocess.run(["git", "cat-file", "--batch"], cwd=site, input=asked, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return
    then, data = {}, out.stdout
    for path, _ in names:
        header, _, data = data.partition(b"\n")
        if header.endswith(b" missing") or not header:
            continue
        size = int(header.split()[-1])
        # utf-8-sig: a record saved by Windows Notepad starts with a BOM.
        text, data = data[:size].decode("utf-8-sig", "replace"), data[size + 1 :]
        head = text.split("\n---", 1)[0] if text.startswith("---") else ""
        number, day = _INDEX_NO.search(head), _PUBLISHED.search(head)
        if number and day and not _DRAFT.search(head) and day.group(1) <= as_of.isoformat():
            then[number.group(1)] = path
    # Most changes keep the file's own number: every file is read only when one does not.
    if all(p.is_file() and number_of(p) == n for n, p in then.items()):
        return
    heads = record_heads(root)
    now = index_numbers(root, heads=heads)
    lost = {n: p for n, p in then.items() if n not in now}
    refs = {key: front_values(root, key, heads=heads) for key in ("superseded_by", "interprets")}
    # The records whose bodies link a lost page by its address (/xxgk/czj/2024-00001/): read only now.
    linking: dict[str, set[Path]] = {}
    if lost:
        for other in record_files(root):
            try:
                text = other.read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                continue
            for number in lost:
                if f"/{prefix}/{number}/" in text:
                    linking.setdefault(number, set()).add(other)
    for number, path in sorted(lost.items()):
        naming = sorted({p for key in refs for p in refs[key].get(number, [])} | linking.get(number, set()) - {path})
        line = None
        if path.is_file():
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            found = _INDEX_NO.search(text)
            line = text[: found.start()].count("\n") + 1 if found else None
        message = (
            f"索引号 {number} 已经发布（它就是这条信息网页的网址）：改号或删去以后，这个网址打不开，"
            "别处指向它的链接都会失效。"
        )
        fix = f"改回 index_no: {number}。" if path.is_file() else "误删或误移的，把文件恢复原样。"
        if naming:  # the whole check and the build refuse those references: so does the hook
            named = "、".join(problems.rel(p) for p in naming)
            problems.error(path, line, label("index_no"), message + f"{named} 还引用着它。", fix)
        else:
            problems.warn(
                path, line, label("index_no"), message, fix + "确实要撤下这条信息的（如误发），可以不管这条提醒。"
            )


def number_of(path: Path) -> str | None:
    """The 索引号 a record file's front matter claims, read as index_numbers reads it."""
    try:
        return number_in(path.read_text(encoding="utf-8-sig", errors="replace")[:8192])
    except OSError:
        return None


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
            or is_misnamed(path)  # a record saved as .md.txt: the whole check names it
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
    as_of: dt.date | None = None,
    docs: Path | None = None,
    site_path: str = "/",
    directory_urls: bool = True,
    staged: Staged | None = None,
) -> int:
    """Validate `files` and the cross-record rules that concern them; returns how many were read.
    Record files in `skip` are left out of those rules (the browser editor checks a record's new
    text in another file, before it replaces the old one). Records dated after `as_of` are scheduled.
    `docs` (MkDocs' docs_dir), `site_path` (site_url's path) and `directory_urls` (use_directory_urls)
    are where the site's own addresses the records link to are looked up; `staged`, the files of
    git's index, when a commit is being checked (see `unstaged_attachments`)."""
    unread = []
    records = read_records(files, root, taxonomy, settings, problems, unread=unread)
    if staged is not None:
        unstaged_attachments(records, staged, problems)
    personal.check(records, settings, problems)  # a draft's hits are warnings
    personal.check_unread(unread, root, settings, problems)
    kept_out = skip  # the files whose new text is among `records` (the editor's), as given
    skip = skip | frozenset(r.path for r in records)
    heads = record_heads(root)  # read once for the rules across records and the secrets
    shown = [r for r in records if not r.draft and (as_of is None or r.published <= as_of)]
    if shown:
        secrets = site_secrets(records, root, taxonomy, settings, skip, as_of, problems.root, heads)
        if secrets.any is not None or secrets.any_key is not None:
            sourcescan.check_records(shown, settings, secrets, problems)
    numbers = index_numbers(root, skip=skip, heads=heads)
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
    _rings(records, root, numbers, problems, skip, heads)
    reports = sorted((root / "reports").glob("*.md")) if (root / "reports").is_dir() else []
    pages = [p for p in sourcescan.published(docs) if p.suffix == ".md"] if docs is not None else []
    _taken_back(records, kept_out, heads, as_of, problems, pages + reports)
    # Links to the site's own addresses (/xxgk/…), as the whole check reads them (gongkai.model.sitelinks).
    if any(not r.draft and sitelinks.names_an_address(r.body) for r in records):
        reports = sorted(p.stem for p in (root / "reports").glob("*.md")) if (root / "reports").is_dir() else []
        pages = sourcescan.published(docs) if docs is not None else []
        site = sitelinks.rough(settings, taxonomy, list(numbers), reports, pages, docs, directory_urls)
        base = sitelinks.site_base(site_path)
        for r in records:
            if not r.draft:
                sitelinks.check_record(r, site, base, problems)
    return len(records)


_DRAFT = re.compile(r"(?mi)^draft:\s*[\"']?(?:true|yes|on)\b")
_PUBLISHED = re.compile(r"(?m)^published:\s*[\"']?(\d{4}-\d{2}-\d{2})")
_TITLE = re.compile(r"(?m)^title:[ \t]*(.*?)[ \t]*$")


def site_secrets(
    records,
    root: Path,
    taxonomy,
    settings: Settings,
    skip: frozenset[Path],
    as_of,
    base: Path | None = None,
    heads: dict[Path, str] | None = None,
) -> SecretSet:
    """What the whole check would know as secrets, with `records` (read already) standing for
    their files: the other records that hold one (drafts, scheduled, with a private key) are found
    by their front matter's lines and read; the ledgers are read (named relative to `base`, the
    site's folder; `heads`: `record_heads(root)`, when read already). Their problems are not this
    check's (the whole check reports them, where they changed)."""
    private = (
        re.compile(rf"(?m)^(?:{'|'.join(map(re.escape, settings.private_keys))}):") if settings.private_keys else None
    )
    heads = {
        path: head for path, head in (heads if heads is not None else record_heads(root)).items() if path not in skip
    }
    later = as_of.isoformat() if as_of is not None else None

    def holds(head: str) -> bool:
        if _DRAFT.search(head) or (private is not None and private.search(head)):
            return True
        day = _PUBLISHED.search(head)
        return later is not None and day is not None and day.group(1) > later

    holders = [path for path, head in heads.items() if holds(head)]
    quiet = Problems(root=base)  # the ledgers name their files as the whole check does
    every = [*records, *read_records(holders, root, taxonomy, settings, quiet)]
    drafts = [r for r in every if r.draft]
    scheduled = [r for r in every if not r.draft and as_of is not None and r.published > as_of]
    published = [r for r in every if not r.draft and not (as_of is not None and r.published > as_of)]
    # A draft may be the next version of a published record: its title is not secret then.
    titles = {r.title for r in published}
    held = frozenset(holders)
    for path, head in heads.items():
        if path not in held:
            m = _TITLE.search(head)
            if m:
                titles.add(m.group(1).strip("\"'"))
    ledgers = load_ledgers(root, taxonomy, quiet)
    return SecretSet(secrets_of(published, drafts, scheduled, ledgers, titles, taxonomy))


_HEAD_SIZE = 4000  # what record_heads reads of a file


def _taken_back(records, kept_out: frozenset[Path], heads: dict[Path, str], as_of, problems, pages: list[Path]) -> None:
    """A changed record taken back (made a draft, or dated after `as_of`) that published records,
    hand-written pages (`pages`) or reports still refer to: as 替代文件 or 被解读的文件, by a body
    link to its file, or by its 索引号 or its title anywhere in their text (its address holds the
    number). The whole check and the build refuse each of those, so the hook and the editor refuse
    taking it back while they stand, at the record taken back. Of the records, only the published
    ones' heads are read (a file longer than its head, whole)."""
    back = [r for r in records if r.draft or (as_of is not None and r.published > as_of)]
    if not back:
        return
    # The files each one is (the editor checks a record's new text in another file, beside it).
    files = {
        r.index_no: {r.path.resolve()} | {p.resolve() for p in kept_out if number_in(heads.get(p, "")) == r.index_no}
        for r in back
    }
    own = set().union(*files.values())
    names = {p.name for p in own}

    def theirs(path: Path) -> bool:  # resolved only when named alike: 50,000 resolves cost a second
        return path in kept_out or path.name in names and path.resolve() in own

    # The published records' heads, each split once: they are read for references, and their
    # titles are the site's own (a title one of them also has is no secret to the whole check).
    shown = []
    for path, head in heads.items():
        front = head.split("\n---", 1)[0]
        day = _PUBLISHED.search(front)
        if theirs(path) or _DRAFT.search(front) or day is None:
            continue
        shown.append((path, head, front, as_of is None or day.group(1) <= as_of.isoformat()))
    shown_titles = {t.strip("'\"") for _, _, front, _ in shown for t in _TITLE.findall(front)[:1]}
    words = {r.index_no: [r.index_no] + ([r.title] if r.title and r.title not in shown_titles else []) for r in back}
    found: dict[str, list[tuple[Path, str]]] = {}

    def read(path: Path, text: str, front: str = "") -> None:
        targets = {(path.parent / unquote(d.split("#", 1)[0])).resolve() for _, d in destinations(text)}
        for no, said in words.items():
            how = [
                key  # as the clerk finds it in that file
                for key in ("superseded_by", "interprets")
                if re.search(rf"(?m)^{key}:[ \t]*[\"']?{re.escape(no)}[\"']?[ \t]*(?:#|$)", front)
            ]
            if targets & files[no]:
                how.append("正文链接")
            elif not how and no in text:
                how.append(f"索引号 {no}")
            if len(said) > 1 and said[1] in text:
                how.append("标题")
            if how:
                found.setdefault(no, []).append((path, "、".join(how)))

    everything = [w for said in words.values() for w in said] + list(names)
    for path, head, front, due in shown:
        if not due:  # scheduled: its links are checked on its day
            continue
        if len(head) < _HEAD_SIZE and not any(w in head for w in everything):
            continue
        read(path, head if len(head) < _HEAD_SIZE else _whole(path) or head, front)
    for path in pages:  # hand-written pages and reports: few, read whole
        text = _whole(path)
        if text is not None and any(w in text for w in everything):
            read(path, text)
    for r in back:
        if r.index_no not in found:
            continue
        refs = "；".join(f"{problems.rel(p)}（{how}）" for p, how in sorted(found[r.index_no]))
        if r.draft:
            key, done = "draft", "改成草稿（撤回）"
        else:
            key, done = "published", f"推迟到 {r.published} 发布"
        problems.error(
            r.path,
            r.lines.get(key),
            label(key),
            f"已发布的信息还引用着 {r.index_no}：{refs}。{done}以后，那里的链接和提到它的文字不能再公开，"
            "网站也无法更新。",
            "先改那些信息：删去或改掉对它的引用，再撤回这一条；或者不撤回。",
        )


def _whole(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None


def number_in(head: str) -> str | None:
    """The 索引号 of a record file's head, as `number_of` reads it."""
    found = _INDEX_NO.search(head)
    return found.group(1) if found else None


def _rings(
    records, root: Path, numbers: dict[str, list[Path]], problems: Problems, skip=frozenset(), heads=None
) -> None:
    """A ring of 替代 through a changed record, said at it as the whole check says it; the other files
    of the ring give their `index_no:` and `superseded_by:` lines alone."""
    read = {r.path: r for r in records}
    no_of = {path: no for no, paths in numbers.items() for path in paths}
    successor, rel = {}, {}
    for target, paths in front_values(root, "superseded_by", frozenset(read) | skip, heads).items():
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
