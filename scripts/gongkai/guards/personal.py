"""The personal-data guard: what a record publishes carries no unmasked 身份证号, 手机号码 or 银行卡号.

Title, summary, keywords, body, the titles and file names of attachments and of the files the
body links to, and every text those files carry (gongkai.text.attachtext: pages, comments, document
properties, metadata, archives' members) are read as a person reads them (gongkai.text.visible). A
hit is an error naming the place and the masked form to write instead; a file that cannot be
read completely is refused. The only way past a hit is a record's reviewed `pii_exempt`, and
every exemption in use is listed on each run; it never covers file names, which end up in
URLs, download names and the catalogue. A draft (`draft: true`) is not published: its hits are the same messages
as warnings, due before it is (removing `draft: true` makes them errors). A record scheduled for a
later day is checked as a published one: it goes live on its day without anyone looking again.
Messages show masked forms only: build logs must not repeat the data.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import hashlib
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from gongkai.guards import leaks
from gongkai.model.records import Record
from gongkai.model.schema import label
from gongkai.model.settings import Settings
from gongkai.text import attachtext, bodytext, pii, plaintext, visible
from gongkai.text.problems import Problems

#: Where an exemption is written, as a file's fix says it (the browser editor names its form's field).
EXEMPT_WHERE = "在头部加 pii_exempt（见字段说明）"
_EXEMPT_HINT = f"确属惩戒公示或强制性信息披露、经审核需要公开的，{EXEMPT_WHERE}。"
#: The command a file's fix offers (the browser editor leaves it out: its form's next save undoes it).
MASK_RUN = "，或运行 gongkai mask {path} 自动遮盖"
_DRAFT_HINT = "草稿（draft: true）暂不发布，发布前须遮盖："


@dataclass(frozen=True)
class Exemption:
    rel_path: str
    reason: str
    counts: tuple[tuple[str, int], ...]  # (kind label, hits) of the exempted kinds found
    values: frozenset[str] = frozenset()  # their digits (pii.value_digits): the search index may hold them

    def describe(self) -> str:
        found = "、".join(f"{kind} {n} 处" for kind, n in self.counts) or "未发现"
        return f"records/{self.rel_path}: 个人信息豁免（{self.reason}）：{found}"


def check(
    records: list[Record], settings: Settings, problems: Problems, today: dt.date | None = None
) -> list[Exemption]:
    """Report every unmasked hit in `records` to `problems` (a draft's as warnings); return the
    exemptions in use by the records to publish."""
    exemptions = []
    for rec in records:
        scan = _Scanner(settings, rec.pii_exempt[1] if rec.pii_exempt else frozenset(), today)
        report = _Report(rec, problems)
        _check_fields(rec, scan, report)
        _check_body(rec, scan.hits, report)
        _check_attachments(rec, scan, report)
        if rec.pii_exempt and not rec.draft:
            counts = tuple((pii.LABELS[k], scan.used[k]) for k in sorted(scan.exempt, key=pii.KINDS.index))
            exemptions.append(Exemption(rec.rel_path, rec.pii_exempt[0], counts, frozenset(scan.values)))
    return exemptions


@dataclass(frozen=True)
class _Unread:
    """What `_Report` and `_check_body` need of a record file that failed its own checks."""

    path: object
    body: str
    body_line: int
    rel_path: str
    draft: bool = False


def check_unread(sources, root, settings: Settings, problems: Problems, today: dt.date | None = None) -> None:
    """Personal data in the text fields and body of record files that failed their own checks
    (gongkai.model.records.read_records' `unread`): said in the same run as their other problems, not in
    the run after those are fixed. A draft's, or one claiming an exemption, waits for its record."""
    for src in sources:
        front = src.front
        if front.get("draft") not in (None, False) or "pii_exempt" in front:
            continue
        fields = [(k, front[k]) for k in ("title", "summary", "doc_no") if isinstance(front.get(k), str)]
        if isinstance(front.get("keywords"), list):
            fields += [("keywords", k) for k in front["keywords"] if isinstance(k, str)]
        if isinstance(front.get("attachments"), list):
            fields += [
                ("attachments", a["title"])
                for a in front["attachments"]
                if isinstance(a, dict) and isinstance(a.get("title"), str)
            ]
        try:
            rel = src.path.relative_to(root).as_posix()
        except ValueError:
            rel = src.path.name
        rec = _Unread(src.path, src.body, src.body_line, rel)
        scan, report = _Scanner(settings, frozenset(), today), _Report(rec, problems)
        _report_fields(src.path, dict(front.key_lines), fields, scan, report)
        _check_body(rec, scan.hits, report)


class _Scanner:
    """The site's kinds and masking, minus what one record is exempt from (which it counts)."""

    def __init__(self, settings: Settings, exempt: frozenset[str], today: dt.date | None = None):
        self.today = today  # the day the site is built as of: no one is born after it
        self.kinds = settings.pii_scanned
        self.style = pii.MASK_STYLES[settings.pii_mask_style]
        self.allow = settings.pii_allow_emails
        self.exempt = exempt
        self.used: Counter[str] = Counter()
        self.values: set[str] = set()

    def hits(self, text: str) -> list[pii.Hit]:
        found = pii.find(text, self.kinds, self.style, self.allow, today=self.today)
        self.used.update(h.kind for h in found if h.kind in self.exempt)
        self.values.update(pii.value_digits(h.text) for h in found if h.kind in self.exempt)
        return [h for h in found if h.kind not in self.exempt]

    def without_exemption(self) -> _Scanner:
        """The same rules with no kind exempt (for what leaves the record's page)."""
        other = copy.copy(self)
        other.exempt, other.used, other.values = frozenset(), Counter(), set()
        return other

    def name_hits(self, name: str) -> list[pii.Hit]:
        """Hits in a file name (no exemption): its dots, underscores and hyphens read as spaces."""
        return pii.find(attachtext.name_words(name), self.kinds, self.style, self.allow, markup=False, today=self.today)


def masked_name(name: str, hits: list[pii.Hit]) -> str:
    """`name` with the digits of each hit hidden (so that a message can name the file)."""
    chars = list(name)
    for h in hits:
        for i in range(h.start, min(h.end, len(chars))):
            if chars[i].isalnum():
                chars[i] = "*"
    for h in hits:  # keep the visible head and tail of the masked form where it lines up
        if len(h.masked) == h.end - h.start:
            for k, c in enumerate(h.masked):
                if c != "*" and h.start + k < len(chars):
                    chars[h.start + k] = name[h.start + k]
    return "".join(chars)


class _Report:
    """`problems.error` for a record to publish; for a draft a warning whose fix says it is due before
    publishing (the same message: removing `draft: true` turns it into the error)."""

    def __init__(self, rec: Record, problems: Problems):
        self.draft = rec.draft
        self.problems = problems

    def __call__(self, path, line, field, message, hint, draft_hint=_DRAFT_HINT) -> None:
        if self.draft:
            self.problems.warn(path, line, field, message, draft_hint + hint)
        else:
            self.problems.error(path, line, field, message, hint)


def _report_fields(path, lines: dict, fields, scan: _Scanner, report: _Report, hint: str = "") -> None:
    for key, text in fields:
        for hit in scan.hits(text):
            report(
                path,
                lines.get(key),
                label(key),
                f"有未遮盖的{pii.LABELS[hit.kind]}。",
                f"写成 {hit.shown}；{hint or _EXEMPT_HINT}",
            )


#: Where a record's title, 文号, keywords and attachments' names go besides its page.
_EVERYWHERE_HINT = (
    "这一项还出现在列表、首页、订阅、搜索结果和数据下载（catalog.csv）中，个人信息豁免（pii_exempt）"
    "只适用于本页的正文、内容概述和附件内容。"
)


def _check_fields(rec: Record, scan: _Scanner, report: _Report) -> None:
    # What leaves the record's page (lists, home, feeds, search, catalog.csv): never exempt.
    everywhere = [("title", rec.title), ("doc_no", rec.doc_no or "")]
    everywhere += [("keywords", k) for k in rec.keywords]
    everywhere += [("attachments", a.title) for a in rec.attachments]
    strict = scan.without_exemption() if scan.exempt else scan
    _report_fields(rec.path, rec.lines, everywhere, strict, report, _EVERYWHERE_HINT if scan.exempt else "")
    _report_fields(rec.path, rec.lines, [("summary", rec.summary)], scan, report)
    lines = {path: line for path, _, line in rec.body_targets.values()}
    for att in (*rec.attachments, *rec.body_files):
        listed = att in rec.attachments
        what = "附件" if listed else "正文链接的文件"
        line = rec.lines.get("attachments") if listed else lines.get(att.path, rec.body_line)
        for name in dict.fromkeys((att.path.name, att.name)):
            found = scan.name_hits(name)
            if not found:
                continue
            kinds = "、".join(dict.fromkeys(pii.LABELS[h.kind] for h in found))
            report(
                rec.path,
                line,
                label("attachments") if listed else None,
                f"{what} {masked_name(name, found)} 的文件名有未遮盖的{kinds}。",
                "把文件改名（用内容的名称，如“名单.pdf”），再改这里的路径：文件名会出现在网址、下载的文件名和"
                "目录（catalog.csv）中；个人信息豁免不适用于文件名。",
                draft_hint="草稿（draft: true）暂不发布，发布前须改名：",
            )


#: Digits on both sides of a blank line: on the page the two paragraphs follow each other, and the
#: build's scan of the page reads them as one text.
_DIGITS_ACROSS_BLANK = re.compile(r"[0-9０-９][^\S\n]*\n(?:[^\S\n]*\n)+[^\S\n]*[0-9０-９]")


#: Markup right after a digit, and a digit right after markup: a link, a reference, an image, a
#: tag, a comment, CDATA between two digits, which the page may close up (``[138](…)00138000``,
#: ``139<x></x>12345678``). A wide net (a table's cells pass it too): what is caught is read again
#: as the page shows it, which is what decides.
_MARKUP_AFTER_DIGIT = re.compile(r"[0-9０-９](?:<|\[|\]|!\[)")
_DIGIT_AFTER_MARKUP = re.compile(r"(?:>|\)|\])[0-9０-９]")


def _may_join(text: str) -> bool:
    return _MARKUP_AFTER_DIGIT.search(text) is not None and _DIGIT_AFTER_MARKUP.search(text) is not None


#: What of a source line is not shown (a link's destination, a reference's name), for its digits.
_DESTINATION = re.compile(r"\]\([^()\n]*\)|\]\[[^\]\n]*\]")
_NOT_DIGITS = re.compile(r"[^0-9]+")  # an ID's check digit X aside: a line's text may hold an x


def _check_body(rec: Record, hits, report: _Report) -> None:
    by_line: dict[tuple[int, str], list[pii.Hit]] = defaultdict(list)
    for hit in hits(rec.body):
        by_line[(hit.line, hit.kind)].append(hit)
    shown_only = set()
    if _may_join(rec.body):
        shown_only = _check_as_shown(rec, hits, by_line)
    unmarked = visible.marks_skipped(rec.body)  # as a reader reads past a footnote's mark, a struck digit
    if unmarked is not None:
        for hit in hits(unmarked):
            if (hit.line, hit.kind) not in by_line:
                by_line[(hit.line, hit.kind)].append(hit)
                shown_only.add((hit.line, hit.kind))
    if _DIGITS_ACROSS_BLANK.search(rec.body):  # read as the page shows it: blank lines closed up
        lines = rec.body.split("\n")
        kept = [n for n, line in enumerate(lines, 1) if line.strip()]
        for hit in hits("\n".join(lines[n - 1] for n in kept)):
            line = kept[hit.line - 1]
            if (line, hit.kind) not in by_line:
                by_line[(line, hit.kind)].append(hit)
    for (line, kind), found in sorted(by_line.items()):
        examples = "、".join(h.shown for h in found[:3]) + ("……" if len(found) > 3 else "")
        report(
            rec.path,
            rec.body_line + line - 1,
            None,
            f"正文有未遮盖的{pii.LABELS[kind]}" + (f"（{len(found)} 处）" if len(found) > 1 else "") + "。",
            f"删掉数字之间的链接或标记（页面上它们连成一个号码），写成 {examples}；{_EXEMPT_HINT}"
            if (line, kind) in shown_only
            else f"写成 {examples}{MASK_RUN.format(path=f'records/{rec.rel_path}')}；{_EXEMPT_HINT}",
        )


def _check_as_shown(rec: Record, hits, by_line: dict) -> set[tuple[int, str]]:
    """Add to `by_line` what the body shows a reader that its source does not: the page's text, as
    Python-Markdown and a browser make it (gongkai.text.bodytext, what the build's leak scan reads),
    each at the line of the source that holds its digits (the n-th of a number at its n-th line);
    their keys."""
    seen = Counter(pii.value_digits(h.text) for found in by_line.values() for h in found)
    lines = rec.body.split("\n")
    # The digits of each line that may join some (others' digits are left out: an earlier line of
    # other figures would hold them by chance).
    digits = "\n".join(
        _NOT_DIGITS.sub("", visible.text(_DESTINATION.sub("]", line))) if _may_join(line) else "" for line in lines
    )
    starts = list(itertools.accumulate((len(d) + 1 for d in digits.split("\n")), initial=0))
    after: dict[str, int] = {}
    added = set()
    for hit in hits("\n".join(bodytext.read(rec.body).lines)):
        number = pii.value_digits(hit.text)
        if seen[number] > 0:  # the source's own reading found it
            seen[number] -= 1
            continue
        at = digits.find(_NOT_DIGITS.sub("", number), after.get(number, 0))
        after[number] = at + 1 if at >= 0 else len(digits)
        line = bisect.bisect_right(starts, at) if at >= 0 else 1
        if (line, hit.kind) not in by_line:
            added.add((line, hit.kind))
        by_line[(line, hit.kind)].append(hit)
    return added


def _check_attachments(rec: Record, scan: _Scanner, report: _Report) -> None:
    hits = scan.hits
    lines = {path: line for path, _, line in rec.body_targets.values()}
    for att in (*rec.attachments, *rec.body_files):
        line = rec.lines.get("attachments") if att in rec.attachments else lines.get(att.path, rec.body_line)
        name = masked_name(att.path.name, scan.name_hits(att.path.name))  # never the data itself
        try:
            pieces = list(attachtext.texts(att.path))
        except attachtext.Unreadable as exc:
            report(
                rec.path,
                line,
                None,
                f"附件 {name} 无法完整检查个人信息：{exc}。",
                exc.fix,
                draft_hint="草稿（draft: true）暂不发布，发布前须换掉这个附件：",
            )
            continue
        shown: set[tuple[str, str]] = set()
        for where, text in pieces:
            # Only what reorders digits: a PDF's extracted text holds control characters of its own
            # (a signature's bytes, a font without a Unicode map), which no reader sees.
            disordered = plaintext.disordering(text, plaintext.REORDERING)
            if disordered is not None:
                report(
                    rec.path,
                    line,
                    None,
                    f"附件 {name} {where}含有看不见的字符 {disordered[1]}{plaintext.DISORDERING_WHY}",
                    "在原文件中删掉这个字符后重新生成附件。",
                    draft_hint="草稿（draft: true）暂不发布，发布前须换掉这个附件：",
                )
            found_hits = hits(text)  # once: it also counts what an exemption lets through
            values = [(h.kind, pii.value_digits(h.text)) for h in found_hits]
            if isinstance(where, attachtext.Again):  # another reading: only what the others did not show
                found_hits = [h for h, v in zip(found_hits, values, strict=True) if v not in shown]
            shown.update(values)
            found = Counter(h.kind for h in found_hits)
            examples = {h.kind: h.shown for h in reversed(found_hits)}
            for kind, n in sorted(found.items(), key=lambda kv: pii.KINDS.index(kv[0])):
                report(
                    rec.path,
                    line,
                    None,
                    f"附件 {name} {where}有未遮盖的{pii.LABELS[kind]}（{n} 处，如 {examples[kind]}）。",
                    "附件要在原文件中去标识化后重新生成（gongkai mask 不改附件）；" + _EXEMPT_HINT,
                )


class OutputScanner:
    """Personal data in the built site, for `leaks.scan`: pages of exempt records may show their kinds.

    Each piece of text is read as a reader sees it (gongkai.text.visible), and what its markup publishes
    unseen (attribute values such as alt, title and href, comments); a file's path
    (`leaks.FILE_NAME`) is read as words and is never exempt."""

    def __init__(
        self,
        settings: Settings,
        exempt_pages: dict[str, frozenset[str]],
        exempt_values: frozenset[str] = frozenset(),
        today: dt.date | None = None,
    ):
        self.today = today
        self.kinds = settings.pii_scanned
        self.style = pii.MASK_STYLES[settings.pii_mask_style]
        self.allow = settings.pii_allow_emails
        self.exempt_pages = exempt_pages
        # What exempt records publish: a search index shared by every page may hold exactly these.
        self.exempt_values = exempt_values
        self.seen: dict[tuple, set] = {}
        self._rules = (
            tuple(settings.pii_kinds),
            settings.pii_mask_style,
            tuple(sorted(self.allow)),
            sorted((page, sorted(kinds)) for page, kinds in exempt_pages.items()),
            sorted(exempt_values),
        )

    @property
    def day(self) -> dt.date:
        """The day the birth dates of IDs are judged by (gongkai.text.pii.find's default: today)."""
        return self.today or dt.date.today()

    def digest(self) -> str:
        """What these rules are (kinds, mask style, allowed addresses, exemptions), as a SHA-256 in
        hex: what the scanner finds in a text depends on them, and on the day only through the birth
        dates it judges (gongkai.text.pii.days_watched)."""
        return hashlib.sha256(repr(self._rules).encode("utf-8")).hexdigest()

    def __call__(self, file: str, page: str | None, text: str) -> list[tuple[str, int]]:
        if page == leaks.FILE_NAME:
            found = pii.find(
                attachtext.name_words(text), self.kinds, self.style, self.allow, markup=False, today=self.today
            )
            return [(f"未遮盖的{pii.LABELS[h.kind]}", 0) for h in found]
        exempt = self.exempt_pages.get(page or "", frozenset())
        kind = leaks.kind_of(file)
        # The lines not read before, in their order (navigation and footer repeat on every page; a
        # hit is still reported both in a page and in the search index: they are different kinds).
        fresh, numbers = leaks.fresh_lines(text, self.seen.setdefault((exempt, kind), set()))
        if not fresh:
            return []
        # As a reader sees them, then what markup publishes unseen (attribute values, comments), one a line.
        hidden = [
            (fresh.count("\n", 0, a), fresh[a:b].replace("\n", " ")) for a, b in visible.hidden_with_digits(fresh)
        ]
        hits = []
        for body, line_of in (
            (visible.text(fresh), lambda n: n),
            (visible.text("\n".join("|" + value for _, value in hidden), markup=False), lambda n: hidden[n][0]),
        ):
            for h in pii.find(body, self.kinds, self.style, self.allow, markup=False, read=True, today=self.today):
                if h.kind in exempt or page is None and pii.value_digits(h.text) in self.exempt_values:
                    continue
                hits.append((f"未遮盖的{pii.LABELS[h.kind]}", leaks.line_start(text, numbers[line_of(h.line - 1)])))
        return sorted(hits, key=lambda hit: hit[1])


def check_file(
    path, settings: Settings, problems: Problems, field: str | None = None, today: dt.date | None = None
) -> None:
    """Every unmasked hit in a file that pages are made from besides the records (the taxonomy, an
    annual report: names, titles and narrative are published as written), at its line; no exemption."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # read once already by its loader, which said what was wrong
    scan = _Scanner(settings, frozenset(), today)
    for hit in scan.hits(text):
        problems.error(path, hit.line, field, f"有未遮盖的{pii.LABELS[hit.kind]}。", f"写成 {hit.shown}。")
