"""The site model: validated records with their indexes and cross-links."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shlex
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from gongkai.guards import personal, sourcescan
from gongkai.guards.leaks import key_of, key_text
from gongkai.model import rules, sitelinks
from gongkai.model.defaults import APPEAL_RESULTS, APPEAL_TYPES, APPLICANTS, CHANNELS, LAWSUIT_ROUTES, OUTCOMES
from gongkai.model.indexno import IndexNoPattern, PatternError
from gongkai.model.ledgers import Deadlines, Ledgers, deadlines, load_ledgers
from gongkai.model.records import Record, RecordReader, check_links, misnamed_hint, record_files
from gongkai.model.reports import Report, load_reports
from gongkai.model.schema import FIELDS
from gongkai.model.settings import Settings
from gongkai.model.taxonomy import Agency, Category, Taxonomy, load_taxonomy
from gongkai.model.urls import FOLDERS, PAGE, PAGE_FILE, ROOT_FOLDERS
from gongkai.model.workdays import Calendar
from gongkai.portal import annual, frozen, twocores
from gongkai.portal.recordcache import RecordCache, context_of, file_digest, fingerprint, read_or_none, tracked
from gongkai.sitesearch import search
from gongkai.sitesearch.synonyms import FILE as SYNONYMS_FILE
from gongkai.sitesearch.synonyms import Synonyms, load_synonyms
from gongkai.text import attachtext, bodytext, pii
from gongkai.text.problems import InputError, Problems
from gongkai.text.secret import Secret


@dataclass
class Catalog:
    """Everything the pages are made from. Drafts are validated but kept apart."""

    settings: Settings
    taxonomy: Taxonomy
    records: list[Record]  # published, newest first
    drafts: list[Record] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    #: Records that publish personal data on purpose (pii_exempt), listed on every run.
    exemptions: list = field(default_factory=list)
    #: The request and appeal ledgers: counted, never published row by row.
    ledgers: Ledgers = field(default_factory=Ledgers)
    #: The annual reports (年报), newest year first.
    reports: list[Report] = field(default_factory=list)
    #: The legal reply deadline of each request and the replies that came after it.
    deadlines: Deadlines = field(default_factory=Deadlines)
    #: Records dated after `as_of` (定时发布): validated, published on their day (gongkai.text.asof).
    scheduled: list[Record] = field(default_factory=list)
    #: The day the catalogue is as of (None: every dated record counts as published).
    as_of: dt.date | None = None
    #: Words that mean the same, for search (records/synonyms.yml).
    synonyms: Synonyms = field(default_factory=Synonyms)

    def __post_init__(self):
        self._figures: dict[str, frozen.Figures] = {}
        #: The figures of each published report as frozen (slug -> figures): what its page prints.
        self.frozen: dict[str, frozen.Figures] = {}
        self.records = sorted(self.records, key=lambda r: r.sort_key)
        self.by_index_no = {r.index_no: r for r in self.records}
        self.by_path = {r.path: r for r in self.records}
        self._by_category: dict[str, list[Record]] = defaultdict(list)
        self._by_agency: dict[str, list[Record]] = defaultdict(list)
        self._by_year: dict[int, list[Record]] = defaultdict(list)
        self._interpretations: dict[str, list[Record]] = defaultdict(list)
        self._replaces: dict[str, list[Record]] = defaultdict(list)
        for r in self.records:
            self._by_category[r.category.path].append(r)
            if r.category.parent is not None:
                self._by_category[r.category.parent.path].append(r)
            self._by_agency[r.agency.code].append(r)
            self._by_year[r.year].append(r)
            if r.interprets:
                self._interpretations[r.interprets].append(r)
            if r.superseded_by:
                self._replaces[r.superseded_by].append(r)

    def reports_after(self, day: dt.date | None) -> list[Report]:
        """The reports whose 发布日期 is after `day` (none without a day): published on their day."""
        return [r for r in self.reports if day is not None and r.published is not None and r.published > day]

    def by_category(self, category: Category) -> list[Record]:
        """Records of a category, its sub-categories included, newest first."""
        return self._by_category.get(category.path, [])

    def by_agency(self, agency: Agency) -> list[Record]:
        return self._by_agency.get(agency.code, [])

    def ended(self, agency: Agency) -> bool:
        """Whether `agency` has ceased (机构改革) by the day the site is built as of."""
        return agency.abolished is not None and (self.as_of is None or agency.abolished <= self.as_of)

    def predecessors(self, agency: Agency) -> list[Agency]:
        """The agencies that ended into `agency` (their `successor`), in the taxonomy's order."""
        return [a for a in self.taxonomy.agencies if a.successor == agency.name and self.ended(a)]

    def by_year(self, year: int) -> list[Record]:
        return self._by_year.get(year, [])

    def years(self) -> list[int]:
        """Years with published records, newest first."""
        return sorted(self._by_year, reverse=True)

    def interpretations_of(self, record: Record) -> list[Record]:
        """政策解读 records that explain `record`."""
        return self._interpretations.get(record.index_no, [])

    def interpreted(self, record: Record) -> Record | None:
        return self.by_index_no.get(record.interprets) if record.interprets else None

    def successor(self, record: Record) -> Record | None:
        return self.by_index_no.get(record.superseded_by) if record.superseded_by else None

    def replaced_by(self, record: Record) -> list[Record]:
        """Older records that `record` supersedes."""
        return self._replaces.get(record.index_no, [])

    def tables(self, report: Report) -> annual.AnnualTables:
        """Tables 二/三/四 of an annual report as published: frozen, else from every record (drafts
        excluded) and the ledgers."""
        return self.figures(report).tables

    def figures(self, report: Report) -> frozen.Figures:
        """Every figure of a report's page: the frozen ones once published (gongkai.portal.frozen), else counted."""
        if report.slug in self.frozen:
            return self.frozen[report.slug]
        # Asked for by the identity check, the report page and its CSVs: counted once.
        if report.slug not in self._figures:
            self._figures[report.slug] = frozen.live(self, report)
        return self._figures[report.slug]

    def tables_of(self, year: int, scope: Agency | None = None, report: Report | None = None) -> annual.AnnualTables:
        """Tables 二/三/四 of a year; without its report, 收费金额 is 0 and decisions come from records."""
        return annual.compute(
            year,
            self.records,
            self.ledgers.requests,
            self.ledgers.appeals,
            report,
            self.taxonomy.report_rows(),
            scope,
            self.taxonomy.not_applicable_to(scope),
        )

    def fees_charged(self, year: int, scope: Agency | None = None) -> float:
        """信息处理费 of the requests replied in `year` (of one agency, or all), as the ledger records them."""
        return sum(
            r.fee
            for r in self.ledgers.requests
            if r.replied and r.replied.year == year and (scope is None or r.agency == scope)
        )

    def fees_by_rule(self, year: int, scope: Agency | None = None) -> dict:
        """The same fees split by the rule each request was under (gongkai.model.rules), oldest rule first."""
        out: dict = {}
        for r in self.ledgers.requests:
            if r.fee and r.replied and r.replied.year == year and (scope is None or r.agency == scope):
                rule = rules.fee_rule(r.received)
                out[rule] = out.get(rule, 0) + r.fee
        order = (rules.FEE_2007, rules.FEE_NONE, rules.FEE_2021)
        return {rule: out[rule] for rule in order if rule in out}

    def latest(self, n: int) -> list[Record]:
        return self.records[:n]

    def secrets(self) -> list[Secret]:
        """What the built site must not contain: drafts' 索引号 and titles, private front-matter values,
        the identifying values of the ledgers."""
        return secrets_of(self.records, self.drafts, self.scheduled, self.ledgers, taxonomy=self.taxonomy)


