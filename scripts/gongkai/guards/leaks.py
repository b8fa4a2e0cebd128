"""The last guard: read every file of the built site and look for what must never be published.

Every other guard works on the input; this one works on the output, so it also catches what
a theme override, a hand-written page, a plugin or the search index let through.

Each text is read twice: as written (attributes, URLs and scripts included) and as a reader sees
it (gongkai.text.visible: tags gone, character references decoded, zero-width characters gone,
full-width forms folded). A secret matches the visible text with all white space left out on
both sides and no quotation marks of any kind (“” "" 「」 『』 ‘’), so that
``草稿<wbr>标题``, ``**草稿**标题``, a line break or a zero-width space inside a draft's title, a
title quoted otherwise, or a case number written with full-width hyphens, is still found. A
索引号 is found with any separator, or none, between its parts (``czj/2024-00902``,
``czj.2024-00902``, ``CZJ 2024 00902``, ``czj202400902``): a reader knows it in each. The path of
every file is read too: a file name is published in its URL.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import html
import itertools
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gongkai.sitesearch.search import unwords
from gongkai.text import attachtext, visible
from gongkai.text.secret import Secret

#: Files of the site that carry text: pages, search indexes, feeds, sitemaps, exports.
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".txt", ".csv", ".atom", ".rss", ".js", ".webmanifest"}
#: The site search's index (Pagefind): compressed, read as text all the same.
PAGEFIND_SUFFIXES = {".pf_fragment", ".pf_meta", ".pf_index", ".pf_filter"}
#: The theme's own code and fonts are not content.
SKIP_DIRS = ("assets/javascripts/", "assets/stylesheets/", "assets/fonts/")
#: The "page" of the piece that is a file's path (its name, in its URL), not its content.
FILE_NAME = "\0file name"


def made_from_search_entries(rel: str) -> bool:
    """Whether `rel` is one of Pagefind's index files (fragments, word index, filters, metadata),
    which hold the text of the entries it was given (words, filter values, counts) and nothing
    else: scanned as those entries (`pagescan.PageScan.submit_texts`), not read back after the
    build (at 10,000 records 10,000 fragments and 6 MB of compressed word index; with the exports
    of `SiteGuard.submit_made`, the scan at the build's end went from 4.0 to 1.5 s). Pagefind's own
    code (its scripts, styles, WebAssembly) is read."""
    return rel.startswith("pagefind/") and Path(rel).suffix in PAGEFIND_SUFFIXES


class SecretSet:
    """Secrets compiled for searching many texts.

    One regex of all the secrets' texts finds in one pass whether a text holds any of them (Python's
    regex engine skips to the possible first characters); only a text that does is searched secret by
    secret. With a thousand ledger case numbers that is some 100 times faster per page than looking
    for each secret in turn, which took longer than the build itself at 10,000 records.
    """

    def __init__(self, secrets):
        self.secrets = list(secrets)
        texts = sorted({s.text for s in self.secrets}, key=len, reverse=True)
        self.any = re.compile("|".join(map(re.escape, texts))) if texts else None
        # As a reader sees them, without white space: what the visible text is searched for.
        keys = [(key_of(s.text), s) for s in self.secrets]
        keys = [(k, s) for k, s in keys if k]
        # A loose secret is a pattern; the others are found by str.find (a thousand ledger numbers
        # compiled one by one would cost more than the scan).
        self.keys = [(_Loose(k) if s.loose else k, s) for k, s in keys]
        patterns = sorted({_key_pattern(k, s.loose) for k, s in keys}, key=len, reverse=True)
        self.any_key = re.compile("|".join(patterns)) if patterns else None
        self.seen: dict[str, set] = {}  # by kind of file: lines whose visible text was searched

    def digest(self) -> str:
        """What these secrets are (their texts and how each is matched), as a SHA-256 in hex."""
        return secrets_digest(self.secrets)

    def find_in(self, text: str, rel: str = "") -> list[tuple[str, int]]:
        """(why, offset) of each secret in `text` (a piece of the file `rel`), as written or as a
        reader sees it."""
        found = []
        if self.any is not None and self.any.search(text) is not None:
            found = [(secret.why, secret.find(text)) for secret in self.secrets if secret.text in text]
            found = [(why, at) for why, at in found if at >= 0]
        if self.any_key is None:
            return found
        # The visible text of the lines not read before (navigation and footer repeat on every page).
        fresh, numbers = fresh_lines(text, self.seen.setdefault(kind_of(rel), set()))
        seen = visible.text(fresh)
        key = key_text(seen)
        if self.any_key.search(key) is None:
            return found
        where = _Compact(seen)
        for k, secret in self.keys:
            at, end = _find(k, key, 0)
            while at >= 0:
                start, stop = where.span(at, end)
                if not secret.whole or _alone(seen, start, stop):
                    found.append((secret.why, line_start(text, numbers[seen.count("\n", 0, start)])))
                    break
                at, end = _find(k, key, at + 1)
        return found


def secrets_digest(secrets) -> str:
    """What `secrets` are (their texts and how each is matched), as a SHA-256 in hex: what a scan
    finds depends on that, not on their order or on why each is secret."""
    found = sorted({(s.text, s.whole, s.loose) for s in secrets})
    return hashlib.sha256(repr(found).encode("utf-8")).hexdigest()


_split: tuple = (None, [], {})

#: A line longer than this is remembered as its digest (BLAKE2b, 128 bits), not as itself: the scan
#: remembers every distinct line of the site, and at 50,000 records the articles' and search
#: entries' lines, held whole, were a few hundred MB of the worker's memory.
_WHOLE = 24


def _line_key(line: str) -> str | bytes:
    if len(line) <= _WHOLE:
        return line
    return hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def kind_of(rel: str) -> str:
    """The kind of file `rel` is, for remembering lines: its suffix ("" for none: a search entry's
    name, `pagefind/（… 的索引条目）`, is one kind, not one each)."""
    name = rel.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1] if "." in name else ""


def fresh_lines(text: str, seen: set) -> tuple[str, list[int]]:
    """The lines of `text` not in `seen` (which takes them, as `_line_key`s), joined in their order
    (a line after some left out begins with a boundary, ``|``), and the line number (from 0) of
    each in `text`. Reading only these keeps the visible-text passes of the leak scan at a few per
    cent of the build: most lines of a page are the navigation."""
    global _split
    if _split[0] is not text:  # the secrets and then the personal data of one piece: split once
        lines = text.split("\n")
        _split = (text, lines, {line: _line_key(line) for line in set(lines)})
    _, lines, keys = _split
    new = {line for line, key in keys.items() if key not in seen}
    if not new:
        return "", [0]
    seen.update(keys[line] for line in new)
    fresh = list(map(new.__contains__, lines))  # at C speed, as the rest
    numbers = list(itertools.compress(range(len(lines)), fresh))
    # Where lines were left out, a boundary: the lines before and after are not one text.
    parts = [lines[i] if not i or fresh[i - 1] else "|" + lines[i] for i in numbers]
    return "\n".join(parts), numbers


def key_of(text: str) -> str:
    """What a secret is looked for as in the visible text: as a reader sees it, without white space."""
    return key_text(visible.text(text))


def key_text(seen: str) -> str:
    """Visible text as secrets are looked for in it: without white space and quotation marks (a
    title quoted “” or "" or 「」, or not at all, reads as itself)."""
    return _GAP.sub("", seen)


#: What a secret's text is read without: white space, quotation marks of every style.
_GAP = re.compile("[\\s\"“”„‟〝〞〟«»‹›「」『』'‘’‚‛＂＇]+")
#: Between the parts of a loose identifier: one of the separators a writer uses, or none.
_LOOSE_SEPARATOR = r"[./\\_·:|-]?"


class _Loose:
    """A loose secret's key, compiled (see `_key_pattern`)."""

    def __init__(self, key: str):
        self.pattern = re.compile(_key_pattern(key, True))


