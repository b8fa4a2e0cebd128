"""The national website inspection's veto items (单项否决, 国办秘函〔2019〕19号) the site's data can answer.

For one day (as the inspector's monitoring day): each column's newest item and whether it is
stale under its `update_within`, the empty columns, the home page's newest item, the policy
documents without a timely 解读, the requests left unanswered too long, the 找错 link and search;
then each veto item's count against its threshold (settings), and warnings of what goes stale
soon, each with its fix. Only what is published on that day counts: a scheduled record from its
date, never a draft. Pure: no file is read or written here (gongkai/cli/inspect.py does that).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.model import reports
from gongkai.model.footer import FIELDS as FOOTER_FIELDS
from gongkai.model.footer import examples
from gongkai.model.ledgers import Deadlines, Request
from gongkai.model.periods import Period, add_months
from gongkai.model.records import Record
from gongkai.model.settings import Settings
from gongkai.model.taxonomy import Category, Taxonomy

#: The index's 动态要闻类 (2 weeks) and 通知公告、政策文件类 (6 months) columns: those whose period is
#: at most 6 months count in 栏目不更新's first rule; every column with a period counts in the second.
SHORT_PERIOD_MONTHS = 6
#: Policy documents looked at for their 解读: published in the year before the day.
INTERPRETATION_WINDOW_MONTHS = 12
#: doc_type values that are 重要政策文件 (their 解读 is published together with them).
POLICY_TYPES = ("规章", "行政规范性文件")

SEVERE, NOTICE = "error", "warning"


@dataclass
class Column:
    """One column (a 公开目录 category without children, or the home page) on the day."""

    name: str
    period: Period | None  # None: no update_within written
    newest: Record | None
    day: dt.date
    category: Category | None = None  # None for the home page

    @property
    def empty(self) -> bool:
        return self.newest is None

    @property
    def stale(self) -> bool:
        """Not updated within its period; an empty column with a period is not updated either."""
        if not self.period:
            return False
        return self.newest is None or self.period.stale(self.newest.published, self.day)

    @property
    def stale_from(self) -> dt.date | None:
        """The day it is (or goes) stale; None without a period or without items."""
        if not self.period or self.newest is None:
            return None
        return self.period.stale_from(self.newest.published)

    @property
    def short(self) -> bool:
        """A 动态要闻 / 通知公告 / 政策文件-type column (period of 6 months or less)."""
        return bool(self.period) and self.period.months <= SHORT_PERIOD_MONTHS + 1e-9


@dataclass
class Veto:
    """One veto item: it is crossed when `count` is more than `limit`."""

    key: str
    name: str
    count: int
    limit: int
    unit: str = "个"
    #: What was counted, for the report: "首页最新信息 15 天前" and the like.
    what: str = ""

    @property
    def crossed(self) -> bool:
        return self.count > self.limit

    def sentence(self) -> str:
        """`栏目不更新：6 个，超过 5 个，单项否决` / `空白栏目：2 个，未超过 5 个`."""
        head = f"{self.name}：{self.what or f'{self.count} {self.unit}'}"
        if self.what or not self.limit:  # one is already too many: no "超过 0 件"
            return head + ("，单项否决" if self.crossed else "")
        if self.crossed:
            return f"{head}，超过 {self.limit} {self.unit}，单项否决"
        return f"{head}，未超过 {self.limit} {self.unit}"


@dataclass
class Interpretation:
    """A 规章 or 行政规范性文件 and its 解读 (None when there is none yet)."""

    document: Record
    interpretation: Record | None
    due: dt.date  # the last day the 解读 is in time

    @property
    def late_days(self) -> int:
        """Days the 解读 came after its due day; 0 when in time or still missing."""
        return max(0, (self.interpretation.published - self.due).days) if self.interpretation else 0


@dataclass
class Unanswered:
    """A request still open on the day, past its legal deadline."""

    request: Request
    due: dt.date
    limit_day: dt.date  # the first day it counts as unanswered for more than the months allowed
    day: dt.date

    @property
    def too_long(self) -> bool:
        return self.day >= self.limit_day


@dataclass
class Finding:
    """Something to act on, at the file and line where it is fixed (a Problem for the report)."""

    path: Path | str
    line: int | None
    field: str | None
    message: str
    hint: str
    severity: str = NOTICE


@dataclass
class Inspection:
    day: dt.date
    home: Column
    columns: list[Column]
    interpretations: list[Interpretation]
    requests: list[Unanswered]
    error_report: str  # the 找错 link, "" when missing
    search: bool
    vetoes: list[Veto]
    findings: list[Finding] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)

    @property
    def empty(self) -> list[Column]:
        return [c for c in self.columns if c.empty]

    @property
    def stale(self) -> list[Column]:
        return [c for c in self.columns if c.stale]

    @property
    def crossed(self) -> list[Veto]:
        return [v for v in self.vetoes if v.crossed]


@dataclass
class Site:
    """What the inspection reads: every record not a draft (scheduled ones included: each counts from
    its date), the taxonomy, the request ledger with its deadlines, and the site's settings."""

    records: list[Record]
    taxonomy: Taxonomy
    requests: list[Request]
    deadlines: Deadlines
    settings: Settings
    error_report: str = ""
    #: Where the findings point: taxonomy.yml (columns, the home page) and mkdocs.yml (footer, search).
    taxonomy_file: Path | str = "records/taxonomy.yml"
    config_file: Path | str = "mkdocs.yml"
    #: The annual reports (records/reports/), whose yearly deadline the inspection looks at too.
    reports: list = field(default_factory=list)
    #: The footer's values still examples (gongkai.model.footer.examples), by key.
    footer_examples: dict = field(default_factory=dict)

    def __post_init__(self):
        # Each leaf column's records sorted by date (oldest first), for the newest on or before a day.
        leaves = {c.path for c in self.leaves()}
        self._dated: dict[str, list[tuple[dt.date, str, Record]]] = defaultdict(list)
        everything = []
        for r in self.records:
            if r.draft:  # never an update, whatever its date
                continue
            item = (r.published, r.index_no, r)
            everything.append(item)
            if r.category.path in leaves:
                self._dated[r.category.path].append(item)
        everything.sort(key=lambda t: t[:2])
        for items in self._dated.values():
            items.sort(key=lambda t: t[:2])
        self._everything = everything
        self._interpretations: dict[str, list[Record]] = defaultdict(list)
        for _, _, r in everything:
            if r.interprets:
                self._interpretations[r.interprets].append(r)

    @classmethod
    def from_catalog(
        cls, catalog, base: Path, footer: dict | None = None, config_file: Path | str = "mkdocs.yml"
    ) -> Site:
        """What `catalog` (loaded as of any day, `base` its site folder) holds for the inspection;
        `footer`, the footer's values (gongkai.model.footer.footer)."""
        footer = footer or {}
        settings = catalog.settings
        return cls(
            catalog.records + catalog.scheduled,
            catalog.taxonomy,
            catalog.ledgers.requests,
            catalog.deadlines,
            settings,
            footer.get("error_report", ""),
            settings.records_path(base) / settings.taxonomy,
            config_file,
            catalog.reports,
            examples(footer),
        )

    def leaves(self) -> list[Category]:
        """The columns records are filed in: categories without children, in the taxonomy's order."""
        return [c for c in self.taxonomy.all_categories() if not c.children]

    def newest(self, day: dt.date, category: Category | None = None) -> Record | None:
        """The newest record published on or before `day` (of one column, or of the whole site)."""
        items = self._everything if category is None else self._dated.get(category.path, [])
        i = bisect.bisect_right(items, (day, "\uffff"), key=lambda t: t[:2])
        return items[i - 1][2] if i else None

    def policy_documents(self, day: dt.date) -> list[Record]:
        """规章 and 行政规范性文件 published in the year before `day`, in force on it, oldest first."""
        start = add_months(day, -INTERPRETATION_WINDOW_MONTHS)
        return [
            r
            for published, _, r in self._everything
            if r.doc_type in POLICY_TYPES
            and start <= published <= day
            and (r.is_valid or (r.abolished is not None and r.abolished > day))
        ]

    def interpretations_of(self, record: Record, day: dt.date) -> list[Record]:
        return [r for r in self._interpretations.get(record.index_no, []) if r.published <= day]


