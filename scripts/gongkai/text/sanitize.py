"""Record bodies are untrusted: their HTML is cleaned, and the clerk is told what will be removed.

The rendered HTML of every record page goes through nh3 (the Rust `ammonia` sanitiser) with an
allowlist of what documents need: tables with merged cells, sub/sup, line breaks, images, links.
Scripts, event handlers, `javascript:`/`data:` URLs, iframes, forms and styles are removed.
Markdown's attribute lists (`{: onclick=... }`) are covered too, as they end up in that HTML.

`findings` reads the Markdown source for the same things, so that each removal becomes a warning
with the file and line, before the build quietly drops it.
"""

from __future__ import annotations

import html
import re

import nh3

from gongkai.text import plaintext
from gongkai.text.bodylinks import lines_outside_code

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "wbr",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "aria-label", "aria-current", "aria-hidden", "role"},
    "a": {"href", "download", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "headers", "align"},
    "th": {"colspan", "rowspan", "headers", "scope", "align", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "div": {"tabindex"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
#: Removed with their content, not just unwrapped.
DROP_WITH_CONTENT = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "noscript", "template"}


_RISKY = re.compile(
    # (&#106;avascript: in a Markdown link is a javascript: link to the browser: references count too.)
    # (A heading's text with __ may make its id the theme's own, as `## __config` or `## \_\_config`
    # makes #__config.)
    r"[<{]|&#|&[a-z][a-z0-9]*;|(?:javascript|vbscript|data):|!\[[^\]]*\]\(\s*<?\s*(?:https?:)?//|\\?_\\?_",
    re.I,
)
#: An image from another host: the page policy would block it, and a government page may not
#: depend on other hosts (intranets block them), so its `src` is removed and the clerk told.
_OUTSIDE = re.compile(r"\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def needs_cleaning(markdown: str) -> bool:
    """Whether Markdown can produce anything the allowlist would remove.

    Without raw HTML (`<`), attribute lists (`{`), character references, script-like URLs and `__`
    (a heading's id), Python-Markdown only emits the tags it knows with ids of ours, so the sanitiser
    has nothing to do (and 10,000 pages build faster).
    """
    return _RISKY.search(markdown) is not None


def clean(html: str) -> str:
    """`html` with only the allowed tags, attributes and URL schemes left."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_attribute,
    )


def _attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and _OUTSIDE.match(value):
        return None  # an image from another host
    if attribute == "tabindex":
        return value if value == "0" else None  # a scrolling box reachable by Tab; never a jump in its order
    if attribute == "id" and value.strip().startswith("__"):
        return None  # the theme's own elements (#__config, #__drawer, #__search…): a body may not stand in for them
    return value


#: A tag as a clerk writes one. Its attributes stop at a `<` outside quotes: with `[^>"']` a line of
#: `<a ` repeated (a tag never closed) was read to its end from every `<`, in time growing with
#: the square of its length (90 KB: 66 s of gongkai check).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR_LIST = re.compile(r"\{:?\s*([^{}]*)\}")
_HANDLER = re.compile(r"(?:^|\s)(on[a-z]+)\s*=", re.I)
_STYLE = re.compile(r"(?:^|\s)style\s*=", re.I)
_THEME_ID = re.compile(r"(?:^|\s)(?:id\s*=\s*[\"']?\s*|#)__", re.I)
_BAD_URL = re.compile(r"(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*(javascript|vbscript|data):", re.I)
_MD_BAD_URL = re.compile(r"\](?:\(|:)\s*<?\s*(javascript|vbscript|data):", re.I)
_INLINE_CODE = re.compile(r"`+[^`]*`+")
_OUTSIDE_IMAGE = re.compile(
    r"(?:!\[[^\]]*\]\(\s*<?\s*|<img\b[^>]*?\ssrc\s*=\s*[\"']?\s*)((?:https?:)?//[^\s\"'<>)/]{1,60})", re.I
)

_WHY = {
    "script": "网页不允许脚本",
    "style": "样式由网站统一设定",
    "iframe": "网页不嵌入其他网页",
    "frame": "网页不嵌入其他网页",
    "object": "网页不嵌入插件",
    "embed": "网页不嵌入插件",
    "form": "静态网站不能提交表单",
    "input": "静态网站不能提交表单",
    "button": "静态网站不能提交表单",
    "textarea": "静态网站不能提交表单",
    "select": "静态网站不能提交表单",
}


#: A tag begun and never ended: `<` and a name, then no `>` before the next `<` or the line's end.
_UNENDED_TAG = re.compile(r"<[A-Za-z][^<>\n]*(?=<|\n|$)")
#: More of them than a clerk's text holds (a formula's a<b is one): Python-Markdown reads such a body
#: in time growing with the square of their number (30,000 took 76 s to convert, twice a build).
MAX_UNENDED_TAGS = 200


def unended_tags(body: str) -> tuple[int, int] | None:
    """(how many, the 0-based line of the first) when a body holds more than MAX_UNENDED_TAGS."""
    if body.count("<") <= MAX_UNENDED_TAGS:
        return None  # the common case, at C speed: every record body passes here
    found = _UNENDED_TAG.findall(body)
    if len(found) <= MAX_UNENDED_TAGS:
        return None
    first = _UNENDED_TAG.search(body)
    return len(found), body.count("\n", 0, first.start())


#: `[` open at once in one paragraph: Python-Markdown looks for each one's `]` through the rest of
#: the paragraph, so its time grows with their square, whether they are closed later (nested) or
#: never (8,000 took 9 s, 100,000 hours). A clerk's text has a few.
MAX_UNCLOSED_BRACKETS = 200


def unclosed_brackets(body: str) -> tuple[int, int] | None:
    """(how many, the 0-based line where the paragraph starts) for the first paragraph outside code
    where more than MAX_UNCLOSED_BRACKETS `[` are open at once (nested, or never closed). A `]`
    escaped or in a code span closes nothing to Python-Markdown, and nothing here."""
    if body.count("[") <= MAX_UNCLOSED_BRACKETS:
        return None  # the common case, at C speed
    first = last = None
    paragraph: list[str] = []
    for n, line in [*lines_outside_code(body), (-1, "")]:
        # A paragraph ends at a blank line, at a code block (lines skipped) and at the end.
        if first is not None and (not line.strip() or n != last + 1):
            peak = _peak("\n".join(paragraph))
            if peak > MAX_UNCLOSED_BRACKETS:
                return peak, first
            first, paragraph = None, []
        if not line.strip():
            continue
        if first is None:
            first = n
        last = n
        paragraph.append(line)
    return None


_CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.S)  # Python-Markdown's backtick pattern


def _peak(text: str) -> int:
    """The most `[` open at once in `text`."""
    if text.count("[") <= MAX_UNCLOSED_BRACKETS:
        return 0
    text = _CODE_SPAN.sub(lambda m: m.group().replace("]", ""), text).replace("\\]", "")
    opened = peak = 0
    for ch in text:
        if ch == "[":
            opened += 1
            peak = max(peak, opened)
        elif ch == "]" and opened:
            opened -= 1
    return peak


#: What stalls a body's conversion: (the test, giving (how many, the 0-based line) or None; the
#: message for that many; the fix).
_STALLS = (
    (
        unended_tags,
        "正文中有 {} 个没有写完的 HTML 标记（< 后面没有 >）：这样的正文转换成网页要很长时间，生成网站会因此停顿。",
        "删掉多余的 <；正文里要写小于号时用全角的 ＜，或写成文字“小于”。",
    ),
    (
        unclosed_brackets,
        "正文这一段有 {} 个方括号 [ 同时没有配对（没有写 ] 或层层套在一起）："
        "这样的正文转换成网页要很长时间，生成网站会因此停顿。",
        "删掉多余的 [，或把这一段分成几段；要写方括号时成对地写 [ ]，或用全角的 【 】。",
    ),
)


def refusals(body: str) -> list[tuple[int, str, str]]:
    """(0-based line, message, fix) of what a Markdown body may not hold at all: what stalls its
    conversion (tags never ended, brackets open at once) and what reorders its digits unseen.
    Errors of the check and the build, for a record's body and a report's alike."""
    out = []
    for test, message, fix in _STALLS:
        found = test(body)
        if found is not None:
            count, n = found
            out.append((n, message.format(count), fix))
    found = plaintext.disordering(body)
    if found is not None:
        n, which = found
        out.append((n, f"正文含有看不见的字符 {which}{plaintext.DISORDERING_WHY}", plaintext.DISORDERING_FIX))
    return out


def findings(body: str) -> list[tuple[int, str, str]]:
    """(0-based line, what will be removed, what to do) for each unsafe thing in a Markdown body."""
    out: list[tuple[int, str, str]] = []
    for n, line in lines_outside_code(body):
        text = _INLINE_CODE.sub("", line)
        for tag in _TAG.finditer(text):
            closing, name, attrs = tag.group(1), tag.group(2).lower(), tag.group(3)
            if closing or (attrs and not attrs[0].isspace() and attrs[0] != "/"):
                continue  # a closing tag, or an autolink such as <https://…> or <name@host>
            if name not in TAGS:
                why = _WHY.get(name, "网页只保留常用的文档标签")
                content = "连同其中的内容" if name in DROP_WITH_CONTENT else "（其中的文字保留）"
                out.append((n, f"正文中的 <{name}> 标签会被删除{content}：{why}。", _hint(name)))
            out += [(n, message, hint) for message, hint in _attribute_findings(attrs, f"正文中 <{name}> 标签的")]
        for attr_list in _ATTR_LIST.finditer(text):
            found = _attribute_findings(attr_list.group(1), "正文属性列表 {: } 中的")
            out += [(n, message, hint) for message, hint in found]
        for image in _OUTSIDE_IMAGE.finditer(text):
            out.append((n, f"正文中的图片 {image.group(1)}… 来自其他网站，网页不会显示它：网页不加载其他网站的内容。",
                        "把图片保存到本记录的 files/ 文件夹，链接写 files/图片名.png。"))  # fmt: skip
        # A reference definition ([x]: javascript:…) and character references (&#106;avascript:) too.
        for bad in _MD_BAD_URL.finditer(html.unescape(text)):
            out.append(
                (n, f"正文中的 {bad.group(1)}: 链接会被删除：网页不允许这类链接。", "链接写 https:// 网址或本站文件。")
            )
    return out


def _attribute_findings(attrs: str, where: str) -> list[tuple[str, str]]:
    out = []
    for handler in _HANDLER.finditer(attrs):
        out.append((f"{where} {handler.group(1)} 事件会被删除：网页不允许脚本。", "删掉这个属性。"))
    if _STYLE.search(attrs):
        out.append(
            (f"{where} style 样式会被删除：样式由网站统一设定。", "删掉 style；表格、加粗等请用 Markdown 写法。")
        )
    if _THEME_ID.search(attrs):
        out.append((f"{where} id（以 __ 开头）会被删除：这是网站主题自己的元素用的名称。", "换一个不以 __ 开头的 id。"))
    for bad in _BAD_URL.finditer(html.unescape(attrs)):
        out.append((f"{where} {bad.group(1)}: 链接会被删除：网页不允许这类链接。", "链接写 https:// 网址或本站文件。"))
    return out


def _hint(name: str) -> str:
    if name in ("font", "center", "big", "strike", "tt"):
        return "删掉这个标签；加粗、标题、表格请用 Markdown 写法。"
    if name in ("iframe", "frame", "object", "embed"):
        return "改为普通链接：[名称](https://网址)。"
    if name in ("form", "input", "button", "textarea", "select"):
        return "删掉表单；需要收集意见时写明联系方式或电子邮箱。"
    return "删掉这个标签。"
