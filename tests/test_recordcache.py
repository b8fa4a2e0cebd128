"""The records' cache (gongkai.portal.recordcache): a second `gongkai check` reads again only what
changed, and says exactly what a check without the cache says, whatever changed in between: a record,
a file it names, the taxonomy, a draft whose title becomes a secret, the cache file itself."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import BIN, ROOT, SAMPLE_AS_OF, command_env, make_pdf
from gongkai.model import records as records_module
from gongkai.portal.catalog import load_catalog
from gongkai.portal.recordcache import MAGIC
from gongkai.siteconfig import read_mkdocs_settings
from gongkai.text.problems import InputError
from test_personal import id_number

AS_OF = dt.date.fromisoformat(SAMPLE_AS_OF)
RECORD = "records/2024/zrj-00002.md"  # lists a PDF attachment
ATTACHMENT = "records/2024/files/zrj-2024-00002-scope.pdf"


@pytest.fixture
def src(tmp_path) -> Path:
    """A copy of the repository's sample site, with a warning: a `#` in a title read as a comment."""
    dest = tmp_path / "src"
    dest.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "records", dest / "records")
    record = dest / "records" / "2025" / "fgj-00002.md"
    text = record.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    record.write_text(text.replace(title, title + " #附件", 1), encoding="utf-8")
    return dest


class Reads:
    """Counts the record files read (not taken from the cache)."""

    def __init__(self, monkeypatch):
        self.paths: list[str] = []
        real = records_module.RecordReader.read

        def read(reader, path, *args, **kwargs):
            self.paths.append(Path(path).name)
            return real(reader, path, *args, **kwargs)

        monkeypatch.setattr(records_module.RecordReader, "read", read)


def load(src: Path, cache: bool = True, **kwargs):
    """The catalogue of `src` (or the InputError), read with the cache in src/.cache when `cache`."""
    settings = read_mkdocs_settings(src / "mkdocs.yml")
    options = dict(as_of=AS_OF, scan_drafts=True, pages=src / "docs")
    if cache:
        options.update(cache_dir=src / ".cache" / "gongkai", code="test")
    try:
        return load_catalog(src, settings, **{**options, **kwargs})
    except InputError as exc:
        return exc


def comparable(records) -> list:
    """`records` with their agency and category by name (each loading has its own taxonomy objects)."""
    return [replace(r, agency=r.agency and r.agency.name, category=r.category and r.category.path) for r in records]


def same(a, b) -> None:
    """Two loadings say the same: the same records (every field), drafts, problems, exemptions."""
    assert type(a) is type(b)
    if isinstance(a, InputError):
        assert a.problems.items == b.problems.items
        return
    assert comparable(a.records) == comparable(b.records)
    assert comparable(a.drafts) == comparable(b.drafts)
    assert a.problems.items == b.problems.items
    assert a.exemptions == b.exemptions


def test_second_reading_takes_every_record_from_the_cache(src, monkeypatch):
    reads = Reads(monkeypatch)
    first = load(src)
    n = len(reads.paths)
    assert n == len(first.records) + len(first.drafts) + len(first.scheduled) > 30
    second = load(src)
    assert len(reads.paths) == n, "no record file read again"
    same(first, second)
    same(second, load(src, cache=False))
    assert any("被当作注释" in p.message for p in second.problems.warnings), "said again from the cache"


def test_a_changed_record_is_read_again(src, monkeypatch):
    load(src)
    path = src / RECORD
    path.write_text(path.read_text(encoding="utf-8").replace("征收土地公告（", "征收土地的公告（", 1), encoding="utf-8")
    reads = Reads(monkeypatch)
    second = load(src)
    assert reads.paths == ["zrj-00002.md"]
    assert any(r.title.startswith("澄岭县人民政府征收土地的公告") for r in second.records)
    same(second, load(src, cache=False))


