"""Clerk-tools benchmark: `gongkai new`, `gongkai import` and `gongkai check --changed` on a large site.

Run from the repository root:

    .venv/bin/python benchmarks/clerk.py [N] [--seed S] [--keep]

Writes N (default 10000) synthetic records (benchmarks/build.py's generator) into a temporary git
repository, commits them on `main`, then measures, each command as a subprocess in the site (wall
time, peak RSS): the whole `gongkai check`; `gongkai check --changed` after one record was edited
(what the pre-commit hook runs; target < 2 s at 10,000); `gongkai new`; `gongkai import` of a Word
notice in the GB/T 9704 layout (made with python-docx, a test extra) and of a PDF (reportlab);
`gongkai check --changed` with the imported drafts; and `gongkai inspect` (the veto items, as the
daily CI runs it, a week ahead; its exit status 1, a veto, is expected of synthetic records). The
site is deleted afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import officialdocs  # noqa: E402  (the test documents: python-docx and reportlab)
from build import run_child, verdict, write_site  # noqa: E402

TARGET_CHANGED_S = 2.0


def git(site: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=site, check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10000, help="number of records (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary site and print its path")
    args = parser.parse_args()
    gongkai = str(Path(sys.executable).parent / "gongkai")
    site = Path(tempfile.mkdtemp(prefix="gongkai-clerk-"))
    rows = []

    def measure(name: str, *command: str, target: float | None = None, codes=(0,)) -> str:
        seconds, rss, code, out = run_child([gongkai, *command], site)
        if code not in codes:
            print(f"{name} failed ({code}):\n{out}", file=sys.stderr)
            raise SystemExit(1)
        ok = "" if target is None else verdict(seconds <= target)
        rows.append((name, f"{seconds:.2f} s", f"{rss:.0f} MB", f"< {target:g} s" if target else "", ok))
        return out

    try:
        write_site(site, args.n, args.seed)
        git(site, "init", "-q", "-b", "main")
        git(site, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "add", "-A")
        git(site, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-q", "-m", "records")
        measure("gongkai check (all records)", "check")
        edited = sorted((site / "records").glob("20*/*.md"))[len(sorted((site / "records").glob("20*/*.md"))) // 2]
        edited.write_text(edited.read_text(encoding="utf-8") + "\n补充说明一段。\n", encoding="utf-8")
        measure("check --changed (1 record edited)", "check", "--changed", target=TARGET_CHANGED_S)
        measure(
            "gongkai new",
            "new", "--agency", "澄岭县财政局", "--category", "财政信息/财政预算",
            "--title", "澄岭县财政局关于预算调整的说明", "--published", "2025-09-15", "--yes",
        )  # fmt: skip
        docx = officialdocs.word_notice(site / "notice.docx", doc_no="澄财发〔2025〕99号", signer="澄岭县财政局")
        pdf = officialdocs.pdf_notice(site / "notice.pdf", doc_no="澄财发〔2025〕98号")
        category = ["--category", "财政信息/财政预算", "--published", "2025-09-15", "--yes"]
        measure("gongkai import notice.docx", "import", str(docx), *category)
        measure("gongkai import notice.pdf", "import", "--agency", "澄岭县财政局", str(pdf), *category)
        measure("check --changed (+ new, 2 imports)", "check", "--changed", target=TARGET_CHANGED_S)
        measure("gongkai inspect --ahead 7", "inspect", "--as-of", "2025-12-31", "--ahead", "7", codes=(0, 1))
        print(f"N={args.n:,} seed={args.seed}; {os.cpu_count()} CPUs, Python {platform.python_version()}")
        print(f"{'measure':<38}{'wall':>9}{'peak RSS':>10}  {'target':<8}result")
        for name, wall, rss, target, ok in rows:
            print(f"{name:<38}{wall:>9}{rss:>10}  {target:<8}{ok}")
    finally:
        if args.keep:
            print(f"kept {site}")
        else:
            subprocess.run(["rm", "-rf", str(site)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
