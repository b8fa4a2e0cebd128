"""Links to the site's own addresses, checked before the build: a record body's `/xxgk/…` (an address
copied from the browser) and a hand-written page's links to pages, which no file check reads.

A record links another record or a file by its path (`../2024/czj-00001.md`, `files/a.pdf`), which
the record checks follow. What they leave is a destination that is an address of the site: an
absolute path in a record (`/xxgk/nianbao/2024/`), and any relative or absolute path in a page under
docs/ (`xxgk/nianbao/2024/`, `guide.md`). Each must name a page or a file the build makes: a
record's page or file, a list (and its later pages), 统计, 年报, 数据下载, a hand-written page or a
file of docs/. Otherwise it is an error at its line, as a broken file link is, in check and in the
build alike (the inspection counts links that do not open).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from gongkai.model.urls import FEED_FILES, ROOT_FOLDERS, Urls
from gongkai.text.bodylinks import destinations
from gongkai.text.problems import Problems

_PAGED = re.compile(r"^(?P<list>.+/)page/[1-9][0-9]*/$")
#: A destination that starts with / (inline, in <>, or a reference's definition).
_MAY_LINK_ROOT = re.compile(r"\]\(\s*<?/|\]:\s*<?/")


def addresses(catalog, pages: list[Path], docs: Path | None, held=()) -> set[str]:
    """Every address the site will have, relative to its root: pages as `folder/`, files by name.
    The reports of `held` (dated later: published on their day) are not among them yet."""
    return {address(u) for u in sources(catalog, pages, docs, held)}


def sources(catalog, pages: list[Path], docs: Path | None, held=()) -> set[str]:
    """The source path (MkDocs' src_uri) of every page and file the site will have (see `addresses`)."""
    urls = Urls(catalog.settings.url_prefix)
    tax = catalog.taxonomy
    uris = [urls.catalogue(), urls.agencies(), urls.years(), urls.site_map(), urls.statistics(), urls.data()]
    uris += [urls.search()] if catalog.settings.search == "pagefind" else []
    every = [c for top in tax.categories for c in (top, *top.children)]
    uris += [urls.category(c) for c in every]
    uris += [urls.agency(a) for a in tax.agencies] + [urls.year(y) for y in catalog.years()]
    for rec in catalog.records:
        uris.append(urls.record(rec))
        uris += [urls.attachment(rec, a) for a in (*rec.attachments, *rec.body_files)]
    reports = [r for r in catalog.reports if r not in held]
    if reports:
        uris += [urls.reports(), urls.data("annual/schema.json")]
        for r in reports:
            uris += [urls.report(r.slug), urls.report_data(r.slug)]
            uris += [urls.report_csv(r.slug, t) for t in ("table2", "table3", "table4")]
    data = ("catalog.csv", "catalog.json", "catalog.schema.json", *(f"{k}.schema.json" for k in SCHEMAS))
    uris += [urls.data(n) for n in data]
    uris += [urls.feed(c) for c in every]
    uris += [f"{urls.prefix}/feeds/{n}.xml" for n in FEED_FILES]
    uris += ["index.md", "404.html", "sitemap.xml", "sitemap.xml.gz"]
    if docs is not None:
        uris += [p.relative_to(docs).as_posix() for p in pages]
    return set(uris)


#: The editors' schemas /data/ publishes (gongkai.publish.outputs): record, report and the ledgers'.
SCHEMAS = ("record", "report", "request", "appeal")


def address(uri: str) -> str:
    """The address of a source path (MkDocs' directory URLs): `a/b.md` → `a/b/`, `a/index.md` → `a/`."""
    if not uri.endswith(".md"):
        return uri
    stem = uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _known(target: str, known: set[str]) -> bool:
    if target in known or target + "/" in known or target.removesuffix("index.html") in known:
        return True
    if target.split("/", 1)[0] in _THEIRS:
        return True
    paged = _PAGED.match(target if target.endswith("/") else target + "/")
    return paged is not None and paged.group("list") in known


#: Folders of files that are not listed one by one: the theme's, Pagefind's and our own.
_THEIRS = frozenset(ROOT_FOLDERS) - {"data"}


def _in_code(text: str) -> str:
    """`text` with its code spans blanked (`[x](/a/)` in backticks is shown, not linked)."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group()), text) if "`" in text else text


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def check(
    catalog,
    pages: list[Path],
    docs: Path | None,
    problems: Problems,
    site_path: str = "/",
    skip: Iterable = (),
    held=(),
) -> None:
    """An error for each link to an address of the site that it will not have (see the module). The
    records scheduled for later are read too, with the addresses they will find on their day."""
    files = sources(catalog, pages, docs, held)
    known = {address(u) for u in files}
    base = "/" + site_path.strip("/") + "/" if site_path.strip("/") else "/"
    later = {address(Urls(catalog.settings.url_prefix).record(r)) for r in catalog.scheduled}
    for rec in {r.path: r for r in (*catalog.records, *catalog.scheduled)}.values():  # serve lists them twice
        targets = known | later if rec.published > (catalog.as_of or rec.published) else known
        check_record(rec, targets, base, problems)
    for page in pages:
        if docs is None or page.suffix != ".md" or page in skip:
            continue
        try:
            text = page.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # said by the page checks
        source = page.relative_to(docs).as_posix()
        for line, dest in destinations(_in_code(text)):
            parts = urlsplit(dest)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if parts.path.startswith("/"):
                _one(page, line + 1, dest, _from_root(parts.path, base), known, problems, _PAGE_FIX)
                continue
            path = unquote(parts.path)
            # As MkDocs reads it: from the source file's folder, where it names a file of the site (a
            # page's .md, an image, a generated file: MkDocs writes the link to it); else, for what is
            # not a .md, as the browser reads it from the page's address.
            target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
            if target in files or target.split("/", 1)[0] in _THEIRS:
                continue
            if path.endswith(".md"):
                if target == ".." or target.startswith("../"):
                    problems.error(page, line + 1, None, f"链接 {dest} 指向 docs 目录之外的文件。", _PAGE_FIX)
                else:
                    _one(page, line + 1, dest, address(target), known, problems, _PAGE_FIX)
                continue
            here = "/" + address(source)
            url = posixpath.normpath(posixpath.join(posixpath.dirname(here) if not here.endswith("/") else here, path))
            target = url.lstrip("/")  # a browser stops at the root: /a/../../b is /b
            target = "" if target == "." else target
            if path.endswith("/") and target and not target.endswith("/"):
                target += "/"
            _one(page, line + 1, dest, target, known, problems, _PAGE_FIX)


def check_record(rec, known: set[str], base: str, problems: Problems, folders: frozenset[str] = frozenset()) -> None:
    """The addresses of the site `rec`'s body links to (`/xxgk/…`), each one of `known` (or a file in
    one of `folders`, the records' pages whose files are not listed: see `rough_addresses`)."""
    if not _MAY_LINK_ROOT.search(rec.body):  # at C speed: most bodies name no address of the site
        return
    for line, dest in destinations(_in_code(rec.body)):
        parts = urlsplit(dest)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        target = _from_root(parts.path, base)
        if target is not None and folders and posixpath.dirname(target.rstrip("/")) + "/" in folders:
            continue
        _one(rec.path, rec.body_line + line, dest, target, known, problems, _RECORD_FIX)


def rough_addresses(settings, taxonomy, index_nos, reports: list[str], pages: list[Path], docs: Path | None):
    """The addresses of `addresses`, as a check of a few changed records knows them (every
    索引号 given, any year, the reports by file name), and the folders of the records' pages, whose
    files are taken on trust: (addresses, folders)."""
    urls = Urls(settings.url_prefix)
    uris = [urls.catalogue(), urls.agencies(), urls.years(), urls.site_map(), urls.statistics(), urls.data()]
    uris += [urls.search(), urls.reports(), urls.data("annual/schema.json"), "index.md", "404.html", "sitemap.xml"]
    every = [c for top in taxonomy.categories for c in (top, *top.children)]
    uris += [urls.category(c) for c in every] + [urls.agency(a) for a in taxonomy.agencies]
    uris += [f"{urls.prefix}/{no}.md" for no in index_nos]
    years = {no.split("/")[-1][:4] for no in index_nos} | {s[:4] for s in reports}
    uris += [urls.year(int(y)) for y in years if y.isdigit()]
    for slug in reports:
        uris += [urls.report(slug), urls.report_data(slug)]
        uris += [urls.report_csv(slug, t) for t in ("table2", "table3", "table4")]
    data = ("catalog.csv", "catalog.json", "catalog.schema.json", *(f"{k}.schema.json" for k in SCHEMAS))
    uris += [urls.data(n) for n in data] + [urls.feed(c) for c in every]
    uris += [f"{urls.prefix}/feeds/{n}.xml" for n in FEED_FILES]
    if docs is not None:
        uris += [p.relative_to(docs).as_posix() for p in pages]
    return {address(u) for u in uris}, frozenset(f"{urls.prefix}/{no}/" for no in index_nos)


def _from_root(path: str, base: str) -> str | None:
    path = unquote(path)
    if not (path + "/").startswith(base) and path != base.rstrip("/"):
        return None
    return path[len(base) :]


_RECORD_FIX = (
    "链接本站记录写记录文件的路径（如 [通知](../2025/xzf-00001.md)），附件写 files/ 下的路径；"
    "链接栏目、年报等页面，照网站上该页地址栏的路径核对（如 /xxgk/nianbao/2024/）。"
)
_PAGE_FIX = (
    "链接 docs 里的页面写它的文件路径（如 guide.md），链接生成的页面写其路径（如 xxgk/index.md），"
    "或照网站上该页地址栏的路径写成以 / 开头的地址（如 /xxgk/nianbao/2024/）。"
)


def _one(path, line, dest, target, known, problems, fix) -> None:
    if target is not None and _known(target, known):
        return
    if target is None:
        message = f"链接 {dest} 指向网站根目录之外（网站放在 site_url 的目录下）。"
    elif urlsplit(dest).path.lstrip("/") != target:
        message = f"链接 {dest}（即网站的 /{target}）指向的页面或文件本站没有。"
    else:
        message = f"链接 {dest} 指向的页面或文件本站没有。"
    problems.error(path, line, None, message, fix)
