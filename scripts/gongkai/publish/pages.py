"""Page texts: the Markdown of every generated page, from the catalog alone."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass

from gongkai.model.records import Record
from gongkai.model.schema import FIELD_BY_KEY
from gongkai.model.taxonomy import Category
from gongkai.model.urls import Urls, relative
from gongkai.portal.catalog import Catalog
from gongkai.sitesearch.search import SUPERSEDED_FACTOR, AgencyNames, filter_choices, synonym_keys
from gongkai.sitesearch.search import meta_weights as search_weights
from gongkai.sitesearch.search import parts as search_parts
from gongkai.text.bodylinks import rewrite
from gongkai.text.sanitize import needs_cleaning

LATEST_MARKER = "<!-- gongkai:latest -->"
CATALOGUE_MARKER = "<!-- gongkai:catalogue -->"
#: The 信息索引 box of a record page, row by row (a row of one field spans the box), each field
#: under its schema label; the browser editor's preview lays it out the same way.
META_BOX = (("index_no", "topic"), ("agency", "written"), ("title",), ("doc_no", "published"), ("validity", "keywords"))


@dataclass(frozen=True)
class PageText:
    """A generated page: where it lives, its Markdown, the date it last changed."""

    src_uri: str
    markdown: str
    updated: dt.date | None
    in_nav: bool = False


def book_title(title: str) -> str:
    """《title》, with 《》 inside the title turned into 〈〉 as nested titles are written."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


def md_text(text: str) -> str:
    """Escape text for inline Markdown (titles can hold * _ [ ] | < &)."""
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]{}|#!])", r"\\\1", text)


def page_front(title: str, description: str = "", **extra) -> str:
    # Material prints meta title and description into HTML unescaped (<title>, header, content="…"):
    # they are record text, so they go in as HTML-escaped text.
    meta = {"title": html.escape(title)}
    if description:
        meta["description"] = html.escape(description)
    meta.update(extra)
    # JSON is YAML: quoting stays right whatever the title holds.
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items()) + "---\n\n"


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def summary_of(record: Record) -> str:
    """内容概述: the record's own, or the body's first paragraph as plain text."""
    if record.summary:
        return record.summary
    for block in re.split(r"\n\s*\n", record.body.strip()):
        block = block.strip()
        if not block or block.startswith(("#", "|", "!!!", "<", "```", "- ", "* ", "1. ")):
            continue
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", block)
        text = re.sub(r"(?m)^\s*>\s?", "", text)  # quote marks, not the > in the text
        text = re.sub(r"[*_`]", "", text)
        text = " ".join(text.split())
        return text[:120] + ("……" if len(text) > 120 else "")
    return ""


