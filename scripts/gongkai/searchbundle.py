"""Pagefind's bundle made reproducible: the same records give the same files, byte for byte.

Pagefind 1.5 writes its filter files, and the list of them in its metadata file, in the order of
a Rust hash map, which changes from run to run (upstream: Pagefind issue #638; the fragments were
made stable in 1.3, "filter/metadata indexes" were not). Every site build would then publish new
file names for the same content. Here the bundle is put in one order: each filter's values
sorted, the metadata's filter list sorted by name, the changed files renamed after their content
and the names updated where they are referred to (metadata, pagefind-entry.json).

The fragments (one file per page) are renamed too, to `<language>_<tag>_<n>`: n is the page's
number on the site, which is the order the records were given in, newest first (checked here: the
page Pagefind put in place i must be the i-th URL added), `-s` after it for a record no longer in
force (失效 or 废止: the results page ranks it below one in force at equal relevance without
fetching anything more), and the tag is a digest of every fragment, so a changed bundle never reuses a name a
browser may have cached. Pagefind names them after their content: seven hex digits a page that do
not compress, half of the metadata every first query fetches (93 KB at 10,000 records, 44 KB
renamed). The results page sorts by 发布日期 from n (records are added newest first), so
Pagefind's own sort list, a fifth of the rest, is not needed either.

Pagefind's files are its signature, then gzip of CBOR. Only what the bundle uses is decoded
(integers, strings, arrays, maps, simple values); re-encoding a file it did not change gives
its bytes back, which the tests check on real bundles.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct

SIGNATURE = b"pagefind_dcd"
UNKNOWN_FORMAT = "Pagefind 的索引格式与 gongkai 所知的 1.5、1.6 版不同"


# -- CBOR (RFC 8949), the subset Pagefind writes ---------------------------------------------------


def loads(data: bytes):
    value, end = _item(data, 0)
    if end != len(data):
        raise ValueError("trailing bytes")
    return value


def _item(data: bytes, at: int):
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if major == 7:
        if info == 20:
            return False, at
        if info == 21:
            return True, at
        if info == 22:
            return None, at
        if info == 25:
            return _Float(data[at - 1 : at + 2]), at + 2
        if info == 26:
            return _Float(data[at - 1 : at + 4]), at + 4
        if info == 27:
            return _Float(data[at - 1 : at + 8]), at + 8
        raise ValueError(f"simple value {info}")
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError("indefinite lengths are not used by Pagefind")
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major == 2:
        return bytes(data[at : at + n]), at + n
    if major == 3:
        return data[at : at + n].decode("utf-8"), at + n
    if major == 4:
        out = []
        for _ in range(n):
            value, at = _item(data, at)
            out.append(value)
        return out, at
    if major == 5:
        pairs = []
        for _ in range(n):
            key, at = _item(data, at)
            value, at = _item(data, at)
            pairs.append((key, value))
        return _Map(pairs), at
    raise ValueError(f"major type {major}")


class _Map(list):
    """A CBOR map kept as its (key, value) pairs, in the order they were written."""


class _Float(bytes):
    """A float kept as its encoded bytes (re-encoded as it came)."""


def dumps(value) -> bytes:
    if value is False:
        return b"\xf4"
    if value is True:
        return b"\xf5"
    if value is None:
        return b"\xf6"
    if isinstance(value, _Float):
        return bytes(value)
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, _Map):
        return _head(5, len(value)) + b"".join(dumps(k) + dumps(v) for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(dumps(v) for v in value)
    raise TypeError(type(value).__name__)


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError("integer too large")


# -- Pagefind's files ------------------------------------------------------------------------------


def unpack(data: bytes):
    """The CBOR value of a Pagefind file (signature, gzip, CBOR)."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind file")
    return loads(raw[len(SIGNATURE) :])


def pack(value) -> bytes:
    # mtime=0: gzip's header must not carry the time of the build.
    return gzip.compress(SIGNATURE + dumps(value), compresslevel=9, mtime=0)


def _name(prefix: str, data: bytes, length: int) -> str:
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:length]}"


