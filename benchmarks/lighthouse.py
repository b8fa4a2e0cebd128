"""Lighthouse scores of the sample portal: home, a record and the search page, in mobile emulation.

Run from the repository root (`make lighthouse` installs Lighthouse first):

    .venv/bin/python benchmarks/lighthouse.py [--site DIR] [--runs N] [--json FILE]

The sample is built into a temporary folder (or --site names a built site/), served on
127.0.0.1, and Lighthouse (npm, pinned in benchmarks/lighthouse/package.json, run by the
machine's Node) audits each page with Debian's Chromium (CHROME_PATH, default
/usr/bin/chromium), headless, in its default mobile emulation (Moto G Power, simulated slow 4G
and 4x CPU slowdown). Each page is audited --runs times (default 3) and the median of each
score is reported: performance varies from run to run on a shared machine, the other
categories do not. The local server compresses text files with gzip as a web server set up as the
README says does (`--no-compress` serves them raw, as Python's own server does: Lighthouse then
charges the phone's slow network for every uncompressed byte of CSS and JavaScript).
Targets: accessibility, best practices and SEO 100, performance >= 90, and a cumulative layout
shift under 0.1 on the search page.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "benchmarks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "record": "xxgk/czj/2024-00001/", "search": "xxgk/sousuo/?q=预算"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
#: Chromium in a closed network: no background requests to outside hosts (they would fail, and
#: count as console errors under best practices).
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync --disable-default-apps --disable-extensions"
)


def build_sample(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "records"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, dest / name)
    mkdocs = Path(sys.executable).parent / "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(mkdocs), "build", "--strict", "-q"], cwd=dest, check=True, env=env)
    return dest / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


#: What a web server compresses (nginx's gzip_types as the README gives them). Pagefind's own
#: files (.pf_*, .pagefind) are gzip already inside and are served as they are.
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv")


class _Compressing(_Quiet):
    """Serves text files gzip-compressed when the browser accepts it, as a real web server does."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSED or not path.is_file():
            return super().send_head()
        if path.name == "index.html" and not self.path.split("?")[0].endswith(("/", ".html")):
            return super().send_head()  # the redirect to the folder's address
        data = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def audit(url: str, chrome: str) -> dict:
    """One Lighthouse run of `url`: its category scores (0-100) and cumulative layout shift."""
    out = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": chrome},
        check=True,
    )
    report = json.loads(out.stdout)
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["cls"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
    scores["failed"] = sorted(
        a["id"]
        for c in CATEGORIES[1:]
        for ref in report["categories"][c]["auditRefs"]
        if ref["weight"] > 0
        for a in [report["audits"][ref["id"]]]
        if a["score"] is not None and a["score"] < 1
    )
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site/ folder (default: build the sample)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--no-compress", action="store_true", help="serve text files uncompressed")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: make lighthouse (npm ci --prefix benchmarks/lighthouse)")
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_sample(Path(tmp) / "src")
        handler = functools.partial(_Quiet if args.no_compress else _Compressing, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        results = {}
        try:
            for name, path in PAGES.items():
                runs = [audit(base + path, chrome) for _ in range(args.runs)]
                results[name] = {key: statistics.median(r[key] for r in runs) for key in (*CATEGORIES, "cls")} | {
                    "failed": sorted({a for r in runs for a in r["failed"]}),
                    "runs": args.runs,
                }
        finally:
            server.shutdown()
    print(f"{'page':8} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'CLS':>7}  audits not passed (a11y/best/seo)")
    for name, r in results.items():
        row = [r["performance"], r["accessibility"], r["best-practices"], r["seo"]]
        print(f"{name:8} " + " ".join(f"{v:>5g}" for v in row) + f" {r['cls']:>7.3f}  {', '.join(r['failed']) or '-'}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