class PageBuilder:
    """Builds every generated page of a site."""

    def __init__(self, catalog: Catalog, feeds: bool = False):
        self.cat = catalog
        self.urls = Urls(catalog.settings.url_prefix)
        self.per_page = catalog.settings.per_page
        self.newest = catalog.records[0].published if catalog.records else None
        #: Whether Atom feeds are written (they need the site's absolute URL, see gongkai.publish.feeds).
        self.feeds = feeds

    def all_pages(self) -> list[PageText]:
        pages = [self.catalogue(), self.agency_index(), self.year_index(), self.site_map()]
        pages += [self.record(r) for r in self.cat.records]
        tax = self.cat.taxonomy
        for c in tax.all_categories():
            pages += self.listing(self.urls.category, c, c.name, self.cat.by_category(c), self._subcats(c))
        for a in tax.agencies:
            pages += self.listing(self.urls.agency, a, a.name, self.cat.by_agency(a), with_agency=False)
        for y in self.cat.years():
            pages += self.listing(self.urls.year, y, f"{y}年", self.cat.by_year(y))
        return pages

    # -- record page -----------------------------------------------------------
    def record(self, r: Record) -> PageText:
        uri = self.urls.record(r)
        out = [
            page_front(
                r.title,
                summary_of(r),
                published=r.published.isoformat(),
                agency=r.agency.name,
                column=r.category.name,
                keywords=",".join(r.keywords),
            ),
            self.breadcrumb(r, uri),
            f"# {md_text(r.title)}\n\n",
        ]
        # The notice comes first: on a phone the metadata box is a screen long.
        if r.scheduled:
            out.append(
                f'!!! warning "未发布"\n    本文定于 {r.published.isoformat()} 发布。这是本地预览（mkdocs serve），'
                "正式网站在那一天之前没有这一页。\n\n"
            )
        if not r.is_valid:
            out.append(self._banner(r, uri))
        target = self.cat.interpreted(r)
        if target is not None:
            link = f"[{md_text(book_title(target.title))}]({relative(uri, self.urls.record(target))})"
            out.append(f'!!! info "政策解读"\n    本文是对{link}的解读。\n\n')
        out += [self.meta_box(r), "\n"]
        body = (rewrite(r.body, self.body_destinations(r, uri)) if r.body_targets else r.body).strip("\n")
        if body:
            out.append(f"{body}\n\n")
        if r.attachments:
            out.append("## 附件\n\n")
            for a in r.attachments:
                link = relative(uri, self.urls.attachment(r, a))
                # A Chinese file name is published as attachment-N.ext; the browser saves it under its own name.
                original = a.path.name.replace('"', "＂")
                save_as = "" if a.path.name == a.name else f'{{: download="{original}" }}'
                out.append(f"- [{md_text(a.title)}]({link}){save_as}（{a.kind}，{_size(a.size)}）\n")
            out.append("\n")
        related = []
        for doc in self.cat.interpretations_of(r):
            related.append(("政策解读", doc))
        for doc in self.cat.replaced_by(r):
            related.append(("本文件替代", doc))
        if related:
            out.append("## 相关文件\n\n")
            for kind, doc in related:
                out.append(
                    f"- {kind}：[{md_text(doc.title)}]({relative(uri, self.urls.record(doc))})（{doc.published}）\n"
                )
            out.append("\n")
        return PageText(uri, "".join(out), r.published)

    def body_destinations(self, r: Record, uri: str) -> dict[str, str]:
        """Where the body's local links point on the site: the published file or record page."""
        out = {}
        for target, (path, fragment, _) in r.body_targets.items():
            other = self.cat.by_path.get(path)
            if other is not None:
                out[target] = relative(uri, self.urls.record(other)) + fragment
            elif (published := r.file_at(path)) is not None:
                out[target] = relative(uri, self.urls.attachment(r, published)) + fragment
        return out

    def untrusted_uris(self) -> set[str]:
        """The pages with a clerk's Markdown that could carry markup to remove (see
        sanitize.needs_cleaning): record bodies and the narrative of the annual reports."""
        records = {self.urls.record(r) for r in self.cat.records if needs_cleaning(r.body)}
        return records | {self.urls.report(r.slug) for r in self.cat.reports}

    def crumbs(self, r: Record) -> list[tuple[str, str]]:
        """The catalogue and the record's category path: (name, src_uri) from the top down."""
        c = r.category
        chain = [c] if c.parent is None else [c.parent, c]
        return [("信息公开目录", self.urls.catalogue())] + [(x.name, self.urls.category(x)) for x in chain]

    def breadcrumb(self, r: Record, uri: str) -> str:
        """当前位置: the catalogue and the record's category path, as Chinese government sites show it."""
        links = " › ".join(f"[{md_text(name)}]({relative(uri, target)})" for name, target in self.crumbs(r))
        return f'<nav class="gk-crumbs" aria-label="当前位置" markdown="span">当前位置：{links}</nav>\n\n'

    def meta_box(self, r: Record) -> str:
        """The 信息索引 box, as on gov.cn: two label/value pairs a row."""

        def cell(label, value, wide=False):
            v = html.escape(value) if value else "—"
            span = ' colspan="3"' if wide else ""
            return f'<th scope="row">{label}</th><td{span}>{v}</td>'

        values = {
            "index_no": r.index_no,
            "topic": r.topic_display or "",
            "agency": r.agency.name,
            "written": _cn_date(r.written),
            "title": r.title,
            "doc_no": r.doc_no or "",
            "published": _cn_date(r.published),
            "validity": r.validity,
            "keywords": "、".join(r.keywords),
        }
        rows = ["".join(cell(FIELD_BY_KEY[k].label, values[k], wide=len(row) == 1) for k in row) for row in META_BOX]
        body = "".join(f"<tr>{row}</tr>" for row in rows)
        return f'<table class="gk-meta" aria-label="信息索引"><tbody>{body}</tbody></table>\n'

    def _banner(self, r: Record, uri: str) -> str:
        text = f"本文件已于{_cn_date(r.abolished)}{r.validity}，仅供查阅。"
        succ = self.cat.successor(r)
        if succ is not None:
            text += f"现行文件：[{md_text(book_title(succ.title))}]({relative(uri, self.urls.record(succ))})。"
        return f'!!! danger "本文件已{r.validity}"\n    {text}\n\n'

    # -- index pages -----------------------------------------------------------
    def _subcats(self, c: Category) -> list[Category]:
        return c.children

    def listing(
        self, url_of, key, title: str, records: list[Record], children=(), with_agency: bool = True
    ) -> list[PageText]:
        n = self.per_page
        total = len(records)
        pages = max(1, -(-total // n))
        out = []
        for page in range(1, pages + 1):
            uri = url_of(key, page)
            chunk = records[(page - 1) * n : page * n]
            heading = title if page == 1 else f"{title}（第 {page} 页）"
            # No headings to list: give the table the width of the table of contents.
            front = page_front(heading, hide=["toc"])
            if url_of == self.urls.category and self.feeds:  # the category's own feed, linked in <head>
                front = page_front(heading, hide=["toc"], feed=self.urls.feed(key))
            text = [front, f"# {md_text(title)}\n\n"]
            if children:
                links = " · ".join(
                    f"[{md_text(c.name)}]({relative(uri, self.urls.category(c))})（{len(self.cat.by_category(c))}）"
                    for c in children
                )
                text.append(f"子栏目：{links}\n\n")
            if not chunk:
                text.append("本栏目暂无信息。\n")
            else:
                text.append(f"共 {total} 条" + (f"，第 {page} / {pages} 页" if pages > 1 else "") + "。\n\n")
                text.append(self.table(uri, chunk, with_agency))
                if pages > 1:
                    text.append(self.pager(url_of, key, uri, page, pages))
            updated = chunk[0].published if chunk else self.newest
            out.append(PageText(uri, "".join(text), updated))
        return out

    def table(self, uri: str, records: list[Record], with_agency: bool = True) -> str:
        """Newest first; on phones only title and date stay visible (see gongkai.css)."""
        head = ["标题", "索引号", *(["发布机构"] if with_agency else []), "发布日期"]
        rows = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        for r in records:
            mark = "" if r.is_valid else f"（{r.validity}）"
            cells = [f"[{md_text(r.title)}]({relative(uri, self.urls.record(r))}){mark}", r.index_no]
            if with_agency:
                cells.append(md_text(r.agency.name))
            cells.append(r.published.isoformat())
            rows.append("| " + " | ".join(cells) + " |")
        return '<div class="gk-list" markdown="1">\n\n' + "\n".join(rows) + "\n\n</div>\n\n"

    def pager(self, url_of, key, uri: str, page: int, pages: int) -> str:
        def link(p, label):
            return f"[{label}]({relative(uri, url_of(key, p))})"

        parts = []
        if page > 1:
            parts.append(link(page - 1, "上一页"))
        window = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
        last = 0
        for p in window:
            if p - last > 1:
                parts.append("…")
            parts.append(f'<span aria-current="page">{p}</span>' if p == page else link(p, str(p)))
            last = p
        if page < pages:
            parts.append(link(page + 1, "下一页"))
        return '<nav class="gk-pager" aria-label="分页" markdown="span">' + " ".join(parts) + "</nav>\n"

    # -- search ------------------------------------------------------------------
    def search_page(self) -> PageText:
        """站内搜索: the results page the header's box sends its query to (filled in by gongkai/search.js)."""
        uri = self.urls.search()
        root = relative(uri, "index.md").removesuffix("index.md") or "./"
        catalogue = relative(uri, self.urls.catalogue())
        # The choices are written here, not fetched: their counts come with Pagefind's filter files,
        # which the page loads only when a reader reaches for a filter (gongkai/search.js).
        filters = "".join(
            f'<label>{name}<select name="{name}" data-gk-filter><option value="">全部</option>'
            + "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values)
            + "</select></label>"
            for name, values in filter_choices(self.cat.records, self.cat.taxonomy).items()
        )
        agency_keys = AgencyNames.of([a.name for a in self.cat.taxonomy.agencies]).keys()
        html_text = (
            f'<div class="gk-results" data-gk-search data-root="{root}" data-bundle="{root}pagefind/"'
            f' data-records="{len(self.cat.records)}"'
            f' data-parts="{search_parts(len(self.cat.records), self.cat.settings.search_part_size)}"'
            f' data-weights="{html.escape(search_weights())}" data-superseded="{SUPERSEDED_FACTOR}"'
            f' data-synonyms="{html.escape(synonym_keys(self.cat.synonyms))}"'
            f' data-agencies="{html.escape(agency_keys)}">'
            '<form class="gk-results__form" role="search" aria-label="本页搜索条件">'
            '<input type="search" name="q" aria-label="搜索词" placeholder="标题、正文中的词语，或索引号、发文字号">'
            '<button type="submit">搜索</button></form>'
            f'<div class="gk-results__filters">{filters}'
            '<label>排序<select name="sort" data-gk-sort><option value="">按相关程度</option>'
            '<option value="desc">按发布日期（新→旧）</option><option value="asc">按发布日期（旧→新）</option>'
            "</select></label></div>"
            '<p class="gk-results__status" role="status" aria-live="polite"></p>'
            '<ol class="gk-results__list"></ol>'
            '<button class="gk-results__more" type="button" hidden>显示更多结果</button>'
            "</div>"
        )
        text = (
            page_front("站内搜索", hide=["toc", "navigation"])
            + "# 站内搜索\n\n"
            + html_text
            + "\n\n<noscript>站内搜索需要浏览器启用 JavaScript。</noscript>\n\n"
            + f"也可以按栏目、发布机构或年份查找：[政府信息公开目录]({catalogue})。\n"
        )
        return PageText(uri, text, self.newest)

    # -- catalogue and home ------------------------------------------------------
    def catalogue(self) -> PageText:
        uri = self.urls.catalogue()
        text = [
            page_front("政府信息公开目录"),
            "# 政府信息公开目录\n\n",
            f"本站共主动公开政府信息 {len(self.cat.records)} 条。\n\n",
            self.catalogue_tree(uri),
        ]
        return PageText(uri, "".join(text), self.newest, in_nav=True)

    def site_map(self) -> PageText:
        """网站地图: every section of the site (never every record: it stays small at 50,000)."""
        uri, urls = self.urls.site_map(), self.urls
        sections = [("首页", "index.md"), ("政府信息公开目录", urls.catalogue()), ("统计", urls.statistics())]
        if self.cat.reports:  # the 年报 pages exist only then (gongkai/publish/statpages.py)
            sections.append(("政府信息公开工作年度报告", urls.reports()))
        if self.cat.settings.search == "pagefind":
            sections.append(("站内搜索", urls.search()))
        sections.append(("数据下载", urls.data()))
        out = [page_front("网站地图", hide=["toc"]), "# 网站地图\n\n"]
        for name, target in sections:
            out.append(f"- [{name}]({relative(uri, target)})\n")
            if target == urls.reports():
                own = [r for r in self.cat.reports if r.scope is None]  # the agencies' are on the 年报 page
                out += [f"    - [{md_text(r.title)}]({relative(uri, urls.report(r.slug))})\n" for r in own]
        out.append("\n" + self.catalogue_tree(uri))
        return PageText(uri, "".join(out), self.newest)

    def data_page(self, feeds: bool) -> PageText:
        """数据下载: what /data/ holds, and the feeds."""
        uri, urls = self.urls.data(), self.urls
        n = len(self.cat.records)
        out = [
            page_front("数据下载", hide=["toc"]),
            "# 数据下载\n\n",
            f"本站主动公开的全部 {n} 条政府信息的目录（不含正文），供下载、核对和再利用：\n\n",
            f"- [catalog.csv]({relative(uri, urls.data('catalog.csv'))})：表格，Excel、WPS 可直接打开"
            "（UTF-8 编码，带 BOM）。附件一栏每行一个“标题 网址”。\n",
            f"- [catalog.json]({relative(uri, urls.data('catalog.json'))})：同样的内容，JSON 格式，供程序读取；"
            f"格式见 [catalog.schema.json]({relative(uri, urls.data('catalog.schema.json'))})（JSON Schema）。\n\n",
            "每条包括：索引号、标题、发布机构、公开目录分类、主题分类、发布日期、成文日期、发文字号、有效性、网址和附件。"
            "数据随网站每次更新重新生成，按发布日期从新到旧排列。\n\n",
            f"编辑记录用的 [record.schema.json]({relative(uri, urls.data('record.schema.json'))})：记录文件开头"
            "（YAML）的 JSON Schema，含本站的发布机构、栏目和索引号格式，编辑器和工具可据此检查记录。\n\n",
        ]
        if self.cat.reports:
            schema = relative(uri, urls.data("annual/schema.json"))
            out.append(
                "各年政府信息公开工作年度报告的全部数字（表二、表三、表四逐格，按机构分组和栏目的信息条数，"
                f"发布机关，是否已冻结），JSON 格式，格式见 [annual/schema.json]({schema})（JSON Schema）；"
                "上级政府可用 `gongkai aggregate` 把同一年的多份相加：\n\n"
                + "".join(
                    f"- [annual/{r.slug}.json]({relative(uri, urls.report_data(r.slug))})：{md_text(r.title)}\n"
                    for r in self.cat.reports
                )
                + "\n"
            )
        if feeds:
            out.append(
                f"订阅最新信息：[全站 Atom 订阅]({relative(uri, urls.feed())})（最新 50 条）；"
                "每个栏目也有自己的订阅地址，在栏目页上。\n"
            )
        return PageText(uri, "".join(out), self.newest)

    def catalogue_tree(self, uri: str) -> str:
        return (
            "## 按栏目\n\n"
            + self.category_list(uri)
            + "## 按发布机构\n\n"
            + self.agency_list(uri, "###")
            + "## 按年份\n\n"
            + self.year_list(uri)
        )

    def category_list(self, uri: str) -> str:
        cat, urls = self.cat, self.urls
        out = []
        for c in cat.taxonomy.categories:
            out.append(f"- [{md_text(c.name)}]({relative(uri, urls.category(c))})（{len(cat.by_category(c))}）\n")
            for child in c.children:
                out.append(
                    f"    - [{md_text(child.name)}]({relative(uri, urls.category(child))})"
                    f"（{len(cat.by_category(child))}）\n"
                )
        return "".join(out) + "\n"

    def agency_list(self, uri: str, heading: str = "##") -> str:
        tax, cat = self.cat.taxonomy, self.cat
        out = []
        for group in tax.groups():
            out.append(f"{heading} {md_text(group)}\n\n")
            for a in tax.agencies:
                if a.group == group:
                    link = relative(uri, self.urls.agency(a))
                    out.append(f"- [{md_text(a.name)}]({link})（{len(cat.by_agency(a))}）\n")
            out.append("\n")
        return "".join(out)

    def year_list(self, uri: str) -> str:
        cat = self.cat
        return (
            "".join(f"- [{y}年]({relative(uri, self.urls.year(y))})（{len(cat.by_year(y))}）\n" for y in cat.years())
            + "\n"
        )

    def agency_index(self) -> PageText:
        uri = self.urls.agencies()
        text = page_front("按发布机构") + "# 按发布机构\n\n" + self.agency_list(uri)
        return PageText(uri, text, self.newest, in_nav=True)

    def year_index(self) -> PageText:
        uri = self.urls.years()
        text = page_front("按年份") + "# 按年份\n\n" + (self.year_list(uri) if self.cat.records else "暂无信息。\n")
        return PageText(uri, text, self.newest, in_nav=True)

    def latest_list(self, uri: str) -> str:
        items = self.cat.latest(self.cat.settings.home_latest)
        if not items:
            return "暂无信息。\n"
        return (
            "".join(f"- [{md_text(r.title)}]({relative(uri, self.urls.record(r))})　{r.published}\n" for r in items)
            + "\n"
        )

    def fill_home(self, uri: str, markdown: str) -> str:
        """Replace the markers of a hand-written home page with the generated lists."""
        if LATEST_MARKER in markdown:
            markdown = markdown.replace(LATEST_MARKER, self.latest_list(uri))
        if CATALOGUE_MARKER in markdown:
            markdown = markdown.replace(CATALOGUE_MARKER, self.catalogue_entry(uri))
        return markdown

    def catalogue_entry(self, uri: str) -> str:
        urls, cat = self.urls, self.cat
        links = [
            f"[{md_text(c.name)}]({relative(uri, urls.category(c))})（{len(cat.by_category(c))}）"
            for c in cat.taxonomy.categories
        ]
        return " · ".join(links) + "\n\n" + f"[查看完整的政府信息公开目录]({relative(uri, urls.catalogue())})\n"

    def home(self) -> PageText:
        """A home page for sites without a hand-written `docs/index.md`."""
        uri = "index.md"
        body = f"# 首页\n\n## 最新信息\n\n{LATEST_MARKER}\n\n## 信息公开目录\n\n{CATALOGUE_MARKER}\n"
        text = page_front("首页") + body
        return PageText(uri, self.fill_home(uri, text), self.newest, in_nav=True)


def _cn_date(d: dt.date | None) -> str:
    return "" if d is None else f"{d.year}年{d.month:02d}月{d.day:02d}日"
