"""The parts of an official document (公文) laid out by GB/T 9704-2012, found in its paragraphs.

版头 (份号, 密级, 紧急程度, 发文机关标志, then the 发文字号 under it), 标题, 主送机关, 正文 with its
heading levels (一、 / （一）), 附件说明, 发文机关署名 and 成文日期 (above the seal), 附注 such as
（此件公开发布）, documents attached or forwarded after the signature, and the 版记 (抄送, 印发).

Works on plain paragraphs with what the source tells of their layout (alignment from Word; nothing
from a PDF's text layer), so both importers share it. What is not found is said, never guessed: a
part is taken only where the layout puts it (a 发文字号 after the title is a forwarded document's).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

# What both importers (gongkai.clerk.wordtext, gongkai.clerk.pdftext) give gongkai.clerk.importdoc.

#: Stands for the record's file stem in image links until the 索引号 is known: random, so no
#: document holds it.
STEM = f"gongkai-stem-{secrets.token_hex(8)}"
#: The body of a record made from a PDF without a text layer (a scan).
NO_TEXT = "全文见附件。\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
# Python-Markdown reads these at a line's start as markup: "2. ", "- ", "---", "#", ">".
_MD_LEADING = re.compile(r"^(\s*)(?:(\d+)([.)])(?=\s|$)|(-+|\+)(?=\s|$)|([#>]))")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def markdown_text(text: str) -> str:
    """Plain text as Markdown that Python-Markdown shows as it is: no markup, tag, entity or
    attribute list is made of what a clerk typed."""
    text = _ENTITY.sub("&amp;", text)
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace("{:", "\\{:")
    return _MD_LEADING.sub(lambda m: m[1] + (f"{m[2]}\\{m[3]}" if m[2] else f"\\{m[4] or m[5]}"), text)


class Refused(Exception):
    """The file cannot be imported; the message says why and what to do, in Chinese."""


@dataclass(frozen=True)
class Block:
    """One paragraph (or table) of the document, in order; line breaks inside it as newlines."""

    text: str
    align: str | None = None  # "center", "right", or None (left, justified or unknown)
    table: bool = False


@dataclass
class Layout:
    """Where the parts are: indexes into the blocks, and the facts read from them."""

    head: int = 0  # blocks[:head] are 版头 and 标题: not body
    tail: int = 0  # blocks[tail:] are the 版记: not body
    drop: set[int] = field(default_factory=set)  # 附注 such as （此件公开发布）
    headings: dict[int, int] = field(default_factory=dict)  # block -> Markdown level (2, 3)
    #: A heading's text when it is not its block's alone: an attached document's label with its title.
    heading_texts: dict[int, str] = field(default_factory=dict)
    joined: set[int] = field(default_factory=set)  # blocks whose text is in the heading above them
    title: str | None = None
    doc_no: str | None = None
    written: dt.date | None = None
    signers: list[str] = field(default_factory=list)  # 署名, one per signing agency
    masthead: str | None = None
    salutation: int | None = None
    summary: int | None = None  # the first paragraph of the 正文 proper
    named_attachments: list[str] = field(default_factory=list)
    #: Reasons the document must not be published: a 密级 mark, （此件不予公开）.
    refusals: list[str] = field(default_factory=list)

    def body(self) -> list[int]:
        """Indexes of the blocks that make the record's body."""
        return [i for i in range(self.head, self.tail) if i not in self.drop and i not in self.joined]


