"""The text of attachments (PDF text layer, Word and Excel files), for the personal-data guard.

Word and Excel files are zip archives of XML: read with the standard library. PDFs need a
real parser (pypdf). Each piece of text comes with where it is, in a clerk's words
("第 3 页", "第 2 个工作表").
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from . import filetypes


class Unreadable(Exception):
    """The file cannot be opened to check it (encrypted, damaged)."""


_XML_TAG = re.compile(r"<[^>]+>")
_XML_BREAK = re.compile(r"</w:p>|<w:br[^>]*/>|<w:tab[^>]*/>|</si>|</c>|</row>")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'"}


def texts(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for each page or sheet of a document; nothing for types without text."""
    ext = filetypes.extension(path)
    if ext == "pdf":
        yield from _pdf(path)
    elif ext == "docx":
        yield from _zipped(path, r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", "Word 正文")
    elif ext == "xlsx":
        yield from _zipped(path, r"xl/(sharedStrings|worksheets/sheet\d+)\.xml", "Excel")


def _pdf(path: Path) -> Iterator[tuple[str, str]]:
    import pypdf  # imported here: only sites with PDF attachments pay for it

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("PDF 设了打开密码")
        for n, page in enumerate(reader.pages, 1):
            yield f"第 {n} 页", page.extract_text() or ""
    except Unreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise Unreadable(f"PDF 无法解析（{type(exc).__name__}）") from None


def _zipped(path: Path, members: str, label: str) -> Iterator[tuple[str, str]]:
    pattern = re.compile(members)
    try:
        with zipfile.ZipFile(path) as z:
            names = sorted(n for n in z.namelist() if pattern.fullmatch(n))
            for name in names:
                xml = z.read(name).decode("utf-8", errors="replace")
                text = _XML_TAG.sub("", _XML_BREAK.sub("\n", xml))
                for entity, char in _ENTITIES.items():
                    text = text.replace(entity, char)
                sheet = re.search(r"sheet(\d+)", name)
                where = f"第 {sheet.group(1)} 个工作表" if sheet else ("共享文字" if "shared" in name else label)
                yield where, text
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise Unreadable(f"文件已损坏（{type(exc).__name__}）") from None
