"""`gongkai inspect`: the national inspection's veto items as of a day (gongkai.clerk.inspection), and with
`--site` the built site's internal links (gongkai.clerk.linkcheck); the report in gongkai.clerk.inspectreport."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from gongkai.clerk import inspection, inspectreport, linkcheck
from gongkai.cli.common import date_arg, find_config, load
from gongkai.model.footer import footer
from gongkai.siteconfig import read_mkdocs, with_lines
from gongkai.text.problems import InputError, Problems
from gongkai.text.terminal import use_colour


def add_parser(sub, common) -> None:
    inspect = sub.add_parser(
        "inspect",
        help="按全国政府网站检查指标的单项否决项检查本站：栏目更新、空白栏目、首页、政策解读、逾期申请、找错链接",
        parents=[common],
    )
    inspect.add_argument(
        "--as-of",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="按这一天检查（默认：环境变量 GONGKAI_AS_OF 或今天，北京时间）；定时发布的记录从它的日期起算",
    )
    inspect.add_argument(
        "--ahead",
        type=_days,
        default=0,
        metavar="天数",
        help="预警天数：如不再发布新信息，这些天内将触及的单项否决也算不通过（供每天运行的 CI 提前报警；默认 0）",
    )
    inspect.add_argument("--site", metavar="目录", help="另检查已生成的网站（如 site/）中每个站内链接都指向存在的文件")
    inspect.add_argument(
        "--format",
        choices=["text", "json", "github", "gitlab"],
        default="text",
        help="text：给网站管理员看；json：供其他工具读取；github：另把每个事项写成 GitHub Actions 的注释；"
        "gitlab：在标准输出写 GitLab 代码质量报告（JSON），文字报告写到标准错误",
    )
    inspect.set_defaults(func=cmd_inspect)


def _days(text: str) -> int:
    if not text.isdigit() or int(text) > 366:
        raise argparse.ArgumentTypeError(f"“{text}”不是 0 到 366 之间的天数")
    return int(text)


def cmd_inspect(args) -> int:
    site_dir = Path(args.site) if args.site else None
    if site_dir is not None and not (site_dir / "index.html").is_file():
        print(
            f"{args.site} 中没有生成的网站（找不到 index.html）。改法：先运行 make site（或 mkdocs build）。",
            file=sys.stderr,
        )
        return 1
    catalog = load(args)
    if catalog is None:
        return 1
    config = find_config(args.config)
    try:
        data = read_mkdocs(config)
    except InputError as exc:
        print(exc.problems.report(), file=sys.stderr)
        return 1
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    docs = config.parent / str(data.get("docs_dir") or "docs")
    values = footer(extra.get("footer"), docs, Problems())  # its mistakes are the build's and check's to say
    site = inspection.Site.from_catalog(catalog, config.parent, values, config)
    found = inspection.inspect(site, catalog.as_of)
    ahead = inspection.ahead(site, found.day, args.ahead) if args.ahead and not found.crossed else None
    links = None
    if site_dir is not None:
        links = linkcheck.check(site_dir, urlsplit(str(data.get("site_url") or "")).path or "/")
    problems = inspectreport.problems(found, config.parent, links, site_dir)
    with_lines(problems, config)  # what is done in mkdocs.yml, at its key's line (or its parent's)
    if args.format == "json":
        print(inspectreport.to_json(found, problems, ahead, links))
    elif args.format == "gitlab":  # stdout is the report the pipeline reads: JSON alone
        print(inspectreport.text(found, problems, ahead, links, colour=use_colour(sys.stderr)), file=sys.stderr)
        print(inspectreport.code_quality(problems))
    else:
        print(inspectreport.text(found, problems, ahead, links, colour=use_colour(sys.stdout)))
        if args.format == "github":
            print("\n".join(inspectreport.annotations(problems)))
    return inspectreport.exit_status(found, ahead, links)