def test_a_checkout_that_touches_every_file_reads_again_only_what_changed(src, monkeypatch):
    """CI restores the cache into a fresh checkout, whose files all have new times (the workflows'
    check jobs count on it): a record file is known by its bytes; only a record that names other
    files (an attachment, a linked file) is read again for them, as make would."""
    reads = Reads(monkeypatch)
    load(src)
    n = len(reads.paths)
    path = src / "records" / "2024" / "cgz-00001.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n本说明的补充：已全部公开。\n", encoding="utf-8")
    for file in (src / "records").rglob("*"):
        file.touch()
    reads.paths.clear()
    second = load(src)
    assert "cgz-00001.md" in reads.paths and len(reads.paths) < n / 3, reads.paths
    assert RECORD.rsplit("/", 1)[1] in reads.paths  # it names a PDF, whose time is new
    same(second, load(src, cache=False))


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_a_body_comes_back_whole_whatever_the_line_endings(src, monkeypatch, newline):
    """The cache keeps a body's length where the body ends the file as it is (LF), its text where it
    does not (CRLF: the reader turns it into LF): both come back as a check without the cache reads them."""
    path = src / RECORD
    path.write_bytes(path.read_text(encoding="utf-8").replace("\n", newline).encode("utf-8"))
    load(src)
    reads = Reads(monkeypatch)
    second = load(src)
    assert reads.paths == []
    record = next(r for r in second.records if r.rel_path.endswith("zrj-00002.md"))
    assert record.body.startswith("澄岭县2024年第1批次城镇建设用地") and "\r" not in record.body
    same(second, load(src, cache=False))


def test_a_record_with_an_error_is_never_kept(src, monkeypatch):
    path = src / RECORD
    path.write_text(path.read_text(encoding="utf-8").replace("published: 2024-03-19", "published: 2024-02-30"))
    first = load(src)
    assert isinstance(first, InputError)
    reads = Reads(monkeypatch)
    second = load(src)
    assert reads.paths == ["zrj-00002.md"], "the file with the error is read again, the others are not"
    same(first, second)
    assert any("zrj-00002.md" in str(p.path) and p.line == 7 for p in second.problems.errors)


def test_an_attachment_replaced_is_read_again(src, monkeypatch):
    load(src)
    # The same name, new content: an ID number in the PDF's text (the personal-data guard reads it).
    (src / ATTACHMENT).write_bytes(make_pdf("ID 11010519491231002X"))
    reads = Reads(monkeypatch)
    second = load(src)
    assert reads.paths == ["zrj-00002.md"]
    assert isinstance(second, InputError)
    assert any("身份证" in p.message for p in second.problems.errors), second.problems.report()
    same(second, load(src, cache=False))


def test_an_attachment_removed_is_an_error_again(src):
    load(src)
    (src / ATTACHMENT).unlink()
    second = load(src)
    assert isinstance(second, InputError)
    assert any("不存在" in p.message for p in second.problems.errors)


def test_the_taxonomy_changed_reads_every_record_again(src, monkeypatch):
    first = load(src)
    taxonomy = src / "records" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n# 注释\n", encoding="utf-8")
    reads = Reads(monkeypatch)
    second = load(src)
    assert len(reads.paths) == len(first.records) + len(first.drafts) + len(first.scheduled)
    same(first, second)


def test_another_day_reads_nothing_again_where_no_birth_date_is_judged(src, monkeypatch):
    """The first check of a day takes what the last day's read from the cache (a CI job a day later, a
    clerk's morning check): the day decides nothing in these records."""
    first = load(src)
    reads = Reads(monkeypatch)
    later = load(src, as_of=AS_OF + dt.timedelta(days=1))
    assert not reads.paths
    same(later, load(src, cache=False, as_of=AS_OF + dt.timedelta(days=1)))
    assert comparable(later.records) == comparable(first.records)
    load(src, as_of=AS_OF + dt.timedelta(days=1), code="other code")
    assert reads.paths, "another version of the code reads every record again"


