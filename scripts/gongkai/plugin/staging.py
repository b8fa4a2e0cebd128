"""Build into a folder beside site/, and put it in place only when the whole build succeeded.

MkDocs empties site/ before it writes; a build that fails half-way (or whose leak scan fails)
would leave a half site, or a leaking one, where the web server reads it.

Two set-ups:
- `site/` a folder: the build goes to `site.building/`, then two renames (site -> site.old,
  site.building -> site): never half of each.
- `site` a symbolic link (the recommended set-up for a web server on the same machine: its root
  is the link): each build goes to a new folder `site.releases/<n>/`, then the link is switched to
  it in one step (a new link renamed over the old one), so a visitor gets the old site or the new
  one, never a mix or nothing. The release before stays, for going back by hand; older releases
  are removed. A folder the link pointed to outside `site.releases/` is never touched.

One build of a site at a time: a second one, started while the first runs, would empty the first's
folder and rename it away under it (a traceback, no site, or half a site published as a success).
The first holds a lock on `.site.lock` beside the site until it has published or given up; the
second stops at once, having touched nothing. The system drops the lock of a build that died.
(Where there are no such locks, on Windows or on a network file system without them, builds of one
site are not kept apart.)
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: builds of one site are not kept apart
    fcntl = None

RELEASES = ".releases"


class StagingError(Exception):
    """A file in the way of the build; the message says which and what to do (in Chinese)."""


class Staging:
    def __init__(self):
        self.final: Path | None = None
        self.temp: Path | None = None
        #: What the link pointed to before (`site` a link), as the link says it.
        self.previous: str | None = None
        self._lock: int | None = None  # the lock file's descriptor while this build holds it

    @property
    def active(self) -> bool:
        return self.temp is not None

    def begin(self, config, project: Path | None = None, records: Path | None = None) -> None:
        """Point MkDocs (and every plugin after it) at a fresh folder next to `site_dir`, which must not
        be, hold or lie in the `project` (mkdocs.yml's folder: it may hold the site), `records` or docs/."""
        self.final = Path(config.site_dir)
        docs = getattr(config, "docs_dir", None)
        keep = {"项目目录": project, "记录目录": records, "手写页面目录": Path(docs) if docs else None}
        _clear_of(self.final, {name: folder for name, folder in keep.items() if folder is not None})
        self._hold_lock()
        try:
            self._choose()
        except StagingError:
            self._release_lock()
            raise
        shutil.rmtree(self.temp, ignore_errors=True)
        config.site_dir = str(self.temp)

    def _choose(self) -> None:
        """The folder this build goes to (`temp`), when nothing is in the way."""
        if self.final.is_symlink():
            self.previous = os.readlink(self.final)
            releases = self._releases()
            # A link would make the releases, and the removal of older ones, happen elsewhere.
            if releases.is_symlink() or (releases.exists() and not releases.is_dir()):
                raise StagingError(_in_the_way(releases))
            numbers = [int(p.name) for p in releases.iterdir() if p.name.isdigit()] if releases.is_dir() else []
            self.temp = releases / f"{max(numbers, default=0) + 1:04d}"
        else:
            if self.final.exists() and not self.final.is_dir():
                raise StagingError(_in_the_way(self.final))
            self.temp = self.final.with_name(self.final.name + ".building")
            for stray in (self.temp, self._old()):
                if stray.is_symlink() or (stray.exists() and not stray.is_dir()):
                    raise StagingError(_in_the_way(stray))

    def publish(self) -> str | None:
        """Put the finished build in place (see the module's text); returns a note for the log, if any."""
        note = None
        if self.previous is not None:
            note = self._switch_link()
        else:
            old = self._old()
            shutil.rmtree(old, ignore_errors=True)
            if self.final.exists():
                self.final.rename(old)
            self.temp.rename(self.final)
            shutil.rmtree(old, ignore_errors=True)
        self.temp = None
        self._release_lock()
        return note

    def discard(self) -> None:
        if self.temp is not None:
            shutil.rmtree(self.temp, ignore_errors=True)
        self.temp = None
        self._release_lock()

    def _hold_lock(self) -> None:
        if fcntl is None or self._lock is not None:
            return
        path = self.final.with_name(f".{self.final.name}.lock")
        try:  # not through a link: one planted there would have this build lock, or create, another file
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError:
            return  # a folder this build cannot write in (creating site.building there fails next, said)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                return  # a file system without locks (some network mounts): builds are not kept apart
            raise StagingError(
                f"另一次生成正在生成 {self.final}（它持有 {path}），这次没有生成，以免两次生成互相删改对方的文件。"
                "改法：等那一次结束后再运行。"
            ) from None
        self._lock = fd

    def _release_lock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing drops the lock
            self._lock = None

    def _old(self) -> Path:
        return self.final.with_name(self.final.name + ".old")

    def _releases(self) -> Path:
        return self.final.with_name(self.final.name + RELEASES)

    def _switch_link(self) -> str | None:
        releases = self._releases()
        target = os.path.relpath(self.temp, self.final.parent)  # relative: the project folder may move
        fresh = self.final.with_name(self.final.name + ".link")
        if fresh.is_symlink() or fresh.exists():
            fresh.unlink()
        fresh.symlink_to(target)
        os.replace(fresh, self.final)  # one rename: the link now names the new release
        keep = {self.temp.name}
        before = (self.final.parent / self.previous).resolve()
        ours = before.parent == releases.resolve()
        if ours:
            keep.add(before.name)
        for path in releases.iterdir():
            if path.name.isdigit() and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
        if ours:
            return None
        return (
            f"{self.final.name} 原来指向 {self.previous}（未改动），现在指向 {target}：以后每次生成都放进"
            f" {releases.name}/ 并切换这个链接。网站服务器的根目录请设为链接 {self.final} 本身。"
        )


def _in_the_way(path: Path) -> str:
    kind = "符号链接" if path.is_symlink() else "文件"
    return (
        f"{path} 是一个{kind}，挡住了网站的生成（gongkai 在这个位置放构建中的或上一次的网站）。"
        f"改法：确认其中没有要保留的内容后删除或改名（rm {path.name}），再重新生成。"
    )


def _clear_of(site: Path, keep: dict[str, Path]) -> None:
    """The site's folder is replaced by every build: it must not be, hold or lie in one of `keep`."""
    where = site.resolve()
    for name, folder in keep.items():
        folder = folder.resolve()
        if where == folder or where in folder.parents or (name != "项目目录" and folder in where.parents):
            raise StagingError(
                f"site_dir（{site}）与{name}（{folder}）重叠：每次生成都会整个替换 site_dir，{name}中的文件会被删除。"
                "改法：在 mkdocs.yml 中删去 site_dir（默认 site），或写一个单独的目录，如 site_dir: site。"
            )
