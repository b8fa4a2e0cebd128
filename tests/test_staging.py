"""Publishing a build: site/ a folder (two renames) or a link (switched to a new release in one
step); what is in the way is said, never a traceback; a failed build changes nothing."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from gongkai.plugin.staging import Staging, StagingError


def build(root: Path, text: str, fail: bool = False) -> tuple[Staging, str | None]:
    """One build as the plugin runs it: begin, MkDocs writes into config.site_dir, publish or discard."""
    config = SimpleNamespace(site_dir=str(root / "site"))
    staging = Staging()
    staging.begin(config)
    out = Path(config.site_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(text)
    if fail:
        staging.discard()
        return staging, None
    return staging, staging.publish()


def test_a_folder_is_replaced_whole(tmp_path):
    build(tmp_path, "one")
    build(tmp_path, "two")
    assert (tmp_path / "site/index.html").read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]
    build(tmp_path, "three", fail=True)
    assert (tmp_path / "site/index.html").read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_link_to_the_web_root_is_switched_to_each_new_release_and_the_web_root_left_alone(tmp_path):
    web_root = tmp_path / "www"
    web_root.mkdir()
    (web_root / "index.html").write_text("what the web server had")
    (tmp_path / "site").symlink_to(web_root)
    _, note = build(tmp_path, "one")
    link = tmp_path / "site"
    assert link.is_symlink() and os.readlink(link) == "site.releases/0001"
    assert (link / "index.html").read_text() == "one"
    assert (web_root / "index.html").read_text() == "what the web server had"
    assert note and str(web_root) in note and "网站服务器的根目录请设为链接" in note
    _, note = build(tmp_path, "two")
    assert note is None and os.readlink(link) == "site.releases/0002" and (link / "index.html").read_text() == "two"
    assert sorted(p.name for p in (tmp_path / "site.releases").iterdir()) == ["0001", "0002"]  # the one before stays
    build(tmp_path, "three")
    assert sorted(p.name for p in (tmp_path / "site.releases").iterdir()) == ["0002", "0003"]
    build(tmp_path, "four", fail=True)
    assert os.readlink(link) == "site.releases/0003" and (link / "index.html").read_text() == "three"
    assert sorted(p.name for p in (tmp_path / "site.releases").iterdir()) == ["0002", "0003"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site", "site.releases", "www"]


def test_a_release_left_by_a_killed_build_is_not_published_and_goes_away(tmp_path):
    (tmp_path / "site.releases/0001").mkdir(parents=True)
    (tmp_path / "site").symlink_to("site.releases/0001")
    (tmp_path / "site.releases/0002").mkdir()  # killed half-way
    (tmp_path / "site.releases/0002/half.html").write_text("half")
    build(tmp_path, "new")
    assert os.readlink(tmp_path / "site") == "site.releases/0003"
    assert sorted(p.name for p in (tmp_path / "site.releases").iterdir()) == ["0001", "0003"]


@pytest.mark.parametrize("stray", ["site.old", "site.building", "site"])
def test_a_file_in_the_way_is_said_and_left_as_it_is(tmp_path, stray):
    if stray != "site":
        build(tmp_path, "one")
    (tmp_path / stray).write_text("somebody's file")
    with pytest.raises(StagingError, match=rf"{stray} 是一个文件，挡住了网站的生成.*改法：.*rm {stray}"):
        build(tmp_path, "two")
    assert (tmp_path / stray).read_text() == "somebody's file"


def test_a_link_in_the_way_is_said_too(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "site.old").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(StagingError, match="site.old 是一个符号链接"):
        build(tmp_path, "one")
    (tmp_path / "site.old").unlink()
    (tmp_path / "site").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "site.releases").write_text("x")
    with pytest.raises(StagingError, match="site.releases 是一个文件"):
        build(tmp_path, "one")


def test_a_folder_left_by_a_killed_build_is_replaced(tmp_path):
    (tmp_path / "site.building").mkdir()
    (tmp_path / "site.building/half.html").write_text("half")
    build(tmp_path, "one")
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["index.html"]


def test_mkdocs_build_through_a_link_and_a_stray_file_said_in_chinese(site):
    site.good()
    web_root = site.root.parent / "www"
    web_root.mkdir()
    (site.root / "site").symlink_to(web_root)
    first = site.mkdocs("build")
    assert first.returncode == 0, first.stderr
    assert "现在指向 site.releases/0001" in first.stderr
    assert (site.root / "site/xxgk/czj/2024-00001/index.html").is_file() and list(web_root.iterdir()) == []
    assert site.mkdocs("build").returncode == 0
    assert os.readlink(site.root / "site") == "site.releases/0002"
    (site.root / "site.link").write_text("")  # a leftover of an interrupted switch is replaced
    assert site.mkdocs("build").returncode == 0
    (site.root / "site.releases").rename(site.root / "kept")
    (site.root / "site.releases").write_text("x")
    failed = site.mkdocs("build")
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert "site.releases 是一个文件，挡住了网站的生成" in failed.stderr


@pytest.mark.parametrize("site_dir", ["records", "records/2024", ".", "docs/out"])
def test_a_site_dir_that_would_replace_records_or_the_project_is_refused_and_nothing_deleted(site, site_dir):
    """An outsider set `site_dir: records`: the build replaced records/ with the site, uncommitted records
    and all. The site's folder must not be, hold or lie in the project, records/ or docs/."""
    path = site.good()
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"site_dir: {site_dir}\n", encoding="utf-8")

    def listing():
        # .cache/ (git-ignored) aside: the records are read, and kept there, before the folders are judged.
        return sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*") if ".cache" not in p.parts)

    before = listing()
    done = site.mkdocs("build")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    # MkDocs itself refuses a site_dir that holds docs/ or lies in it; ours says the rest.
    said = "重叠" if site_dir.startswith("records") else "docs_dir"
    assert "site_dir" in done.stderr and said in done.stderr, done.stderr[-1500:]
    assert path.is_file()
    assert listing() == before


