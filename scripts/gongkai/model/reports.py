"""Annual reports (年报): `records/reports/<YYYY>.md`, the figures records cannot give plus the narrative.

The front matter holds the counts and amounts of table 二 that are not records (行政许可/处罚/强制
decisions when no category counts them, 收费金额), the budget and the 信息处理费. The body holds
the narrative sections 一 (总体情况), 五 (问题及改进) and 六 (其他事项) as `##` headings; sections
二, 三 and 四 are computed and inserted between 一 and 五.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from gongkai.model.defaults import REPORT_ROWS
from gongkai.model.fields import Field, Figure, ReportDate, ReportScope, ReportText
from gongkai.model.taxonomy import Agency, Taxonomy
from gongkai.text import frontmatter, plaintext, sanitize
from gongkai.text.bodylinks import lines_outside_code
from gongkai.text.problems import Problems

#: The front matter's fields, in the order the README's example writes them: one declaration each, from
#: which the reader below, the JSON Schema (gongkai.model.schema.report_schema) and the field table derive.
REPORT_FIELDS: tuple[Field, ...] = (
    ReportText(
        "title",
        "标题",
        "年报的标题；不写时为发布机关、年份和“政府信息公开工作年度报告”。",
        "某某县人民政府2024年政府信息公开工作年度报告",
    ),
    ReportDate("published", "发布日期", "发布日期，YYYY-MM-DD，在年报所属年份之后。", "2025-03-20"),
    ReportScope(
        "scope",
        "报告范围",
        "某一部门的年报写 taxonomy.yml 中的发布机构名称；全县（市、区）政府的年报不写。",
        "某某县财政局",
    ),
    Figure(
        "permits",
        "行政许可决定数",
        "表二行政许可的决定数；不写时按 taxonomy.yml 中标明 report_row: 行政许可 的栏目当年的记录条数统计。",
        312,
        whole=True,
        row=REPORT_ROWS[0],
    ),
    Figure(
        "penalties",
        "行政处罚决定数",
        "表二行政处罚的决定数；不写时按标明 report_row: 行政处罚 的栏目统计。",
        126,
        whole=True,
        row=REPORT_ROWS[1],
    ),
    Figure(
        "enforcements",
        "行政强制决定数",
        "表二行政强制的决定数；不写时按标明 report_row: 行政强制 的栏目统计。",
        9,
        whole=True,
        row=REPORT_ROWS[2],
    ),
    Figure(
        "fees_wan",
        "行政事业性收费金额（万元）",
        "表二行政事业性收费的金额，万元；没有时写 0，本站声明不适用（not_applicable）时不写。",
        35.6,
        required=True,
        row="行政事业性收费",
    ),
    Figure("budget_wan", "信息公开工作经费（万元）", "政府信息公开工作经费，万元。", 12),
    Figure(
        "disclosure_fees_yuan",
        "信息处理费（元）",
        "本年答复的申请实际收取的信息处理费，元；不写时取依申请公开台账的合计。",
        250,
    ),
)
KEYS = {f.key: f.label for f in REPORT_FIELDS}
#: The figures of table 二's decisions, in the order of its rows.
_DECISIONS = tuple(f for f in REPORT_FIELDS if isinstance(f, Figure) and f.row in REPORT_ROWS)


#: The narrative sections a clerk writes, in order; 二–四 come from the data.
WRITTEN = ("一", "五", "六")
GENERATED = ("二", "三", "四")
#: Years a report may be for: the 条例 took effect in 2008.
FIRST_YEAR, LAST_YEAR = 2008, 2100
#: The published figures of `<slug>.md` (gongkai.portal.frozen).
FROZEN_SUFFIX = ".frozen.csv"
_NAME_RE = re.compile(r"(\d{4})(?:-([a-z0-9][a-z0-9-]*))?\.md")
_H2_RE = re.compile(r"##\s+(\S.*?)\s*#*\s*$")


@dataclass(frozen=True)
class Section:
    numeral: str  # 一, 五 or 六
    heading: str  # as written, e.g. 五、存在的主要问题及改进情况
    body: str


@dataclass(frozen=True)
class Report:
    """One annual report: whose (scope), which year, the given figures and the narrative."""

    year: int
    slug: str  # the file name without .md: 2024, 2024-czj
    title: str
    scope: Agency | None  # None: the whole government
    published: dt.date | None
    intro: str
    sections: tuple[Section, ...]
    fees_wan: float
    permits: int | None = None
    penalties: int | None = None
    enforcements: int | None = None
    budget_wan: float | None = None
    disclosure_fees_yuan: float | None = None
    rel_path: str = ""
    #: Whose report it is: the agency of `scope`, else the site's government (taxonomy.yml `government`);
    #: a fact of the site, never read from the title's wording.
    issuer: str = ""
    #: Line of each front-matter key, and of the closing `---` (where a missing key is to be added).
    lines: dict = field(default_factory=dict, compare=False, repr=False)
    end_line: int = 1
    #: `<slug>.frozen.csv` beside it: the published figures (gongkai.portal.frozen), or None.
    frozen_file: Path | None = None

    def section(self, numeral: str) -> Section:
        return next(s for s in self.sections if s.numeral == numeral)


def by_group_of(reports: list[Report], taxonomy: Taxonomy) -> dict[str, list[Report]]:
    """The agencies' own reports by agency group (the taxonomy's order), newest year first, then
    agencies in the taxonomy's order: as the 年报 page lists them."""
    order = {a.name: i for i, a in enumerate(taxonomy.agencies)}
    mine = sorted((r for r in reports if r.scope is not None), key=lambda r: (-r.year, order[r.scope.name]))
    out = {group: [r for r in mine if r.scope.group == group] for group in taxonomy.groups()}
    return {group: listed for group, listed in out.items() if listed}


