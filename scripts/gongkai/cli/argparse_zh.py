"""argparse in Chinese: its help headings and error messages, as the clerk reads them.

argparse looks its words up through gettext (`argparse._`, `argparse.ngettext`) at the moment it
prints them; `chinese()` answers those look-ups from the table below while the command parses its
arguments, and puts argparse back as it was afterwards (the same process may run other programs'
parsers: pytest's, in the tests).
"""

from __future__ import annotations

import argparse
import contextlib
import sys

#: argparse's own words (Python 3.10-3.13) and ours for them; any other passes through unchanged.
WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n改法：运行 %(prog)s -h 查看用法。\n",
    "the following arguments are required: %s": "缺少必须写的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有“%(value)s”这一项（可写：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "后面要写一个值",
    "expected at least one argument": "后面至少要写一个值",
    "expected at most one argument": "后面最多写一个值",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "参数 %r 被忽略",
    "one of the arguments %s is required": "参数 %s 必须写一个",
    "unexpected option string: %s": "多余的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
PLURAL = {("expected %s argument", "expected %s arguments"): "后面要写 %s 个值"}


def translate(message: str) -> str:
    return WORDS.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    return PLURAL.get((singular, plural), singular if n == 1 else plural)


@contextlib.contextmanager
def chinese():
    """argparse speaks Chinese inside the block."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = translate, translate_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


#: Put by a value's check between what is wrong and its own fix (a date: 写成 2026-12-08).
FIX = "\n改法："


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose error gives the fix a value's own check found, when it found one,
    rather than only pointing to -h."""

    def error(self, message: str):
        if FIX in message:
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}：错误：{message}\n")
        super().error(message)
