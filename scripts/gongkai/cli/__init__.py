"""The `gongkai` command, an adapter over the core: add (new, import) and check records, print the annual-report
tables, mask personal data, print the schema, inspect the site as the national inspection would (gongkai.cli.inspect).

This package holds the command line: this module (the parser and the small commands), one module per larger command
(add, aggregate, edit, inspect), argparse in Chinese and the build's status line (mkdocs.yml is read with MkDocs'
own loader by gongkai.siteconfig). It may import every floor of the core, the editor and MkDocs; nothing in the core
imports it."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from gongkai.clerk import inside
from gongkai.clerk.changed import (
    NotInGit,
    changed_files,
    check_changed,
    only_records,
    published_numbers_lost,
    staged_files,
    unstaged_attachments,
)
from gongkai.clerk.newrecord import DRAFT_SUFFIX
from gongkai.cli import argparse_zh
from gongkai.cli.add import cmd_import, cmd_new
from gongkai.cli.aggregate import add_parser as add_aggregate
from gongkai.cli.common import (
    annotate,
    collect_garbage_less,
    date_arg,
    day_of,
    find_config,
    load,
    site_settings,
    year_arg,
)
from gongkai.cli.edit import add_parser as add_edit
from gongkai.cli.inspect import add_parser as add_inspect
from gongkai.model.footer import footer, site_texts, theme_images
from gongkai.model.ledgers import dated_after, in_their_years_files
from gongkai.model.records import missing_doc_type, read_exemption, same_doc_no
from gongkai.model.reports import REPORT_FIELDS, default_title, warn_late
from gongkai.model.schema import FIELDS, fields_markdown, json_schema, label, report_schema
from gongkai.model.settings import Settings
from gongkai.model.taxonomy import load_taxonomy
from gongkai.portal import frozen, tables
from gongkai.portal.catalog import cache_committed
from gongkai.publish import buildcache
from gongkai.publish.stats import Stats
from gongkai.siteconfig import (
    read_addressing,
    read_docs_dir,
    read_mkdocs,
    read_mkdocs_settings,
    theme_folders,
    with_lines,
)
from gongkai.text import attachtext, frontmatter, pii
from gongkai.text.asof import today_cst
from gongkai.text.problems import InputError, Problems, shown
from gongkai.text.terminal import use_colour


def _sources_note(year: int, name: str, sources: dict[str, str]) -> str:
    """Where the figures of table 二 come from in a year without a report file (annual.table2's
    sources): the categories counted, a row that does not apply, or none."""
    said = [f"注意：没有 {year} 年的年报文件（records/reports/{name}），表二的数字来源如下："]
    for fld in REPORT_FIELDS:
        row = getattr(fld, "row", None)
        if row is None or row not in sources:
            continue
        source = sources[row]
        if source.startswith("不适用："):
            said.append(f"  {fld.label}：不适用，表中印“/”（{source.removeprefix('不适用：')}）；")
        elif source == "年报":  # no report: only the fees read so
            said.append(f"  {fld.label}：按 0 计，年报文件里写 {fld.key}；")
        elif source == "栏目：":
            said.append(
                f"  {fld.label}：没有来源（没有栏目标明 report_row: {row}），表中的 0 不表示“没有”：年报文件里要写 "
                f"{fld.key}: 决定数，或给这类栏目加上 report_row，不适用的在 taxonomy.yml 的 not_applicable 下写明；"
            )
        else:
            said.append(f"  {fld.label}：按栏目“{source.removeprefix('栏目：')}”当年的记录条数统计；")
    return "\n".join(said)


def _footer_ok(args, warnings: Problems | None = None) -> bool:
    """mkdocs.yml's texts on every page (extra.footer, site_name, site_description, copyright),
    checked as the build checks them; their problems said."""
    config = find_config(args.config)
    problems = Problems(root=config.parent)
    try:
        data = read_mkdocs(config)
    except InputError as exc:
        problems = exc.problems
    else:
        extra = data.get("extra")
        footer(extra.get("footer") if isinstance(extra, dict) else None, read_docs_dir(config), problems)
        site_texts(data, problems)
        theme_images(data.get("theme"), theme_folders(config), problems)
        with_lines(problems, config)
    if not problems.errors:
        if warnings is not None:  # said with the records' warnings, as the build says them
            warnings.items.extend(problems.warnings)
        return True
    print(problems.report(), file=sys.stderr)
    annotate(args, problems.items)
    return False


def cmd_check_changed(args) -> int:
    """Only what changed against --base (see gongkai/clerk/changed.py); the whole check when more changed."""
    config = find_config(args.config)
    settings = site_settings(config)
    root = settings.records_path(config.parent)
    try:
        changed = changed_files(config.parent, args.base)
    except NotInGit as exc:
        print(f"无法与 {args.base} 比较（{exc}），改为检查全部记录。", file=sys.stderr)
        args.changed = False
        return cmd_check(args)
    as_of = day_of(args)
    if as_of is None:
        return 1
    problems = Problems(root=config.parent)
    published_numbers_lost(config.parent, args.base, root, changed, as_of, problems, settings.url_prefix)
    files, other = only_records(changed, root)
    # The hand-written pages and mkdocs.yml are read by the whole check (and the build) only.
    pages = read_docs_dir(config).resolve()
    other = other or any(p == config.resolve() or p.is_relative_to(pages) for p in changed)
    if other:  # the taxonomy, a ledger, a report, a page: every record may be concerned
        if problems.items:  # on stderr: with gitlab and json, stdout is the whole check's one document
            print(problems.report(colour=use_colour(sys.stderr)), file=sys.stderr)
            if args.format == "github":
                annotate(args, problems.items)
        args.changed, args.staged = False, True
        return cmd_check(args)
    cache_dir = buildcache.folder(config.parent, settings.build_cache)
    if cache_dir is not None and cache_committed(cache_dir, config.parent, problems):  # as the build says
        with_lines(problems, config)
    taxonomy = load_taxonomy(root / settings.taxonomy, problems)
    where = {"docs": read_docs_dir(config), **read_addressing(config)}
    where["staged"] = staged_files(config.parent)  # a commit's files: the index, not the work tree
    n = check_changed(files, root, taxonomy, settings, problems, as_of=as_of, **where) if taxonomy is not None else 0
    if problems.items:  # warnings too, as the whole check shows them
        print(problems.report(colour=use_colour(sys.stderr)), file=sys.stderr)
    annotate(args, problems.items)
    if problems.errors:
        return 1
    out = sys.stderr if args.format in ("gitlab", "json") else sys.stdout
    print(f"OK, {n} changed records（检查通过：与 {args.base} 相比改动的 {n} 个记录文件）", file=out)
    return 0


def cmd_check(args) -> int:
    if getattr(args, "changed", False):
        return cmd_check_changed(args)
    catalog = load(args)
    if catalog is None or not _footer_ok(args, catalog.problems) or not _all_staged(args, catalog):
        return 1
    as_of = catalog.as_of
    due = catalog.deadlines.due
    for r in Stats(catalog).overdue(as_of):
        days = (as_of - due[r.id]).days
        catalog.problems.warn(
            r.path,
            r.lines.get("received", r.line),  # the day it came in, where gongkai inspect names it too
            "replied（答复日期）",
            f"申请 {r.id} 的答复期限是 {due[r.id]}，已超过 {days} 天，仍未答复。",
            "尽快答复（条例第三十三条）；答复后在台账中写上 replied 和 outcome。",
        )
    # A check as of a day gone by (--as-of) reads later replies as not yet made: only a day after
    # the real today too is a mistyped one.
    dated_after(catalog.ledgers.requests, max(catalog.as_of, today_cst()), catalog.problems)
    in_their_years_files(catalog.ledgers.requests, catalog.problems)
    _frozen_differences(catalog)
    # Said by the check only: each may be right as it is, and the build would repeat it every run.
    root = catalog.settings.records_path(catalog.problems.root)
    warn_late(catalog.reports, root, catalog.problems)
    same_doc_no([*catalog.records, *catalog.scheduled], catalog.problems)
    missing_doc_type([*catalog.records, *catalog.scheduled], catalog.taxonomy, catalog.problems)
    if catalog.problems.warnings:
        print(catalog.problems.report(colour=use_colour(sys.stderr)), file=sys.stderr)
    annotate(args, catalog.problems.warnings)
    out = sys.stderr if args.format in ("gitlab", "json") else sys.stdout  # there stdout is the report alone
    for exemption in catalog.exemptions:
        print(exemption.describe(), file=out)
    n, drafts, scheduled = len(catalog.records), len(catalog.drafts), len(catalog.scheduled)
    note = f"，{drafts} 条草稿不发布" if drafts else ""
    note += f"，{scheduled} 条定时发布" if scheduled else ""
    print(f"OK, {n + drafts + scheduled} records（检查通过：{n} 条将发布{note}）", file=out)
    for r in sorted(catalog.scheduled, key=lambda r: (r.published, r.index_no)):
        print(f"定时发布：{r.published} {r.index_no} {catalog.problems.rel(r.path)}", file=out)
    for report in catalog.reports_after(catalog.as_of):  # the build holds it back until then, as a record
        print(f"定时发布：{report.published} 年报《{report.title}》 {report.rel_path}", file=out)
    _editor_drafts(catalog, out)
    ledgers = catalog.ledgers
    if ledgers.requests or ledgers.appeals or catalog.reports:
        print(
            f"台账：依申请公开 {len(ledgers.requests)} 件，行政复议、行政诉讼 {len(ledgers.appeals)} 件；"
            f"年报 {len(catalog.reports)} 份。",
            file=out,
        )
    return 0


def _editor_drafts(catalog, out) -> None:
    """The browser editor's drafts of records that did not pass the check (`*.md.draft`): not
    records, never published; said so that none is forgotten."""
    base = catalog.problems.root
    folder = catalog.settings.records_path(base) if base is not None else None
    if folder is None or not folder.is_dir():
        return
    for path in sorted(folder.rglob("*.md" + DRAFT_SUFFIX)):
        print(
            f"编辑器草稿（未通过检查，不会发布；在编辑器中改好保存即可）：{shown(catalog.problems.rel(path))}", file=out
        )


def _all_staged(args, catalog) -> bool:
    """The pre-commit hook's whole check (--changed, when more than records changed): each staged
    record's files must be staged too (gongkai.clerk.changed.unstaged_attachments)."""
    staged = staged_files(catalog.problems.root) if getattr(args, "staged", False) else None
    if staged is None:
        return True
    unstaged_attachments([*catalog.records, *catalog.drafts, *catalog.scheduled], staged, catalog.problems)
    if not catalog.problems.errors:
        return True
    print(catalog.problems.report(colour=use_colour(sys.stderr)), file=sys.stderr)
    annotate(args, catalog.problems.items)
    return False


