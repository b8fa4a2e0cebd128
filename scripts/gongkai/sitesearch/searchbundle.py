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

import bisect
import gzip
import hashlib
import json
import math
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
    vocabulary: set[str] | None = None,
    average: float | None = None,
    own: set[str] | None = None,
) -> dict[str, bytes]:
    """The bundle `files` (path -> bytes, as Pagefind gives them) in one order, renamed to match.

    With `urls` (the pages' URLs in the order they were added), the fragments are renamed after
    their number on the site (`numbers`, by default their position) and `marks` (see above).
    With `vocabulary` (the words of every part of a site's index), the words this part lacks are
    added to it (see `share_vocabulary`); with `average` (the site's words per page), pages of no
    word make this part's average that (see `pad_pages`). `own`: `vocabulary(files)`, if read already
    (the words of its one language)."""
    out = dict(files)
    entry = json.loads(files["pagefind-entry.json"])
    if len(entry["languages"]) != 1:
        own = None  # the words of each language are read from that language's chunks
    for language, info in sorted(entry["languages"].items()):
        meta_path = f"pagefind.{info['hash']}.pf_meta"
        meta = unpack(files[meta_path])
        if urls is not None:
            _number_fragments(out, language, _pages(meta), urls, numbers, marks)
        if vocabulary is not None:
            share_vocabulary(out, language, meta, vocabulary, own)
        if average is not None:
            pad_pages(meta, language, average)
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
    if "pagefind.js" in out:
        out["pagefind.js"] = expose_scores(out["pagefind.js"])
    return out


# -- the terms of a score, for one ranking across parts ------------------------------------------
#
# Pagefind 1.6 scores a page as 1.8 × (the sum over the query's words of IDF × BM25's term
# frequency) plus, for each metadata field where some of the words are, the field's weight ×
# (their IDFs summed)³ / (all the query's IDFs summed)²; each IDF is its index's. A page of one
# part of a site's index (gongkai.sitesearch.searchindex.PartedIndex) is then scored with that part's IDFs,
# and for several words no factor on the score makes it the site's. Pagefind gives the terms of a
# score in its "playground mode" only, which its module does not export and which it enters for
# the first index of a merged search only: the module is given an export that enters it for every
# index (`enterPlaygroundMode`), and the results page computes every score from its terms with
# the site's IDFs (gongkai/search.js, oneRanking). A merged search reports the first index's IDF
# of each word only: it is made to report every index's too (`part_idfs`, in the order the indexes
# were merged), from which the page reads how many pages of each part have the word. Three literal
# replacements in the one release sites are built with; a release whose module reads otherwise is
# refused, never half patched.
_PLAYGROUND = (
    (
        "async enterPlaygroundMode(){await this.primary.enterPlaygroundMode();}",
        "async enterPlaygroundMode(){for(const i2 of this.instances)await i2.enterPlaygroundMode();}",
    ),
    (
        "if(search2[0].query_term_idfs){response.query_term_idfs=search2[0].query_term_idfs;}return response;",
        "if(search2[0].query_term_idfs){response.query_term_idfs=search2[0].query_term_idfs;}"
        "response.part_idfs=search2.map((s)=>s.query_term_idfs||[]);return response;",
    ),
    (
        "export{createInstance,",
        "var enterPlaygroundMode=async()=>{init_pagefind();return await pagefind.enterPlaygroundMode();};"
        "export{enterPlaygroundMode,createInstance,",
    ),
)


def expose_scores(script: bytes) -> bytes:
    """Pagefind's module (`pagefind.js`) with `enterPlaygroundMode` exported for every merged index,
    and a merged search's IDFs of every index."""
    text = script.decode("utf-8")
    for old, new in _PLAYGROUND:
        if text.count(old) != 1:
            raise ValueError(f"{UNKNOWN_FORMAT}：pagefind.js 中找不到 gongkai 要补上的一处（{old[:40]}…）。")
        text = text.replace(old, new)
    return text.encode("utf-8")


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
        raise ValueError(f"{UNKNOWN_FORMAT}：请确认 gongkai.sitesearch.searchbundle 支持所装的版本。")
    if not all(isinstance(x, list) and len(x) == 2 and all(isinstance(y, str) for y in x) for x in meta[3]):
        raise ValueError(f"{UNKNOWN_FORMAT}：过滤条件列表无法识别。")
    return meta[3]


def _is_filter(value) -> bool:
    return isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)


