"""The parts of an official document (公文) laid out by GB/T 9704-2012, found in its paragraphs.

版头 (份号, 密级, 紧急程度, 发文机关标志, then the 发文字号 under it), 标题, 主送机关, 正文 with its
heading levels (一、 / （一）), 附件说明, 发文机关署名 and 成文日期 (above the seal), 附注 such as
（此件公开发布）, attached documents (附件1 …), and the 版记 (抄送, 印发机关和印发日期).

Works on plain paragraphs with what the source tells of their layout (alignment from Word; nothing
from a PDF's text layer), so both importers share it. What is not found is said, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """One paragraph (or table) of the document, in order."""

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
    title: str | None = None
    doc_no: str | None = None
    written: dt.date | None = None
    signer: str | None = None
    masthead: str | None = None
    salutation: int | None = None
    summary: int | None = None  # the first paragraph of the 正文 proper
    named_attachments: list[str] = field(default_factory=list)
    #: Reasons the document must not be published: a 密级 mark, （此件不予公开）.
    refusals: list[str] = field(default_factory=list)

    def body(self) -> list[int]:
        """Indexes of the blocks that make the record's body."""
        return [i for i in range(self.head, self.tail) if i not in self.drop]


_SPACE = re.compile(r"[\s\u3000]+")
_DOC_NO = re.compile(
    r"(?P<org>[\u4e00-\u9fffA-Za-z]{1,20})[〔\[［(（【](?P<year>(?:19|20)\d{2})[〕\]］)）】]第?(?P<n>\d{1,5})号"
)
_SIGNED_BY = re.compile(r"签发人[:：]")
_DIGITS = "〇一二三四五六七八九"
_CN_NUM = "[〇零一二三四五六七八九十]"
_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_CN_DATE = re.compile(rf"(?P<y>[〇零一二三四五六七八九]{{4}})年(?P<m>{_CN_NUM}{{1,2}})月(?P<d>{_CN_NUM}{{1,3}})日")
_SECRET = re.compile(r"^(绝密|机密|秘密)(★.*)?$|(绝密|机密|秘密)★")
_URGENCY = re.compile(r"^(特急|加急|特提|平急)$")
_NOTE = re.compile(r"^[（(]此件(?P<how>[^）)]{1,12})[）)]$")
_LEVEL2 = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_LEVEL3 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
_ATTACHED = re.compile(r"^附件\d{0,2}$")  # the label over an attached document
_ATTACH_NOTE = re.compile(r"^附件[:：](?:\d{1,2}[.．、])?(?P<name>.+)$")
_ATTACH_MORE = re.compile(r"^\d{1,2}[.．、](?P<name>.+)$")
_RECORD_TAIL = re.compile(r"^(抄送|抄报|分送|主送)[:：]|印发$|^[（(]共印\d+份[）)]$")
_SENTENCE_END = "。！？；"


def compact(text: str) -> str:
    """`text` without any space (full-width included): how layout lines compare."""
    return _SPACE.sub("", text)


def doc_no(text: str) -> str | None:
    """The 发文字号 a line consists of (a 签发人 after it allowed), with the year in 〔〕."""
    line = _SIGNED_BY.split(compact(text))[0]
    m = _DOC_NO.fullmatch(line)
    return f"{m['org']}〔{m['year']}〕{int(m['n'])}号" if m else None


def date_of(text: str) -> dt.date | None:
    """The date a line consists of: 2024年6月28日 or 二〇二四年六月二十八日."""
    line = compact(text)
    m = _DATE.fullmatch(line)
    try:
        if m:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        m = _CN_DATE.fullmatch(line)
        if m:
            year = int("".join(str(_DIGITS.index("〇" if c == "零" else c)) for c in m["y"]))
            return dt.date(year, _small_number(m["m"]), _small_number(m["d"]))
    except ValueError:  # 2月30日
        return None
    return None


def _small_number(text: str) -> int:
    # 十 = 10, 十二 = 12, 二十 = 20, 二十八 = 28, 三十一 = 31
    if "十" not in text:
        return _DIGITS.index(text)
    tens, _, units = text.partition("十")
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(units) if units else 0)


