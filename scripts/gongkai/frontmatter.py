"""Reading a record file: encoding, line endings, front matter, body."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from . import yamlio
from .problems import Problems

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


def read_text(path: Path, problems: Problems) -> str | None:
    """The file as text with LF line endings; UTF-8 with or without BOM.

    GBK files from Windows editors are recognised and reported with how to convert.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(path, None, None, f"无法读取文件：{exc.strerror}")
        return None
    if not raw.strip():
        problems.error(path, 1, None, "文件是空的。", _EXAMPLE)
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error(
            path,
            1,
            None,
            "文件是 UTF-16 编码（Windows 记事本的“Unicode”），不是 UTF-8。",
            "用记事本“另存为”，编码选“UTF-8”；或在 VS Code 中“通过编码保存”选 UTF-8。",
        )
        return None
    kind = _binary_kind(raw)
    if kind:
        problems.error(
            path,
            1,
            None,
            f"这不是文本文件（看起来是{kind}），不能作为记录。",
            "记录是 .md 文本文件；文件本身请放进 files/ 文件夹，在记录的 attachments 中列出。",
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB2312 编码（Windows 记事本的“ANSI”）"
        except UnicodeDecodeError:
            guess = "无法识别的编码"
        problems.error(
            path,
            line,
            None,
            f"文件不是 UTF-8 编码，{guess}。",
            "用编辑器把文件另存为 UTF-8：记事本选“另存为”→编码“UTF-8”；VS Code 点右下角编码→"
            "“通过编码重新打开”选 GBK，再“通过编码保存”选 UTF-8；"
            f"或在命令行运行 iconv -f GBK -t UTF-8 {path.name} -o 新文件名。",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


_MAGIC = (
    (b"%PDF", " PDF 文件"),
    (b"PK\x03\x04", " zip 压缩包或 Word/Excel（.docx/.xlsx）文件"),
    (b"\xd0\xcf\x11\xe0", "旧版 Word/Excel（.doc/.xls）文件"),
    (b"\x89PNG", " PNG 图片"),
    (b"\xff\xd8\xff", " JPEG 图片"),
    (b"MZ", "程序文件"),
)


def _binary_kind(raw: bytes) -> str:
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    return "二进制文件" if b"\0" in raw[:8192] else ""


def split(path: Path, text: str, problems: Problems) -> Source | None:
    """Split text into front matter and body, reporting YAML errors at their line."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        problems.error(path, 1, None, "缺少头部信息（front matter）：第一行不是 ---。", _EXAMPLE)
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.error(
            path, 1, None, "头部信息没有结束：找不到第二个 --- 行。", "在最后一个字段之后、正文之前加一行 ---。"
        )
        return None
    # A leading newline stands for the opening ---, so YAML's lines are file lines.
    yaml_text = "\n" + "\n".join(lines[1:end])
    try:
        front = yamlio.load(yaml_text)
    except yaml.YAMLError as exc:
        line, message, hint = yamlio.explain(exc, yaml_text)
        problems.error(path, line, None, message, hint)
        return None
    if front is None:
        problems.error(path, 2, None, "头部信息是空的。", _EXAMPLE)
        return None
    if not isinstance(front, yamlio.LineMap):
        problems.error(path, 2, None, "头部信息应为“字段: 值”的形式，每行一个字段。", _EXAMPLE)
        return None
    body = "\n".join(lines[end + 1 :])
    return Source(path=path, front=front, body=body, body_line=end + 2, lines=tuple(lines[: end + 1]))
