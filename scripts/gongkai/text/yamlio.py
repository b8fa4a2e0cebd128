"""YAML loading that remembers line numbers, never guesses dates and refuses what a clerk never writes.

Every mapping comes back as a `LineMap` (a dict that knows the line of each
key), so that a message can point a clerk at the exact line. Dates stay
strings: YAML's own date parsing fails on `2024-02-30` with an English
traceback, ours says what is wrong in Chinese.

Before anything is built, the text is read once as a stream of YAML events and
refused (`Refused`, a `yaml.YAMLError` with its line and a Chinese message) when
it holds what no record or taxonomy needs and what makes YAML slow or unsafe:
anchors and aliases (`&a`, `*a`: a "billion laughs" bomb is a few lines of
them), tags (`!!python/...`, `!!binary`, `!foo`), nesting deeper than
`MAX_DEPTH`, invisible control characters. Numbers are only the decimal ones
a clerk would mean: `010`, `0x1F`, `1_000` and `2024:01:26` (YAML 1.1's octal,
hex and base-60 numbers) stay text as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

from gongkai.text import plaintext

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Levels of lists and mappings allowed; a record needs three (field, list, {file: …, title: …}).
MAX_DEPTH = 20

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
#: YAML 1.1's merge key `<<` and value key `=`: plain text here (`<<` is then an unknown field, not a merge).
_DROPPED = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value", _INT, _FLOAT)
_INT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)

#: Characters YAML refuses (C0/C1 controls, surrogates, non-characters) plus the invisible ones that
#: move YAML's line count away from the file's (NEL, U+2028, U+2029) and a BOM inside the text.
_BAD_CHAR_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
#: In a value, after escapes are decoded: the same and a carriage return (a tab or a line feed is fine).
_BAD_VALUE_CHAR_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_CHAR_NAMES = {
    "\x00": "空字符 NUL",
    "\x08": "退格符",
    "\x0b": "垂直制表符",
    "\x0c": "换页符",
    "\x0d": "回车符",
    "\x1b": "ESC 控制符",
    "\x7f": "删除符 DEL",
    "\x85": "NEL 换行符",
    "\u2028": "Unicode 行分隔符",
    "\u2029": "Unicode 段分隔符",
    "\ufeff": "BOM 字节顺序标记",
}
_CHAR_HINT = (
    "删掉这个看不见的字符：把光标移到该处删除，或重新输入这一行；"
    "从 Word、PDF 或网页复制的文字，可先粘贴到记事本再复制过来。"
)


class Refused(yaml.MarkedYAMLError):
    """Input refused before it is built: `message` and `hint` are the Chinese text for the clerk."""

    def __init__(self, mark, message: str, hint: str):
        super().__init__(problem=message, problem_mark=mark)
        self.message = message
        self.hint = hint


class _Mark:
    """A position for a `Refused` found outside the YAML parser (0-based line, like yaml.Mark)."""

    def __init__(self, line: int, column: int = 0):
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"line {self.line + 1}, column {self.column + 1}"


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
    """Safe loader: line-aware containers, no implicit timestamps, only decimal numbers, no merge keys."""

    _root = None

    def construct_document(self, node):
        self._root = node
        return super().construct_document(node)


def _resolvers():
    out = {}
    for first, resolvers in _Base.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
        if first is not None and first in "-+0123456789":
            kept.append((_INT, _INT_RE))
        if first is not None and first in "-+.0123456789":
            kept.append((_FLOAT, _FLOAT_RE))
        if kept:
            out[first] = kept
    return out


Loader.yaml_implicit_resolvers = _resolvers()


def _char_problem(char: str, where: str) -> str:
    name = _CHAR_NAMES.get(char) or plaintext.char_name(char)
    return f"{where}有看不见的特殊字符 U+{ord(char):04X}（{name}）。"


def _construct_map(loader, node):
    result = LineMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.duplicates = []
    yield result
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key_node, yaml.ScalarNode) and not isinstance(key, str):
            # `1:`, `null:`, `yes:`: the clerk wrote a name, not a number, nothing or true.
            key = key_node.value
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(None, None, "found unhashable key", key_node.start_mark)
        if not key.strip():
            raise Refused(
                key_node.start_mark, "YAML 格式错误：这一行的字段名是空的。", "在冒号前写字段名，如 title: 标题"
            )
        line = key_node.start_mark.line + 1
        if key in result:
            if node is not loader._root:  # the top level's are reported by the caller, with the field's name
                # The item's first key again: most often a new item (a request, an attachment) whose
                # "- " was forgotten. Deleting one, as the message once said, merged two requests.
                starts = not node.flow_style and key_node.value == node.value[0][0].value
                fix = (
                    f"这一行若是新的一项（如另一件申请、另一个附件），在 {key} 前加“- ”（短横线和空格），"
                    f"与第 {result.key_lines[key]} 行那一项的“- ”对齐；若是同一项重复写了，删掉其中一个 {key}。"
                    if starts
                    else f"删掉其中一个 {key}。"
                )
                raise Refused(
                    key_node.start_mark,
                    f"YAML 格式错误：{key} 在同一项里写了两次（第 {result.key_lines[key]} 行已有）。",
                    fix,
                )
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


def _construct_str(loader, node):
    value = loader.construct_scalar(node)
    bad = _BAD_VALUE_CHAR_RE.search(value)
    if bad:
        raise Refused(
            node.start_mark,
            "YAML 格式错误：" + _char_problem(bad.group(), "这个值里") + "（多半是双引号里的反斜杠转义，如 \\0、\\a）",
            "删掉这个转义符；反斜杠本身写成 \\\\，或改用单引号。",
        )
    return value


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        raise Refused(
            node.start_mark,
            f"YAML 格式错误：这个数字太长（{len(text)} 位）。",
            "如果这是文字（如编号），用英文双引号括起来。",
        ) from None


Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
Loader.add_constructor(_STR, _construct_str)
Loader.add_constructor(_INT, _construct_int)


def _written_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def check(text: str) -> None:
    """Refuse (raise `Refused`) what `load` must not build; YAML syntax errors are raised as they are."""
    bad = _BAD_CHAR_RE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start())
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1)
        raise Refused(
            _Mark(line, column),
            f"YAML 格式错误：第 {column + 1} 个字符处" + _char_problem(bad.group(), ""),
            _CHAR_HINT,
        )
    loader = Loader(text)
    try:
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor is not None):
                sign = "*" if isinstance(event, AliasEvent) else "&"
                raise Refused(
                    event.start_mark,
                    f"YAML 格式错误：用了 YAML 的{'引用' if sign == '*' else '锚点'} {sign}{event.anchor}，"
                    "本系统不接受锚点（&）和引用（*）。",
                    "每个字段直接写出它的值；值本身以 & 或 * 开头时，用英文双引号把整个值括起来。",
                )
            if isinstance(event, NodeEvent) and getattr(event, "tag", None) is not None:
                raise Refused(
                    event.start_mark,
                    f"YAML 格式错误：用了本系统不接受的 YAML 标签 {_written_tag(event.tag)}（以 ! 开头）。",
                    "删掉 ! 开头的标签，只写值；值本身以 ! 开头时，用英文双引号把整个值括起来。",
                )
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise Refused(
                        event.start_mark,
                        f"YAML 格式错误：列表或字典嵌套太深（超过 {MAX_DEPTH} 层）。",
                        "检查方括号 [ ] 和花括号 { } 是否成对；记录的字段最多写成 "
                        "attachments: [{file: 路径, title: 名称}] 这样的两层。",
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


#: What an anchor, an alias or a tag needs: a text without them can hold none (see `_read_once`).
_MARKS = re.compile(r"[&*!]")


def _depth(node) -> int:
    """Levels of lists and mappings in the tree under `node`, as `check` counts them."""
    deepest, todo = 0, [(node, 1)]
    while todo:
        node, level = todo.pop()
        if isinstance(node, yaml.MappingNode):
            deepest = max(deepest, level)
            todo += [(n, level + 1) for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            deepest = max(deepest, level)
            todo += [(n, level + 1) for n in node.value]
    return deepest


def _read_once(text: str) -> tuple[bool, object]:
    """(True, the document) read in one pass, when `check` has nothing to refuse in it and it reads
    without error; else (False, None), and `load` reads it as before (check, then load), which says
    the same errors in the same order. A text without & * ! has no anchor, alias or tag, and its
    depth is counted on the tree: what `check` looks for in the events. Records are read this way
    (their events were read twice: a third of the time YAML took)."""
    if _BAD_CHAR_RE.search(text) or _MARKS.search(text):
        return False, None
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _depth(node) > MAX_DEPTH:
            return False, None
        return True, (None if node is None else loader.construct_document(node))
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError):
        return False, None
    finally:
        loader.dispose()


def load(text: str):
    """Parse one YAML document; raises `yaml.YAMLError` (with a mark: `explain` says where and what) on bad input."""
    done, document = _read_once(text)
    if done:
        return document
    check(text)
    try:
        return yaml.load(text, Loader=Loader)
    except (RecursionError, ValueError, OverflowError) as exc:  # safety net: `check` should leave none
        raise Refused(None, f"YAML 格式错误：头部信息无法读取（{type(exc).__name__}）。", _GENERAL_HINT) from None


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
        "写成 {键: 值, 键: 值}：项目之间用英文逗号，最后要有 }（附件写成 {file: 路径, title: 名称}）。",
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
        "invalid Unicode character escape code",
        "双引号里的 \\u 或 \\x 后面不是有效的字符编码",
        "改用单引号，或把 \\ 写成 \\\\。",
    ),
    (
        "expected <block end>",
        "缩进不一致：这一行的缩进和同一层的其他行不同",
        "同一层的字段从同一列开始；列表项 - 前的空格数要一致。",
    ),
    ("found a tab character", "这一行用了制表符（Tab）缩进，YAML 只认空格", "把行首的 Tab 换成空格（每级两个空格）。"),
    ("could not determine a constructor", "用了本系统不接受的 YAML 标签（以 ! 开头）", "删掉 ! 开头的标签，只写值。"),
    (
        "expected a single document",
        "这里又开始了一段新的 YAML（以 --- 开头的一行）",
        "头部信息只能有一段：删掉多余的 --- 行。",
    ),
    ("exceeded maximum nesting depth", "列表或字典嵌套太深", "检查方括号 [ ] 和花括号 { } 是否成对。"),
)


def explain(exc: yaml.YAMLError, text: str) -> tuple[int | None, str, str]:
    """(line, message, hint) for a YAML error in `text`, in Chinese; PyYAML's own words in brackets only
    where no meaning of ours is known."""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    if isinstance(exc, Refused):
        mark = problem_mark
        return (None if mark is None else mark.line + 1), exc.message, exc.hint
    problem = str(getattr(exc, "problem", None) or next(iter(str(exc).splitlines()), "") or type(exc).__name__)
    context = str(getattr(exc, "context", None) or "")
    mark = problem_mark or context_mark
    # An unclosed quote is noticed where the text ends; the clerk needs the line it opened on.
    if "quoted scalar" in context and "end of stream" in problem and context_mark is not None:
        mark = context_mark
    # An unclosed [list] or {mapping} is noticed at the next field; the clerk needs the line it opened on.
    if "flow" in context and "did not find expected ','" in problem and context_mark is not None:
        mark = context_mark
    # A key without its colon is noticed on a later line; it started where the context points.
    if "simple key" in context and context_mark is not None:
        mark = context_mark
    line = None if mark is None else mark.line + 1
    if "scanning an alias" in context or "scanning an anchor" in context:
        sign, what = ("*", "引用") if "alias" in context else ("&", "锚点")
        written = text.split("\n")[line - 1] if line and line <= text.count("\n") + 1 else ""
        key = re.match(r"\s*(?:- +)?([A-Za-z_][\w.-]*):", written)  # the line's own key
        item = re.match(r"\s*- +[&*]", written)  # a list's item: - &注意
        example = f'{key.group(1)}: "{sign}……"' if key else f'- "{sign}……"' if item else f'summary: "{sign}……"'
        return (
            line,
            f"YAML 格式错误：以 {sign} 开头的值被当成了 YAML 的{what}",
            f"值以 {sign} 开头时，用英文双引号把整个值括起来，如 {example}",
        )
    lines = text.split("\n")
    here = [lines[n] for n in (line - 2, line - 1) if 0 <= n < len(lines)] if line else []
    original = f"（{context}，{problem}）" if context else f"（{problem}）"
    if any("\t" in t[: len(t) - len(t.lstrip())] for t in here):
        return (
            line,
            "YAML 格式错误：这一行或上一行用了制表符（Tab）缩进，YAML 只认空格",
            ("把行首的 Tab 换成空格（每级两个空格）。"),
        )
    typed = _typed_wrong(exc, text, line)
    if typed is not None:
        return typed
    # `title：…` is read as a text, and YAML stumbles on the next line: name the line with the colon.
    for back, t in enumerate(reversed(here)):
        key = t.split("：", 1)[0]
        if "：" in t and ":" not in key and key.strip():
            message = "YAML 格式错误：字段名后用了中文冒号“：”"
            return line - back, message, f"改成英文冒号加空格，如 {key.strip()}: 值"
    # `key: value` on a line indented deeper than the field above it: YAML reads it as more of that
    # field's value, then stumbles on its colon. The indentation is the mistake, not the colon.
    if "mapping values are not allowed" in problem and len(here) == 2:
        above, this = here
        deeper = (len(this) - len(this.lstrip(" "))) - (len(above) - len(above.lstrip(" ")))
        if (
            deeper > 0
            and re.match(r" *(?:- +)?[A-Za-z_][\w.-]*: +\S", above)
            and re.match(r" *[A-Za-z_][\w.-]*:", this)
        ):
            return (
                line,
                f"YAML 格式错误：这一行比上一行多缩进了 {deeper} 格，YAML 把它当成了上一行的值的一部分",
                "同一层的字段从同一列开始：删去多出的空格，与上一行对齐。",
            )
    for needle, meaning, hint in _KNOWN:
        if needle in problem:
            return line, f"YAML 格式错误：{meaning}", hint
    return line, f"YAML 格式错误{original}", _GENERAL_HINT


#: A key at a line's start (of a list item's mapping too) with no half-width space after its colon:
#: `agency:澄岭县财政局`, or a full-width one, `title:　说明`. YAML reads the line as a text. (A line
#: of a long text that starts with an address is no field.)
_NO_SPACE = re.compile(r"^ *(?:- +)?([A-Za-z_][A-Za-z0-9_]*):(?:(\u3000)|(?=[^\s])(?!//))")
#: A line indented with a full-width space (U+3000) at its start, which YAML does not take for one.
_WIDE_INDENT = re.compile(r"^\u3000+")


def _typed_wrong(exc: yaml.YAMLError, text: str, line: int | None) -> tuple[int, str, str] | None:
    """A mistake of typing in Chinese that YAML reports elsewhere and in other words: a line indented
    with full-width spaces (YAML may read on for lines before it stops), or a colon without its space
    (YAML stops at that line or the next): (the line, the message, the fix), or None."""
    mark = getattr(exc, "context_mark", None)
    return _typed_wrong_at(text, line, mark.line if mark is not None else -1)


@lru_cache(maxsize=8)
def _typed_wrong_at(text: str, line: int | None, mark: int) -> tuple[int, str, str] | None:
    # A line is blamed only when writing it right lets YAML read past where it stopped: a text's
    # line that merely looks like one (`  - ISO:9001`, a quoted paragraph indented with 　　) is not.
    lines = text.split("\n")
    last = min(line or len(lines), len(lines))
    stopped = _stop(text)
    # The last few lines indented so before where YAML stopped, each tried by reading the whole text
    # again (a long quoted text of paragraphs indented with 　　 would otherwise be read once for
    # each); the last ones, as those paragraphs come before the list item a clerk indented so.
    wides = [n for n in range(last) if _WIDE_INDENT.match(lines[n])][-3:]
    for n in wides:
        wide = _WIDE_INDENT.match(lines[n])
        if _reads_past(lines, n, "  " * len(wide.group()) + lines[n][wide.end() :], stopped):
            return (
                n + 1,
                "YAML 格式错误：这一行开头是全角空格（中文输入法打出的空格），YAML 不把它当作缩进",
                "删掉行首的全角空格，切换到英文输入法后用空格键缩进（每级两个空格）。",
            )
    near = {n for n in (last - 1, last - 2, mark) if 0 <= n < len(lines)}
    for n in sorted(near, reverse=True):
        dash = _WIDE_DASH.match(lines[n])
        if dash and _reads_past(
            lines, n, dash.group(1).replace("\u3000", "  ") + "- " + lines[n][dash.end() :], stopped
        ):
            return (
                n + 1,
                f"YAML 格式错误：列表的这一项以全角的“{dash.group(2)}”开头，YAML 只认英文的短横线 -",
                "切换到英文输入法，把它改成短横线和一个空格（- ），例如 - {file: files/a.pdf, title: 附件}",
            )
    for n in sorted(near, reverse=True):
        m = _NO_SPACE.match(lines[n])
        if m:
            key, rest = m.group(1), lines[n][m.end() :].lstrip("\u3000")
            if not _reads_past(lines, n, lines[n][: m.start(1)] + f"{key}: {rest}", stopped):
                continue
            what = "后面是全角空格" if m.group(2) else "后面缺少空格"
            return (
                n + 1,
                f"YAML 格式错误：字段名 {key} 的冒号{what}，YAML 把整行当成了一段文字",
                (f"冒号后面加一个半角空格（英文输入法下的空格），写成 {key}: {rest}"),
            )
    return None


#: A list item begun with a dash a Chinese input method types (－ — – ‐) or a bullet (· • ・).
_WIDE_DASH = re.compile("^([ \u3000]*)([－—–‐·•・])[ \u3000]*")


def _stop(text: str) -> int | None:
    """The line at which YAML stops reading `text` (its problem's, else its context's), None when it
    reads it whole; 0 when it stops without saying where. Read as `load` reads (its refusals first:
    the depth, the aliases), the text being one a clerk or anyone committed."""
    try:
        load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line + 1 if mark is not None else 0
    except Exception:  # anything else YAML or our constructors raise
        return 0
    return None


def _reads_past(lines: list[str], n: int, fixed: str, stopped: int | None) -> bool:
    """Whether YAML, with line `n` written `fixed`, reads the text, or reads on past where it stopped."""
    after = _stop("\n".join([*lines[:n], fixed, *lines[n + 1 :]]))
    return after is None or (stopped is not None and after > stopped)


#: Where a key of the top level starts its line (a Chinese colon counts: the line is still that field's).
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[ \t]*[:：]")


def field_of(exc: yaml.YAMLError, text: str, line: int | None) -> str | None:
    """The key of the top-level field a YAML error at `line` of `text` is in: the one a clerk was
    typing. A quoted value, a [list] or a {mapping} left open is the field it opened in, which
    YAML notices lines later; otherwise the nearest key at the start of a line, at or above it."""
    context = str(getattr(exc, "context", None) or "")
    mark = getattr(exc, "context_mark", None)
    opened = any(w in context for w in ("quoted scalar", "flow sequence", "flow mapping", "simple key"))
    if mark is not None and opened and _typed_wrong(exc, text, line) is None:  # else `line` is the line typed wrong
        line = mark.line + 1
    lines = text.split("\n")
    if line and 0 < line <= len(lines) and lines[line - 1][:1] == "\t" and _TOP_KEY.match(lines[line - 1].lstrip()):
        return None  # a key indented by a tab: a field of its own, or one inside the field above
    for n in range(min(line or 0, len(lines)) - 1, -1, -1):
        t = lines[n]
        if not t.strip() or t[0] in " \t-#\u3000":
            continue  # inside a field: its value's lines, list items (indented with a full-width space too), comments
        m = _TOP_KEY.match(t)
        return m.group(1) if m else None
    return None