#: The titles of the pages every site has and the words every page shows (gongkai.publish, the theme's
#: header and footer, the 信息索引 box's labels): words of the site's own.
PAGE_TITLES = (
    "首页", "政府信息公开目录", "信息公开目录", "按栏目", "按发布机构", "按年份", "统计", "年报", "站内搜索",
    "数据下载", "网站地图", "政府信息公开工作年度报告", "页面不存在", "当前位置", "信息索引", "我为政府网站找错",
    "政府信息公开指南", "政府信息公开申请表", "无障碍", "长者模式", "搜索本站", "相关文件", "政策解读", "附件",
)  # fmt: skip


def public_words(taxonomy: Taxonomy | None) -> str:
    """What the site publishes of its own, one per line: the generated pages' titles, the taxonomy's
    names, the national tables' rows and columns. A draft's title or a ledger's note that is one of
    them (or a part of one) gives nothing away, and the build would find it in every page's menu or
    in the 年报's tables, where the check of the records does not look."""
    words = [*PAGE_TITLES, *APPLICANTS, *CHANNELS, *APPEAL_TYPES, *LAWSUIT_ROUTES, *APPEAL_RESULTS]
    words += [f.label for f in FIELDS] + [f.key for f in FIELDS]
    words += [w for outcome, reasons in OUTCOMES.items() for w in (outcome, *reasons)]
    if taxonomy is not None:
        words += [a.name for a in taxonomy.agencies] + taxonomy.groups()
        words += [c.name for c in taxonomy.all_categories()] + [taxonomy.government or ""]
    return "\n".join(w for w in words if w)


