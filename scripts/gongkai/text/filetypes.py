"""What a published file really is: its type from its first bytes, checked against its extension."""

from __future__ import annotations

from pathlib import Path

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word/Excel/WPS compound files
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # zip, and the Office/OFD formats built on it

#: Signatures by extension. Types not listed (added by a site) are not sniffed.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "ofd": _ZIP,
    "doc": (_OLE,),
    "xls": (_OLE,),
    "wps": (_OLE, *_ZIP),
    "et": (_OLE, *_ZIP),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "zip": _ZIP,
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}

_NAMES = (
    (b"%PDF-", "PDF"),
    (_OLE, "旧版 Office/WPS 文档"),
    (b"PK\x03\x04", "zip 压缩包（或 docx/xlsx/ofd）"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"\x89PNG", "PNG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"MZ", "Windows 程序"),
    (b"\x7fELF", "程序"),
    (b"<svg", "SVG 图片"),
    (b"<?xml", "XML 文件"),
    (b"<!DOCTYPE html", "网页"),
    (b"<html", "网页"),
)


def extension(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def looks_like(head: bytes) -> str:
    """A Chinese name for what the first bytes say the file is ("" when unknown)."""
    for magic, name in _NAMES:
        if head.lstrip()[: len(magic)].lower() == magic.lower():
            return name
    return ""


def matches(path: Path) -> tuple[bool, str]:
    """(whether the content agrees with the extension, what the content looks like)."""
    signatures = SIGNATURES.get(extension(path))
    with path.open("rb") as f:
        head = f.read(16)
    if signatures is None:
        return True, looks_like(head)
    return any(head.startswith(s) for s in signatures), looks_like(head)
