"""Unmasked personal data (个人信息) in Chinese text: find it and mask it.

Disclosed documents must not show a natural person's 身份证号, 手机号码 or 银行卡号 in full
(条例第十五条; 2018年政务公开工作要点: "去标识化处理"; reference §5). This module finds such
numbers in plain, Markdown or HTML text and replaces the middle digits with ``*``. It is pure
Python (standard library only) so the build, ``gongkai check`` and tests can all call it.

The text is read as a person reads it (gongkai.text.visible): full-width and other compatibility forms
folded (``１３８``, ``𝟏𝟑𝟖``), zero-width characters and soft hyphens gone, and with ``markup``
tags and comments gone and character references decoded (``139<b>1234</b>5678``,
``&#49;3912345678``); what markup publishes unseen (comments, attribute values such as ``alt``
and ``href="tel:..."``) is read too. A number is a run of digit groups: between two groups any
run of spaces, dots, slashes, underscores, hyphens or dashes of any width, and at most one line
break (``139.1234.5678``, ``139/1234/5678``, a number cut at the end of a line); Markdown's ``*``,
``~`` and backticks between digits (``1391234**5678**``) read as nothing; brackets around a group
(``(139)1234-5678``) split groups. Digits written otherwise are read as digits too: Chinese
numerals (``一三九一二三四五六七八``, ``139一二三四5678``, ``幺`` as phone numbers are read out, the
financial ``壹贰叁``) and percent-escapes in a link (``tel:%31%33%39...``).

What is reported (each kind is a string in ``KINDS``):

``id_card`` 居民身份证号
    18 characters ``RRRRRRYYYYMMDDSSSC``: a real province code (11–15, 21–23, 31–37, 41–46,
    50–54, 61–65, 71, 81–83; or ``9`` + province code, the 2023 外国人永久居留身份证), a birth
    date between 1900-01-01 and today, and the GB 11643-1999 check character (ISO 7064
    MOD 11-2; ``X``/``x`` allowed). Also the old 15-digit number ``RRRRRRYYMMDDSSS`` (born 19YY)
    with a real province code and date; it has no check digit, so it is weaker evidence.
    Written plain or in groups of two digits or more (``110105 19900101 1234``, in threes, in
    fours), or cut by line breaks; the old number plain, 6-6-3 or in threes.
``mobile`` 手机号码
    ``1[3-9]`` + 9 digits, plain, grouped 3-4-4, 3-8 or 7-4 with one kind of separator
    (``138 1234 5678``, ``138.1234.5678``), or cut by line breaks, optionally after ``+86``,
    ``0086``, ``86`` or ``(+86)``. Landlines (``0571-88888888``, ``01012345678``) start with 0 and
    are never mobiles.
``bank_card`` 银行卡号
    16–19 digits passing the Luhn check, plain, grouped in fours (``6222 0212 3456 7890 123``) or
    cut by one line break,
    whose first digit is one that card schemes issue (3, 4, 5, 6, 9, or the 16-digit
    2221–2720 range). One random number in ten passes Luhn, so this cut removes common long
    numbers that start with 1, 2 or 0: years (``2024...`` order and budget numbers), snowflake
    IDs, bank *account* numbers of organisations. An 18-digit number shaped like an ID (province
    code and birth date fit) is judged as an ID only; one that passes the 统一社会信用代码
    check (GB 32100-2015) is taken for a credit code, not a card.
``email`` 电子邮箱
    Only when asked for (not in ``DEFAULT_KINDS``): an office's public mailbox is meant to be
    published. ``allow_emails`` lists addresses (``xxgk@example.gov.cn``) or domains
    (``example.gov.cn``, also matching its subdomains) never to report. Names ending in a file
    extension (``logo@2x.png``) are not addresses.

Why a number is *not* reported (the false positives of government documents):

- It is not bounded: a candidate must not touch an ASCII letter or digit, so it is never a piece
  of a longer digit run, a 统一社会信用代码 with letters (``91370900MA3C4XXXX1``), a token like
  ``SF1234567890123`` or a masked ``138xxxx5678``. Chinese characters, spaces and punctuation
  are boundaries (``身份证号110105199001011232住址`` is found).
- It is joined to other letters/digits by (this never spares an 18-digit ID with its check digit:
  ``No.110105...``, ``scan_110105....pdf`` are IDs) ``. _ - / \\ = & ? # % ~`` or a mask character
  (``* ＊ × • ●``): pieces of URLs and file names (``art_13812345678.html``, ``?id=...``),
  索引号 (``11370900004341590P/2024-00001``), amounts with decimals, ``No.13812345678``,
  ``13812345678-01``, already masked numbers (``138****1234``, ``35*************123``) — but not
  the value of a link's parameter named for a phone, an ID or a card (``?tel=13812345678``,
  ``&sjhm=...``, ``;phone=...``: the link carries the number to whoever follows it). A ``/``
  between two phone numbers (``0571-88888888/13812345678``) does not join. Markdown emphasis
  (``**13812345678**``) does not join either: the asterisks touch nothing on their far side.
- A grouped number must be the whole group run: ``138 1234 5678 9`` is not a mobile. Groups next
  to it must be set off by another kind of separator (``2025.03.12 139.1234.5678``) or a line
  break; groups of one digit (``1 3 8 ...``) and mixed separators (``139.1234-5678``) are not one
  number; table cells and paragraphs (``| 138 | 1234 |``, ``<td>138</td><td>1234</td>``) are
  boundaries.
- It is labelled as a code: the text just before it on the same line (after the last digit or
  delimiter, at most 16 characters) names a 编号, 编码, 代码, 单号, 流水号, 注册号, 索引号, 文号,
  批号, 证书号, 序列号, 序号 ... and no personal word (身份证, 证件, 手机, 电话, 联系, 卡号, 账号,
  银行, 开户). 税号 and 识别号 rule out old 15-digit IDs and cards only: a 个体工商户's
  纳税人识别号 is the owner's 18-digit ID.
- It is an amount or a serial: a currency sign or ``第`` before it (``¥``, ``￥``, ``$``), or a
  unit or ``号`` right after it (``元``, ``万元``, ``亿``, ``吨``, ``%`` ..., ``第13812345678号``).
- Its digits fail the checks above (check digit, date, province, Luhn, BIN). An ID-shaped
  number with a wrong check digit (``110105199001011234``) is not reported as anything. Dates
  (``20240126``), 发文字号 (``澄政发〔2024〕3号``), amounts (``12,345,678.00``), numbers of 12–14
  digits (except 86 + a mobile) or of 20 and more never match any kind.
- It is inside an e-mail address of ``allow_emails``. (With e-mail not asked for, the mobile
  that names a mailbox, ``13812345678@139.com``, is reported as a mobile.)

Masking keeps the first and last few digits (a ``MaskStyle``), replaces the others with ``*``
and keeps separators, markup and the country code as written: ``+86 138 **** 5678``
(``Hit.masked``, what ``mask`` writes); ``Hit.shown`` is the masked form as a reader sees it,
for messages. Styles: ``strict`` (the
default; 永安市 2023 notice: phone ``138****1234``, ID ``35*************123``; cards show the
last four only, as banks print "尾号1234"), ``6-4`` (``110105********1234``, ``622202******1234``)
and ``4-4`` (``4301**********1234``, ``6222********1234``). E-mail: the first character of the
local part + ``***@domain``. No national standard fixes the number of visible digits.

Speed: one regular expression without nested quantifiers finds the runs of digit groups (linear,
no catastrophic backtracking; a lookahead skips what is too short at C speed); a run is read in
windows of at most eight groups; e-mail addresses are expanded around each ``@`` with bounded
scans. A 2 KB record takes about half a millisecond (most of it folding the full-width forms).
"""

