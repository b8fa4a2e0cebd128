"""What the site must not show, looked for in what its pages are made from.

The build's last guard (gongkai.guards.leaks) reads every built file for drafts' and scheduled records'
titles and 索引号, private values and the ledgers' case numbers; it can only name the built file.
This runs the same secrets over the published records (text fields, body, and the files they
publish: their names as they appear in the URL and every text the files carry) and the annual
reports while loading, so `gongkai check` — the clerk's pre-commit hook — refuses the same input
as the build, at the source file's line, with the fix. The files of the hand-written pages
(documents and images under docs/, copied to the site as they are) are read by the build's own
reader (`leaks.texts_of`, `leaks.scan_texts`) for secrets and personal data.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from gongkai.guards import csp, leaks, personal
from gongkai.guards.leaks import SecretSet, key_text
from gongkai.model.schema import label
from gongkai.model.urls import Urls
from gongkai.sitesearch.synonyms import FIELD as SYNONYMS_FIELD
from gongkai.sitesearch.synonyms import FILE as SYNONYMS_FILE
from gongkai.text import attachtext, visible, yamlio
from gongkai.text.bodylinks import code_spans_blanked, lines_outside_code
from gongkai.text.problems import Problems


def _fix(why: str) -> str:
    if why.startswith(("草稿", "定于")):
        return "删去这段文字：那条记录发布以后才能在公开内容中提到它（草稿去掉 draft: true，定时发布的等到发布日期）。"
    if "内部字段" in why:
        return "内部字段（private_keys）的值只供内部使用：从公开的内容中删去这段文字。"
    return "台账中的编号和备注不公开（年报只公开统计数字）：从公开的内容中删去这段文字。"


def _file_fix(why: str) -> str:
    """The fix for a secret inside a document: it is changed where it was made, not here."""
    if why.startswith(("草稿", "定于")):
        reason = "那条记录发布以后才能在公开内容中提到它（草稿去掉 draft: true，定时发布的等到发布日期）。"
    elif "内部字段" in why:
        reason = "内部字段（private_keys）的值只供内部使用。"
    else:
        reason = "台账中的编号和备注不公开（年报只公开统计数字）。"
    return "在原文件中删去这段文字，重新生成文件后再发布：" + reason


def _record_texts(rec):
    """(field, line, text) of what a published record shows."""
    lines = rec.lines
    yield "title", lines.get("title"), rec.title
    yield "summary", lines.get("summary"), rec.summary
    yield "doc_no", lines.get("doc_no"), rec.doc_no or ""
    for word in rec.keywords:
        yield "keywords", lines.get("keywords"), word
    for att in rec.attachments:
        yield "attachments", lines.get("attachments"), att.title
    yield None, rec.body_line, rec.body  # split into lines only where a secret is found (see `check`)


def check(
    catalog,
    root: Path,
    problems: Problems,
    pages: Path | None = None,
    excluded: Callable[[str], bool] | None = None,
    clean=None,
    in_halves: Callable | None = None,
    theme: Path | None = None,
) -> None:
    """An error at its line for each secret of `catalog` in a published record or the files it
    publishes, a report or a hand-written page (the files under `pages` that MkDocs publishes: all
    but those `excluded` says, by their path relative to `pages`), and for each link of a published
    body to a file of records that are not published. `clean`: the records found clean before;
    `in_halves`: how the records are read on two cores (see `check_records`); `theme`: the theme's
    custom_dir, whose files but its templates the theme copies to the site too."""
    _files_of_unpublished(catalog, problems)
    _links_out_of(pages, excluded, problems)
    _theme_files(pages, excluded, problems)
    # Personal data where the record guard does not look: the taxonomy's names, the reports' text,
    # the webmaster's pages (no exemption: they are not records).
    page_files = hand_written(pages, excluded)
    personal.check_file(root / catalog.settings.taxonomy, catalog.settings, problems, today=catalog.as_of)
    if (root / SYNONYMS_FILE).is_file():  # its words go into the search page as they are
        personal.check_file(root / SYNONYMS_FILE, catalog.settings, problems, SYNONYMS_FIELD, today=catalog.as_of)
    for report in catalog.reports:
        personal.check_file(root / "reports" / f"{report.slug}.md", catalog.settings, problems, today=catalog.as_of)
    for path in page_files:
        personal.check_file(path, catalog.settings, problems, today=catalog.as_of)
        _record_in_pages(path, problems, pages.name)
        _scripts_in_page(path, problems)
    secrets = SecretSet(catalog.secrets())
    _page_files(catalog, pages, excluded, secrets, problems)
    _page_files(catalog, theme, _template_or_theme_file, secrets, problems, "随主题")
    if secrets.any is None and secrets.any_key is None:
        return
    check_records(catalog.records, catalog.settings, secrets, problems, clean, in_halves)
    for path in page_files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs says so when it builds the page
        for why, n in _found(secrets, text):
            problems.error(path, n + 1, None, f"页面中写了{why}，它不能出现在公开的内容中。", _fix(why))
    for report in catalog.reports:
        path = root / "reports" / f"{report.slug}.md"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # read once already by gongkai.model.reports, which said what was wrong
        for why, n in _found(secrets, text):
            problems.error(path, n + 1, None, f"年报中写了{why}，它不能出现在公开的内容中。", _fix(why))
    # The taxonomy's names and short names (简称) and the synonyms are published too: on the pages
    # and, as the search reads them, in the search page's data (without their separators).
    for path, what in ((root / catalog.settings.taxonomy, "分类体系"), (root / SYNONYMS_FILE, "同义词表")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # read once already by its loader, which said what was wrong (or there is none)
        for why, n in _found(secrets, text):
            problems.error(path, n + 1, None, f"{what}中写了{why}，它会随网站公开。", _fix(why))


def check_records(
    records, settings, secrets: SecretSet, problems: Problems, clean=None, in_halves: Callable | None = None
) -> None:
    """An error at its line for each secret in the published `records`: their text fields and
    body, and the files they publish (also `gongkai check --changed`, on the records changed).

    `clean` (gongkai.portal.recordcache.RecordCache) knows the records unchanged since a run that
    found none of these secrets in them: they are not read again, and it learns the clean ones now.
    `in_halves(items, work)` (gongkai.portal.twocores.in_halves) reads which records may hold a
    secret on two cores, `[work(items)]` when not given: a fifth of a first check at 50,000 records."""
    secrets_key = secrets.digest()
    if clean is not None:
        known = clean.clean_under(secrets_key)
        records = [r for r in records if str(r.path) not in known]
        before = len(problems.items)
    _record_files(records, settings, secrets, problems)
    every = [list(_record_texts(rec)) for rec in records]
    global _SECRETS
    _SECRETS = secrets  # before the child is forked: it inherits them compiled
    try:
        parts = (in_halves or _at_once)(["\n".join(text for _, _, text in texts) for texts in every], _may_hold_each)
    finally:
        _SECRETS = None
    may = [flag for part in parts for flag in part]
    for rec, texts, flag in zip(records, every, may, strict=True):
        if not flag:
            continue  # the common case, read in one pass: where a secret may be, each field is read
        for key, line, text in texts:
            for why, n in _found(secrets, text):
                where = "正文" if key is None else "这里"
                at_line = line + n if line is not None else None
                problems.error(rec.path, at_line, key, f"{where}写了{why}，它不能出现在公开的内容中。", _fix(why))
    if clean is not None:
        found = {str(p.path) for p in problems.items[before:]}
        clean.found_clean(secrets_key, [str(r.path) for r in records if str(r.path) not in found])


#: Front-matter keys of a record (gongkai.model.schema): on a hand-written page they say it was meant as one.
_RECORD_KEYS = ("index_no", "agency", "category")
_FRONT = re.compile(r"---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|$)", re.S)


def _record_in_pages(path: Path, problems: Problems, folder: str) -> None:
    """A record, or a draft, saved among the hand-written pages is published as a page as it stands:
    no record check, and no `draft: true` keeps it back. Refused, at the key's line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return  # MkDocs says so when it builds the page
    m = _FRONT.match(text)
    if m is None:
        return
    try:
        front = yamlio.load("\n" + m.group(1))  # the leading newline stands for the first ---
    except (yaml.YAMLError, ValueError):
        return  # MkDocs reads the page's meta itself and says what is wrong
    if not isinstance(front, yamlio.LineMap):
        return
    keys = [k for k in _RECORD_KEYS if k in front]
    if keys:
        problems.error(
            path,
            front.line_of(keys[0]),
            keys[0],
            f"这个页面写了记录的字段（{'、'.join(keys)}）：{folder}/ 下的文件是手写页面，会原样发布，"
            "不按记录检查，草稿（draft）和定时发布也不起作用。",
            "记录要放在记录文件夹下（如 records/2025/），按 gongkai new 生成的格式写；是普通页面的话，删去这些字段。",
        )
    elif front.get("draft") not in (None, False):
        problems.error(
            path,
            front.line_of("draft"),
            "draft",
            f"{folder}/ 下的手写页面没有草稿：写了 draft 也会发布。",
            f"还不能公开的页面不要放进 {folder}/（也不要提交）；可以公开了就删去 draft 这一行。",
        )