_SPACE = re.compile(r"[\s\u3000]+")
_WIDE_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")
_DOC_NO = re.compile(
    r"(?P<org>[\u4e00-\u9fffA-Za-z]{1,20})[〔\[［(（【](?P<year>(?:19|20)\d{2})[〕\]］)）】]第?(?P<n>\d{1,5})号"
)
_SIGNED_BY = re.compile(r"签发人[:：]")
_ZEROS = "〇零○ＯO"
_DIGITS = "〇一二三四五六七八九"
_CN = f"[{_ZEROS}一二三四五六七八九十]"
_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_CN_DATE = re.compile(rf"(?P<y>[{_ZEROS}一二三四五六七八九]{{4}})年(?P<m>{_CN}{{1,2}})月(?P<d>{_CN}{{1,3}})日")
_SIGNED_DATE = re.compile(rf"(?P<signer>.*?)(?P<date>(?:\d{{4}}|{_CN}{{4}})年.{{1,3}}月.{{1,3}}日)")
#: 密级 marks (秘密★1年, ★机密, 秘密 1年 …) and 工作秘密, which is not for the public either.
_SECRET = re.compile(r"^[★☆*]?(绝密|机密|秘密)(?:[★☆*\d].*)?$|(绝密|机密|秘密)[★☆*]|工作秘密")
_NOT_PUBLIC = re.compile(r"此件(?:不予|不宜|暂不|不)公开|此件依申请公开")
_URGENCY = re.compile(r"^(特急|加急|特提|平急)$")
_NOTE = re.compile(r"^[（(]此件[^）)。，；]{1,12}[）)]$")
_ASIDE = re.compile(r"^[（(].*[）)]$")  # a whole paragraph in brackets: a 附注, a note on how it was passed
_LEVEL2 = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_LEVEL3 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇]+[章节编]")
_NUMBER_LINE = re.compile(r"^(?:\d{4}年)?第\d{1,5}号$")  # 公告 numbering under the title
_ATTACHED = re.compile(r"^附件\d{0,2}$")  # the label over an attached document
_ATTACH_NOTE = re.compile(r"^附件[:：](?:\d{1,2}[.．、])?(?P<name>.+)$")
_ATTACH_MORE = re.compile(r"^\d{1,2}[.．、](?P<name>.+)$")
_RECORD_TAIL = re.compile(r"^(抄送|抄报|分送|主送)[:：]|印发$|^[（(]共印\d+份[）)]$")
_SENTENCE_END = "。！？；"


def compact(text: str) -> str:
    """`text` without any space (full-width included): how layout lines compare."""
    return _SPACE.sub("", text)


def normal(text: str) -> str:
    """`text` as one line: spaces between Chinese characters (layout) dropped, others made single."""
    return _WIDE_GAP.sub("", " ".join(text.replace("\u3000", " ").split()))


def doc_no(text: str) -> str | None:
    """The 发文字号 a line consists of (a 签发人 after it allowed), with the year in 〔〕."""
    line = _SIGNED_BY.split(compact(text))[0]
    m = _DOC_NO.fullmatch(line)
    return f"{m['org']}〔{m['year']}〕{int(m['n'])}号" if m else None


def date_of(text: str) -> dt.date | None:
    """The date a line consists of: 2024年6月28日 or 二〇二四年六月二十八日 (〇, 零 or ○ for nought)."""
    line = compact(text)
    m = _DATE.fullmatch(line)
    try:
        if m:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        m = _CN_DATE.fullmatch(line)
        if m:
            year = int("".join(str(_digit(c)) for c in m["y"]))
            return dt.date(year, _small_number(m["m"]), _small_number(m["d"]))
    except ValueError:  # 2月30日
        return None
    return None


