"""`gongkai inspect`'s report: for the webmaster (text), for tools (JSON), for CI (GitHub annotations,
a GitLab Code Quality report). Each finding is a `Problem`, at the file and line where it is fixed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from gongkai.clerk.inspection import SEVERE, Inspection
from gongkai.clerk.linkcheck import LinkReport
from gongkai.text.problems import PLAIN, Problem, Problems
from gongkai.text.terminal import Paint, width

SOURCE = "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》"


def problems(ins: Inspection, root: Path, links: LinkReport | None = None, site: Path | None = None) -> Problems:
    """The findings (and broken links) as problems, paths relative to `root` (the site's folder)."""
    out = Problems(root=root)
    for f in ins.findings:
        (out.error if f.severity == SEVERE else out.warn)(f.path, f.line, f.field, f.message, f.hint)
    for b in (links.broken if links else None) or []:
        target = f"{site.name}/{b.target}" if b.target else "网站之外"
        out.error(
            (site or Path("site")) / b.page,
            b.line,
            b.attribute,
            f"链接 {b.url} 指向的文件不存在（{target}）。",
            "重新生成网站（make site）后再检查；仍然失效的，改正 docs/ 中手写页面或记录正文里的这个链接"
            "（生成的页面里的失效链接是程序错误，请报告）。",
        )
    return out


def text(
    ins: Inspection,
    found: Problems,
    ahead: tuple[dt.date, Inspection] | None = None,
    links: LinkReport | None = None,
    colour: bool = False,
) -> str:
    """The report for the webmaster: what was looked at, the veto items, what to do, the verdict."""
    paint = Paint(colour)
    lines = [f"网站检查：{ins.day}（北京时间），按{SOURCE}的单项否决项", ""]
    home = ins.home
    if home.newest is None:
        lines.append(f"首页：还没有任何信息（须 {home.period.label}内有新信息）")
    else:
        days = (ins.day - home.newest.published).days
        lines.append(
            f"首页：最新信息 {home.newest.published}《{home.newest.title}》"
            f"（{days} 天前；须 {home.period.label}内有新信息）"
        )
    lines.append(f"栏目（{len(ins.columns)} 个；状态按各栏目的 update_within 判断）：")
    rows = [("栏目", "最新发布", "更新周期", "状态")]
    for c in ins.columns:
        newest = str(c.newest.published) if c.newest else "（无）"
        period = c.period.label if c.period is not None else "未写"
        if c.empty:
            state = paint.red("空白栏目")
        elif c.stale:
            state = paint.red("未按时更新")
        elif c.stale_from:
            state = f"正常，{c.stale_from} 起超期"
        else:
            state = "—"
        rows.append((c.name, newest, period, state))
    lines += _table(rows)
    empty = ins.empty
    lines.append(f"空白栏目：{len(empty)} 个" + ("：" + "、".join(c.name for c in empty) if empty else ""))
    days = ins.settings.inspect_interpretation_days
    missing = [i for i in ins.interpretations if i.interpretation is None]
    late = [i for i in ins.interpretations if i.late_days]
    lines.append(
        f"政策解读：近一年发布、现行有效的规章和行政规范性文件 {len(ins.interpretations)} 件，"
        f"没有解读的 {len(missing)} 件，解读晚于 {days} 天的 {len(late)} 件"
    )
    months = ins.settings.inspect_unanswered_months
    lines.append(
        f"逾期未答复的申请：{len(ins.requests)} 件，其中超过 {months} 个月的 {sum(u.too_long for u in ins.requests)} 件"
    )
    lines.append("“我为政府网站找错”链接：" + ("有" if ins.error_report else paint.yellow("没有")))
    lines.append("站内搜索：" + ("有" if ins.search else paint.yellow("已关闭")))
    if links is not None:
        said = "全部有效" if not links.broken else paint.red(f"{len(links.broken):,} 个失效")
        lines.append(f"站内链接：{links.pages:,} 个页面、{links.links:,} 个链接，{said}")
    lines += ["", "单项否决："]
    for v in ins.vetoes:
        lines.append(f"  {paint.red('否决') if v.crossed else '通过'}  {v.sentence()}")
    if ahead is not None:
        day, later = ahead
        items = "；".join(v.sentence() for v in later.crossed)
        lines += ["", paint.yellow(f"预警：如不再发布新信息，{(day - ins.day).days} 天后（{day}）将单项否决：{items}")]
    if found.items:
        lines += ["", "要处理的事项（按文件，附改法）：", "", found.report(colour=colour, summary=False)]
    lines.append("")
    lines.append(verdict(ins, ahead, links, paint))
    return "\n".join(lines)


def verdict(ins: Inspection, ahead, links: LinkReport | None, paint: Paint = PLAIN) -> str:
    crossed = ins.crossed
    broken = len(links.broken) if links and links.broken else 0
    if crossed:
        said = paint.red(f"结论：触及 {len(crossed)} 项单项否决（{'、'.join(v.name for v in crossed)}），检查不合格。")
    elif ahead is not None:
        said = paint.yellow(f"结论：今天未触及单项否决，但 {ahead[0]} 将触及（见上面的预警）。")
    else:
        said = "结论：未触及单项否决。"
    if broken:
        said += paint.red(f"站内有 {broken} 个失效链接。")
    return said


def to_json(ins: Inspection, found: Problems, ahead=None, links: LinkReport | None = None) -> str:
    """The whole inspection for tools: every column, every veto, every finding."""

    def record(r):
        return None if r is None else {"index_no": r.index_no, "title": r.title, "published": str(r.published)}

    data = {
        "day": str(ins.day),
        "ok": exit_status(ins, ahead, links) == 0,
        "vetoes": [
            {"item": v.key, "name": v.name, "count": v.count, "limit": v.limit, "crossed": v.crossed,
             "text": v.sentence()} for v in ins.vetoes
        ],
        "home": {"update_within": ins.home.period.label, "newest": record(ins.home.newest), "stale": ins.home.stale,
                 "stale_from": _day(ins.home.stale_from)},
        "columns": [
            {"name": c.name, "update_within": c.period.label if c.period is not None else None,
             "newest": record(c.newest), "empty": c.empty, "stale": c.stale, "stale_from": _day(c.stale_from)}
            for c in ins.columns
        ],
        "interpretations": [
            {"document": record(i.document), "interpretation": record(i.interpretation), "due": str(i.due),
             "late_days": i.late_days} for i in ins.interpretations
        ],
        "requests": [
            {"id": u.request.id, "received": str(u.request.received), "due": str(u.due),
             "unanswered_too_long": u.too_long} for u in ins.requests
        ],
        "error_report_link": ins.error_report or None,
        "search": ins.search,
        "ahead": None if ahead is None else {"day": str(ahead[0]), "vetoes": [v.sentence() for v in ahead[1].crossed]},
        "links": None if links is None else {
            "pages": links.pages, "links": links.links,
            "broken": [{"page": b.page, "line": b.line, "url": b.url} for b in links.broken or []],
        },
        "findings": [_finding(p) for p in sorted(found.items, key=_order)],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=1)


def annotations(found: Problems) -> list[str]:
    """GitHub Actions workflow commands: each finding on the run's summary, at its file and line."""
    return [p.annotation() for p in sorted(found.items, key=_order)]


def code_quality(found: Problems) -> str:
    """A GitLab Code Quality report: the findings in the pipeline's and merge request's view."""
    issues = []
    for p in sorted(found.items, key=_order):
        issue = p.code_quality()
        issue["check_name"] = "gongkai-inspect"
        issues.append(issue)
    return json.dumps(issues, ensure_ascii=False, indent=1)


def exit_status(ins: Inspection, ahead, links: LinkReport | None) -> int:
    """1 when a veto item is crossed (on the day, or within the days looked ahead) or a link is broken."""
    return int(bool(ins.crossed or ahead is not None or (links is not None and links.broken)))


def _finding(p: Problem) -> dict:
    return {"file": p.path, "line": p.line, "field": p.field, "message": p.message, "fix": p.hint,
            "severity": p.severity}  # fmt: skip


def _order(p: Problem) -> tuple:
    return (p.path, p.line or 0, p.field or "", p.message)


def _day(day: dt.date | None) -> str | None:
    return None if day is None else str(day)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows in columns aligned on a terminal (Chinese characters take two columns), indented."""
    widths = [max(width(_plain(r[i])) for r in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        cells = [cell + " " * (w - width(_plain(cell))) for cell, w in zip(row, widths, strict=False)]
        out.append(("  " + "  ".join([*cells, row[-1]])).rstrip())
    return out


def _plain(text: str) -> str:
    """`text` without ANSI escapes (for its width)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)
