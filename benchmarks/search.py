"""Search benchmark, first part: what building a Pagefind index of N records costs.

Run from the repository root:

    .venv/bin/python benchmarks/search.py [N] [--seed S] [--keep]

The N synthetic records of benchmarks/build.py (same seed, same text) are fed to Pagefind's
extended binary through gongkai.searchindex, one custom record each: title, metadata and body as
plain text, with the filters and sort key the portal uses. Printed: the time to send the records,
the time to write the index once they are in, the Pagefind process's peak RSS (VmHWM), and the
bundle on disk (files, bytes, and the fragment files that hold one record each).

Not measured here yet: the bytes a browser transfers per query, which needs the built site and a
browser (the next part of the search issue).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import make_records  # noqa: E402
from gongkai.searchindex import SearchIndex  # noqa: E402


def plain(markdown: str) -> str:
    """The body as a reader sees it: headings and emphasis marks dropped."""
    text = re.sub(r"(?m)^#+\s*", "", markdown)
    return re.sub(r"[*_`>|]", "", text)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the written index and print its path")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="gongkai-search-"))
    records = make_records(args.n, args.seed)
    text_bytes = 0
    try:
        with SearchIndex() as index:
            start = time.perf_counter()
            for r in records:
                f = r["front"]
                meta = [f["title"], r["index_no"], f["agency"], f.get("doc_no", ""), f["published"].isoformat()]
                content = "\n".join([*meta, plain(r["body"])])
                text_bytes += len(content.encode("utf-8"))
                index.add(
                    url=f"/xxgk/{r['index_no']}/",
                    content=content,
                    meta={"title": f["title"], "agency": f["agency"], "date": f["published"].isoformat()},
                    filters={
                        "发布机构": [f["agency"]],
                        "公开目录分类": [f["category"].split("/")[0]],
                        "年份": [str(f["published"].year)],
                        "有效性": [f.get("validity", "有效")],
                    },
                    sort={"date": f["published"].isoformat()},
                )
            sent = time.perf_counter() - start
            index.write(out / "pagefind")
            total = time.perf_counter() - start
            rss = peak_rss_mb(index._process.pid)
        files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        fragments = [p for p in files if p.parent.name == "fragment"]
        frag_size = sum(p.stat().st_size for p in fragments)
        print(f"N={args.n:,} seed={args.seed}: {text_bytes / 2**20:.1f} MB of text indexed")
        print(f"{'send records':<32}{sent:>10.1f} s")
        print(f"{'send + write index':<32}{total:>10.1f} s")
        print(f"{'pagefind peak RSS':<32}{rss:>10.0f} MB")
        print(f"{'bundle on disk':<32}{size / 2**20:>10.1f} MB in {len(files):,} files")
        print(f"{'of which fragments':<32}{frag_size / 2**20:>10.1f} MB in {len(fragments):,} files")
        return 0
    finally:
        if args.keep:
            print(f"kept {out}")
        else:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