def signed_date(text: str) -> tuple[str, dt.date] | None:
    """(署名 before it, date) for a block ending in a date: the date alone, on a line of its own
    under the 署名 (Shift+Enter in Word), or after the 署名 on the same line."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    day = date_of(lines[-1])
    if day is not None:
        return normal(" ".join(lines[:-1])), day
    m = _SIGNED_DATE.fullmatch(compact(lines[-1]))
    if m and len(lines) == 1 and len(m["signer"]) <= 30 and not _ends_sentence(m["signer"] or "x"):
        day = date_of(m["date"])
        if day is not None:
            return m["signer"], day
    return None


def heading_level(text: str) -> int | None:
    """2 for a 一、 heading, 3 for a （一） one, as Markdown levels under the page title; None for
    other lines. A heading is short and no sentence: 一、同意你乡调整预算。 is an item."""
    text = compact(text)
    if not text or len(text) > 40 or _ends_sentence(text):
        return None
    return 2 if _LEVEL2.match(text) else 3 if _LEVEL3.match(text) else None


def _digit(c: str) -> int:
    return 0 if c in _ZEROS else _DIGITS.index(c)


def _small_number(text: str) -> int:
    # 十 = 10, 十二 = 12, 二十 = 20, 二十八 = 28, 三十一 = 31
    if "十" not in text:
        return _digit(text)
    tens, _, units = text.partition("十")
    return (_digit(tens) if tens else 1) * 10 + (_digit(units) if units else 0)


def recognise(blocks: list[Block], genres: tuple[str, ...] = (), header: str = "") -> Layout:
    """Find the parts of the document in `blocks` (`header`: the text of its page headers)."""
    layout = Layout(tail=len(blocks))
    texts = [compact(b.text) for b in blocks]
    _refusals(texts, header, layout)
    _head(texts, layout, genres)
    _title(blocks, texts, layout, genres)
    _tail(texts, layout)
    end = _own_text_end(blocks, texts, layout)
    _signature(blocks, texts, layout, end)
    _body(blocks, texts, layout, end)
    return layout


def _refusals(texts: list[str], header: str, layout: Layout) -> None:
    top = [t for t in texts if t][:8] + [compact(line) for line in header.split("\n") if line.strip()]
    for text in top:
        if _SECRET.search(text):
            layout.refusals.append(f"文件标有密级“{text}”：涉密文件和工作秘密不得公开发布。")
            break
    for text in texts:
        m = _NOT_PUBLIC.search(text)
        if m:
            layout.refusals.append(f"文件写明“{m[0]}”：不属于主动公开的信息。")
            break


def _head(texts: list[str], layout: Layout, genres: tuple[str, ...]) -> None:
    """版头: the lines down to the 发文字号, when every line above it can belong to a 版头 (份号,
    密级, 紧急程度, a short masthead); without a 发文字号, a masthead line ending in 文件."""
    for i, text in enumerate(texts[:12]):
        number = doc_no(text)
        if number:
            layout.doc_no, layout.head = number, i + 1
            layout.masthead = _masthead(texts[:i])
            return
        if text and not _in_head(text, genres):
            break  # a title, a sentence or a date: a 发文字号 further down is not this document's
    for i, text in enumerate(texts[:6]):
        if text.endswith("文件") and len(text) <= 30:
            layout.head, layout.masthead = i + 1, text
            return
        if text and not (_SECRET.search(text) or _URGENCY.fullmatch(text) or text.isdigit()):
            return


def _in_head(text: str, genres: tuple[str, ...]) -> bool:
    return bool(
        text.isdigit()
        or _SECRET.search(text)
        or _URGENCY.fullmatch(text)
        or (
            len(text) <= 30
            and not _ends_sentence(text)
            and not text.endswith(("：", ":"))
            and date_of(text) is None
            and not _titled(text, genres)
        )
    )


def _masthead(texts: list[str]) -> str | None:
    lines = [t for t in texts if t and not (_SECRET.search(t) or _URGENCY.fullmatch(t) or t.isdigit())]
    return lines[-1] if lines else None


def _title(blocks: list[Block], texts: list[str], layout: Layout, genres: tuple[str, ...]) -> None:
    """标题: the centred lines after the 版头 (Word); without centred lines, the lines down to the
    主送机关, or a line ending in a 文种."""
    start = layout.head
    while start < len(texts) and not texts[start]:
        start += 1
    found = None
    if any(b.align for b in blocks):
        found = _title_lines(blocks, texts, start, centred=True)
    if not found:
        found = _title_lines(blocks, texts, start, centred=False)
        if found:
            title, end = found
            under = texts[end] if end < len(texts) else ""
            if not under.endswith(("：", ":")) and not _titled(compact(title), genres):
                found = None  # no layout to go by, no 主送机关 under it, no 文种 at its end: not surely a title
    if not found:
        return
    layout.title, layout.head = found
    if layout.head < len(texts) and texts[layout.head].endswith(("：", ":")) and len(texts[layout.head]) <= 80:
        layout.salutation = layout.head


def _title_lines(blocks: list[Block], texts: list[str], i: int, centred: bool) -> tuple[str, int] | None:
    lines: list[str] = []
    while i < len(texts) and len(lines) < 4:
        text = texts[i]
        if not text:
            if lines:
                break
            i += 1
            continue
        if (
            blocks[i].table
            or _ends_sentence(text)
            or text.endswith(("：", ":"))
            or (lines and (text[0] in "（(" or _CHAPTER.match(text) or _NUMBER_LINE.fullmatch(text)))
            or date_of(text) is not None
            or (centred and blocks[i].align != "center")
        ):
            break
        lines.append(normal(blocks[i].text))
        i += 1
    if not lines:
        return None
    title = lines[0]
    for line in lines[1:]:
        title += (" " if title[-1:].isascii() and title[-1:].isalnum() and line[:1].isascii() else "") + line
    return (title, i) if len(title) <= 120 else None


def _titled(text: str, genres: tuple[str, ...]) -> bool:
    return any(text.endswith(g) for g in genres)


def _ends_sentence(text: str) -> bool:
    return text[-1] in _SENTENCE_END or "。" in text


def _tail(texts: list[str], layout: Layout) -> None:
    """版记: 抄送 and 印发 lines (and empty ones) at the very end."""
    i, found = len(texts), False
    while i > layout.head and (
        not texts[i - 1] or _RECORD_TAIL.search(texts[i - 1]) or set(texts[i - 1]) <= set("-—_─")
    ):
        i -= 1
        found = found or bool(texts[i])
    if found:
        layout.tail = i
    for j in range(layout.head, layout.tail):
        if _NOTE.fullmatch(texts[j]):
            layout.drop.add(j)


def _own_text_end(blocks: list[Block], texts: list[str], layout: Layout) -> int:
    """Where the document's own text ends: at 附件1 on a line of its own, or where a forwarded
    document begins (its masthead or 发文字号), else at the 版记."""
    for i in range(layout.head, layout.tail):
        if _ATTACHED.fullmatch(texts[i]):
            return i
        if i > layout.head + 1 and doc_no(texts[i]):
            above = next((j for j in range(i - 1, layout.head, -1) if texts[j]), i)
            return above if texts[above].endswith("文件") and len(texts[above]) <= 30 else i
    return layout.tail


def _signature(blocks: list[Block], texts: list[str], layout: Layout, end: int) -> None:
    """成文日期: the last line that is a date (a 署名 may share its paragraph) before `end`; the
    署名 are the short lines just above it."""
    for i in range(end - 1, layout.head - 1, -1):
        if not texts[i] or i in layout.drop or _ASIDE.fullmatch(texts[i]):
            continue
        signed = signed_date(blocks[i].text)
        if signed is None:
            if _ends_sentence(texts[i]) and blocks[i].align != "right":
                return  # back in the text: no date at the foot of this document
            continue
        signer, layout.written = signed
        above = []
        for j in range(i - 1, max(layout.head, i - 5) - 1, -1):
            if not texts[j]:
                continue
            if (
                len(texts[j]) > 40
                or _ends_sentence(texts[j])
                or texts[j].endswith(("：", ":"))
                or re.match(r"附件|\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]", texts[j])
            ):
                break
            above.insert(0, normal(blocks[j].text))
        layout.signers = [s for s in (*above, signer) if s]
        return


def _body(blocks: list[Block], texts: list[str], layout: Layout, end: int) -> None:
    """Heading levels, the 附件说明, and the first paragraph of the text proper."""
    for i in range(layout.head, layout.tail):
        text = texts[i]
        if blocks[i].table or not text or i in layout.drop:
            continue
        if i >= end:
            if _ATTACHED.fullmatch(text) and i not in layout.joined:
                _attached(blocks, texts, layout, i)
            continue
        level = heading_level(text)
        if level:
            layout.headings[i] = level
        m = _ATTACH_NOTE.fullmatch(text)
        if m:
            layout.named_attachments.append(m["name"])
            for j in range(i + 1, end):
                more = _ATTACH_MORE.fullmatch(texts[j])
                if not more:
                    break
                layout.named_attachments.append(more["name"])
        if layout.summary is None and i != layout.salutation and i not in layout.headings and _ends_sentence(text):
            layout.summary = i


def _attached(blocks: list[Block], texts: list[str], layout: Layout, i: int) -> None:
    """An attached document's label (附件, 附件1) and its title under it make one heading,
    附件1：预算执行分析表. The record page has a 附件 section of its own (the files): a bare 附件
    without a title is no heading, so the table of contents never shows 附件 twice."""
    j = i + 1
    while j < layout.tail and not texts[j]:
        j += 1
    found, centred = None, any(b.align for b in blocks)
    if j < layout.tail and j not in layout.drop and not _ATTACHED.fullmatch(texts[j]):
        found = _title_lines(blocks, texts[: layout.tail], j, centred)
    if found is not None and not centred:  # no layout to go by (a PDF): the one line under the label
        found = normal(blocks[j].text), j + 1
    if found is not None:
        title, end = found
        layout.heading_texts[i] = f"{texts[i]}：{title}"
        layout.joined.update(range(i + 1, end))
    if found is not None or texts[i] != "附件":
        layout.headings[i] = 2