def inspect(site: Site, day: dt.date) -> Inspection:
    """The inspection of `site` as of `day` (the end of that day, Beijing time)."""
    s = site.settings
    home = Column("首页", site.taxonomy.home_update_within, site.newest(day), day)
    columns = [Column(c.path, c.period, site.newest(day, c), day, c) for c in site.leaves()]
    interpretations = []
    for doc in site.policy_documents(day):
        found = site.interpretations_of(doc, day)
        interpretations.append(
            Interpretation(
                doc, found[0] if found else None, doc.published + dt.timedelta(days=s.inspect_interpretation_days)
            )
        )
    requests = []
    for r in sorted(site.deadlines.overdue(site.requests, day), key=lambda r: (r.received, r.id)):
        limit_day = add_months(r.starts, s.inspect_unanswered_months) + dt.timedelta(days=1)
        requests.append(Unanswered(r, site.deadlines.due[r.id], limit_day, day))
    short = [c for c in columns if c.stale and c.short]
    days = (day - home.newest.published).days if home.newest else None
    vetoes = [
        Veto(
            "home",
            "网站不更新（首页）",
            int(home.stale),
            0,
            unit="",
            what="首页没有任何信息"
            if days is None
            else f"首页最新信息是 {days} 天前的，{'超过' if home.stale else '未超过'} {home.period.label}",
        ),
        Veto(
            "stale",
            "栏目不更新",
            len(short),
            s.inspect_stale_max,
        ),
        Veto("long_stale", "栏目长期不更新", sum(c.stale for c in columns), s.inspect_long_stale_max),
        Veto("empty", "空白栏目", sum(c.empty for c in columns), s.inspect_empty_max),
        Veto(
            "unanswered",
            "互动回应差",
            sum(u.too_long for u in requests),
            0,
            unit="件",
            what=f"超过 {s.inspect_unanswered_months} 个月未答复的申请 {sum(u.too_long for u in requests)} 件",
        ),
    ]
    out = Inspection(
        day, home, columns, interpretations, requests, site.error_report, s.search != "off", vetoes, settings=s
    )
    out.findings = _findings(site, out)
    return out


