"""The site's synonyms for search (`records/synonyms.yml`): everyday words, abbreviations and the
documents' formal terms, in groups of words that mean the same (低保 = 最低生活保障).

A record whose text holds one word of a group is indexed with the others too (gongkai.sitesearch.search), so
a query for any of them finds it: the citizen's 低保 finds the 最低生活保障 notice, and the reverse.
The file is optional; each problem is said at its line, in Chinese, as for the taxonomy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gongkai.text import frontmatter, plaintext, yamlio
from gongkai.text.problems import Problems

FILE = "synonyms.yml"
#: How a problem names what it is about.
FIELD = "同义词"

#: The shortest and longest word a group may hold: one character would match nearly every record.
MIN_LEN, MAX_LEN = 2, 20

_EXAMPLE = "每组写成一行，如：\n      - [低保, 最低生活保障]"


#: What may stand between the words of a phrase without parting them: spaces, the enumeration comma
#: and middle dots, quotes, book-title marks, dashes. 双随机、一公开 is 双随机一公开, “三公”经费 is
#: 三公经费; a sentence's end (。！？；), a comma or a line's end parts them.
_BETWEEN = re.compile(r"[ \t\u3000、·・•‧“”‘’\"'「」『』《》〈〉()（）\-‐‑–—―~～_/]+")


def joined(text: str) -> str:
    """`text` as the synonyms are matched in it: what stands between words dropped (see _BETWEEN)."""
    return _BETWEEN.sub("", text)


@dataclass(frozen=True)
class Synonyms:
    """Groups of words that mean the same, in file order."""

    groups: tuple[tuple[str, ...], ...] = ()

    def others(self, text: str) -> list[str]:
        """The words of every group that `text` holds a word of, except those `text` already holds;
        a word is held when it is there with only spaces or punctuation such as 、 and quotes
        between its characters (双随机、一公开 holds 双随机一公开, and the reverse)."""
        plain = joined(text)
        out = []
        for group in self.groups:
            if any(joined(word) in plain for word in group):
                out += [word for word in group if joined(word) not in plain]
        return out

    def held(self, text: str) -> list[tuple[str, ...]]:
        """The groups that `text` holds a word of (as `others` finds them)."""
        plain = joined(text)
        return [group for group in self.groups if any(joined(word) in plain for word in group)]


def load_synonyms(path: Path, problems: Problems) -> Synonyms:
    """Read the synonyms file (none: no synonyms); every problem goes to `problems` with its line."""
    if not path.is_file():
        return Synonyms()
    data = frontmatter.read_yaml(path, problems)
    if data is frontmatter.UNREADABLE or data is None:
        return Synonyms()
    if not isinstance(data, yamlio.LineList):
        line = getattr(data, "line", 0) or 1
        problems.error(path, line, FIELD, "同义词表应为列表，每组一行。", _EXAMPLE)
        return Synonyms()
    groups: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}  # word -> line of its group
    for item, line in zip(data, data.item_lines, strict=True):
        group = _group(path, item, line, problems)
        if group is None:
            continue
        clash = [word for word in group if word in seen]
        for word in clash:
            problems.error(
                path,
                line,
                FIELD,
                f"“{word}”已在第 {seen[word]} 行的一组中，一个词只能属于一组。",
                "把这两组合并成一组，或删去其中一处。",
            )
        if clash:
            continue
        for word in group:
            seen[word] = line
        groups.append(group)
    return Synonyms(tuple(groups))


def _group(path: Path, item, line: int, problems: Problems) -> tuple[str, ...] | None:
    if not isinstance(item, list) or len(item) < 2:
        problems.error(path, line, FIELD, "每组应是至少两个词的列表（意思相同的词写在同一组）。", _EXAMPLE)
        return None
    words = []
    for word in item:
        if isinstance(word, (int, float)) and not isinstance(word, bool):
            problems.error(path, line, FIELD, f"“{word}”是数字，同义词应为文字。", f'用英文双引号括起来："{word}"')
            return None
        if not isinstance(word, str) or not word.strip():
            problems.error(path, line, FIELD, "组中有空的或不是文字的一项。", _EXAMPLE)
            return None
        word = word.strip()
        wrong = plaintext.problem(word)
        if wrong:
            problems.error(path, line, FIELD, *wrong)
            return None
        if any(c.isspace() for c in word):
            problems.error(path, line, FIELD, f"“{word}”中有空格。", "去掉空格，一个词连着写。")
            return None
        if not MIN_LEN <= len(word) <= MAX_LEN:
            problems.error(
                path,
                line,
                FIELD,
                f"“{word}”有 {len(word)} 个字，同义词应为 {MIN_LEN} 到 {MAX_LEN} 个字。",
                "单字会匹配几乎所有文件，请写成完整的词；长句请删去。",
            )
            return None
        if word in words:
            problems.warn(path, line, FIELD, f"“{word}”在这一组中写了两次。", "删去重复的一个。")
            continue
        words.append(word)
    return tuple(words) if len(words) >= 2 else None
