"""gongkai.text.pii: unmasked 身份证号, 手机号码, 银行卡号 and e-mail found and masked (corpus + unit tests)."""

from __future__ import annotations

import ast
import html
import importlib.util
import re
import subprocess
import sys
import unicodedata
import urllib.parse
from collections import Counter
from datetime import date

import pytest

from conftest import ROOT
from gongkai.text import pii
from gongkai.text.pii import DEFAULT_KINDS, KINDS, LABELS, MASK_STYLES, Hit, MaskStyle, find, mask, masked_form

_spec = importlib.util.spec_from_file_location("pii_accuracy", ROOT / "benchmarks" / "pii_accuracy.py")
accuracy = sys.modules["pii_accuracy"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)

CASES, ALLOW = accuracy.load()
STRICT, SIX_FOUR, FOUR_FOUR = MASK_STYLES["strict"], MASK_STYLES["6-4"], MASK_STYLES["4-4"]


# --- independent check digits, to make sure the corpus itself is right --------------------------


def _gb11643_check(first17: str) -> str:
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17))
    return "10X98765432"[total % 11]


def _luhn(number: str) -> bool:
    digits = [int(c) for c in number][::-1]
    return (sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])) % 10 == 0


# Numbers written in Chinese numerals (一三九…), as read out (幺) or in the financial forms (壹贰…).
CHINESE_NUMERALS = str.maketrans("〇零一幺壹二贰三叁四肆五伍六陆七柒八捌九玖", "001112233445566778899")


def _digits(value: str) -> str:
    """The digits a reader sees in `value` (markup, character references, invisible characters and
    compatibility forms as a browser shows them), read here without gongkai."""
    value = html.unescape(re.sub(r"<!--.*?-->|<[^>]*>", "", value))
    value = urllib.parse.unquote(unicodedata.normalize("NFKC", value))  # tel:%31%33%38...
    value = value.translate(CHINESE_NUMERALS)
    # A digit of any script reads as its value (٣ is 3): NFKC leaves those as they are.
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in value if c.isdigit() or c in "Xx").upper()


def _make_id(region: str, born: str, seq: str) -> str:
    return region + born + seq + _gb11643_check(region + born + seq)


# --- the corpus ------------------------------------------------------------------------------------


def test_corpus_is_large_and_covers_every_kind():
    assert len(CASES) >= 250
    expected = Counter(kind for case in CASES for kind, _ in case.expected)
    assert all(expected[kind] >= 10 for kind in KINDS), expected
    assert sum(1 for case in CASES if not case.expected) >= 150  # the false-positive traps
    assert ALLOW  # the corpus' e-mail allow list was read


def test_corpus_values_are_what_they_claim():
    for case in CASES:
        for kind, value in case.expected:
            assert value in case.text, case
            d = _digits(value)
            if kind == "id_card" and len(d) == 18:
                assert (_gb11643_check(d[:17]) == d[17]) == (case.category != "id_labelled_wrong_check"), case
            elif kind == "id_card":
                assert len(d) == 15 and date(1900 + int(d[6:8]), int(d[8:10]), int(d[10:12])), case
            elif kind == "bank_card":
                assert 16 <= len(d) <= 19 and _luhn(d), case
            elif kind == "mobile":
                assert d[-11:-9] in {f"1{n}" for n in range(3, 10)}, case
    for case in CASES:
        # Wrong check digits: no ID, unless an ID's label names it (one digit mistyped names the person).
        if case.category in ("id_wrong_check", "id_labelled_wrong_check"):
            d = _digits(case.text)[-18:]
            assert _gb11643_check(d[:17]) != d[17], case
        if case.category == "card_bad_luhn":
            assert not _luhn(_digits(case.text)), case


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.lineno}-{c.category}")
def test_corpus_line(case):
    assert Counter(accuracy.scan(case, ALLOW)) == Counter(case.expected)


def test_corpus_precision_and_recall():
    scores, misses = accuracy.evaluate(CASES, ALLOW)
    for kind, score in scores.items():
        assert score.precision >= 0.99, (kind, score, misses)
        assert score.recall >= 0.99, (kind, score, misses)
    assert scores["all"].tp + scores["all"].fn == sum(len(c.expected) for c in CASES)


@pytest.mark.parametrize("style", list(MASK_STYLES.values()), ids=list(MASK_STYLES))
def test_masked_corpus_scans_clean(style):
    for case in CASES:
        masked, hits = mask(case.text, kinds=KINDS, style=style, allow_emails=ALLOW)
        assert len(hits) == len(case.expected), case
        assert find(masked, kinds=KINDS, allow_emails=ALLOW) == [], (case, masked)
        if not hits:
            assert masked == case.text


