"""The request and appeal ledgers (依申请公开台账, 复议诉讼台账): read, validate, model.

`records/requests/*.yml` and `records/appeals/*.yml` each hold a list of cases. They feed the
statistics and the annual report as counts only; a case is never published row by row. The
ledgers carry no personal data: keys that would hold it are refused, and the free text a clerk
may keep (`note`) is checked for ID and phone numbers. What identifies a case (its `id`, its
`note`) is handed to the leak scan of the built site.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.model import rules
from gongkai.model.defaults import (
    APPEAL_RESULT_WORDS,
    APPEAL_RESULTS,
    APPEAL_TYPES,
    APPLICANT_WORDS,
    APPLICANTS,
    CHANNELS,
    LAWSUIT_ROUTES,
    OUTCOME_WORDS,
    OUTCOMES,
)
from gongkai.model.fields import Amount, CaseAgency, CaseChoice, CaseFlag, CaseId, CaseText, Date, Field, Note, Workdays
from gongkai.model.taxonomy import Agency, Taxonomy
from gongkai.model.workdays import Calendar, UncoveredYear
from gongkai.text import frontmatter, yamlio
from gongkai.text.problems import Problems
from gongkai.text.secret import Secret

LEDGERS = {"requests": "依申请公开台账", "appeals": "复议诉讼台账"}

_AGENCY_EXAMPLE = "某某县财政局"
#: The fields of a 依申请公开 case, in the order the README's example writes them.
REQUEST_FIELDS: tuple[Field, ...] = (
    CaseId("id", "编号", "案件编号：英文字母开头、含数字，5–40 个字符。", "YSQ-2025-001", required=True),
    CaseAgency("agency", "办理机关", "taxonomy.yml 中的发布机构名称。", _AGENCY_EXAMPLE, required=True),
    Date("received", "收到申请日期", "收到申请的日期，YYYY-MM-DD。", "2025-03-01", required=True),
    CaseChoice(
        "applicant",
        "申请人类型",
        "年报表三的申请人类型。",
        APPLICANTS[0],
        choices=APPLICANTS,
        words=APPLICANT_WORDS,
        required=True,
    ),
    CaseChoice("channel", "申请方式", "申请方式。", CHANNELS[0], choices=CHANNELS),
    Date("corrected", "补正日期", "申请人补正的日期：答复期限从这天起算（条例第三十条）。", "2025-03-05"),
    CaseFlag(
        "extended",
        "延期答复",
        "经负责人同意延期答复的写 true（条例第三十三条）。",
        True,
        default=False,
        fix="经负责人同意延期的写 extended: true；否则删去这一行。",
    ),
    Workdays("consult_days", "征求意见所用工作日", "征求第三方或其他机关意见所用的工作日，不计入期限。", 10, default=0),
    Date("replied", "答复日期", "答复的日期，YYYY-MM-DD。", "2025-03-20"),
    CaseChoice(
        "outcome",
        "办理结果",
        "年报表三的办理结果。",
        next(iter(OUTCOMES)),
        choices=tuple(OUTCOMES),
        words=OUTCOME_WORDS,
    ),
    CaseChoice(
        "reason",
        "具体情形",
        "办理结果的具体情形（年报表三的小项）。",
        next(r for rs in OUTCOMES.values() for r in rs),
        choices=tuple(dict.fromkeys(r for rs in OUTCOMES.values() for r in rs)),
    ),
    Amount("fee", "信息处理费", "收取的信息处理费（元）。", 100, default=0),
    Note("note", "内部备注", "经办人的备注：不公开，不能写个人信息。", "需第三方意见", default=""),
)
#: The fields of a 行政复议 or 行政诉讼 case.
APPEAL_FIELDS: tuple[Field, ...] = (
    CaseId("id", "编号", "案件编号：英文字母开头、含数字，5–40 个字符。", "FY-2025-01", required=True),
    CaseAgency("agency", "被申请机关", "taxonomy.yml 中的发布机构名称。", _AGENCY_EXAMPLE, required=True),
    CaseChoice("type", "类型", "行政复议或行政诉讼。", APPEAL_TYPES[0], choices=APPEAL_TYPES, required=True),
    CaseChoice("route", "起诉方式", "行政诉讼的起诉方式（年报表四）。", LAWSUIT_ROUTES[0], choices=LAWSUIT_ROUTES),
    Date("filed", "立案日期", "立案（受理）的日期，YYYY-MM-DD。", "2025-03-01", required=True),
    CaseChoice(
        "result",
        "结果",
        "审结的结果（年报表四）。",
        APPEAL_RESULTS[0],
        choices=APPEAL_RESULTS,
        words=APPEAL_RESULT_WORDS,
    ),
    Date("concluded", "审结日期", "审结的日期，YYYY-MM-DD。", "2025-06-01"),
    CaseText("request", "对应申请编号", "这个案件所涉申请在依申请公开台账中的编号。", "YSQ-2025-001"),
    Note("note", "内部备注", "经办人的备注：不公开，不能写个人信息。", "需第三方意见", default=""),
)
REQUEST_KEYS = {f.key: f.label for f in REQUEST_FIELDS}
APPEAL_KEYS = {f.key: f.label for f in APPEAL_FIELDS}
#: Keys that would put an applicant's personal data into git (and one push away from the site).
_PERSONAL_KEY = re.compile(
    r"name|phone|mobile|tel|id_?card|id_?no|address|addr|email|contact"
    r"|姓名|名字|电话|手机|身份证|证件|住址|地址|邮箱|联系|申请人(?!类型)",
    re.IGNORECASE,
)
#: Notes shorter than this are not looked for in the site: a short phrase (重复申请) is also table text.
NOTE_SECRET_MIN = 8


@dataclass(frozen=True)
class Request:
    """One 依申请公开 application, as the ledger records it."""

    id: str
    agency: Agency
    received: dt.date
    applicant: str
    replied: dt.date | None = None
    outcome: str | None = None
    reason: str | None = None
    corrected: dt.date | None = None
    extended: bool = False
    channel: str | None = None
    fee: float = 0
    note: str = ""
    file: str = ""  # as the clerk sees it: records/requests/2024.yml
    line: int = 0
    path: Path | None = field(default=None, compare=False, repr=False)
    #: Line of each key, for messages found after loading (the deadline needs a calendar).
    lines: dict = field(default_factory=dict, compare=False, repr=False)
    #: Working days spent consulting third parties or other agencies: not counted (条例第三十三条第二款).
    consult_days: int = 0

    @property
    def rule(self) -> rules.ReplyRule:
        """The deadline rule it was handled under: that of the day it was received."""
        return rules.reply_rule(self.received)

    @property
    def starts(self) -> dt.date:
        """The day the reply period runs from: the 补正 replaces the first receipt (条例第三十条)."""
        return self.corrected or self.received

    @property
    def result_row(self) -> str | None:
        """The table 三 row this request is counted in once replied: `outcome` or `outcome/reason`."""
        if self.outcome is None:
            return None
        return self.outcome if self.reason is None else f"{self.outcome}/{self.reason}"

    def open_at_end_of(self, day: dt.date) -> bool:
        """Received by `day` and not yet replied at its end."""
        return self.received <= day and (self.replied is None or self.replied > day)


@dataclass(frozen=True)
class Appeal:
    """One 行政复议 or 行政诉讼 case about disclosure work."""

    id: str
    agency: Agency
    type: str
    filed: dt.date
    route: str | None = None
    result: str | None = None
    concluded: dt.date | None = None
    request: str | None = None
    note: str = ""
    file: str = ""
    line: int = 0
    path: Path | None = field(default=None, compare=False, repr=False)

    @property
    def group(self) -> str:
        """The column group of table 四: 行政复议, or the lawsuit's route."""
        return self.type if self.type == "行政复议" else self.route or ""

    def result_on(self, day: dt.date) -> str:
        """The result known at the end of `day`: 维持/纠正/其他, or 尚未审结."""
        if self.result is None or self.concluded is None or self.concluded > day:
            return "尚未审结"
        return self.result


