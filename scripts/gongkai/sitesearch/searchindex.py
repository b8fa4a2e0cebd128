"""A Pagefind search index fed record by record while the site renders.

Pagefind's extended binary (release `PAGEFIND_VERSION`, put beside the venv's Python by
`scripts/install_pagefind.py` from the npm registry) segments Chinese and builds a static,
chunked index that a browser loads piece by piece. Its `--service` mode takes requests on stdin
and answers on stdout, each a base64-encoded JSON message ended by a comma; indexing happens in
that process, so it runs on the second core while MkDocs renders on the first.

We speak that protocol here instead of through the `pagefind` Python package because the
package's response loop (`pagefind/service/__init__.py`, `_wait_for_responses`, 1.5.2) sleeps
0.1 s before reading each answer and the API awaits every answer before sending the next
request: 200 records took 20.5 s, 10,000 would take about 17 minutes. Here requests are written
as they come and a thread reads the answers as they arrive.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Protocol

from gongkai.sitesearch import searchbundle

#: The one Pagefind release sites are built with (scripts/install_pagefind.py pins its digest).
PAGEFIND_VERSION = "1.6.0"
NOT_INSTALLED = (
    f"没有找到 Pagefind 扩展版 {PAGEFIND_VERSION}，无法生成站内搜索索引。"
    "改法：在网站目录运行 make site（或 python scripts/install_pagefind.py）安装；"
    "或用环境变量 GONGKAI_PAGEFIND 指明 pagefind_extended 的路径；不要站内搜索时在 mkdocs.yml 中写 search: off。"
)


class SearchIndexError(Exception):
    """Pagefind failed or refused a request; the message says what it answered."""


def executable() -> Path | None:
    """The extended Pagefind binary (the only one that segments Chinese), if installed: the one
    `GONGKAI_PAGEFIND` names, else the one `make` puts beside Python. There is no other fallback:
    another release segments Chinese differently, so the site would silently change."""
    named = os.environ.get("GONGKAI_PAGEFIND")
    if named:
        return Path(named)
    beside = Path(sys.executable).with_name("pagefind_extended")
    return beside if beside.is_file() else None


def file_digest(binary: Path) -> str:
    """The sha256 of the program `binary`."""
    try:
        return hashlib.sha256(Path(binary).read_bytes()).hexdigest()
    except OSError as exc:
        raise SearchIndexError(f"无法读取 Pagefind（{binary}）：{exc.strerror or exc}") from None


def version(binary: Path) -> str:
    """The release `binary --version` names ("1.6.0"), or what it printed when that is not a version."""
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SearchIndexError(f"无法启动 Pagefind（{binary}）：{getattr(exc, 'strerror', None) or exc}") from None
    words = done.stdout.split()
    return words[-1] if done.returncode == 0 and words else (done.stdout + done.stderr).strip()[:80]


def _pagefind_env() -> dict[str, str]:
    # Pagefind builds on every core it finds (rayon); MkDocs renders on one meanwhile, and a page
    # waiting for its core costs the build more than Pagefind finishing later (10,000 records, 2
    # cores, one build each: 61 s -> 57 s). RAYON_NUM_THREADS set by the user wins.
    env = dict(os.environ)
    env.setdefault("RAYON_NUM_THREADS", str(max(1, (os.cpu_count() or 2) - 1)))
    return env


class SearchIndex:
    """One Pagefind index in a `pagefind --service` process: `add` records, then `write` once."""

    def __init__(self, language: str = "zh", binary: Path | None = None, numbers: list[int] | None = None):
        #: The number on the site of each page of this index, in the order they are added (see PartedIndex);
        #: None: 0, 1, 2…
        self.numbers = numbers
        binary = binary or executable()
        if binary is None:
            raise SearchIndexError(NOT_INSTALLED)
        self._log = tempfile.TemporaryFile()  # what the binary prints besides answers
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log,
                env=_pagefind_env(),
            )
        except OSError as exc:
            self._log.close()
            raise SearchIndexError(f"无法启动 Pagefind（{binary}）：{exc.strerror or exc}") from None
        self._next_id = 0
        self._answers: dict[int, dict] = {}
        self._errors: list[str] = []
        self._done = threading.Condition()
        self._reader = threading.Thread(target=self._read, name="pagefind-answers", daemon=True)
        self._reader.start()
        self.language = language
        self._files_request: int | None = None
        self._bundle: dict[str, bytes] | None = None
        self._urls: list[str] = []
        self._marks: list[str] = []
        answer = self._wait(self._send({"type": "NewIndex", "config": {"force_language": language}}))
        self._index = answer["index_id"]

    def add(self, url: str, content: str, meta: dict[str, str], filters: dict[str, list[str]], mark: str = ""):
        """Index one record; returns at once (the answer is checked in `write`). Records are pages
        0, 1, 2… in the order they are added (the bundle's fragments are named so, with `mark` after
        the number: see gongkai.sitesearch.searchbundle)."""
        if self._files_request is not None:
            raise SearchIndexError("索引已经在生成，不能再加入记录。")
        self._urls.append(url)
        self._marks.append(mark)
        self._send(
            {
                "type": "AddRecord",
                "index_id": self._index,
                "url": url,
                "content": content,
                "language": self.language,
                "meta": meta,
                "filters": filters,
            },
            keep=False,
        )

    def write(self, output: Path, only=None, vocabulary: set[str] | None = None, average: float | None = None) -> int:
        """Write the bundle into `output` once every record sent before has been indexed (with
        `only`, the files whose path it accepts; with `vocabulary`, the words of the whole site that
        this part lacks added: see gongkai.sitesearch.searchbundle.share_vocabulary; with `average`, pages of
        no word bring its average page length to that: pad_pages). Returns the number of pages its
        metadata lists.

        The files are asked for (`GetFiles`) and written here rather than by Pagefind (`WriteFiles`):
        Pagefind answers `WriteFiles` before its last files are on disk (a stylesheet was sometimes
        empty), and the filter files it writes differ from run to run (see gongkai.sitesearch.searchbundle).
        """
        return Part(self.bundle(), self._urls, self.numbers, self._marks).write(output, only, vocabulary, average)

    def finish(self) -> None:
        """No more records: Pagefind starts building the bundle now, in its own process, while this one
        goes on (MkDocs renders the pages meanwhile); `bundle` or `write` collect it."""
        if self._files_request is None:
            self._files_request = self._send({"type": "GetFiles", "index_id": self._index})

    def bundle(self) -> dict[str, bytes]:
        """Every file of the bundle as Pagefind makes it (path -> bytes), once all records are indexed
        (kept: the process may be closed after)."""
        if self._bundle is None:
            self.finish()
            answer = self._wait(self._files_request)
            if self._errors:
                raise SearchIndexError("Pagefind 拒绝了部分记录：" + "；".join(self._errors[:5]))
            self._bundle = {item["path"]: base64.b64decode(item["content"]) for item in answer.get("files") or []}
        return self._bundle

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._reader.join(timeout=10)
        self._log.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the protocol ---------------------------------------------------------------------------
    def _send(self, payload: dict, keep: bool = True) -> int:
        """Write a request; with `keep`, its answer is kept for `_wait` (others are only checked for errors)."""
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        if keep:  # before the request is written: the answer may be read before this thread runs again
            with self._done:
                self._answers[self._next_id] = {}
        try:
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise SearchIndexError("Pagefind 进程意外退出：" + self._output()) from None
        return self._next_id

    def _wait(self, message_id: int) -> dict:
        with self._done:
            while not self._answers.get(message_id):
                if not self._reader.is_alive():
                    raise SearchIndexError("Pagefind 进程意外退出：" + self._output())
                self._done.wait(timeout=1)
            answer = self._answers.pop(message_id)
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind 报错：{answer.get('message')}")
        return answer

    def _read(self) -> None:
        parts: list[bytes] = []  # of the answer being read: the bundle comes as one answer of many MB
        stream = self._process.stdout
        while chunk := stream.read1(1 << 16):
            *ends, rest = chunk.split(b",")
            for end in ends:
                parts.append(end)
                self._answer(b"".join(parts))
                parts = []
            if rest:
                parts.append(rest)
        with self._done:
            self._done.notify_all()

    def _answer(self, raw: bytes) -> None:
        response = json.loads(base64.b64decode(raw))
        payload = response.get("payload") or {}
        message_id = response.get("message_id")
        with self._done:
            if message_id in self._answers:
                self._answers[message_id] = payload
            elif payload.get("type") == "Error":
                self._errors.append(str(payload.get("message")))
            self._done.notify_all()

    def _output(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace").strip()[-500:] or "（没有输出）"


class Part:
    """The bundle Pagefind made of some records (path -> bytes, as it gave them) and what renames its
    fragments: the records' URLs in the order they were added, their numbers on the site and marks."""

    def __init__(self, files: dict[str, bytes], urls: list[str], numbers: list[int] | None, marks: list[str]):
        self.files, self.urls, self.numbers, self.marks = files, urls, numbers, marks

    def write(
        self,
        output: Path,
        only=None,
        vocabulary: set[str] | None = None,
        average: float | None = None,
        own: set[str] | None = None,
    ) -> int:
        """See `SearchIndex.write`; `own`: the words of this part (`searchbundle.vocabulary`), if read already."""
        try:
            files = searchbundle.reproducible(
                self.files, self.urls, self.numbers, self.marks, vocabulary, average, own=own
            )
            pages = searchbundle.page_count(files)
        except (ValueError, KeyError, OSError) as exc:
            raise SearchIndexError(f"Pagefind 生成的索引无法整理：{exc}") from None
        for rel, data in sorted(files.items()):
            if only is not None and not only(rel):
                continue
            target = output / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return pages


