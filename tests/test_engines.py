"""Engine independence: the sample builds with ProperDocs (the maintained MkDocs 1.x fork) and gives
the same site as MkDocs, the generator tag aside (issue 17); and the same on one core or two (issue 20)."""

from __future__ import annotations

import hashlib
import re
import subprocess

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
    sample: under MIN_PAGES, converted on one core) and builds whose pages are converted on two cores
    (gongkai/plugin/converting.py; forced on the small sample)."""
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
        built[(engine, "1")] = _digests(out)
    assert len(built["mkdocs", "0"]) > 200
    assert built["mkdocs", "1"] == built["mkdocs", "0"]
    assert built["properdocs", "1"] == built["mkdocs", "0"]
    generator = (tmp_path / "properdocs-1" / "index.html").read_text(encoding="utf-8")
    assert 'content="properdocs-' in generator.lower() or "properdocs" in generator.lower()
