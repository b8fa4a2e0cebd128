"""Fixtures: small throw-away sites on disk, records written as real files."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import http.server
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

import pytest

import ourcommands
from gongkai.portal.catalog import load_catalog
from gongkai.siteconfig import read_mkdocs_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent
#: The reason of every browser test skipped for want of Chromium; counted at the end of the run.
NO_CHROMIUM = "Debian's chromium is not installed (make chromium)"
#: The reason of every browser-editor test skipped for want of the Decap CMS bundle.
NO_DECAP = "the Decap CMS bundle is not installed"
#: The browser the tests drive: Debian's headless shell of Chromium (package chromium-headless-shell:
#: the same Blink, from the same source at the same version as the chromium package), which is what
#: Playwright itself runs for headless by default. It takes half the CPU of the full browser's
#: headless mode, where the browser tests spent half the suite's time. Without it, the full browser;
#: GONGKAI_CHROMIUM names another (`GONGKAI_CHROMIUM=/usr/bin/chromium make test`).
CHROMIUM = (
    os.environ.get("GONGKAI_CHROMIUM")
    or shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or "/usr/bin/chromium-headless-shell"
)
#: A browser test: skipped without Chromium, except where .ci/run requires it (GONGKAI_BROWSER_TESTS=required).
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("GONGKAI_BROWSER_TESTS") != "required", reason=NO_CHROMIUM
)


@contextlib.contextmanager
def served(folder: Path):
    """A static HTTP server of `folder` on 127.0.0.1 for the block; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A page closed while a file was on its way (the test moved on) is not a failure to print.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


#: The Playwright driver and the browser of this test process (see `chromium`).
_BROWSER: list = []


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless, driven by Playwright (never `playwright install`): one browser for
    each test process, started when first asked for and closed when the run ends. Playwright's sync
    API runs one driver at a time in a thread, so every module's tests share it; the contexts and
    pages opened in the block are closed when it ends. One that crashed is started again."""
    playwright = pytest.importorskip("playwright.sync_api")
    if _BROWSER and not _BROWSER[1].is_connected():
        _stop_browser()
    if not _BROWSER:
        driver = playwright.sync_playwright().start()
        _BROWSER[:] = [driver, driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])]
    browser = _BROWSER[1]
    before = set(browser.contexts)
    try:
        yield browser
    finally:
        for context in browser.contexts:
            if context not in before:
                context.close()


def _stop_browser() -> None:
    driver, browser = _BROWSER
    _BROWSER.clear()
    try:
        browser.close()
    finally:
        driver.stop()


@pytest.fixture(autouse=True)
def _close_what_a_test_opened_in_the_browser():
    """A page left open by a test (its context) is closed after it: the browser lives for the whole
    run, and open pages keep running their scripts."""
    before = set(_BROWSER[1].contexts) if _BROWSER else set()
    yield
    if _BROWSER and _BROWSER[1].is_connected():
        for context in _BROWSER[1].contexts:
            if context not in before:
                context.close()


def pytest_sessionfinish(session):
    if _BROWSER:
        _stop_browser()
    for folder in _USER_CACHE:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """The tests of a module that share a module-scoped fixture (a site built for them, a browser) are
    one group: under pytest-xdist with --dist loadgroup (make test) they run on one worker, so the
    fixture is made once; every other test goes to whichever worker is free. First of the hook's
    calls: xdist's own (registered after this file is read, so called before it) turns the marks
    into the groups, and a mark added after it changes nothing."""
    for item in items:
        # pytest's own record of a test's fixtures (no public API gives their scopes); absent on a
        # test that is not a function (none here), which then stays ungrouped.
        info = getattr(item, "_fixtureinfo", None)
        names = info.names_closure if info is not None else ()
        if any(defs[-1].scope == "module" for name in names if (defs := info.name2fixturedefs.get(name))):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def pytest_terminal_summary(terminalreporter):
    """A browser test skipped for want of Chromium is said at the end, with the command that installs
    it: a silent skip hides what a citizen's browser would do with the site."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if NO_CHROMIUM in str(r.longrepr)]
    if skipped:
        terminalreporter.write_sep("=", "browser tests skipped", yellow=True)
        terminalreporter.write_line(
            f"{len(skipped)} browser tests were skipped: Debian's Chromium is not installed. "
            "Install it with `make chromium` (apt-get install chromium, as root or with sudo), then make test again."
        )
    decap = [r for r in terminalreporter.stats.get("skipped", []) if NO_DECAP in str(r.longrepr)]
    if decap:
        terminalreporter.write_sep("=", "browser editor tests skipped", yellow=True)
        terminalreporter.write_line(
            f"{len(decap)} browser editor tests were skipped: {NO_DECAP}. Run make (or "
            ".venv/bin/python scripts/install_decap.py), then make test again."
        )