def _find(key: str | _Loose, text: str, start: int) -> tuple[int, int]:
    """(start, end) of the first `key` in `text` from `start`; (-1, -1) when there is none."""
    if isinstance(key, str):
        at = text.find(key, start)
        return at, at + len(key)
    m = key.pattern.search(text, start)
    return (m.start(), m.end()) if m else (-1, -1)


def _key_pattern(key: str, loose: bool) -> str:
    """The regular expression of a secret's key: the key itself; for a `loose` identifier made of
    ASCII letters and digits, its runs of letters and digits, in either case, with a separator or
    none between them."""
    parts = re.findall(r"[A-Za-z0-9]+", key)
    if not loose or len(parts) < 2 or not re.fullmatch(r"[A-Za-z0-9./\\_·:|-]+", key):
        return re.escape(key)
    return _LOOSE_SEPARATOR.join(f"(?i:{part})" if part.isalpha() else re.escape(part) for part in parts)


_TOKEN_CHAR = re.compile(r"[A-Za-z0-9_-]")


def _alone(seen: str, start: int, end: int) -> bool:
    """Is ``seen[start:end]`` a whole token (no letter, digit, - or _ right next to it)?"""
    before = seen[start - 1] if start else " "
    after = seen[end] if end < len(seen) else " "
    return not (_TOKEN_CHAR.match(before) or _TOKEN_CHAR.match(after))


def _runs(seen: str):
    """The spans of `seen` that `key_text` keeps."""
    at = 0
    for m in _GAP.finditer(seen):
        if m.start() > at:
            yield at, m.start()
        at = m.end()
    if at < len(seen):
        yield at, len(seen)


