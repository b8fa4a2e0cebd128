# ruff: noqa: F811  (pytest fixtures imported from test_recordcache)
"""Review of the records' cache (gongkai.portal.recordcache): inputs and sequences of edits after
which a check WITH the cache must say exactly what a check WITHOUT it says (GONGKAI_CACHE=off),
never crash, and never let through what should be refused.

Each test is an attack, written before the code was read. Those that found a disagreement (a
changed attachment's secret, a file saved while it was read, a planted pickle, litter, a link hidden
by `..`, an entry of another shape, a cache folder among the pages) pass since their fix; the one
left as an expected failure is make's rule: a file rewritten in place with its size and times kept."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import flat, make_pdf
from gongkai.model import records as records_module
from gongkai.portal import recordcache
from gongkai.text.problems import InputError
from test_recordcache import ATTACHMENT, RECORD, Reads, load, same, src  # noqa: F401 (the fixture)

DRAFT = "records/2025/fgj-00002.md"  # draft: true; its 索引号 fgj/2025-00002 is a secret
OTHER = "records/2024/czj-00001.md"  # a published record


def errors(result) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}:{p.message}" for p in result.problems.errors]


def both(src: Path, **kwargs):
    """(with the cache, without): the two loadings of `src` as they are now."""
    return load(src, **kwargs), load(src, cache=False, **kwargs)


# -- 1. the sourcescan's "clean" verdict is keyed by the record's bytes only -------------------------


def test_an_attachment_that_now_quotes_a_draft_is_refused_again(src):
    """A published record lists a PDF; the PDF is replaced by one quoting a draft's 索引号. The record
    file is unchanged, so `clean_under` still counts it clean and the sourcescan skips its files."""
    assert not isinstance(load(src), InputError)
    (src / ATTACHMENT).write_bytes(make_pdf("see fgj/2025-00002 for the plan"))
    with_cache, without = both(src)
    assert isinstance(without, InputError), "without the cache: refused (the draft's 索引号 in a PDF)"
    assert any("fgj/2025-00002" in e or "草稿" in e for e in errors(without))
    same(with_cache, without)


def test_a_body_linked_file_that_now_quotes_a_draft_is_refused_again(src):
    """The same through a file the body links to (not an attachment)."""
    path = src / OTHER
    (src / "records/2024/files/note.pdf").write_bytes(make_pdf("nothing here"))
    path.write_text(path.read_text(encoding="utf-8") + "\n[说明](files/note.pdf)\n", encoding="utf-8")
    assert not isinstance(load(src), InputError), load(src).problems.report()
    (src / "records/2024/files/note.pdf").write_bytes(make_pdf("draft fgj/2025-00002 attached"))
    with_cache, without = both(src)
    assert isinstance(without, InputError)
    same(with_cache, without)


# -- 2. the bytes digested are not the bytes read ------------------------------------------------------


def test_a_record_saved_while_it_is_read(src, monkeypatch):
    """The editor (or a clerk's editor's autosave) writes the record between `read_or_none` (the digest)
    and `RecordReader.read` (the parse). The entry pairs the old bytes' digest with the new bytes'
    record; when the file goes back to the old bytes (undo), the new bytes' record is served."""
    path = src / RECORD
    old = path.read_bytes()
    new = old.replace("征收土地公告（".encode(), "征收土地的公告（".encode(), 1)
    real = records_module.RecordReader.read

    def read(reader, p, *args, **kwargs):
        if Path(p) == path and path.read_bytes() == old:
            path.write_bytes(new)  # saved just after the digest was taken
        return real(reader, p, *args, **kwargs)

    monkeypatch.setattr(records_module.RecordReader, "read", read)
    load(src)
    monkeypatch.undo()
    path.write_bytes(old)  # undo
    with_cache, without = both(src)
    title = lambda c: next(r.title for r in c.records if r.rel_path.endswith("zrj-00002.md"))  # noqa: E731
    assert title(without).startswith("澄岭县人民政府征收土地公告")
    assert title(with_cache) == title(without)


# -- 3. the cache file is a pickle: loading it runs whatever it says ----------------------------------