def secrets_of(
    records, drafts, scheduled, ledgers: Ledgers, published_titles=None, taxonomy: Taxonomy | None = None
) -> list[Secret]:
    """`Catalog.secrets` of these records (published, drafts, scheduled) and ledgers; a draft's title
    is not secret when a published record has it (`published_titles`: those of `records` unless given),
    nor is any text among the site's own words (`public_words`)."""
    if published_titles is None:
        published_titles = {r.title for r in records}
    public = "\n".join(key_text(w) for w in public_words(taxonomy).split("\n"))  # never across two words
    return [s for s in _secrets(records, drafts, scheduled, ledgers, published_titles) if key_of(s.text) not in public]


def _secrets(records, drafts, scheduled, ledgers: Ledgers, published_titles) -> list[Secret]:
    out = ledgers.secrets()
    for d in drafts:
        out.append(Secret(d.index_no, f"草稿 {d.index_no} 的索引号", loose=True))
        if d.title not in published_titles:  # a draft may be the next version of a published record
            out.append(Secret(d.title, f"草稿 {d.index_no} 的标题"))
    for d in scheduled:
        if not d.scheduled:  # shown (marked 未发布) only by mkdocs serve, which publishes nothing
            out.append(Secret(d.index_no, f"定于 {d.published} 发布的 {d.index_no} 的索引号", loose=True))
            if d.title not in published_titles:
                out.append(Secret(d.title, f"定于 {d.published} 发布的 {d.index_no} 的标题"))
    for r in sorted([*records, *drafts, *scheduled], key=lambda r: r.rel_path):
        for key, value in sorted(r.private.items()):
            for text in _leaves(value):  # a mapping or a list of them is as private as one value
                if len(text.strip()) >= 2:
                    out.append(Secret(text.strip(), f"记录 {r.rel_path} 的内部字段 {key} 的值"))
    return out


