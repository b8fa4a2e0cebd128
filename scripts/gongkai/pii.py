"""Unmasked personal data (个人信息) in Chinese text: find it and mask it.

Disclosed documents must not show a natural person's 身份证号, 手机号码 or 银行卡号 in full
(条例第十五条; 2018年政务公开工作要点: "去标识化处理"; reference §5). This module finds such
numbers in plain or Markdown text and replaces the middle digits with ``*``. It is pure Python
(standard library only) so the build, ``gongkai check`` and tests can all call it.

What is reported (each kind is a string in ``KINDS``):

``id_card`` 居民身份证号
    18 characters ``RRRRRRYYYYMMDDSSSC``: a real province code (11–15, 21–23, 31–37, 41–46,
    50–54, 61–65, 71, 81–83; or ``9`` + province code, the 2023 外国人永久居留身份证), a birth
    date between 1900-01-01 and today, and the GB 11643-1999 check character (ISO 7064
    MOD 11-2; ``X``/``x`` allowed). Also the old 15-digit number ``RRRRRRYYMMDDSSS`` (born 19YY)
    with a real province code and date; it has no check digit, so it is weaker evidence.
    Written plain or grouped 6-8-4 (``110105 19900101 1234``).
``mobile`` 手机号码
    ``1[3-9]`` + 9 digits, plain or grouped 3-4-4 with one kind of separator (``138 1234 5678``,
    ``138-1234-5678``), optionally after ``+86``, ``0086``, ``86`` or ``(+86)``. Landlines
    (``0571-88888888``, ``01012345678``) start with 0 and are never mobiles.
``bank_card`` 银行卡号
    16–19 digits passing the Luhn check, plain or grouped in fours (``6222 0212 3456 7890 123``),
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
- It is joined to other letters/digits by ``. _ - / \\ = & ? # % ~`` or a mask character
  (``* ＊ × • ●``): pieces of URLs and file names (``art_13812345678.html``, ``?id=...``),
  索引号 (``11370900004341590P/2024-00001``), amounts with decimals, ``No.13812345678``,
  ``13812345678-01``, already masked numbers (``138****1234``, ``35*************123``). A ``/``
  between two phone numbers (``0571-88888888/13812345678``) does not join. Markdown emphasis
  (``**13812345678**``) does not join either: the asterisks touch nothing on their far side.
- A grouped number must be the whole group run: ``138 1234 5678 9`` is not a mobile.
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

Full-width digits and letters (``１３８１２３４５６７８``) count like ASCII ones; the ideographic and
no-break spaces and the hyphens U+2010–2013 count as separators.

Masking keeps the first and last few digits (a ``MaskStyle``), replaces the others with ``*``
and keeps separators and the country code: ``+86 138 **** 5678``. Styles: ``strict`` (the
default; 永安市 2023 notice: phone ``138****1234``, ID ``35*************123``; cards show the
last four only, as banks print "尾号1234"), ``6-4`` (``110105********1234``, ``622202******1234``)
and ``4-4`` (``4301**********1234``, ``6222********1234``). E-mail: the first character of the
local part + ``***@domain``. No national standard fixes the number of visible digits.

Speed: one regular expression without nested quantifiers scans the text once (linear, no
catastrophic backtracking); e-mail addresses are expanded around each ``@`` with bounded
scans. A 2 KB record takes well under a millisecond.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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
    masked: str
    line: int  # 1-based line within the scanned text


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

# --- text normalisation, one character for one (positions stay): full-width ASCII (U+FF01..FF5E),
# the ideographic and no-break spaces, and the hyphens U+2010..2013 that word processors put in

_FULLWIDTH = {0xFF01 + i: 0x21 + i for i in range(0x5E)}
_FULLWIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0x2010: 0x2D, 0x2011: 0x2D, 0x2012: 0x2D, 0x2013: 0x2D})
_HAS_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000\u00a0\u2010-\u2013]")


def _normalize(text: str) -> str:
    return text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text


# --- the candidate scanner ----------------------------------------------------------------------

_CANDIDATE = re.compile(
    # the lookahead lets the regex engine skip quickly to the characters a candidate can start with
    r"(?=[0-9+(])(?<![0-9A-Za-z])(?:"
    # mobile: optional country code, then 11 digits plain or 3-4-4 with one separator
    r"(?P<cc>(?:\+|00)?86[ -]?|\(\+?86\)[ -]?)?"
    r"(?P<mobile>1[3-9][0-9](?:(?P<ms>[ -])[0-9]{4}(?P=ms)[0-9]{4}|[0-9]{8}))"
    # ID grouped 6-8-4
    r"|(?P<idg>[1-9][0-9]{5}(?P<is>[ -])[0-9]{8}(?P=is)[0-9]{3}[0-9Xx])"
    # card grouped in fours: 4-4-4-4 and an optional last group of 1-3
    r"|(?P<cardg>[0-9]{4}(?P<cs>[ -])[0-9]{4}(?P=cs)[0-9]{4}(?P=cs)[0-9]{4}(?:(?P=cs)[0-9]{1,3})?)"
    # plain runs: old ID (15), card (16-19), ID (18, or 17 + X)
    r"|(?P<run>[0-9]{15,19}[Xx]?)"
    r")(?![0-9A-Za-z])"
)

_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_MASK_CHARS = "*＊×•●"
_JOINERS = frozenset("._-/\\=&?#%~" + _MASK_CHARS)
_PHONE_CHARS = frozenset("0123456789()+- ")
_PHONE_SHAPE = re.compile(
    r"(?:\+?86[ -]?)?1[3-9][0-9](?P<s>[ -]?)[0-9]{4}(?P=s)[0-9]{4}"  # mobile
    r"|(?:\(?0[0-9]{2,3}\)?[ -]?)?[0-9]{7,8}(?:-[0-9]{1,5})?"  # landline, extension
)
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


def _valid_date(y: int, m: int, d: int, today: date) -> bool:
    if y < 1900:
        return False
    try:
        return date(y, m, d) <= today
    except ValueError:
        return False


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


def _classify(m: re.Match, today: date) -> str | None:
    if m.group("mobile"):
        return "mobile"
    if m.group("idg"):
        d = m.group("idg").replace(m.group("is"), "")
        return "id_card" if _id18_shaped(d, today) and _id18_check_ok(d) else None
    if m.group("cardg"):
        return "bank_card" if _card_ok(m.group("cardg").replace(m.group("cs"), "")) else None
    d = m.group("run")
    if d[-1] in "Xx":
        return "id_card" if len(d) == 18 and _id18_shaped(d, today) and _id18_check_ok(d) else None
    if len(d) == 15:
        return "id_card" if _id15_ok(d, today) else None
    if len(d) == 18 and _id18_shaped(d, today):
        # ID-shaped: an ID when the check digit fits; a mistyped or made-up number otherwise
        return "id_card" if _id18_check_ok(d) else None
    return "bank_card" if _card_ok(d) else None


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
    i = pos
    while 0 <= i < len(t) and t[i] in _JOINERS and abs(i - pos) < 40:
        i += step
    if not (0 <= i < len(t) and t[i] in _ASCII_ALNUM):
        return False
    if t[pos] == "/" and abs(i - pos) == 1 and _neighbour_is_phone(t, pos, step):
        return False
    return True


def _labelled_as_code(t: str, start: int, id18: bool) -> bool:
    label = _LABEL_TAIL.search(t, max(0, start - _LABEL_WINDOW), start).group()
    if not label:
        return False
    if not any(k in label for k in _CODE_LABELS) and (id18 or not any(k in label for k in _ORG_ID_LABELS)):
        return False
    return not any(k in label for k in _PERSON_LABELS)


def _amount_or_serial(t: str, start: int, end: int) -> bool:
    if start and t[start - 1] == "第":
        return True  # 第13812345678号, 第...期
    i = start - 1
    if i >= 0 and t[i] == " ":
        i -= 1
    if i >= 0 and t[i] in _CURRENCY:
        return True
    j = end + 1 if end < len(t) and t[end] == " " else end
    return t.startswith(_UNITS, j)


def _number_spans(t: str, wanted: frozenset[str], today: date) -> list[tuple[int, int, str]]:
    spans = []
    for m in _CANDIDATE.finditer(t):
        kind = _classify(m, today)
        if kind is None or kind not in wanted:
            continue
        start, end = m.span()
        if _joined(t, start - 1, -1) or _joined(t, end, 1):
            continue
        grouped = m.group("ms") or m.group("is") or m.group("cs")
        if grouped and (
            (start >= 2 and t[start - 1] in " -" and "0" <= t[start - 2] <= "9")
            or (end + 1 < len(t) and t[end] in " -" and "0" <= t[end + 1] <= "9")
        ):
            continue  # only part of a longer run of digit groups
        id18 = kind == "id_card" and end - start >= 18
        if _amount_or_serial(t, start, end) or _labelled_as_code(t, start, id18):
            continue
        spans.append((start, end, kind))
    return spans


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
) -> list[Hit]:
    """The unmasked personal data in ``text``, in order of position.

    ``kinds``: any of ``KINDS`` (e-mail is off by default). ``style`` fixes ``Hit.masked``.
    ``allow_emails``: addresses or domains (with their subdomains) that are public and never
    reported; a number inside such an address is not reported either.
    """
    wanted = _wanted(kinds)
    t = _normalize(text)
    today = date.today()
    spans = _number_spans(t, wanted, today) if wanted - {"email"} else []
    if "@" in t:
        allow = _allow_set(allow_emails)
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
    hits = []
    line, pos = 1, 0
    for start, end, kind in spans:
        line += text.count("\n", pos, start)
        pos = start
        value = text[start:end]
        hits.append(Hit(kind, start, end, value, masked_form(kind, value, style), line))
    return hits


def mask(
    text: str,
    kinds=DEFAULT_KINDS,
    style: MaskStyle = DEFAULT_STYLE,
    allow_emails=(),
) -> tuple[str, list[Hit]]:
    """``text`` with every hit of ``find`` replaced by its masked form, and the hits.

    Hit positions refer to the original text. Separators, country codes and full-width digits
    that stay visible are kept as written; only e-mail addresses change length.
    """
    hits = find(text, kinds, style, allow_emails)
    if not hits:
        return text, hits
    parts, pos = [], 0
    for h in hits:
        parts.append(text[pos : h.start])
        parts.append(h.masked)
        pos = h.end
    parts.append(text[pos:])
    return "".join(parts), hits


def masked_form(kind: str, value: str, style: MaskStyle = DEFAULT_STYLE) -> str:
    """``value`` (one ``kind``) masked with ``style``: the hidden characters become ``*``.

    Only the digits (and an ID's check character ``X``) are counted and replaced; separators
    stay. For a mobile, a country code in front stays visible and is not counted.
    E-mail: first character of the local part + ``***@`` + the domain.
    """
    if kind == "email":
        at = _normalize(value).rfind("@")
        if at < 1:
            raise ValueError(f"不是电子邮箱: {value!r}")
        return f"{value[0]}***{value[at:]}"
    if kind not in ("id_card", "mobile", "bank_card"):
        raise ValueError(f"未知的个人信息类型: {kind!r}; 可选: {', '.join(KINDS)}")
    norm = _normalize(value)
    core = [i for i, c in enumerate(norm) if "0" <= c <= "9" or c in "Xx"]
    if kind == "mobile":
        core = core[-11:]
    head, tail = getattr(style, kind)
    n = len(core)
    if head + tail >= n:  # a value shorter than the kind's usual length: hide at least a third
        head, tail = min(head, n // 3), min(tail, n // 3)
    hidden = set(core[head : n - tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(value))
