"""The Pagefind client: records in, a search bundle out, failures said in Chinese."""

from __future__ import annotations

import gzip
import json

import pytest

from gongkai.sitesearch.searchindex import SearchIndex, SearchIndexError, executable

pytestmark = pytest.mark.skipif(executable() is None, reason="Pagefind is not installed (make installs it)")


def record(n: int) -> dict:
    return dict(
        url=f"/xxgk/czj/2024-{n:05d}/",
        content=f"澄岭县财政局关于2024年县级预算公开的说明 第{n}号 耕地保护和粮食安全责任制考核",
        meta={"title": f"预算公开说明{n}", "agency": "澄岭县财政局", "date": "2024-01-26"},
        filters={"发布机构": ["澄岭县财政局"], "年份": ["2024"]},
    )


def test_records_are_indexed_and_written(tmp_path):
    with SearchIndex() as index:
        for n in range(1, 301):
            index.add(**record(n))
        index.write(tmp_path / "pagefind")
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["zh"]["page_count"] == 300
    fragments = sorted((tmp_path / "pagefind" / "fragment").iterdir())
    assert len(fragments) == 300
    # A fragment is gzip (after Pagefind's own signature): the record's URL and meta are in it.
    data = fragments[0].read_bytes()
    text = gzip.decompress(data[data.index(b"\x1f\x8b") :]).decode("utf-8")
    assert "/xxgk/czj/2024-" in text and "澄岭县财政局" in text
    assert (tmp_path / "pagefind" / "pagefind-ui.js").is_file()  # served from the site itself


def test_fragments_are_named_after_their_place_in_the_order_records_were_added(tmp_path):
    from gongkai.sitesearch.searchbundle import page_number, reproducible, unpack

    order = [31, 7, 250, 1, 99]
    with SearchIndex() as index:
        for n in order:
            index.add(**record(n))
        files = index.bundle()
        urls = list(index._urls)
    out = reproducible(files, urls)
    meta = unpack(next(data for rel, data in out.items() if rel.endswith(".pf_meta")))
    names = [page[0] for page in meta[1]]
    assert [page_number(name) for name in names] == [0, 1, 2, 3, 4]
    assert len({name.rsplit("_", 1)[0] for name in names}) == 1  # one tag for the bundle
    for name, n in zip(names, order, strict=True):
        fragment = gzip.decompress(out[f"fragment/{name}.pf_fragment"]).removeprefix(b"pagefind_dcd")
        assert json.loads(fragment)["url"] == f"/xxgk/czj/2024-{n:05d}/"
    # Another bundle (one record changed) shares no fragment name with it: no stale cache.
    with SearchIndex() as index:
        for n in order:
            index.add(**(record(n) if n != 250 else {**record(n), "content": "改过的正文"}))
        other = reproducible(index.bundle(), urls)
    assert not {rel for rel in out if rel.startswith("fragment/")} & set(other)
    # Pagefind keeping another order than the one given is caught, not published wrong.
    with pytest.raises(ValueError, match="第 1 页不是第 1 条送入的记录"):
        reproducible(files, urls[::-1])


FAKE_SERVICE = """#!{python}
import base64, json, sys
buffer = b""
while chunk := sys.stdin.buffer.read1(1 << 16):
    buffer += chunk
    while b"," in buffer:
        raw, buffer = buffer.split(b",", 1)
        message = json.loads(base64.b64decode(raw))
        answer = {{"message_id": message["message_id"], "payload": {{"type": "NewIndex", "index_id": 1}}}}
        sys.stdout.buffer.write(base64.b64encode(json.dumps(answer).encode()) + b",")
        sys.stdout.buffer.flush()
"""