def deadline(year: int, scope) -> dt.date:
    """The day the report of `year` is due (条例第四十九条): an agency's by 31 January, the
    government's (`scope` None) by 31 March."""
    return dt.date(year + 1, 1, 31) if scope is not None else dt.date(year + 1, 3, 31)


def warn_late(reports: list[Report], root: Path, problems: Problems) -> None:
    """A warning at the published line of each report published after its deadline (条例第四十九条:
    an agency's by 31 January, the government's by 31 March). `gongkai check` says it: a report
    really published late stays so, and the build would repeat it on every run (and `mkdocs build
    --strict` stop on it)."""
    for r in reports:
        if r.published is None or not r.issuer:
            continue
        due = deadline(r.year, r.scope)
        if r.published > due:
            problems.warn(
                root / "reports" / f"{r.slug}.md",
                r.lines.get("published"),
                "published（发布日期）",
                f"{r.issuer}的 {r.year} 年年报应在 {due.month}月{due.day}日前向社会公布（条例第四十九条），"
                f"这里写的是 {r.published}。",
                "核对发布日期；确实晚于期限的，照实写（检查和考核会看到）。",
            )


def missing(reports: list[Report], day: dt.date) -> list[tuple[str, str, str]]:
    """Last year's report of each issuer that publishes them (one of its reports is here) still
    missing on `day`, after its deadline (条例第四十九条: an agency's by 31 January, the government's
    by 31 March): (file name, what is missing, what to do), for `gongkai inspect`."""
    year, out = day.year - 1, []
    issuers = {r.scope: r for r in sorted(reports, key=lambda r: r.year)}  # each issuer's newest
    have = {(r.scope, r.year) for r in reports}
    for scope, newest in issuers.items():
        due = deadline(year, scope)
        if day <= due or (scope, year) in have or newest.year > year:
            continue
        name = f"{year}-{scope.code}.md" if scope is not None else f"{year}.md"
        message = (
            f"{newest.issuer}的 {year} 年年报应在 {due.year}年{due.month}月{due.day}日前向社会公布"
            "（条例第四十九条），还没有这个文件。"
        )
        freeze = f"gongkai report {year}" + (f" --scope {scope.name}" if scope is not None else "") + " --freeze"
        out.append((name, message, f"照 {newest.slug}.md 的样子写好这一年的年报；发布时运行 {freeze}。"))
    return out


