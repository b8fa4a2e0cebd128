"""Browser-editor benchmark: `gongkai edit` (local mode) on a large site, in Chromium.

Run from the repository root (Debian's Chromium, Playwright, the Decap bundle installed by make):

    .venv/bin/python benchmarks/editor.py [N ...] [--seed S]

For each N (default 10000 and 50000) it writes N synthetic records (benchmarks/build.py's
generator: records/<year>/<code>-<serial>.md), starts the editor's server on it and measures, in a
headless Chromium: opening the record list (from the login click to the first record shown; Decap
gets a list a page of 100 at a time, newest first), its next page (scrolled to the end of the list,
to the next row shown), searching (a title word typed into Decap's search box, which searches every
list, to the first result holding it; the server answers with the records holding the words) and
opening one record (to its title in the form). It also times the server's answers: the whole list
(entriesByFolder, what the 草稿 filter reads: the listed keys of every record of the list) read
from disk (the server reads every list once when it starts) and from memory, and its first page.
The editor has one list per year folder; `--one-folder` puts all N records into one year's
folder, as a county of 10,000 records a year has; `--by-month` keeps each year by month
(records/<year>/<MM>/), one list a month. Figures are printed, not judged against the 3 s
aimed at (a shared machine varies).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import write_site  # noqa: E402
from gongkai.editor.server import serve, start  # noqa: E402
from gongkai.model.taxonomy import load_taxonomy  # noqa: E402
from gongkai.siteconfig import read_mkdocs_settings  # noqa: E402
from gongkai.text.problems import Problems  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DEADLINE_MS = int(os.environ.get("BENCH_DEADLINE_MS", "600000"))


def post(base: str, body: dict) -> tuple[float, int]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(base + "api/v1", data, {"Content-Type": "application/json"})
    start_ = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        size = len(response.read())
    return time.perf_counter() - start_, size


class Rows(list):
    """The figures, each printed as soon as it is measured."""

    def append(self, row):
        super().append(row)
        print(f"  {row[0]}: {row[1]}", flush=True)


def one_folder(site: Path) -> None:
    """Every record moved into records/2025/ (renamed <year>-<file>): a county's 10,000 records of one year."""
    records = site / "records"
    for path in sorted(records.glob("20*/*.md")):
        if path.parent.name != "2025":
            path.rename(records / "2025" / f"{path.parent.name}-{path.name}")


def by_month(site: Path) -> None:
    """Every year folder kept by month: records/<year>/<MM>/, by the record's 发布日期."""
    for path in sorted((site / "records").glob("20*/*.md")):
        head = path.read_text(encoding="utf-8")[:2000]
        month = re.search(r"(?m)^published: \d{4}-(\d{2})-", head).group(1)
        (path.parent / month).mkdir(exist_ok=True)
        path.rename(path.parent / month / path.name)


def measure(n: int, seed: int, browser, single: bool, monthly: bool = False) -> list[tuple[str, str]]:
    site = Path(tempfile.mkdtemp(prefix="gongkai-editor-"))
    print(f"N={n:,}: writing the records…", flush=True)
    try:
        write_site(site, n, seed)
        if single:
            one_folder(site)
        if monthly:
            by_month(site)
        settings = read_mkdocs_settings(site / "mkdocs.yml")
        taxonomy = load_taxonomy(site / "records" / "taxonomy.yml", Problems())
        server = serve(site, settings, taxonomy, port=0, quiet=True)
        start(server)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        rows = Rows()
        year = server.workspace.years[0]  # the list the editor opens with: the newest year (or month)
        collection = "records-" + year.replace("/", "-")
        records = sorted((site / "records" / year).glob("*.md"))
        rows.append((f"records in the first list ({year}/)", f"{len(records):,}"))
        folder = {"folder": f"records/{year}", "extension": "md"}
        server.warming.join()
        server.workspace.listing.cache.clear()
        server.workspace.listing.forget()
        seconds, size = post(base, {"action": "entriesByFolder", "params": folder})
        rows.append(("server: that whole list, from disk", f"{seconds:.2f} s, {size / 1e6:.1f} MB"))
        seconds, size = post(base, {"action": "entriesByFolder", "params": folder})
        rows.append(("server: that whole list, from memory", f"{seconds:.2f} s"))
        seconds, size = post(base, {"action": "gongkaiEntries", "params": {**folder, "page": 1}})
        rows.append(("server: its first page", f"{seconds:.2f} s, {size / 1e3:.0f} kB"))
        one = records[len(records) // 2]
        slug = one.relative_to(site / "records" / year).with_suffix("").as_posix()
        title = next(line[7:] for line in one.read_text(encoding="utf-8").splitlines() if line.startswith("title: "))
        word = title.strip('"')[3:9]

        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(DEADLINE_MS)
        page.goto(base + f"admin/#/collections/{collection}")
        t0 = time.perf_counter()
        page.get_by_role("button", name="登录").click()
        page.locator("a[href*='/entries/']").first.wait_for()
        rows.append(("open the record list: first record shown", f"{time.perf_counter() - t0:.2f} s"))
        listed = page.locator("a[href*='/entries/']")
        shown = listed.count()
        rows.append(("  records shown in the list at once", f"{shown:,}"))
        t0 = time.perf_counter()
        listed.last.scroll_into_view_if_needed()
        listed.nth(shown).wait_for()
        rows.append(("its next page: scrolled to the end, next row shown", f"{time.perf_counter() - t0:.2f} s"))

        t0 = time.perf_counter()
        box = page.get_by_placeholder("查找所有...")
        box.fill(word)
        box.press("Enter")
        page.wait_for_url("**/search/**")
        page.locator("a[href*='/entries/']", has_text=word).first.wait_for()
        rows.append((f"search the list ({word})", f"{time.perf_counter() - t0:.2f} s"))

        t0 = time.perf_counter()
        page.goto(base + f"admin/#/collections/{collection}/entries/" + slug)
        field = page.locator("[id^=title-field-]").first
        field.wait_for()
        while not field.input_value():
            page.wait_for_timeout(20)
        rows.append(("open one record", f"{time.perf_counter() - t0:.2f} s"))
        page.close()
        server.shutdown()
        server.server_close()
        return rows
    finally:
        shutil.rmtree(site, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="*", type=int, default=[10000, 50000], help="numbers of records")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--one-folder",
        action="store_true",
        help="put every record into records/2025/ (a county's year: one list of N records)",
    )
    parser.add_argument(
        "--by-month",
        action="store_true",
        help="keep each year by month (records/<year>/<MM>/): a list a month (with --one-folder: 2025's months)",
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for n in args.n:
            rows = measure(n, args.seed, browser, args.one_folder, args.by_month)
            print(f"\nN={n:,} seed={args.seed}; {os.cpu_count()} CPUs, Python {platform.python_version()}")
            width = max(len(name) for name, _ in rows)
            for name, value in rows:
                print(f"  {name.ljust(width)}  {value}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