@dataclass
class Ledgers:
    requests: list[Request] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)

    def secrets(self) -> list[Secret]:
        """What identifies a case: its number and the clerk's note. The site must not contain them."""
        out = []
        for kind, cases in (("requests", self.requests), ("appeals", self.appeals)):
            for c in cases:
                where = f"{LEDGERS[kind]} {c.file} 第 {c.line} 行案件的"
                out.append(Secret(c.id, f"{where} id", whole=True))
                if len(c.note.strip()) >= NOTE_SECRET_MIN:
                    out.append(Secret(c.note.strip(), f"{where} note", whole=True))
        return out


def next_free_id(case_id: str, used: set[str]) -> str | None:
    """The number after the highest in `used` that reads as `case_id` does (YSQ-2024-007 → the same
    prefix, the serial one more, as wide); None when `case_id` does not end in digits."""
    m = re.search(r"[0-9]+$", case_id)
    if m is None:
        return None
    prefix, width = case_id[: m.start()], len(m.group())
    serials = [int(u[len(prefix) :]) for u in used if u.startswith(prefix) and re.fullmatch("[0-9]+", u[len(prefix) :])]
    return f"{prefix}{max(serials, default=int(m.group())) + 1:0{width}d}"


def load_ledgers(root: Path, taxonomy: Taxonomy | None, problems: Problems) -> Ledgers:
    """Read and validate every ledger under `root` (the records folder); problems are collected."""
    out = Ledgers()
    # Requests whose case has errors of its own, or in a ledger that could not be read at all: an
    # appeal naming one is not told the request is missing (it is there, and its error is said).
    unread, wrong = False, set[str]()
    for folder, fields, read in (("requests", REQUEST_FIELDS, _request), ("appeals", APPEAL_FIELDS, _appeal)):
        seen: dict[str, str] = {}
        repeated, failed = [], set()  # failed: the numbers of cases with errors of their own
        for path in _files(root / folder, problems):
            before = len(problems.errors)
            rows = _rows(path, problems)
            unread |= folder == "requests" and not rows and len(problems.errors) > before
            for row in rows:
                reader = _Row(path, row, fields, taxonomy, problems)
                case = read(reader)
                if case is None:
                    if isinstance(row[0].get("id"), str):
                        failed.add(row[0]["id"].strip())
                    continue
                where = f"{case.file} 第 {case.line} 行"
                if case.id in seen:
                    repeated.append((reader, case))
                    continue
                seen[case.id] = where
                (out.requests if folder == "requests" else out.appeals).append(case)
        if folder == "requests":
            wrong = failed
        # Said once every number of the ledger is known, with one still free to take.
        used = set(seen) | failed
        for reader, case in repeated:
            free = next_free_id(_in_files_year(case.id, reader.path), used)
            used.add(free or case.id)
            hint = "每个案件的编号必须不同" + (f"：这一件可改为 {free}（本台账下一个未用的编号）。" if free else "。")
            reader.error("id", f"编号 {case.id} 重复（{seen[case.id]}已用）。", hint)
    known = {r.id for r in out.requests}
    for a in out.appeals:
        if a.request is not None and a.request not in known and not unread and a.request not in wrong:
            problems.error(
                a.path,
                a.line,
                "request（对应申请编号）",
                f"依申请公开台账中没有编号为 {a.request} 的申请。",
                "核对编号，或删去 request 这一项。",
            )
    out.requests.sort(key=lambda r: (r.received, r.id))
    out.appeals.sort(key=lambda a: (a.filed, a.id))
    return out