def _leaves(value) -> list[str]:
    """Every scalar of a front-matter value (keys of mappings included) as text."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in (*_leaves(k), *_leaves(v))]
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _leaves(item)]
    if value is None or isinstance(value, bool):
        return []
    return [str(value)]


def cache_committed(cache_dir: Path, base: Path, problems: Problems) -> bool:
    """Whether git tracks files of the build cache (said as an error of mkdocs.yml's build_cache):
    the drafts it holds then reach whoever reads the repository, and a cache that came with the
    repository is not one a build wrote. Unknown (False) without git, outside a repository, or in a
    repository git does not trust as this user's (its safe.directory rule is not bypassed)."""
    committed = tracked(cache_dir)
    if not committed:
        return False
    shown = os.path.relpath(cache_dir, base) if cache_dir.is_relative_to(base) else str(cache_dir)
    problems.error(
        base / "mkdocs.yml",
        None,
        "plugins.gongkai.build_cache",
        f"生成缓存的目录 {shown} 中有 {len(committed)} 个文件已提交进 git（如 {committed[0]}）："
        "缓存里有草稿等不公开的内容，提交后能读仓库的人都看得到；随仓库来的缓存也不可信，网站不用它。",
        f"在网站目录中运行 git rm -r --cached {shlex.quote(shown)} 并提交，再在 .gitignore 中写上这个目录，"
        f"如 /{shown}/。",
    )
    return True


def load_catalog(
    base: Path,
    settings: Settings,
    parallel: bool = False,
    index: bool = False,
    texts: bool = False,
    as_of: dt.date | None = None,
    show_scheduled: bool = False,
    progress: Callable[[int, int], None] | None = None,
    scan_drafts: bool = False,
    pages: Path | None = None,
    pages_excluded: Callable[[str], bool] | None = None,
    cache_dir: Path | None = None,
    code: str = "",
    site: Path | None = None,
    site_path: str = "/",
    directory_urls: bool = True,
    theme: Path | None = None,
) -> Catalog:
    """Load taxonomy and records under `base` (the folder of mkdocs.yml).

    Raises `InputError` carrying every problem when anything is wrong;
    warnings alone are kept on `catalog.problems`. With `parallel`, many records are read on two
    cores (see gongkai.portal.twocores; not under `mkdocs serve`, whose threads make forking unsafe). With
    `index`, each published record's search text is prepared too (`Record.index_text`), and with
    `texts` or `index` its first paragraph (`Record.lead`, for its 内容概述: see gongkai.text.bodytext). With
    `as_of`, records dated later are kept apart (`scheduled`), or with `show_scheduled` (mkdocs
    serve) published with their mark (`Record.scheduled`). `progress(done, total)` is called as the
    record files are read (for a status line: see gongkai.cli.progress). With `scan_drafts` (gongkai
    check), drafts are scanned for personal data too, each hit a warning due before publishing
    (gongkai.guards.personal); the build leaves it off: it publishes no draft, and a warning about one would
    stop `mkdocs build --strict`. `pages` is the folder of the hand-written pages (MkDocs' `docs_dir`):
    they are read for what the build's leak scan refuses, so that check and build agree;
    `pages_excluded(path relative to pages)` says which of its files MkDocs does not publish
    (exclude_docs, draft_docs: see gongkai.siteconfig.docs_excluded). With `cache_dir`, what reading
    each record file yielded is kept there for the next run, which reads again only the files changed
    (gongkai.portal.recordcache); `code` is the digest of the code that reads them. A cache folder
    among the pages or in `site` (MkDocs' `site_dir`) is refused: it holds drafts. Links to the
    site's own addresses, in the records and the pages, must lead to what the site has
    (gongkai.model.sitelinks; `site_path`: the path of `site_url`, where the site's root is served;
    `directory_urls`: MkDocs' use_directory_urls).
    """
    problems = Problems(root=base)
    try:
        IndexNoPattern(settings.index_no_pattern)
    except PatternError as exc:
        problems.error(
            base / "mkdocs.yml", None, "plugins.gongkai.index_no_pattern", str(exc), "默认格式是 {org}/{YYYY}-{NNNNN}。"
        )
        raise InputError(problems) from None
    _check_url_folders(settings, base / "mkdocs.yml", problems)
    if problems:
        raise InputError(problems)
    root = settings.records_path(base)
    if not root.is_dir():
        problems.error(
            root,
            None,
            None,
            "找不到记录目录。",
            "在 mkdocs.yml 旁建立 records 目录，或在插件选项 records_dir 中写明位置。",
        )
        raise InputError(problems)
    # What the taxonomy and synonyms are, taken before they are read: if they change meanwhile, no cache.
    lists = (read_or_none(root / settings.taxonomy), read_or_none(root / SYNONYMS_FILE))
    taxonomy = load_taxonomy(root / settings.taxonomy, problems)
    synonyms = load_synonyms(root / SYNONYMS_FILE, problems)
    stable = lists == (read_or_none(root / settings.taxonomy), read_or_none(root / SYNONYMS_FILE))
    # A build writes into site.building, then renames it to site (gongkai.plugin.staging).
    staged = [Path(site).with_name(Path(site).name + end) for end in (".building", ".old")] if site else []
    folders = [(f, w) for f, w in ((pages, "网页目录（docs_dir）"), (site, "网站目录（site_dir）")) if f is not None]
    folders += [(f, "构建网站时改名、删除的临时目录") for f in staged]
    exposed = [(f, w) for f, w in folders if cache_dir is not None and _within(Path(cache_dir), Path(f))]
    for folder, what in exposed:
        problems.error(
            base / "mkdocs.yml",
            None,
            "plugins.gongkai.build_cache",
            f"生成缓存的目录 {cache_dir} 在{what} {folder} 之中：缓存里有草稿等不公开的内容，会随网站一起发布"
            + ("（或随旧网站删去）。" if folder in staged else "。"),
            "把 build_cache 设在网页和网站目录之外，如默认的 .cache/gongkai。",
        )
    committed = cache_dir is not None and not exposed and cache_committed(Path(cache_dir), base, problems)
    if exposed or committed:
        raise InputError(problems)
    cache = None
    if cache_dir is not None and stable:
        # Not the day: each entry says the days it holds on (gongkai.text.pii.days_watched).
        context = context_of(code, str(base), str(root), settings, *lists, index, texts, scan_drafts)
        kind = ("drafts" if scan_drafts else "published") + ("-indexed" if index else "-read" if texts else "")
        cache = RecordCache(cache_dir, kind, context)  # one file for each kind of reading: check, build, serve
    read = functools.partial(
        _read_part,
        base=base,
        root=root,
        taxonomy=taxonomy,
        settings=settings,
        index=index,
        texts=texts,
        scan_drafts=scan_drafts,
        synonyms=synonyms,
        as_of=as_of,
    )
    misnamed: list[Path] = []
    files = record_files(root, misnamed=misnamed)
    for path in misnamed:  # else a record saved as czj-00010.md.txt would be left out without a word
        problems.error(path, None, None, *misnamed_hint(path))
    # Files read before and unchanged come from the cache; the others are read (on two cores when many).
    day = as_of if as_of is not None else dt.date.today()  # the day the personal-data guard judges by
    kept = cache.lookup_all(files, root, day) if cache is not None else {}
    todo = [path for path in files if path not in kept]
    if progress is not None and kept:
        progress = functools.partial(_progress_after, progress, len(kept), len(files))
    parts = twocores.in_halves(todo, read, parallel=parallel, progress=progress)
    results = {path: result for path, (_, _, result) in kept.items()}
    failed: set[str] = set()  # the 索引号 written in files with errors of their own (never kept: they fail)
    for part, attachment_texts in parts:
        for path, digest, named, result, tail, days, written in part:
            results[path] = result
            if written is not None:
                failed.add(written)
            if cache is not None and named is not None:
                cache.keep(path, digest, named, result, tail, days)
        attachtext.remember(attachment_texts)  # read again for secrets (sourcescan) and by the build's scan
    if cache is not None:
        cache.reuse(kept)
    records, exemptions = [], []
    for path in files:
        shipped, file_exemptions, items = results[path]
        records += [_attach(r, taxonomy) for r in shipped]
        exemptions += file_exemptions
        problems.items += items
    if cache is not None:
        cache.save()  # the records read clean are kept whatever else is wrong
    check_links(records, problems, as_of, failed=failed)
    calendar = Calendar.load(root / "holidays.yml", problems)
    ledgers = load_ledgers(root, taxonomy, problems)
    reports = load_reports(root, taxonomy, problems)
    due = deadlines(ledgers.requests, calendar, problems, as_of)
    if problems or taxonomy is None:
        raise InputError(problems)
    drafts = [r for r in records if r.draft]
    scheduled = [r for r in records if not r.draft and as_of is not None and r.published > as_of]
    published = [in_force(r, as_of) for r in records if not r.draft and (as_of is None or r.published <= as_of)]
    if show_scheduled:
        scheduled = [replace(r, scheduled=True) for r in scheduled]
        published += scheduled
    catalog = Catalog(
        settings, taxonomy, published, drafts, problems, exemptions, ledgers, reports, due, scheduled, as_of, synonyms
    )
    # What the build's leak scan would refuse, at its source line.
    halves = functools.partial(twocores.in_halves, parallel=parallel)
    sourcescan.check(catalog, root, problems, pages, pages_excluded, clean=cache, in_halves=halves, theme=theme)
    held = [] if show_scheduled else catalog.reports_after(as_of)  # the build publishes them on their day
    published_pages = sourcescan.published(pages, pages_excluded)
    sitelinks.check(catalog, published_pages, pages, problems, site_path, held=held, directory_urls=directory_urls)
    if cache is not None:
        cache.save()  # and which of them hold no secret
    for report in reports:
        if report.frozen_file is not None:
            frozen.still_published(report, as_of, root / "reports" / f"{report.slug}.md", problems)
            figures = frozen.read(report.frozen_file, report.year, report.scope, problems)
            if figures is not None:
                catalog.frozen[report.slug] = figures
    for report in reports:
        path = root / "reports" / f"{report.slug}.md"
        charged = catalog.fees_charged(report.year, report.scope)
        # In 分: 0.1 + 0.2 yuan in the ledger is the 0.3 of the report.
        if report.disclosure_fees_yuan is not None and round(report.disclosure_fees_yuan * 100) != round(charged * 100):
            problems.warn(
                path,
                None,
                "disclosure_fees_yuan（信息处理费（元））",
                f"年报写的信息处理费 {report.disclosure_fees_yuan} 元，与台账中本年答复的申请所收 {charged} 元不一致。",
                "核对台账各申请的 fee 和年报的数字；以台账为准时，删去 disclosure_fees_yuan 这一行即可。",
            )
        for row, index_nos in catalog.tables(report).table2.conflicts.items():
            problems.error(
                path,
                None,
                None,
                f"本站声明表二“{row}”不适用于这份年报，却有这类文件：{'、'.join(index_nos[:5])}"
                + (f" 等 {len(index_nos)} 件" if len(index_nos) > 5 else "")
                + "。",
                f"核对这些记录的 doc_type；确实适用的，删去 taxonomy.yml 的 not_applicable 中 {row} 的声明。",
            )
        for broken in catalog.tables(report).broken_identities():
            # Only a bug can get here: the tables are counted from validated data.
            problems.error(
                root / "reports" / f"{report.slug}.md",
                None,
                None,
                f"年报表格的勾稽关系不成立（程序错误，请报告）：{broken}",
            )
    if problems:
        raise InputError(problems)
    return catalog


def _within(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or inside it (both resolved as far as they exist)."""
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def _progress_after(progress: Callable[[int, int], None], kept: int, total: int, done: int, _todo: int) -> None:
    progress(kept + done, total)


def _check_url_folders(settings: Settings, config: Path, problems: Problems) -> None:
    """The url_prefix and the fixed start of the 索引号 (they make the pages' URLs) beside the folders
    the site generates (gongkai.model.urls); an agency code or a slug is checked with the taxonomy."""
    first = settings.url_prefix.strip("/").split("/")[0]
    if first in ROOT_FOLDERS:
        problems.error(
            config,
            None,
            "plugins.gongkai.url_prefix",
            f"网址前缀 {settings.url_prefix} 与网站根目录的 {first}/（{ROOT_FOLDERS[first]}）同名，"
            "两者的文件会混在一起。",
            "换一个前缀，如 url_prefix: xxgk（信息公开的拼音首字母）。",
        )
    start = settings.index_no_pattern.split("/")[0]
    if "{" not in start and start.casefold() in {*FOLDERS, PAGE, PAGE_FILE}:
        problems.error(
            config,
            None,
            "plugins.gongkai.index_no_pattern",
            f"索引号格式 {settings.index_no_pattern} 以 {start}/ 开头：每条记录的页面都会落进网站自己的 {start}/ 目录"
            f"（{FOLDERS.get(start.casefold(), '翻页或网页文件')}），与那里的页面混在一起。",
            '索引号格式以机构代码开头，如 index_no_pattern: "{org}/{YYYY}-{NNNNN}"。',
        )


def _read_part(
    files: list[Path],
    tick: Callable[[], None] | None = None,
    *,
    base: Path,
    root: Path,
    taxonomy: Taxonomy | None,
    settings: Settings,
    index: bool,
    texts: bool,
    scan_drafts: bool,
    synonyms: Synonyms | None = None,
    as_of: dt.date | None = None,
):
    """Each of `files` read on its own, in their order, as (path, digest of its bytes, fingerprint
    of the files it names, (records, exemptions, problems), the length of the body if it ends the
    file, the as-of days the result holds on: (first, end or None), the 索引号 written in it if it
    failed its checks), the fingerprint None where the result may not be kept (see
    gongkai.portal.recordcache);
    and the texts of the attachments read (gongkai.text.attachtext.take_read). Each record is checked
    for personal data (a draft's with `scan_drafts`); with `texts` a published one's body is read as
    a reader reads it (gongkai.text.bodytext: `Record.lead`), and with `index` given its search text.

    The records leave without their agency and category, whose names travel beside them: from a
    child process the taxonomy's objects would arrive as copies of the whole taxonomy.
    """
    reader = RecordReader(root, taxonomy, settings)
    agencies = search.AgencyNames.of_taxonomy(taxonomy) if index and taxonomy is not None else None
    out = []
    for path in files:
        data = read_or_none(path, follow=False)  # None for a link: its target may change unseen
        digest = file_digest(data) if data is not None else None
        problems, unread = Problems(root=base), []
        rec, named = reader.read(path, problems, unread)
        # The files it names as the guard below reads them: if one changes meanwhile, nothing is kept.
        before = fingerprint(named, root) if rec is not None and data is not None else None
        records = [rec] if rec is not None else []
        with pii.days_watched() as days:  # the birth dates judged: the days this reading holds on
            exemptions = personal.check([r for r in records if scan_drafts or not r.draft], settings, problems, as_of)
            personal.check_unread(unread, root, settings, problems, as_of)
        if (texts or agencies is not None) and rec is not None and not rec.draft and not problems:
            body = bodytext.read(rec.body)  # once, for the 内容概述 and the search text
            changes = {"lead": bodytext.lead(body)}
            if agencies is not None:
                changes["index_text"] = search.index_text(rec, synonyms, agencies, body.lines)
            records = [rec.but(**changes)]
        shipped = tuple(
            (
                replace(r, agency=None, category=None),
                r.agency.name if r.agency is not None else None,
                r.category.path if r.category is not None else None,
            )
            for r in records
        )
        # Kept only if what was read is what is there now: the file (saved while it was read?) and
        # the files it names (replaced while they were scanned?).
        kept = (
            before is not None
            and not problems
            and fingerprint(named, root) == before
            and read_or_none(path, follow=False) == data
        )
        # Where the body is the end of the file as it is (UTF-8, LF), the cache keeps its length, not its text.
        body = rec.body.encode("utf-8") if kept else b""
        tail = len(body) if kept and data.endswith(body) else None
        named = before if kept else None
        written = _index_no_written(unread[0]) if rec is None and unread else None
        result = (shipped, exemptions, problems.items)
        out.append((path, digest, named, result, tail, (days.since, days.until), written))
        if tick is not None:
            tick()
    return out, attachtext.take_read()


def in_force(record: Record, as_of: dt.date | None) -> Record:
    """The record as of `as_of`: one 失效 or 废止 from a later day is in force until that day (the
    daily build then shows it 失效 or 废止), as the annual report counts it."""
    if as_of is None or record.is_valid or record.abolished is None or record.abolished <= as_of:
        return record
    return replace(record, validity="有效", ends=record.validity)


def _index_no_written(source) -> str | None:
    """The 索引号 as a file with errors of its own writes it: other records may name it, and must
    not be told it does not exist (its file's errors are said already)."""
    value = source.front.get("index_no")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _attach(shipped: tuple, taxonomy: Taxonomy | None) -> Record:
    """The record of (record, agency's name, category's path[, body]) with the taxonomy's own agency
    and category objects back (see `_read_part`), and its body where it travelled beside it (from the
    cache: gongkai.portal.recordcache)."""
    record, agency, category, *body = shipped
    changes = {"body": body[0]} if body else {}
    if taxonomy is None:
        return record.but(**changes) if changes else record
    return record.but(
        agency=taxonomy.agency_by_name.get(agency) if agency is not None else None,
        category=taxonomy.category_by_path.get(category) if category is not None else None,
        **changes,
    )