def load_reports(root: Path, taxonomy: Taxonomy | None, problems: Problems) -> list[Report]:
    """Every report under `root`/reports, newest year first; problems are collected."""
    folder = root / "reports"
    if not folder.is_dir():
        return []
    out: list[Report] = []
    seen: dict[tuple[int, str], str] = {}
    frozen = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        if path.name.endswith(FROZEN_SUFFIX) and _NAME_RE.fullmatch(path.name[: -len(FROZEN_SUFFIX)] + ".md"):
            frozen[path.name[: -len(FROZEN_SUFFIX)]] = path
            continue
        m = _NAME_RE.fullmatch(path.name)
        if m is None or not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
            problems.error(
                path,
                None,
                None,
                f"年报文件名应为“年份.md”（{FIRST_YEAR}—{LAST_YEAR} 年）。",
                "如 reports/2024.md；某一部门的年报写成 reports/2024-czj.md（小写英文字母、数字、连字符）。",
            )
            continue
        report = _read(path, int(m.group(1)), taxonomy, problems, root)
        if report is None:
            continue
        if report.scope is None and taxonomy is None and "scope" in report.lines:
            # Whose report it is cannot be read without the taxonomy (its own error is reported):
            # taken for the government's, it would be called a second one and offered for deletion.
            out.append(replace(report, frozen_file=frozen.pop(report.slug, None)))
            continue
        key = (report.year, report.scope.name if report.scope else "")
        if key in seen:
            problems.error(
                path,
                report.lines.get("scope"),
                "scope（报告范围）",
                f"与 {seen[key]} 是同一年、同一范围的年报。",
                "删去其中一份，或改正年份、范围。",
            )
            continue
        seen[key] = report.rel_path
        out.append(replace(report, frozen_file=frozen.pop(report.slug, None)))
    for slug, path in frozen.items():
        if not (folder / f"{slug}.md").exists():  # (one that failed to load is reported already)
            problems.error(
                path,
                None,
                None,
                f"这是 {slug}.md 已发布的年报数字，但没有 {slug}.md 这份年报。",
                "年报文件改了名的，把这个文件改成同样的名字；否则删去它。",
            )
    return sorted(out, key=lambda r: (-r.year, r.slug))


