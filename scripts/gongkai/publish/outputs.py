"""Every file the core adds to the site, as one list (the shape of mkdocs-gen-files).

`site_outputs` returns the generated pages (Markdown), the published attachments (copied as they
are), the 统计 CSVs, the open-data files, the Atom feeds and the stylesheet and scripts: each an
`Output` with its path in the site's sources, its text or source file, whether it is in the
navigation, and the day it last changed (for the sitemap). The MkDocs plugin adds them in one loop;
another engine would take the same list. `navigation` is the site's nav: sections, never records.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from gongkai.model.ledgers import APPEAL_FIELDS, REQUEST_FIELDS
from gongkai.model.reports import REPORT_FIELDS
from gongkai.model.schema import case_schema, json_schema, report_schema
from gongkai.publish import annualdata, feeds, opendata
from gongkai.publish.pages import PageBuilder, summary_of
from gongkai.publish.statpages import StatPages
from gongkai.text import pii

CSS_URI = "gongkai/gongkai.css"
SEARCH_JS_URI = "gongkai/search.js"
#: The 无障碍 toolbar's script: loaded by templates/partials/gongkai-a11y.html, in the page's body.
A11Y_JS_URI = "gongkai/a11y.js"
#: Its first part, run before the page is drawn (the reader's saved choices): not deferred.
A11Y_FIRST_JS_URI = "gongkai/a11y-first.js"


@dataclass(frozen=True)
class Output:
    """One file of the site: generated `text`, or a `source` file copied as it is."""

    uri: str  # its path among the site's sources (MkDocs' src_uri)
    text: str | None = None
    source: Path | None = None
    in_nav: bool = True  # False: a page reached by links only (records, index pages beyond the first)
    updated: dt.date | None = None  # the day its content last changed, for the sitemap


def url_of(uri: str, directory_urls: bool = True) -> str:
    """The address MkDocs gives the file `uri`, relative to the site's root: a page's folder
    (`xxgk/czj/2024-00001/`) with directory URLs, any other file its own path."""
    if uri.endswith(".md"):
        stem = uri[: -len(".md")]
        if posixpath.basename(stem) == "index" or not directory_urls:
            dest = posixpath.join(posixpath.dirname(stem), "index.html") if directory_urls else stem + ".html"
        else:
            dest = stem + "/index.html"
        folder, name = posixpath.split(dest)
        url = (folder or ".") + "/" if directory_urls and name == "index.html" else dest
    else:
        url = uri
    return quote(url, safe="/#")


def site_outputs(
    builder: PageBuilder,
    stat_pages: StatPages,
    site_name: str,
    site_url: str | None,
    has_home: bool,
    directory_urls: bool = True,
) -> list[Output]:
    """Every file the core adds, in the order they are added. `has_home`: the site has its own
    docs/index.md (else the core writes the home page)."""
    cat, urls = builder.cat, builder.urls
    out: list[Output] = []
    pages = builder.all_pages() + stat_pages.all_pages() + [builder.data_page()]
    if cat.settings.search == "pagefind":
        pages.append(builder.search_page())
    if not has_home:
        pages.append(builder.home())
    out += [Output(p.src_uri, p.markdown, in_nav=p.in_nav, updated=p.updated) for p in pages]
    for rec in cat.records:
        for att in (*rec.attachments, *rec.body_files):
            out.append(Output(urls.attachment(rec, att), source=att.path))
    out += [Output(uri, text) for uri, text in stat_pages.csv_files()]
    out += [Output(uri, text) for uri, text in _feeds_and_data(builder, site_name, site_url, directory_urls)]
    assets = resources.files("gongkai").joinpath("assets")
    out.append(Output(CSS_URI, assets.joinpath("gongkai.css").read_text("utf-8")))
    out.append(Output(A11Y_JS_URI, assets.joinpath("a11y.js").read_text("utf-8")))
    out.append(Output(A11Y_FIRST_JS_URI, assets.joinpath("a11y-first.js").read_text("utf-8")))
    if cat.settings.search == "pagefind":
        out.append(Output(SEARCH_JS_URI, assets.joinpath("search.js").read_text("utf-8")))
    return out


def _feeds_and_data(builder: PageBuilder, site_name: str, site_url: str | None, directory_urls: bool):
    """The Atom feeds (with a site_url) and /data/'s catalogue files, as (uri, text)."""
    cat, urls = builder.cat, builder.urls
    root = (site_url or "").rstrip("/")

    def url(uri: str) -> str:
        return f"{root}/{url_of(uri, directory_urls)}" if root else url_of(uri, directory_urls)

    def attachments(rec):
        return [(a.title, url(urls.attachment(rec, a))) for a in rec.attachments]

    data = opendata.rows(cat.records, lambda r: url(urls.record(r)), attachments)
    schema_url = f"{root}/{urls.data('catalog.schema.json')}" if root else urls.data("catalog.schema.json")
    out = [
        # The record schema with this site's agencies, categories and 索引号 pattern, for editors' tools.
        (
            urls.data("record.schema.json"),
            json.dumps(_without_examples(json_schema(cat.taxonomy, cat.settings)), ensure_ascii=False, indent=1) + "\n",
        ),
        (urls.data("catalog.json"), opendata.to_json(data, site_name, schema_url)),
        (urls.data("catalog.csv"), opendata.to_csv(data)),
        (urls.data("catalog.schema.json"), opendata.json_schema(schema_url)),
    ]
    # The formats of the ledgers (never their cases) and of the annual report's front matter, with
    # this site's agencies, for the clerks' editors, beside the record's.
    for name, schema in (
        ("request.schema.json", case_schema(REQUEST_FIELDS, "gongkai 依申请公开台账", cat.taxonomy, cat.settings)),
        ("appeal.schema.json", case_schema(APPEAL_FIELDS, "gongkai 复议诉讼台账", cat.taxonomy, cat.settings)),
        ("report.schema.json", report_schema(REPORT_FIELDS, cat.taxonomy, cat.settings)),
    ):
        out.append((urls.data(name), json.dumps(_without_examples(schema), ensure_ascii=False, indent=1) + "\n"))
    if cat.reports:  # each report's figures, for the county and province to add up (gongkai aggregate)
        annual_schema = f"{root}/{urls.data(annualdata.SCHEMA)}" if root else urls.data(annualdata.SCHEMA)
        out.append((urls.data(annualdata.SCHEMA), annualdata.json_schema(annual_schema)))
        for r in cat.reports:
            government = cat.taxonomy.government or (r.issuer if r.scope is None else None)
            document = annualdata.of_report(r, cat.figures(r), government)
            out.append((urls.report_data(r.slug), annualdata.to_json(document, annual_schema)))
    if not root:
        return out

    def summary(rec) -> str:
        return feed_summary(rec, cat.settings, cat.as_of)

    def feed(uri, title, page_uri, records):
        return uri, feeds.atom(title, f"{root}/{uri}", url(page_uri), records, lambda r: url(urls.record(r)), summary)

    empty = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
    out.append((urls.feeds_sitemap(), empty))
    out.append(feed(urls.feed(), f"{site_name}：最新信息", urls.catalogue(), cat.records))
    for c in cat.taxonomy.all_categories():
        title = f"{site_name}：{c.path.replace('/', ' - ')}"
        made = feed(urls.feed(c), title, urls.category(c), cat.by_category(c))
        # Readers subscribed under a former slug keep getting it (a feed cannot say it moved).
        out += [made, *((urls.feed_was(old), made[1]) for old in c.former_paths)]
    return out


