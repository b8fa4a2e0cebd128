"""`mkdocs serve` re-renders a record when its file changes (live reload), and shows the problems
of a broken one in the browser until it is fixed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import BIN, chromium, command_env, needs_chromium
from gongkai.plugin.problem_page import problem_page
from gongkai.text.problems import Problems


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    body = None
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}; last body: {(body or '')[:300]}")


def serve(site, port: int, *args: str, **env) -> subprocess.Popen:
    """`mkdocs serve` of `site` on `port`; its terminal output (stderr) is kept. It builds into a
    temporary folder of its own (under `site`'s, to see that stopping it removes that)."""
    temporary = site.root.parent / "serve-tmp"
    temporary.mkdir(exist_ok=True)
    # Ctrl-C as in a terminal, though the tests may run where SIGINT is ignored (a job started with
    # `&` by a non-interactive shell, as some CI runners do): an ignored signal is inherited, a
    # handled one is reset for the new program. Set here, not in a preexec_fn, which is unsafe in a
    # process with threads (the xdist worker's).
    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    if ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", *args],
            cwd=site.root,
            env=command_env(site.root, TMPDIR=str(temporary), **env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop(server: subprocess.Popen, site) -> str:
    """Stop `server` as a webmaster does (Ctrl-C) and return its terminal output; it must exit
    cleanly and leave no built site behind in the temporary folder (a SIGTERM left one each time)."""
    server.send_signal(signal.SIGINT)
    _, err = server.communicate(timeout=60)
    assert server.returncode == 0, err[-2000:]
    assert list((site.root.parent / "serve-tmp").iterdir()) == []
    return err


def test_editing_a_record_rerenders_its_page(site):
    path = site.good(title="初始标题的公告")
    port = free_port()
    server = serve(site, port)
    try:
        url = f"http://127.0.0.1:{port}/xxgk/czj/2024-00001/"
        first = wait_for(url, "初始标题的公告")
        # The live-reload script MkDocs injects is inline: a page policy would block it while serving.
        assert "Content-Security-Policy" not in first and "livereload" in first
        edit(path, ("初始标题的公告", "改过的标题的公告"))
        wait_for(url, "改过的标题的公告")
    finally:
        err = stop(server, site)
    assert "Traceback" not in err


def test_serve_shows_a_record_scheduled_for_later_with_its_mark(site):
    site.good()
    site.good("2026/czj-00007.md", index_no="czj/2026-00007", title="下周发布的公告", published="2026-12-05")
    port = free_port()
    server = serve(site, port, GONGKAI_AS_OF="2026-12-01")
    try:
        page = wait_for(f"http://127.0.0.1:{port}/xxgk/czj/2026-00007/", "下周发布的公告")
        assert "未发布" in page and "本文定于 2026-12-05 发布" in page
    finally:
        stop(server, site)


def fetch_any(url: str) -> tuple[int, str]:
    """The status and the text of `url`, an error page's too."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def edit(path, *changes: tuple[str, str]) -> None:
    """Make the (old, new) `changes` to `path` in one write, its time moved on so that the server's
    watcher sees it even on a file system that keeps coarse times (no waiting for the clock)."""
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    later = before + 2_000_000_000
    os.utime(path, ns=(later, later))


PROBLEMS = "预览暂停"  # the problem page's heading


def test_a_broken_record_shows_its_problems_on_the_open_page_until_it_is_fixed(site):
    path = site.good(title="初始标题的公告")
    port = free_port()
    server = serve(site, port)
    base = f"http://127.0.0.1:{port}/"
    url = base + "xxgk/czj/2024-00001/"
    try:
        wait_for(url, "初始标题的公告")
        breaks = [
            ("published: 2024-01-26", "published: 2025-13-45"),
            ("agency: 测试县财政局", "agency: <em>财政局</em>"),
        ]
        edit(path, *breaks)
        page = wait_for(url, PROBLEMS)
        assert "<h2>records/2024/czj-00001.md</h2>" in page
        assert "第 6 行" in page and "published（发布日期）：日期 2025-13-45 不存在" in page
        assert "改法：核对原件上的日期。" in page
        # What the record says is shown as text, never as markup.
        assert "含有 HTML 标记“&lt;em&gt;”" in page and "<em>" not in page
        assert "初始标题的公告" not in page
        # MkDocs' live-reload script is in it: the tab reloads itself when the file is fixed.
        assert "/livereload/" in page
        home = wait_for(base, PROBLEMS)
        assert "第 6 行" in home and "/livereload/" in home
        edit(path, *((new, old) for old, new in breaks))
        back = wait_for(url, "初始标题的公告")
        assert PROBLEMS not in back
    finally:
        err = stop(server, site)
    assert "记录有 2 个问题，浏览器中显示问题清单；改好后自动刷新。" in err
    assert "records/2024/czj-00001.md" in err and "6: 错误  published（发布日期）" in err
    assert "appear stuck" not in err and "Traceback" not in err


# Under --strict the problems are not logged as an error: MkDocs would abort that build after all.
@pytest.mark.parametrize("args", [(), ("--strict",)])
def test_serve_started_on_a_broken_site_shows_the_problems_and_watches_the_records(site, args):
    path = site.good(published="2024-02-30")
    port = free_port()
    server = serve(site, port, *args)
    base = f"http://127.0.0.1:{port}/"
    try:
        home = wait_for(base, PROBLEMS)
        assert "records/2024/czj-00001.md" in home and "日期 2024-02-30 不存在" in home
        # A page no build has made yet: the 404 answer is the problem list too, and asks again by itself.
        status, missing = fetch_any(base + "xxgk/czj/2024-00001/")
        assert status == 404 and PROBLEMS in missing and "日期 2024-02-30 不存在" in missing
        assert "location.reload()" in missing
        edit(path, ("2024-02-30", "2024-02-28"))
        wait_for(base + "xxgk/czj/2024-00001/", "测试县财政局关于2024年预算公开的说明")
        assert PROBLEMS not in fetch(base)
    finally:
        stop(server, site)


def test_wrong_footer_settings_show_on_the_page_too(site):
    site.good()
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  footer:\n    sponsr: 测试县人民政府\n", "utf-8")
    port = free_port()
    server = serve(site, port)
    try:
        home = wait_for(f"http://127.0.0.1:{port}/", PROBLEMS)
        assert "<h2>mkdocs.yml</h2>" in home and "extra.footer.sponsr：没有这一项。改法：可写：" in home
    finally:
        err = stop(server, site)
    assert "mkdocs.yml 的网站名称和页脚设置有 1 个问题，浏览器中显示问题清单；改好后自动刷新。" in err


def test_problem_page_escapes_paths_fields_and_messages(tmp_path):
    problems = Problems(root=tmp_path)
    problems.error(tmp_path / "records/<b>x</b>.md", 3, "title<i>", "<script>alert(1)</script>", "写成 <b>标题</b>")
    problems.warn(tmp_path / "records/<b>x</b>.md", None, None, "a & b")
    page = problem_page(problems, "<县>", "token-1")
    assert "<script>alert" not in page and "<b>" not in page and "<i>" not in page
    assert "<h2>records/&lt;b&gt;x&lt;/b&gt;.md</h2>" in page
    assert "title&lt;i&gt;：&lt;script&gt;alert(1)&lt;/script&gt;。改法：写成 &lt;b&gt;标题&lt;/b&gt;" in page
    assert "a &amp; b" in page and "<title>发现 1 个错误 - &lt;县&gt;</title>" in page
    assert "共 1 个错误、1 个警告，涉及 1 个文件。" in page
    # Only the 404 page polls (MkDocs' live-reload script is not in its 404 answer).
    assert "<script>" not in page
    assert "<script>" in problem_page(problems, "县", "token-1", not_found=True)


def test_build_of_a_broken_site_still_fails_and_publishes_nothing(site):
    site.good(published="2025-13-45")
    result = site.mkdocs("build")
    assert result.returncode == 1
    assert "记录检查未通过，网站未生成" in result.stderr and "日期 2025-13-45 不存在" in result.stderr
    assert "浏览器" not in result.stderr
    assert not (site.root / "site").exists() and not (site.root / "site.building").exists()


@needs_chromium
def test_the_open_tab_turns_to_the_problems_and_back_by_itself(site):
    """In a real browser the test only opens the page once: every later change is the page reloading itself."""
    path = site.good(published="2024-02-30")
    port = free_port()
    server = serve(site, port)
    try:
        wait_for(f"http://127.0.0.1:{port}/", PROBLEMS)
        with chromium() as browser:
            page = browser.new_page()
            try:
                page.goto(f"http://127.0.0.1:{port}/xxgk/czj/2024-00001/")
                page.locator("h1", has_text=PROBLEMS).wait_for(timeout=30_000)  # the 404 answer
                edit(path, ("2024-02-30", "2024-02-28"))  # the 404 page's own poll
                page.locator("h1", has_text="测试县财政局关于2024年预算公开的说明").wait_for(timeout=30_000)
                edit(path, ("2024-02-28", "2024-02-31"))  # MkDocs' live-reload script
                page.locator("li", has_text="日期 2024-02-31 不存在").wait_for(timeout=30_000)
                edit(path, ("2024-02-31", "2024-02-27"))
                page.locator("h1", has_text="测试县财政局关于2024年预算公开的说明").wait_for(timeout=30_000)
            finally:
                page.close()
    finally:
        stop(server, site)