def _file_year(path: Path | None) -> int | None:
    """The year a ledger file is named after (`requests/2026.yml`), or None."""
    return int(path.stem) if path is not None and re.fullmatch(r"[0-9]{4}", path.stem) else None


def _in_files_year(case_id: str, path: Path) -> str:
    """`case_id` with the year of its file (`2026.yml`) for the year it holds: a number copied from
    last year's file (YSQ-2025-001 in 2026.yml) is given the next of this year's, not of last year's."""
    year = _file_year(path)
    return case_id if year is None else re.sub(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])", str(year), case_id, count=1)


def in_their_years_files(requests: list[Request], problems: Problems) -> None:
    """A request in `requests/<year>.yml` of another year than its received day's: a mistyped date,
    or a request filed in the wrong year's file (a warning at its received line). `gongkai check`
    says it: a ledger kept by the year a request was handled in is counted right all the same, and
    the build would repeat it on every run (and `mkdocs build --strict` stop on it)."""
    for case in requests:
        year = _file_year(case.path)
        if year is not None and case.received.year != year:
            problems.warn(
                case.path,
                case.lines.get("received", case.line),
                "received（收到日期）",
                f"申请 {case.id} 的收到日期 {case.received} 在 {case.received.year} 年，却记在 {case.path.name} 里。",
                f"日期写错的，改正；没写错的，移到 {case.received.year}.yml（台账按收到申请的年份分文件，"
                "12 月收到、次年答复的留在收到那年的文件里）。",
            )


