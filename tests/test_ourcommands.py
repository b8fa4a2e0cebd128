"""The tests' commands run in a fork (tests/ourcommands.py) give what the installed command gives."""

from __future__ import annotations

import re
import socket
import subprocess

import pytest

import ourcommands
from conftest import BIN, command_env


def _both(monkeypatch, args, **options):
    forked = ourcommands.run(args, **options)
    monkeypatch.setenv("GONGKAI_TESTS_FORK", "0")
    started = ourcommands.run(args, **options)
    monkeypatch.delenv("GONGKAI_TESTS_FORK")
    return forked, started


def test_a_refused_check_is_the_same_forked_or_started(site, monkeypatch):
    site.good(published="2024-02-30", agency="无此机构")
    site.good("2024/b.md", index_no="czj/2024-00002", title="")
    forked, started = _both(monkeypatch, [str(BIN / "gongkai"), "check"], cwd=site.root)
    assert forked.returncode == started.returncode == 1
    assert (forked.stdout, forked.stderr) == (started.stdout, started.stderr)
    assert "records/2024/czj-00001.md" in forked.stderr and "2月只有29天" in forked.stderr


def test_a_build_is_the_same_forked_or_started(site, monkeypatch):
    site.good()
    env = command_env(site.root, GONGKAI_AS_OF="2024-06-01")
    forked, started = _both(monkeypatch, [str(BIN / "mkdocs"), "build", "--strict", "-q"], cwd=site.root, env=env)
    assert forked.returncode == started.returncode == 0, forked.stderr
    assert forked.stderr == started.stderr


def test_a_usage_error_is_said_as_the_installed_command_says_it(site, monkeypatch):
    forked, started = _both(monkeypatch, [str(BIN / "gongkai"), "check", "--format", "xml"], cwd=site.root)
    assert forked.returncode == started.returncode == 2
    assert forked.stderr == started.stderr and "xml" in forked.stderr


def test_a_command_past_its_deadline_is_stopped(site):
    """`gongkai edit` serves until stopped: the deadline ends it, and its port is closed after."""
    site.good()
    with pytest.raises(subprocess.TimeoutExpired) as raised:
        ourcommands.run([str(BIN / "gongkai"), "edit", "--port", "0", "--no-browser"], cwd=site.root, timeout=3)
    said = (raised.value.stdout or b"").decode() + (raised.value.stderr or b"").decode()  # bytes, as subprocess's
    port = re.search(r"http://127\.0\.0\.1:(\d+)/admin/", said)
    assert port, raised.value.stderr  # it was serving, not failing
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", int(port[1])), timeout=3).close()