def _scripts_in_page(path: Path, problems: Problems) -> None:
    """An inline script in a hand-written page's source (outside code): MkDocs copies it into the
    page, where the policy does not let it run, and the build stops on it (gongkai.guards.csp)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # MkDocs says so when it builds the page
    if "<script" not in text:
        return
    lines = text.split("\n")
    kept = dict(lines_outside_code(text))
    # Indented code blocks (four spaces or a tab, after a blank line or more such lines).
    code, before = set(), ""
    for n in range(len(lines)):
        line = kept.get(n)
        if line is not None and line.startswith(("    ", "\t")) and (not before.strip() or n - 1 in code):
            code.add(n)
        before = line or ""
    # Fenced and indented code and code spans are shown as text on the page, not run: blanked, lines kept.
    outside = "\n".join("" if n in code else code_spans_blanked(kept.get(n, "")) for n in range(len(lines)))
    for at, code in csp.script_spans(outside):
        shown = " ".join(code.split())[:60] or "（空）"
        problems.error(
            path,
            outside.count("\n", 0, at) + 1,
            None,
            f"页面中有一段脚本（{shown}）：网站的安全策略不让页面里写的脚本运行，网站不会生成。",
            "把脚本放进 docs/ 下的 .js 文件，写入 mkdocs.yml 的 extra_javascript；页面中删去这段 <script>。",
        )


def _links_out_of(pages: Path | None, excluded, problems: Problems) -> None:
    """A symbolic link under `pages` to what lies outside it (or to nothing): MkDocs copies what it
    points to, a folder whole, while every check reads `pages` alone and does not follow links into
    folders. A link to the repository, the ledgers or the build cache would publish them unread."""
    if pages is None or not pages.is_dir():
        return
    top = pages.resolve()
    for folder, dirs, files in os.walk(pages):  # links to folders are listed, not entered
        for name in sorted(dirs + files):
            path = Path(folder, name)
            rel = path.relative_to(pages).as_posix()
            if not path.is_symlink() or any(p.startswith(".") for p in rel.split("/")):
                continue
            if excluded is not None and excluded(rel):
                continue
            try:
                target = path.resolve(strict=True)
                inside = target == top or top in target.parents
            except (OSError, RuntimeError):  # nothing there, or a loop
                inside = False
            if not inside:
                problems.error(
                    path,
                    None,
                    None,
                    f"这是指向 {pages.name}/ 之外（{os.readlink(path)}）的符号链接：生成网站时它指向的内容会原样发布"
                    "（文件夹则整个发布），不经任何检查。",
                    f"删去这个链接，把要发布的文件本身复制进 {pages.name}/。",
                )


def hand_written(pages: Path | None, excluded: Callable[[str], bool] | None = None) -> list[Path]:
    """The Markdown pages under `pages` (MkDocs' docs_dir), in order; none when it is not given."""
    return [p for p in published(pages, excluded) if p.suffix == ".md"]


def published(pages: Path | None, excluded: Callable[[str], bool] | None = None) -> list[Path]:
    """The files under `pages` that MkDocs publishes, in order: all but hidden ones (a name that
    starts with a dot) and those `excluded` (MkDocs' exclude_docs, from the adapter) says."""
    if pages is None or not pages.is_dir():
        return []
    out = []
    for path in sorted(pages.rglob("*")):
        rel = path.relative_to(pages).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in rel.split("/")):
            if excluded is None or not excluded(rel):
                out.append(path)
    return out