#: The user's cache folder of the commands the tests run (the theme's compiled templates, see
#: gongkai.plugin.theme.compile_once): one for all the tests of a test process, as one user's builds
#: share it; made afresh (private) when first needed and removed at the end of the run.
_USER_CACHE: list[Path] = []


def user_cache() -> Path:
    if not _USER_CACHE:
        _USER_CACHE.append(Path(tempfile.mkdtemp(prefix="gongkai-tests-cache-")))
    return _USER_CACHE[0]


def command_env(home: Path | None = None, **extra: str) -> dict[str, str]:
    """A small, fixed environment for the commands the tests run. PYTHONPATH is kept: a checkout put
    first on it (a git worktree using another checkout's venv) is the code they run."""
    env = {"PATH": str(BIN), "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(user_cache())}
    if home is not None:
        env["HOME"] = str(home)
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return {**env, **extra}


MKDOCS_YML = """\
site_name: 测试县政府信息公开
site_url: https://xxgk.example.gov.cn/
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
plugins:
  - gongkai:
{options}
"""


class Site:
    """A site folder: mkdocs.yml, docs/, records/ with the fixture taxonomy."""

    def __init__(self, root: Path, **options):
        self.root = root
        (root / "docs").mkdir(parents=True, exist_ok=True)
        (root / "records").mkdir(exist_ok=True)
        shutil.copy(FIXTURES / "taxonomy.yml", root / "records" / "taxonomy.yml")
        self.configure(**options)

    def configure(self, **options):
        lines = "".join(f"      {k}: {v!r}\n".replace("'", '"') for k, v in options.items()) or "      {}\n"
        if not options:
            text = MKDOCS_YML.replace("  - gongkai:\n{options}", "  - gongkai")
        else:
            text = MKDOCS_YML.format(options=lines)
        (self.root / "mkdocs.yml").write_text(text, encoding="utf-8")

    def record(self, rel: str, text: str | None = None, body: str = "正文第一段。\n", **fields) -> Path:
        """Write records/<rel>; `fields` become front matter unless raw `text` is given."""
        path = self.root / "records" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            text = "---\n" + "".join(_yaml_line(k, v) for k, v in fields.items()) + "---\n" + body
        path.write_text(text, encoding="utf-8")
        return path

    def good(self, rel: str = "2024/czj-00001.md", **overrides) -> Path:
        """A valid record, with fields replaced (None removes a field)."""
        fields = dict(
            title="测试县财政局关于2024年预算公开的说明",
            index_no="czj/2024-00001",
            agency="测试县财政局",
            category="财政信息/财政预算",
            published="2024-01-26",
        )
        fields.update(overrides)
        return self.record(rel, **{k: v for k, v in fields.items() if v is not None})

    def gongkai(
        self, *args, input: str | None = None, timeout: float | None = None, env: dict | None = None
    ) -> subprocess.CompletedProcess:
        """`gongkai *args` in the site (`env`: variables added to the tests' environment); `timeout`: a
        deadline against hangs (never a speed test)."""
        env = command_env(self.root, **env) if env is not None else None
        return ourcommands.run([str(BIN / "gongkai"), *args], cwd=self.root, input=input, timeout=timeout, env=env)

    def mkdocs(self, *args, env: dict | None = None, timeout: float | None = None) -> subprocess.CompletedProcess:
        env = command_env(self.root, **(env or {}))
        return ourcommands.run([str(BIN / "mkdocs"), *args], cwd=self.root, env=env, timeout=timeout)

    def html(self, rel: str) -> str:
        return (self.root / "site" / rel).read_text(encoding="utf-8")


#: A problem's line in `gongkai check`'s report: `  12: 错误  text`, or without a line number.
_PROBLEM = re.compile(r"^  (?: *(\d+): +| *)(错误|警告)  (.*)$")


def problem_lines(report: str) -> list[str]:
    """The problems of a report grouped by file (`Problems.report`, as `gongkai check` or a failed
    build prints it) back as one string each, `path:line: 错误 text` as `Problem.format` writes it:
    an assertion then names the file, the line, the field, the message and the fix together."""
    out: list[str] = []
    path, column = None, 0
    for line in report.splitlines():
        match = _PROBLEM.match(line)
        if match:
            out.append(f"{path}:{match[1]}: " if match[1] else f"{path}: ")
            out[-1] += f"{match[2]} {match[3]}"
            column = match.start(3) + len(match[2])  # the label's two characters take four columns
        elif line.startswith(" " * (column or 1)) and out and line.strip():
            out[-1] += "\n    " + line[column:]  # an example under its problem
        elif line and not line.startswith(" "):
            path = line
    return out


def flat(report: str) -> str:
    """`problem_lines` of `report` joined, for `in` assertions."""
    return "\n".join(problem_lines(report))


def run_in_pty(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 120) -> tuple[int, str]:
    """Run a command with its standard streams on a pseudo-terminal, as in a clerk's terminal window;
    its exit status and everything it wrote (the terminal turns "\\n" into "\\r\\n")."""
    main, child = pty.openpty()
    # A terminal of 120 columns, as a window has (none would be 0 × 0).
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(args, cwd=cwd, env=env, stdin=child, stdout=child, stderr=child, close_fds=True)
    os.close(child)
    out = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(main, 65536)
            except OSError:  # EIO: the command and its children closed the terminal
                break
            if not data:
                break
            out += data
    finally:
        os.close(main)
        if process.poll() is None:
            process.kill()
    return process.wait(), out.decode("utf-8", errors="replace")


def _yaml_line(key, value) -> str:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            items = "".join("  - {" + ", ".join(f"{k}: {v}" for k, v in item.items()) + "}\n" for item in value)
            return f"{key}:\n{items}"
        return f"{key}: [{', '.join(map(str, value))}]\n"
    if isinstance(value, dict):
        return f"{key}:\n" + "".join(f"  {k}: {v}\n" for k, v in value.items())
    if value is True:
        return f"{key}: true\n"
    return f"{key}: {value}\n"


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "site-src")


