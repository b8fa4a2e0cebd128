"""YAML loading that remembers line numbers and never guesses dates.

Every mapping comes back as a `LineMap` (a dict that knows the line of each
key), so that a message can point a clerk at the exact line. Dates stay
strings: YAML's own date parsing fails on `2024-02-30` with an English
traceback, ours says what is wrong in Chinese.
"""

from __future__ import annotations

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineMap(dict):
    """A YAML mapping with `line` (its first line) and `key_lines` (1-based)."""

    line: int = 0
    key_lines: dict
    duplicates: list  # (key, line) of keys given twice

    def line_of(self, key, default: int | None = None) -> int | None:
        return self.key_lines.get(key, default if default is not None else self.line)


class LineList(list):
    """A YAML sequence with `line` and the line of each item."""

    line: int = 0
    item_lines: list


class Loader(_Base):
    """Safe loader: line-aware containers, no implicit timestamps."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def _construct_map(loader, node):
    result = LineMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.duplicates = []
    yield result
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "found unhashable key", key_node.start_mark)
        line = key_node.start_mark.line + 1
        if key in result:
            result.duplicates.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line


def _construct_seq(loader, node):
    result = LineList()
    result.line = node.start_mark.line + 1
    result.item_lines = []
    yield result
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.item_lines.append(item.start_mark.line + 1)


Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def load(text: str):
    """Parse one YAML document; raises `yaml.YAMLError` with a `problem_mark`."""
    return yaml.load(text, Loader=Loader)


_GENERAL_HINT = (
    "检查这一行及上一行：冒号后要有空格；引号要成对；值里含有冒号、#、[、{ 等符号时，请用英文双引号把整个值括起来。"
)

#: libyaml's and PyYAML's wording -> (what it means, what to do), in Chinese.
_KNOWN = (
    ("mapping values are not allowed", "这一行多了一个冒号（“: ”），YAML 把它当成了新的字段", _GENERAL_HINT),
    ("cannot start any token", "这一行有 YAML 不允许出现在开头的字符（如 @、`、%）", "用英文双引号把整个值括起来。"),
    ("could not find expected ':'", "这一行缺少“字段: 值”里的冒号，或者上一行的引号没有成对", _GENERAL_HINT),
    (
        "did not find expected ',' or ']'",
        "方括号列表没有正确结束",
        "列表写成 [甲, 乙, 丙]：项目之间用英文逗号，最后要有 ]；项目里有逗号或冒号时用英文双引号括起来。",
    ),
    (
        "did not find expected ',' or '}'",
        "花括号没有正确结束",
        "写成 {file: 路径, title: 名称}：项目之间用英文逗号，最后要有 }。",
    ),
    (
        "did not find expected node content",
        "这里缺少值（例如多了一个逗号，或逗号后面空着）",
        "删掉多余的逗号，或补上值。",
    ),
    ("found unexpected end of stream", "这一行开始的引号一直没有配对", "在值的末尾补上同样的引号。"),
    ("found unhashable key", "字段名写成了列表或字典", "字段名只写英文单词，如 title。"),
    ("found undefined alias", "用了未定义的 * 引用", "值以 * 开头时用英文双引号括起来。"),
    ("found unknown escape character", "双引号里的反斜杠 \\ 被当成了转义符", "改用单引号，或把 \\ 写成 \\\\。"),
    (
        "expected <block end>",
        "缩进不一致：这一行的缩进和同一层的其他行不同",
        "同一层的字段从同一列开始；列表项 - 前的空格数要一致。",
    ),
    ("found a tab character", "这一行用了制表符（Tab）缩进，YAML 只认空格", "把行首的 Tab 换成空格（每级两个空格）。"),
    ("could not determine a constructor", "用了本系统不接受的 YAML 标签（以 ! 开头）", "删掉 ! 开头的标签，只写值。"),
)


def explain(exc: yaml.YAMLError, text: str) -> tuple[int | None, str, str]:
    """(line, message, hint) for a YAML error in `text`, in Chinese; PyYAML's own words kept in brackets."""
    problem = str(getattr(exc, "problem", None) or str(exc).splitlines()[0])
    context = str(getattr(exc, "context", None) or "")
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    # An unclosed quote is noticed where the text ends; the clerk needs the line it opened on.
    if "quoted scalar" in context and "end of stream" in problem and context_mark is not None:
        mark = context_mark
    # A key without its colon is noticed on a later line; it started where the context points.
    if "simple key" in context and context_mark is not None:
        mark = context_mark
    line = None if mark is None else mark.line + 1
    lines = text.split("\n")
    here = [lines[n] for n in (line - 2, line - 1) if line and 0 <= n < len(lines)]
    original = f"（{context}，{problem}）" if context else f"（{problem}）"
    if any("\t" in t[: len(t) - len(t.lstrip())] for t in here):
        return (
            line,
            "YAML 格式错误：这一行或上一行用了制表符（Tab）缩进，YAML 只认空格" + original,
            ("把行首的 Tab 换成空格（每级两个空格）。"),
        )
    if here and "：" in here[-1] and ":" not in here[-1].split("：", 1)[0]:
        key = here[-1].split("：", 1)[0].strip()
        return line, "YAML 格式错误：字段名后用了中文冒号“：”" + original, f"改成英文冒号加空格，如 {key}: 值"
    for needle, meaning, hint in _KNOWN:
        if needle in problem:
            return line, f"YAML 格式错误：{meaning}{original}", hint
    return line, f"YAML 格式错误{original}", _GENERAL_HINT