#: Files MkDocs writes from the theme's templates after it has copied docs/: a hand-written file
#: of that name is replaced without a word. Name -> (what it is, the fix).
THEME_FILES = {
    "sitemap.xml": (
        "网站地图",
        "删去它。网站的 sitemap.xml 由构建自动生成，列出全站每个页面（含每条记录）；要让搜索引擎另读一些网址，"
        "把它们写进另一个文件名的网站地图（如 docs/sitemap-extra.xml），再在 docs/robots.txt 中加一行 "
        "Sitemap: 指向它的完整网址。",
    ),
    "sitemap.xml.gz": ("压缩的网站地图", "删去它：网站的 sitemap.xml.gz 由构建与 sitemap.xml 一同生成。"),
    "404.html": ("“页面不存在”页", "删去它：网站的 404.html 由主题生成（中文）；要改它的内容，改主题的 404 模板。"),
}


def _theme_files(pages: Path | None, excluded, problems: Problems) -> None:
    for path in published(pages, excluded):
        rel = path.relative_to(pages).as_posix()
        if rel in THEME_FILES:
            what, fix = THEME_FILES[rel]
            problems.error(
                path,
                None,
                None,
                f"网站的 {rel}（{what}）由构建生成，会替换掉这个手写的文件：手写的内容不会发布。",
                fix,
            )


