"""`mkdocs serve` re-renders a record when its file changes (live reload)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request

from conftest import BIN, command_env


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


def wait_for(url: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    body = None
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}; last body: {(body or '')[:300]}")


def serve(site, port: int, **env) -> subprocess.Popen:
    """`mkdocs serve` of `site` on `port`; its terminal output (stderr) is kept."""
    return subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site.root,
        env=command_env(site.root, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_editing_a_record_rerenders_its_page(site):
    path = site.good(title="初始标题的公告")
    port = free_port()
    server = serve(site, port)
    try:
        url = f"http://127.0.0.1:{port}/xxgk/czj/2024-00001/"
        first = wait_for(url, "初始标题的公告")
        # The live-reload script MkDocs injects is inline: a page policy would block it while serving.
        assert "Content-Security-Policy" not in first and "livereload" in first
        time.sleep(1.1)  # mtime granularity of some file systems
        path.write_text(path.read_text(encoding="utf-8").replace("初始标题的公告", "改过的标题的公告"), "utf-8")
        os.utime(path)
        wait_for(url, "改过的标题的公告")
        # A broken edit is reported in the terminal (MkDocs holds requests until the next good
        # build); fixing the file brings the site back without restarting the server.
        broken = site.good("2024/czj-00002.md", index_no="czj/2024-00002", published="2024-02-30")
        time.sleep(3)
        broken.write_text(broken.read_text(encoding="utf-8").replace("2024-02-30", "2024-02-28"), "utf-8")
        wait_for(f"http://127.0.0.1:{port}/xxgk/czj/2024-00002/", "测试县财政局")
    finally:
        server.terminate()
        _, err = server.communicate(timeout=20)
    assert "Traceback" not in err
    assert "日期 2024-02-30 不存在" in err


def test_serve_shows_a_record_scheduled_for_later_with_its_mark(site):
    site.good()
    site.good("2026/czj-00007.md", index_no="czj/2026-00007", title="下周发布的公告", published="2026-12-05")
    port = free_port()
    server = serve(site, port, GONGKAI_AS_OF="2026-12-01")
    try:
        page = wait_for(f"http://127.0.0.1:{port}/xxgk/czj/2026-00007/", "下周发布的公告")
        assert "未发布" in page and "本文定于 2026-12-05 发布" in page
    finally:
        server.terminate()
        server.communicate(timeout=20)