def dated_after(requests: list[Request], day: dt.date, problems: Problems) -> None:
    """A request received or answered after `day` (today): a mistyped date (the year, most often),
    which the report and the deadlines count as written. A warning of `gongkai check`'s, as an
    overdue request is."""
    for r in requests:
        for key, name, when in (("received", "收到日期", r.received), ("replied", "答复日期", r.replied)):
            if when is not None and when > day:
                problems.warn(
                    r.path,
                    r.lines.get(key, r.line),
                    f"{key}（{name}）",
                    f"申请 {r.id} 的{name} {when} 在今天（{day}）之后。",
                    "核对日期（年份最常写错）；台账只记已经发生的事。",
                )


def _files(folder: Path, problems: Problems) -> list[Path]:
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        if path.suffix not in (".yml", ".yaml"):
            problems.error(
                path,
                None,
                None,
                f"{LEDGERS[folder.name]}目录只放 .yml 文件。",
                f"把台账写成 YAML 列表，文件名如 {folder.name}/2025.yml；其他文件移出这个目录。",
            )
            continue
        out.append(path)
    return out


def _rows(path: Path, problems: Problems) -> list[tuple[yamlio.LineMap, int]]:
    data = frontmatter.read_yaml(path, problems)
    if data is None or data is frontmatter.UNREADABLE:
        return []
    if not isinstance(data, yamlio.LineList):
        problems.error(
            path,
            1,
            None,
            "台账应是一个列表：每个案件以“- ”开头。",
            "例如：\n      - id: YSQ-2025-001\n        agency: 某某县财政局\n        received: 2025-03-01",
        )
        return []
    out = []
    for item, line in zip(data, data.item_lines, strict=True):
        if not isinstance(item, yamlio.LineMap):
            problems.error(path, line, None, "这一项不是一个案件。", "每个案件写成“键: 值”的几行，以“- ”开头。")
            continue
        out.append((item, line))
    return out


