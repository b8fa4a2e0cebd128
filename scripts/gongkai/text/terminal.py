"""What a stream shows: a terminal gets colour and a status line, a pipe or a file plain text."""

from __future__ import annotations

import os
import sys
import unicodedata

#: Clear from the cursor to the end of the line (ANSI EL).
CLEAR_TO_END = "\x1b[K"


def is_terminal(stream) -> bool:
    """Whether `stream` is an interactive terminal (not a pipe, a file or a closed stream)."""
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError, OSError):
        return False


def use_colour(stream, environ=None) -> bool:
    """Whether to colour what goes to `stream`: on a terminal that shows ANSI colour, unless `NO_COLOR`
    is set (no-color.org: any non-empty value); `FORCE_COLOR` colours a pipe too (CI logs that show
    colour), except `FORCE_COLOR=0`, which Node's tools read as "no colour"."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR", "")
    if force:
        return force.lower() not in ("0", "false")
    return is_terminal(stream) and shows_ansi(stream)


def shows_ansi(stream) -> bool:
    """Whether the terminal of `stream` interprets ANSI escapes (Windows' console only once asked to)."""
    if sys.platform != "win32":
        return True
    try:  # pragma: no cover - Windows only
        import ctypes  # imported here: Windows only, where the console must be asked for colour
        import msvcrt

        kernel32 = ctypes.windll.kernel32
        handle = msvcrt.get_osfhandle(stream.fileno())
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        enable_virtual_terminal_processing = 0x0004
        return bool(kernel32.SetConsoleMode(handle, mode.value | enable_virtual_terminal_processing))
    except (AttributeError, OSError, ValueError):
        return False


def width(text: str) -> int:
    """Columns `text` takes on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class Paint:
    """ANSI styles, or the text unchanged when colour is off."""

    def __init__(self, on: bool = False):
        self.on = on

    def _style(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on and text else text

    def bold(self, text: str) -> str:
        return self._style("1", text)

    def red(self, text: str) -> str:
        return self._style("1;31", text)

    def yellow(self, text: str) -> str:
        return self._style("1;33", text)

    def green(self, text: str) -> str:
        return self._style("32", text)