def _template_or_theme_file(rel: str) -> bool:
    """A file of the theme's custom_dir that is not copied to the site: a template, the theme's own
    settings (MkDocs' Files.add_files_from_theme leaves out what its Jinja environment lists)."""
    return rel.endswith(".html") or rel == "mkdocs_theme.yml"


def _page_files(
    catalog, pages: Path | None, excluded, secrets: SecretSet, problems: Problems, how: str = "随手写页面"
) -> None:
    """The files beside the hand-written pages (documents, images, data) are copied to the site as
    they are, at the same path: read here as the build's scan reads them, for secrets and personal
    data (no exemption: they belong to no record); one that cannot be read completely is refused,
    since neither guard could look inside it."""
    files = [p for p in published(pages, excluded) if p.suffix != ".md"]
    if not files:
        return
    rels = [p.relative_to(pages).as_posix() for p in files]
    rels = [rel for rel in rels if not rel.startswith(leaks.SKIP_DIRS)]
    scanner = personal.OutputScanner(catalog.settings, {}, frozenset(), catalog.as_of)
    for rel in rels:
        path = pages / rel
        # Read (or refused) as a record's attachment would be: a .doc or a .rar would go out unread.
        if path.suffix.lower() not in leaks.TEXT_SUFFIXES:
            try:
                attachtext.texts(path)
            except attachtext.Unreadable as exc:
                problems.error(
                    path,
                    None,
                    None,
                    f"这个文件会{how}发布，但无法完整检查其中有无个人信息和不公开的内容：{exc}。",
                    exc.fix,
                )
                continue
        secrets.seen.clear()
        for leak in leaks.scan_texts(leaks.texts_of(pages, [rel]), secrets, scanner):
            why = leak.why.removeprefix("文件名中有")
            in_name = why != leak.why
            problems.error(
                pages / leak.file,  # a name that holds what is found is shown hidden (leaks.scan_texts)
                None,
                None,
                f"{'文件名' if in_name else '文件'}中有{why}：这个文件会{how}原样发布。",
                _page_file_fix(why, in_name),
            )


def _page_file_fix(why: str, renamed: bool) -> str:
    if renamed:
        return "把文件改名（用内容的名称），再改链接它的页面：文件名会出现在网址中。"
    if "未遮盖" in why:
        return "在原文件中遮盖或删去这些个人信息后重新生成；确需公开的，作为记录的附件发布（可经审核加 pii_exempt）。"
    return _file_fix(why)