class _Compact:
    """Positions in `key_text(seen)` mapped back to `seen`."""

    def __init__(self, seen: str):
        self.runs = [(a, b) for a, b in _runs(seen)]
        self.before = [0]
        for a, b in self.runs:
            self.before.append(self.before[-1] + b - a)

    def _at(self, i: int) -> int:
        k = bisect.bisect_right(self.before, i) - 1
        k = min(k, len(self.runs) - 1)
        return self.runs[k][0] + i - self.before[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self._at(start), self._at(end - 1) + 1


def line_start(text: str, breaks: int) -> int:
    """The offset in `text` of the start of the line after `breaks` line breaks."""
    at = 0
    for _ in range(breaks):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    return at


@dataclass(frozen=True)
class Leak:
    """Where a secret was found. It carries no excerpt: build logs must not repeat what they hide."""

    file: str  # relative to the site folder
    why: str
    line: int | None = None  # in the file as decoded; None for JSON indexes


def site_texts(site: Path, skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, str | None, str]]:
    """(path relative to `site`, page it belongs to or None, text) of every text file but `skip`.

    Text is decoded the way a reader sees it; a search index yields one piece per page entry,
    so that what is found there can be traced to the page it came from.
    """
    return texts_of(site, site_files(site, skip))


def site_files(site: Path, skip: frozenset[str] = frozenset()) -> list[str]:
    """The files of `site` to scan (relative paths, sorted): all but the theme's code and `skip`."""
    out, folders = [], [""]
    while folders:  # os.scandir, not Path.rglob: 21,000 files at 10,000 records took 2 s as paths
        folder = folders.pop()
        try:
            entries = list(os.scandir(site / folder))
        except (FileNotFoundError, NotADirectoryError, PermissionError):  # as rglob: nothing there to read
            continue
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append(rel)
            elif entry.is_file() and not (rel.startswith(SKIP_DIRS) or rel in skip):
                out.append(rel)
    out.sort(key=lambda rel: rel.split("/"))  # as paths sort
    return out


def texts_of(site: Path, files: list[str]) -> Iterator[tuple[str, str | None, str]]:
    """The pieces of text of `files` (relative to `site`), as `site_texts` gives them, each file's
    path first (page `FILE_NAME`: a binary file has nothing else to read)."""
    for rel in files:
        yield rel, FILE_NAME, rel
        yield from file_texts(rel, (site / rel).read_bytes())


def file_texts(rel: str, data: bytes) -> Iterator[tuple[str, str | None, str]]:
    """The pieces of text of one file of the site (see `site_texts`). A document, archive or image
    (attachtext.READABLE) gives every text it carries; its page is the folder's (a record's files
    sit beside its page); one that cannot be read is left to the check of the records, which
    refuses it where it comes from a record."""
    suffix = Path(rel).suffix.lower()
    if suffix.lstrip(".") in attachtext.READABLE:
        try:
            pieces = attachtext.data_texts(rel, data)
        except attachtext.Unreadable:
            return
        page = rel.rpartition("/")[0] + "/" if "/" in rel else None
        for _, text in pieces:
            yield rel, page, text
        return
    if suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return
        suffix = Path(rel[: -len(".gz")]).suffix.lower()
    if suffix in PAGEFIND_SUFFIXES:
        # Pagefind's files: gzip of its signature and then, for a fragment, JSON of one record's text
        # and meta (the page it belongs to is its url), for the others CBOR, whose strings read as UTF-8.
        try:
            data = gzip.decompress(data).removeprefix(b"pagefind_dcd")
        except (OSError, EOFError):
            return
        # Pagefind puts a zero-width space between the words it segments: a title must still read as one.
        text = data.decode("utf-8", errors="replace").replace("\u200b", "")
        page = None
        if suffix == ".pf_fragment":
            try:
                value = json.loads(text)
            except ValueError:
                value = None
            if isinstance(value, dict):
                page = str(value.get("url", "")).lstrip("/") or None
                # The index holds words separated by spaces (gongkai.sitesearch.search.words): read them as written.
                text = unwords("\n".join(_strings(value)))
        yield rel, page, _unescape(text)
        return
    if suffix not in TEXT_SUFFIXES:
        # Any other file (a .tsv, .yml or .ics copied from docs/, an image of another format): read as
        # a record's attachment would be, its text or its strings; one that cannot be read is left
        # to the check, which refuses it where it comes from (sourcescan._page_files).
        try:
            pieces = attachtext.data_texts(rel, data)
        except attachtext.Unreadable:
            return
        for _, text in pieces:
            yield rel, None, text
        return
    text = data.decode("utf-8", errors="replace")
    if suffix == ".json":
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        docs = value.get("docs") if isinstance(value, dict) else None
        if isinstance(docs, list) and all(isinstance(d, dict) for d in docs):
            by_page: dict[str, list[str]] = {}
            for doc in docs:
                by_page.setdefault(str(doc.get("location", "")).split("#", 1)[0], []).extend(_strings(doc))
            for page, strings in by_page.items():
                yield rel, page, _unescape("\n".join(strings))
            rest = {k: v for k, v in value.items() if k != "docs"}
            yield rel, None, _unescape("\n".join(_strings(rest)))
            return
        if value is not None:
            text = "\n".join(_strings(value))
    page = rel[: -len("index.html")] if rel.endswith("index.html") else rel if suffix == ".html" else None
    yield rel, page, _unescape(text)
    if suffix in (".html", ".htm") and " data-" in text:
        yield rel, page, data_values(text)


