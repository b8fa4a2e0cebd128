"""Bad input cannot crash it: every case of tests/fixtures/bad/ through `gongkai check` and some through `mkdocs build`.

The cases and the message each must produce are listed in tests/fixtures/bad/expected.yml; the
files that cannot be kept in git are made here (GENERATED).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, problem_lines
from gongkai.text import yamlio

BAD = FIXTURES / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yml").read_text(encoding="utf-8"))
#: Seconds `gongkai check` may take on one bad file (Python's start included).
# A hostile file (a FIFO, a huge front matter, a billion laughs) must never hang a run: a deadline, far
# above any normal time (timings are the benchmarks' business, not the tests').
HANG = 300

HEAD = (
    "---\ntitle: 测试县财政局关于2024年决算公开的说明\nindex_no: czj/2024-00002\nagency: 测试县财政局\n"
    "category: 财政信息/财政预算\npublished: 2024-01-26\n"
)
END = "---\n正文第一段。\n"
GOOD = HEAD + END  # lines: 1 ---, 2 title, 3 index_no, 4 agency, 5 category, 6 published, 7 ---, 8 body


def _lines(text: str, endings: list[bytes]) -> bytes:
    """`text` with its line ends replaced, in turn, by each of `endings`."""
    parts = text.encode("utf-8").split(b"\n")
    return b"".join(p + (endings[i % len(endings)] if i < len(parts) - 1 else b"") for i, p in enumerate(parts))


def _bytes(data: bytes):
    return lambda path, tmp: path.write_bytes(data)


def _text(text: str):
    return _bytes(text.encode("utf-8"))


def _symlink_loop(path: Path, tmp: Path):
    other = path.with_name(path.stem + "-b.md")
    path.symlink_to(other.name)
    other.symlink_to(path.name)


def _symlink_outside(path: Path, tmp: Path):
    outside = tmp / "outside.md"
    outside.write_text(GOOD, encoding="utf-8")  # a valid record: only its place is wrong
    path.symlink_to(outside)


def _with_loop(path: Path, text: str):
    """The record `text`, and beside it loop.pdf, a link to itself."""
    path.write_text(text, encoding="utf-8")
    (path.parent / "loop.pdf").symlink_to("loop.pdf")


def _random_binary(path: Path, tmp: Path):
    rng = random.Random(42)
    path.write_bytes(b"\x00\x01" + bytes(rng.randrange(256) for _ in range(4096)))


GENERATED = {
    "big-front-10mb": _text("---\nsummary: " + "x" * (10 * 1024 * 1024) + "\n" + HEAD[4:] + END),
    "long-line-front": _text(HEAD + "summary: " + "长" * 350_000 + "\n" + END),
    "long-line-body": _text(GOOD + "很长的一行。" * 180_000 + "\n"),
    # Each read by a guard or a check that once went to the end of the body from each of them.
    "unclosed-marks-body": _text(GOOD + "<s>[^<a ~~" * 100_000 + "\n"),
    "unclosed-strikes-body": _text(GOOD + "<s>1~~" * 100_000 + "\n"),
    # An address makes the site-link check blank the code spans: 2,000 backticks took 106 s.
    "backticks-after-an-address-body": _text(GOOD + "见[预算](/xxgk/) " + "`" * 20_000 + "a\n"),
    "tabs-and-bars-body": _text(GOOD + "项目 | 金额\t" * 100_000 + "\n" + "a\tb\n"),
    "huge-file": _text(GOOD + ("正文。" * 100 + "\n") * 24_000),
    "binary-pdf": _bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
    "binary-png": _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
    "binary-docx": _bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(64)),
    "binary-random": _random_binary,
    "nul-byte": _text(HEAD + "summary: 摘要\x00后半\n" + END),
    "nul-byte-in-body": _text(GOOD + "x" * 9000 + "\n第二行\x00\n"),
    "gbk": _bytes(GOOD.encode("gbk")),
    "gb18030": _bytes(GOOD.replace("测试县财政局关于", "测试县财政局关于𠀀").encode("gb18030")),
    "utf16-bom": _bytes(GOOD.encode("utf-16")),
    "utf16-no-bom": _bytes(GOOD.encode("utf-16-le")),
    "utf32": _bytes(GOOD.encode("utf-32")),
    "bom-crlf": _bytes(b"\xef\xbb\xbf" + _lines(GOOD, [b"\r\n"])),
    "double-bom": _bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + GOOD.encode("utf-8")),
    "mixed-endings": _bytes(_lines(GOOD + "第二段。\n\n第三段。\n", [b"\r\n", b"\r", b"\n"])),
    "mixed-endings-error": _bytes(_lines(GOOD.replace("2024-01-26", "2024-02-30"), [b"\r\n", b"\r", b"\n"])),
    "cr-only-error": _bytes(_lines(GOOD.replace("2024-01-26", "2024-02-30"), [b"\r"])),
    "control-char": _text(GOOD.replace("决算公开", "决算\x07公开")),
    "line-separator": _text(GOOD.replace("决算公开", "决算\u2028公开")),
    "nel": _text(GOOD.replace("决算公开", "决算\x85公开")),
    "bom-inside": _text(HEAD + "summary: 摘要\ufeff后半\n" + END),
    "directory-named-md": lambda path, tmp: path.mkdir(),
    "fifo": lambda path, tmp: os.mkfifo(path),
    "symlink-loop": _symlink_loop,
    "symlink-broken": lambda path, tmp: path.symlink_to("nowhere.md"),
    "symlink-outside": _symlink_outside,
    "symlink-inside": lambda path, tmp: path.symlink_to("czj-00001.md"),
    "attachment-symlink-loop": lambda path, tmp: _with_loop(path, HEAD + "attachments: [{file: loop.pdf}]\n" + END),
    "body-link-symlink-loop": lambda path, tmp: _with_loop(path, GOOD.replace("正文第一段", "见[附件](loop.pdf)")),
}


def _params():
    return [pytest.param(name, case, id=name) for name, case in EXPECTED.items()]


# -- the manifest and the cases agree ----------------------------------------------------------------


def test_every_case_has_one_source_and_an_expectation():
    stored = {p.stem for p in BAD.glob("*.md")}
    assert not stored & set(GENERATED), "a case is both stored and generated"
    assert stored | set(GENERATED) == set(EXPECTED), "cases without expectation, or expectations without case"
    assert len(EXPECTED) >= 40
    for name, case in EXPECTED.items():
        assert case.get("accepted") or ("line" in case and case.get("message")), name


def _place(site, name: str, tmp_path: Path) -> Path:
    path = site.root / "records" / "2024" / f"{name}.md"
    if name in GENERATED:
        GENERATED[name](path, tmp_path)
    else:
        shutil.copyfile(BAD / f"{name}.md", path)
    return path


@pytest.mark.parametrize("name,case", _params())
def test_bad_file_is_reported_not_crashed_on(site, tmp_path, name, case):
    site.good()
    _place(site, name, tmp_path)
    result = site.gongkai("check", timeout=HANG)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    if case.get("accepted"):
        assert result.returncode == 0, result.stderr[:3000]
        assert result.stdout.startswith(f"OK, {case.get('records', 2)} records"), result.stdout
        return
    assert result.returncode == 1, result.stdout + result.stderr[:3000]
    where = f"records/2024/{name}.md" + (f":{case['line']}" if case["line"] is not None else "") + ": 错误 "
    found = [p for p in problem_lines(result.stderr) if p.startswith(where) and case["message"] in p]
    assert found, f"expected a problem at {where} with “{case['message']}”, got:\n{result.stderr[:3000]}"
    assert "发现" in result.stderr.splitlines()[-1]  # the Chinese count closes the list


# -- through the real `mkdocs build` -----------------------------------------------------------------

BUILD_CASES = ["billion-laughs", "deep-flow-closed", "nul-byte", "gbk", "big-front-10mb", "tag-python", "fifo"]


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_bad_files_fail_the_build_and_keep_the_previous_site(site, tmp_path):
    site.good()
    first = site.mkdocs("build")
    assert first.returncode == 0, first.stderr
    before = _digest(site.root / "site")
    assert "index.html" in before
    for name in BUILD_CASES:
        path = _place(site, name, tmp_path)
        result = site.mkdocs("build", timeout=HANG)
        case = EXPECTED[name]
        assert result.returncode == 1, name
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        assert "记录检查未通过，网站未生成" in result.stderr, result.stderr[-3000:]
        where = f"records/2024/{name}.md" + (f":{case['line']}" if case["line"] is not None else "") + ": 错误 "
        found = [p for p in problem_lines(result.stderr) if p.startswith(where) and case["message"] in p]
        assert found, result.stderr[-3000:]
        assert _digest(site.root / "site") == before, f"{name}: site/ changed"
        path.unlink()


# -- the loader's rules, directly ----------------------------------------------------------------------


def _explain(text: str) -> tuple[int | None, str, str]:
    with pytest.raises(yaml.YAMLError) as info:
        yamlio.load(text)
    return yamlio.explain(info.value, text)


def test_numbers_are_only_the_decimal_ones_a_clerk_means():
    data = yamlio.load("\na: 010\nb: 0x1F\nc: 1_000\nd: 2024:01:26\ne: 0b11\nf: 12\ng: -3\nh: 1.5\ni: 1e5\n")
    # YAML 1.1's octal, hex, binary and base-60 stay text as written; 1e5 is text in YAML 1.1 too.
    assert data == {
        "a": "010",
        "b": "0x1F",
        "c": "1_000",
        "d": "2024:01:26",
        "e": "0b11",
        "f": 12,
        "g": -3,
        "h": 1.5,
        "i": "1e5",
    }


def test_keys_stay_as_written():
    data = yamlio.load("\n1: a\nnull: b\nyes: c\n~: d\n1.5: e\n<<: {f: 1}\n=: g\n")
    assert list(data) == ["1", "null", "yes", "~", "1.5", "<<", "="]
    assert data.key_lines == {"1": 2, "null": 3, "yes": 4, "~": 5, "1.5": 6, "<<": 7, "=": 8}


def test_top_level_duplicates_are_kept_for_the_caller_nested_ones_refused():
    data = yamlio.load("\ntitle: a\ntitle: b\n")
    assert data.duplicates == [("title", 3)]
    line, message, _ = _explain("\nattachments:\n  - {file: a.pdf, file: b.pdf}\n")
    assert line == 3 and "file 在同一项里写了两次" in message


@pytest.mark.parametrize(
    "text,line,needle",
    [
        ("\na: &x 1\nb: *x\n", 2, "锚点 &x"),
        ("\na: 1\nb: *x\n", 3, "引用 *x"),
        ("\na: !!python/name:os.system\n", 2, "!!python/name:os.system"),
        ("\na: " + "[" * 21 + "]" * 21 + "\n", 2, "超过 20 层"),
        ("\na: 1\nb: x\x1by\n", 3, "U+001B"),
        ('\na: "\\e"\n', 2, "U+001B"),
        ("\na: " + "7" * 4400 + "\n", 2, "4400 位"),
        ("\n? \n: x\n", 2, "字段名是空的"),
    ],
)
def test_refused_with_line_and_chinese_message(text, line, needle):
    got_line, message, hint = _explain(text)
    assert got_line == line and needle in message and hint, (got_line, message)


def test_explain_never_fails_on_errors_without_a_mark():
    for exc in (yaml.YAMLError(), yaml.YAMLError("x"), yaml.reader.ReaderError("f", 3, 0, "utf-8", "bad")):
        line, message, hint = yamlio.explain(exc, "\na: 1\n")
        assert message.startswith("YAML 格式错误") and hint


def test_a_billion_laughs_costs_nothing():
    text = "\n" + (BAD / "billion-laughs.md").read_text(encoding="utf-8").split("---\n")[1]
    with pytest.raises(yamlio.Refused):  # refused at the first alias, before anything is expanded
        yamlio.load(text)
