"""Where the clerk's commands may write: inside the records folder, and never through a link.

`gongkai mask`, `new` and `import` change or create files a clerk named or a 索引号 made. A
symbolic link on the way (a record file, a year folder, a files/ folder) would make them write
wherever it points: another site's files, the web root, a system file. They refuse instead.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class NotInside(Exception):
    """The path leaves the records folder or passes through a link; the message says which, in Chinese."""


def problem(root: Path, path: Path, hard_links: bool = False) -> str | None:
    """Why `path` may not be written by a command working on the records under `root`, or None.
    `hard_links`: a file with other names is no concern (read, or replaced by a rename)."""
    root = Path(os.path.normpath(root.absolute()))
    target = Path(os.path.normpath(path.absolute()))
    try:
        rel = target.relative_to(root)
    except ValueError:
        return f"{path.as_posix()} 不在记录目录 {root.name}/ 中"
    current = root
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            where = current.relative_to(root.parent).as_posix()
            return f"{where} 是符号链接（指向 {os.readlink(current)}）"
    try:
        links = target.stat().st_nlink if target.is_file() else 1
    except OSError:
        links = 1
    if links > 1 and not hard_links:  # a hard link: the same file is also elsewhere, and would change there too
        return f"{target.relative_to(root.parent).as_posix()} 还以别的名字存在（硬链接 {links} 个）"
    return None


def require(root: Path, path: Path, hard_links: bool = False) -> None:
    """Raise NotInside when `path` may not be written (see `problem`). With `hard_links` (the file is
    read, or replaced by a rename rather than written in place) a hard link is no concern: its other
    names keep what they held."""
    why = problem(root, path, hard_links)
    if why:
        raise NotInside(
            f"{why}：gongkai 只读写记录目录中的文件，不经过符号链接。改法：把文件放进记录目录（不用链接）后再运行。"
        )


#: Opening the last part of a path never follows a link (where the system can say so): a link put in
#: place after `require` looked is refused by the open itself.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def write_bytes(root: Path, path: Path, data: bytes) -> None:
    """`data` into `path` (created or emptied first), which `require` allows; never through a link."""
    require(root, path)
    try:
        # 0o666: the umask decides, as for any file (a group's shared repository keeps g+w).
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link came in between
            require(root, path)
        raise
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def read_bytes(root: Path, path: Path) -> bytes:
    """The bytes of `path`, a file of the records folder reached through no link: a file the editor
    shows or offers is one of the records folder, not one a link brings in from elsewhere (a
    committed link to ~/.ssh, say). A file with other names too (a hard link) is read: reading
    it changes nothing elsewhere."""
    require(root, path, hard_links=True)
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    with os.fdopen(fd, "rb") as f:
        return f.read()
