"""The ways into the records: the 政府信息公开目录 (by category, agency and year), the agencies' and
the years' index pages, the 网站地图, and the home page's lists (newest records, the catalogue)."""

from __future__ import annotations

from gongkai.model.urls import relative
from gongkai.publish.pages.common import (
    CATALOGUE_MARKER,
    LATEST_MARKER,
    PageText,
    Site,
    cn_date,
    md_link,
    md_text,
    page_front,
)


def catalogue(site: Site) -> PageText:
    uri = site.urls.catalogue()
    text = [
        page_front("政府信息公开目录"),
        "# 政府信息公开目录\n\n",
        f"本站共主动公开政府信息 {len(site.cat.records)} 条。\n\n",
        catalogue_tree(site, uri),
    ]
    return PageText(uri, "".join(text), site.newest, in_nav=True)


def agency_index(site: Site) -> PageText:
    uri = site.urls.agencies()
    text = page_front("按发布机构") + "# 按发布机构\n\n" + agency_list(site, uri)
    return PageText(uri, text, site.newest, in_nav=True)


def year_index(site: Site) -> PageText:
    uri = site.urls.years()
    text = page_front("按年份") + "# 按年份\n\n" + (year_list(site, uri) if site.cat.records else "暂无信息。\n")
    return PageText(uri, text, site.newest, in_nav=True)


def site_map(site: Site) -> PageText:
    """网站地图: every section of the site (never every record: it stays small at 50,000)."""
    uri, urls, cat = site.urls.site_map(), site.urls, site.cat
    sections = [("首页", "index.md"), ("政府信息公开目录", urls.catalogue()), ("统计", urls.statistics())]
    if cat.reports:  # the 年报 pages exist only then (gongkai/publish/statpages.py)
        sections.append(("政府信息公开工作年度报告", urls.reports()))
    if cat.settings.search == "pagefind":
        sections.append(("站内搜索", urls.search()))
    sections.append(("数据下载", urls.data()))
    sections += site.hand_pages  # the 指南, the 申请表: what a citizen comes to the site map for
    out = [page_front("网站地图", hide=["toc"]), "# 网站地图\n\n"]
    for name, target in sections:
        out.append(f"- {md_link(name, relative(uri, target))}\n")
        if target == urls.reports():
            own = [r for r in cat.reports if r.scope is None]  # the agencies' are on the 年报 page
            out += [f"    - {md_link(r.title, relative(uri, urls.report(r.slug)))}\n" for r in own]
    out.append("\n" + catalogue_tree(site, uri))
    return PageText(uri, "".join(out), site.newest)


def catalogue_tree(site: Site, uri: str) -> str:
    return (
        "## 按栏目\n\n"
        + category_list(site, uri)
        + "## 按发布机构\n\n"
        + agency_list(site, uri, "###")
        + "## 按年份\n\n"
        + year_list(site, uri)
    )


def category_list(site: Site, uri: str) -> str:
    cat, urls = site.cat, site.urls
    out = []
    for c in cat.taxonomy.categories:
        out.append(f"- {md_link(c.name, relative(uri, urls.category(c)))}（{len(cat.by_category(c))}）\n")
        for child in c.children:
            link = md_link(child.name, relative(uri, urls.category(child)))
            out.append(f"    - {link}（{len(cat.by_category(child))}）\n")
    return "".join(out) + "\n"


def agency_list(site: Site, uri: str, heading: str = "##") -> str:
    tax, cat = site.cat.taxonomy, site.cat
    out = []
    for group in tax.groups():
        out.append(f"{heading} {md_text(group)}\n\n")
        for a in tax.agencies:
            if a.group == group:
                ended = f"，{cn_date(a.abolished)}撤销" if cat.ended(a) else ""
                link = md_link(a.name, relative(uri, site.urls.agency(a)))
                out.append(f"- {link}（{len(cat.by_agency(a))}{ended}）\n")
        out.append("\n")
    return "".join(out)


def agency_note(site: Site, agency, uri: str) -> str:
    """What an agency's page says of 机构改革: the day it ended and who took its work over; the
    agencies that ended into it."""
    cat, urls = site.cat, site.urls
    out = []
    if cat.ended(agency):
        succ = cat.taxonomy.agency_by_name.get(agency.successor) if agency.successor else None
        after = f"此后的信息由{md_link(succ.name, relative(uri, urls.agency(succ)))}发布。" if succ else ""
        out.append(f"本机构已于{cn_date(agency.abolished)}撤销，以下是它发布的信息。{after}\n\n")
    before = cat.predecessors(agency)
    if before:
        links = "、".join(md_link(a.name, relative(uri, urls.agency(a))) for a in before)
        out.append(f"原{links}发布的信息见其页面。\n\n")
    return "".join(out)


def moved(site: Site, category, old: str) -> PageText:
    """The page left at a category's former address (a link in another site, a bookmark): where it
    is now. No refresh: a reader is not moved without being told (WCAG 2.2.1)."""
    uri = site.urls.category_was(old)
    link = md_link(category.path.replace("/", " - "), relative(uri, site.urls.category(category)))
    text = (
        page_front(f"{category.name}（栏目网址已更改）")
        + f"# {md_text(category.name)}\n\n"
        + f"这个栏目的网址已经更改，现在在{link}。请更新书签或链接。\n"
    )
    return PageText(uri, text, site.newest)


def year_list(site: Site, uri: str) -> str:
    cat = site.cat
    return (
        "".join(f"- [{y}年]({relative(uri, site.urls.year(y))})（{len(cat.by_year(y))}）\n" for y in cat.years()) + "\n"
    )


def latest_list(site: Site, uri: str) -> str:
    items = site.cat.latest(site.cat.settings.home_latest)
    if not items:
        return "暂无信息。\n"
    return "".join(f"- {md_link(r.title, relative(uri, site.urls.record(r)))}　{r.published}\n" for r in items) + "\n"


def catalogue_entry(site: Site, uri: str) -> str:
    urls, cat = site.urls, site.cat
    links = [
        f"{md_link(c.name, relative(uri, urls.category(c)))}（{len(cat.by_category(c))}）"
        for c in cat.taxonomy.categories
    ]
    return " · ".join(links) + "\n\n" + f"[查看完整的政府信息公开目录]({relative(uri, urls.catalogue())})\n"


def fill_home(site: Site, uri: str, markdown: str) -> str:
    """Replace the markers of a hand-written home page with the generated lists."""
    if LATEST_MARKER in markdown:
        markdown = markdown.replace(LATEST_MARKER, latest_list(site, uri))
    if CATALOGUE_MARKER in markdown:
        markdown = markdown.replace(CATALOGUE_MARKER, catalogue_entry(site, uri))
    return markdown


def home(site: Site) -> PageText:
    """A home page for sites without a hand-written `docs/index.md`."""
    uri = "index.md"
    body = f"# 首页\n\n## 最新信息\n\n{LATEST_MARKER}\n\n## 信息公开目录\n\n{CATALOGUE_MARKER}\n"
    text = page_front("首页") + body
    return PageText(uri, fill_home(site, uri, text), site.newest, in_nav=True)
