"""The benchmark keeps working: its synthetic records pass the check and the build runs (no timing asserted)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import BIN, ROOT, command_env


def test_benchmark_runs_on_a_small_corpus():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "build.py"), "40", "--compare-search", "--seed", "7"],
        capture_output=True,
        text=True,
        env=command_env(PATH=f"{BIN}:/usr/bin:/bin"),
    )
    assert result.returncode == 0, result.stderr
    assert "OK, 40 records" in result.stdout
    for row in (
        "gongkai check, no cache: wall",
        "gongkai check, from its cache: wall",
        "gongkai plugin share",
        "peak RSS",
        "site: pages (.html) / files",
    ):
        assert row in result.stdout
    for search in ("pagefind", "material", "off"):
        assert re.search(rf"mkdocs build \(search: {search}( \+ jieba|, no jieba)?\): wall", result.stdout)
    assert re.search(r"build with ours / with Material's +\d+\.\d\d", result.stdout)


def test_clerk_benchmark_runs_on_a_small_corpus():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "clerk.py"), "60", "--seed", "7"],
        capture_output=True,
        text=True,
        env=command_env(PATH=f"{BIN}:/usr/bin:/bin"),
    )
    assert result.returncode == 0, result.stderr
    for row in (
        "gongkai check (all records)",
        "check --changed (1 record edited)",
        "gongkai new",
        "gongkai import notice.docx",
        "gongkai import notice.pdf",
        "check --changed (+ new, 2 imports)",
    ):
        assert re.search(rf"{re.escape(row)} +\d+\.\d\d s +\d+ MB", result.stdout), row
