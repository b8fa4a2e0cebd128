"""`gongkai aggregate`: several reports' open data (/data/annual/<slug>.json) added into one set of tables,
for a county adding its agencies' reports, or a city or province adding its counties' (gongkai.publish.annualdata)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from gongkai.portal import tables
from gongkai.publish import annualdata
from gongkai.text.problems import json_shown, shown


def add_parser(sub, common) -> None:
    aggregate = sub.add_parser(
        "aggregate",
        help="把同一年的多份年报数据（网站 /data/annual/<年份>.json）相加成一套表格（供县、市、省汇总）",
        parents=[common],
    )
    aggregate.add_argument("files", nargs="+", metavar="文件", help="年报数据文件（JSON），如 甲县/2024.json")
    aggregate.add_argument("--format", choices=("text", "csv", "json"), default="text", help="输出格式（默认 text）")
    aggregate.add_argument(
        "--issuer", metavar="发布机关", help="汇总的发布机关，如 某某市人民政府（默认：“N 份年报合计”）"
    )
    aggregate.set_defaults(func=cmd_aggregate)


def cmd_aggregate(args) -> int:
    named, problems = [], []
    for name in args.files:
        try:
            named.append((name, annualdata.read(Path(name))))
        except annualdata.Unreadable as exc:
            problems += exc.messages
    if not problems:
        try:
            total = annualdata.add(named, args.issuer)
        except annualdata.Refused as exc:
            problems += exc.messages
    if problems:
        print(shown("\n".join(problems)), file=sys.stderr)  # the files are other sites': untrusted
        print(f"没有相加：{len(problems)} 个问题。", file=sys.stderr)
        return 1
    if args.format == "json":
        schema = next((json.loads(Path(n).read_text("utf-8-sig")).get("$schema") for n, _ in named), "")
        sys.stdout.write(json_shown(annualdata.to_json(total, schema or annualdata.SCHEMA)))
    elif args.format == "csv":
        parts = [tables.to_csv(grid(total.tables)).lstrip("\ufeff") for grid in tables.GRIDS.values()]
        sys.stdout.write("\r\n".join(f"{tables.TITLES[k]}\r\n{p}" for k, p in zip(tables.GRIDS, parts, strict=True)))
    else:
        sys.stdout.write(shown(text(total)))  # an issuer's name from another site's file may hold ESC
    return 0


def text(a: annualdata.Annual) -> str:
    """The sum for the terminal: what was added, the records by group, the notes, the three tables."""
    lines = [a.title, "", f"由 {len(a.parts)} 份年报相加：" + "、".join(p.issuer for p in a.parts)]
    lines.append("各份的数字均已于发布时冻结。" if a.frozen else "其中有未冻结的年报：它们的数字可能随资料更正而变。")
    groups = "、".join(f"{g} {n} 条" for g, n in a.records.get("分组", {}).items())
    lines.append(f"主动公开政府信息 {a.records.get('合计', 0)} 条" + (f"，其中{groups}" if groups else "") + "。")
    lines += [f"注：{note}。" for note in a.notes]
    lines += [f"“/”表示不适用：{row}，{why}。" for row, why in a.tables.table2.not_applicable.items()]
    grids = {**tables.GRIDS, "table3": lambda t: tables.grid3(t, indent=True)}
    body = "\n".join(tables.to_text(tables.TITLES[k], grids[k](a.tables)) for k in tables.GRIDS)
    return "\n".join(lines) + "\n\n" + body