def test_a_hostile_cache_file_runs_no_code(src, tmp_path):
    """A cache file committed to the site's repository (`git add -f`: .gitignore does not stop a
    tracked file) or restored from elsewhere: its header is easy to forge (the code digest is the
    release's, the base a CI's fixed path, the rest is in the repository), and then pickle.load runs
    what the file says. The marker file must not appear."""
    load(src)
    cache_file = src / ".cache" / "gongkai" / "records" / "drafts.pickle"
    header = b"\n".join(cache_file.read_bytes().split(b"\n", 2)[:2])  # MAGIC and this context
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    cache_file.write_bytes(header + b"\n" + pickle.dumps(Evil()))
    load(src)
    assert not marker.exists(), "the cache file ran a command"


# -- 4. the cache folder itself ------------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_folder_is_no_crash(src):
    first = load(src)
    folder = src / ".cache" / "gongkai" / "records"
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        path = src / RECORD
        path.write_text(path.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
        second = load(src)
        assert not isinstance(second, InputError)
        same(second, load(src, cache=False))
    finally:
        folder.chmod(stat.S_IRWXU)
    assert type(first) is type(second)


def test_a_cache_file_that_is_a_folder_is_no_crash_and_leaves_no_litter(src):
    folder = src / ".cache" / "gongkai" / "records"
    (folder / "drafts.pickle").mkdir(parents=True)
    same(load(src), load(src, cache=False))
    load(src)
    litter = [p.name for p in folder.iterdir() if p.name.startswith(".tmp-")]
    assert not litter, f"temporary files left behind: {litter}"


def test_a_cache_folder_that_is_a_file_is_no_crash(src):
    (src / ".cache" / "gongkai").mkdir(parents=True)
    (src / ".cache" / "gongkai" / "records").write_text("x")
    same(load(src), load(src, cache=False))


# -- 5. record files turning into other things -----------------------------------------------------


def test_a_record_file_becoming_a_symlink(src):
    load(src)
    path = src / RECORD
    real = src / "elsewhere.md"
    shutil.move(path, real)
    path.symlink_to(real)
    same(*both(src))
    load(src)
    same(*both(src))


def test_a_record_file_becoming_a_folder(src):
    load(src)
    path = src / RECORD
    path.unlink()
    path.mkdir()
    same(*both(src))


def test_a_record_moved_keeps_nothing_stale(src, monkeypatch):
    """Same bytes, another folder: its relative attachment path now points nowhere."""
    load(src)
    (src / "records/2023").mkdir(exist_ok=True)
    shutil.move(src / RECORD, src / "records/2023/zrj-00002.md")
    with_cache, without = both(src)
    assert isinstance(without, InputError)
    same(with_cache, without)


def test_two_records_swapped(src):
    """Two files exchange their bytes (same sizes are not needed: the key is the digest)."""
    load(src)
    a, b = src / RECORD, src / "records/2024/zrj-00001.md"
    ta, tb = a.read_bytes(), b.read_bytes()
    a.write_bytes(tb)
    b.write_bytes(ta)
    same(*both(src))


# -- 6. the files a record names ----------------------------------------------------------------------


def test_a_linked_record_deleted_or_made_a_draft(src):
    path = src / RECORD
    path.write_text(path.read_text(encoding="utf-8") + "\n见[预算](../2024/czj-00001.md)。\n", encoding="utf-8")
    assert not isinstance(load(src), InputError)
    target = src / OTHER
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("\n---\n", "\ndraft: true\n---\n", 1), encoding="utf-8")
    same(*both(src))
    target.unlink()
    with_cache, without = both(src)
    assert isinstance(without, InputError)
    same(with_cache, without)


def test_a_linked_record_given_the_same_size_and_time(src):
    """A linked record rewritten with the same size and modification time (os.utime): its own entry
    is read again (its digest changed), and check_links runs every time."""
    path = src / RECORD
    path.write_text(path.read_text(encoding="utf-8") + "\n见[预算](../2024/czj-00001.md)。\n", encoding="utf-8")
    load(src)
    target = src / OTHER
    info = target.stat()
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("\n---\n", "\ndraft: true\n---\n", 1).replace("。", "", 1) + "", encoding="utf-8")
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    same(*both(src))


