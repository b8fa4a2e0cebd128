"""Engine independence: the sample builds with ProperDocs (the maintained MkDocs 1.x fork) and gives
the same site as MkDocs, the generator tag aside (issue 17)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess

from conftest import BIN, ROOT, command_env

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _digests(site) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(GENERATOR.sub(b"", p.read_bytes())).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_the_sample_builds_the_same_with_properdocs_and_mkdocs(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("mkdocs.yml", "docs", "records"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, src / name)
    env = command_env(src, GONGKAI_AS_OF="2026-12-01")
    built = {}
    for engine in ("mkdocs", "properdocs"):
        out = tmp_path / engine
        done = subprocess.run(
            [str(BIN / engine), "build", "--strict", "-d", str(out)], cwd=src, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-2000:]
        built[engine] = _digests(out)
    assert len(built["mkdocs"]) > 200
    assert built["properdocs"] == built["mkdocs"]
    generator = (tmp_path / "properdocs" / "index.html").read_text(encoding="utf-8")
    assert 'content="properdocs-' in generator.lower() or "properdocs" in generator.lower()
