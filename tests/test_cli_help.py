"""`gongkai` speaks Chinese: its help and argparse's own words and errors."""

from __future__ import annotations

import argparse
import gettext
import os
import re
import subprocess

import pytest

from conftest import BIN, ROOT, command_env
from gongkai import cli

COMMANDS = [[], ["check"], ["report"], ["mask"], ["new"], ["import"], ["schema"], ["inspect"], ["aggregate"], ["edit"]]
ENGLISH = re.compile(r"usage|options:|optional arguments|positional arguments|show this help|error|required|invalid")


def gongkai(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "gongkai"), *args], cwd=ROOT, capture_output=True, text=True, env=command_env())


def test_every_command_is_one_the_help_tests():
    listed = [sorted(c for c in action.choices) for action in cli.parser()._actions if action.choices][0]
    assert listed == sorted(c[0] for c in COMMANDS if c)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] if c else "gongkai")
def test_the_help_of_every_command_is_chinese(command):
    done = gongkai(*command, "--help")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith(f"用法：gongkai {' '.join(command)}".rstrip())
    assert "选项:" in done.stdout and "-h, --help            显示本帮助并退出" in done.stdout
    assert not ENGLISH.search(done.stdout), done.stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([], "gongkai：错误：缺少必须写的参数：命令"),
        (["chek"], "gongkai：错误：参数 命令：没有“chek”这一项（可写：'check', 'report'"),
        (["check", "--format", "xml"], "gongkai check：错误：参数 --format：没有“xml”这一项"),
        (["report"], "gongkai report：错误：缺少必须写的参数：年份"),
        # said with the command's own usage and help, not the top-level ones
        (["check", "--verbose"], "gongkai check：错误：无法识别的参数：--verbose"),
        (["aggregate", "a.json", "--table", "4"], "gongkai aggregate：错误：无法识别的参数：--table 4"),
        (["check", "--base"], "gongkai check：错误：参数 --base：后面要写一个值"),
    ],
)
def test_a_wrong_command_line_is_said_in_chinese_with_the_way_to_help(args, said):
    done = gongkai(*args)
    assert done.returncode == 2 and done.stdout == ""
    assert said in done.stderr and "改法：运行 gongkai" in done.stderr and " -h 查看用法。" in done.stderr
    assert "usage" not in done.stderr and "error" not in done.stderr


@pytest.mark.parametrize(
    ("args", "said", "fix"),
    [
        (["check", "--as-of", "2025/9/15"], "参数 --as-of：“2025/9/15”不是 YYYY-MM-DD 格式的日期", "写成 2025-09-15"),
        (
            ["new", "--published", "2026.12.8"],
            "参数 --published：“2026.12.8”不是 YYYY-MM-DD 格式的日期",
            "写成 2026-12-08",
        ),
        (
            ["check", "--as-of", "2025-02-30"],
            "参数 --as-of：日期 2025-02-30 不存在（2025年2月只有28天）",
            "写成日历上有的日期",  # not a document's: "核对原件上的日期" made no sense here
        ),
    ],
)
def test_a_wrong_date_on_the_command_line_is_told_how_to_write_it(args, said, fix):
    """The fix is the date's own (as `gongkai check` gives it for a record), not a pointer to -h."""
    done = gongkai(*args)
    assert done.returncode == 2 and done.stdout == ""
    first, _, rest = done.stderr.partition(f"gongkai {args[0]}：错误：{said}\n")
    assert first.startswith("用法：gongkai") and rest.startswith("改法：") and fix in rest, done.stderr
    assert "-h 查看用法" not in done.stderr


def test_argparse_is_itself_again_after_the_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "显示本帮助并退出" in capsys.readouterr().out
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext
    assert "show this help message and exit" in argparse.ArgumentParser(prog="x").format_help()


def test_a_reader_that_stops_reading_gets_no_traceback():
    """`gongkai schema | head -1`: the pipe is closed while gongkai still writes (here: before)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [str(BIN / "gongkai"), "schema"], cwd=ROOT, stdout=write_end, stderr=subprocess.PIPE, text=True,
            env=command_env(ROOT),
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
