"""Build into a folder beside site/, and put it in place only when the whole build succeeded.

MkDocs empties site/ before it writes; a build that fails half-way (or whose leak scan fails)
would leave a half site, or a leaking one, where the webmaster copies it from.
"""

from __future__ import annotations

import shutil
from pathlib import Path


class Staging:
    def __init__(self):
        self.final: Path | None = None
        self.temp: Path | None = None

    @property
    def active(self) -> bool:
        return self.temp is not None

    def begin(self, config) -> None:
        """Point MkDocs (and every plugin after it) at a fresh folder next to `site_dir`."""
        self.final = Path(config.site_dir)
        self.temp = self.final.with_name(self.final.name + ".building")
        shutil.rmtree(self.temp, ignore_errors=True)
        config.site_dir = str(self.temp)

    def publish(self) -> None:
        """Replace `site_dir` with the finished build (two renames: never half of each)."""
        old = self.final.with_name(self.final.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.final.exists():
            self.final.rename(old)
        self.temp.rename(self.final)
        shutil.rmtree(old, ignore_errors=True)
        self.temp = None

    def discard(self) -> None:
        if self.temp is not None:
            shutil.rmtree(self.temp, ignore_errors=True)
        self.temp = None
