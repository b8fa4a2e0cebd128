"""YAML read in one pass where nothing can be refused (gongkai.text.yamlio.load): the same documents,
and the same errors at the same marks, as the two passes (check, then load) it spares."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT
from gongkai.text import yamlio


def two_passes(text: str):
    """What `load` did before the one-pass reading: `check`, then PyYAML with our loader."""
    yamlio.check(text)
    return yaml.load(text, Loader=yamlio.Loader)


def deep(value):
    """`value` with what our loader adds to mappings and lists (their lines, the keys given twice)."""
    if isinstance(value, dict):
        lines = {k: v for k, v in vars(value).items()} if hasattr(value, "__dict__") else {}
        return ("map", lines, [(deep(k), deep(v)) for k, v in value.items()])
    if isinstance(value, list):
        lines = {k: v for k, v in vars(value).items()} if hasattr(value, "__dict__") else {}
        return ("list", lines, [deep(v) for v in value])
    return (type(value).__name__, value)


def outcome(read, text: str):
    try:
        return ("ok", deep(read(text)))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
        return ("error", type(exc).__name__, str(exc), getattr(mark, "line", None), getattr(mark, "column", None))


def front(path: Path) -> str:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    parts = text.split("---\n", 2)
    return parts[1] if len(parts) == 3 else text


TEXTS = [
    "title: 一\nkeywords: [甲, 乙]\nattachments:\n  - {file: a.pdf, title: 附件}\n",
    "",
    "# only a comment\n",
    "a: &x 1\nb: *x\n",
    "a: !!python/object:os.system ls\n",
    "a: !foo x\n",
    "a: " + "[" * 25 + "]" * 25 + "\n",
    "a:" + "".join(f"\n{'  ' * i}k{i}:" for i in range(1, 24)) + " x\n",
    "a: " + "[" * 19 + "]" * 19 + "\n",
    "a: b: c\n",
    'a: "unclosed\n',
    "a: 1\n---\nb: 2\n",
    "a: 12345678901234567890123456789012345678901234567890\n",
    "a: 1\na: 2\n",
    "a: 010\nb: 0x1F\nc: 2024-02-30\nd: 1_000\ne: .inf\n",
    "- a\n- b\n",
    "a: x\x07y\n",
    "a: '&*! in quotes'\n",
]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_one_pass_reads_as_two_passes(text):
    assert outcome(yamlio.load, text) == outcome(two_passes, text)


def test_every_record_and_fixture_reads_as_with_two_passes():
    paths = sorted((FIXTURES / "bad").glob("*")) + sorted((ROOT / "records").rglob("*.md"))
    paths += sorted((ROOT / "records").rglob("*.yml"))
    assert len(paths) > 80
    for path in paths:
        text = path.read_text(encoding="utf-8-sig", errors="replace") if path.suffix == ".yml" else front(path)
        assert outcome(yamlio.load, text) == outcome(two_passes, text), path


def test_an_ordinary_record_is_read_in_one_pass_and_a_refused_one_is_not():
    record = front(ROOT / "records" / "2024" / "czj-00001.md")
    assert yamlio._read_once(record)[0] is True
    for text in (TEXTS[3], TEXTS[4], TEXTS[6], TEXTS[7], TEXTS[9]):  # alias, tag, too deep (2), error
        assert yamlio._read_once(text) == (False, None)
    assert yamlio._read_once(TEXTS[8])[0] is True  # 20 levels (the mapping and 19 lists): allowed


def test_a_long_text_of_indented_paragraphs_is_not_read_again_for_each(monkeypatch):
    """Each line a mistake may be blamed on is tried by reading the text again: a quoted summary of
    thousands of paragraphs indented with 　　 (as Chinese text is) is tried for a few, not each."""
    body = "\n".join(f"\u3000\u3000第{n}段。" for n in range(2000))
    text = f'\nsummary: "{body}"\nkeywords: [预算, 公开\n'
    reads = []
    real = yamlio._stop
    monkeypatch.setattr(yamlio, "_stop", lambda t: reads.append(1) or real(t))
    yamlio._typed_wrong_at.cache_clear()
    with pytest.raises(yaml.YAMLError) as caught:
        yamlio.load(text)
    line, message, _ = yamlio.explain(caught.value, text)
    assert "方括号列表没有正确结束" in message and line > 2000
    assert len(reads) <= 7