#: A data attribute's value, in double or single quotes, as written (escaped). Led by the literal:
#: five times faster than after \s (any name ending in data- is read too).
_DATA_ATTRIBUTE = re.compile(r"""data-[\w.:-]{1,64}\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: What makes a value worth reading: a digit or a character beyond ASCII (the theme's many
#: `data-md-component="search"` hold neither).
_WORTH_READING = re.compile(r"[0-9\x80-\U0010ffff]")


def data_values(page: str) -> str:
    """The values of the data attributes of an HTML page (what its scripts read: the search page's
    synonyms and agency names, say), unescaped, each on the line where it starts in `page` and with
    the same number of lines. The page unescaped as a whole reads a value's escaped quotes as its
    end, and the visible text has no attributes: a phone number in the search data went out."""
    lines: list[list[str]] = [[] for _ in range(page.count("\n") + 1)]
    n = at = 0
    for m in _DATA_ATTRIBUTE.finditer(page):
        value = m.group(1) if m.group(1) is not None else m.group(2)
        if _WORTH_READING.search(value):
            n, at = n + page.count("\n", at, m.start()), m.start()
            lines[n].append(_unescape(value).replace("\r", " ").replace("\n", " "))
    return "\n".join("".join(f" | {v}" for v in values) for values in lines)


def _unescape(text: str) -> str:
    # Twice: search indexes hold escaped HTML inside JSON strings.
    if "&" not in text:
        return text
    once = html.unescape(text)
    return html.unescape(once) if "&" in once else once


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def scan(
    site: Path,
    secrets: list[Secret],
    find_personal: Callable[[str, str | None, str], list[tuple[str, int]]] | None = None,
    skip: frozenset[str] = frozenset(),
) -> list[Leak]:
    """Every place in `site` (but the files in `skip`) where a secret, or personal data that
    `find_personal` reports, appears.

    `find_personal(file, page, text)` returns (why, offset) pairs; it knows which pages are exempt.
    """
    return scan_texts(site_texts(site, skip), secrets, find_personal)


def scan_texts(pieces, secrets: list[Secret] | SecretSet, find_personal=None) -> list[Leak]:
    """`scan` over pieces of text as `site_texts` gives them."""
    secrets = secrets if isinstance(secrets, SecretSet) else SecretSet(secrets)
    leaks = []
    named: set[str] = set()
    for rel, page, text in pieces:
        if rel not in named:  # each file's path once, whether it came as a piece or not (a page sent as written)
            named.add(rel)
            if page != FILE_NAME:
                leaks += scan_texts([(rel, FILE_NAME, rel)], secrets, find_personal)
        found = secrets.find_in(text, rel)
        if find_personal is not None:
            found += find_personal(rel, page, text)
        if page == FILE_NAME:
            whys = dict.fromkeys(why for why, _ in found)
            leaks += [Leak(_hidden_name(rel, why), f"文件名中有{why}") for why in whys]
            continue
        binary = rel.rpartition(".")[2].lower() in attachtext.READABLE
        has_lines = not binary and not rel.endswith((".json", ".json.gz"))
        at_lines = ((why, text.count("\n", 0, at) + 1 if has_lines else None) for why, at in found)
        leaks += [Leak(rel, why, line) for why, line in dict.fromkeys(at_lines)]
    return leaks


def _hidden_name(rel: str, why: str) -> str:
    """`rel` with its file name hidden where it holds what is found (the report must not repeat it)."""
    folder, _, name = rel.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if "未遮盖" in why:
        hidden = re.sub(r"[0-9０-９]", "*", stem)
    else:
        hidden = "（文件名）"
    return (folder + "/" if folder else "") + hidden + (dot + ext if ext else "")


def report(leaks: list[Leak], site_name: str = "site") -> str:
    lines = [
        f"{site_name}/{leak.file}" + (f":{leak.line}" if leak.line else "") + f": {leak.why}" for leak in leaks[:50]
    ]
    if len(leaks) > 50:
        lines.append(f"……另有 {len(leaks) - 50} 处。")
    return "\n".join(lines)
