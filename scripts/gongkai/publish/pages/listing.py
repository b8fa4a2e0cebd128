"""The lists of records (a category's, an agency's, a year's): cut into pages newest first, each a
table with a pager under it; a category's pages name its Atom feed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup

from gongkai.model.records import Record
from gongkai.model.taxonomy import Category
from gongkai.model.urls import relative
from gongkai.publish.pages.common import PageText, Site, macros, md_link, md_text, page_front


def listing(
    site: Site,
    url_of: Callable,
    key,
    title: str,
    records: list[Record],
    children: Sequence[Category] = (),
    with_agency: bool = True,
    feed: str | None = None,
    note: Callable[[str], str] | None = None,
) -> list[PageText]:
    """The pages of the list of `key` (`url_of(key, page)`: where page n lives); `children`: the
    sub-categories linked above it; `feed`: the src_uri of its Atom feed, linked in <head>;
    `note(uri)`: a paragraph under the title (an agency that ended, its predecessors)."""
    n = site.per_page
    total = len(records)
    pages = max(1, -(-total // n))
    out = []
    for page in range(1, pages + 1):
        uri = url_of(key, page)
        chunk = records[(page - 1) * n : page * n]
        heading = title if page == 1 else f"{title}（第 {page} 页）"
        # No headings to list: give the table the width of the table of contents.
        front = page_front(heading, hide=["toc"]) if feed is None else page_front(heading, hide=["toc"], feed=feed)
        text = [front, f"# {md_text(title)}\n\n"]
        if note is not None and (said := note(uri)):
            text.append(said)
        if children:
            links = " · ".join(
                f"{md_link(c.name, relative(uri, site.urls.category(c)))}（{len(site.cat.by_category(c))}）"
                for c in children
            )
            text.append(f"子栏目：{links}\n\n")
        if not chunk:
            text.append("本栏目暂无信息。\n")
        else:
            text.append(f"共 {total} 条" + (f"，第 {page} / {pages} 页" if pages > 1 else "") + "。\n\n")
            text.append(table(site, uri, chunk, with_agency))
            if pages > 1:
                text.append(pager(url_of, key, uri, page, pages))
        if feed is not None:  # the <head> link is for software; a reader is told where it is
            text.append(
                f"\n订阅本栏目的更新：{md_link('Atom 订阅地址', relative(uri, feed))}"
                "（复制到 RSS 阅读器中使用；在网页浏览器中打开会显示订阅文件的内容）。\n"
            )
        updated = chunk[0].published if chunk else site.newest
        out.append(PageText(uri, "".join(text), updated))
    return out


def table(site: Site, uri: str, records: list[Record], with_agency: bool = True) -> str:
    """Newest first; on phones only title and date stay visible (see gongkai.css)."""
    head = ["标题", "索引号", *(["发布机构"] if with_agency else []), "发布日期"]
    rows = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in records:
        mark = "" if r.is_valid else f"（{r.validity}）"
        # On a phone the 索引号 and 发布机构 columns give way: they are said under the title instead.
        # Plain text, as every name is: the span's content is Markdown of the table cell.
        # With large text on a narrow screen the date gives way too (gongkai.css): it leads that line.
        sub = md_text(f"{r.agency.name} · {r.index_no}" if with_agency else r.index_no)
        day = f'<span class="gk-list__day">{r.published.isoformat()} · </span>'
        title = md_link(r.title, relative(uri, site.urls.record(r))) + mark
        cells = [f'{title}<span class="gk-list__sub">{day}{sub}</span>', r.index_no]
        if with_agency:
            cells.append(md_text(r.agency.name))
        cells.append(r.published.isoformat())
        rows.append("| " + " | ".join(cells) + " |")
    return macros("listing.html").records(Markup("\n".join(rows)))


def pager(url_of: Callable, key, uri: str, page: int, pages: int) -> str:
    """上一页, the first and last page, two either side of this one, 下一页."""
    parts = []
    if page > 1:
        parts.append(("link", "上一页", relative(uri, url_of(key, page - 1))))
    window = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    last = 0
    for p in window:
        if p - last > 1:
            parts.append(("gap", "…", ""))
        parts.append(("current", p, "") if p == page else ("page", p, relative(uri, url_of(key, p))))
        last = p
    if page < pages:
        parts.append(("link", "下一页", relative(uri, url_of(key, page + 1))))
    return macros("listing.html").pager(parts)