def _record_files(records, settings, secrets: SecretSet, problems: Problems) -> None:
    """A published record's files (attachments, files its body links to) as the build's scan reads
    them: the name in its URL and every text the file carries, at the line that lists or links it."""
    urls = Urls(settings.url_prefix)
    for rec in records:
        body_lines = {path: line for path, _, line in rec.body_targets.values()}
        for att in dict.fromkeys((*rec.attachments, *rec.body_files)):
            listed = att in rec.attachments
            line = rec.lines.get("attachments") if listed else body_lines.get(att.path, rec.body_line)
            rel = urls.attachment(rec, att)
            try:
                data = att.path.read_bytes()
            except OSError:
                continue  # the record's check said so
            secrets.seen.clear()  # every file is read whole (the build skips lines it read before)
            pieces = [(rel, leaks.FILE_NAME, rel), *leaks.file_texts(rel, data)]
            what = "附件" if listed else "正文链接的文件"
            found = list(dict.fromkeys(leak.why for leak in leaks.scan_texts(pieces, secrets)))
            # A name that holds what is found is not repeated: the message names the file by its place.
            shown = "" if any(why.startswith("文件名中有") for why in found) else f" {att.name} "
            for why in found:
                in_name = why.startswith("文件名中有")
                why = why.removeprefix("文件名中有")
                problems.error(
                    rec.path,
                    line,
                    label("attachments") if listed else None,
                    f"{what}{shown}的{'文件名' if in_name else '内容'}中有{why}，它不能出现在公开的内容中。",
                    "把文件改名（用内容的名称），再改这里的路径：文件名会出现在网址中。" if in_name else _file_fix(why),
                )


#: The secrets `_may_hold_each` looks for: set by `check_records` before a child process is forked to
#: read half the records, which so inherits them compiled (compiling 5,000 ledger numbers again in
#: the child would cost about a second; a SecretSet does not travel to it).
_SECRETS: SecretSet | None = None


def _may_hold_each(texts: list[str]) -> list[bool]:
    """`_may_hold` of each text, for the secrets of `_SECRETS`."""
    return [_may_hold(_SECRETS, text) for text in texts]


def _at_once(items: list, work: Callable) -> list:
    return [work(items)]


def _may_hold(secrets: SecretSet, text: str) -> bool:
    """Whether `text` may hold a secret, as written or as a reader sees it (one pass of each)."""
    if secrets.any is not None and secrets.any.search(text):
        return True
    if secrets.any_key is None:
        return False
    skipped = visible.marks_skipped(text)
    return (
        secrets.any_key.search(key_text(visible.text(_MARKS.sub("", text)))) is not None
        or (_MARKS.search(text) is not None and secrets.any_key.search(key_text(visible.text(text))) is not None)
        or (skipped is not None and secrets.any_key.search(key_text(visible.text(skipped))) is not None)
    )


def _found(secrets: SecretSet, text: str) -> list[tuple[str, int]]:
    """(why, line from 0) of each secret in `text`, as written or as a reader sees it (markup,
    invisible characters, full-width forms, white space and line breaks inside: as the build's scan
    reads the page), once each."""
    found: dict[tuple[str, int], None] = {}
    # Markdown's emphasis and code marks are not on the page (**尚未定稿**的方案 reads as one text);
    # taking them out changes no line.
    skipped = visible.marks_skipped(text)
    versions = (text, _MARKS.sub("", text), *((skipped,) if skipped is not None else ()))
    for version in dict.fromkeys(versions):
        secrets.seen.clear()  # every line of a source is read (the build skips lines repeated across pages)
        for why, at in secrets.find_in(version):
            found[(why, version.count("\n", 0, at))] = None
    return list(found)


_MARKS = re.compile(r"[*_~`]+")


def _files_of_unpublished(catalog, problems: Problems) -> None:
    """Whose file is it: an attachment listed only by drafts or scheduled records is theirs, and
    does not go out with a published record whose body links to it. (A file only linked from
    bodies, an image say, may be shared by a published record and its draft revision.)"""
    shown = {a.path for r in catalog.records for a in r.attachments}
    owners = {}
    for r in sorted((*catalog.drafts, *catalog.scheduled), key=lambda r: r.rel_path):
        for a in r.attachments:
            if a.path not in shown:
                owners.setdefault(a.path, r)
    if not owners:
        return
    for rec in catalog.records:
        for written, (path, _, line) in sorted(rec.body_targets.items()):
            owner = owners.get(path)
            if owner is None:
                continue
            kind = "草稿" if owner.draft else f"定于 {owner.published} 发布的记录"
            problems.error(
                rec.path,
                line,
                None,
                f"正文链接的 {written} 是{kind} {owner.index_no} 的文件：那条记录未发布，它的文件也不能随本记录发布。",
                "删去这个链接，那条记录发布后再链接它的页面；确要随本记录发布的文件，复制到本记录的 files/ 中再链接。",
            )