def recognise(blocks: list[Block], genres: tuple[str, ...] = ()) -> Layout:
    """Find the parts of the document in `blocks`."""
    layout = Layout(tail=len(blocks))
    texts = [compact(b.text) for b in blocks]
    _refusals(texts, layout)
    _head(blocks, texts, layout)
    _title(blocks, texts, layout, genres)
    _tail(texts, layout)
    end = _attached_documents(texts, layout)
    _signature(blocks, texts, layout, end)
    _body(blocks, texts, layout, end)
    return layout


def _refusals(texts: list[str], layout: Layout) -> None:
    for text in texts[:8]:
        if _SECRET.search(text):
            layout.refusals.append(f"文件标有密级“{text}”：涉密文件不得公开发布。")
            break
    for text in texts:
        m = _NOTE.fullmatch(text)
        if m and "不予公开" in m["how"]:
            layout.refusals.append(f"文件的附注写明“{text}”。")


def _head(blocks: list[Block], texts: list[str], layout: Layout) -> None:
    """版头: everything down to the 发文字号; without one, a masthead line ending in 文件."""
    for i, text in enumerate(texts[:12]):
        number = doc_no(text)
        if number:
            layout.doc_no, layout.head = number, i + 1
            layout.masthead = _masthead(texts[:i])
            return
    for i, text in enumerate(texts[:6]):
        if text.endswith("文件") and len(text) <= 30 and (blocks[i].align == "center" or i < 3):
            layout.head, layout.masthead = i + 1, text
            return
        if text and not (_SECRET.search(text) or _URGENCY.fullmatch(text) or text.isdigit()):
            return


def _masthead(texts: list[str]) -> str | None:
    lines = [t for t in texts if t and not (_SECRET.search(t) or _URGENCY.fullmatch(t) or t.isdigit())]
    return lines[-1] if lines else None


def _title(blocks: list[Block], texts: list[str], layout: Layout, genres: tuple[str, ...]) -> None:
    """标题: the centred lines after the 版头 (Word); without layout, the lines down to the 主送机关."""
    i = layout.head
    while i < len(texts) and not texts[i]:
        i += 1
    lines = []
    aligned = any(b.align for b in blocks)
    while i < len(texts) and len(lines) < 4:
        text = texts[i]
        if not text:
            if lines:
                break
            i += 1
            continue
        if blocks[i].table or _ends_sentence(text) or text.endswith(("：", ":")):
            break
        if aligned and blocks[i].align != "center":
            break
        lines.append(text)
        i += 1
    title = "".join(lines)
    if not lines or len(title) > 120:
        return
    if not aligned and not (i < len(texts) and texts[i].endswith(("：", ":"))) and not _titled(title, genres):
        return  # no layout to go by, no 主送机关 under it, no 文种 at its end: not surely a title
    layout.title, layout.head = title, i
    if i < len(texts) and texts[i].endswith(("：", ":")) and len(texts[i]) <= 80:
        layout.salutation = i


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


def _attached_documents(texts: list[str], layout: Layout) -> int:
    """Where documents attached after the signature begin (附件1 on a line of its own), else the tail."""
    for i in range(layout.head, layout.tail):
        if _ATTACHED.fullmatch(texts[i]):
            return i
    return layout.tail


def _signature(blocks: list[Block], texts: list[str], layout: Layout, end: int) -> None:
    """成文日期: the last line that is a date alone, before any attached document; 署名 just above."""
    for i in range(end - 1, layout.head - 1, -1):
        if not texts[i] or i in layout.drop:
            continue
        date = date_of(texts[i])
        if date is None:
            if _ends_sentence(texts[i]) and blocks[i].align != "right":
                return  # back in the text: no date at the foot of this document
            continue
        layout.written = date
        above = next((j for j in range(i - 1, layout.head - 1, -1) if texts[j]), None)
        if above is not None and len(texts[above]) <= 40 and not _ends_sentence(texts[above]):
            layout.signer = texts[above]
        return


def _body(blocks: list[Block], texts: list[str], layout: Layout, end: int) -> None:
    """Heading levels, the 附件说明, and the first paragraph of the text proper."""
    for i in range(layout.head, layout.tail):
        text = texts[i]
        if blocks[i].table or not text or i in layout.drop:
            continue
        if i >= end:
            if _ATTACHED.fullmatch(text):
                layout.headings[i] = 2
            continue
        if len(text) <= 40 and "。" not in text[:-1]:
            if _LEVEL2.match(text):
                layout.headings[i] = 2
            elif _LEVEL3.match(text):
                layout.headings[i] = 3
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
