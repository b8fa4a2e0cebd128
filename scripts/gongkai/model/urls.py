"""Where every generated page lives. URLs come from the 索引号 and slugs only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # gongkai.model.taxonomy reads the folder names below
    from gongkai.model.records import Attachment, Record
    from gongkai.model.taxonomy import Agency, Category

#: The folders of generated pages under `url_prefix` (see `Urls`), and what each holds. A record's
#: page is `<url_prefix>/<索引号>/`: with an agency code named like one of them, it would land among
#: those pages (`xxgk/category/2025-00001/` is also the page of a category with that slug).
FOLDERS = {
    "category": "栏目列表页",
    "agency": "发布机构列表页",
    "year": "年份列表页",
    "sousuo": "站内搜索页",
    "feeds": "订阅文件（Atom）",
    "wzdt": "网站地图",
    "tongji": "统计页",
    "nianbao": "年报页",
}
#: A list's pages after the first: `<list>/page/2/`.
PAGE = "page"
#: The files of `feeds/` besides one per category (`<slug>.xml`, `<slug>.<child>.xml`).
FEED_FILES = {"all": "全站订阅 all.xml", "sitemap": "订阅目录的空 sitemap.xml"}
#: Folders at the root of the site beside `url_prefix`: data/ (数据下载), gongkai/ (our CSS and
#: script), pagefind/ (the search index), and the theme's assets/ and search/.
ROOT_FOLDERS = {
    "data": "数据下载",
    "gongkai": "gongkai 的样式和脚本",
    "pagefind": "站内搜索索引",
    "assets": "主题的样式和脚本",
    "search": "MkDocs 搜索插件的索引",
}
#: The file a folder's page is written to: a folder named so (a code `index.html`) would stand where
#: the page of its parent folder is (`xxgk/agency/index.html`).
PAGE_FILE = "index.html"


class Urls:
    """Source paths (MkDocs `src_uri`) of the generated pages of one site."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def catalogue(self) -> str:
        return f"{self.prefix}/index.md"

    def record(self, record: Record) -> str:
        return f"{self.prefix}/{record.index_no}.md"

    def attachment(self, record: Record, attachment: Attachment) -> str:
        return f"{self.prefix}/{record.index_no}/{attachment.name}"

    def category(self, category: Category, page: int = 1) -> str:
        return self._paged(f"{self.prefix}/category/{category.slug_path}", page)

    def category_was(self, slug_path: str) -> str:
        """Where a category's list was under a former slug path (see Category.former_paths)."""
        return f"{self.prefix}/category/{slug_path}/index.md"

    def feed_was(self, slug_path: str) -> str:
        """Where a category's feed was under a former slug path."""
        return f"{self.prefix}/feeds/{slug_path.replace('/', '.')}.xml"

    def agencies(self) -> str:
        return f"{self.prefix}/agency/index.md"

    def years(self) -> str:
        return f"{self.prefix}/year/index.md"

    def agency(self, agency: Agency, page: int = 1) -> str:
        return self._paged(f"{self.prefix}/agency/{agency.code}", page)

    def year(self, year: int, page: int = 1) -> str:
        return self._paged(f"{self.prefix}/year/{year}", page)

    def search(self) -> str:
        return f"{self.prefix}/sousuo/index.md"

    def feed(self, category: Category | None = None) -> str:
        """The Atom feed of the site, or of a category: all in one folder, see `feeds_sitemap`."""
        name = "all" if category is None else category.slug_path.replace("/", ".")
        return f"{self.prefix}/feeds/{name}.xml"

    def feeds_sitemap(self) -> str:
        """An empty sitemap beside the feeds: Material's script fetches sitemap.xml from the folder
        of every <link rel="alternate"> on a page (for its language selector), so without it each
        page view logs a 404; with the feeds at the root it would fetch the whole site map."""
        return f"{self.prefix}/feeds/sitemap.xml"

    @staticmethod
    def data(name: str = "index.md") -> str:
        """数据下载 (/data/) and its files: catalog.json, catalog.csv, catalog.schema.json."""
        return f"data/{name}"

    def site_map(self) -> str:
        """网站地图 (wzdt, as government sites name it)."""
        return f"{self.prefix}/wzdt/index.md"

    def statistics(self) -> str:
        return f"{self.prefix}/tongji/index.md"

    def reports(self) -> str:
        return f"{self.prefix}/nianbao/index.md"

    def report(self, slug: str) -> str:
        return f"{self.prefix}/nianbao/{slug}/index.md"

    def report_csv(self, slug: str, table: str) -> str:
        return f"{self.prefix}/nianbao/{slug}/{table}.csv"

    @staticmethod
    def report_data(slug: str) -> str:
        """A report's figures as open data (gongkai.publish.annualdata): data/annual/<slug>.json."""
        return f"data/annual/{slug}.json"

    @staticmethod
    def _paged(base: str, page: int) -> str:
        return f"{base}/index.md" if page == 1 else f"{base}/page/{page}.md"

    @staticmethod
    def first_page(uri: str) -> str | None:
        """The first page of the list whose later page is `uri` (`<list>/page/2.md`), or None."""
        base, sep, rest = uri.rpartition(f"/{PAGE}/")
        return f"{base}/index.md" if sep and rest.removesuffix(".md").isdigit() and rest.endswith(".md") else None