def test_an_attachment_rewritten_in_place_with_the_same_size_and_time(src):
    """`cp -p` of a same-sized file over the attachment (same inode, mtime set back): the change
    time, which no program sets back, tells the cache the file is not the one it read."""
    assert not isinstance(load(src), InputError)
    old = (src / ATTACHMENT).read_bytes()
    info = (src / ATTACHMENT).stat()
    pad = len(old) - len(make_pdf("ID 11010519491231002X")) - 2
    for _ in range(5):
        evil = make_pdf("ID 11010519491231002X", pad=pad)
        pad += len(old) - len(evil)
    if len(evil) != len(old):
        pytest.skip("could not pad to the same size")
    with open(src / ATTACHMENT, "r+b") as f:  # same inode
        f.write(evil)
    os.utime(src / ATTACHMENT, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (src / ATTACHMENT).stat().st_ino == info.st_ino and (src / ATTACHMENT).stat().st_size == info.st_size
    with_cache, without = both(src)
    assert isinstance(without, InputError)
    same(with_cache, without)


def test_an_index_no_taken_twice_by_a_changed_file(src):
    load(src)
    path = src / "records/2024/zrj-00001.md"
    text = path.read_text(encoding="utf-8")
    import re

    path.write_text(re.sub(r"(?m)^index_no: .*$", "index_no: zrj/2024-00002", text, count=1), encoding="utf-8")
    with_cache, without = both(src)
    assert isinstance(without, InputError)
    same(with_cache, without)


# -- 7. what the context does and does not hold -------------------------------------------------------


def test_holidays_changed(src):
    load(src)
    holidays = src / "records" / "holidays.yml"
    if holidays.exists():
        holidays.write_text(holidays.read_text(encoding="utf-8") + "\n# x\n", encoding="utf-8")
    same(*both(src))


def test_settings_from_an_inherited_file(src):
    """mkdocs.yml INHERITs the whole site's settings: an option changed there is an option changed."""
    yml, base = src / "mkdocs.yml", src / "base.yml"
    shutil.move(yml, base)
    yml.write_text("INHERIT: base.yml\n", encoding="utf-8")
    assert not isinstance(load(src), InputError)
    text = base.read_text(encoding="utf-8")
    base.write_text(text.replace("per_page: 50", "per_page: 50\n      attachment_types: [docx]"), encoding="utf-8")
    with_cache, without = both(src)
    assert isinstance(without, InputError), "the PDF attachments are no longer allowed"
    same(with_cache, without)


def test_the_as_of_day_crosses_a_scheduled_record(src):
    path = src / OTHER
    import datetime as dt
    import re

    from test_recordcache import AS_OF

    day = AS_OF + dt.timedelta(days=1)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^published: .*$", f"published: {day}", text, count=1), encoding="utf-8")
    load(src)
    same(*both(src, as_of=day))
    same(*both(src))


# -- 8. a symbolic link hidden by `..` -----------------------------------------------------------------


def _hidden_link(src: Path) -> Path:
    """RECORD's attachment written `files/lnk/../scope.pdf`, `lnk` a link to another folder of
    records/: the reader resolves it to records/2023/files/scope.pdf, while its link check and the
    cache's fingerprint both look at the lexically normalised records/2024/files/scope.pdf (a decoy)."""
    real_dir = src / "records/2023/files"
    (real_dir / "deep").mkdir(parents=True)
    shutil.copy(src / ATTACHMENT, real_dir / "scope.pdf")  # what is published
    shutil.copy(src / ATTACHMENT, src / "records/2024/files/scope.pdf")  # the decoy
    (src / "records/2024/files/lnk").symlink_to("../../2023/files/deep")
    path = src / RECORD
    path.write_text(
        path.read_text(encoding="utf-8").replace("files/zrj-2024-00002-scope.pdf", "files/lnk/../scope.pdf"),
        encoding="utf-8",
    )
    return real_dir / "scope.pdf"


def test_a_link_hidden_by_dotdot_is_refused(src):
    _hidden_link(src)
    result = load(src, cache=False)
    assert isinstance(result, InputError), "an attachment reached through a symbolic link is refused"


def test_a_link_hidden_by_dotdot_and_the_cache(src):
    """Refused, so never kept; and the cache's fingerprint resolves a path as written as well."""
    published = _hidden_link(src)
    assert isinstance(load(src), InputError)
    published.write_bytes(make_pdf("ID 11010519491231002X"))
    with_cache, without = both(src)
    assert isinstance(without, InputError)
    same(with_cache, without)
    named = (src / "records/2024/files/lnk/../scope.pdf",)
    assert recordcache.fingerprint(named, src / "records") is None


# -- 9. what pickle cannot keep, and a cache file of the right header but another shape --------------


@pytest.mark.parametrize("depth", [200, 3000])
def test_a_deeply_nested_extra_value(src, depth):
    """An extra front-matter key holding a list nested `depth` deep: pickling it must not crash."""
    yml = src / "mkdocs.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace("per_page: 50", "per_page: 50\n      private_keys: [memo]"),
        encoding="utf-8",
    )
    path = src / RECORD
    value = "[" * depth + "x" + "]" * depth
    path.write_text(path.read_text(encoding="utf-8").replace("\n---\n", f"\nmemo: {value}\n---\n", 1), encoding="utf-8")
    without = load(src, cache=False)
    with_cache = load(src)
    same(with_cache, without)
    same(load(src), without)


