"""The status line of a build's slow steps on a terminal (gongkai.cli.progress), cleared before every log line."""

from __future__ import annotations

import logging
import sys

from gongkai.cli.progress import Progress


class StatusLine:
    """On a terminal only, not with `mkdocs build -q` (the `mkdocs` logger then lets errors alone through)."""

    def __init__(self):
        self.progress = Progress(sys.stderr, enabled=False)
        self.guard = _ClearFirst(self.progress)

    def show(self) -> None:
        quiet = not logging.getLogger("mkdocs").isEnabledFor(logging.INFO)
        self.hide()
        self.progress = Progress.to(sys.stderr, quiet=quiet)
        self.guard = _ClearFirst(self.progress)
        if self.progress.enabled:
            for handler in _handlers(logging.getLogger("mkdocs")):
                handler.addFilter(self.guard)

    def hide(self) -> None:
        self.progress.clear()
        for handler in _handlers(logging.getLogger("mkdocs")):
            handler.removeFilter(self.guard)

    def update(self, *args) -> None:
        self.progress.update(*args)

    def callback(self, what: str):
        return self.progress.callback(what)

    def counted(self, pieces, total: int, what: str):
        """`pieces` of text (leaks.texts_of) passed on, the files they come from counted on the line."""
        done, last = 0, None
        for piece in pieces:
            if piece[0] != last:
                done, last = done + 1, piece[0]
                self.progress.update(what, done, total)
            yield piece


class _ClearFirst(logging.Filter):
    """Clears the status line before a log line is written (a handler's filters run before it writes)."""

    def __init__(self, progress: Progress):
        super().__init__()
        self.progress = progress

    def filter(self, record) -> bool:
        self.progress.clear()
        return True


def _handlers(logger: logging.Logger) -> list[logging.Handler]:
    """The handlers a record of `logger` reaches (its own and, while it propagates, its parents')."""
    out = []
    while logger is not None:
        out += logger.handlers
        logger = logger.parent if logger.propagate else None
    return out