class _Row:
    """Reads the fields of one case (gongkai.model.fields), reporting each problem at its line."""

    settings = pattern = None  # what record fields read with; a case's fields need neither

    def __init__(self, path: Path, row: tuple[yamlio.LineMap, int], fields: tuple[Field, ...], taxonomy, problems):
        self.path, (self.data, self.line) = path, row
        self.fields = {f.key: f for f in fields}
        self.keys = {f.key: f.label for f in fields}
        self.taxonomy, self.problems = taxonomy, problems
        self.rel = problems.rel(path)
        self.values: dict = {}
        self.ok = True
        for key in self.data:
            self._check_key(key)

    def error(self, key, message, hint="", line=None):
        self.ok = False
        name = None if key is None else f"{key}（{self.keys[key]}）" if key in self.keys else str(key)
        self.problems.error(self.path, line or self.data.line_of(key, self.line), name, message, hint)

    def line(self, key) -> int:
        return self.data.line_of(key, self.line)

    def _check_key(self, key):
        if not isinstance(key, str):
            self.error(None, f"字段名 {key!r} 不是文字。", "字段名用英文小写，如 id。", line=self.data.line_of(key))
        elif _PERSONAL_KEY.search(key) and key not in self.keys and not key.lower().startswith("agency"):
            self.error(
                key,
                "台账不能记录申请人的个人信息（姓名、电话、身份证号、地址等）。",
                "删去这一项：个人信息不得提交到仓库。需要联系申请人时，查阅登记表或办理系统。",
            )
        elif key not in self.keys:
            labels = {v: k for k, v in self.keys.items()}
            if key in labels:
                hint = f"字段名用英文：把 {key}: 改成 {labels[key]}:"
            else:
                close = difflib.get_close_matches(key, list(self.keys), n=1, cutoff=0.6)
                hint = f"是不是 {close[0]}？" if close else "可用的字段：" + "、".join(self.keys)
            self.error(key, f"台账没有字段 {key}。", hint)

    def present(self, key):
        value = self.data.get(key)
        return None if value is None or (isinstance(value, str) and not value.strip()) else value

    def has(self, key) -> bool:
        """Written with a value: a key left blank (`outcome:`) counts as not written."""
        return self.present(key) is not None

    def read(self, *keys: str) -> dict:
        """Each field of `keys` read (its default when not written), after every required one is checked."""
        present = True
        for fld in self.fields.values():
            if fld.required and self.present(fld.key) is None:
                missing = "必填字段缺少或为空。" if fld.key in self.data else "缺少必填字段。"
                self.error(fld.key, missing, f"加上一行 {fld.key}: {fld.example_in(self)}")
                present = False
        for key in keys or self.fields:
            fld, value = self.fields[key], self.present(key)
            self.values[key] = fld.default if value is None else fld.read(self, value)
        return self.values if present else {}

    def later(self, key, day, earlier_key, earlier, what):
        if day is not None and earlier is not None and day < earlier:
            self.error(key, f"{self.keys[key]} {day} 早于{self.keys[earlier_key]} {earlier}。", what)


def _request(r: _Row) -> Request | None:
    v = r.read(*(k for k in REQUEST_KEYS if k != "reason"))  # the reason is read by what the outcome allows
    received, corrected, replied, outcome = r.values["received"], r.values["corrected"], r.values["replied"], None
    outcome = r.values["outcome"]
    reason = None
    r.later("corrected", corrected, "received", received, "补正日期不能早于收到申请的日期。")
    r.later("replied", replied, "received", received, "核对答复日期。")
    r.later("replied", replied, "corrected", corrected, "核对答复日期。")
    if r.has("replied") and not r.has("outcome"):
        r.error("replied", "已答复的申请要写办理结果。", "加上一行 outcome: " + " / ".join(OUTCOMES))
    if r.has("outcome") and not r.has("replied"):
        r.error("outcome", "写了办理结果，但没有答复日期。", "加上一行 replied: YYYY-MM-DD（答复日期）")
    if outcome is not None:
        reasons = OUTCOMES[outcome]
        if reasons and not r.has("reason"):
            r.error("outcome", f"“{outcome}”要写明具体情形。", "加上一行 reason: " + "、".join(reasons) + "（选一）")
        elif reasons:
            reason = CaseChoice("reason", "具体情形", "", reasons[0], choices=reasons).read(r, r.present("reason"))
        elif r.has("reason"):
            r.error("reason", f"“{outcome}”不分具体情形。", "删去 reason 这一行。")
    elif r.has("reason") and not r.has("outcome"):
        r.error("reason", "写了具体情形，但没有办理结果。", "加上 outcome，或删去 reason。")
    fee = r.values["fee"]
    if fee and received is not None and not rules.fee_rule(received).allowed:
        r.problems.warn(
            r.path,
            r.data.line_of("fee", r.line),
            "fee（信息处理费）",
            f"这件申请 {received} 收到：2019年5月15日新条例施行后、{rules.FEE_MEASURES} 信息处理费管理办法施行前，"
            "依申请提供政府信息不收费（条例第四十二条），年报也无从写明收费依据。",
            "核对这笔费用；确实收了的，在年报第六部分说明情况。",
        )
    if not (v and r.ok and v["id"] and v["agency"] and received and v["applicant"]):
        return None
    return Request(
        v["id"], v["agency"], received, v["applicant"], replied, outcome, reason, corrected, v["extended"],
        v["channel"], fee, v["note"], r.rel, r.line, r.path, dict(r.data.key_lines), v["consult_days"],
    )  # fmt: skip