def _frozen_differences(catalog) -> None:
    """Warn, cell by cell at the frozen file's line, where the data now differs from a published report."""
    for report in catalog.reports:
        published = catalog.frozen.get(report.slug)
        if published is None:
            continue
        for diff in frozen.differences(published, frozen.live(catalog, report)):
            catalog.problems.warn(
                report.frozen_file,
                diff.line,
                None,
                f"已发布的{report.year}年年报与现在的数据不同：{diff.describe()}",
                "已发布的年报不随数据改动（网站仍按已发布的数字）：核对这些记录或案件的日期是否补录、改错；"
                "确需更正已发布的年报，发布更正说明后删去这个文件，再运行 gongkai report "
                f"{report.year}{' --scope ' + report.scope.name if report.scope else ''} --freeze。",
            )


def cmd_report(args) -> int:
    """Tables 二/三/四 of a year, as the annual report prints them."""
    catalog = load(args)
    if catalog is None:
        return 1
    scope = None
    if args.scope:
        scope = catalog.taxonomy.agency_by_name.get(args.scope)
        if scope is None:
            names = "、".join(a.name for a in catalog.taxonomy.agencies)
            governments = {catalog.taxonomy.government, *(r.issuer for r in catalog.reports if r.scope is None)}
            if args.scope in governments:
                print(f"{args.scope}的年报不用写 --scope：gongkai report {args.year} 即是。", file=sys.stderr)
            else:
                print(f"“{args.scope}”不是发布机构。可写：{names}", file=sys.stderr)
            return 2
    report = next((r for r in catalog.reports if r.year == args.year and r.scope == scope), None)
    if args.freeze:
        return _freeze(catalog, report, args)
    if report is not None:
        t = catalog.tables(report)
        if report.slug in catalog.frozen:
            print(
                f"{report.title}的数字已于发布时冻结（{catalog.problems.rel(report.frozen_file)}），下面是已发布的数字；"
                "现在的数据与之不同的格子，gongkai check 会逐一列出。",
                file=sys.stderr,
            )
    else:
        name = f"{args.year}-<代号>.md（写 scope: {scope.name}）" if scope else f"{args.year}.md"
        t = catalog.tables_of(args.year, scope)
        if not args.table or 2 in args.table:  # where table 二's figures come from
            print(_sources_note(args.year, name, t.table2.sources), file=sys.stderr)
        else:
            said = f"注意：没有 {args.year} 年的年报文件（records/reports/{name}），下面是按数据统计的。"
            print(said, file=sys.stderr)
    wanted = [f"table{n}" for n in (args.table or (2, 3, 4))]
    if args.format == "json":
        data = tables.to_json(t)
        keep = {"year", "scope", *wanted}
        print(json.dumps({k: v for k, v in data.items() if k in keep}, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        # One table: plain CSV. Several: each after a line with its title, for a spreadsheet to split.
        parts = [tables.to_csv(tables.GRIDS[k](t)).lstrip("\ufeff") for k in wanted]
        if len(wanted) > 1:
            parts = [f"{tables.TITLES[k]}\r\n{part}" for k, part in zip(wanted, parts, strict=True)]
        sys.stdout.write("\r\n".join(parts))
    else:
        title = (
            report.title
            if report is not None
            else default_title(scope.name if scope else catalog.taxonomy.government or "", args.year)
        )
        print(title + "\n")
        grids = {**tables.GRIDS, "table3": lambda t: tables.grid3(t, indent=True)}
        print("\n".join(tables.to_text(tables.TITLES[k], grids[k](t)) for k in wanted), end="")
    return 0


def _freeze(catalog, report, args) -> int:
    """Write the report's figures as published (gongkai.portal.frozen): from now on its page keeps them."""
    root = catalog.settings.records_path(find_config(args.config).parent)
    if report is None:
        scope = args.scope
        name = f"{args.year}-<机构代码>.md（写 scope: {scope}）" if scope else f"{args.year}.md"
        folder = catalog.problems.rel(root / "reports")
        print(f"没有 {args.year} 年的这份年报：先写年报文件 {folder}/{name}，发布时再冻结它的数字。", file=sys.stderr)
        return 1
    refused = frozen.refusal(report, catalog.as_of)
    if refused is not None:
        print(refused, file=sys.stderr)
        return 1
    if report.frozen_file is not None:
        print(
            f"{catalog.problems.rel(report.frozen_file)} 已经存在：这份年报的数字已于发布时冻结，不再改动。"
            "确需更正已发布的年报（发布更正说明后），先删去这个文件（git 中留有原样），再运行本命令。",
            file=sys.stderr,
        )
        return 1
    path = frozen.path_of(root / "reports", report.slug)
    figures = catalog.figures(report)
    path.write_text(frozen.to_csv(figures), encoding="utf-8")
    print(f"已冻结 {report.title}（{report.published} 发布）的数字：{catalog.problems.rel(path)}")
    print("今后网站按这些数字生成这份年报；数据再有改动，gongkai check 会列出不同的格子和有关的记录。")
    return 0


def cmd_mask(args) -> int:
    """Mask personal data in records, in place; attachments are only reported.

    A record's `pii_exempt` is read as `gongkai check` reads it (records.read_exemption). One that check
    would refuse leaves the file untouched: masking everything would destroy, for good, numbers the
    clerk may have to publish (惩戒公示), and the record cannot be published with it anyway.
    """
    config = find_config(args.config)
    try:
        settings = read_mkdocs_settings(config) if config.is_file() else Settings()
    except InputError as exc:
        print(exc.problems.report(), file=sys.stderr)
        return 1
    style = pii.MASK_STYLES[settings.pii_mask_style]
    records = settings.records_path(config.parent)
    # The day `gongkai check` judges by: a number born after it is no 身份证号 yet for either.
    today = day_of(args)
    if today is None:
        return 1
    status = 0
    for written in args.files:
        path, name = Path(written), shown(written)  # a file's name is printed: nothing in it may drive the terminal
        problems = Problems(root=Path.cwd())
        why = inside.problem(records, path)
        if why:  # never write outside records/ nor through a link (it would change what it points to)
            print(
                f"{name}: {shown(why)}，没有修改。改法：对记录目录中的记录文件本身运行 gongkai mask。", file=sys.stderr
            )
            status = 1
            continue
        text = frontmatter.read_text(path, problems) if path.is_file() else None
        source = frontmatter.split(path, text, problems) if text is not None else None
        if source is None:
            print(problems.report() if problems.items else f"{name}: 找不到这个文件。", file=sys.stderr)
            status = 1
            continue
        exemption, wrong = read_exemption(source.front.get("pii_exempt"))
        if wrong:
            line = source.front.line_of("pii_exempt")
            for message, hint in wrong:
                problems.error(path, line, label("pii_exempt"), message, hint)
            print("\n".join(p.format() for p in problems.errors), file=sys.stderr)
            print(
                f"{name}: 个人信息豁免（pii_exempt）不成立，文件未修改。"
                "改法：按上面的提示改正 pii_exempt 后重新运行（豁免的类别不遮盖）；"
                f"不需要公开个人信息的，删去 pii_exempt 后重新运行 gongkai mask {name}（全部遮盖）。",
                file=sys.stderr,
            )
            status = 1
            continue
        exempt_kinds = exemption[1] if exemption else frozenset()
        kinds = tuple(k for k in settings.pii_scanned if k not in exempt_kinds)
        masked, hits = pii.mask(text, kinds, style, settings.pii_allow_emails, today=today)
        if hits:
            check = Problems()
            if frontmatter.split(path, masked, check) is None:
                print(f"{name}: 遮盖后头部信息无法解析，文件未修改：\n{check.report()}", file=sys.stderr)
                status = 1
                continue
            path.write_text(masked, encoding="utf-8")
            for hit in hits:
                print(f"{name}:{hit.line}: 已遮盖{pii.LABELS[hit.kind]}，改为 {hit.masked}")
        else:
            print(f"{name}: 没有需要遮盖的个人信息。")
        for item in source.front.get("attachments") or []:
            file = item.get("file") if isinstance(item, dict) else item
            target = path.parent / str(file)
            if not target.is_file():
                continue
            try:
                found = sum(
                    len(pii.find(t, kinds, style, settings.pii_allow_emails, today=today))
                    for _, t in attachtext.texts(target)
                )
            except attachtext.Unreadable:
                continue
            if found:
                print(
                    f"{name}: 附件 {file} 有 {found} 处个人信息，本命令不修改附件：请在原文件中去标识化后重新生成。",
                    file=sys.stderr,
                )
                status = 1
    return status


def cmd_schema(args) -> int:
    if args.markdown:
        sys.stdout.write(fields_markdown(REPORT_FIELDS if args.report else FIELDS))
        return 0
    config = find_config(args.config)
    taxonomy = settings = None
    if config.is_file():
        try:
            settings = read_mkdocs_settings(config)
        except InputError as exc:
            print(exc.problems.report(), file=sys.stderr)
            return 1
        taxonomy = load_taxonomy(settings.records_path(config.parent) / settings.taxonomy, Problems())
    schema = report_schema(REPORT_FIELDS, taxonomy, settings) if args.report else json_schema(taxonomy, settings)
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line: its help and messages in Chinese (build it and parse inside `argparse_zh.chinese()`)."""
    # --config is accepted before or after the command (gongkai -f x.yml check, gongkai check -f x.yml).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        "-f",
        metavar="MKDOCS.YML",
        default=argparse.SUPPRESS,
        help="mkdocs.yml 的位置（默认：当前目录或上级目录中的 mkdocs.yml）",
    )
    parser = argparse_zh.Parser(
        prog="gongkai",
        description="政府信息公开网站：新建、导入、检查记录，输出年报表格，遮盖个人信息，导出字段说明，"
        "按全国政府网站检查指标自查，汇总多份年报。",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="命令", required=True, title="命令")
    check = sub.add_parser("check", help="检查 records 目录中的全部记录", parents=[common])
    check.add_argument(
        "--as-of",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="按这一天检查：逾期未答复的申请、定时发布的记录（默认：环境变量 GONGKAI_AS_OF 或今天，北京时间）",
    )
    check.add_argument(
        "--changed",
        action="store_true",
        help="只检查与 --base 分支相比改动过的记录文件，以及索引号重复、引用等跨文件规则（供提交前检查）",
    )
    check.add_argument("--base", default="main", help="--changed 比较的分支（默认 main）")
    check.add_argument(
        "--format",
        choices=["text", "github", "gitlab", "json"],
        default="text",
        help="github：另把每个问题写成 GitHub Actions 的注释命令，在拉取请求中标到文件和行；"
        "gitlab：在标准输出写 GitLab 代码质量报告（JSON），在合并请求中显示；json：供其他工具读取",
    )
    check.set_defaults(func=cmd_check)
    report = sub.add_parser("report", help="输出某一年年报的表二、表三、表四", parents=[common])
    report.add_argument("year", type=year_arg, metavar="年份", help="如 2024")
    report.add_argument("--scope", metavar="发布机构", help="只统计一个发布机构（默认：全部）")
    report.add_argument("--format", choices=("text", "csv", "json"), default="text", help="输出格式（默认 text）")
    report.add_argument("--table", type=int, choices=(2, 3, 4), action="append", help="只输出某一张表（可重复）")
    report.add_argument(
        "--freeze",
        action="store_true",
        help="把这份已发布年报的数字写入年报文件旁的 .frozen.csv（如 records/reports/2024.frozen.csv），"
        "此后网站按它生成年报",
    )
    report.set_defaults(func=cmd_report)
    mask = sub.add_parser("mask", help="遮盖记录中的身份证号、手机号码等个人信息（直接修改文件）", parents=[common])
    mask.add_argument("files", nargs="+", metavar="文件", help="记录文件（.md）")
    mask.set_defaults(func=cmd_mask)
    new = sub.add_parser("new", help="新建一条记录：分配下一个未用的索引号，写好信息索引（草稿）", parents=[common])
    new.add_argument("--agency", metavar="发布机构", help="发布机构（taxonomy.yml 中的名称）")
    new.add_argument("--category", metavar="分类", help="公开目录分类：一级栏目/二级栏目（taxonomy.yml 中的名称）")
    new.add_argument("--title", metavar="标题", help="标题")
    new.add_argument("--published", type=date_arg, metavar="YYYY-MM-DD", help="发布日期（默认今天，北京时间）")
    new.add_argument("--written", type=date_arg, metavar="YYYY-MM-DD", help="成文日期")
    new.add_argument("--doc-no", metavar="发文字号", help="发文字号")
    new.add_argument("--yes", action="store_true", help="不提问：缺少的项即报错（供脚本使用）")
    new.set_defaults(func=cmd_new)
    imp = sub.add_parser(
        "import",
        help="从公文（Word 文档 .docx 或 PDF）建立记录：识别标题、发文字号、成文日期，原文作为附件",
        parents=[common],
    )
    imp.add_argument("files", nargs="+", metavar="文件", help="公文文件（.docx 或 .pdf）")
    imp.add_argument("--agency", metavar="发布机构", help="发布机构（默认：按文件的署名或版头识别）")
    imp.add_argument("--category", metavar="分类", help="公开目录分类：一级栏目/二级栏目（taxonomy.yml 中的名称）")
    imp.add_argument("--title", metavar="标题", help="标题（默认：从文件识别）")
    imp.add_argument("--published", type=date_arg, metavar="YYYY-MM-DD", help="发布日期（默认今天，北京时间）")
    imp.add_argument("--yes", action="store_true", help="不提问：缺少的项即报错（供脚本使用）")
    imp.set_defaults(func=cmd_import)
    schema = sub.add_parser("schema", help="输出记录字段的 JSON Schema（供编辑器校验）", parents=[common])
    schema.add_argument("--markdown", action="store_true", help="输出字段说明表（Markdown）")
    schema.add_argument("--report", action="store_true", help="年报（records/reports/*.md）头部的字段，而非记录的")
    schema.set_defaults(func=cmd_schema)
    add_inspect(sub, common)
    add_aggregate(sub, common)
    add_edit(sub, common)
    for command in sub.choices.values():  # an option a command lacks is said with its own usage
        command.set_defaults(command_parser=command)
    return parser


def main(argv: list[str] | None = None) -> int:
    collect_garbage_less()
    with argparse_zh.chinese():
        top = parser()
        args, unknown = top.parse_known_args(argv)
        if unknown:
            getattr(args, "command_parser", top).error(f"无法识别的参数：{' '.join(unknown)}")
    args.config = getattr(args, "config", None)
    try:
        return args.func(args)
    except BrokenPipeError:
        # The reader stopped reading (`gongkai check --format json | head`): nothing more to say,
        # and Python's flush at exit must not print a traceback about it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
