"""Property tests of the loader and validator: any file gives a record or clean Chinese errors, quickly.

Each example is written as the only record of a small site and loaded in-process with
`load_catalog`: it must return a catalog or raise `InputError` whose problems are in Chinese,
name the file and a line that exists; any other exception, or more than the deadline, fails.
Runs are derandomized (the same examples every run); benchmarks/fuzz.py is the long version.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from conftest import FIXTURES
from gongkai.model.schema import FIELDS
from gongkai.model.settings import Settings
from gongkai.portal import tables
from gongkai.portal.catalog import load_catalog
from gongkai.text.problems import InputError

FUZZ = settings(
    max_examples=300,
    # No deadline: hypothesis fails an example slower than its deadline, a wall-time assert that a
    # loaded machine trips (benchmarks/fuzz.py says how fast the loader is).
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
CASE = "records/2024/case.md"
CJK = re.compile("[\u4e00-\u9fff]")

VALID = {
    "title": "测试县财政局关于2024年预算公开的说明",
    "index_no": "czj/2024-00001",
    "agency": "测试县财政局",
    "category": "财政信息/财政预算",
    "published": "2024-01-26",
}
VALID_TEXT = "---\n" + "".join(f"{k}: {v}\n" for k, v in VALID.items()) + "---\n正文第一段。\n"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A site with the fixture taxonomy and one attachment, and no record yet."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "records" / "2024" / "files").mkdir(parents=True)
    shutil.copy(FIXTURES / "taxonomy.yml", root / "records" / "taxonomy.yml")
    (root / "records" / "2024" / "files" / "a.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return root


def load(base, data: bytes) -> str:
    """Write `data` as the site's only record and load it: 'accepted' or 'rejected', or raise."""
    path = base / CASE
    path.write_bytes(data)
    text = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    last_line = text.count(b"\n") + 1
    try:
        catalog = load_catalog(base, Settings())
    except InputError as exc:
        problems = exc.problems.errors + exc.problems.warnings
        assert exc.problems.errors
        for p in problems:
            assert CJK.search(p.message), p.format()
            if p.path == CASE and p.line is not None:
                assert 1 <= p.line <= last_line + 1, (p.format(), last_line)
        assert {p.path for p in problems} <= {CASE}, [p.format() for p in problems]
        assert "Traceback" not in exc.problems.report()
        return _count("rejected")
    finally:
        path.unlink()
    catalog.problems.report()
    assert len(catalog.records) + len(catalog.drafts) == 1
    return _count("accepted")


def _count(outcome: str) -> str:
    """Show how many examples were accepted and rejected (pytest --hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(outcome)
    return outcome


# -- strategies ---------------------------------------------------------------------------------------

KEYS = st.sampled_from([f.key for f in FIELDS]) | st.sampled_from(
    ["标题", "titel", "1", "null", "yes", "on", "~", "<<", "=", "? x", "a b", "-", "&a", "*a", "!x", "#", "'"]
)
SPECIAL = st.sampled_from(
    [":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!", "!!binary ", "!foo ", "|", ">", "? ", "#", "'", '"']
    + ["\\", '"\\0"', "\t", "\r", "\n", "\x00", "\x07", "\x85", "\u2028", "\ufeff", "---", "...", "~", ".inf", "0x1F"]
    + ["2024:01:26", "20240126", "9" * 4400, "[" * 25, "：", "　", "𠀀"]
)
UNICODE = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | UNICODE
    | st.dates().map(str)
    | st.sampled_from(["2024-02-30", "2024/3/5", "2024年3月5日", "czj/2024-00001", "files/a.pdf", "财政信息/财政预算"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS | UNICODE, inner, max_size=4),
    max_leaves=12,
)


def _flow(value) -> str:
    """A value written the naive way a person might: no quoting, flow brackets."""
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return "" if value is None else str(value)


@st.composite
def front_matters(draw) -> bytes:
    """Near-valid records: the valid fields, some changed, removed or added, written correctly or naively."""
    fields = dict(VALID)
    for key in draw(st.lists(st.sampled_from(list(VALID)), max_size=3)):
        fields.pop(key, None)
    fields.update(draw(st.dictionaries(KEYS, VALUES, max_size=6)))
    if draw(st.booleans()):
        text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    else:
        text = "".join(f"{k}: {_flow(v)}\n" for k, v in fields.items())
    body = draw(st.sampled_from(["正文。\n", "", "[链接](files/a.pdf)\n", "[记录](../2024/case.md)\n"]))
    return ("---\n" + text + "---\n" + body).encode("utf-8")


@st.composite
def mutated(draw) -> bytes:
    """A valid record with YAML's special characters or random Unicode put in, or cut short."""
    text = VALID_TEXT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(SPECIAL | UNICODE) + text[at:]
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    data = text.encode("utf-8", "surrogatepass")
    encoding = draw(st.sampled_from([None, None, None, "gbk", "gb18030", "utf-16", "utf-8-sig", "crlf", "cr"]))
    if encoding == "crlf":
        return data.replace(b"\n", b"\r\n")
    if encoding == "cr":
        return data.replace(b"\n", b"\r")
    return text.encode(encoding, "replace") if encoding else data


# -- properties ---------------------------------------------------------------------------------------


def test_the_valid_record_is_accepted(base):
    assert load(base, VALID_TEXT.encode("utf-8")) == "accepted"


@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes(base, data):
    load(base, data)