def test_benchmark_prints_the_table():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "pii_accuracy.py")], capture_output=True, text=True, check=True
    )
    assert f"corpus: {len(CASES)} strings" in result.stdout
    for kind in (*KINDS, "all"):
        assert f"\n{kind} " in result.stdout
    assert "precision" in result.stdout and "recall" in result.stdout


# --- the API ---------------------------------------------------------------------------------------


def test_constants():
    assert KINDS == ("id_card", "mobile", "bank_card", "email")
    assert DEFAULT_KINDS == ("id_card", "mobile", "bank_card")
    assert set(LABELS) == set(KINDS)
    assert {"strict", "6-4", "4-4"} <= set(MASK_STYLES)
    assert all(name == style.name for name, style in MASK_STYLES.items())
    assert pii.DEFAULT_STYLE is STRICT


def test_hit_fields_and_lines():
    id1, id2 = _make_id("110105", "19900101", "123"), _make_id("330106", "19851231", "002")
    text = f"第一行\n张三，身份证号{id1}，手机13812345678\n\n李四{id2}"
    hits = find(text)
    assert [(h.kind, h.text, h.line) for h in hits] == [
        ("id_card", id1, 2),
        ("mobile", "13812345678", 2),
        ("id_card", id2, 4),
    ]
    for h in hits:
        assert isinstance(h, Hit)
        assert text[h.start : h.end] == h.text
        assert h.masked == masked_form(h.kind, h.text, STRICT)
    with pytest.raises(AttributeError):
        hits[0].kind = "mobile"


def test_mask_replaces_only_the_hits():
    text = "电话138 1234 5678，邮箱zhangsan@163.com，办公室0571-88888888。"
    masked, hits = mask(text, kinds=KINDS)
    assert masked == "电话138 **** 5678，邮箱z***@163.com，办公室0571-88888888。"
    assert [h.kind for h in hits] == ["mobile", "email"]
    assert mask("没有个人信息。") == ("没有个人信息。", [])


@pytest.mark.parametrize(
    ("kind", "value", "strict", "six_four", "four_four"),
    [
        ("id_card", "350102199003071234", "35*************234", "350102********1234", "3501**********1234"),
        ("id_card", "11010519491231002X", "11*************02X", "110105********002X", "1101**********002X"),
        ("id_card", "110105491231002", "11**********002", "110105*****1002", "1101*******1002"),
        ("id_card", "110105 19491231 002X", "11**** ******** *02X", "110105 ******** 002X", "1101** ******** 002X"),
        ("mobile", "13812345678", "138****5678", "138****5678", "138****5678"),
        ("mobile", "138-1234-5678", "138-****-5678", "138-****-5678", "138-****-5678"),
        ("mobile", "+86 138 1234 5678", "+86 138 **** 5678", "+86 138 **** 5678", "+86 138 **** 5678"),
        ("mobile", "8613812345678", "86138****5678", "86138****5678", "86138****5678"),
        ("bank_card", "6222021234567890123", "***************0123", "622202*********0123", "6222***********0123"),
        ("bank_card", "6222 0212 3456 7890", "**** **** **** 7890", "6222 02** **** 7890", "6222 **** **** 7890"),
        ("email", "zhangsan@163.com", "z***@163.com", "z***@163.com", "z***@163.com"),
    ],
)
def test_masked_form_per_style(kind, value, strict, six_four, four_four):
    assert masked_form(kind, value, STRICT) == strict
    assert masked_form(kind, value, SIX_FOUR) == six_four
    assert masked_form(kind, value, FOUR_FOUR) == four_four


def test_masked_form_conventions():
    # 永安市 2023: 电话号码138****1234，身份证号码35*************123
    assert masked_form("mobile", "13800001234", STRICT) == "138****1234"
    assert masked_form("id_card", "350481199001011123", STRICT) == "35*************123"
    assert masked_form("id_card", "110105199001011234", SIX_FOUR) == "110105********1234"
    assert masked_form("id_card", "430102199001011234", FOUR_FOUR) == "4301**********1234"
    assert masked_form("mobile", "１３８１２３４５６７８") == "１３８****５６７８"  # full width kept
    assert masked_form("email", "ｚｈａｎｇ＠１６３．ｃｏｍ") == "ｚ***＠１６３．ｃｏｍ"
    assert masked_form("id_card", "12345") == "1***5"  # too short for the style: a third each side at most
    with pytest.raises(ValueError):
        masked_form("passport", "E12345678", STRICT)
    with pytest.raises(ValueError):
        masked_form("email", "@163.com", STRICT)