def test_an_answer_read_before_the_sender_runs_again_is_kept(tmp_path, monkeypatch):
    """The answer can arrive before the thread that wrote the request runs again (MkDocs renders on
    the main thread meanwhile): it must find its request registered, or it is lost and the build waits
    for ever. Here the sender sleeps after each write, so the answer always comes first."""
    import subprocess
    import sys
    import threading
    import time

    from gongkai.sitesearch import searchindex

    fake = tmp_path / "pagefind_extended"
    fake.write_text(FAKE_SERVICE.format(python=sys.executable))
    fake.chmod(0o755)

    class SlowStdin:
        def __init__(self, raw):
            self.raw = raw

        def write(self, data):
            return self.raw.write(data)

        def flush(self):
            self.raw.flush()
            time.sleep(0.3)

        def close(self):
            self.raw.close()

    real = subprocess.Popen

    def popen(*args, **kwargs):
        process = real(*args, **kwargs)
        process.stdin = SlowStdin(process.stdin)
        return process

    monkeypatch.setattr(searchindex.subprocess, "Popen", popen)
    made = []
    thread = threading.Thread(target=lambda: made.append(SearchIndex(binary=fake)), daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert made, "the NewIndex answer was lost"
    made[0].close()


def test_a_refused_request_is_an_error_with_pagefinds_words(tmp_path):
    with SearchIndex() as index:
        index._index = 99  # an index that does not exist
        index.add(**record(1))
        with pytest.raises(SearchIndexError, match="Pagefind"):
            index.write(tmp_path / "pagefind")


def test_a_missing_binary_is_said_plainly(tmp_path, monkeypatch):
    with pytest.raises(SearchIndexError, match="无法启动 Pagefind"):
        SearchIndex(binary=tmp_path / "nothing")
    monkeypatch.setattr("gongkai.sitesearch.searchindex.executable", lambda: None)
    with pytest.raises(SearchIndexError, match=r"没有找到 Pagefind 扩展版 1.6.0.*改法：在网站目录运行 make site"):
        SearchIndex()


def test_the_bundle_is_the_same_bytes_every_time(tmp_path):
    """Pagefind writes its filter files in hash-map order; gongkai.sitesearch.searchbundle puts them in one."""
    digests = []
    for run in range(3):
        with SearchIndex() as index:
            for n in range(1, 120):
                r = record(n)
                r["filters"] = {"年份": [str(2020 + n % 5)], "发布机构": [f"机构{n % 7}"], "有效性": ["有效"]}
                index.add(**r)
            index.write(tmp_path / str(run))
        folder = tmp_path / str(run)
        digests.append({p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()})
    assert digests[0] == digests[1] == digests[2]


def test_the_cbor_codec_gives_pagefinds_bytes_back():
    """Re-encoding what Pagefind wrote, unchanged, must give its bytes: the codec loses nothing."""
    from gongkai.sitesearch import searchbundle

    with SearchIndex() as index:
        for n in range(1, 60):
            index.add(**record(n))
        files = index.bundle()
    checked = 0
    for path, data in files.items():
        if path.endswith((".pf_meta", ".pf_filter", ".pf_index")):  # fragments are JSON, not CBOR
            assert searchbundle.SIGNATURE + searchbundle.dumps(searchbundle.unpack(data)) == gzip.decompress(data)
            checked += 1
    assert checked >= 3


def parted_bundles():
    """Two Pagefind bundles of different words, as two parts of one site's index."""
    bundles = []
    for words in ("听证 公告 耕地", "听证会 预算 公开 说明 耕地保护"):
        with SearchIndex() as index:
            for n in range(1, 4):
                index.add(**{**record(n), "content": f"{words} 第{n}号", "url": f"/x/{words[:2]}{n}/"})
            bundles.append(index.bundle())
    return bundles


def test_chunk_words_reads_the_words_of_a_chunk_as_the_full_decoder_does():
    from gongkai.sitesearch import searchbundle

    for files in parted_bundles():
        for path, data in files.items():
            if path.endswith(".pf_index"):
                assert searchbundle.chunk_words(data) == [entry[0] for entry in searchbundle.unpack(data)[0]]


def test_chunk_words_reads_pages_of_any_shape_as_the_full_decoder_does():
    """chunk_words reads a word's pages [page, [integers], [integers]] by a quick path; pages of
    another shape (an inner array of 24 or more, a page that is no number, a map) are
    read by the general one, from the start of the word's pages."""
    from gongkai.sitesearch import searchbundle

    entries = [
        ["常见", [[n, [-25, 300 + n, 70000 + n, 2**40], []] for n in range(3000)], []],
        ["长页", [[1, [-25, 3], [7]], [2, list(range(30)), []]], []],  # the second page: 30 positions
        ["奇怪", [[2, [1], [5, 6]], ["页", [], []]], []],
        ["映射", [searchbundle._Map([("k", 1)])], []],
        ["短", [], []],
        ["多项", [[1, [2], [3]]], [], ["变体"]],
    ]
    chunk = searchbundle.pack([entries])
    assert searchbundle.chunk_words(chunk) == [entry[0] for entry in searchbundle.unpack(chunk)[0]]
    assert searchbundle.chunk_words(chunk) == [entry[0] for entry in entries]


def test_each_part_is_given_the_words_of_all_and_the_sites_average_page_length():
    """gongkai.sitesearch.searchbundle.share_vocabulary and pad_pages: a word of another part is a word of no
    page here, in the chunk whose range holds it; pages of no word bring the average to the site's."""
    from gongkai.sitesearch import searchbundle

    first, second = parted_bundles()
    words = searchbundle.vocabulary(first) | searchbundle.vocabulary(second)
    assert "预算" in words and "预算" not in searchbundle.vocabulary(first)
    counts = searchbundle.word_counts(first) + searchbundle.word_counts(second)
    average = sum(counts) / len(counts)
    out = searchbundle.reproducible(first, vocabulary=words, average=average)
    assert searchbundle.vocabulary(out) == words
    meta = searchbundle.unpack(next(data for rel, data in out.items() if rel.endswith(".pf_meta")))
    for start, end, name in meta[2]:
        chunk = searchbundle.unpack(out[f"index/{name}.pf_index"])[0]
        assert all(start <= entry[0] <= end for entry in chunk)
        assert all(entry[1] == [] for entry in chunk if entry[0] not in searchbundle.vocabulary(first))
    assert [x for x in out if x.endswith(".pf_index")] != [x for x in first if x.endswith(".pf_index")]  # renamed
    pages = searchbundle.word_counts(out)
    assert len(pages) > 3 and abs(sum(pages) / len(pages) - average) <= 0.5 / len(pages)
    # The words it had are as Pagefind wrote them; unchanged input, unchanged output.
    assert searchbundle.reproducible(first, vocabulary=words, average=average) == out


def test_an_index_in_parts_writes_what_the_results_page_needs_to_rank_them_as_one(tmp_path):
    from gongkai.sitesearch import searchbundle
    from gongkai.sitesearch.searchindex import PARTS_FILE, PartedIndex

    for run in ("pagefind", "again"):
        with PartedIndex(part_size=4) as index:
            for n in range(1, 11):
                r = record(n)
                key = f" gk{n:013x}"  # an identifier's one word (gongkai.sitesearch.search.identifier_key)
                index.add(r["url"], r["content"] + ("听证" if n == 3 else "") + key, r["meta"], r["filters"])
            index.write(tmp_path / run)

    def files(folder):
        return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    assert files(tmp_path / "pagefind") == files(tmp_path / "again")  # the same bytes every build
    stats = json.loads((tmp_path / "pagefind" / PARTS_FILE).read_text(encoding="utf-8"))
    assert stats["records"] == [4, 3, 3]
    folders = [tmp_path / "pagefind", tmp_path / "pagefind" / "part1", tmp_path / "pagefind" / "part2"]
    bundles = [{p.relative_to(f).as_posix(): p.read_bytes() for p in f.rglob("*") if p.is_file()} for f in folders]
    assert stats["pages"] == [searchbundle.page_count(b) for b in bundles]
    assert all(pages > records for pages, records in zip(stats["pages"], stats["records"], strict=True))
    # 听证 is on one page of part 1 (record 3 is number 2, the 8th oldest: 7 mod 3), and a word of every part.
    assert all("听证" in searchbundle.vocabulary(b) for b in bundles)
    # An identifier's word stays in its own part (every part would fetch them all); "gk", a word of
    # no page, stands for the longest word a key starts with in each.
    keys = [{w for w in searchbundle.vocabulary(b) if w.startswith("gk")} for b in bundles]
    assert keys[0] == {"gk", "gk0000000000001", "gk0000000000004", "gk0000000000007", "gk000000000000a"}
    assert all("gk" in k and len(k) in (4, 5) for k in keys)
    # The module the results page runs is Pagefind's own, told to report every score's terms and
    # every part's IDFs (gongkai/search.js, oneRanking): three replacements, each made once.
    script = bundles[0]["pagefind.js"].decode("utf-8")
    assert "for(const i2 of this.instances)await i2.enterPlaygroundMode();" in script
    assert "response.part_idfs=search2.map((s)=>s.query_term_idfs||[]);" in script
    assert "export{enterPlaygroundMode," in script
    assert "pagefind.js" not in bundles[1]  # the first part's script serves every part


class _Store:
    """A PartStore in memory: what the plugin's cache keeps between builds."""

    def __init__(self):
        self.parts: dict[str, dict[str, bytes]] = {}
        self.asked: list[str] = []

    def get(self, key):
        self.asked.append(key)
        return self.parts.get(key)

    def put(self, key, files):
        self.parts[key] = files


def test_a_part_whose_records_did_not_change_is_taken_from_the_last_build(tmp_path):
    from gongkai.sitesearch.searchindex import PartedIndex

    def files(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    def build(records, folder, store, binary=None):
        with PartedIndex(part_size=4, store=store, binary=binary) as index:
            for r in records:
                index.add(r["url"], r["content"], r["meta"], r["filters"])
            index.write(tmp_path / folder)
        return index, files(tmp_path / folder)

    store = _Store()
    site = [record(n) for n in range(10, 0, -1)]  # newest first, as the catalogue gives them
    first, _ = build(site, "first", store)
    assert (first.indexed, first.reused, len(store.parts)) == (3, 0, 3)
    # One record's text changed: its part alone is indexed again; the bundle is the one a build
    # without any kept part writes.
    site[4] = {**site[4], "content": site[4]["content"] + " 补充说明：已全部公开"}
    again, out = build(site, "again", store)
    assert (again.indexed, again.reused) == (1, 2)
    assert out == build(site, "fresh", None)[1]
    # A record added as the newest: every other record stays in its part (they are counted from the
    # oldest), so only the new one's part is indexed again, though every page's number moved.
    site.insert(0, record(11))
    added, out = build(site, "added", store)
    assert (added.indexed, added.reused) == (1, 2)
    assert out == build(site, "fresh-added", None)[1]
    # Another program that names the same release (another build of Pagefind: here the same one
    # with a byte appended, which it ignores) keeps nothing of the last build's.
    other = tmp_path / "pagefind-other"
    other.write_bytes(executable().read_bytes() + b"\0")
    other.chmod(0o755)
    moved, out = build(site, "other-program", store, binary=other)
    assert moved.version == added.version and (moved.indexed, moved.reused) == (3, 0)
    assert out == build(site, "fresh-other", None)[1]
    # A kept bundle that is not the part's (its pages are other records) is not served: the part is
    # indexed again, and the index is the one a build without the store writes.
    store = _Store()
    build(site, "refill", store)
    store.parts = {key: store.parts[min(store.parts)] for key in store.parts}
    forged, out = build(site, "forged", store)
    assert (forged.indexed, forged.reused) == (2, 1)
    assert out == build(site, "fresh-forged", None)[1]
    store.parts = {key: {"pagefind-entry.json": b"{"} for key in store.parts}  # not a bundle at all
    assert build(site, "broken", store)[0].indexed == 3
    # One part is the whole index: the plugin keeps it whole, nothing is kept per part.
    single = _Store()
    one, _ = build(site[:4], "single", single)
    assert (one.indexed, one.reused, single.parts, single.asked) == (1, 0, {}, [])


def test_a_pagefind_module_that_reads_otherwise_is_refused_not_half_patched():
    from gongkai.sitesearch import searchbundle

    original = (
        b"async enterPlaygroundMode(){await this.primary.enterPlaygroundMode();}"
        b"if(search2[0].query_term_idfs){response.query_term_idfs=search2[0].query_term_idfs;}return response;"
        b"export{createInstance,search};"
    )
    patched = searchbundle.expose_scores(original).decode("utf-8")
    assert "part_idfs" in patched and "export{enterPlaygroundMode,createInstance," in patched
    for missing in (b"return response;", b"export{createInstance,"):
        with pytest.raises(ValueError, match="pagefind.js 中找不到"):
            searchbundle.expose_scores(original.replace(missing, b""))


@pytest.mark.parametrize("part_size", [100, 4])
def test_an_index_started_before_its_folder_is_emptied_is_written_only_once_allowed(tmp_path, part_size):
    """The build starts Pagefind as soon as the records are read, before MkDocs empties the site's
    folder (gongkai.plugin.searching): every part is made, and nothing is written, until `may_write`."""
    import time

    from gongkai.sitesearch.searchindex import PartedIndex

    output = tmp_path / "pagefind"
    with PartedIndex(part_size=part_size) as index:
        for n in range(1, 11):
            index.add(**record(n))
        index.write_in_background(output, wait=True)
        deadline = time.monotonic() + 60
        while index.indexed < len(index.parts()) and time.monotonic() < deadline:
            time.sleep(0.05)  # Pagefind made every part, in memory
        time.sleep(0.2)
        assert index.indexed == len(index.parts()) and not output.exists()
        index.may_write()
        index.join()
    assert (output / "pagefind-entry.json").is_file()
    assert len(list(output.rglob("*.pf_fragment"))) >= 10  # every part's, the first in fragment/


def test_an_index_closed_while_it_waits_to_write_writes_nothing(tmp_path):
    from gongkai.sitesearch.searchindex import PartedIndex

    output = tmp_path / "pagefind"
    index = PartedIndex(part_size=100)
    for n in range(1, 4):
        index.add(**record(n))
    index.write_in_background(output, wait=True)
    index.close()  # a build that failed before its folder was emptied: the thread ends, nothing is written
    assert not output.exists()