@pytest.mark.parametrize("payload", ["entry", "clean"])
def test_a_cache_file_with_the_right_header_and_another_shape(src, payload):
    load(src)
    cache_file = src / ".cache" / "gongkai" / "records" / "drafts.pickle"
    header = b"\n".join(cache_file.read_bytes().split(b"\n", 2)[:2]) + b"\n"
    key = str(src / RECORD)
    body = ({key: ("not", "an", "entry")}, ("", {})) if payload == "entry" else ({}, ("a", "b", "c"))
    cache_file.write_bytes(header + pickle.dumps(body))
    same(load(src), load(src, cache=False))


# -- 10. the cache published -------------------------------------------------------------------------


def _mkdocs_build(src: Path, **env) -> subprocess.CompletedProcess:
    from conftest import BIN, SAMPLE_AS_OF, command_env

    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "-q"],
        cwd=src,
        env=command_env(src, GONGKAI_AS_OF=SAMPLE_AS_OF, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_cache_folder_among_the_pages_is_not_published(src):
    """`build_cache: docs/cache` (a webmaster's slip): the records' cache, written in on_config before
    MkDocs collects docs/, is copied to site/ by the same build, with every draft's title, 索引号 and
    summary and every private value; the site's leak scan does not read .pickle files."""
    yml = src / "mkdocs.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace("per_page: 50", "per_page: 50\n      build_cache: docs/cache"),
        encoding="utf-8",
    )
    done = _mkdocs_build(src)
    published = [p for p in (src / "site").rglob("*") if p.is_file() and b"fgj/2025-00002" in p.read_bytes()]
    assert done.returncode != 0 or not published, f"the draft's 索引号 published in {published}"


def test_the_build_refuses_a_changed_attachment_at_the_records_line(src):
    assert _mkdocs_build(src).returncode == 0
    (src / ATTACHMENT).write_bytes(make_pdf("see fgj/2025-00002 for the plan"))
    with_cache = _mkdocs_build(src)
    without = _mkdocs_build(src, GONGKAI_CACHE="off")
    assert without.returncode == with_cache.returncode == 1
    assert "records/2024/zrj-00002.md" in without.stderr
    assert "records/2024/zrj-00002.md" in with_cache.stderr, with_cache.stderr[-600:]


def test_an_attachment_saved_while_its_record_is_read(src, monkeypatch):
    """The attachment is replaced after the reader scanned it and before `fingerprint` looks at it
    (a clerk copying a new PDF in while `mkdocs serve` rebuilds): the entry pairs the old PDF's
    verdict with the new PDF's size, time and inode, so no later run reads the new PDF again."""
    from gongkai.portal import catalog

    real = catalog.fingerprint
    calls = []

    def late(named, root, *args):
        # The second look at the record's files, after the guard read them: the PDF was replaced in between.
        if any(str(p).endswith("zrj-2024-00002-scope.pdf") for p in named):
            calls.append(1)
            if len(calls) == 2:
                (src / ATTACHMENT).write_bytes(make_pdf("ID 11010519491231002X"))
        return real(named, root, *args)

    monkeypatch.setattr(catalog, "fingerprint", late)
    assert not isinstance(load(src), InputError)
    monkeypatch.undo()
    with_cache, without = both(src)
    assert isinstance(without, InputError)
    same(with_cache, without)


@pytest.mark.parametrize("folder", ["site/c", "docs/c", "site.building/c", "site.old/c"])
def test_a_build_cache_inside_what_is_published_is_refused(site, folder):
    # site.building is where the build writes the site before renaming it: a cache there went out with it.
    site.configure(build_cache=folder)
    site.good()
    for done in (site.gongkai("check"), site.mkdocs("build")):
        assert done.returncode == 1, done.stderr
        assert "plugins.gongkai.build_cache：生成缓存的目录" in flat(done.stderr)
        assert "缓存里有草稿等不公开的内容，会随网站一起发布" in done.stderr
    assert not (site.root / "site").exists()