def test_find_uses_the_style():
    i = _make_id("110105", "19900101", "123")
    assert find(i, style=SIX_FOUR)[0].masked == i[:6] + "*" * 8 + i[-4:]
    custom = MaskStyle("mine", id_card=(0, 4), mobile=(0, 4), bank_card=(0, 4))
    assert find("13812345678", style=custom)[0].masked == "*******5678"


@pytest.mark.parametrize("bad", [(1,), (-1, 2), (8, 8), (1.5, 2), [3, 4]])
def test_mask_style_is_checked(bad):
    with pytest.raises(ValueError):
        MaskStyle("bad", id_card=bad, mobile=(3, 4), bank_card=(0, 4))


def test_kinds_selection():
    i = _make_id("110105", "19900101", "123")
    text = f"{i} 13812345678 6222021234567890128 a.b@163.com"
    assert [h.kind for h in find(text)] == ["id_card", "mobile", "bank_card"]
    assert [h.kind for h in find(text, kinds=("mobile",))] == ["mobile"]
    assert [h.kind for h in find(text, kinds="email")] == ["email"]
    assert [h.kind for h in find(text, kinds=KINDS)] == ["id_card", "mobile", "bank_card", "email"]
    with pytest.raises(ValueError, match="passport"):
        find(text, kinds=("passport",))
    # an ID that also passes Luhn stays an ID: never reported as a card
    luhn_id = next(
        x for x in (_make_id("110105", "19900101", f"{n:03d}") for n in range(1000)) if x.isdigit() and _luhn(x)
    )
    assert [h.kind for h in find(luhn_id)] == ["id_card"]
    assert find(luhn_id, kinds=("bank_card",)) == []


def test_email_is_off_by_default_and_allow_list():
    text = "公开邮箱 xxgk@example.gov.cn，科室 ks@dept.example.gov.cn，个人 zhang.san@163.com，Li@QQ.com"
    assert find(text) == []
    found = [h.text for h in find(text, kinds=KINDS)]
    assert found == ["xxgk@example.gov.cn", "ks@dept.example.gov.cn", "zhang.san@163.com", "Li@QQ.com"]

    def allowed(*allow):
        return [h.text for h in find(text, kinds=KINDS, allow_emails=allow)]

    assert allowed("example.gov.cn") == ["zhang.san@163.com", "Li@QQ.com"]  # subdomains too
    assert allowed("@example.gov.cn", "*.qq.com") == ["zhang.san@163.com"]
    assert allowed("XXGK@example.gov.cn", "qq.com") == ["ks@dept.example.gov.cn", "zhang.san@163.com"]
    assert allowed("dept.example.gov.cn") == ["xxgk@example.gov.cn", "zhang.san@163.com", "Li@QQ.com"]
    assert [h.text for h in find(text, kinds=KINDS, allow_emails="163.com")] == [
        "xxgk@example.gov.cn",
        "ks@dept.example.gov.cn",
        "Li@QQ.com",
    ]


def test_number_in_an_email_address():
    # off by default, the mobile that is the mailbox name is still a mobile
    assert [(h.kind, h.text) for h in find("邮箱13812345678@139.com")] == [("mobile", "13812345678")]
    # asked for e-mail: the address is the hit, and masking it hides the number
    assert [(h.kind, h.masked) for h in find("邮箱13812345678@139.com", kinds=KINDS)] == [("email", "1***@139.com")]
    # an address the site allows is public, the number in it too
    assert find("邮箱13812345678@139.com", allow_emails=("139.com",)) == []


@pytest.mark.parametrize(
    "text",
    [
        "1" * 1_000_000,
        "1 " * 500_000,
        "138 " * 250_000,
        "138-1234-" * 100_000,
        "6222 " * 200_000,
        "a" * 1_000_000 + "@",
        "@" + "a" * 1_000_000,
        "a@" * 500_000,
        "a." * 500_000 + "@" + "a." * 500_000,
        "*" * 1_000_000 + "13812345678",
        "/" * 1_000_000,
        "身份证号" * 250_000,
        "编号：" * 300_000 + "13812345678",
        # markup and format characters (issue 14): nested comments, unclosed tags, references, attributes
        "<!--" * 200_000,
        "<!-- -->" * 100_000,
        "<a " * 200_000 + "13812345678",
        "<a" + " x\n" * 200_000,
        "&" * 200_000 + "&#" * 100_000 + "&#x" * 100_000,
        "<a " + 'b="13812345678" ' * 50_000 + ">",
        "1\u200b" * 300_000,
        "1*" * 300_000,
        "1\n" * 300_000,
        "1 - " * 200_000,
    ],
    ids=lambda t: f"{t[:12]!r}..{len(t)}",
)
def test_long_inputs_finish(text):
    """No timing asserted: this only has to finish (no catastrophic backtracking)."""
    hits = find(text, kinds=KINDS)
    assert all(text[h.start : h.end] == h.text for h in hits)