class PartStore(Protocol):
    """Where the bundles of a previous build's parts are kept (gongkai.plugin.searching.SearchCache)."""

    def get(self, key: str) -> dict[str, bytes] | None:
        """The bundle Pagefind made of the part whose records digest to `key`, if kept."""

    def put(self, key: str, files: dict[str, bytes]) -> None:
        """Keep the bundle of `key` (for the next build, once this one passed)."""


class PartedIndex:
    """Records indexed in parts of at most `part_size`, one Pagefind process after another.

    Pagefind holds a whole index in memory while building it, about 200 KB a record (of the order
    of 300 bytes for each distinct word of each page): 50,000 records took 9.9 GB. A part at a time
    bounds that. The first part is the bundle in `output`, part k its index files alone in
    `output/part<k>/` (`part_folder`); the results page merges them (Pagefind's `mergeIndex`) and
    its pages keep their numbers on the site, so the order by date holds.
    """

    def __init__(
        self, part_size: int, language: str = "zh", binary: Path | None = None, store: PartStore | None = None
    ):
        binary = binary or executable()
        if binary is None:  # said now, not when the parts are written
            raise SearchIndexError(NOT_INSTALLED)
        self.part_size = part_size
        self.language = language
        self.binary = binary
        #: The release that builds this index, for the build log.
        self.version = version(binary)
        #: The program itself: another build of the same release (Pagefind without its Chinese
        #: segmentation, say) names the same version and makes another index.
        self.binary_digest = file_digest(binary)
        #: The previous build's parts (None: every part is indexed).
        self.store = store
        #: How many parts were indexed by Pagefind, and how many taken from `store`.
        self.indexed = self.reused = 0
        #: How many of the entries are records, if the others are pages (see `parts`); None: all are.
        self.records: int | None = None
        self._records: list[tuple] = []
        self._current: SearchIndex | None = None
        self._closed = False
        self._thread: threading.Thread | None = None
        self._error: Exception | None = None
        #: Set when the output folder may be written (see `write_in_background`).
        self._writable = threading.Event()
        self._writable.set()

    def add(self, url: str, content: str, meta: dict[str, str], filters: dict[str, list[str]], mark: str = ""):
        self._records.append((url, content, meta, filters, mark))

    def write(self, output: Path) -> None:
        """Index every part, in order, then write them. The records are numbered on the site newest
        first; counted from the oldest, record r goes to part r mod (number of parts): each part is
        then a sample of the whole site (every year, every agency), so that the word statistics a
        part scores with (how rare a word is, how long a record) are near the site's, not those of
        one stretch of years (the results page makes them the site's: see gongkai/search.js,
        oneRanking); its pages keep their numbers on the site. Counted from the oldest, a record
        added as the newest leaves every other record in its part, so that with a `store` only the
        parts whose records changed are indexed again. Every part holds the words of the whole site,
        so that a word matches in each as in one index."""
        done = []
        parts = self.parts()
        # One part is the whole index, which the caller keeps as it is written.
        store = self.store if len(parts) > 1 else None
        for numbers, key in zip(parts, self.part_keys() if store is not None else [None] * len(parts), strict=True):
            if self._closed:
                return
            records = [self._records[n] for n in numbers]
            urls, marks = [r[0] for r in records], [r[4] for r in records]
            kept = store.get(key) if store is not None else None
            if kept is not None and not searchbundle.holds(kept, urls):
                kept = None  # not this part's pages (an entry written by other code): indexed again
            if kept is not None:
                self.reused += 1
                done.append(Part(kept, urls, numbers, marks))
                continue
            with SearchIndex(self.language, self.binary, numbers=numbers) as index:
                self._current = index
                for record in records:
                    index.add(*record)
                files = index.bundle()  # kept; the process ends here, the next part's starts
            self._current = None
            self.indexed += 1
            if store is not None:
                store.put(key, files)
            done.append(Part(files, urls, numbers, marks))
        self._writable.wait()  # every part is made, in memory: the folder is written once it may be
        if self._closed:
            return
        if len(done) == 1:
            done[0].write(output)
            return
        # Each part is given the words of all (gongkai.sitesearch.searchbundle.share_vocabulary), so that a query
        # word matches in every part as in one index of the whole site, and the site's average page
        # length (pad_pages); the results page reads how many pages each part then lists.
        try:
            owns = [searchbundle.vocabulary(part.files) for part in done]  # read once: the slow part
            words = set().union(*owns)
            words = {word for word in words if not _KEY.fullmatch(word)} | {"gk"}
            counts = [searchbundle.word_counts(part.files) for part in done]
        except (ValueError, KeyError, OSError) as exc:
            raise SearchIndexError(f"Pagefind 生成的索引无法整理：{exc}") from None
        average = sum(map(sum, counts)) / max(1, sum(map(len, counts)))
        pages = []
        for n, part in enumerate(done):
            if self._closed:
                return
            shared = {"vocabulary": words, "own": owns[n], "average": average}
            if n == 0:
                pages.append(part.write(output, **shared))
            else:  # the first part's script and WebAssembly serve every part
                pages.append(part.write(output / part_folder(n), only=part_file, **shared))
        # The site's average as Pagefind computes one index's (32-bit): the page scores every part's
        # results with it (gongkai/search.js, oneRanking), as the whole index would.
        stats = {"pages": pages, "records": [len(part.urls) for part in done], "average": _float32(average)}
        (output / PARTS_FILE).write_text(json.dumps(stats, separators=(",", ":")), encoding="utf-8")

    def parts(self) -> list[list[int]]:
        """The numbers on the site (newest first) of each part's records, in the order they are indexed.
        How many parts there are is the records' to say (`records`: the results page is told it from
        their number), the pages that are no record coming last."""
        total = len(self._records)
        count = parts_of(self.records if self.records is not None else total, self.part_size)
        # Counted from the oldest, the record numbered n is the (total - 1 - n)-th: part p holds the
        # numbers n with total - 1 - n ≡ p (mod count), ascending.
        return [list(range((total - 1 - part) % count, total, count)) for part in range(count)]

    def part_keys(self) -> list[str]:
        """A digest of each part's input: the Pagefind program, the language and every record given to
        it, in order (its URL, text, metadata and filters; not its number or mark, which are applied
        to Pagefind's bundle after)."""
        keys = []
        for numbers in self.parts():
            h = hashlib.sha256(f"pagefind-part 2\0{self.binary_digest}\0{self.language}\0".encode())
            for n in numbers:
                url, content, meta, filters, _ = self._records[n]
                data = json.dumps([url, content, meta, filters], ensure_ascii=False, sort_keys=True).encode()
                h.update(b"%d:" % len(data) + data)
            keys.append(h.hexdigest())
        return keys

    def write_in_background(self, output: Path, wait: bool = False) -> None:
        """`write` on a thread of its own; `join` waits for it (and raises what it raised). With
        `wait`, Pagefind starts at once but nothing is written into `output` before `may_write`
        (MkDocs empties the site's folder after the records are read and the index started)."""
        if wait:
            self._writable.clear()

        def work():
            try:
                self.write(output)
            except Exception as exc:  # handed to join(), which raises it where it can be reported
                self._error = exc

        self._thread = threading.Thread(target=work, name="pagefind-parts", daemon=True)
        self._thread.start()

    def may_write(self) -> None:
        """The output folder is ready: the index may be written into it."""
        self._writable.set()

    def join(self) -> None:
        self._writable.set()  # called after the pages: their folder was emptied long before
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            if isinstance(error, SearchIndexError):
                raise error
            raise SearchIndexError(f"写入搜索索引时出错：{error}")

    def close(self) -> None:
        """Stop: the running part's process is ended and the thread waited for, so a failed build
        leaves no files written behind it."""
        self._closed = True
        self._writable.set()  # a thread waiting to write sees it is closed and ends
        current = self._current
        if current is not None:
            current.close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> PartedIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


