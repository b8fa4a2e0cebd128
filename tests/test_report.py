"""What `gongkai check` prints: problems grouped by file, one line each with the fix, coloured on a terminal only."""

from __future__ import annotations

import json
import re
import subprocess

from conftest import BIN, command_env, problem_lines, run_in_pty
from gongkai.text.problems import ERROR, WARNING, Problem, Problems
from gongkai.text.terminal import use_colour

ESCAPE = "\x1b["
COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # ANSI SGR: what colours text (not the status line's clear-to-end)


def sample() -> Problems:
    """Errors and warnings of three files, given out of order, one without a line."""
    problems = Problems()
    problems.items += [
        Problem("records/reports/2024.md", None, "disclosure_fees_yuan（信息处理费（元））",
                "年报写的信息处理费 300 元，与台账不一致。", "以台账为准。", WARNING),
        Problem("records/2024/b.md", 12, "published（发布日期）", "日期 2024-02-30 不存在（2024年2月只有29天）",
                "核对原件上的日期。"),
        Problem("records/reports/2024.md", 9, None, "缺少第五部分。", "加上二级标题 ## 五、存在的主要问题及改进情况"),
        Problem("records/2024/b.md", 7, "doc_no（发文字号）", "年份没有用六角括号〔〕。", "写成 澄财发〔2024〕3号",
                WARNING),
        Problem("records/2024/a.md", 2, "title（标题）", "缺少必填字段。", "加上一行 title: 标题"),
    ]  # fmt: skip
    return problems


def test_problems_are_grouped_by_file_one_line_each_with_the_fix():
    assert sample().report() == (
        "records/2024/a.md\n"
        "  2: 错误  title（标题）：缺少必填字段。改法：加上一行 title: 标题\n"
        "\n"
        "records/2024/b.md\n"
        "   7: 警告  doc_no（发文字号）：年份没有用六角括号〔〕。改法：写成 澄财发〔2024〕3号\n"
        "  12: 错误  published（发布日期）：日期 2024-02-30 不存在（2024年2月只有29天）。改法：核对原件上的日期。\n"
        "\n"
        "records/reports/2024.md\n"
        "  9: 错误  缺少第五部分。改法：加上二级标题 ## 五、存在的主要问题及改进情况\n"
        "     警告  disclosure_fees_yuan（信息处理费（元））：年报写的信息处理费 300 元，与台账不一致。"
        "改法：以台账为准。\n"
        "\n"
        "发现 3 个错误、2 个警告，涉及 3 个文件。请按上面的提示修改后重新检查；有错误时网站不会生成。"
    )


def test_each_line_numbered_problem_links_to_its_file_in_vs_code():
    """VS Code's terminal links `  12:` to line 12 of the nearest line above that does not start with a
    number (its multi-line link detector): that must be the file's bare path."""
    lines = sample().report().splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^ *\d+:", line):
            above = next(text for text in reversed(lines[:i]) if not re.match(r"^\s*\d", text))
            assert above.startswith("records/") and " " not in above, (line, above)


def test_the_grouped_report_reads_back_as_the_problems_one_per_line():
    problems = sample()
    order = sorted(problems.items, key=lambda p: (p.path, p.line is None, p.line or 0))
    assert problem_lines(problems.report()) == [p.format() for p in order]
    assert order[0].format() == "records/2024/a.md:2: 错误 title（标题）：缺少必填字段。改法：加上一行 title: 标题"
    assert order[-1].format().startswith("records/reports/2024.md: 警告 disclosure_fees_yuan")


def test_only_warnings_say_they_do_not_block():
    problems = Problems()
    brackets = "年份没有用六角括号〔〕。"
    problems.items.append(Problem("records/2024/b.md", 7, "doc_no（发文字号）", brackets, "", WARNING))
    assert problems.report().splitlines() == [
        "records/2024/b.md",
        "  7: 警告  doc_no（发文字号）：年份没有用六角括号〔〕。",
        "",
        "发现 1 个警告，涉及 1 个文件（不影响发布，建议修改）。",
    ]
    assert Problems().report() == ""


def test_a_multi_line_hint_is_indented_under_its_problem():
    example = "写成：\n      attachments:\n        - {file: files/附件.pdf, title: 附件名称}"
    problems = Problems()
    problems.items += [
        Problem("records/2024/b.md", 8, "attachments（附件）", "附件应写成列表。", example, ERROR),
        Problem("records/2024/b.md", 10, "draft（草稿）", "应为 true 或 false。", "写成 draft: true"),
    ]
    assert problems.report().splitlines()[:5] == [
        "records/2024/b.md",
        "   8: 错误  attachments（附件）：附件应写成列表。改法：写成：",
        "            attachments:",
        "              - {file: files/附件.pdf, title: 附件名称}",
        "  10: 错误  draft（草稿）：应为 true 或 false。改法：写成 draft: true",
    ]
    # Alone (a build log's line), the example is indented under the problem too.
    assert problems.items[0].format().splitlines() == [
        "records/2024/b.md:8: 错误 attachments（附件）：附件应写成列表。改法：写成：",
        "    attachments:",
        "      - {file: files/附件.pdf, title: 附件名称}",
    ]