def feed_summary(rec, settings, as_of) -> str:
    """A feed entry's summary: personal data a record publishes on purpose (pii_exempt) stays on its
    own page; in a feed, which readers' programs copy on, it is masked, as of the build's day (a
    身份证号 is one from its birth date on; None: today), the day the leak scan judges the feed by."""
    text = summary_of(rec)
    if rec.pii_exempt:
        kinds = settings.pii_scanned
        style = pii.MASK_STYLES[settings.pii_mask_style]
        text, _ = pii.mask(text, kinds, style, settings.pii_allow_emails, today=as_of)
    return text


def _without_examples(schema):
    """The schema without its example values: an example 索引号 (zfb/2025-00001) may be a draft's
    real one on some site, and the leak scan would then rightly stop the build."""
    if isinstance(schema, dict):
        return {k: _without_examples(v) for k, v in schema.items() if k != "examples"}
    if isinstance(schema, list):
        return [_without_examples(v) for v in schema]
    return schema


def theme_facts(urls, footer: dict[str, str], site_url: str | None) -> dict:
    """What the theme overrides show on every page (docs/overrides: the footer, the <meta> tags)."""
    return {
        "footer": footer,
        "site_map": urls.site_map().removesuffix("index.md"),
        "prefix": urls.prefix,
        # Where a record's address starts as the reader sees it: the site's own folder first
        # (https://…/xxgk/ with the prefix xxgk: /xxgk/xxgk/).
        "records_path": (urlsplit(site_url or "").path or "/").rstrip("/") + f"/{urls.prefix}/",
        "site_domain": urlsplit(site_url or "").hostname or "",
        "feed": urls.feed() if site_url else "",
    }


def _agency_title(cat, agency) -> str:
    """An agency's title in the nav (escaped, see `navigation`): one that ended says so."""
    return html.escape(agency.name) + ("（已撤销）" if cat.ended(agency) else "")


def navigation(builder: PageBuilder, hand_written: list[str]) -> list:
    """The site's nav: home, the catalogue by category, agency and year, 统计, 年报, then the
    hand-written pages (`hand_written`: their src_uris) — sections only, never a record.

    Titles are HTML-escaped here: Material prints a nav title unescaped (tabs, sidebar, the page's
    header), and these are names from the taxonomy and the reports, which are text."""
    urls, cat = builder.urls, builder.cat
    tax = cat.taxonomy
    e = html.escape
    categories = []
    for c in tax.categories:
        if c.children:
            categories.append({e(c.name): [urls.category(c)] + [urls.category(ch) for ch in c.children]})
        else:
            categories.append({e(c.name): urls.category(c)})
    catalogue = [
        urls.catalogue(),
        *categories,
        # The first child of a section is its index page (navigation.indexes).
        {"按发布机构": [urls.agencies(), *({_agency_title(cat, a): urls.agency(a)} for a in tax.agencies)]},
        {"按年份": [urls.years(), *({f"{y}年": urls.year(y)} for y in cat.years())]},
    ]
    # The government's own reports; the agencies' (one a year each) are listed on the 年报 page by group.
    own = [r for r in cat.reports if r.scope is None]
    reports = [urls.reports(), *({e(r.title): urls.report(r.slug)} for r in own)] if cat.reports else []
    sections = [{"信息公开目录": catalogue}, {"统计": urls.statistics()}]
    if reports:
        sections.append({"年报": reports})
    return ["index.md", *sections, *_nest(sorted(hand_written))]


def _nest(paths: list[str]) -> list:
    """Hand-written pages as nav entries, one section per folder (as MkDocs does without a nav)."""
    nested: list = []
    for path in paths:
        branch = nested
        for part in PurePosixPath(path).parent.parts:
            title = part.replace("-", " ").replace("_", " ")
            title = title[:1].upper() + title[1:]
            node = next((n for n in branch if isinstance(n, dict) and title in n), None)
            if node is None:
                node = {title: []}
                branch.append(node)
            branch = node[title]
        branch.append(path)
    return nested