def test_a_releases_folder_that_is_a_link_is_said_and_its_target_left_alone(tmp_path):
    """An outsider linked site.releases elsewhere: older releases were removed there."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "0042").mkdir(parents=True)
    (elsewhere / "0042" / "p.txt").write_text("keep me")
    (tmp_path / "site.releases").symlink_to(elsewhere)
    (tmp_path / "site").symlink_to("site.releases/0042")
    with pytest.raises(StagingError, match="site.releases"):
        build(tmp_path, "one")
    assert (elsewhere / "0042" / "p.txt").read_text() == "keep me"


def test_a_second_build_of_the_site_while_one_runs_stops_and_touches_nothing(tmp_path):
    """Two builds at once emptied and renamed each other's folders: a traceback, no site/, or half
    a site published as a success. The second stops at once; the first goes on and publishes."""
    pytest.importorskip("fcntl")
    build(tmp_path, "one")
    config = SimpleNamespace(site_dir=str(tmp_path / "site"))
    first = Staging()
    first.begin(config)
    Path(config.site_dir).mkdir()
    (Path(config.site_dir) / "index.html").write_text("two")
    with pytest.raises(StagingError, match=r"另一次生成正在生成 .*site（它持有 .*\.site\.lock），这次没有生成"):
        build(tmp_path, "three")
    assert (tmp_path / "site.building/index.html").read_text() == "two"  # the first's folder, untouched
    first.publish()
    assert (tmp_path / "site/index.html").read_text() == "two"
    build(tmp_path, "four")  # the lock is dropped once the first has published
    assert (tmp_path / "site/index.html").read_text() == "four"


def test_the_lock_of_a_build_that_died_holds_back_no_other(tmp_path):
    import subprocess
    import sys

    pytest.importorskip("fcntl")

    holder = (
        "import os, fcntl, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
        "fcntl.flock(fd, fcntl.LOCK_EX); os._exit(9)"
    )
    subprocess.run([sys.executable, "-c", holder, str(tmp_path / ".site.lock")], check=False)
    build(tmp_path, "one")
    assert (tmp_path / "site/index.html").read_text() == "one"
