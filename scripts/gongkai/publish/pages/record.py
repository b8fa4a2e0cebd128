"""A record's page: 当前位置, the notices (scheduled, abolished, an interpretation), the 信息索引 box,
the body with its links pointing on the site, the attachments and the related records."""

from __future__ import annotations

from gongkai.model.records import Record
from gongkai.model.schema import FIELD_BY_KEY
from gongkai.model.urls import relative
from gongkai.publish.pages.common import (
    META_BOX,
    PageText,
    Site,
    book_title,
    cn_date,
    macros,
    md_link,
    md_text,
    page_front,
    summary_of,
)
from gongkai.text.bodylinks import rewrite
from gongkai.text.sanitize import needs_cleaning


def record_page(site: Site, r: Record) -> PageText:
    urls = site.urls
    uri = urls.record(r)
    out = [
        page_front(
            r.title,
            summary_of(r),
            published=r.published.isoformat(),
            agency=r.agency.name,
            column=r.category.name,
            keywords=",".join(r.keywords),
        ),
        breadcrumb(site, r, uri),
        f"# {md_text(r.title)}\n\n",
    ]
    # The notice comes first: on a phone the metadata box is a screen long.
    if r.scheduled:
        out.append(
            f'!!! warning "未发布"\n    本文定于 {r.published.isoformat()} 发布。这是本地预览（mkdocs serve），'
            "正式网站在那一天之前没有这一页。\n\n"
        )
    if not r.is_valid:
        out.append(_banner(site, r, uri))
    elif r.ends is not None:
        out.append(_coming(site, r, uri))
    target = site.cat.interpreted(r)
    if target is not None:
        link = md_link(book_title(target.title), relative(uri, urls.record(target)))
        out.append(f'!!! info "政策解读"\n    本文是对{link}的解读。\n\n')
    out += [meta_box(r), "\n"]
    body = (rewrite(r.body, body_destinations(site, r, uri)) if r.body_targets else r.body).strip("\n")
    if body:
        out.append(f"{body}\n\n")
    if r.attachments:
        out.append("## 附件\n\n")
        for a in r.attachments:
            link = relative(uri, urls.attachment(r, a))
            # A Chinese file name is published as attachment-N.ext; the browser saves it under its own
            # name (attr_list's `download`, its quotes made full-width so the value stays one).
            original = a.path.name.replace('"', "＂")
            save_as = "" if a.path.name == a.name else f'{{: download="{original}" }}'
            out.append(f"- {md_link(a.title, link)}{save_as}（{a.kind}，{_size(a.size)}）\n")
        out.append("\n")
    related = []
    for doc in site.cat.interpretations_of(r):
        related.append(("政策解读", doc))
    for doc in site.cat.replaced_by(r):
        related.append(("本文件替代", doc))
    if related:
        out.append("## 相关文件\n\n")
        for kind, doc in related:
            out.append(f"- {kind}：{md_link(doc.title, relative(uri, urls.record(doc)))}（{doc.published}）\n")
        out.append("\n")
    return PageText(uri, "".join(out), r.published)


def body_destinations(site: Site, r: Record, uri: str) -> dict[str, str]:
    """Where the body's local links point on the site: the published file or record page."""
    out = {}
    for target, (path, fragment, _) in r.body_targets.items():
        other = site.cat.by_path.get(path)
        if other is not None:
            out[target] = relative(uri, site.urls.record(other)) + fragment
        elif (published := r.file_at(path)) is not None:
            out[target] = relative(uri, site.urls.attachment(r, published)) + fragment
    return out


def untrusted_uris(site: Site) -> set[str]:
    """The pages with a clerk's Markdown that could carry markup to remove (see
    sanitize.needs_cleaning): record bodies and the narrative of the annual reports."""
    records = {site.urls.record(r) for r in site.cat.records if needs_cleaning(r.body)}
    return records | {site.urls.report(r.slug) for r in site.cat.reports}


def crumbs(site: Site, r: Record) -> list[tuple[str, str]]:
    """The catalogue and the record's category path: (name, src_uri) from the top down."""
    c = r.category
    chain = [c] if c.parent is None else [c.parent, c]
    return [("信息公开目录", site.urls.catalogue())] + [(x.name, site.urls.category(x)) for x in chain]


def breadcrumb(site: Site, r: Record, uri: str) -> str:
    """当前位置: the catalogue and the record's category path, as Chinese government sites show it."""
    return macros("record.html").crumbs([(name, relative(uri, target)) for name, target in crumbs(site, r)])


def meta_box(r: Record) -> str:
    """The 信息索引 box, as on gov.cn: two label/value pairs a row."""
    values = {
        "index_no": r.index_no,
        "topic": r.topic_display or "",
        "agency": r.agency.name,
        "written": cn_date(r.written),
        "title": r.title,
        "doc_no": r.doc_no or "",
        "published": cn_date(r.published),
        "validity": r.validity,
        "keywords": "、".join(r.keywords),
    }
    rows = [[(FIELD_BY_KEY[k].label, values[k]) for k in row] for row in META_BOX]
    return macros("record.html").meta_box(rows)


def _banner(site: Site, r: Record, uri: str) -> str:
    return _notice(
        site,
        r,
        uri,
        "danger",
        f"本文件已{r.validity}",
        f"本文件已于{cn_date(r.abolished)}{r.validity}，仅供查阅。",
        "现行文件",
    )


def _coming(site: Site, r: Record, uri: str) -> str:
    day = f"本文件将于{cn_date(r.abolished)}{r.ends}"
    return _notice(site, r, uri, "warning", day, f"{day}，在此之前仍然有效。", "届时的现行文件")


def _notice(site: Site, r: Record, uri: str, kind: str, title: str, text: str, successor: str) -> str:
    """An admonition at the top of a record's page, naming the record that replaces it, if any."""
    succ = site.cat.successor(r)
    if succ is not None:
        text += f"{successor}：{md_link(book_title(succ.title), relative(uri, site.urls.record(succ)))}。"
    return f'!!! {kind} "{title}"\n    {text}\n\n'


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"
