"""Generated pages outside the navigation (records, the later pages of lists) served from the build
cache (gongkai.publish.buildcache) when nothing they are made from has changed.

A merge changes a few records, not the site; yet MkDocs converts and renders every page, 10,000
records' worth, on every build. A page's written HTML is kept under a key that digests what makes
it:

- the site (`site_key`): this package's code, templates and assets, every installed distribution's
  version (MkDocs, Material, Markdown and its extensions, Jinja) and Python's, the theme's
  template folders outside the installed packages (docs/overrides), and the whole configuration
  after every plugin's `on_config` (mkdocs.yml, the footer facts, the Markdown extensions'
  settings);
- the page: its address (src_uri, dest_uri, url), the Markdown the core generated for it (its
  title, body, dates, statuses as of the build's day, its links, the 当前位置 line), whether it
  is cleaned as a clerk's text, and for every link in that Markdown the address of the file it
  names on this site, or that there is none (a deleted record's links elsewhere change);
- its menu, checked once every page is read (`settle`): a record page's compact menu (gk_nav:
  the top sections' titles and addresses, the way to its category), another page's whole
  navigation tree. An entry made with another menu is converted after all (the key could not
  hold it: the top sections' titles are known only once their pages are read).

A page whose conversion or rendering logged anything (a broken link) is never kept, so a cached
page never hides a message (`--strict` counts them). Entries are written only after a build
that passed (the leak scan and the page policy included), and the leak scan reads every page,
cached or not, unless that build's scan passed the same page under the same secrets and rules
(scanmemo.py). On a hit the page is neither converted nor put into the theme's templates:
a one-line template (templates/gongkai-cached.html) writes the kept HTML as it is. The cache is
used only when every page event is this plugin's (another plugin's page handler could make the
page differ with state of its own), for `mkdocs build` (not serve, not --dirty).
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
import site
import sysconfig
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from gongkai.plugin import recordnav
from gongkai.plugin.converting import ours_alone
from gongkai.publish.buildcache import BuildCache, Stager, canonical, code_digest, digest, folder_digest

log = logging.getLogger("mkdocs.plugins.gongkai")
KIND = "pages"
#: The template of a page served from the cache: `{{ page.content }}`, the kept page as it is.
CACHED_TEMPLATE = "gongkai-cached.html"
#: Events whose handlers shape a page: with one of another plugin's, the cache stays off.
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page", "env")
#: Where a page's Markdown names another file: [text](target), ![alt](target), [ref]: target, href="", src="".
_LINKS = re.compile(
    r"\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)|(?:href|src)\s*=\s*[\"']([^\"']+)", re.M
)


class CachedPage(Page):
    """A page whose HTML comes from the cache: rendering it converts nothing (`settle` converts it
    after all if its menu changed). A Page of its own kind, as Material's blog plugin has its posts."""

    entry: dict | None = None

    def read_source(self, config) -> None:
        if self.entry is None:
            return super().read_source(config)
        self.markdown, self.meta = "", {}  # its Markdown is not converted (see PageCache.settle)

    def render(self, config, files) -> None:
        if self.entry is None:
            return super().render(config, files)
        kept = self.entry
        self.content = ""  # the kept page is given to the template in on_page_context
        self._title_from_render = kept["title"]
        self.present_anchor_ids = set(kept["anchors"])
        links = kept["links"]
        if links is not None:
            found = {uri: files.get_file_from_path(uri) for uri in links}
            self.links_to_anchors = {f: links[uri] for uri, f in found.items() if f is not None}


