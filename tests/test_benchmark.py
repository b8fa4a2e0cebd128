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
    # Targets belong to the sizes the issues set them for (10,000 and 50,000 records), not to 40.
    assert "targets at N=10,000 and 50,000 only" in result.stdout
    assert not re.search(r"\b(PASS|FAIL)\b", result.stdout), result.stdout
    assert re.search(r"disk: a page written, before / after +\d+\.\d{3} / \d+\.\d{3} ms", result.stdout)


def test_incremental_benchmark_on_the_next_day_gives_the_site_of_a_full_build():
    """The rebuild as of the day after (a merge in CI on another day) keeps the other pages, and its
    site is the same as a full build's of that day."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "build.py"), "40", "--incremental", "--next-day", "--seed", "7"],
        capture_output=True,
        text=True,
        env=command_env(PATH=f"{BIN}:/usr/bin:/bin"),
    )
    assert "site/ with the cache == without" in result.stdout, result.stdout + result.stderr
    assert re.search(r"one record changed, with the cache \(\S+\.md, the next day\)", result.stdout)
    assert re.search(r"site/ with the cache == without +same +same +PASS", result.stdout)
    assert re.search(r"pages kept / made again +\d+ / [0-9]\b", result.stdout), result.stdout
    assert re.search(r"disk: a page written, before / after +\d+\.\d{3} / \d+\.\d{3} ms", result.stdout)


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
