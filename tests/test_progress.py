"""The status line of long builds: on a terminal only, throttled, cleared before MkDocs' own lines."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

from conftest import BIN, ROOT, command_env, run_in_pty
from gongkai.cli.progress import Progress
from gongkai.portal import twocores
from gongkai.portal.catalog import load_catalog
from gongkai.siteconfig import read_mkdocs_settings


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def shown(stream: io.StringIO) -> list[str]:
    """What each write put on the status line ("" for a clear)."""
    return [part.removesuffix("\x1b[K") for part in stream.getvalue().split("\r")[1:]]


def test_updates_are_throttled_and_a_new_step_is_shown_at_once():
    clock, stream = Clock(), io.StringIO()
    progress = Progress(stream, clock=clock)
    progress.update("读取记录", 1, 10_000)
    clock.now += 0.06
    progress.update("读取记录", 2, 10_000)  # too soon
    clock.now += 0.06
    progress.update("读取记录", 8_000, 10_000)
    progress.update("写出页面", 1, 10_050)  # a new step, at the same instant
    progress.clear()
    assert shown(stream) == [
        "gongkai：读取记录 1/10,000",
        "gongkai：读取记录 8,000/10,000",
        "gongkai：写出页面 1/10,050",
        "",
    ]
    assert stream.getvalue().endswith("\r\x1b[K")  # the cursor back at the margin, the line empty


def test_ten_thousand_updates_in_a_second_write_about_ten_lines():
    clock, stream = Clock(), io.StringIO()
    progress = Progress(stream, clock=clock)
    for n in range(1, 10_001):
        clock.now += 0.0001
        progress.update("读取记录", n, 10_000)
    assert 9 <= len(shown(stream)) <= 11


def test_a_log_line_clears_the_status_line_and_the_next_update_redraws_it():
    clock, stream = Clock(), io.StringIO()
    progress = Progress(stream, clock=clock)
    progress.update("转换页面", 1, 50)
    progress.clear()
    progress.clear()  # nothing shown: nothing written
    progress.update("转换页面", 2, 50)  # at the same instant: shown again at once
    assert shown(stream) == ["gongkai：转换页面 1/50", "", "gongkai：转换页面 2/50"]


def test_without_ansi_spaces_overwrite_the_longer_text_before():
    stream = io.StringIO()
    progress = Progress(stream, ansi=False, clock=Clock())
    progress.update("检查发布内容", 10, 163)
    progress.update("检查发布内容…")
    progress.clear()
    first, second, cleared = stream.getvalue().split("\r")[1:4]
    assert first == "gongkai：检查发布内容 10/163"
    assert second.rstrip(" ") == "gongkai：检查发布内容…" and len(second) == len(first)
    assert "\x1b" not in stream.getvalue() and cleared.strip() == ""


def test_nothing_is_written_off_a_terminal_or_when_quiet():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for stream, quiet in ((io.StringIO(), False), (Terminal(), True)):
        progress = Progress.to(stream, quiet=quiet)
        progress.update("读取记录", 1, 2)
        progress.clear()
        assert not progress.enabled and stream.getvalue() == ""


def _double(part, tick):
    out = []
    for n in part:
        out.append(2 * n)
        tick()
    return out


def test_both_processes_are_counted(monkeypatch):
    monkeypatch.setattr(twocores, "MIN_ITEMS", 4)
    for parallel in (True, False):
        calls: list[tuple[int, int]] = []
        parts = twocores.in_halves(list(range(9)), _double, parallel=parallel, progress=lambda *a, c=calls: c.append(a))
        assert [n for part in parts for n in part] == [2 * n for n in range(9)]
        assert calls[-1] == (9, 9), calls
        assert all(total == 9 for _, total in calls)
        done = [d for d, _ in calls]
        assert done == sorted(done)


def test_loading_reports_every_record_file(tmp_path):
    shutil.copytree(ROOT / "records", tmp_path / "records")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    calls = []
    catalog = load_catalog(tmp_path, read_mkdocs_settings(tmp_path / "mkdocs.yml"), progress=lambda *a: calls.append(a))
    files = len(catalog.records) + len(catalog.drafts) + len(catalog.scheduled)
    assert calls[-1] == (files, files) and len(calls) == files


# -- a real build ---------------------------------------------------------------------------


def sample(dest):
    dest.mkdir()
    for name in ("mkdocs.yml", "docs", "records"):
        (shutil.copytree if name != "mkdocs.yml" else shutil.copy)(ROOT / name, dest / name)
    return dest


def test_a_build_in_a_terminal_shows_its_progress_and_clears_it(tmp_path):
    site = sample(tmp_path / "src")
    env = command_env(site, TERM="xterm-256color")
    status, out = run_in_pty([str(BIN / "mkdocs"), "build"], site, env)
    assert status == 0, out[-3000:]
    assert (site / "site" / "index.html").is_file()
    for step in ("读取记录", "准备页面", "转换页面", "写出页面", "检查发布内容"):
        assert f"\rgongkai：{step}" in out, step
    assert re.search(r"\rgongkai：读取记录 \d+/\d+\x1b\[K", out)
    assert re.search(r"\rgongkai：写出页面 \d+/(\d+)\x1b\[K", out)
    # Every line MkDocs logs starts at the margin: the status line was cleared first.
    for before in out.split("INFO")[:-1]:
        assert before.endswith(("\n", "\x1b[K")), before[-200:]
    assert out.rstrip("\r\n").endswith("seconds")  # nothing left behind after MkDocs' last line


def test_mkdocs_build_quiet_shows_no_progress(tmp_path):
    site = sample(tmp_path / "src")
    status, out = run_in_pty([str(BIN / "mkdocs"), "build", "-q"], site, command_env(site, TERM="xterm-256color"))
    assert status == 0, out[-3000:]
    assert "gongkai：" not in out


def test_a_build_piped_shows_no_progress(site):
    site.good()
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build"], cwd=site.root, capture_output=True, text=True, env=command_env(site.root)
    )
    assert result.returncode == 0, result.stderr
    assert "gongkai：" not in result.stderr and "\r" not in result.stderr and "\x1b" not in result.stderr


def test_check_in_a_terminal_counts_the_records_read_then_clears_the_line(site):
    site.good()
    site.good("2024/b.md", index_no="czj/2024-00002", published="2024-02-30")
    env = command_env(site.root, TERM="xterm-256color")
    status, out = run_in_pty([str(BIN / "gongkai"), "check"], site.root, env)
    assert status == 1
    assert out.startswith("\rgongkai：读取记录 1/2\x1b[K")
    assert "\r\x1b[K\x1b[1mrecords/2024/b.md\x1b[0m\r\n" in out  # the report starts at the margin
    assert site.gongkai("check").stderr.startswith("records/2024/b.md\n")  # piped: the report alone