def _findings(site: Site, ins: Inspection) -> list[Finding]:
    """What to do, each at the file and line where it is done; one counted in a crossed veto is SEVERE."""
    out: list[Finding] = []
    _home_findings(site, ins, out)
    _column_findings(site, ins, out)
    _interpretation_findings(site, ins, out)
    _request_findings(site, ins, out)
    folder = Path(site.taxonomy_file).parent / "reports"
    for name, message, fix in reports.missing(site.reports, ins.day):
        out.append(Finding(folder / name, None, "年报", message, fix))
    if not ins.error_report:
        out.append(
            Finding(
                site.config_file,
                None,
                "extra.footer.error_report",
                "每页底部没有“我为政府网站找错”的链接（检查指标的功能设计项）。",
                "在 mkdocs.yml 的 extra.footer 中写 error_report: 全国政府网站找错平台给本站的网址"
                "（https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfo/…）。",
            )
        )
    for key, value in site.footer_examples.items():
        out.append(
            Finding(
                site.config_file,
                None,
                f"extra.footer.{key}",
                f"页脚的{FOOTER_FIELDS[key]}还是示例值“{value}”（检查指标的网页设计规范要求页脚写明本站的真实信息）。",
                f"在 mkdocs.yml 的 extra.footer.{key} 写上本站的真实{FOOTER_FIELDS[key]}（不知道的先删去这一项）。",
            )
        )
    if not ins.search:
        out.append(
            Finding(
                site.config_file,
                None,
                "plugins.gongkai.search",
                "站内搜索已关闭（检查指标的功能设计项要求提供站内搜索）。",
                "删去 search: off，重新生成网站。",
            )
        )
    for v in ins.crossed:
        if v.key in ("stale", "long_stale", "empty"):
            fix = f"在上面列出的栏目发布新信息，至少 {v.count - v.limit} 个。"
            out.append(Finding(site.taxonomy_file, None, None, v.sentence() + "。", fix, SEVERE))
    return out


def _home_findings(site: Site, ins: Inspection, out: list[Finding]) -> None:
    home, day = ins.home, ins.day
    where = (site.taxonomy_file, site.taxonomy.home_line or None, "home（首页）")
    newest = f"最新一条是 {home.newest.published}《{home.newest.title}》" if home.newest else "还没有任何信息"
    if home.stale:
        message = f"首页超过 {home.period.label}没有新信息（{newest}），单项否决“网站不更新”。"
        fix = "今天就发布一条新信息（任一栏目均可：首页的“最新信息”列出全站最新的记录），再重新生成网站。"
        out.append(Finding(*where, message, fix, SEVERE))
    elif home.stale_from and home.stale_from <= day + dt.timedelta(days=site.settings.inspect_warn_days):
        left = (home.stale_from - day).days
        message = f"再过 {left} 天（{home.stale_from}）首页将超过 {home.period.label}没有新信息（{newest}），"
        message += "即单项否决“网站不更新”。"
        fix = f"最晚在 {home.stale_from - dt.timedelta(days=1)} 发布一条新信息（任一栏目均可）。"
        out.append(Finding(*where, message, fix))


