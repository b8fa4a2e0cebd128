"""CJK radicals that stand for ideographs: the text layer of many PDFs (a Chinese font whose
glyphs of 青, 文, 人民 are mapped to the radicals' code points) holds ⻘, ⽂, ⼈⺠. A reader sees the
ideographs; search, the checks and the clerk's edits see other characters.

The Kangxi Radicals (U+2F00–2FD5) fold to their ideographs by NFKC. The CJK Radicals Supplement
(U+2E80–2EFF) has no such decomposition (but two): its equivalents are those of Unicode's
EquivalentUnifiedIdeograph.txt (Unicode Character Database 14.0, by Ken Lunde), U+2E81–U+2EF3,
written below as `radical[..last]:ideograph` in hexadecimal. (U+2E80 and U+2E9A have none.)
"""

from __future__ import annotations

import re
import unicodedata

_SUPPLEMENT = (
    "2E81:5382 2E82:4E5B 2E83:4E5A 2E84:4E59 2E85:4EBB 2E86:5182 2E87:20628 2E88:5200 2E89:5202 "
    "2E8A:535C 2E8B:353E 2E8C..2E8D:5C0F 2E8E:5140 2E8F:5C23 2E90:5C22 2E91:21BC2 2E92:5DF3 "
    "2E93:5E7A 2E94:5F51 2E95:5F50 2E96:5FC4 2E97:5FC3 2E98:624C 2E99:6535 2E9B:65E1 2E9C:65E5 "
    "2E9D:6708 2E9E:6B7A 2E9F:6BCD 2EA0:6C11 2EA1:6C35 2EA2:6C3A 2EA3:706C 2EA4..2EA5:722B 2EA6:4E2C "
    "2EA7:725B 2EA8:72AD 2EA9:738B 2EAA:24D14 2EAB:76EE 2EAC:793A 2EAD:793B 2EAE:25AD7 2EAF:7CF9 "
    "2EB0:7E9F 2EB1:7F53 2EB2:7F52 2EB3:34C1 2EB4:5197 2EB5:2626B 2EB6:7F8A 2EB7:2634C 2EB8:2634B "
    "2EB9:8002 2EBA:8080 2EBB:807F 2EBC:8089 2EBD:26951 2EBE..2EC0:8279 2EC1:864E 2EC2:8864 "
    "2EC3:8980 2EC4:897F 2EC5:89C1 2EC6:89D2 2EC7:278B2 2EC8:8BA0 2EC9:8D1D 2ECA:27FB7 2ECB:8F66 "
    "2ECC..2ECE:8FB6 2ECF:9091 2ED0:9485 2ED1:9577 2ED2:9578 2ED3:957F 2ED4:95E8 2ED5:28E0F "
    "2ED6:961D 2ED7:96E8 2ED8:9752 2ED9:97E6 2EDA:9875 2EDB:98CE 2EDC:98DE 2EDD:98DF 2EDE:2967F "
    "2EDF:98E0 2EE0:9963 2EE1:29810 2EE2:9A6C 2EE3:9AA8 2EE4:9B3C 2EE5:9C7C 2EE6:9E1F 2EE7:5364 "
    "2EE8:9EA6 2EE9:9EC4 2EEA:9EFE 2EEB:6589 2EEC:9F50 2EED:6B6F 2EEE:9F7F 2EEF:7ADC 2EF0:9F99 "
    "2EF1:9F9C 2EF2:4E80 2EF3:9F9F "
)


def _table() -> dict[int, str]:
    out = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
    for row in _SUPPLEMENT.split():
        first, _, ideograph = row.partition(":")
        start, _, end = first.partition("..")
        for c in range(int(start, 16), int(end or start, 16) + 1):
            out[c] = chr(int(ideograph, 16))
    return out


#: Radical -> its ideograph, for str.translate.
TABLE = _table()
_RADICAL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(TABLE)) + "]")


def unified(text: str) -> str:
    """`text` with every radical that stands for an ideograph written as that ideograph."""
    return text.translate(TABLE) if _RADICAL.search(text) else text


def found(text: str) -> list[tuple[str, str]]:
    """The radicals of `text` that stand for ideographs, each once, in order: (radical, ideograph)."""
    return [(r, TABLE[ord(r)]) for r in dict.fromkeys(_RADICAL.findall(text))]


def said(pairs: list[tuple[str, str]]) -> str:
    """How a message names them: ⻘（应为“青”）、⽂（应为“文”）."""
    return "、".join(f"{r}（应为“{c}”）" for r, c in pairs)


#: Why a record's text should not hold them, and the fix.
WHY = "：看起来和汉字一样，网站搜索这些汉字却找不到它们，读屏软件也可能读错。"
FIX = (
    "把它们换成通用汉字：用编辑器的“查找和替换”逐个替换，或从 Word 原件重新复制"
    "（从 PDF 复制出的文字常带有这种字符；gongkai import 导入 PDF 时会自动换好）。"
)