#: The one word a 发文字号, 索引号 or synonym group is indexed as (gongkai.sitesearch.search.identifier_key): not
#: shared between parts. There is one for nearly every record, all in the same stretch of the word
#: order, so every part would fetch them all with an identifier's chunk (a first query for a
#: 索引号 sent 443 KB at 10,000 records in 4 parts). It needs no sharing: no word of a page starts
#: with such a key, so a part without it falls back to the longest word the key starts with, and
#: every part is given "gk", a word of no page, for that (not a word such as "g" of some page).
_KEY = re.compile(r"gk[0-9a-f]{13}")

#: What the results page needs of the parts of an index, beside Pagefind's files: how many pages
#: each part's metadata lists (its records and the pages of no word) and how many records it holds.
PARTS_FILE = "gk-parts.json"


def _float32(value: float) -> float:
    return struct.unpack("<f", struct.pack("<f", value))[0]


def parts_of(records: int, part_size: int) -> int:
    """How many parts the index of `records` records has (gongkai.sitesearch.search.parts says the same to the page)."""
    return max(1, -(-records // part_size))


def part_file(rel: str) -> bool:
    """Whether a part beyond the first needs this file of its bundle (its index, not the code)."""
    index_files = ("index/", "filter/", "fragment/")
    return rel == "pagefind-entry.json" or rel.endswith(".pf_meta") or rel.startswith(index_files)


def part_folder(part: int) -> str:
    """The folder of part `part` (from 1) inside the bundle."""
    return f"part{part}/"
