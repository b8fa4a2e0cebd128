"""Search benchmark, first part: what building a Pagefind index of N records costs.

Run from the repository root:

    .venv/bin/python benchmarks/search.py [N] [--seed S] [--keep]

The N synthetic records of benchmarks/build.py (same seed, same text) are fed to Pagefind's
extended binary through gongkai.sitesearch.searchindex, one custom record each: title, metadata and body as
plain text, with the filters the portal uses. Printed: the time to send the records,
the time to write the index once they are in, the Pagefind process's peak RSS (VmHWM), and the
bundle on disk (files, bytes, and the fragment files that hold one record each).

With --browser, the site is also built (as benchmarks/build.py writes it, with our search: the
peak memory of each process of the build and of all together is printed) and served locally as
static hosts serve it (text compressed, Pagefind's gzip files as they are), and headless Chromium
(Debian's /usr/bin/chromium, driven by Playwright) opens the results page and runs each query of
QUERIES in a fresh page: printed are the bytes it fetched for the first query (loading Pagefind,
its metadata and the index chunks and result fragments the query needs; as sent, and the files'
own size) and for a second query in the same page, and how long each took (in the page: from the
navigation's start, or from before Enter, to the moment the results page says how many it found).
With --built DIR, the site `benchmarks/build.py N --keep` built in DIR is measured as it is. With
--identifiers (0: all), every 索引号 and 发文字号 of the corpus is typed into one results page: printed is
precision@1 (the record that carries it first), which the issue wants at 1.0.
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import make_records  # noqa: E402
from gongkai.sitesearch.searchindex import SearchIndex  # noqa: E402


def plain(markdown: str) -> str:
    """The body as a reader sees it: headings and emphasis marks dropped."""
    text = re.sub(r"(?m)^#+\s*", "", markdown)
    return re.sub(r"[*_`>|]", "", text)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


#: What a static host sends compressed (Pagefind's own files are gzip already).
COMPRESSED = {".html", ".js", ".css", ".json", ".svg", ".xml", ".txt"}

#: Queries over the synthetic corpus: its subjects, towns, agencies and a few identifiers (added at run time).
QUERIES = [
    "农村人居环境整治", "最低生活保障", "义务教育", "老旧小区改造", "高标准农田", "食品安全", "就业创业补贴",
    "防汛抗旱", "耕地保护", "养老服务", "农村供水", "城关镇", "青山镇", "财政局", "预算", "资金", "绩效评价",
    "政务服务", "安全生产", "监督检查",
]  # fmt: skip


class TreeMemory:
    """Samples the memory of a process and its descendants while it runs: each one's peak (VmHWM),
    the peak of their sum (VmRSS added up, every 0.2 s) and the peak of their proportional sum
    (Pss added up: a page shared by forked processes counted once, as the host's memory holds it;
    the RSS sum counts it in each)."""

    def __init__(self, pid: int):
        import threading

        self.pid, self.peaks, self.total, self.pss, self._stop = pid, {}, 0.0, 0.0, False
        self.at_peak: dict = {}
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*/children"):
                try:
                    todo += [int(c) for c in task.read_text().split()]
                except OSError:
                    pass
        return out

    def _run(self) -> None:
        while not self._stop:
            total = pss = 0.0
            shares = {}
            for pid in self._tree():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                rss = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
                hwm = int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
                total += rss
                share = sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")) / 1024
                pss += share
                name = "pagefind" if "pagefind" in cmd else ("mkdocs" if pid == self.pid else "mkdocs worker")
                shares[(name, pid)] = share
                self.peaks[(name, pid)] = max(self.peaks.get((name, pid), 0.0), hwm)
            self.total = max(self.total, total)
            if pss > self.pss:
                self.pss, self.at_peak = pss, dict(shares)
            time.sleep(0.2)

    def stop(self) -> None:
        self._stop = True
        self._thread.join()

    def report(self) -> str:
        by_kind: dict[str, list[float]] = {}
        for (name, _), peak in self.peaks.items():
            by_kind.setdefault(name, []).append(peak)
        parts = [f"{name} {' / '.join(f'{p:.0f}' for p in peaks)} MB" for name, peaks in sorted(by_kind.items())]
        shares = ", ".join(f"{name} {share:.0f}" for (name, _), share in sorted(self.at_peak.items()) if share >= 1)
        return (
            f"peak memory: {'; '.join(parts)}; all together at most {self.pss:.0f} MB "
            f"(pages shared by forked processes counted once: {shares} MB; {self.total:.0f} MB counted in each)"
        )


def browser_figures(
    n: int, seed: int, part_size: int | None = None, identifiers: int | None = None, built: Path | None = None
) -> int:
    """Build the site (or take the one `built` holds), serve it, and measure each query in Chromium;
    returns an exit status."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    site = built or Path(tempfile.mkdtemp(prefix="gongkai-search-site-"))
    server = None
    try:
        if built is None and not build_site(site, n, seed, part_size):
            return 1
        records = make_records(n, seed)
        queries = QUERIES + [records[7]["index_no"], records[n // 2]["index_no"]]
        queries += [r["front"]["doc_no"] for r in records[100:] if "doc_no" in r["front"]][:2]

        class Quiet(http.server.SimpleHTTPRequestHandler):
            """Serves the site as static hosts do (GitHub and GitLab Pages, nginx with `gzip on`):
            text types compressed for a browser that accepts it. Pagefind's index files are gzip
            already and go as they are."""

            def log_message(self, *args):
                pass

            def send_head(self):
                path = Path(self.translate_path(self.path.split("?", 1)[0]))
                if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
                    return super().send_head()
                if not path.is_file():
                    return super().send_head()
                body = gzip.compress(path.read_bytes(), 6)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)

        handler = functools.partial(Quiet, directory=str(site / "site"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/xxgk/sousuo/"
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for q, second in zip(queries, queries[1:] + queries[:1], strict=True):
                page = browser.new_context().new_page()  # a new context: an empty cache
                # The moment the results are on the page, taken in the page: Playwright notices it
                # by polling, up to half a second later, which no reader waits for.
                page.add_init_script(SHOWN_AT)
                fetched, files = [], []
                # Pagefind's files only: the page itself and the theme's assets are the same for any page.
                # Bytes on the wire (the body as sent) and the files' own size (the body decoded).
                page.on(
                    "requestfinished",
                    lambda r, fetched=fetched: (
                        fetched.append(r.sizes()["responseBodySize"]) if "/pagefind/" in r.url else None
                    ),
                )
                page.on(
                    "requestfinished",
                    lambda r, files=files: files.append(urlsplit(r.url).path) if "/pagefind/" in r.url else None,
                )
                page.goto(base + "?q=" + q)
                page.locator(".gk-results__status", has_text="找到").wait_for(timeout=60000)
                first_ms, first_bytes = page.evaluate("window.gkShownAt"), sum(fetched)
                first_files = sum((site / "site" / path.lstrip("/")).stat().st_size for path in set(files))
                status = page.locator(".gk-results__status").inner_text()
                fetched.clear()
                page.fill(".gk-results__form input[name=q]", second)
                typed_at = page.evaluate("window.gkShownAt = null; performance.now()")
                page.press(".gk-results__form input[name=q]", "Enter")
                page.wait_for_function("() => window.gkShownAt != null", timeout=60000)
                second_ms = page.evaluate("window.gkShownAt") - typed_at
                rows.append((q, status, first_bytes, first_files, first_ms, sum(fetched), second_ms))
                page.context.close()
            browser.close()
        print("1st query: a fresh page (empty cache) opened with the query, ms from its navigation to the")
        print("results on the page; 2nd: another query typed into it, ms from before Enter to its results")
        print(f"{'query':<24}{'results':>10}{'1st: sent':>12}{'(files)':>10}{'ms':>8}{'2nd: sent':>12}{'ms':>8}")
        for q, status, b1, f1, t1, b2, t2 in rows:
            found = status.removeprefix("找到 ").removesuffix(" 条信息。")
            print(f"{q:<24}{found:>10}{b1 / 1024:>9.0f} KB{f1 / 1024:>7.0f} KB{t1:>8.0f}{b2 / 1024:>9.0f} KB{t2:>8.0f}")
        worst, worst_files = max(r[2] for r in rows), max(r[3] for r in rows)
        print(f"largest first query: {worst / 1024:.0f} KB sent by a server that compresses text "
              f"({worst_files / 1024:.0f} KB of files); target <= 300 KB")  # fmt: skip
        print(f"slowest first query: {max(r[4] for r in rows) / 1000:.1f} s (target at 50,000: <= 2 s)")
        if identifiers is not None:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
                identifier_figures(browser, base, records, identifiers)
                browser.close()
        return 0
    finally:
        if server is not None:
            server.shutdown()
        if built is None:
            shutil.rmtree(site, ignore_errors=True)


def build_site(site: Path, n: int, seed: int, part_size: int | None) -> bool:
    """Write the N synthetic records into `site` and build it, printing its time and memory."""
    import os
    import subprocess

    from build import write_site

    write_site(site, n, seed)
    if part_size:
        config = (site / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("  - gongkai\n", f"  - gongkai:\n      search_part_size: {part_size}\n")
        (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    start = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    build = subprocess.Popen(
        [str(mkdocs), "build", "-q"], cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    memory = TreeMemory(build.pid)
    _, stderr = build.communicate()
    memory.stop()
    if build.returncode:
        print(stderr, file=sys.stderr)
        return False
    print(f"site of {n:,} records built in {time.perf_counter() - start:.0f} s")
    print(memory.report())
    return True


#: Records in the page when the results page's status turns to how many it found (performance.now():
#: ms from the navigation's start).
SHOWN_AT = """
new MutationObserver(() => {
  const status = document.querySelector(".gk-results__status");
  const text = status ? status.textContent : "";
  if (text === window.gkStatus) return;
  window.gkStatus = text;
  if (window.gkShownAt == null && text.startsWith("找到")) window.gkShownAt = performance.now();
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


#: A 发文字号 as citizens type it: the brackets of the year and the digits (gongkai/search.js reads them all).
_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def typed(doc_no: str) -> list[str]:
    m = re.fullmatch(r"(.+)〔(\d{4})〕(\d+)号", doc_no)
    if not m:
        return []
    head, year, n = m.groups()
    return [f"{head}[{year}]{n}号", f"{head}({year}){n}号", f"{head}【{year}】{n}号",
            f"{head}［{year.translate(_WIDE)}］{n.translate(_WIDE)}号", f"{head} （{year}） {n} 号"]  # fmt: skip


def identifier_figures(browser, base: str, records: list[dict], sample: int) -> None:
    """Every 索引号 and 发文字号 of the corpus (or `sample` of each, spread evenly) typed into one
    results page, as written, and each of the first 100 发文字号 typed five other ways: printed are
    precision@1 (its record first) and how many queries listed a record that does not carry it."""
    own = {}
    for r in records:
        own[r["index_no"]] = r["index_no"]
        if "doc_no" in r["front"]:
            own[r["front"]["doc_no"]] = r["index_no"]
    index_nos = [r["index_no"] for r in records]
    doc_nos = [r["front"]["doc_no"] for r in records if "doc_no" in r["front"]]
    if sample:
        index_nos = index_nos[:: max(1, len(index_nos) // sample)][:sample]
        doc_nos = doc_nos[:: max(1, len(doc_nos) // sample)][:sample]
    queries = [(q, q) for q in index_nos + doc_nos] + [(v, q) for q in doc_nos[:100] for v in typed(q)]
    page = browser.new_page()
    page.goto(base)
    page.locator(".gk-results__status", has_text="请输入").wait_for(timeout=60000)
    first = others = 0
    wrong = []
    t0 = time.perf_counter()
    for query, identifier in queries:
        page.fill(".gk-results__form input[name=q]", query)
        page.press(".gk-results__form input[name=q]", "Enter")
        page.locator(".gk-results__status", has_text=re.compile(r"^(找到|没有找到)")).wait_for(timeout=60000)
        hrefs = page.eval_on_selector_all(".gk-results__title", "links => links.map(a => a.pathname)")
        found = [h.removeprefix("/xxgk/").strip("/") for h in hrefs]
        if found[:1] == [own[identifier]]:
            first += 1
        elif len(wrong) < 5:
            wrong.append((query, own[identifier], found[:3]))
        others += any(x != own[identifier] for x in found)
    elapsed = time.perf_counter() - t0
    page.close()
    print(f"identifiers: {len(index_nos):,} 索引号 and {len(doc_nos):,} 发文字号 as written, "
          f"{len(queries) - len(index_nos) - len(doc_nos)} typed other ways, {elapsed:.0f} s in all")  # fmt: skip
    print(f"precision@1 = {first}/{len(queries)} = {first / len(queries):.4f}"
          f"{'; first wrong: ' + repr(wrong) if wrong else ''}")  # fmt: skip
    print(f"queries that also listed a record without the identifier: {others}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the written index and print its path")
    parser.add_argument("--browser", action="store_true", help="also build the site and measure queries in Chromium")
    parser.add_argument("--part-size", type=int, help="with --browser: the site's search_part_size")
    parser.add_argument(
        "--built",
        type=Path,
        metavar="DIR",
        help="with --browser: measure the site built in DIR (benchmarks/build.py N --keep; the same N and seed)",
    )
    parser.add_argument(
        "--identifiers",
        type=int,
        metavar="K",
        help="with --browser: also type every 索引号 and 发文字号 (K of each when K > 0) and print precision@1",
    )
    args = parser.parse_args()
    if args.browser:
        return browser_figures(args.n, args.seed, args.part_size, args.identifiers, args.built)
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
