"""Does a change leave the built site as it was? Build with an earlier commit's code and with the
working tree's, and compare every file byte for byte (the generator tag aside).

Run from the repository root:

    .venv/bin/python benchmarks/same_site.py [REV] [--records N] [--seed S]

REV (default HEAD) is the commit whose `scripts/` is the "before". The sample portal is built with
both; with --records N, so is a synthetic site of N records (benchmarks/build.py's generator, the
sample's taxonomy). Both builds use the same as-of day, so scheduled records fall alike. Prints
each site's verdict and, for differences, the files that differ (at most 20 each); exits 1 when
any differs. Meant for refactors (issue 17's "nothing changes for users").
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
AS_OF = "2026-12-01"


def digests(site: Path) -> dict[str, str]:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = GENERATOR.sub(b"", path.read_bytes())
            out[path.relative_to(site).as_posix()] = hashlib.sha256(data).hexdigest()
    return out


def scripts_of(rev: str, into: Path) -> Path:
    """The `scripts/` folder of `rev`, unpacked under `into`."""
    archive = subprocess.run(["git", "archive", rev, "scripts"], cwd=REPO, check=True, capture_output=True).stdout
    tar = into / "scripts.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(into, filter="data")
    return into / "scripts"


def build(site: Path, scripts: Path, out: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(scripts), "GONGKAI_AS_OF": AS_OF}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run(
        [str(mkdocs), "build", "--site-dir", str(out)], cwd=site, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"构建失败（{scripts}）：\n{done.stderr[-2000:]}")
    return digests(out)


def compare(name: str, site: Path, before: Path, work: Path) -> bool:
    old = build(site, before, work / f"{name}-before")
    new = build(site, REPO / "scripts", work / f"{name}-after")
    differ = sorted(k for k in old.keys() & new.keys() if old[k] != new[k])
    only_old, only_new = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
    same = not (differ or only_old or only_new)
    print(f"{name}: {len(new)} files, {'identical' if same else 'DIFFERENT'}")
    for label, names in (("differ", differ), ("only before", only_old), ("only after", only_new)):
        for n in names[:20]:
            print(f"  {label}: {n}")
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", nargs="?", default="HEAD")
    parser.add_argument("--records", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="same-site-") as tmp:
        work = Path(tmp)
        before = scripts_of(args.rev, work)
        sample = work / "sample"
        sample.mkdir()
        for name in ("mkdocs.yml", "docs", "records"):
            src = REPO / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, sample / name)
        ok = compare("sample", sample, before, work)
        if args.records:
            sys.path.insert(0, str(REPO / "benchmarks"))
            import build as synthetic  # benchmarks/build.py

            site = work / "synthetic"
            site.mkdir()
            synthetic.write_site(site, args.records, args.seed)
            shutil.copy2(site / "mkdocs-pagefind.yml", site / "mkdocs.yml")
            ok = compare(f"synthetic-{args.records}", site, before, work) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