# -- one vocabulary for the parts of an index ----------------------------------------------------
#
# Pagefind matches a query word with every word of the index that starts with it and, when there
# is none, with the longest word of the index that the query word starts with: 听证 finds 听 where
# no page has 听证. A part of a large site's index (gongkai.sitesearch.searchindex.PartedIndex) knows only
# its own pages' words, so a word that only other parts have matched its prefix in this one: with
# parts of 25 over the sample, 听证 listed ten records, the whole index one. Every part is given
# the words of the whole site, those it lacks as words of no page: it then matches as the whole
# index does (a word found in no part of it still falls back to a prefix, in every part alike).


def chunk_words(chunk: bytes) -> list[str]:
    """The words of an index chunk (signature, gzip, CBOR: [[[word, pages, variants], ...]]), read
    without decoding the pages (most of its bytes)."""
    raw = gzip.decompress(chunk)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind file")
    data = raw[len(SIGNATURE) :]
    at = _expect_array(data, 0, exact=1)[1]
    count, at = _expect_array(data, at)
    words = []
    for _ in range(count):
        size, at = _expect_array(data, at)
        if size < 2:
            raise ValueError(f"{UNKNOWN_FORMAT}：索引词条无法识别。")
        word, at = _item(data, at)
        if not isinstance(word, str):
            raise ValueError(f"{UNKNOWN_FORMAT}：索引词条无法识别。")
        words.append(word)
        at = _skip_pages(data, at)
        for _ in range(size - 2):
            at = _skip(data, at)
    if at != len(data):
        raise ValueError(f"{UNKNOWN_FORMAT}：索引块末尾有多余内容。")
    return words


def _expect_array(data: bytes, at: int, exact: int | None = None) -> tuple[int, int]:
    head = data[at]
    if head >> 5 != 4:
        raise ValueError(f"{UNKNOWN_FORMAT}：索引块结构无法识别。")
    n, at = _length(data, at)
    if exact is not None and n != exact:
        raise ValueError(f"{UNKNOWN_FORMAT}：索引块结构无法识别。")
    return n, at


def _length(data: bytes, at: int) -> tuple[int, int]:
    info = data[at] & 31
    if info < 24:
        return info, at + 1
    size = 1 << (info - 24)
    if size > 8:
        raise ValueError("indefinite lengths are not used by Pagefind")
    return int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


#: Bytes an integer takes, by its first byte (0: not an integer).
_INT = [
    (1 if head & 31 < 24 else 1 + (1 << ((head & 31) - 24))) if head >> 5 in (0, 1) and head & 31 <= 27 else 0
    for head in range(256)
]


def _skip_pages(data: bytes, at: int) -> int:
    """`_skip` of a word's pages, about twice as fast: an array of [page, [integers], [integers]]
    (fewer than 24 in each inner array), read as such; anything else is left to `_skip`. A word's
    pages are most of an index chunk, and the vocabulary of a site's index in parts reads them all."""
    start = at
    if data[at] >> 5 != 4:
        return _skip(data, at)
    n, at = _length(data, at)
    size = _INT
    for _ in range(n):
        if data[at] != 0x83 or not size[data[at + 1]]:
            return _skip(data, start)
        at += 1 + size[data[at + 1]]
        for _ in (0, 1):
            count = data[at] - 0x80
            if not 0 <= count < 24:
                return _skip(data, start)
            at += 1
            for _ in range(count):
                step = size[data[at]]
                if not step:
                    return _skip(data, start)
                at += step
    return at


def _skip(data: bytes, at: int) -> int:
    """The offset after the item at `at` (integers, strings and arrays: what pages hold)."""
    todo = 1
    while todo:
        todo -= 1
        head = data[at]
        major, info = head >> 5, head & 31
        if info < 24:
            n, at = info, at + 1
        elif info <= 27:
            size = 1 << (info - 24)
            n, at = int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size
        else:
            raise ValueError("indefinite lengths are not used by Pagefind")
        if major in (2, 3):
            at += n
        elif major == 4:
            todo += n
        elif major == 5:
            todo += 2 * n
        elif major == 7:
            raise ValueError(f"{UNKNOWN_FORMAT}：索引块中有意外的值。")
    return at