def _column_findings(site: Site, ins: Inspection, out: list[Finding]) -> None:
    day, crossed = ins.day, {v.key for v in ins.crossed}
    soon = day + dt.timedelta(days=site.settings.inspect_warn_days)
    for c in ins.columns:
        where = (site.taxonomy_file, c.category.line or None, f"栏目 {c.name}")
        write = f"记录写 category: {c.name}"
        counted = {"empty"} if c.empty else set()
        if c.stale:
            counted |= {"long_stale", "stale"} if c.short else {"long_stale"}
        severity = SEVERE if counted & crossed else NOTICE
        if c.empty:
            fix = f"发布这个栏目的第一条信息（{write}）；不用的栏目从 taxonomy.yml 中删去。"
            out.append(Finding(*where, "这个栏目没有任何信息（空白栏目）。", fix, severity))
        elif c.stale:
            message = f"最新一条发布于 {c.newest.published}（《{c.newest.title}》），"
            message += f"已超过 {c.period.label}未更新（应 {c.period.label}内更新）。"
            fix = f"在这个栏目发布新信息（{write}）"
            if c.short:  # the index's own periods: writing none would only hide the column from inspect
                fix += "：动态要闻、通知公告、政策文件类栏目的更新期限是全国检查指标定的，不能不查。"
            else:
                fix += "；确实只在有事时才更新的栏目（如征地、行政许可决定），"
                fix += "在 taxonomy.yml 中写 update_within: none。"
            out.append(Finding(*where, message, fix, severity))
        elif c.stale_from and c.stale_from <= soon:
            message = f"再过 {(c.stale_from - day).days} 天（{c.stale_from}）这个栏目将超过 {c.period.label}未更新"
            message += f"（最新一条发布于 {c.newest.published}）。"
            fix = f"最晚在 {c.stale_from - dt.timedelta(days=1)} 在这个栏目发布新信息（{write}）。"
            out.append(Finding(*where, message, fix))
    unset = [c.name for c in ins.columns if c.period is None]
    if unset:
        names = "、".join(unset[:10]) + ("等" if len(unset) > 10 else "")
        message = f"{len(unset)} 个栏目没有写更新周期，不检查是否按时更新：{names}。"
        fix = "在 taxonomy.yml 中给每个栏目（或它的上级栏目）写 update_within，如动态要闻类 2 weeks、"
        fix += "通知公告和政策文件类 6 months、只在有事时才更新的栏目 none。"
        out.append(Finding(site.taxonomy_file, None, "update_within", message, fix))


def _interpretation_findings(site: Site, ins: Inspection, out: list[Finding]) -> None:
    days = site.settings.inspect_interpretation_days
    rule = f"要求同步发布，{days} 天内" if days else "要求同步发布，同一天"
    for i in ins.interpretations:
        doc = i.document
        where = (doc.path, doc.lines.get("doc_type"), "doc_type（文件类型）")
        what = f"{doc.doc_type}《{doc.title}》（{doc.index_no}）于 {doc.published} 发布"
        fix = f"发布它的政策解读：新建一条记录，写 interprets: {doc.index_no}。"
        if i.interpretation is not None:
            if i.late_days:
                late = (i.interpretation.published - doc.published).days
                message = f"{what}，它的解读 {i.interpretation.index_no} 晚了 {late} 天才发布（{rule}）。"
                out.append(Finding(*where, message, "以后解读与文件同步发布（同步组织、同步审签、同步部署）。"))
        elif ins.day > i.due:
            message = f"{what}，已过 {(ins.day - doc.published).days} 天，还没有政策解读（{rule}）。"
            out.append(Finding(*where, message, fix))
        else:
            out.append(Finding(*where, f"{what}，还没有政策解读：要在 {i.due} 前发布。", fix))


def _request_findings(site: Site, ins: Inspection, out: list[Finding]) -> None:
    months = site.settings.inspect_unanswered_months
    for u in ins.requests:
        r = u.request
        where = (r.path or r.file, r.lines.get("received", r.line), "replied（答复日期）")
        opened = f"申请 {r.id} 于 {r.received} 收到，答复期限 {u.due}"
        fix = "尽快答复，在台账中写上 replied 和 outcome。"
        if u.too_long:
            message = f"{opened}，超过 {months} 个月仍未答复，单项否决“互动回应差”。"
            out.append(Finding(*where, message, fix, SEVERE))
        else:
            message = f"{opened}，已逾期 {(ins.day - u.due).days} 天未答复；"
            message += (
                f"再过 {(u.limit_day - ins.day).days} 天（{u.limit_day}）满 {months} 个月，即单项否决“互动回应差”。"
            )
            out.append(Finding(*where, message, fix))


def ahead(site: Site, day: dt.date, days: int) -> tuple[dt.date, Inspection] | None:
    """The first day within `days` after `day` on which a veto is crossed, if nothing more is
    published (scheduled records are: each counts from its date), with that day's inspection."""
    for n in range(1, days + 1):
        later = inspect(site, day + dt.timedelta(days=n))
        if later.crossed:
            return later.day, later
    return None
