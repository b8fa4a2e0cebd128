"""Where every generated page lives. URLs come from the 索引号 and slugs only."""

from __future__ import annotations

from .records import Attachment, Record
from .taxonomy import Agency, Category


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
    def _paged(base: str, page: int) -> str:
        return f"{base}/index.md" if page == 1 else f"{base}/page/{page}.md"


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