def test_a_large_document():
    row = "| {n} | 张三 | 110105********1234 | 138****1234 | 12,345.00 | 11370900004341590P/2024-{n:05d} |\n"
    text = "".join(row.format(n=n) for n in range(20_000)) + "联系人手机13812345678"
    hits = find(text)
    assert [(h.text, h.line) for h in hits] == [("13812345678", 20_001)]


def test_module_is_pure_standard_library():
    allowed = {
        "pii.py": {
            "__future__",
            "re",
            "dataclasses",
            "datetime",
            "itertools",
            "contextlib",
            "threading",
            "collections",
            "gongkai.text.visible",
        },
        "visible.py": {"__future__", "re", "dataclasses", "html", "unicodedata", "bisect", "collections", "functools"},
    }
    for name, modules in allowed.items():
        tree = ast.parse((ROOT / "scripts" / "gongkai" / "text" / name).read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module == "gongkai.text":
                imported |= {"gongkai.text." + a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                imported.add((node.module or "").split(".")[0])
        assert imported <= modules, name
    code = (
        "import sys, gongkai.text.pii; print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'yaml')))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


def test_the_birth_date_is_bounded_by_the_day_the_site_is_built_as_of():
    """No one is born after the as-of day (GONGKAI_AS_OF, --as-of): an ID dated later is no ID yet."""
    born_later = _make_id("110105", "20250601", "123")
    assert [h.kind for h in find(f"身份证 {born_later}", today=date(2026, 1, 1))] == ["id_card"]
    assert find(f"身份证 {born_later}", today=date(2025, 1, 1)) == []


def test_the_days_a_reading_holds_on_are_those_its_birth_dates_allow():
    """`days_watched` (the records' cache keeps a reading for those days): each birth date judged
    narrows them, before it if it was later than the day, from it on if not."""
    older, later = _make_id("110105", "19900307", "123"), _make_id("110105", "20250601", "123")
    with pii.days_watched() as days:
        find("第一段，没有号码。", today=date(2025, 1, 1))
    assert (days.since, days.until) == (date.min, None)
    with pii.days_watched() as days:
        find(f"身份证 {older}，另一人 {later}", today=date(2025, 1, 1))
        with pii.days_watched() as inner:  # narrows the outer block too
            find(f"旧号 {_make_id('110105', '20240101', '123')}", today=date(2025, 1, 1))
    assert (inner.since, inner.until) == (date(2024, 1, 1), None)
    assert (days.since, days.until) == (date(2024, 1, 1), date(2025, 6, 1))
    text = f"身份证 {older}，另一人 {later}"
    at_first = find(text, today=date(2025, 1, 1))
    for day in (date(2023, 12, 31), date(2024, 1, 1), date(2025, 5, 31), date(2025, 6, 1)):
        holds = date(2024, 1, 1) <= day < date(2025, 6, 1)
        assert days.hold_on(day) is holds, day
        if holds:
            assert find(text, today=day) == at_first, day
    assert find(text, today=date(2025, 6, 1)) != at_first, "the later number is an ID from its birth on"


def pager_text(page: int, pages: int) -> str:
    """A list page's pager as a reader reads it (gongkai/publish/pages/listing.py: first, last, two either side)."""
    window = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    words, last = ["上一页"], 0
    for p in window:
        words += ["…"] * (p - last > 1) + [str(p)]
        last = p
    return " ".join([*words, "下一页"])


def test_a_pagers_page_numbers_are_no_personal_number():
    """Building 50,000 records, page 120 of a category ("1 … 118 119 120 121 122 … 451") was refused
    as a 15-digit ID in groups of three; with 2,500 pages, four-digit runs are card-shaped."""
    for pages in (451, 2500):
        for page in range(1, pages + 1):
            text = pager_text(page, pages)
            assert find(text, kinds=KINDS, read=True) == [], text
    # Counting is the only way out: the same digits not counting up are still an ID, and a
    # grouped mobile or ID next to a pager is still found.
    assert [h.kind for h in find("身份证 330 106 810 308 846", kinds=KINDS)] == ["id_card"]
    assert [h.kind for h in find("118 119 120 121 123", kinds=KINDS)] == ["id_card"]
    found = find(pager_text(120, 451) + "\n联系人手机 138 1234 5678", kinds=KINDS)
    assert [(h.kind, h.text) for h in found] == [("mobile", "138 1234 5678")]