def _appeal(r: _Row) -> Appeal | None:
    v = r.read()
    kind, filed, concluded = v.get("type"), r.values["filed"], r.values["concluded"]
    if r.values["type"] == "行政诉讼" and not r.has("route"):
        r.error("type", "行政诉讼要写明起诉方式。", "加上一行 route: " + " 或 ".join(LAWSUIT_ROUTES))
    if r.values["type"] == "行政复议" and r.has("route"):
        r.error("route", "行政复议不分起诉方式。", "删去 route 这一行。")
    if r.has("result") and not r.has("concluded"):
        r.error("result", "写了结果，但没有审结日期。", "加上一行 concluded: YYYY-MM-DD")
    if r.has("concluded") and not r.has("result"):
        r.error("concluded", "写了审结日期，但没有结果。", "加上一行 result: " + " / ".join(APPEAL_RESULTS))
    r.later("concluded", concluded, "filed", filed, "核对审结日期。")
    if not (v and r.ok and v["id"] and v["agency"] and filed and kind):
        return None
    return Appeal(
        v["id"], v["agency"], kind, filed, v["route"], v["result"], concluded, v["request"], v["note"],
        r.rel, r.line, r.path,
    )  # fmt: skip


@dataclass
class Deadlines:
    """The legal reply deadline of each request (条例第三十三条), and which replies came after it."""

    due: dict[str, dt.date] = field(default_factory=dict)
    late: set[str] = field(default_factory=set)

    def overdue(self, requests: list[Request], day: dt.date) -> list[Request]:
        """Requests still open at the end of `day` whose deadline had passed."""
        return [r for r in requests if r.open_at_end_of(day) and r.id in self.due and self.due[r.id] < day]


def deadlines(
    requests: list[Request], calendar: Calendar, problems: Problems, as_of: dt.date | None = None
) -> Deadlines:
    """20 working days from receipt (or 补正), 40 when extended, plus the days spent consulting; 15 and 30
    for a request received before 2019-05-15, under the 2007 条例 (gongkai.model.rules).

    A reply within the years the calendar covers needs no deadline beyond them: a request received
    in December and answered before the new year is judged on the days it took. A request still
    open whose deadline falls in a year without a calendar (every December, before the State
    Council's schedule reaches holidays.yml) is given Monday to Friday's, a warning, while that
    estimate is after `as_of`: nothing is judged on it yet, and the site goes on being published.
    Once it is due, or for a reply in that year, the calendar is needed: an error.
    """
    out = Deadlines()
    for r in requests:
        rule = r.rule
        days = rule.workdays + (rule.extension if r.extended else 0) + r.consult_days
        try:
            out.due[r.id] = calendar.add_workdays(r.starts, days)
            if r.replied is not None and r.replied > out.due[r.id]:
                out.late.add(r.id)
            continue
        except UncoveredYear as exc:
            missing = exc.year
        if r.replied is not None and calendar.covers(r.replied.year):
            if calendar.workdays_between(r.starts, r.replied) > days:
                out.late.add(r.id)
            continue
        key = "corrected" if r.corrected else "received"
        fix = (
            f"照国务院办公厅公布的 {missing} 年节假日安排，在 records/holidays.yml 里写上 {missing} 年的放假"
            "和调休上班日期（写法见该文件的说明）；或者更新 chinese-calendar 软件包。"
        )
        estimate = calendar.estimate_workdays(r.starts, days)
        if r.replied is None and as_of is not None and estimate >= as_of:
            out.due[r.id] = estimate
            problems.warn(
                r.path,
                r.lines.get(key, r.line),
                f"{key}（{REQUEST_KEYS[key]}）",
                f"申请 {r.id} 的答复期限在 {missing} 年，还没有 {missing} 年的节假日安排：暂按周一至周五估算为 "
                f"{estimate}，以节假日安排为准。",
                fix.split("；或者")[0] + f"。{estimate} 以前不写上，检查会报错、网站不再更新。",
            )
            continue
        problems.error(
            r.path,
            r.lines.get(key, r.line),
            f"{key}（{REQUEST_KEYS[key]}）",
            f"无法计算申请 {r.id} 的答复期限：没有 {missing} 年的节假日安排。",
            fix,
        )
    return out