from __future__ import annotations

import contextlib
import itertools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from gongkai.text import visible

__all__ = [
    "DEFAULT_KINDS",
    "DEFAULT_STYLE",
    "KINDS",
    "LABELS",
    "MASK_STYLES",
    "Hit",
    "MaskStyle",
    "find",
    "mask",
    "masked_form",
    "value_digits",
]

KINDS = ("id_card", "mobile", "bank_card", "email")
DEFAULT_KINDS = ("id_card", "mobile", "bank_card")
LABELS = {"id_card": "身份证号", "mobile": "手机号码", "bank_card": "银行卡号", "email": "电子邮箱"}


@dataclass(frozen=True)
class Hit:
    """One unmasked value: ``text[start:end]`` of the scanned text, and what it becomes."""

    kind: str
    start: int
    end: int
    text: str
    masked: str  # ``text`` with the hidden digits as ``*`` (markup and invisible characters kept)
    line: int  # 1-based line within the scanned text
    shown: str = ""  # the masked value as a reader sees it, for messages
    #: What `mask` replaces: (start, end, replacement) in the scanned text, one for each hidden character.
    edits: tuple[tuple[int, int, str], ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class MaskStyle:
    """How many characters stay visible at the start and at the end of each kind."""

    name: str
    id_card: tuple[int, int]
    mobile: tuple[int, int]
    bank_card: tuple[int, int]

    def __post_init__(self):
        # The most that may stay visible, so that the shortest value of the kind keeps at least
        # 4 hidden digits (old 15-digit ID: 5 hidden, 11-digit mobile: 4, 16-digit card: 6).
        for kind, most in (("id_card", 10), ("mobile", 7), ("bank_card", 10)):
            keep = getattr(self, kind)
            if (
                not isinstance(keep, tuple)
                or len(keep) != 2
                or not all(isinstance(n, int) and n >= 0 for n in keep)
                or sum(keep) > most
            ):
                raise ValueError(f"脱敏格式 {self.name!r}: {kind} 应为两个非负整数 (前, 后)，合计不超过 {most}")


MASK_STYLES: dict[str, MaskStyle] = {
    s.name: s
    for s in (
        MaskStyle("strict", id_card=(2, 3), mobile=(3, 4), bank_card=(0, 4)),
        MaskStyle("6-4", id_card=(6, 4), mobile=(3, 4), bank_card=(6, 4)),
        MaskStyle("4-4", id_card=(4, 4), mobile=(3, 4), bank_card=(4, 4)),
    )
}
DEFAULT_STYLE = MASK_STYLES["strict"]

# --- the candidate scanner: chains of digit groups ------------------------------------------------
#
# The text is the visible text (gongkai.text.visible): full-width forms folded, markup and format
# characters gone. A chain is a run of digit groups joined by separator runs; a candidate is a
# window of one or more groups of a chain, read as one number.

# Characters between digit groups: white space, dots, slashes, underscores, hyphens and dashes,
# and Markdown's emphasis marks and code ticks, which show nothing. Four asterisks or more are a
# mask (138****5678), not emphasis: they end a number.
_SEP = r"(?:[ \t\r._/\\\-—―~`()]|\*{1,3}(?!\*))"
_SEP_RUN = rf"(?:{_SEP}{{1,6}}(?:\n{_SEP}{{0,6}})?|\n{_SEP}{{0,6}})"  # at most one line break
_CHAIN = re.compile(rf"(?=[0-9Xx\n \t\r._/\\\-—―*~`()]{{11}})[0-9]+[Xx]?(?:{_SEP_RUN}[0-9]+[Xx]?)*")
_GROUP = re.compile(r"[0-9]+[Xx]?")
_MARKUP_MARKS = "*~`"
_SOFT = str.maketrans("", "", " \t\r" + _MARKUP_MARKS)
# A separator is read as: "wrap" (it holds a line break: the groups are one number cut at the end
# of a line), "join" (emphasis marks only: one number), "space", or its visible marks ("-", ".").
# "bracket": brackets around a group ((139)1234-5678) split groups without being one of their separators.
_WRAP, _JOIN, _SPACE, _BRACKET = "wrap", "join", "space", "bracket"
_MAX_GROUPS = 8  # an ID written in threes has six groups; with a country code and wraps, eight
_MAX_WRAPS = 2

_MOBILE_SHAPES = frozenset({(11,), (3, 4, 4), (3, 8), (7, 4)})
_ID15_SHAPES = frozenset({(15,), (6, 6, 3), (3, 3, 3, 3, 3)})
_CC = ("86", "0086")
_SIZES = frozenset({11, 13, 15, 16, 17, 18, 19})  # digits of a window that can be personal data

_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_MASK_CHARS = "*＊×•●"
_JOINERS = frozenset("._-/\\=&?#%~" + _MASK_CHARS)
_PHONE_CHARS = frozenset("0123456789()+- ")
_PHONE_SHAPE = re.compile(
    r"(?:\+?86[ -]?)?1[3-9][0-9](?P<s>[ -]?)[0-9]{4}(?P=s)[0-9]{4}"  # mobile
    r"|(?:\(?0[0-9]{2,3}\)?[ -]?)?[0-9]{7,8}(?:-[0-9]{1,5})?"  # landline, extension
)
_CC_BEFORE = re.compile(r"\(\+?86\)[ -]?\Z")
_CURRENCY = frozenset("¥￥$€£")
# Units of amounts and quantities that no personal number is followed by. Count words that also
# begin words (户主, 个人) are left out: "张三13812345678户主" is a phone number.
_UNITS = ("元", "万元", "亿", "吨", "千克", "公斤", "平方米", "立方米", "%", "‰", "号")
# A label just before the number that makes it a code of a thing, not of a person ...
_CODE_LABELS = (
    "编号",
    "编码",
    "代码",
    "单号",
    "流水号",
    "注册号",
    "索引号",
    "文号",
    "批号",
    "批准号",
    "许可证号",
    "证书号",
    "合同号",
    "订单号",
    "发票号",
    "序列号",
    "序号",
    "登记号",
    "备案号",
    "档案号",
    "案号",
    "条码",
    "交易号",
    "凭证号",
)
# Labels of numbers that are 15 digits for organisations but an 18-digit ID for a person
# (纳税人识别号 of a 个体工商户): they rule out old 15-digit IDs and cards only.
_ORG_ID_LABELS = ("税号", "识别号")
# ... unless the label also names personal data (身份证编号, 银行卡编号).
_PERSON_LABELS = ("身份证", "证件", "手机", "电话", "联系", "卡号", "账号", "帐号", "银行", "开户")
_LABEL_TAIL = re.compile(r"[^0-9\n,，。;；|、\t]*\Z")
_LABEL_WINDOW = 16

_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class Days:
    """The as-of days on which the birth dates read so far are judged as they were: ``since`` <= day
    < ``until`` (None: no end). What a text yields depends on the day only through those dates."""

    def __init__(self, since: date = date.min, until: date | None = None):
        self.since, self.until = since, until

    def judged(self, born: date, today: date) -> None:
        if born <= today:
            self.since = max(self.since, born)
        elif self.until is None or born < self.until:
            self.until = born

    def within(self, other: Days) -> None:
        """Narrowed to the days `other` holds on too."""
        self.since = max(self.since, other.since)
        if other.until is not None and (self.until is None or other.until < self.until):
            self.until = other.until

    def hold_on(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)


_watching = threading.local()


@contextlib.contextmanager
def days_watched() -> Iterator[Days]:
    """The `Days` on which everything found in this block (in this thread) would be found alike: a
    cache of what a record yields is good for those days (gongkai.portal.recordcache)."""
    outer = getattr(_watching, "days", None)
    days = _watching.days = Days()
    try:
        yield days
    finally:
        _watching.days = outer
        if outer is not None:  # a block within a block narrows the outer one too
            outer.within(days)


def _valid_date(y: int, m: int, d: int, today: date) -> bool:
    if y < 1900:
        return False
    try:
        born = date(y, m, d)
    except ValueError:
        return False
    days = getattr(_watching, "days", None)
    if days is not None:
        days.judged(born, today)
    return born <= today


def _id18_shaped(d: str, today: date) -> bool:
    """Province code and birth date fit (check character not looked at)."""
    if not (d[:2] in _PROVINCES or (d[0] == "9" and d[1:3] in _PROVINCES)):
        return False
    return _valid_date(int(d[6:10]), int(d[10:12]), int(d[12:14]), today)


def _id18_check_ok(d: str) -> bool:
    total = sum((ord(c) - 48) * w for c, w in zip(d[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == d[17].upper()


def _id15_ok(d: str, today: date) -> bool:
    return d[:2] in _PROVINCES and _valid_date(1900 + int(d[6:8]), int(d[8:10]), int(d[10:12]), today)


def _luhn_ok(d: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(d)):
        n = ord(c) - 48
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _card_ok(d: str) -> bool:
    if not 16 <= len(d) <= 19:
        return False
    if not (d[0] in "34569" or (len(d) == 16 and 2221 <= int(d[:4]) <= 2720)):
        return False
    if not _luhn_ok(d):
        return False
    return not (len(d) == 18 and _uscc_ok(d))


def _uscc_ok(code: str) -> bool:
    """统一社会信用代码 check character (GB 32100-2015, MOD 31)."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


def _neighbour_is_phone(t: str, joiner: int, step: int) -> bool:
    """Is the run of phone characters on the far side of the ``/`` at ``joiner`` a phone number?"""
    i = joiner + step
    while 0 <= i < len(t) and t[i] in _PHONE_CHARS and abs(i - joiner) <= 20:
        i += step
    seg = t[i + 1 : joiner] if step < 0 else t[joiner + 1 : i]
    return bool(_PHONE_SHAPE.fullmatch(seg.strip()))


def _joined(t: str, pos: int, step: int) -> bool:
    """Is the candidate edge next to ``pos`` glued by joiner characters to an ASCII letter or digit?"""
    if not 0 <= pos < len(t) or t[pos] not in _JOINERS:
        return False
    # A link's parameter named for a phone, an ID or a card: its value is the number, not a piece of the link.
    if step < 0 and t[pos] == "=" and _PERSONAL_PARAM.search(t, max(0, pos + 1 - _PARAM_WINDOW), pos + 1):
        return False
    if step > 0 and t[pos] in "&#;" and _PERSONAL_VALUE.search(t, max(0, pos - 2 * _PARAM_WINDOW), pos):
        return False
    i = pos
    while 0 <= i < len(t) and t[i] in _JOINERS and abs(i - pos) < 40:
        i += step
    if not (0 <= i < len(t) and t[i] in _ASCII_ALNUM):
        return False
    if t[pos] == "/" and abs(i - pos) == 1 and _neighbour_is_phone(t, pos, step):
        return False
    return True


def _labelled_as_code(t: str, start: int, id18: bool) -> bool:
    if id18:
        return False  # an 18-digit number with an ID's province, birth date and check digit is an ID
    label = _LABEL_TAIL.search(t, max(0, start - _LABEL_WINDOW), start).group()
    if not label:
        return False
    if not any(k in label for k in _CODE_LABELS) and (id18 or not any(k in label for k in _ORG_ID_LABELS)):
        return False
    return not any(k in label for k in _PERSON_LABELS)


#: The words that name a person's number right before it (手机：, 联系电话 , 身份证号码:, 手机号码（必填）：,
#: 手机/微信：, 联系方式：, 联系人：张三), with a colon, spaces, 为/是, a currency sign or a name of up to
#: three characters between: 电话费, 手机费用, 银行存款 name an amount.
_LABELLED = re.compile(
    r"(?:手机|电话|身份证|证件|卡号|账号|帐号|账户|帐户|联系方式|联系人|微信)(?:号码|号)?"
    r"(?:[(（][^()（）\n]{0,8}[)）])?(?:/[^\s：:]{1,4})?"
    r"(?:[\s：:为是¥￥$]*|[\s：:为是]+[\u4e00-\u9fff]{1,3}[\s：:]*)\Z"
)


def _labelled_right_before(t: str, start: int) -> bool:
    return _LABELLED.search(t, max(0, start - 12), start) is not None


def _amount_or_serial(t: str, start: int, end: int, id18: bool = False) -> bool:
    # A serial (第…号), 号, a currency or a unit around it says nothing when the number is an ID
    # with its check digit, or when the words before it name personal data (身份证号：…号,
    # 联系电话…号码, 手机…吨: a sign or a unit typed after a phone does not make it an amount).
    serial_ok = not id18 and not _personal_before(t, start)
    if start and t[start - 1] == "第":
        return serial_ok  # 第13812345678号, 第...期
    amount_ok = not id18 and not _labelled_right_before(t, start)
    i = start - 1
    if i >= 0 and t[i] == " ":
        i -= 1
    if i >= 0 and t[i] in _CURRENCY:
        return amount_ok  # ¥13800138000, but not 手机：¥13800138000 nor an ID with its check digit
    j = end + 1 if end < len(t) and t[end] == " " else end
    if t.startswith("号", j):
        return serial_ok and not t.startswith("号码", j)
    return amount_ok and t.startswith(_UNITS, j)  # 13800138000吨; 手机13800138000吨 is a phone


def _labelled_id(t: str, start: int, digits: str, today: date) -> str | None:
    """An ID's shape (province, birth date) under an ID's label (身份证号：…) is an ID whatever its
    check digit: one digit mistyped, the other seventeen still name the person."""
    if len(digits) != 18 or not _id18_shaped(digits, today):
        return None
    before = t[max(0, start - _LABEL_WINDOW) : start].rsplit("\n", 1)[-1]
    return "id_card" if any(k in before for k in _ID_LABELS) else None


_ID_LABELS = ("身份证", "证件号")


def _personal_before(t: str, start: int) -> bool:
    """Whether the words just before `start` on its line name personal data (手机, 电话, 身份证…)."""
    before = t[max(0, start - _LABEL_WINDOW) : start].rsplit("\n", 1)[-1]
    return any(k in before for k in _PERSON_LABELS)


def _number_spans(t: str, wanted: frozenset[str], today: date) -> list[tuple[int, int, str]]:
    spans = []
    for m in _CHAIN.finditer(t):
        start, end = m.span()
        if end - start < 11:
            continue  # fewer than 11 digits: no kind
        chain = m.group()
        if chain.isdigit() or chain[:-1].isdigit():  # one group: the common case, read at once
            kind = _kind_of(chain, (end - start,), 0, today) or _labelled_id(t, start, chain, today)
            if kind in wanted:
                if kind == "mobile" and start and t[start - 1] == "+":
                    start -= 1
                elif kind == "mobile" and (cc := _CC_BEFORE.search(t, max(0, start - 6), start)):
                    start = cc.start()
                id18 = kind == "id_card" and end - m.start() >= 18
                # An ID with its check digit is an ID wherever it stands (No.110105..., a file name).
                if (id18 or _free(t, start, end, kind)) and not _amount_or_serial(t, start, end, id18):
                    if not _labelled_as_code(t, start, id18):
                        spans.append((start, end, kind))
        elif len(_NOT_DIGIT.sub("", chain)) >= 11:
            spans += _Chain(t, m).candidates(wanted, today)
    return spans


# Digits written otherwise: Chinese numerals (一三九…, 幺 for 1 as phone numbers are read out, the
# financial 壹贰叁…) and percent-escapes in a link (tel:%31%33%38...). A reader reads them as digits.
_NUMERALS = {
    **dict.fromkeys("〇零", "0"),
    **dict.fromkeys("一幺壹", "1"),
    **dict.fromkeys("二贰", "2"),
    **dict.fromkeys("三叁", "3"),
    **dict.fromkeys("四肆", "4"),
    **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆", "6"),
    **dict.fromkeys("七柒", "7"),
    **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}
_NUMERAL_CLASS = "".join(_NUMERALS)
_OTHERWISE = re.compile(f"[{_NUMERAL_CLASS}]|%[23][0-9A-Fa-f]")
# Eleven digits or more, some written otherwise, at most three other characters apart: the only
# texts worth a second reading (Chinese prose is full of 一 and 二).
_OTHERWISE_RUN = re.compile(f"(?:(?:[0-9{_NUMERAL_CLASS}]|%[23][0-9A-Fa-f])[^0-9{_NUMERAL_CLASS}%\n]{{0,3}}){{11,}}")


def _written_otherwise(t: str) -> tuple[str, list[int], list[int]] | None:
    """``t`` with its digits written otherwise read as digits, and the span of ``t`` each character
    of that reading comes from; None when no run of eleven digits has one written otherwise."""
    if not any(_OTHERWISE.search(m.group()) for m in _OTHERWISE_RUN.finditer(t)):
        return None
    out, starts, ends = [], [], []
    pos = 0
    for m in _OTHERWISE.finditer(t):
        out.append(t[pos : m.start()])
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        c = m.group()
        out.append(_NUMERALS.get(c) or chr(int(c[1:], 16)))
        starts.append(m.start())
        ends.append(m.end())
        pos = m.end()
    out.append(t[pos:])
    starts.extend(range(pos, len(t)))
    ends.extend(range(pos + 1, len(t) + 1))
    return "".join(out), starts, ends


def value_digits(text: str) -> str:
    """The digits a reader reads in ``text`` (one value: a hit's text), for comparing values."""
    seen = visible.text(text)
    alt = _written_otherwise(seen)
    if alt is not None:
        seen = alt[0]
    return "".join(c for c in seen if "0" <= c <= "9" or c in "Xx").upper()


def _free(t: str, start: int, end: int, kind: str) -> bool:
    """Not touching an ASCII letter or digit, nor glued to one by joiner characters (but a Latin
    label's: Tel.139…)."""
    if end < len(t) and t[end] in _ASCII_ALNUM or _joined(t, end, 1):
        return False
    if _latin_label(t, start, kind):
        return True
    return not (start and t[start - 1] in _ASCII_ALNUM or _joined(t, start - 1, -1))


#: The Latin words a clerk writes right before a person's number, glued or with a dot, colon or
#: dash (Tel.139…, Mob-139…, TEL:139…, vx139…, NO.6222…): they say what the number is, where a
#: serial's letters (SN13812345678) make it a code. No, card and account label only a card or an ID
#: (No. a card only beside a card's words).
_LATIN_LABEL = re.compile(
    r"(?:^|[^A-Za-z0-9])(tel|tell|telephone|mob|mobile|phone|ph|cell|cellphone|sms|vx|wx|wechat|whatsapp|contact"
    r"|no|num|card|acct|account|id|idno)[.:：_\-#\s]{0,3}\Z",
    re.IGNORECASE,
)
_NUMBER_WORDS = frozenset({"no", "num", "card", "acct", "account", "id", "idno"})


def _latin_label(t: str, start: int, kind: str) -> bool:
    m = _LATIN_LABEL.search(t, max(0, start - 16), start)
    if m is None:
        return False
    word = m.group(1).lower()
    if word not in _NUMBER_WORDS or kind == "id_card":
        return True
    # No.6222… is as often a contract's or an invoice's number: a card only where the words before
    # say so too (银行账户 NO.6222…), or the label is a card's own.
    return kind == "bank_card" and (word in ("card", "acct", "account") or _personal_before(t, m.start()))


#: A link's parameter whose value is a person's phone, ID or card number (``?tel=``, ``&sjhm=``,
#: ``;phone=``, a ``tel=`` in a fragment); the key right before the candidate's ``=``.
_PERSONAL_KEY = (
    r"(?:^|[^A-Za-z0-9_])(?:[A-Za-z_]*(?:tel|phone|mobile|shouji|dianhua|idcard|sfz|bankcard|cardno)[A-Za-z_]*"
    r"|cell|sjh|sjhm|dhhm|lxdh|zjhm|idno|id_no|yhkh)="
)
_PERSONAL_PARAM = re.compile(_PERSONAL_KEY + r"\Z", re.IGNORECASE)
#: ... and the end of such a value, at the ``&``, ``#`` or ``;`` after it.
_PERSONAL_VALUE = re.compile(_PERSONAL_KEY + r"[^&#;=?\s]{1,48}\Z", re.IGNORECASE)
_PARAM_WINDOW = 40


_NOT_DIGIT = re.compile(r"[^0-9Xx]+")


def _sep_kind(sep: str) -> str:
    if "\n" in sep:
        return _WRAP
    hard = sep.translate(_SOFT)
    if hard in ("(", ")", ")("):
        return _BRACKET
    if not hard:
        return _SPACE if sep.strip(_MARKUP_MARKS) else _JOIN
    return "".join(sorted(set(hard)))


def _kind_of(digits: str, shape: tuple[int, ...], wraps: int, today: date) -> str | None:
    """What the digits of a window (its groups' lengths: `shape`) are, if anything."""
    n = len(digits)
    if "X" in digits[:-1] or "x" in digits[:-1]:
        return None
    if digits[-1] in "Xx":
        return "id_card" if n == 18 and _id18_shaped(digits, today) and _id18_check_ok(digits) else None
    if n == 11:
        return "mobile" if digits[0] == "1" and digits[1] in "3456789" and shape in _MOBILE_SHAPES else None
    if shape == (n,) and (n == 13 and digits.startswith("86") or n == 15 and digits.startswith("0086")):
        if digits[-11] == "1" and digits[-10] in "3456789":
            return "mobile"  # 8613812345678
    if n == 15:
        return "id_card" if shape in _ID15_SHAPES and not wraps and _id15_ok(digits, today) else None
    if n == 18 and _id18_shaped(digits, today):
        # ID-shaped: an ID when the check digit fits; a mistyped or made-up number otherwise
        return "id_card" if _id18_check_ok(digits) else None
    if 16 <= n <= 19 and wraps <= 1 and (shape == (n,) or _in_fours(shape)):
        return "bank_card" if _card_ok(digits) else None
    return None


def _counting(parts: list[str]) -> bool:
    """Three numbers or more, each one more than the one before: a reader reads a list of numbers
    (a pager's 118 119 120 121 122, years 1998 1999 2000 2001), not one number in groups."""
    if len(parts) < 3 or not all(p.isdigit() for p in parts):
        return False
    return all(int(b) == int(a) + 1 for a, b in itertools.pairwise(parts))


def _in_fours(shape: tuple[int, ...]) -> bool:
    return len(shape) >= 4 and all(k == 4 for k in shape[:-1]) and 1 <= shape[-1] <= 4


class _Chain:
    """The digit groups of one chain and the separators between them."""

    def __init__(self, t: str, m: re.Match):
        self.t = t
        self.groups = [g.span() for g in _GROUP.finditer(t, m.start(), m.end())]
        self._seps: list[str] | None = None

    @property
    def seps(self) -> list[str]:
        if self._seps is None:
            self._seps = [_sep_kind(self.t[a[1] : b[0]]) for a, b in itertools.pairwise(self.groups)]
        return self._seps

    def candidates(self, wanted: frozenset[str], today: date) -> list[tuple[int, int, str]]:
        """The windows read as personal numbers, longest first, none overlapping."""
        found = []
        n = len(self.groups)
        total = [0, *itertools.accumulate(b - a for a, b in self.groups)]
        for i in range(n):
            if total[min(n, i + _MAX_GROUPS)] - total[i] < 11:
                continue
            for j in range(i, min(n, i + _MAX_GROUPS)):
                size = total[j + 1] - total[i]
                if size > 19:
                    break
                if size in _SIZES:
                    hit = self.window(i, j, today)
                    if hit is not None and hit[2] in wanted:
                        found.append((j - i, *hit))
        found.sort(key=lambda f: (-f[0], f[1]))
        taken: list[tuple[int, int, str]] = []
        for _, start, end, kind in found:
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, kind))
        return sorted(taken)

    def window(self, i: int, j: int, today: date) -> tuple[int, int, str] | None:
        t, groups = self.t, self.groups
        kind, start = None, groups[i][0]
        digits = t[groups[i][0] : groups[i][1]]
        if digits in _CC and j > i and self.seps[i] != _WRAP:
            mobile = self._read(i + 1, j, today)
            if mobile is not None and mobile[0] == "mobile":
                kind, hard = mobile
        if kind is None:
            read = self._read(i, j, today)
            if read is None:
                return None
            kind, hard = read
        end = groups[j][1]
        if kind == "mobile":
            if start and t[start - 1] == "+":
                start -= 1
            elif i == 0 and (cc := _CC_BEFORE.search(t, max(0, start - 6), start)):
                start = cc.start()
        if j > i and self.seps[i] == _BRACKET and start and t[start - 1] == "(":
            start -= 1  # the whole "(139)", "(+86)"
        id18 = kind == "id_card" and sum(b - a for a, b in groups[i : j + 1]) >= 18
        if not (self._open(i, start, -1, hard, id18, kind) and self._open(j, end, 1, hard, id18, kind)):
            return None
        if _amount_or_serial(t, start, end, id18) or _labelled_as_code(t, start, id18):
            return None
        return start, end, kind

    def _read(self, i: int, j: int, today: date) -> tuple[str, str | None] | None:
        """(kind, the kind of separator between its groups) of the window, when it is personal data."""
        t, groups = self.t, self.groups
        parts = [t[groups[i][0] : groups[i][1]]]
        hard, wraps = set(), 0
        for k in range(i, j):
            sep = self.seps[k]
            piece = t[groups[k + 1][0] : groups[k + 1][1]]
            if sep in (_WRAP, _JOIN):
                parts[-1] += piece
                wraps += sep == _WRAP
            elif sep == _BRACKET:
                parts.append(piece)
            else:
                hard.add(sep)
                parts.append(piece)
        if wraps > _MAX_WRAPS or (len(parts) > 1 and min(map(len, parts)) < 2):
            return None
        # Two kinds of separator (138 0013-8000) make a list of numbers, unless the words before
        # name personal data (手机138 0013-8000, 身份证号码110105 19800101-1238).
        if len(hard) > 1 and not _personal_before(t, groups[i][0]):
            return None
        if _counting(parts):
            return None
        digits = "".join(parts)
        kind = _kind_of(digits, tuple(map(len, parts)), wraps, today) or _labelled_id(t, groups[i][0], digits, today)
        return None if kind is None else (kind, next(iter(hard), None))

    def _open(self, k: int, pos: int, step: int, hard: str | None, id18: bool, kind: str) -> bool:
        """Does the window end freely at group `k` on the side `step` (its edge at `pos`)?"""
        t = self.t
        outer = k == 0 if step < 0 else k == len(self.groups) - 1
        if outer:
            if id18 or step < 0 and _latin_label(t, pos, kind):
                return True  # an ID with its check digit, even glued to letters (No.110105...); Tel.139…
            near = pos - 1 if step < 0 else pos
            return not (0 <= near < len(t) and t[near] in _ASCII_ALNUM or _joined(t, near, step))
        sep = self.seps[k - 1] if step < 0 else self.seps[k]
        if sep == _WRAP:
            return True  # a line of its own
        if hard is None:  # one number: what is next to it must not glue it to more digits
            return not _joined(t, pos - 1 if step < 0 else pos, step)
        # Grouped: the groups next to it must be set off otherwise (a space or a slash next to dots).
        return sep not in (hard, _JOIN)


# --- e-mail ---------------------------------------------------------------------------------------

_LOCAL_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._%+-")
_DOMAIN_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-")
_LABEL_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TLD_RE = re.compile(r"[A-Za-z]{2,63}")
_FILE_EXTENSIONS = frozenset(
    "png jpg jpeg gif svg webp bmp ico tif tiff pdf doc docx xls xlsx ppt pptx wps et ofd txt csv zip rar 7z gz "
    "html htm js css json xml md mp3 mp4".split()
)


def _email_spans(t: str) -> list[tuple[int, int]]:
    spans = []
    at = t.find("@")
    while at != -1:
        span = _email_at(t, at)
        if span:
            spans.append(span)
        at = t.find("@", at + 1)
    return spans


def _email_at(t: str, at: int) -> tuple[int, int] | None:
    i = at
    while i > 0 and t[i - 1] in _LOCAL_CHARS and at - i <= 64:
        i -= 1
    if at - i > 64 or (i > 0 and t[i - 1] == "@"):
        return None  # too long, or one of a@b@c
    if i > 0 and t[i - 1] in _MASK_CHARS:
        k = i - 1
        while k > 0 and t[k] in _MASK_CHARS and i - k < 40:
            k -= 1
        if t[k] in _LOCAL_CHARS:
            return None  # masked in the middle: zh***san@...
    while i < at and t[i] in "._%+-":
        i += 1
    local = t[i:at]
    if not local or local.endswith(".") or ".." in local:
        return None
    j = at + 1
    while j < len(t) and t[j] in _DOMAIN_CHARS and j - at <= 254:
        j += 1
    if j < len(t) and t[j] in _DOMAIN_CHARS:
        return None  # too long
    while j > at + 1 and t[j - 1] in ".-":
        j -= 1  # sentence punctuation after the address
    labels = t[at + 1 : j].split(".")
    if len(labels) < 2 or not all(_LABEL_RE.fullmatch(label) for label in labels):
        return None
    if not _TLD_RE.fullmatch(labels[-1]) or labels[-1].lower() in _FILE_EXTENSIONS:
        return None
    return i, j


def _allowed(address: str, allow: frozenset[str]) -> bool:
    address = address.lower()
    if address in allow:
        return True
    domain = address.rpartition("@")[2]
    while domain:
        if domain in allow:
            return True
        domain = domain.partition(".")[2]
    return False


def _allow_set(allow_emails) -> frozenset[str]:
    if isinstance(allow_emails, str):
        allow_emails = (allow_emails,)
    out = set()
    for entry in allow_emails:
        entry = entry.strip().lower()
        if entry.startswith("*."):
            entry = entry[2:]
        elif entry.startswith("@"):
            entry = entry[1:]
        if entry:
            out.add(entry)
    return frozenset(out)


# --- public API -----------------------------------------------------------------------------------


def _wanted(kinds) -> frozenset[str]:
    if isinstance(kinds, str):
        kinds = (kinds,)
    wanted = frozenset(kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"未知的个人信息类型: {', '.join(sorted(unknown))}; 可选: {', '.join(KINDS)}")
    return wanted


def find(
    text: str,
    kinds=DEFAULT_KINDS,
    style: MaskStyle = DEFAULT_STYLE,
    allow_emails=(),
    markup: bool = True,
    read: bool = False,
    today: date | None = None,
) -> list[Hit]:
    """The unmasked personal data in ``text``, in order of position.

    ``text`` is read as a person reads it (gongkai.text.visible): with ``markup`` (Markdown or HTML)
    tags and comments are left out and character references decoded, and what markup publishes
    unseen (comments, attribute values) is read as well; ``read`` says ``text`` is already
    ``visible.text`` (the leak scan's case: not read again). ``kinds``: any of ``KINDS`` (e-mail
    is off by default). ``style`` fixes ``Hit.masked``. ``allow_emails``: addresses or domains
    (with their subdomains) that are public and never reported; a number inside such an address
    is not reported either. ``today`` (the day the site is built as of; by default today) bounds
    the birth dates of IDs.
    """
    wanted = _wanted(kinds)
    allow = _allow_set(allow_emails)
    found = _find(text, 0, wanted, style, allow, markup and not read, today or date.today(), read)
    found.sort(key=lambda h: h[1])
    hits = []
    line, pos = 1, 0
    for kind, start, end, masked, shown, edits in found:
        line += text.count("\n", pos, start)
        pos = start
        hits.append(Hit(kind, start, end, text[start:end], masked, line, shown, edits))
    return hits


def _find(text, offset, wanted, style, allow, markup, today, read=False, offset_is_hidden=False) -> list[tuple]:
    """(kind, start, end, masked, shown, edits) of each hit in ``text``, positions plus ``offset``."""
    v = visible.View(text) if read else visible.view(text, markup)
    t = v.text
    spans = _number_spans(t, wanted, today) if wanted - {"email"} else []
    if "@" in t:
        emails = []
        for i, j in _email_spans(t):
            if allow and _allowed(t[i:j], allow):
                spans = [s for s in spans if s[1] <= i or s[0] >= j]
            elif "email" in wanted:
                emails.append((i, j, "email"))
        if emails:
            # the address hides any number in its local part (13812345678@139.com)
            spans = [s for s in spans if all(s[1] <= i or s[0] >= j for i, j, _ in emails)]
            spans = sorted(spans + emails)
    out = []
    for start, end, kind in spans:
        a, b = v.source_span(start, end)
        masked, shown, edits = _masked(kind, text, t[start:end], v.source_chars(start, end), style)
        edits = tuple((offset + s, offset + e, r) for s, e, r in edits)
        out.append((kind, offset + a, offset + b, masked, shown, edits))
    if wanted - {"email"} and (alt := _written_otherwise(t)) is not None:
        d, starts, ends = alt
        for start, end, kind in _number_spans(d, wanted, today):
            ta, tb = starts[start], ends[end - 1]
            if any(ta < e and s < tb for s, e, _ in spans) or d[start:end] == t[ta:tb]:
                continue  # read already, or nothing in it written otherwise
            src = [v.source_span(starts[k], ends[k]) for k in range(start, end)]
            masked, shown, edits = _masked(kind, text, d[start:end], src, style)
            edits = tuple((offset + s, offset + e, r) for s, e, r in edits)
            out.append((kind, offset + src[0][0], offset + src[-1][1], masked, shown, edits))
    if markup and not offset_is_hidden:
        # One level: a comment's content is read with its own markup, not searched for more hidden parts.
        for a, b in visible.hidden(text):
            out += _find(text[a:b], offset + a, wanted, style, allow, markup, today, offset_is_hidden=True)
    return out


def mask(
    text: str,
    kinds=DEFAULT_KINDS,
    style: MaskStyle = DEFAULT_STYLE,
    allow_emails=(),
    markup: bool = True,
    today: date | None = None,
) -> tuple[str, list[Hit]]:
    """``text`` with every hit of ``find`` replaced by its masked form, and the hits.

    Hit positions refer to the original text. Separators, country codes, full-width digits and
    markup inside a value are kept as written; only e-mail addresses change length.
    """
    hits = find(text, kinds, style, allow_emails, markup, today=today)
    if not hits:
        return text, hits
    # The hidden characters of every hit (a number in an HTML comment may sit inside the span of
    # one read around the comment): each replaced once.
    parts, pos = [], 0
    for start, end, replacement in sorted({e for h in hits for e in h.edits}):
        if start < pos:
            continue
        parts.append(text[pos:start] + replacement)
        pos = end
    parts.append(text[pos:])
    return "".join(parts), hits


def masked_form(kind: str, value: str, style: MaskStyle = DEFAULT_STYLE) -> str:
    """``value`` (one ``kind``) masked with ``style``: the hidden characters become ``*``.

    Only the digits (and an ID's check character ``X``) are counted and replaced; separators,
    markup and full-width forms stay as written. For a mobile, a country code in front stays
    visible and is not counted. E-mail: first character of the local part + ``***@`` + the domain.
    """
    if kind not in KINDS:
        raise ValueError(f"未知的个人信息类型: {kind!r}; 可选: {', '.join(KINDS)}")
    v = visible.view(value)
    if not v.text:
        raise ValueError(f"不是{LABELS[kind]}: 没有可见的文字")
    return _masked(kind, value, v.text, v.source_chars(0, len(v.text)), style)[0]


def _masked(kind: str, source: str, seen: str, src: list[tuple[int, int]], style: MaskStyle):
    """``seen`` (what a reader reads; ``src``: the span of ``source`` each of its characters comes
    from) masked: in the source, as written; as a reader sees it, on one line; and the edits of
    the source that make the first."""
    a, b = src[0][0], src[-1][1]
    if kind == "email":
        at = seen.rfind("@")
        if at < 1:
            raise ValueError(f"不是电子邮箱: {source[a:b]!r}")
        keep = src[1][0]  # the first character of the local part stays, as written (an &#..; too)
        edits = ((keep, src[at][0], "***"),)
        return f"{source[a:keep]}***{source[src[at][0] : b]}", f"{seen[0]}***{seen[at:]}", edits
    core = [i for i, c in enumerate(seen) if "0" <= c <= "9" or c in "Xx"]
    if kind == "mobile":
        core = core[-11:]
    head, tail = getattr(style, kind)
    n = len(core)
    if head + tail >= n:  # a value shorter than the kind's usual length: hide at least a third
        head, tail = min(head, n // 3), min(tail, n // 3)
    hidden = core[head : n - tail]
    # In the source: each hidden character's span (a character reference, a full-width digit) is one *.
    spans = sorted({src[i] for i in hidden})
    parts, pos = [], a
    for s, e in spans:
        parts.append(source[pos:s] + "*")
        pos = e
    parts.append(source[pos:b])
    hide = set(hidden)
    shown = "".join("*" if i in hide else c for i, c in enumerate(seen) if c not in _MARKUP_MARKS or i in hide)
    return "".join(parts), _LINE_BREAK.sub("", shown), tuple((s, e, "*") for s, e in spans)


_LINE_BREAK = re.compile(r"[ \t\r]*\n\s*")