#: The day the shared builds of the sample are as of (GONGKAI_AS_OF): the same site whatever day the
#: tests run on, and the day the engines' comparison (test_engines) builds with.
SAMPLE_AS_OF = "2026-12-01"


def build_sample(dest: Path, user_cache: Path | None = None, hash_seed: str | None = None, **options) -> Path:
    """Copy the repository's sample site to `dest` and build it with `mkdocs build --strict`, as
    `make site` does (with gongkai `options` added to mkdocs.yml); returns the site/ folder.
    `hash_seed`: the build's PYTHONHASHSEED (a new interpreter's: a fork shares the test process's)."""
    dest.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    added = "".join(f"      {key}: {value}\n" for key, value in options.items())
    (dest / "mkdocs.yml").write_text(config.replace("  - gongkai:\n", "  - gongkai:\n" + added), encoding="utf-8")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "records", dest / "records")
    env = command_env(dest, GONGKAI_AS_OF=SAMPLE_AS_OF)
    if user_cache is not None:
        env["XDG_CACHE_HOME"] = str(user_cache)
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = hash_seed
    result = ourcommands.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=dest, env=env)
    assert result.returncode == 0, result.stderr
    return dest / "site"


def shared_build(tmp_path_factory, name: str, make) -> Path:
    """`make(folder)` run once for the whole test run, its result shared by every module that asks.

    Under pytest-xdist each worker is a process of its own: the first to ask builds, under a lock
    in the run's temporary folder (one per run), and the others wait for it and take the same folder."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return make(tmp_path_factory.mktemp(name) / "src")
    root = tmp_path_factory.getbasetemp().parent / f"shared-{name}"
    root.mkdir(exist_ok=True)
    with open(root / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done, dest = root / "done", root / "src"
        if not done.exists():
            shutil.rmtree(dest, ignore_errors=True)  # a worker's build that failed half-way
            made = make(dest)
            done.write_text(str(made), encoding="utf-8")
        return Path(done.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's sample built once for the whole run (`build_sample`): its site/ folder, beside
    the mkdocs.yml, docs/ and records/ it was built from. Shared: read it, never change it (copy the
    folder for a test that does)."""
    return shared_build(tmp_path_factory, "sample", build_sample)


def make_pdf(*lines: str, pad: int = 0) -> bytes:
    """A small valid PDF whose text layer holds `lines` (ASCII), padded with a comment to grow it."""
    text = " ".join(f"({line}) Tj T*" for line in lines)
    stream = f"BT /F1 12 Tf 14 TL 72 720 Td {text} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_of(objects, pad)


def pdf_of(objects: list[bytes], pad: int = 0) -> bytes:
    """A PDF of `objects` (numbered from 1, the first the catalog) with its cross-reference table."""
    out = b"%PDF-1.4\n" + (b"%" + b"0" * pad + b"\n" if pad else b"")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


@pytest.fixture(scope="session")
def sample_catalog():
    """The repository's sample loaded by the core (no MkDocs) as of `SAMPLE_AS_OF`: for the unit tests
    of the page texts, feeds and data files. Shared: never change it."""
    as_of = dt.date.fromisoformat(SAMPLE_AS_OF)
    return load_catalog(ROOT, read_mkdocs_settings(ROOT / "mkdocs.yml"), as_of=as_of, texts=True)  # as a build
