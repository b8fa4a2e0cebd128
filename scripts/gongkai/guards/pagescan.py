"""The leak scan of pages on the second core, while the build renders on the first.

MkDocs renders pages one after another on one core. Each finished page is handed to a worker
process that scans it; after the build only the files written at the end (search index,
sitemap, theme templates) are left, and the two processes share them. Where a worker cannot be
started, the pages are scanned after the build instead, with the same result.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import queue
from pathlib import Path

from gongkai.guards import leaks
from gongkai.text import pii

log = logging.getLogger("mkdocs.plugins.gongkai")

#: Items (pages) handed to the worker and not yet read by it, at most. An unbounded queue would
#: keep every page the worker has not read yet in the build process, and pages served from the
#: build cache come faster than they are scanned. With the bound the build waits for the scan
#: instead (it waits for it at the end anyway); 2,000 pages (some 50 MB) leave room for the
#: records' texts, scanned first.
BACKLOG = 2000


class PageScan:
    def __init__(self, secrets, find_personal, memo=None):
        """`memo` (optional): what the last build passed under the same secrets and rules, with
        `known(*parts)` (gongkai.plugin.scanmemo); a text it knows is not sent again."""
        self.secrets, self.find_personal, self.memo = secrets, find_personal, memo
        #: Pages sent to the worker, or passed by the memo: not read again after the build.
        self.sent: set[str] = set()
        #: The as-of days on which the worker's findings would be the same (known once it finished).
        self.days: pii.Days | None = None
        self.process = None
        # A fresh interpreter, not a fork: a forked worker kept a copy of every page of the build
        # process's memory as that process went on changing it (at 50,000 records it peaked at
        # 2.0 GB, 1.3 GB of it its own while Pagefind indexed; a started one peaked at 0.95 GB).
        # Like any started process it imports the main script again: a script that builds through
        # MkDocs' API needs the usual `if __name__ == "__main__":` guard (the CLIs have it). It
        # imports this module too, to find `_work`: this module is among the guards, not in the
        # plugin's package, whose import is MkDocs and every floor of the core (it made the worker's
        # start cost about twice the CPU: 0.5-0.6 s against 0.3 s, paid by every build).
        for method in ("forkserver", "spawn", "fork"):
            if method not in multiprocessing.get_all_start_methods():
                continue
            ctx = multiprocessing.get_context(method)
            self.inbox, self.outbox = ctx.Queue(maxsize=BACKLOG), ctx.Queue()
            # What a worker that died or failed never read must not hold this process at its exit,
            # flushing into a pipe no one reads. (A worker that answers `finish` has read all.)
            self.inbox.cancel_join_thread()
            process = ctx.Process(target=_work, args=(self.inbox, self.outbox, secrets, find_personal), daemon=True)
            try:
                process.start()
            except (OSError, pickle.PicklingError, AttributeError, TypeError):
                continue  # the next way, or none: the pages are then scanned after the build
            self.process = process
            break

    def submit(self, rel: str, html: str) -> None:
        """A page as it will be written to `rel` (relative to the site folder)."""
        if self._known("page", rel, html) or self._put(("page", rel, html)):
            self.sent.add(rel)

    def submit_texts(self, pieces: list[tuple[str, str | None, str]]) -> bool:
        """Pieces of text (as `leaks.site_texts` gives them) to scan; False when there is no worker."""
        if self.process is None:
            return False
        return self._put(("pieces", [p for p in pieces if not self._known("piece", *p)]))

    def _known(self, *parts: str | None) -> bool:
        """Whether the memo passed this text (only with a worker: without one, the whole site is read
        after the build)."""
        return self.memo is not None and self.process is not None and self.memo.known(*parts)

    def share(self, site: Path, files: list[str]) -> list[str]:
        """Give the worker every other file of `site` to read and scan; return the rest (to do here)."""
        if not self._put(("files", str(site), files[::2])):
            return files
        return files[1::2]

    def finish(self) -> tuple[list[leaks.Leak], frozenset[str]]:
        """What the worker found, and which files it read (the rest is for the caller)."""
        if not self._put(None):
            return [], frozenset()
        found = None
        while found is None:
            try:
                found = self.outbox.get(timeout=1)
            except queue.Empty:
                if not self.process.is_alive():
                    break
        self.process.join()
        if not isinstance(found, tuple):  # the worker failed: the caller scans every file itself
            _stopped(found if isinstance(found, str) else f"退出码 {self.process.exitcode}")
            return [], frozenset()
        found, since, until = found
        self.days = pii.Days(since, until)
        return found, frozenset(self.sent)

    def _put(self, item) -> bool:
        """Hand `item` to the worker, waiting while it is `BACKLOG` items behind; False when there
        is no worker, or it stopped (then `finish` leaves every file to the caller)."""
        while self.process is not None:
            try:
                self.inbox.put(item, timeout=1)
                return True
            except queue.Full:
                if not self.process.is_alive():
                    _stopped(f"退出码 {self.process.exitcode}")
                    self.process = None
        return False

    def cancel(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()


def _stopped(why: str) -> None:
    log.info("发布前检查的辅助进程停止了（%s），改由构建进程检查全部页面。", why)


def _work(inbox, outbox, secrets, find_personal) -> None:
    found = []
    secrets = leaks.SecretSet(secrets)  # compiled once for every page
    try:
        with pii.days_watched() as days:  # the birth dates judged: the days what passed would pass
            while (item := inbox.get()) is not None:
                if item[0] == "page":
                    pieces = leaks.file_texts(item[1], item[2].encode("utf-8"))
                elif item[0] == "pieces":
                    pieces = item[1]
                else:
                    pieces = leaks.texts_of(Path(item[1]), item[2])
                found += leaks.scan_texts(pieces, secrets, find_personal)
    except Exception as exc:  # reported as a failure: the main process then scans everything
        outbox.put(repr(exc))
        return
    outbox.put((found, days.since, days.until))
