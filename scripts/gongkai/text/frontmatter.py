"""Reading a record file: encoding, line endings, front matter, body."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from gongkai.text import yamlio
from gongkai.text.problems import Problems

_MARKER_WITH_TEXT = re.compile(r"(?:---|\.\.\.)[ \t]+\S")
_EXAMPLE = "文件第一行写 ---，接着写字段（如 title: 标题），再写一行 --- 结束，然后是正文。"


@dataclass
class Source:
    """A record file split into its front matter and its Markdown body."""

    path: Path
    front: yamlio.LineMap
    body: str
    #: Line of the file where the body starts (1-based), for messages about the body.
    body_line: int
    #: The file's lines (line n is lines[n - 1]), to look at what the clerk wrote.
    lines: tuple[str, ...] = ()


#: Largest file read at all, and largest front matter parsed: a record is a few KB; anything past
#: these is a mistake (a document pasted whole, a video renamed .md) and is refused with a message.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FRONT_BYTES = 1024 * 1024

_UNREADABLE = {
    errno.ELOOP: (
        "这是一个符号链接，但它直接或间接指向了自己（链接循环），读不到文件。",
        "删掉这个链接，把记录文件本身放在这里。",
    ),
    errno.ENOENT: (
        "这是一个符号链接，但它指向的文件不存在。",
        "删掉这个链接，或把它指向的文件放回原处；最好把记录文件本身放在这里。",
    ),
    errno.EACCES: ("没有读取这个文件的权限。", "请网站管理员检查文件权限（如 chmod a+r 文件名）。"),
    errno.EPERM: ("没有读取这个文件的权限。", "请网站管理员检查文件权限（如 chmod a+r 文件名）。"),
}


def read_text(path: Path, problems: Problems, inside: Path | None = None) -> str | None:
    """The file as text with LF line endings; UTF-8 with or without BOM.

    GBK files from Windows editors are recognised and reported with how to convert; so are UTF-16
    files, binary files, NUL bytes, files too large to be a record, unreadable files and links.
    With `inside` (the records folder), a file that is a link to somewhere outside it is refused.
    """
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            problems.error(path, None, None, "这是一个文件夹，不是文件。", "把这个文件夹改名或移走。")
            return None
        if not stat.S_ISREG(info.st_mode):
            problems.error(path, None, None, "这不是普通文件（可能是管道或设备文件），读不了。", "删掉它或移走。")
            return None
        # Found by walking records/ (links to folders are not followed): only a linked file can lead out.
        if inside is not None and os.path.islink(path) and not _within(path, inside):
            problems.error(
                path,
                None,
                None,
                f"这是一个指向 records 目录之外的链接（{os.path.realpath(path)}），不能作为记录。",
                "把记录文件本身复制进 records 目录，不要用链接。",
            )
            return None
        with open(path, "rb") as f:
            head = f.read(8192)
            raw = head + f.read() if info.st_size <= MAX_FILE_BYTES else None
    except OSError as exc:
        if exc.errno == errno.ENOENT and not os.path.islink(path):
            message, hint = "文件不存在（可能刚被移走或改名）。", "重新运行检查。"
        else:
            message, hint = _UNREADABLE.get(exc.errno, (f"无法读取文件（{exc.strerror}）。", "检查这个文件能否打开。"))
        problems.error(path, None, None, message, hint)
        return None
    kind = _binary_kind(head)
    if raw is None and not kind:
        problems.error(
            path,
            1,
            None,
            f"文件太大（{info.st_size / 1024 / 1024:.1f} MB），记录文件不能超过 {MAX_FILE_BYTES // 1024 // 1024} MB。",
            "正文过长的文件请作为附件（PDF 等）放进 files/ 文件夹，在记录的 attachments 中列出。",
        )
        return None
    if raw is not None and not raw.strip():
        problems.error(path, 1, None, "文件是空的。", _EXAMPLE)
        return None
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        problems.error(path, 1, None, "文件是 UTF-32 编码，不是 UTF-8。", _SAVE_AS_UTF8)
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(head):
        problems.error(path, 1, None, "文件是 UTF-16 编码（Windows 记事本的“Unicode”），不是 UTF-8。", _SAVE_AS_UTF8)
        return None
    if kind:
        problems.error(
            path,
            1,
            None,
            f"这不是文本文件（看起来是{kind}），不能作为记录。",
            "记录是 .md 文本文件；文件本身请放进 files/ 文件夹，在记录的 attachments 中列出。",
        )
        return None
    nul = raw.find(b"\0")
    if nul >= 0:
        problems.error(
            path,
            _line_at(raw, nul),
            None,
            "这一行有空字符（NUL，编码为 0 的字节），文件可能已损坏。",
            "删掉这个看不见的字符（可用 VS Code 打开，它显示为红色的 NUL）；或者重新输入这一行。",
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = _line_at(raw, exc.start)
        source = "GBK"
        try:
            raw.decode("gbk")
            guess = "看起来是 GBK/GB2312 编码（Windows 记事本的“ANSI”）"
        except UnicodeDecodeError:
            try:
                raw.decode("gb18030")
                guess, source = "看起来是 GB18030 编码", "GB18030"
            except UnicodeDecodeError:
                guess = "无法识别的编码"
        problems.error(
            path,
            line,
            None,
            f"文件不是 UTF-8 编码，{guess}。",
            "用编辑器把文件另存为 UTF-8：记事本选“另存为”→编码“UTF-8”；VS Code 点右下角编码→"
            f"“通过编码重新打开”选 {source}，再“通过编码保存”选 UTF-8；"
            f"或在命令行运行 iconv -f {source} -t UTF-8 {path.name} -o 新文件名。",
        )
        return None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_SAVE_AS_UTF8 = "用记事本“另存为”，编码选“UTF-8”；或在 VS Code 中“通过编码保存”选 UTF-8。"


def _line_at(raw: bytes, pos: int) -> int:
    """Line (1-based) of byte `pos`, counting CRLF, CR and LF each as one line end, as `read_text` does."""
    before = raw[:pos]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def _within(path: Path, folder: Path) -> bool:
    """Whether `path`, its links followed, is inside `folder`."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


