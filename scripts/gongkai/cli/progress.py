"""A status line for the long steps of a build on a terminal: `gongkai：读取记录 8,000/10,000`.

The line is rewritten in place (carriage return, then the text, then clear to the end of the line)
and removed when the step is over or before anything else is printed, so that log lines start at
the left margin. Nothing is written where the stream is not a terminal (a pipe, a CI log, a file).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from gongkai.text import terminal

PREFIX = "gongkai："


class Progress:
    """One status line on `stream`, updated at most once per `interval` seconds of `clock`.

    Being called for each of 10,000 records costs a clock reading each; only a new step is shown
    at once.
    """

    def __init__(
        self,
        stream,
        enabled: bool = True,
        *,
        ansi: bool = True,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stream = stream
        self.enabled = enabled
        self.ansi = ansi  # without ANSI (an old Windows console), spaces overwrite the longer text before
        self.interval = interval
        self.clock = clock
        self.step: str | None = None
        self.last = 0.0
        self.shown = 0  # columns the status line takes now; 0 when there is none
        # Log lines of a server thread (mkdocs serve) clear the line while the build updates it.
        self.lock = threading.Lock()

    @classmethod
    def to(cls, stream, *, quiet: bool = False) -> Progress:
        """A status line on `stream` if it is a terminal (and not `quiet`); else one that writes nothing."""
        on = not quiet and terminal.is_terminal(stream)
        return cls(stream, on, ansi=on and terminal.shows_ansi(stream))

    def update(self, step: str, done: int | None = None, total: int | None = None) -> None:
        """Show `step` with `done` of `total`: at once for a new step, else when `interval` has passed."""
        if not self.enabled:
            return
        now = self.clock()
        if step == self.step and now - self.last < self.interval:
            return
        self.step, self.last = step, now
        text = PREFIX + step
        if done is not None:
            text += f" {done:,}/{total:,}" if total is not None else f" {done:,}"
        self._write(text)

    def callback(self, step: str) -> Callable[[int, int], None]:
        """A `progress(done, total)` for the core's functions, shown as `step`."""
        return lambda done, total: self.update(step, done, total)

    def clear(self) -> None:
        """Remove the status line (before other output, and when the work is done)."""
        if self.shown:
            self._write("")
            self.step = None  # after a log line, the step's next update is shown at once

    def _write(self, text: str) -> None:
        with self.lock:
            columns = terminal.width(text)
            if self.ansi:
                out = f"\r{text}{terminal.CLEAR_TO_END}"
            else:
                out = f"\r{text}{' ' * max(0, self.shown - columns)}" + ("\r" if not text else "")
            try:
                self.stream.write(out)
                self.stream.flush()
            except (OSError, ValueError):  # the terminal went away: the build goes on without the line
                self.enabled = False
            self.shown = columns
