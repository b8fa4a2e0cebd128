"""Engine independence: the sample builds with ProperDocs (the maintained MkDocs 1.x fork) and gives
the same site as MkDocs, the generator tag aside (issue 17); and the same on one core or two (issue 20)."""

from __future__ import annotations

import hashlib
import re
import subprocess

import pytest

from conftest import BIN, SAMPLE_AS_OF, command_env

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _digests(site) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(GENERATOR.sub(b"", p.read_bytes())).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_the_sample_builds_the_same_with_properdocs_and_mkdocs_on_one_core_or_two(tmp_path, sample_site):
    """ProperDocs and MkDocs give the same site, and so do a serial build (the shared build of the
    sample: under MIN_PAGES, converted and rendered on one core) and builds whose pages are converted
    and rendered on two cores (gongkai/plugin/converting.py, rendering.py; forced on the small sample)."""
    src = sample_site.parent
    built = {("mkdocs", "0"): _digests(sample_site)}
    for engine in ("mkdocs", "properdocs"):
        out = tmp_path / f"{engine}-1"
        # Without the build cache the shared build left: every page is converted, half by the child.
        env = command_env(tmp_path, GONGKAI_AS_OF=SAMPLE_AS_OF, GONGKAI_PARALLEL="1", GONGKAI_CACHE="off")
        done = subprocess.run(
            [str(BIN / engine), "build", "--strict", "--verbose", "-d", str(out)],
            cwd=src,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        handed = re.search(r"gongkai: (\d+) of (\d+) pages converted by a second process", done.stderr)
        assert handed and int(handed[1]) == int(handed[2]) >= 20, done.stderr[-2000:]  # the build took them
        rendered = re.search(r"gongkai: (\d+) of (\d+) pages rendered by a second process", done.stderr)
        assert rendered and int(rendered[1]) == int(rendered[2]) >= 20, done.stderr[-2000:]
        built[(engine, "1")] = _digests(out)
    assert len(built["mkdocs", "0"]) > 200
    assert built["mkdocs", "1"] == built["mkdocs", "0"]
    assert built["properdocs", "1"] == built["mkdocs", "0"]
    generator = (tmp_path / "properdocs-1" / "index.html").read_text(encoding="utf-8")
    assert 'content="properdocs-' in generator.lower() or "properdocs" in generator.lower()


def _build(src, out, tmp_path, *command: str, timeout: float | None = None, **env: str) -> subprocess.CompletedProcess:
    """`timeout`: a guard against a build that never ends (not a speed test); `env`: variables added."""
    env = command_env(tmp_path, GONGKAI_AS_OF=SAMPLE_AS_OF, GONGKAI_PARALLEL="1", GONGKAI_CACHE="off", **env)
    return subprocess.run(
        [*command, "build", "--strict", "--verbose", "-d", str(out)],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


#: `mkdocs` with the child that renders pages (gongkai/plugin/rendering.py) stopping dead after
#: two pages, as a killed or crashed process would: the build process must render the rest.
DYING_CHILD = """
import os, sys
import gongkai.plugin.rendering as rendering

def dying(renderer, plugin, config, files, nav, env, pages, conn):
    renderer.in_child = True
    for page in pages[:2]:
        conn.send((page.file.src_uri, "half a page", [], []))
    os._exit(9)

rendering._child = dying
if __name__ == "__main__":  # the page scan's worker imports this script again
    from mkdocs.__main__ import cli
    sys.argv[0] = "mkdocs"
    cli()
"""


def test_pages_the_rendering_child_did_not_send_are_rendered_by_the_build(tmp_path, sample_site):
    """A child that dies half-way leaves its other pages to the build process: the site is the
    serial build's, but for the two pages it did send (taken as sent, as any page it renders)."""
    script = tmp_path / "dying.py"
    script.write_text(DYING_CHILD, encoding="utf-8")
    out = tmp_path / "site"
    done = _build(sample_site.parent, out, tmp_path, str(BIN / "python"), str(script))
    assert done.returncode == 0, done.stderr[-2000:]
    rendered = re.search(r"gongkai: (\d+) of (\d+) pages rendered by a second process", done.stderr)
    assert rendered and int(rendered[1]) == 2 and int(rendered[2]) >= 20, done.stderr[-2000:]
    serial, built = _digests(sample_site), _digests(out)
    differ = sorted(rel for rel in serial if built.get(rel) != serial[rel])
    assert len(differ) == 2 and built.keys() == serial.keys()
    assert all((out / rel).read_text(encoding="utf-8") == "half a page" for rel in differ)


#: `mkdocs` with the leak scan's worker (gongkai/guards/pagescan.py) dying after the first page it
#: reads, as a killed worker would: the pages handed to it and not read fill the pipe.
DYING_SCAN = """
import os, sys
import gongkai.guards.pagescan as pagescan

def dying(inbox, outbox, secrets, find_personal):
    inbox.get()
    os._exit(9)

pagescan._work = dying  # here and in the worker, which imports this script again
pagescan.BACKLOG = int(os.environ.get("BACKLOG", pagescan.BACKLOG))
if __name__ == "__main__":
    from mkdocs.__main__ import cli
    sys.argv[0] = "mkdocs"
    cli()
"""


@pytest.mark.parametrize("backlog", ["2000", "5"])  # found dead at the end, or while its queue is full
def test_a_leak_scan_worker_that_dies_leaves_its_pages_to_the_build_which_ends(tmp_path, sample_site, backlog):
    """The build scans every page itself and ends: the pages it had handed to the dead worker are
    not waited for at exit (they once held the build process there for good, its pipe full)."""
    script = tmp_path / "dying.py"
    script.write_text(DYING_SCAN, encoding="utf-8")
    out = tmp_path / "site"
    try:
        done = _build(sample_site.parent, out, tmp_path, str(BIN / "python"), str(script), timeout=600, BACKLOG=backlog)
    except subprocess.TimeoutExpired:
        pytest.fail("the build did not end after its leak scan's worker died")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "发布前检查的辅助进程停止了" in done.stderr, done.stderr[-2000:]
    assert _digests(out) == _digests(sample_site)


HOOK = """
seen = []

def on_page_context(context, page, config, nav):
    seen.append(page.file.src_uri)  # state of its own, which a child's copy would lose
    return context

def on_post_build(config):
    with open(config.site_dir + "/../hook-seen.txt", "w", encoding="utf-8") as out:
        out.write("\\n".join(seen))
"""


def test_with_another_plugins_page_context_handler_every_page_is_rendered_by_the_build(tmp_path, sample_site):
    """A page_context handler of another plugin (here a hook) may keep state, which a child's copy
    would lose: no page is handed over, and the handler sees every page."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("docs", "records"):
        (src / name).symlink_to(sample_site.parent / name)
    (src / "hook.py").write_text(HOOK, encoding="utf-8")
    config = (sample_site.parent / "mkdocs.yml").read_text(encoding="utf-8")
    (src / "mkdocs.yml").write_text(config + "\nhooks:\n  - hook.py\n", encoding="utf-8")
    done = _build(src, src / "site", tmp_path, str(BIN / "mkdocs"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "pages rendered by a second process" not in done.stderr
    seen = (src / "hook-seen.txt").read_text(encoding="utf-8").split("\n")
    assert len(seen) == len(set(seen)) == sum(1 for _ in (src / "site").rglob("*.html")) - 1  # not 404.html


def test_a_dirty_build_is_refused_and_leaves_the_site_as_it_was(tmp_path, sample_site):
    """`--dirty` writes only the pages changed since the last build, into site/ itself: a deleted
    record's page stayed, and a build that failed left half a site published. It is refused."""
    out = tmp_path / "site"
    done = _build(sample_site.parent, out, tmp_path, str(BIN / "mkdocs"))
    assert done.returncode == 0, done.stderr[-2000:]
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    env = command_env(tmp_path, GONGKAI_AS_OF=SAMPLE_AS_OF, GONGKAI_CACHE="off")
    again = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--dirty", "-d", str(out)],
        cwd=sample_site.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 1 and "网站未生成：--dirty 只重写改过的页面" in again.stderr, again.stderr[-2000:]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_gh_deploy_dirty_is_refused_too():
    # gh-deploy --dirty built the changed pages into site/ and committed a deleted record's page.
    from mkdocs.exceptions import PluginError

    from gongkai.plugin.plugin import GongkaiPlugin

    plugin = GongkaiPlugin()
    plugin.on_startup(command="gh-deploy", dirty=True)
    with pytest.raises(PluginError, match="--dirty 只重写改过的页面"):
        plugin.on_config(None)


#: `mkdocs` on a machine where forking a process fails (out of memory, say).
NO_FORK = """
import sys
from multiprocessing import popen_fork

def no_fork(self, process_obj):
    raise OSError(12, "Cannot allocate memory")

popen_fork.Popen._launch = no_fork
if __name__ == "__main__":
    from mkdocs.__main__ import cli
    sys.argv[0] = "mkdocs"
    cli()
"""


def test_where_no_child_can_be_forked_the_build_does_all_itself(tmp_path, sample_site):
    script = tmp_path / "nofork.py"
    script.write_text(NO_FORK, encoding="utf-8")
    out = tmp_path / "site"
    done = _build(sample_site.parent, out, tmp_path, str(BIN / "python"), str(script))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "by a second process" not in done.stderr
    assert _digests(out) == _digests(sample_site)