def test_a_birth_date_between_two_days_reads_its_record_again(src, monkeypatch):
    """A number born after the as-of day is no 身份证号 yet; on a day after the birth it is one. The
    record holding it is read again on each side of that date, and says what a reading without the
    cache says."""
    born = AS_OF + dt.timedelta(days=5)
    number = id_number("110105" + born.strftime("%Y%m%d") + "123")
    draft = src / "records" / "2025" / "fgj-00002.md"
    draft.write_text(draft.read_text(encoding="utf-8") + f"\n联系人身份证号{number}。\n", encoding="utf-8")

    def warned(catalog) -> bool:
        return any("身份证号" in p.message and p.path.endswith(draft.name) for p in catalog.problems.warnings)

    reads = Reads(monkeypatch)
    assert not warned(load(src)), "not yet born as of the day: not a 身份证号"
    steps = (  # (as of, found, read again): the entry holds before the birth, or from it on
        (born + dt.timedelta(days=5), True, True),
        (born, True, False),
        (AS_OF, False, True),
        (born - dt.timedelta(days=1), False, False),
    )
    for day, found, read_again in steps:
        reads.paths.clear()
        catalog = load(src, as_of=day)
        assert warned(catalog) is found, day
        assert reads.paths == (["fgj-00002.md"] if read_again else []), day
        same(catalog, load(src, cache=False, as_of=day))


def test_a_new_draft_title_is_found_in_records_read_from_the_cache(src):
    """The secrets (drafts' titles...) change: the records taken from the cache are scanned again."""
    assert not isinstance(load(src), InputError)
    published = src / RECORD
    body = published.read_text(encoding="utf-8")
    assert "城南片区道路" in body
    (src / "records" / "2024" / "zrj-00099.md").write_text(
        "---\ntitle: 城南片区道路、污水管网等公共基础设施建设\nindex_no: zrj/2024-00099\nagency: 澄岭县自然资源局\n"
        "category: 征地拆迁\npublished: 2024-04-01\ndraft: true\n---\n草稿正文。\n",
        encoding="utf-8",
    )
    second = load(src)
    assert isinstance(second, InputError), "the published record now quotes a draft's title"
    assert any(str(p.path).endswith("zrj-00002.md") and "草稿" in p.message for p in second.problems.errors)
    same(second, load(src, cache=False))


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: MAGIC + b"other context\n" + raw.split(b"\n", 2)[2],
        lambda raw: b"not a cache at all",
        lambda raw: raw.replace(MAGIC, b"gongkai-records 0\n"),
    ],
    ids=["truncated", "another-context", "garbage", "old-format"],
)
def test_a_damaged_cache_file_is_ignored(src, monkeypatch, damage):
    first = load(src)
    cache_file = src / ".cache" / "gongkai" / "records" / "drafts.pickle"
    cache_file.write_bytes(damage(cache_file.read_bytes()))
    reads = Reads(monkeypatch)
    second = load(src)
    assert len(reads.paths) > 30, "every record read again"
    same(first, second)
    reads.paths.clear()
    load(src)
    assert not reads.paths, "and the cache written anew"


def test_cli_check_says_the_same_with_and_without_the_cache(src):
    """`gongkai check` twice (the second from the cache), and with GONGKAI_CACHE=off: the same words."""

    def check(**env):
        done = subprocess.run(
            [str(BIN / "gongkai"), "check"],
            cwd=src,
            env=command_env(src, GONGKAI_AS_OF=SAMPLE_AS_OF, **env),
            capture_output=True,
            text=True,
        )
        return done.returncode, done.stdout, done.stderr

    first = check()
    assert (src / ".cache" / "gongkai" / "records" / "drafts.pickle").is_file()
    assert "被当作注释" in first[2]
    assert check() == first
    shutil.rmtree(src / ".cache")
    assert check(GONGKAI_CACHE="off") == first
    assert not (src / ".cache").exists(), "GONGKAI_CACHE=off writes no cache"


@pytest.mark.parametrize("inside", ["docs/cache", "site/cache"])
def test_a_cache_folder_that_would_be_published_is_refused(src, inside):
    """The cache holds drafts' titles and private values: not among the pages, not in site/."""
    result = load(src, cache_dir=src / inside, site=src / "site")
    assert isinstance(result, InputError)
    assert any(p.field == "plugins.gongkai.build_cache" for p in result.problems.errors)
    assert not (src / inside).exists(), "nothing written there"
