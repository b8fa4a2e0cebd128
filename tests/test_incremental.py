"""Incremental builds (issue 20): a build with the cache a previous build kept (`build_cache`) writes
the same site, byte for byte, as a full build of the same input without it; what changed is made
again, the rest taken from the cache, and an entry that is not whole and sound is never served.

The sample is built once with an empty cache (the module's fixture); each test copies that folder
with its cache, changes the input, builds with the cache and compares every file of site/ with a
full build of the changed input made without the cache (GONGKAI_CACHE=off)."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import shutil
import sys
import zlib
from pathlib import Path

import pytest

import ourcommands
from conftest import BIN, ROOT, SAMPLE_AS_OF, build_sample, command_env
from gongkai.publish.buildcache import MAGIC, BuildCache, code_digest

KEPT = re.compile(r"生成缓存：(\d+) 页沿用上次的结果，(\d+) 页重新生成")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample built once with an empty cache: its folder (mkdocs.yml, docs/, records/, site/, .cache/)."""
    src = tmp_path_factory.mktemp("incremental") / "src"
    build_sample(src, hash_seed="3")  # an interpreter of its own, as the full builds compared with
    return src


def _copy(built: Path, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(built, src, symlinks=True)
    return src


def _build(src: Path, *args: str, as_of: str = SAMPLE_AS_OF, **env: str) -> tuple[int, int, str]:
    """`mkdocs build --strict` in `src`: (pages kept, pages made again, the log)."""
    done = ourcommands.run(
        [str(BIN / "mkdocs"), "build", "--strict", *args], cwd=src, env=command_env(src, GONGKAI_AS_OF=as_of, **env)
    )
    assert done.returncode == 0, done.stderr[-3000:]
    counts = KEPT.search(done.stderr)
    return (int(counts[1]), int(counts[2]), done.stderr) if counts else (0, 0, done.stderr)


def _digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _incremental_and_full(
    src: Path, *args: str, as_of: str = SAMPLE_AS_OF, full: Path | None = None
) -> tuple[int, int, str]:
    """Build `src` with its cache (`args`: more options), then without into another folder (or take
    `full`, a site built from the same input without a cache); assert both sites are the same."""
    kept, made, log = _build(src, *args, as_of=as_of)
    if full is None:
        full = src.parent / "full"
        _build(src, "-d", str(full), as_of=as_of, GONGKAI_CACHE="off", PYTHONHASHSEED="3")  # an interpreter of its own
    with_cache, without = _digests(src / "site"), _digests(full)
    assert len(without) > 200
    assert with_cache.keys() == without.keys()
    differing = [rel for rel in without if with_cache[rel] != without[rel]]
    assert differing == [], f"pages that differ from a full build: {differing[:10]}"
    return kept, made, log


def _entries(src: Path) -> dict[str, Path]:
    """The cached pages' entries by the page (src_uri) they keep."""
    out = {}
    for path in (src / ".cache" / "gongkai" / "pages").glob("*/*"):
        raw = path.read_bytes()
        body = raw[raw.index(b"\n", len(MAGIC)) + 1 :]
        out[json.loads(zlib.decompress(body).split(b"\n", 1)[0])["uri"]] = path
    return out


def test_an_unchanged_site_is_taken_whole_from_the_cache(built, tmp_path):
    src = _copy(built, tmp_path)
    # The fixture's site is a full build of this input: its cache was empty.
    kept, made, log = _incremental_and_full(src, full=built / "site")
    assert kept > 60 and made == 0
    assert "站内搜索：索引的内容与上次相同，沿用上次的索引" in log
    assert len(_entries(src)) == kept  # nothing stale left behind, nothing lost


def test_pages_the_second_processes_made_are_kept_for_the_next_build(built, tmp_path):
    """Pages converted and rendered by the children (gongkai/plugin/converting.py, rendering.py)
    are kept under the keys the build process's own pages get: after a build with both forced,
    an unchanged site is taken whole from the cache."""
    src = _copy(built, tmp_path)
    shutil.rmtree(src / ".cache")
    kept, made, _ = _build(src, GONGKAI_PARALLEL="1")
    assert kept == 0 and made > 60
    kept, made, _ = _incremental_and_full(src, full=built / "site")
    assert kept > 60 and made == 0


def test_one_record_changed_makes_its_page_again_and_keeps_the_others(built, tmp_path):
    src = _copy(built, tmp_path)
    record = src / "records" / "2024" / "cgz-00001.md"
    record.write_text(record.read_text(encoding="utf-8") + "\n本说明的补充：公务接待费已全部公开。\n", encoding="utf-8")
    kept, made, log = _incremental_and_full(src)
    assert made == 1 and kept > 60
    assert "沿用上次的索引" not in log  # the record's words changed: Pagefind indexed again
    page = (src / "site" / "xxgk" / "cgz" / "2024-00001" / "index.html").read_text(encoding="utf-8")
    assert "公务接待费已全部公开" in page


PASSED = re.compile(r"gongkai: (\d+) texts passed by the last build's leak scan were not read again")


def test_the_leak_scan_reads_again_only_what_the_last_build_did_not_pass(built, tmp_path):
    """Kept pages and unchanged search entries were scanned by the last build, which passed: under the
    same secrets and rules they are not read again (gongkai/plugin/scanmemo.py). A new secret (a draft
    added) makes the scan read everything again."""
    src = _copy(built, tmp_path)
    record = src / "records" / "2024" / "cgz-00001.md"
    record.write_text(record.read_text(encoding="utf-8") + "\n本说明的补充：公务接待费已全部公开。\n", encoding="utf-8")
    kept, made, log = _incremental_and_full(src, "-v")
    published = len(list((src / "site" / "xxgk").glob("*/*/index.html")))
    # Every kept page and every record's search entry but the changed one's.
    assert made == 1 and int(PASSED.search(log)[1]) >= kept + published - 1
    draft = (src / "records" / "2025" / "fgj-00002.md").read_text(encoding="utf-8")
    draft = draft.replace("fgj/2025-00002", "fgj/2025-00077").replace("谋划储备情况", "谋划情况（二稿）")
    (src / "records" / "2025" / "fgj-00077.md").write_text(draft, encoding="utf-8")
    kept, made, log = _incremental_and_full(src, "-v")
    assert made == 0 and kept > 60 and int(PASSED.search(log)[1]) == 0
    kept, made, log = _build(src, "-v")
    assert made == 0 and int(PASSED.search(log)[1]) >= kept + published


def test_a_renamed_category_makes_its_records_and_every_page_with_the_whole_menu_again(built, tmp_path):
    src = _copy(built, tmp_path)
    records = src / "records"
    for path in [records / "taxonomy.yml", *records.rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        new = text.replace("name: 财政信息\n", "name: 财政资金信息\n")
        new = new.replace("category: 财政信息/", "category: 财政资金信息/")
        if new != text:
            path.write_text(new, encoding="utf-8")
    kept, made, _ = _incremental_and_full(src)
    assert made >= 12 and kept > 0
    page = (src / "site" / "xxgk" / "cgz" / "2024-00001" / "index.html").read_text(encoding="utf-8")
    assert "财政资金信息" in page


def test_a_changed_template_override_makes_every_page_again(built, tmp_path):
    src = _copy(built, tmp_path)
    main = src / "docs" / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n{# changed: a comment the pages do not show #}\n")
    copyright_ = src / "docs" / "overrides" / "partials" / "copyright.html"
    copyright_.write_text(copyright_.read_text(encoding="utf-8").replace("</div>", "<p>模板已改</p></div>", 1))
    kept, made, _ = _incremental_and_full(src)
    assert kept == 0 and made > 60
    page = (src / "site" / "xxgk" / "cgz" / "2024-00001" / "index.html").read_text(encoding="utf-8")
    assert "模板已改" in page


def test_another_day_gives_the_site_of_that_day(built, tmp_path):
    """A record that takes effect, expires or is published on a later day: its page changes; the others
    are kept, and the leak scan passes what it passed the day before (no birth date lies between)."""
    src = _copy(built, tmp_path)
    kept, made, log = _incremental_and_full(src, "-v", as_of="2027-09-30")
    assert kept > 0 and int(PASSED.search(log)[1]) >= kept


def test_an_added_and_a_deleted_record(built, tmp_path):
    src = _copy(built, tmp_path)
    original = src / "records" / "2024" / "cgz-00001.md"
    text = original.read_text(encoding="utf-8").replace("index_no: cgz/2024-00001", "index_no: cgz/2024-00099")
    (src / "records" / "2024" / "cgz-00099.md").write_text(text.replace("2023年度", "2023年度（更正）"), "utf-8")
    kept, made, _ = _incremental_and_full(src)
    assert made >= 1 and kept > 60
    assert (src / "site" / "xxgk" / "cgz" / "2024-00099" / "index.html").is_file()

    (src / "records" / "2024" / "cgz-00099.md").unlink()
    (src / "records" / "2024" / "czj-00001.md").unlink()
    kept, made, _ = _incremental_and_full(src)
    assert kept > 60
    assert not (src / "site" / "xxgk" / "czj" / "2024-00001").exists()


PARTS = re.compile(r"站内搜索：索引的 (\d+) 部分中 (\d+) 部分的记录与上次相同")


def test_a_search_index_in_parts_indexes_again_only_the_parts_whose_records_changed(tmp_path):
    src = tmp_path / "src"
    build_sample(src, search_part_size=25)  # the sample's records in 3 parts, as a large site's are
    assert (src / "site" / "pagefind" / "part2").is_dir()
    parts = src / ".cache" / "gongkai" / "search-part"
    first = set(parts.glob("*/*"))
    assert len(first) == 3
    # Nothing changed: the whole index is served, and its parts stay kept for the next change.
    _, _, log = _build(src)
    assert "站内搜索：索引的内容与上次相同" in log and set(parts.glob("*/*")) == first
    record = src / "records" / "2024" / "cgz-00001.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text + "\n本说明的补充：公务接待费已全部公开。\n", encoding="utf-8")
    _, made, log = _incremental_and_full(src)
    assert made == 1 and PARTS.search(log).groups() == ("3", "2")
    kept = set(parts.glob("*/*")) & first
    assert len(kept) == 2
    # The record changed again, and another part's entry cut short: both parts are indexed again.
    record.write_text(text + "\n本说明的补充：公务接待费已全部公开，欢迎监督。\n", encoding="utf-8")
    cut = min(kept)
    cut.write_bytes(cut.read_bytes()[:300])
    _, _, log = _incremental_and_full(src)
    assert PARTS.search(log).groups() == ("3", "1")
    # A record published after every other: it joins a part, the others keep theirs.
    newest = max(
        dt.date.fromisoformat(re.search(r"(?m)^published: (\S+)", f.read_text(encoding="utf-8"))[1])
        for f in (src / "records").rglob("*.md")
        if "\ndraft: true\n" not in f.read_text(encoding="utf-8")
    ) + dt.timedelta(days=1)
    added = text.replace("index_no: cgz/2024-00001", "index_no: cgz/2025-00099")
    added = re.sub(r"(?m)^published: .*$", f"published: {newest}", added)
    (src / "records" / "2025" / "cgz-00099.md").write_text(added, encoding="utf-8")
    _, _, log = _incremental_and_full(src)
    assert PARTS.search(log).groups() == ("3", "2")
    assert len(list(parts.glob("*/*"))) == 3  # this build's parts alone

    # A published record made a draft again: no part the site serves holds it, kept or made.
    def fragments():
        return [gzip.decompress(f.read_bytes()) for f in (src / "site" / "pagefind").rglob("*.pf_fragment")]

    assert [f for f in fragments() if b"/rsj/2024-00001/" in f]
    middle = src / "records" / "2024" / "rsj-00001.md"
    middle.write_text(middle.read_text(encoding="utf-8").replace("\n---\n", "\ndraft: true\n---\n", 1), "utf-8")
    _incremental_and_full(src)
    assert len(fragments()) > 60 and not [f for f in fragments() if b"/rsj/2024-00001/" in f]


def test_a_corrupted_or_foreign_entry_is_never_served(built, tmp_path):
    src = _copy(built, tmp_path)
    entries = _entries(src)
    records = sorted(uri for uri in entries if re.fullmatch(r"xxgk/[a-z]+/\d{4}-\d{5}\.md", uri))
    corrupted, foreign, truncated, forged = (entries[uri] for uri in records[:4])
    # A flipped byte in the page, a file of another page under this page's key, half a file.
    raw = bytearray(corrupted.read_bytes())
    raw[-5] ^= 0xFF
    corrupted.write_bytes(bytes(raw))
    foreign.write_bytes(entries[records[10]].read_bytes())
    truncated.write_bytes(truncated.read_bytes()[: len(MAGIC) + 40])
    # A sound entry (its own key, a right checksum) that keeps another page: another site's, say.
    content = BuildCache(src / ".cache" / "gongkai").get("pages", entries[records[11]].name)
    assert content is not None and b"\xe5" in content
    BuildCache(src / ".cache" / "gongkai").put("pages", forged.name, content)
    kept, made, _ = _incremental_and_full(src)
    assert made == 4 and kept > 60


def test_a_build_strict_mode_aborts_keeps_nothing_for_the_next(built, tmp_path):
    """MkDocs aborts a strict build with a warning after every plugin's on_post_build: the cache
    must stay as the last build that passed left it."""
    src = _copy(built, tmp_path)
    cache = src / ".cache" / "gongkai"

    def entries():  # the build's own (the records' cache is the check's, kept whatever the build does)
        return sorted(p.relative_to(cache) for k in ("pages", "search") for p in (cache / k).rglob("*") if p.is_file())

    before = entries()
    assert len(before) > 60
    record = src / "records" / "2024" / "cgz-00001.md"
    record.write_text(record.read_text(encoding="utf-8") + "\n本说明的补充：已全部公开。\n", encoding="utf-8")
    # A warning only MkDocs gives, once the pages are made: an anchor the page does not have.
    (src / "docs" / "guide-broken.md").write_text("# 说明\n\n见[指南](guide.md#no-such-anchor)。\n", encoding="utf-8")
    config = src / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "validation:\n  anchors: warn\n", encoding="utf-8")
    done = ourcommands.run(
        [str(BIN / "mkdocs"), "build", "--strict"], cwd=src, env=command_env(src, GONGKAI_AS_OF=SAMPLE_AS_OF)
    )
    assert done.returncode != 0 and "no-such-anchor" in done.stderr and "strict mode" in done.stdout + done.stderr
    assert entries() == before


def test_no_cache_when_it_is_off(built, tmp_path):
    src = _copy(built, tmp_path)
    shutil.rmtree(src / ".cache")
    config = src / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - gongkai:\n", "  - gongkai:\n      build_cache: off\n"), encoding="utf-8")
    kept, made, log = _build(src)
    assert (kept, made) == (0, 0) and "生成缓存" not in log
    assert not (src / ".cache").exists()


def test_the_same_installation_gives_the_same_code_digest_whatever_sys_path_repeats(monkeypatch):
    """A folder on sys.path twice (PYTHONPATH naming the installed package's folder, as the test
    process has it) finds its distributions twice: the cache's key must not change with it."""
    once = code_digest.__wrapped__()
    monkeypatch.setattr(sys, "path", [*sys.path, *sys.path])
    assert code_digest.__wrapped__() == once


def test_the_projects_template_overrides_are_in_the_key_wherever_the_project_lies(monkeypatch, tmp_path):
    """A project inside a virtual environment's folder (`python -m venv .` in it), or under /usr with
    Debian's Python, lies under sys.prefix: its overrides were taken for an installed theme's and left
    out of the key, and a changed footer kept every page's old one. (Material's own templates, in
    site-packages, are its version, which the key holds.)"""
    from mkdocs.config import load_config

    from gongkai.plugin.pagecache import site_key

    src = tmp_path / "prefix" / "proj"
    shutil.copytree(ROOT / "docs", src / "docs")
    shutil.copy(ROOT / "mkdocs.yml", src / "mkdocs.yml")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))

    def key() -> str:
        config = load_config(str(src / "mkdocs.yml"))
        return site_key(config)[0]

    before = key()
    footer = src / "docs" / "overrides" / "partials" / "copyright.html"
    text = footer.read_text(encoding="utf-8")
    footer.write_text(text.replace("主办单位：", "主办单位（已改）：", 1), encoding="utf-8")
    assert key() != before