_MAGIC = (
    (b"%PDF", " PDF 文件"),
    (b"PK\x03\x04", " zip 压缩包或 Word/Excel（.docx/.xlsx）文件"),
    (b"\xd0\xcf\x11\xe0", "旧版 Word/Excel（.doc/.xls）文件"),
    (b"\x89PNG", " PNG 图片"),
    (b"\xff\xd8\xff", " JPEG 图片"),
    (b"GIF8", " GIF 图片"),
    (b"\x1f\x8b", " gzip 压缩包"),
    (b"Rar!", " rar 压缩包"),
    (b"7z\xbc\xaf", " 7z 压缩包"),
    (b"MZ", "程序文件"),
    (b"\x7fELF", "程序文件"),
)
#: Bytes that text never has (controls other than tab, line feed, form feed, carriage return, ESC).
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\x0c\r\x1b") + b"\x7f"


def _binary_kind(head: bytes) -> str:
    """What a file that is not text looks like, from its first bytes; "" for text (even with a stray NUL)."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\0" not in head:
        return ""
    controls = len(head) - len(head.translate(None, _CONTROL))
    return "二进制文件" if controls * 20 > len(head) else ""


def _utf16_without_bom(head: bytes) -> bool:
    """UTF-16 without a BOM: front matter is mostly ASCII, so every other byte is NUL."""
    even, odd = head[0::2], head[1::2]
    if len(odd) < 8:
        return False
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    return max(nul_even, nul_odd) > 0.3 and min(nul_even, nul_odd) < 0.05


#: What `read_yaml` returns for a file it could not read: its problems are already reported.
UNREADABLE = object()


def read_yaml(path: Path, problems: Problems):
    """A site YAML file (taxonomy, ledger, holidays) as LineMap/LineList data, None when it holds only
    comments, or `UNREADABLE` after reporting why (encoding, YAML syntax, refused constructs) at its line."""
    text = read_text(path, problems)
    if text is None:
        return UNREADABLE
    try:
        return yamlio.load(text)
    except yaml.YAMLError as exc:
        line, message, hint = yamlio.explain(exc, text)
        problems.error(path, line, None, message, hint)
        return UNREADABLE


def split(path: Path, text: str, problems: Problems, label: Callable[[str], str | None] | None = None) -> Source | None:
    """Split text into front matter and body, reporting YAML errors at their line (and field, as
    `label` names a key: None for a key it does not know)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        first = next((i for i, line in enumerate(lines) if line.strip()), 0)
        if first and lines[first].strip() == "---":
            message, hint = f"第一行不是 ---：--- 前面有 {first} 个空行。", "删掉 --- 前面的空行，让 --- 成为第一行。"
        elif lines[0].strip() and set(lines[0].strip()) <= set("-—－–─━"):
            message = f"缺少头部信息（front matter）：第一行写的是“{lines[0].strip()}”，应为三个英文减号 ---。"
            hint = "在英文输入法下输入三个减号 ---，不要用中文破折号或全角符号。"
        else:
            message, hint = "缺少头部信息（front matter）：第一行不是 ---。", _EXAMPLE
        problems.error(path, 1, None, message, hint)
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    # `--- 正文…`: meant as the closing line, read by YAML as the start of a second document.
    marker = next((i for i in range(1, end or len(lines)) if _MARKER_WITH_TEXT.match(lines[i])), None)
    if marker is not None:
        problems.error(
            path,
            marker + 1,
            None,
            "这一行以 --- 开头，后面还有文字：头部信息只能以单独一行 --- 结束。",
            "把 --- 后面的文字移到下一行（正文里），让 --- 单独成一行。",
        )
        return None
    if end is None:
        problems.error(
            path, 1, None, "头部信息没有结束：找不到第二个 --- 行。", "在最后一个字段之后、正文之前加一行 ---。"
        )
        return None
    # A leading newline stands for the opening ---, so YAML's lines are file lines.
    yaml_text = "\n" + "\n".join(lines[1:end])
    size = len(yaml_text.encode("utf-8", "surrogatepass"))
    if size > MAX_FRONT_BYTES:
        problems.error(
            path,
            1,
            None,
            f"头部信息太长（{_size(size)}，在第 1 行和第 {end + 1} 行的 --- 之间），上限是 {_size(MAX_FRONT_BYTES)}。",
            "头部信息只写标题、索引号、日期等字段；长的内容写在第二个 --- 之后的正文里，或作为附件放进 files/。",
        )
        return None
    try:
        front = yamlio.load(yaml_text)
    except yaml.YAMLError as exc:
        line, message, hint = yamlio.explain(exc, yaml_text)
        key = yamlio.field_of(exc, yaml_text, line) if label is not None else None
        problems.error(path, line, label(key) if key is not None else None, message, hint)
        return None
    if front is None:
        problems.error(path, 2, None, "头部信息是空的。", _EXAMPLE)
        return None
    if not isinstance(front, yamlio.LineMap):
        problems.error(path, 2, None, "头部信息应为“字段: 值”的形式，每行一个字段。", _EXAMPLE)
        return None
    body = "\n".join(lines[end + 1 :])
    return Source(path=path, front=front, body=body, body_line=end + 2, lines=tuple(lines[: end + 1]))


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 10 * 1024 * 1024 else f"{n / 1024:.0f} KB"