def test_colour_marks_errors_red_warnings_yellow_and_the_file_bold():
    text = sample().report(colour=True)
    assert "\x1b[1mrecords/2024/b.md\x1b[0m" in text
    assert "  12: \x1b[1;31m错误\x1b[0m  published（发布日期）" in text
    assert "   7: \x1b[1;33m警告\x1b[0m  doc_no" in text
    assert "\x1b[32m改法：\x1b[0m核对原件上的日期。" in text
    assert COLOUR.sub("", text) == sample().report()


class Stream:
    def __init__(self, tty: bool):
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_colour_on_a_terminal_unless_no_color_and_on_a_pipe_with_force_color(monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    terminal, pipe = Stream(True), Stream(False)
    assert use_colour(terminal, {}) and not use_colour(pipe, {})
    assert not use_colour(terminal, {"NO_COLOR": "1"})
    assert use_colour(terminal, {"NO_COLOR": ""})  # no-color.org: only a non-empty value counts
    assert use_colour(pipe, {"FORCE_COLOR": "1"})
    assert not use_colour(pipe, {"FORCE_COLOR": "0"}) and not use_colour(terminal, {"FORCE_COLOR": "0"})
    assert not use_colour(terminal, {"NO_COLOR": "1", "FORCE_COLOR": "1"})  # the reader's "no" wins
    monkeypatch.setenv("TERM", "dumb")
    assert not use_colour(terminal, {})


def broken(site):
    """A record tree with errors and warnings in several files and a multi-line hint."""
    site.good("2024/a.md", title=None)
    site.good(
        "2024/b.md", index_no="czj/2024-00002", published="2024-02-30", doc_no="澄财发[2024]3号",
        attachments="files/x.pdf",
    )  # fmt: skip
    site.good("2023/c.md", index_no="czj/2023-00001", published="2023-05-06", doc_no="澄财发[2023]1号")


def test_check_piped_prints_the_grouped_report_without_escape_codes(site):
    broken(site)
    result = site.gongkai("check")
    assert result.returncode == 1
    assert ESCAPE not in result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("records/")] == [
        "records/2023/c.md",
        "records/2024/a.md",
        "records/2024/b.md",
    ]
    start = lines.index("records/2024/b.md")
    assert lines[start : start + 6] == [
        "records/2024/b.md",
        "  6: 错误  published（发布日期）：日期 2024-02-30 不存在（2024年2月只有29天）。改法：核对原件上的日期。",
        "  7: 警告  doc_no（发文字号）：发文字号“澄财发[2024]3号”的年份没有用六角括号〔〕。"
        "改法：写成 澄财发〔2024〕3号",
        "  8: 错误  attachments（附件）：附件应写成列表。改法：写成：",
        "           attachments:",
        "             - {file: files/附件.pdf, title: 附件名称}",
    ]
    assert lines[-1].startswith("发现 3 个错误、2 个警告，涉及 3 个文件。")


def test_check_in_a_terminal_is_coloured_unless_no_color(site):
    broken(site)
    env = command_env(site.root, TERM="xterm-256color")
    status, out = run_in_pty([str(BIN / "gongkai"), "check"], site.root, env)
    assert status == 1
    assert "\x1b[1mrecords/2024/b.md\x1b[0m" in out and "\x1b[1;31m错误\x1b[0m" in out and "\x1b[1;33m警告" in out
    status, out = run_in_pty([str(BIN / "gongkai"), "check"], site.root, {**env, "NO_COLOR": "1"})
    assert status == 1 and not COLOUR.search(out)
    assert "records/2024/b.md\r\n  6: 错误  published（发布日期）" in out  # the terminal writes \r\n


def test_force_color_colours_a_pipe_but_never_the_json_on_stdout(site):
    broken(site)
    env = command_env(site.root, FORCE_COLOR="1")
    run = subprocess.run([str(BIN / "gongkai"), "check"], cwd=site.root, capture_output=True, text=True, env=env)
    assert run.returncode == 1 and "\x1b[1;31m错误\x1b[0m" in run.stderr
    for kind in ("json", "gitlab"):
        run = subprocess.run(
            [str(BIN / "gongkai"), "check", "--format", kind], cwd=site.root, capture_output=True, text=True, env=env
        )
        assert run.returncode == 1 and ESCAPE not in run.stdout
        json.loads(run.stdout)
