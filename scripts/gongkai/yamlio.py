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


def error_line(exc: yaml.YAMLError) -> int | None:
    """1-based line of a YAML error inside the parsed text, when known."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return None if mark is None else mark.line + 1


def describe_error(exc: yaml.YAMLError) -> str:
    """A short Chinese reading of a YAML error, with PyYAML's own words kept."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    known = {
        "mapping values are not allowed": "这一行多了一个冒号（“: ”），YAML 把它当成了新的字段",
        "found character '\\t' that cannot start any token": "这一行用了制表符（Tab）缩进，YAML 只认空格",
        "could not find expected ':'": "这一行缺少“字段: 值”里的冒号，或者引号没有成对",
        "found unhashable key": "字段名写成了列表或字典",
        "found undefined alias": "用了未定义的 * 引用",
    }
    for needle, chinese in known.items():
        if needle in str(problem):
            return f"YAML 格式错误：{chinese}（{problem}）"
    if context:
        return f"YAML 格式错误：{context}，{problem}"
    return f"YAML 格式错误：{problem}"