class PageCache:
    def __init__(self):
        self.store: BuildCache | None = None
        self.site = ""
        #: src_uri -> key, for every page that may be kept (generated, outside the navigation).
        self.keys: dict[str, str] = {}
        #: src_uri -> the entry served (title, anchors, links, nav; its HTML is read again when the
        #: page is written: 50,000 pages' HTML held from the start would take about 1 GB).
        self.hits: dict[str, dict] = {}
        #: Pages that logged a message while read or rendered: never kept.
        self.noisy: set[str] = set()
        #: Entries written beside their place as the pages are (BuildCache.stage, on a thread of
        #: their own), put in place once the build has passed.
        self.stager: Stager | None = None
        self._tree = ""
        self._handler: _Noisy | None = None
        self._dates = False
        #: Pages served from the cache and pages made again in the last build (for its log and the benchmark).
        self.kept = self.made = 0

    @property
    def active(self) -> bool:
        return self.store is not None

    def start(self, plugin, config, files, nav, folder: Path | None) -> set[str]:
        """Look up every generated page outside the navigation; the hits (src_uri) are not converted."""
        self.cancel()
        self.keys, self.hits, self.noisy = {}, {}, set()
        self.kept = self.made = 0
        if folder is None or not ours_alone(config, plugin, PAGE_EVENTS):
            return set()
        self.store = BuildCache(folder)
        self.stager = Stager(self.store, KIND)
        self._handler = _Noisy(config, self.noisy)
        logging.getLogger("mkdocs").addHandler(self._handler)
        self.site, self._dates = site_key(config)
        in_nav = {page.file.src_uri for page in nav.pages}
        found: dict[tuple[str, str], list] = {}  # (folder, link) -> what it names: many pages share links
        for file in files.documentation_pages():
            uri = file.src_uri
            if uri not in plugin.generated or uri in in_nav:
                continue
            updated = (plugin.updated.get(uri) or plugin.builder.newest) if self._dates else None
            key = digest(
                self.site,
                uri,
                file.dest_uri,
                file.url,
                file.content_string,
                uri in plugin.untrusted_uris,
                uri in plugin.record_pages,
                updated,
                canonical(_link_targets(uri, file.content_string, files, found)),
            )
            self.keys[uri] = key
            kept = _entry(self.store.get(KIND, key), uri)
            if kept is not None:  # its HTML is read again when the page is written
                self.hits[uri] = kept[0]
                CachedPage(None, file, config).entry = kept[0]
        return set(self.hits)

    def settle(self, plugin, config, files, nav) -> None:
        """Once every page is read: a hit made with another menu than this build's is converted now."""
        if not self.active:
            return
        self._tree = digest(canonical(_tree(nav.items)))
        for uri, kept in list(self.hits.items()):
            page = files.get_file_from_path(uri).page
            if kept["nav"] == self.nav_key(plugin, page, config):
                page.meta["template"] = CACHED_TEMPLATE
                continue
            del self.hits[uri]
            page.entry = None
            config._current_page = page
            try:  # as MkDocs reads and converts a page (mkdocs.commands.build._populate_page)
                page.read_source(config)
                page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
                page.render(config, files)
                page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
            finally:
                config._current_page = None

    def nav_key(self, plugin, page, config) -> str:
        """What of the navigation the page shows: a record's compact menu, or the whole tree."""
        record = plugin.record_pages.get(page.file.src_uri)
        if record is not None and page.meta.get("template") in (recordnav.TEMPLATE, CACHED_TEMPLATE):
            return digest("record", canonical(plugin.record_nav(record, config)))
        return digest("tree", page.meta.get("template", ""), self._tree)

    def hit(self, page) -> dict | None:
        return self.hits.get(page.file.src_uri)

    def html(self, page) -> str:
        """The HTML of a page served from the cache, read again from its entry."""
        uri = page.file.src_uri
        kept = _entry(self.store.get(KIND, self.keys[uri]), uri) if self.store is not None else None
        if kept is None:  # checked when the build started: changed since
            folder = self.store.root if self.store is not None else "生成缓存"
            raise PluginError(f"生成缓存中 {uri} 的条目在构建过程中被改动或删除。改法：删除 {folder} 后重新构建。")
        return kept[1]

    def keep(self, plugin, page, config, output: str) -> None:
        """A page written in this build, kept for the next once the build passed (unless it logged)."""
        uri = page.file.src_uri
        key = self.keys.get(uri)
        if key is None or uri in self.noisy or uri in self.hits:
            return
        links = page.links_to_anchors
        kept = {
            "uri": uri,
            "nav": self.nav_key(plugin, page, config),
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: v for f, v in links.items()},
        }
        # One line of JSON (it escapes line breaks), then the page as written.
        content = json.dumps(kept, ensure_ascii=False).encode("utf-8") + b"\n" + output.encode("utf-8")
        self.stager.put(key, content)

    def finish(self) -> None:
        """After a build that passed: write what it staged, remove what it no longer needs."""
        if self.store is None:
            return
        for key, staged in self.stager.close():
            self.store.commit(KIND, key, staged)
        self.stager = None
        for uri in self.hits:
            self.store.keep(KIND, self.keys[uri])
        self.store.prune((KIND,))
        self.kept, self.made = len(self.hits), len(self.keys) - len(self.hits)
        log.info(f"生成缓存：{self.kept} 页沿用上次的结果，{self.made} 页重新生成")
        self.cancel()

    def cancel(self) -> None:
        if self.stager is not None:
            for _, staged in self.stager.close():  # a build that failed: nothing it made is kept
                staged.unlink(missing_ok=True)
            self.stager = None
        if self._handler is not None:
            logging.getLogger("mkdocs").removeHandler(self._handler)
            self._handler = None
        self.store = None


def _entry(raw: bytes | None, uri: str) -> tuple[dict, str] | None:
    """What an entry says of its page and the page's HTML, if it is an entry of `uri`."""
    end = raw.find(b"\n") if raw is not None else -1
    if end < 0:
        return None
    try:
        entry, html = json.loads(raw[:end].decode("utf-8")), raw[end + 1 :].decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return None
    fields = {"uri": str, "nav": str, "title": (str, type(None)), "anchors": list}
    if not isinstance(entry, dict) or any(not isinstance(entry.get(k), t) for k, t in fields.items()):
        return None
    if entry["uri"] != uri or not isinstance(entry.get("links"), (dict, type(None))):
        return None
    return entry, html


