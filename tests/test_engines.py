"""Engine independence: the sample builds with ProperDocs (the maintained MkDocs 1.x fork) and gives
the same site as MkDocs, the generator tag aside (issue 17)."""

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


def test_the_sample_builds_the_same_with_properdocs_and_mkdocs(tmp_path, sample_site):
    """ProperDocs builds the sources of the shared MkDocs build (same files, same GONGKAI_AS_OF)."""
    src = sample_site.parent
    env = command_env(tmp_path, GONGKAI_AS_OF=SAMPLE_AS_OF)
    out = tmp_path / "properdocs"
    done = subprocess.run(
        [str(BIN / "properdocs"), "build", "--strict", "-d", str(out)], cwd=src, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    built = {"mkdocs": _digests(sample_site), "properdocs": _digests(out)}
    assert len(built["mkdocs"]) > 200
    assert built["properdocs"] == built["mkdocs"]
    generator = (tmp_path / "properdocs" / "index.html").read_text(encoding="utf-8")
    assert 'content="properdocs-' in generator.lower() or "properdocs" in generator.lower()