def _read(path: Path, year: int, taxonomy, problems: Problems, root: Path) -> Report | None:
    text = frontmatter.read_text(path, problems, inside=root)
    if text is None:
        return None
    src = frontmatter.split(path, text, problems, label=lambda key: f"{key}（{KEYS[key]}）" if key in KEYS else None)
    if src is None:
        return None
    r = _Front(path, src.front, year, taxonomy, problems)
    r.check_keys()
    v = r.read(last="fees_wan")  # whose report, when, and the figures of table 二
    title, scope = v["title"], v["scope"]
    not_applicable = r.not_applicable()
    end_line = src.body_line - 1
    issuer = scope.name if scope is not None else taxonomy.government if taxonomy is not None else None
    if issuer is None and isinstance(title, str):
        # A site without `government` (written before it existed): the name before the year of a
        # standard title, with or without 工作; never a placeholder.
        m = re.fullmatch(rf"(.+?)\s*{year}\s*年度?政府信息公开(?:工作)?年度报告", title)
        issuer = m.group(1) if m else None
    if issuer is None and taxonomy is not None and r.given("scope") is None:
        r.error(
            "scope",
            "不知道这份年报的发布机关：本站没有写明本级政府。",
            "在 records/taxonomy.yml 第一行写 government: 某某县人民政府（全县年报的发布机关，"
            "不从标题里猜）；某一部门的年报写 scope: 部门名称。",
            line=r.line("title"),
        )
    counted = set(taxonomy.report_rows().values()) if taxonomy is not None else set(REPORT_ROWS)
    where = "taxonomy.yml"
    for fld in _DECISIONS:
        row, key = fld.row, fld.key
        if row in not_applicable and r.given(key) is not None:
            r.error(
                key,
                f"本站声明{row}不适用于这份年报（{where} 的 not_applicable：{not_applicable[row]}），这里却填了数。",
                f"删去 {key} 这一行；确实适用的，删去 {where} 中 {row} 的声明。",
            )
        elif row not in not_applicable and r.given(key) is None and row not in counted:
            r.error(
                key,
                f"表二“{row}”的决定数没有来源：年报没有写 {key}，{where} 也没有栏目标明 report_row: {row}。"
                "不写就会印成 0，而 0 表示“没有”。",
                f"在头部加一行 {key}: 决定数（确实没有时写 0）；或给记录这类决定的栏目加上 report_row: {row}；"
                f"不适用的（如乡镇没有这项职权），在 {where} 的 not_applicable 下写明理由，表中印“/”。",
                line=end_line,
            )
    if "行政事业性收费" in not_applicable and r.given("fees_wan") is not None:
        r.error(
            "fees_wan",
            f"本站声明行政事业性收费不适用于这份年报（{where} 的 not_applicable），这里却填了金额。",
            f"删去 fees_wan 这一行，或删去 {where} 中的声明。",
        )
    v = r.read()  # the rest
    intro, sections = _sections(path, src.body, src.body_line, problems)
    for n, message, hint in sanitize.findings(src.body):  # removed on the page, as in record bodies
        problems.warn(path, src.body_line + n, None, message, hint)
    for n, message, hint in sanitize.refusals(src.body):  # refused, as in record bodies
        problems.error(path, src.body_line + n, None, message, hint)
    if not r.ok or sections is None:
        return None
    default = default_title(issuer or "", year)
    return Report(
        year=year,
        slug=path.stem,
        title=title or default,
        scope=scope,
        published=v["published"],
        intro=intro,
        sections=sections,
        fees_wan=v["fees_wan"] or 0,
        budget_wan=v["budget_wan"],
        disclosure_fees_yuan=v["disclosure_fees_yuan"],
        rel_path=problems.rel(path),
        issuer=issuer or "",
        lines=dict(src.front.key_lines),
        end_line=end_line,
        **{f.key: v[f.key] for f in _DECISIONS},
    )


class _Front:
    """Reads a report's front matter through its fields (REPORT_FIELDS), each problem at its line: the
    `Reading` of gongkai.model.fields, as gongkai.model.records' reader is for a record's."""

    settings = pattern = None  # what record fields read with; a report's fields need neither

    def __init__(self, path: Path, front, year: int, taxonomy: Taxonomy | None, problems: Problems):
        self.path, self.front, self.year = path, front, year
        self.taxonomy, self.problems = taxonomy, problems
        self.values: dict = {}
        self.ok = True

    def error(self, key, message, hint="", line=None):
        self.ok = False
        name = f"{key}（{KEYS[key]}）" if key in KEYS else key
        self.problems.error(self.path, line or self.line(key), name, message, hint)

    def line(self, key) -> int:
        return self.front.line_of(key, 1)

    def plain(self, key, value: str, multiline: bool = False, what: str = "", line=None) -> bool:
        """Whether `value` is plain text (gongkai.text.plaintext); says why not at the field's line."""
        wrong = plaintext.problem(value, multiline)
        if wrong:
            self.error(key, what + wrong[0], wrong[1], line=line)
        return wrong is None

    def given(self, key):
        """The value written for `key`, or None (absent, or written without one)."""
        return self.front.get(key)

    def not_applicable(self) -> dict[str, str]:
        """The rows of table 二 the site declares not applicable to this report (whose: `scope`, read)."""
        return self.taxonomy.not_applicable_to(self.values.get("scope")) if self.taxonomy is not None else {}

    def check_keys(self) -> None:
        """Keys given twice, and keys a report does not have."""
        for key, line in self.front.duplicates:
            self.error(key, "这个字段写了两次。", "删掉其中一行。", line)
        for key in self.front:
            if key not in KEYS:
                close = difflib.get_close_matches(str(key), list(KEYS), n=1, cutoff=0.6)
                self.error(
                    str(key),
                    f"年报没有字段 {key}。",
                    f"是不是 {close[0]}？" if close else "可用的字段：" + "、".join(KEYS),
                )

    def read(self, last: str | None = None) -> dict:
        """The fields not read yet, in their order, through `last` (every one when None): each value as
        the model holds it, its default when not written, None when wrong (said at its line)."""
        for fld in REPORT_FIELDS:
            if fld.key not in self.values:
                value = self.given(fld.key)
                if value is None:
                    if fld.required and not (isinstance(fld, Figure) and fld.row in self.not_applicable()):
                        self.error(fld.key, *fld.missing(self))
                    self.values[fld.key] = fld.default
                else:
                    self.values[fld.key] = fld.read(self, value)
            if fld.key == last:
                break
        return self.values