def site_key(config) -> tuple[str, bool]:
    """The digest of what every page is made with, and whether a template shows a page's date."""
    # An installed theme's templates (inside site-packages, by path) are its distribution's version,
    # which code_digest holds; any other folder is digested: the project's overrides wherever the
    # project lies, inside a virtual environment's folder or under /usr with Debian's Python (a test
    # of sys.prefix as a string prefix once left them out of the key).
    installed = {Path(sysconfig.get_paths()[p]).resolve() for p in ("purelib", "platlib")}
    installed.update(Path(p).resolve() for p in site.getsitepackages())
    theme, dates = [], False
    for folder in config.theme.dirs:
        path = Path(folder).resolve()
        if not any(path.is_relative_to(root) for root in installed):
            theme.append((str(folder), folder_digest(path)))
        for template in path.rglob("*.html") if path.is_dir() else ():
            dates = dates or "update_date" in template.read_text("utf-8", "replace")
    # The navigation (the plugin's, or mkdocs.yml's) reaches a page only through its menu: checked
    # page by page in `settle`, so a renamed category makes again the pages that show it, not all.
    skip = {"site_dir", "config_file_path", "docs_dir", "plugins", "theme", "_current_page", "nav"}
    settings = {k: _canon(v) for k, v in config.items() if k not in skip}
    plugins = [(name, _canon(dict(plugin.config))) for name, plugin in config.plugins.items()]
    themed = [config.theme.name, _canon(dict(config.theme)), sorted(config.theme.static_templates)]
    text = canonical([settings, plugins, themed, theme, dates])
    if config.config_file_path:  # the project's folder may move (another CI runner, a copy): not the output
        project = str(Path(config.config_file_path).resolve().parent)
        text = text.replace(json.dumps(project)[1:-1], "<project>")
    return digest(code_digest(), text), dates


def _canon(value, depth: int = 0):
    """`value` as plain data, the same for the same settings in every run (no object addresses)."""
    if depth > 8:
        return type(value).__qualname__
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict) or hasattr(value, "items"):
        return sorted(([str(k), _canon(v, depth + 1)] for k, v in value.items()), key=lambda kv: kv[0])
    if isinstance(value, (list, tuple)):
        return [_canon(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_canon(v, depth + 1) for v in value), key=repr)
    if callable(value) and hasattr(value, "__code__"):
        cells = [c.cell_contents for c in (value.__closure__ or ()) if _filled(c)]
        return {
            "function": f"{value.__module__}.{value.__qualname__}",
            "defaults": _canon(value.__defaults__, depth + 1),
            "closure": _canon(cells, depth + 1),
        }
    if hasattr(value, "__dict__"):
        return {"type": type(value).__qualname__, "vars": _canon(vars(value), depth + 1)}
    return re.sub(r" at 0x[0-9a-f]+", "", repr(value))


def _filled(cell) -> bool:
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:
        return False
    return True


def _tree(items) -> list:
    """The navigation as the theme shows it: titles, addresses, sections' children."""
    out = []
    for item in items:
        title = item.title
        if item.is_section:
            out.append(["section", title, _tree(item.children)])
        elif item.is_page:
            out.append(["page", title, item.url, item.file.src_uri])
        else:
            out.append(["link", title, getattr(item, "url", "")])
    return out


def _link_targets(uri: str, markdown: str, files, found: dict) -> list:
    """Every link of the page's Markdown to a file of this site, with that file's address (None: none)."""
    out = []
    folder = posixpath.dirname(uri)
    for match in _LINKS.finditer(markdown):
        target = next(g for g in match.groups() if g is not None)
        known = found.get((folder, target))
        if known is None:
            known = found[folder, target] = _named(folder, target, files)
        if known:
            out.append([target, known])
    return out


def _named(folder: str, target: str, files) -> list:
    """What the link `target` in a page of `folder` names: the file's address and kind for the path,
    path/index.md and path/README.md (None where there is none); [] for a link off the site."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return []
    path = unquote(parts.path)
    path = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(folder, path))
    candidates = [path]
    if not posixpath.splitext(path)[1]:  # a folder's address: MkDocs looks for its index page
        candidates += [posixpath.join(path, "index.md"), posixpath.join(path, "README.md")]
    named = []
    for candidate in candidates:
        file = files.get_file_from_path(candidate)
        named.append(None if file is None else [file.url, file.is_documentation_page()])
    return named


class _Noisy(logging.Handler):
    """Notes the page being read or rendered whenever a message is logged."""

    def __init__(self, config, noisy: set[str]):
        super().__init__(logging.INFO)
        self.config, self.noisy = config, noisy

    def emit(self, record) -> None:
        page = getattr(self.config, "_current_page", None)
        if page is not None:
            self.noisy.add(page.file.src_uri)