def reproducible(
    files: dict[str, bytes],
    urls: list[str] | None = None,
    numbers: list[int] | None = None,
    marks: list[str] | None = None,
) -> dict[str, bytes]:
    """The bundle `files` (path -> bytes, as Pagefind gives them) in one order, renamed to match.

    With `urls` (the pages' URLs in the order they were added), the fragments are renamed after
    their number on the site (`numbers`, by default their position) and `marks` (see above)."""
    out = dict(files)
    entry = json.loads(files["pagefind-entry.json"])
    for language, info in sorted(entry["languages"].items()):
        meta_path = f"pagefind.{info['hash']}.pf_meta"
        meta = unpack(files[meta_path])
        if urls is not None:
            _number_fragments(out, language, _pages(meta), urls, numbers, marks)
        # The metadata lists its filter files as [name, hash] pairs; put them and their values in order.
        filters = _filter_list(meta)
        renamed = []
        for name, old in sorted(filters, key=lambda item: item[0]):
            data = out.pop(f"filter/{old}.pf_filter")
            value = unpack(data)
            value = [value[0], sorted(value[1], key=lambda pair: pair[0])] if _is_filter(value) else value
            packed = pack(value)
            new = _name(language, packed, 7)
            out[f"filter/{new}.pf_filter"] = packed
            renamed.append([name, new])
        filters[:] = renamed
        packed = pack(meta)
        new_meta = _name(language, packed, 10)
        del out[meta_path]
        out[f"pagefind.{new_meta}.pf_meta"] = packed
        info["hash"] = new_meta
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out


def page_number(name: str) -> int:
    """The number of a page from its fragment's name (as `reproducible` names it)."""
    return int(name.rsplit("_", 1)[1].split("-")[0], 36)


def _base36(n: int) -> str:
    digits = ""
    while True:
        n, r = divmod(n, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + digits
        if not n:
            return digits


def _number_fragments(
    files: dict[str, bytes],
    language: str,
    pages: list,
    urls: list[str],
    numbers: list[int] | None,
    marks: list[str] | None,
) -> None:
    """Rename the fragments of `pages` (the metadata's [name, word count] pairs) after their number."""
    numbers = numbers if numbers is not None else list(range(len(urls)))
    marks = marks if marks is not None else [""] * len(urls)
    if len(pages) != len(urls):
        raise ValueError(f"Pagefind 的索引有 {len(pages)} 页，送入的记录有 {len(urls)} 条。")
    fragments = [files.pop(f"fragment/{page[0]}.pf_fragment") for page in pages]
    for n, (data, url) in enumerate(zip(fragments, urls, strict=True)):
        if _fragment_url(data) != url:
            raise ValueError(f"Pagefind 的索引中第 {n + 1} 页不是第 {n + 1} 条送入的记录（{url}）。")
    digest = hashlib.sha256()
    for data in fragments:
        digest.update(hashlib.sha256(data).digest())
    tag = digest.hexdigest()[:6]
    for page, data, number, mark in zip(pages, fragments, numbers, marks, strict=True):
        page[0] = f"{language}_{tag}_{_base36(number)}" + (f"-{mark}" if mark else "")
        files[f"fragment/{page[0]}.pf_fragment"] = data


def _fragment_url(data: bytes) -> str | None:
    raw = gzip.decompress(data)  # a fragment is JSON, not CBOR
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind file")
    return json.loads(raw[len(SIGNATURE) :]).get("url")


def _pages(meta: list) -> list:
    # [fragment name, word count], and since 1.6 the name of a group of fragments ("" when none).
    if not all(isinstance(x, list) and len(x) in (2, 3) and isinstance(x[0], str) for x in meta[1]):
        raise ValueError(f"{UNKNOWN_FORMAT}：页面列表无法识别。")
    if any(len(x) == 3 and x[2] for x in meta[1]):
        raise ValueError(f"{UNKNOWN_FORMAT}：页面被合并成组（max_fragments），gongkai 不用这一选项。")
    return meta[1]


def _filter_list(meta: list) -> list:
    """The metadata's list of [filter name, file hash] pairs: its fourth item in Pagefind 1.5 and
    1.6 (version, pages, index chunks, filters, sorts, meta fields)."""
    if not (isinstance(meta, list) and len(meta) == 6 and isinstance(meta[3], list)):
        raise ValueError(f"{UNKNOWN_FORMAT}：请确认 gongkai.searchbundle 支持所装的版本。")
    if not all(isinstance(x, list) and len(x) == 2 and all(isinstance(y, str) for y in x) for x in meta[3]):
        raise ValueError(f"{UNKNOWN_FORMAT}：过滤条件列表无法识别。")
    return meta[3]


def _is_filter(value) -> bool:
    return isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)
