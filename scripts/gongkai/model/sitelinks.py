"""Links to the site's own addresses, checked before the build: a record body's `/xxgk/…` (an address
copied from the browser) and a hand-written page's links to pages, which no file check reads.

A record links another record or a file by its path (`../2024/czj-00001.md`, `files/a.pdf`), which
the record checks follow. What they leave is a destination that is an address of the site: an
absolute path in a record (`/xxgk/nianbao/2024/`), and any relative or absolute path in a page under
docs/ (`xxgk/nianbao/2024/`, `guide.md`). Each must name a page or a file the build makes: a
record's page or file, a list (and its later pages), 统计, 年报, 数据下载, a hand-written page or a
file of docs/. Otherwise it is an error at its line, as a broken file link is, in check and in the
build alike (the inspection counts links that do not open).

A page's relative link is read as MkDocs reads it. Where it names, from the page's file, a file
MkDocs has (a page's `.md`, an image of docs/, a generated page or file), MkDocs writes the link to
it. A `.md` that names none, or a file's name (with an extension) that names none, MkDocs reports as
not found (`mkdocs build --strict` stops): an error here. Anything else (`xxgk/`, `../xxgk/`) MkDocs
leaves to the browser, which reads it from the page's address and stops at the site's root.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from gongkai.model.urls import FEED_FILES, ROOT_FOLDERS, Urls
from gongkai.text.bodylinks import code_spans_blanked, destinations
from gongkai.text.problems import Problems

_PAGED = re.compile(r"^(?P<list>.+/)page/[1-9][0-9]*(?:/|\.html)$")
#: A destination that starts with / (inline, in <>, or a reference's definition).
_MAY_LINK_ROOT = re.compile(r"\]\(\s*<?/|\]:\s*<?/")
#: The editors' schemas /data/ publishes (gongkai.publish.outputs): record, report and the ledgers'.
SCHEMAS = ("record", "report", "request", "appeal")
#: What MkDocs and the theme write beside the files MkDocs has (no link to them is rewritten).
WRITTEN_BESIDE = ("404.html", "sitemap.xml", "sitemap.xml.gz")
#: Folders of files that are not listed one by one: the theme's, Pagefind's and our own.
_THEIRS = frozenset(ROOT_FOLDERS) - {"data"}
#: The years a list by year may have, for a check that cannot know which have records.
_ANY_YEAR = range(1949, 2101)


class Addresses:
    """Every address the site will have (relative to its root) and the files MkDocs has (their
    src_uri), with directory URLs or without (`use_directory_urls`)."""

    def __init__(self, uris: Iterable[str], directory_urls: bool = True, trusted: Iterable[str] = (), prefix="xxgk"):
        self.files = set(uris)
        self.directory_urls = directory_urls
        #: An address every site has, to show in a fix: the 统计 page.
        self.example = address(Urls(prefix).statistics(), directory_urls)
        self.known = {address(u, directory_urls) for u in self.files} | set(WRITTEN_BESIDE)
        #: Folders whose files are taken on trust (a record's page, when its files are not read).
        self.trusted = frozenset(trusted)

    def has(self, target: str) -> bool:
        """Whether the address `target` (relative to the site's root) opens something."""
        known = self.known
        if target in known or target.split("/", 1)[0] in _THEIRS:
            return True
        if target == "" or target.endswith("/"):  # a folder: its index page
            if target + "index.html" in known or (self.directory_urls and target in known):
                return True
        elif self.directory_urls and target + "/" in known:
            return True
        if self.trusted and posixpath.dirname(target.rstrip("/")) + "/" in self.trusted:
            return True
        paged = _PAGED.match(target if target.endswith(("/", ".html")) else target + "/")
        if paged is None:
            return False
        page_list = paged.group("list")
        return page_list in known or page_list + "index.html" in known


def sources(catalog, pages: list[Path], docs: Path | None, held=()) -> list[str]:
    """The src_uri of every page and file MkDocs will have; the reports of `held` (dated later:
    published on their day) are not among them yet."""
    urls = Urls(catalog.settings.url_prefix)
    tax = catalog.taxonomy
    uris = _fixed(urls, catalog.settings.search == "pagefind") + _lists(urls, tax)
    uris += [urls.year(y) for y in catalog.years()]
    for rec in catalog.records:
        uris.append(urls.record(rec))
        uris += [urls.attachment(rec, a) for a in (*rec.attachments, *rec.body_files)]
    reports = [r for r in catalog.reports if r not in held]
    uris += _reports(urls, [r.slug for r in reports])
    if docs is not None:
        uris += [p.relative_to(docs).as_posix() for p in pages]
    return uris


def _fixed(urls: Urls, search: bool) -> list[str]:
    uris = [urls.catalogue(), urls.agencies(), urls.years(), urls.site_map(), urls.statistics(), urls.data()]
    uris += [urls.search()] if search else []
    data = ("catalog.csv", "catalog.json", "catalog.schema.json", *(f"{k}.schema.json" for k in SCHEMAS))
    uris += [urls.data(n) for n in data] + [f"{urls.prefix}/feeds/{n}.xml" for n in FEED_FILES]
    return [*uris, "index.md"]


def _lists(urls: Urls, taxonomy) -> list[str]:
    """The taxonomy's lists: each category's and its feed (at its former addresses too), each agency's."""
    every = [c for top in taxonomy.categories for c in (top, *top.children)]
    former = [(urls.category_was(p), urls.feed_was(p)) for c in every for p in c.former_paths]
    return [
        *(urls.category(c) for c in every),
        *(urls.feed(c) for c in every),
        *(uri for pair in former for uri in pair),
        *map(urls.agency, taxonomy.agencies),
    ]


def _reports(urls: Urls, slugs: list[str]) -> list[str]:
    if not slugs:
        return []
    uris = [urls.reports(), urls.data("annual/schema.json")]
    for slug in slugs:
        uris += [urls.report(slug), urls.report_data(slug)]
        uris += [urls.report_csv(slug, t) for t in ("table2", "table3", "table4")]
    return uris


def rough(settings, taxonomy, index_nos, reports: list[str], pages: list[Path], docs, directory_urls=True):
    """The `Addresses` a check of a few changed records can know: every 索引号 given (their files on
    trust), every year, the reports by file name, the taxonomy's lists, docs/."""
    urls = Urls(settings.url_prefix)
    uris = _fixed(urls, True) + _reports(urls, reports) + _lists(urls, taxonomy)
    uris += [urls.year(y) for y in _ANY_YEAR]
    uris += [f"{urls.prefix}/{no}.md" for no in index_nos]
    if docs is not None:
        uris += [p.relative_to(docs).as_posix() for p in pages]
    trusted = [f"{urls.prefix}/{no}/" for no in index_nos]
    return Addresses(uris, directory_urls, trusted, settings.url_prefix)


def address(uri: str, directory_urls: bool = True) -> str:
    """The address of a source path: `a/b.md` → `a/b/` (`a/b.html` without directory URLs),
    `a/index.md` → `a/` (`a/index.html`); any other file is at its own path."""
    if not uri.endswith(".md"):
        return uri
    stem = uri[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _in_code(text: str) -> str:
    """`text` with its code spans blanked (`[x](/a/)` in backticks is shown, not linked)."""
    return code_spans_blanked(text)


def check(
    catalog,
    pages: list[Path],
    docs: Path | None,
    problems: Problems,
    site_path: str = "/",
    held=(),
    directory_urls: bool = True,
) -> None:
    """An error for each link to an address of the site that it will not have (see the module). The
    records scheduled for later are read too, with the addresses they will find on their day."""
    prefix = catalog.settings.url_prefix
    site = Addresses(sources(catalog, pages, docs, held), directory_urls, prefix=prefix)
    urls = Urls(prefix)
    later = (
        Addresses([*site.files, *(urls.record(r) for r in catalog.scheduled)], directory_urls, prefix=prefix)
        if catalog.scheduled
        else site
    )
    base = site_base(site_path)
    for rec in {r.path: r for r in (*catalog.records, *catalog.scheduled)}.values():  # serve lists them twice
        check_record(rec, later if rec.published > (catalog.as_of or rec.published) else site, base, problems)
    for page in pages:
        if docs is None or page.suffix != ".md":
            continue
        try:
            text = page.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # said by the page checks
        _check_page(page, page.relative_to(docs).as_posix(), text, site, base, problems)
    # A report's text goes into its generated page: its links are read from that page's place, as MkDocs reads them.
    root = catalog.settings.records_path(problems.root) if problems.root is not None else None
    for report in (*catalog.reports, *held) if root is not None else ():
        path = root / "reports" / f"{report.slug}.md"
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # said by the reports' checks
        _check_page(path, urls.report(report.slug), text, site, base, problems, _REPORT_FIX, "")


def site_base(site_path: str) -> str:
    """The path the site's root is served at, as `/` or `/gk/` (from site_url's path)."""
    return "/" + site_path.strip("/") + "/" if site_path.strip("/") else "/"


def names_an_address(body: str) -> bool:
    """Whether `body` may link an address of the site (`](/…`): at C speed, most bodies do not."""
    return _MAY_LINK_ROOT.search(body) is not None


def check_record(rec, site: Addresses, base: str, problems: Problems) -> None:
    """Each address of the site `rec`'s body links to (`/xxgk/…`) must be one `site` has."""
    if not names_an_address(rec.body):
        return
    for line, dest in destinations(_in_code(rec.body)):
        parts = urlsplit(dest)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/"):
            _one(rec.path, rec.body_line + line, dest, parts.path, base, site, problems, _RECORD_FIX)


def _check_page(
    page: Path,
    source: str,
    text: str,
    site: Addresses,
    base: str,
    problems: Problems,
    fix: str = "",
    folder: str = "docs/",
) -> None:
    """Each link of a page whose source (under docs/, or generated: `folder` "") is `source`."""
    fix = fix or _PAGE_FIX
    for line, dest in destinations(_in_code(text)):
        parts = urlsplit(dest)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        if parts.path.startswith("/"):
            _one(page, line + 1, dest, parts.path, base, site, problems, fix)
            continue
        path = unquote(parts.path)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if target in site.files or target.split("/", 1)[0] in _THEIRS:
            continue  # MkDocs writes the link to it (or it is the theme's, Pagefind's, ours)
        if path.endswith(".md") or posixpath.splitext(posixpath.basename(path.rstrip("/")))[1]:
            outside = target == ".." or target.startswith("../")
            shown = ("docs 目录之外" if folder else "网站之外") if outside else f"{folder}{target}"
            message = f"链接 {dest} 指向的文件（{shown}）本站没有：MkDocs 找不到它，链接会失效。"
            problems.error(page, line + 1, None, message, fix.format(example=base + site.example))
            continue
        # Left to the browser: read from the page's address, which stops at the site's root.
        here = base + address(source, site.directory_urls)
        url = posixpath.normpath(posixpath.join(posixpath.dirname(here) + "/", path))
        if path.endswith("/") and not url.endswith("/"):
            url += "/"
        _one(page, line + 1, dest, url, base, site, problems, fix)


def _from_root(path: str, base: str) -> str | None:
    """`path` (from the host's root) relative to the site's root `base`; None when it is outside it."""
    path = unquote(path)
    if not (path + "/").startswith(base) and path != base.rstrip("/"):
        return None
    return path[len(base) :]


_RECORD_FIX = (
    "链接本站记录写记录文件的路径（如 [通知](../2025/xzf-00001.md)），附件写 files/ 下的路径；"
    "链接栏目、年报等页面，照网站上该页地址栏的路径核对（如 {example}）。"
)
_PAGE_FIX = (
    "链接 docs 里的页面写它的文件路径（如 guide.md），链接生成的页面写其路径（如 xxgk/index.md），"
    "或照网站上该页地址栏的路径写成以 / 开头的地址（如 {example}）。"
)


_REPORT_FIX = "年报中链接本站的页面或记录，照网站上该页地址栏的路径写成以 / 开头的地址（如 {example}）。"


def _one(path, line, dest, url: str, base: str, site: Addresses, problems, fix) -> None:
    """An error unless the address `url` (from the host's root) is one of `site`'s, served at `base`."""
    target = _from_root(url, base)
    if target is not None and site.has(target):
        return
    if target is None:
        message = f"链接 {dest} 指向网站根目录之外（网站放在 site_url 的目录下）。"
    elif urlsplit(dest).path.lstrip("/") != target:
        message = f"链接 {dest}（即网站的 /{target}）指向的页面或文件本站没有。"
    else:
        message = f"链接 {dest} 指向的页面或文件本站没有。"
    problems.error(path, line, None, message, fix.format(example=base + site.example))