def _sections(path: Path, body: str, body_line: int, problems: Problems):
    """The text before the first `##` heading, and the sections 一, 五, 六 in order."""
    lines = body.split("\n")
    heads = []
    for n, text in lines_outside_code(body):
        m = _H2_RE.match(text)
        if m:
            heads.append((n, m.group(1)))
    found, ok = {}, True
    for n, heading in heads:
        numeral = heading[:1]
        line = body_line + n
        if numeral in GENERATED:
            problems.error(
                path,
                line,
                None,
                f"第{numeral}部分由系统根据记录和台账生成，不要手写。",
                "删去这一部分；正文只写 一、总体情况，五、存在的主要问题及改进情况，六、其他需要报告的事项。",
            )
            ok = False
        elif numeral not in WRITTEN or heading[1:2] not in ("、", "．", ".", " "):
            problems.error(
                path,
                line,
                None,
                f"二级标题“{heading}”不是年报的一部分。",
                "二级标题（##）只用 ## 一、总体情况　## 五、存在的主要问题及改进情况　## 六、其他需要报告的事项；"
                "小标题用 ###。",
            )
            ok = False
        elif numeral in found:
            problems.error(path, line, None, f"第{numeral}部分写了两次。", "合并成一个 ## 标题下的内容。")
            ok = False
        else:
            found[numeral] = (n, heading)
    order = [found[k][0] for k in WRITTEN if k in found]
    if ok and order != sorted(order):
        problems.error(path, body_line, None, "各部分的顺序不对。", "按 一、五、六 的顺序排列。")
        ok = False
    examples = {"一": "一、总体情况", "五": "五、存在的主要问题及改进情况", "六": "六、其他需要报告的事项"}
    for i, numeral in enumerate(WRITTEN):
        if numeral not in found and ok:
            # Point at where it belongs: the next section's heading, or the end of the body.
            after = [found[k][0] for k in WRITTEN[i + 1 :] if k in found]
            line = body_line + (after[0] if after else len(lines) - 1)
            hint = f"加上二级标题 ## {examples[numeral]} 和这一部分的内容。"
            problems.error(path, line, None, f"缺少第{numeral}部分。", hint)
            ok = False
    if not ok:
        return "", None
    starts = sorted(n for n, _ in found.values())
    intro = "\n".join(lines[: starts[0]]).strip("\n")
    sections = []
    for i, n in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(lines)
        heading = _H2_RE.match(lines[n]).group(1)
        sections.append(Section(heading[:1], heading, "\n".join(lines[n + 1 : end]).strip("\n")))
    return intro, tuple(sections)


def default_title(issuer: str, year: int) -> str:
    """The title of a report that names none: its issuer, its year, 政府信息公开工作年度报告."""
    return f"{issuer}{year}年政府信息公开工作年度报告"