def share_vocabulary(
    files: dict[str, bytes], language: str, meta: list, vocabulary: set[str], own: set[str] | None = None
) -> None:
    """Add to the index chunks of `files` (of `language`, listed in `meta`) every word of
    `vocabulary` they lack, as a word no page has: each to the chunk whose range holds it (or the
    one before it, its range widened), so that the page loads it for that word as it would.
    `own`: the words of those chunks, if read already."""
    chunks = _chunk_list(meta)
    if not chunks:
        return
    if own is None:
        own = set()
        for _, _, name in chunks:
            own.update(chunk_words(files[f"index/{name}.pf_index"]))
    missing = sorted(vocabulary - own)
    if not missing:
        return
    added: dict[int, list[str]] = {}
    froms = [c[0] for c in chunks]
    for word in missing:
        i = max(0, bisect.bisect_right(froms, word) - 1)
        added.setdefault(i, []).append(word)
    for i, words in sorted(added.items()):
        start, end, name = chunks[i]
        raw = gzip.decompress(files.pop(f"index/{name}.pf_index"))[len(SIGNATURE) :]
        count, at = _expect_array(raw, _expect_array(raw, 0, exact=1)[1])
        body = raw[at:] + b"".join(dumps([word, [], []]) for word in words)
        packed = gzip.compress(SIGNATURE + _head(4, 1) + _head(4, count + len(words)) + body, compresslevel=9, mtime=0)
        new = _name(language, packed, 7)
        files[f"index/{new}.pf_index"] = packed
        chunks[i][:] = [min(start, words[0]), max(end, words[-1]), new]


def _chunk_list(meta: list) -> list:
    """The metadata's list of [first word, last word, file hash] of its index chunks (its third item)."""
    chunks = meta[2]
    if not all(isinstance(c, list) and len(c) == 3 and all(isinstance(x, str) for x in c) for c in chunks):
        raise ValueError(f"{UNKNOWN_FORMAT}：索引块列表无法识别。")
    if [c[0] for c in chunks] != sorted(c[0] for c in chunks):
        raise ValueError(f"{UNKNOWN_FORMAT}：索引块不按词序排列。")
    return chunks


def vocabulary(files: dict[str, bytes]) -> set[str]:
    """Every word of the index chunks of a bundle (path -> bytes)."""
    out: set[str] = set()
    for path, data in files.items():
        if path.startswith("index/") and path.endswith(".pf_index"):
            out.update(chunk_words(data))
    return out


# -- one average page length for the parts of an index -------------------------------------------
#
# BM25 compares a page's length with the average of its index: a part's average is not the site's
# (with parts of 25 over the sample they differed by up to 15 %), so the same page scored
# differently in a part and in one index of the site. Pagefind computes the average from the page
# list of the metadata; pages that no word refers to (never found, never shown) bring a part's
# average to the site's. The results page counts them among the part's pages (gk-parts.json).


def word_counts(files: dict[str, bytes]) -> list[int]:
    """The word count of every page of a bundle (its first language), as its metadata lists them."""
    entry = json.loads(files["pagefind-entry.json"])
    if not entry["languages"]:
        return []  # a portal with nothing published yet: Pagefind lists no language
    info = entry["languages"][sorted(entry["languages"])[0]]
    return [page[1] for page in _pages(unpack(files[f"pagefind.{info['hash']}.pf_meta"]))]


def pad_pages(meta: list, language: str, average: float) -> int:
    """Add to the page list of `meta` the fewest pages of no word (at least one) that bring its
    average words per page to `average` (to the nearest word in all); returns how many."""
    pages = _pages(meta)
    total, count = sum(p[1] for p in pages), len(pages)
    padding = max(1, math.ceil(total / average - count)) if average > 0 else 1
    words = max(0, round(average * (count + padding) - total))
    for i in range(padding):
        pages.append([f"{language}_pad{i}", words if i == 0 else 0, ""][: len(pages[0]) if pages else 3])
    return padding


def holds(files: dict[str, bytes], urls: list[str]) -> bool:
    """Whether the bundle `files` lists exactly the pages of `urls`, in that order (as
    `reproducible` requires of Pagefind's output; a bundle that is not one is no match either)."""
    try:
        entry = json.loads(files["pagefind-entry.json"])
        for info in entry["languages"].values():
            pages = _pages(unpack(files[f"pagefind.{info['hash']}.pf_meta"]))
            if len(pages) != len(urls):
                return False
            for page, url in zip(pages, urls, strict=True):
                if _fragment_url(files[f"fragment/{page[0]}.pf_fragment"]) != url:
                    return False
        return bool(entry["languages"]) or not urls
    except Exception:  # whatever a damaged bundle raises (gzip, CBOR, JSON, a missing file): not this part's
        return False


def page_count(files: dict[str, bytes]) -> int:
    """How many pages the metadata of a bundle (its first language) lists, pages of no word included."""
    return len(word_counts(files))