def relative(from_uri: str, to_uri: str) -> str:
    """A Markdown link from one source file to another; MkDocs turns it into a URL.

    Same result as `posixpath.relpath` for these clean relative paths, several times faster
    (it runs some 100,000 times for a county-year of records).
    """
    start = from_uri.split("/")[:-1]
    target = to_uri.split("/")
    common = 0
    for a, b in zip(start, target[:-1], strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:])


# Kinds of `Output`: what writes a file of the built site.
GENERATED, HAND_WRITTEN, OTHER, WHOLE = "generated", "docs", "other", "folder"


@dataclass(frozen=True)
class Output:
    """A file of the built site (`dest`, its path under site/), and what writes it."""

    dest: str
    source: str  # the MkDocs src_uri, or a folder written outside MkDocs
    kind: str = GENERATED

    def describe(self) -> str:
        if self.kind == HAND_WRITTEN:
            return f"docs 目录中的 {self.source}"
        if self.kind == OTHER:
            return f"主题或其他插件的 {self.source}"
        if self.kind == WHOLE:
            return self.source
        return f"生成的 {self.source}"


class OutputClash(Exception):
    """Two outputs claim one file of the site (or one a file, the other a folder of that name)."""

    def __init__(self, first: Output, second: Output, where: str):
        super().__init__(where)
        self.first, self.second, self.where = first, second, where

    def message(self) -> str:
        """In Chinese, with the fix: a hand-written file is the one to rename."""
        a, b = self.first, self.second
        if a.kind == b.kind == HAND_WRITTEN:
            return f"{a.describe()} 和{b.describe()} {self.where}，后写的会覆盖先写的；请改名或移走其中一个。"
        hand = a if a.kind == HAND_WRITTEN else b if b.kind == HAND_WRITTEN else None
        if hand is not None:
            other = b if hand is a else a
            return (
                f"{hand.describe()} 与生成的页面同名（它和{other.describe()} {self.where}）；请改名或移走手写的文件。"
            )
        return (
            f"{a.describe()} 和{b.describe()} {self.where}，后写的会覆盖先写的，网站未生成。"
            "改法：多半是 records/taxonomy.yml 中的机构代码或栏目网址片段与网站的目录同名，改掉它；"
            "找不到原因时请把这条消息报告给维护者。"
        )


class Outputs:
    """Every file of the built site, with what writes it: one writer each.

    MkDocs writes a page `a/b.md` to `a/b/index.html` (use_directory_urls), so pages of different
    source paths can land on one file; it writes them one after the other, the last wins, and nothing
    is said. Each output is claimed here first: a second claim on a file raises `OutputClash`, as
    does a file where another output needs a folder (`x/index.html` and `x/index.html/…`).
    """

    def __init__(self):
        self.files: dict[str, Output] = {}
        #: Each folder that holds an output -> the first output under it.
        self._folders: dict[str, Output] = {}
        #: Folders written whole outside MkDocs (the search index) -> their output.
        self._taken: dict[str, Output] = {}

    def claim(self, dest: str, source: str, kind: str = GENERATED) -> None:
        new = Output(dest, source, kind)
        if dest in self.files:
            raise OutputClash(self.files[dest], new, f"都要写到网站的 {dest}")
        if dest in self._folders:
            raise OutputClash(self._folders[dest], new, f"一个要把 {dest} 作文件夹、一个作文件")
        parts = dest.split("/")
        for i in range(1, len(parts)):
            folder = "/".join(parts[:i])
            if folder in self.files:
                raise OutputClash(self.files[folder], new, f"一个要把 {folder} 作文件、一个作文件夹")
            if folder in self._taken:
                raise OutputClash(self._taken[folder], new, f"都要写到网站的 {folder}/ 目录中")
        for i in range(1, len(parts)):
            self._folders.setdefault("/".join(parts[:i]), new)
        self.files[dest] = new

    def claim_folder(self, folder: str, source: str) -> None:
        """A folder some other program writes whole (Pagefind's pagefind/): nothing else goes in it."""
        new = Output(folder + "/", source, WHOLE)
        inside = self.files.get(folder) or self._folders.get(folder)
        if inside is not None:
            raise OutputClash(inside, new, f"都要写到网站的 {folder}/ 目录中")
        self._taken[folder] = new