@FUZZ
@given(data=st.binary(max_size=1500), text=UNICODE)
def test_any_bytes_or_text_as_front_matter(base, data, text):
    load(base, b"---\n" + data + b"\n---\n")
    load(base, ("---\n" + text + "\n---\n").encode("utf-8"))


@FUZZ
@given(data=front_matters())
def test_structured_front_matter(base, data):
    load(base, data)


@FUZZ
@given(data=mutated())
def test_mutated_valid_record(base, data):
    load(base, data)


# -- the ledgers and the report files ------------------------------------------------------------------

REQUEST = {"id": "YSQ-1", "agency": "测试县财政局", "received": "2024-03-01", "applicant": "自然人"}
REQUEST_KEYS = st.sampled_from(
    [*REQUEST, "channel", "corrected", "extended", "replied", "outcome", "reason", "fee", "note", "name", "申请人姓名"]
)
LEDGER_VALUES = VALUES | st.sampled_from(
    ["予以公开", "不予公开", "属于国家秘密", "1.属于国家秘密", "2099-12-31", "1999-01-01", "2026-12-30", "13812345678"]
)
REPORT_TEXT = (
    "---\ntitle: 测试县人民政府2024年政府信息公开工作年度报告\nfees_wan: 1.5\npermits: 3\npenalties: 0\n"
    "enforcements: 0\n---\n\n## 一、总体情况\n\n甲。\n\n"
    "## 五、存在的主要问题及改进情况\n\n乙。\n\n## 六、其他需要报告的事项\n\n丙。\n"
)


def load_file(base, rel: str, data: bytes) -> str:
    """Write `data` as records/`rel` beside one valid record and load: never anything but InputError."""
    path = base / "records" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    record = base / CASE
    record.write_text(VALID_TEXT, encoding="utf-8")
    # A report, so that the tables are counted from whatever the ledger let through.
    report = base / "records" / "reports" / "2024.md"
    if rel != "reports/2024.md":
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(REPORT_TEXT, encoding="utf-8")
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    try:
        catalog = load_catalog(base, Settings())
        for r in catalog.reports:
            tables.GRIDS["table3"](catalog.tables(r))
    except InputError as exc:
        for p in exc.problems.errors + exc.problems.warnings:
            assert CJK.search(p.message), p.format()
            assert p.path == f"records/{rel}", p.format()
            assert p.line is None or 1 <= p.line <= lines + 1, (p.format(), lines)
        return _count("rejected")
    finally:
        path.unlink()
        record.unlink()
        report.unlink(missing_ok=True)
    return _count("accepted")


@st.composite
def ledgers(draw) -> bytes:
    rows = []
    for i in range(draw(st.integers(0, 3))):
        row = dict(REQUEST, id=f"YSQ-{i}")
        for key in draw(st.lists(st.sampled_from(list(REQUEST)), max_size=2)):
            row.pop(key, None)
        row.update(draw(st.dictionaries(REQUEST_KEYS, LEDGER_VALUES, max_size=4)))
        rows.append(row)
    if draw(st.booleans()):
        text = yaml.safe_dump(rows, allow_unicode=True, sort_keys=False)
    else:
        text = "".join("- " + "\n  ".join(f"{k}: {_flow(v)}" for k, v in row.items()) + "\n" for row in rows)
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(SPECIAL) + text[at:]
    return text.encode("utf-8", "surrogatepass")


def test_the_valid_ledger_and_report_are_accepted(base):
    assert load_file(base, "requests/2024.yml", yaml.safe_dump([REQUEST], allow_unicode=True).encode()) == "accepted"
    assert load_file(base, "reports/2024.md", REPORT_TEXT.encode()) == "accepted"


FULL_ROWS = {
    "requests/2024.yml": dict(REQUEST, corrected="2024-03-05", replied="2024-03-20", outcome="不予公开",
                              reason="属于国家秘密"),
    "appeals/cases.yml": {"id": "SS-2024-1", "agency": "测试县财政局", "type": "行政诉讼", "route": "复议后起诉",
                          "filed": "2024-03-01", "result": "纠正", "concluded": "2024-06-01"},
}  # fmt: skip


@FUZZ
@given(
    rel=st.sampled_from(list(FULL_ROWS)),
    blanks=st.sets(st.sampled_from(sorted({k for row in FULL_ROWS.values() for k in row}))),
    how=st.sampled_from(["", " ~", " null", ' ""', " []"]),
)
def test_complete_cases_with_keys_left_blank(base, rel, blanks, how):
    """A clerk who leaves a value empty (`outcome:`) gets a message, never a crash or a miscount."""
    row = FULL_ROWS[rel]
    text = "- " + "\n  ".join(f"{k}:{how if k in blanks else ' ' + v}" for k, v in row.items()) + "\n"
    load_file(base, rel, text.encode("utf-8"))


@FUZZ
@given(data=ledgers())
def test_request_ledgers(base, data):
    load_file(base, "requests/2024.yml", data)


@FUZZ
@given(data=ledgers())
def test_appeal_ledgers_given_request_rows(base, data):
    load_file(base, "appeals/cases.yml", data)


@FUZZ
@given(insert=st.lists(st.tuples(st.integers(0, len(REPORT_TEXT)), SPECIAL | UNICODE), max_size=4))
def test_mutated_report(base, insert):
    text = REPORT_TEXT
    for at, piece in insert:
        text = text[:at] + piece + text[at:]
    load_file(base, "reports/2024.md", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(data=st.binary(max_size=1500))
def test_any_bytes_as_holidays(base, data):
    load_file(base, "holidays.yml", data)
