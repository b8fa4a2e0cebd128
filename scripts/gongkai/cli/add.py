"""`gongkai new` and `gongkai import`: the commands that add records (see gongkai.clerk.newrecord and
gongkai.clerk.importdoc); they ask for what they miss unless --yes."""

from __future__ import annotations

import datetime as dt
import sys

from gongkai.clerk import importdoc, inside, officialdoc
from gongkai.clerk.newrecord import NewRecord, agency_candidates, create, with_doc_type
from gongkai.cli.common import find_config, given_or_today, site_settings
from gongkai.guards import personal
from gongkai.model.indexno import IndexNoPattern
from gongkai.model.records import read_records
from gongkai.model.taxonomy import Taxonomy, load_taxonomy
from gongkai.text import plaintext
from gongkai.text.dates import loose_date
from gongkai.text.problems import Problems, shown
from gongkai.text.terminal import use_colour


def _site(args):
    """(mkdocs.yml, settings, records folder, taxonomy) for the commands that add records; None
    when the taxonomy has errors (printed)."""
    config = find_config(args.config)
    settings = site_settings(config)
    root = settings.records_path(config.parent)
    problems = Problems(root=config.parent)
    taxonomy = load_taxonomy(root / settings.taxonomy, problems)
    if taxonomy is None or problems.errors:
        print(problems.report(), file=sys.stderr)
        return None
    return config, settings, root, taxonomy


def _asker(args):
    """ask(value, prompt, problem=None, default=""): the value given, else the clerk's answer to
    `prompt`, Enter taking `default` (shown in the prompt); with --yes or no input, `default`.
    `problem(answer)` is None for an answer that will do, else (what is wrong, a default to offer
    instead or None): said, and asked again, three times at most (the last answer is returned)."""

    def ask(value, prompt, problem=None, default=""):
        if value or args.yes:
            return value or default
        answer = ""
        for _ in range(3):
            question = prompt.removesuffix("：") + (f"（直接回车即 {default}）：" if default else "：")
            try:
                answer = input(question).strip()
            except EOFError:
                return answer or default
            if not answer:
                return default
            wrong = problem(answer) if problem else None
            if wrong is None:
                return answer
            said, offer = wrong
            print(said, file=sys.stderr)
            default = offer or default
        return answer

    return ask


def _among(choices: list[str]):
    def problem(answer):
        if answer in choices:
            return None
        close = _closest(answer, choices)
        if close:
            return f"“{answer}”不在可选范围内。是不是：{' 或 '.join(close)}？", close[0] if len(close) == 1 else None
        return f"“{answer}”不在可选范围内。可写：{'、'.join(choices)}", None

    return problem


def _closest(answer: str, choices: list[str]) -> list[str]:
    """The choices a short answer may stand for: 财政预算 for 财政信息/财政预算."""
    return [c for c in choices if answer and (c.endswith("/" + answer) or c.split("/")[0] == answer)]


def _plain_problem(what: str):
    """problem(answer) for `ask`: what makes the answer not plain text, as check says it (gongkai.text.plaintext)."""

    def problem(answer):
        wrong = plaintext.problem(answer)
        return None if wrong is None else (f"{what}{wrong[0]}改法：{wrong[1]}", None)

    return problem


def _agency_problem(name: str, taxonomy: Taxonomy) -> tuple[str, str | None] | None:
    """None for one of the site's agencies; else what to say, and the agency a short name stands
    for when it fits only one (财政局: 澄岭县财政局)."""
    if name in taxonomy.agency_by_name:
        return None
    names = [a.name for a in taxonomy.agencies]
    if not name:
        return f"请写明发布机构（--agency）。可写：{'、'.join(names)}", None
    found = agency_candidates(name, names)
    if len(found) == 1:
        return f"“{name}”不是发布机构的全称。是不是：{found[0]}？改法：写成 {found[0]}", found[0]
    if found:
        return f"“{name}”不是发布机构的全称。是不是：{' 或 '.join(found)}？改法：写出其中一个的全称", None
    return f"“{name}”不是发布机构。可写：{'、'.join(names)}", None


def _ended_problem(name: str, taxonomy: Taxonomy, published: dt.date) -> str | None:
    """What to say when the agency `name` ended (机构改革) on or before `published`, as check says it."""
    agency = taxonomy.agency_by_name.get(name)
    if agency is None or agency.abolished is None or published < agency.abolished:
        return None
    fix = f"改法：--agency {agency.successor}" if agency.successor else "改法：写现在负责这项工作的机构"
    return f"发布机构“{name}”已于 {agency.abolished} 撤销（taxonomy.yml 的 abolished），不能再以它的名义发布。{fix}"


def _published(args, ask) -> dt.date | None:
    """--published; else the clerk's answer, Enter (and --yes) taking GONGKAI_AS_OF or today. The
    索引号's year is this date's. None when it is wrong (said)."""
    if args.published:
        return args.published
    default = given_or_today(None)
    if default is None:
        return None

    def problem(answer):
        if loose_date(answer) is not None:
            return None
        return f"“{answer}”不是有效的日期。改法：写成 YYYY-MM-DD，如 {default}（直接回车即用这一天）", None

    answer = ask(None, "发布日期：", problem, default.isoformat())
    day = loose_date(answer)
    if day is None:
        print(f"“{answer}”不是有效的日期。改法：用 --published 写明发布日期，如 --published {default}", file=sys.stderr)
    return day


def _example(paths: list[str]) -> str:
    """A category of this site to show in a question (one under another, as most records' are)."""
    return next((p for p in paths if "/" in p), paths[0] if paths else "财政信息/财政预算")


def cmd_new(args) -> int:
    """A new record file with the next free 索引号 (gongkai/clerk/newrecord.py)."""
    site = _site(args)
    if site is None:
        return 1
    config, settings, root, taxonomy = site
    ask = _asker(args)

    agency = ask(args.agency, "发布机构：", lambda name: _agency_problem(name, taxonomy))
    wrong = _agency_problem(agency, taxonomy)
    if wrong:
        print(wrong[0], file=sys.stderr)
        return 2
    paths = sorted(taxonomy.category_by_path)
    category = ask(args.category, f"公开目录分类（如 {_example(paths)}）：", _among(paths))
    if category not in taxonomy.category_by_path:
        said = f"“{category}”不是公开目录分类。" if category else "请写明分类（--category）。"
        close = _closest(category or "", paths)
        fix = f"是不是：{' 或 '.join(close)}？改法：写成 {close[0]}" if close else "可写：" + "、".join(paths)
        print(f"{said}{fix}", file=sys.stderr)
        return 2
    title = ask(args.title, "标题：", _plain_problem("标题"))
    if not title:
        print("请写明标题（--title）。", file=sys.stderr)
        return 2
    for what, text in (("标题", title), ("发文字号", args.doc_no)):
        wrong = _plain_problem(what)(text) if text else None
        if wrong:  # what check would refuse is never written
            print(wrong[0], file=sys.stderr)
            return 2
    published = _published(args, ask)
    if published is None:
        return 2
    if ended := _ended_problem(agency, taxonomy, published):
        print(ended, file=sys.stderr)
        return 2
    record = NewRecord(agency, category, title, published, args.written, args.doc_no)
    try:
        path, index_no = create(root, record, taxonomy, IndexNoPattern(settings.index_no_pattern))
    except inside.NotInside as exc:
        print(f"没有新建记录：{exc}", file=sys.stderr)
        return 1
    print(f"已建立 {path.relative_to(config.parent).as_posix()}（索引号 {index_no}，草稿）")
    return 0


def cmd_import(args) -> int:
    """Draft records from official documents (gongkai/clerk/importdoc.py): every file is read and checked
    first; when one cannot be imported nothing at all is written."""
    site = _site(args)
    if site is None:
        return 1
    config, settings, root, taxonomy = site
    if args.title and len(args.files) > 1:
        print("--title 只能用于导入一个文件。", file=sys.stderr)
        return 2
    image_types = tuple(t for t in ("png", "jpg", "gif") if t in settings.attachment_types)
    documents, refused = importdoc.read_all(args.files, root, tuple(settings.genres), image_types)
    if refused:
        print("\n".join(refused) + "\n没有写入任何文件。", file=sys.stderr)
        return 1
    ask = _asker(args)
    published = _published(args, ask)
    if published is None:
        return 2

    records, missing = [], []
    agencies = "、".join(a.name for a in taxonomy.agencies)
    categories = sorted(taxonomy.category_by_path)
    for name, doc in documents:
        agency = (
            args.agency
            or importdoc.agency_of(doc.layout, taxonomy)
            or ask(None, f"{name} 的发布机构：", lambda answer: _agency_problem(answer, taxonomy))
        )
        wrong = _agency_problem(agency, taxonomy)
        if wrong:
            said = wrong[0] if agency else f"没有认出发布机构，请用 --agency 写明。可写：{agencies}"
            missing.append(f"{name}: {said}")
        elif ended := _ended_problem(agency, taxonomy, published):
            missing.append(f"{name}: {ended}")
        category = ask(args.category, f"{name} 的公开目录分类（如 {_example(categories)}）：", _among(categories))
        if category not in taxonomy.category_by_path:
            said = f"“{category}”不是公开目录分类。" if category else "请写明分类（--category）。"
            missing.append(f"{name}: {said}可写：{'、'.join(categories)}")
        title = args.title or doc.layout.title or ask(None, f"{name} 的标题（没有认出）：", _plain_problem("标题"))
        if not title:
            scan = "（PDF 没有文字层，可能是扫描件）" if doc.kind == "pdf" and doc.body == officialdoc.NO_TEXT else ""
            missing.append(f"{name}: 没有认出标题{scan}，请用 --title 写明。")
        elif wrong := _plain_problem("标题")(title):
            missing.append(f"{name}: {wrong[0]}")
        written = doc.layout.written
        if written and published < written:
            missing.append(f"{name}: 发布日期 {published} 早于文件的成文日期 {written}：请核对 --published。")
        if missing:
            continue
        genre = importdoc.genre_of(title, tuple(settings.genres))
        record = NewRecord(
            agency, category, title, published, doc.layout.written, doc.layout.doc_no, genre, doc.summary
        )
        records.append((name, doc, with_doc_type(record, taxonomy), taxonomy.agency_by_name[agency].code))
    if missing:
        print("\n".join(missing) + "\n没有写入任何文件。", file=sys.stderr)
        return 2
    pattern = IndexNoPattern(settings.index_no_pattern)
    for name, doc, record, org in records:
        try:
            path, index_no = importdoc.save(doc, record, root, org, pattern)
        except (officialdoc.Refused, inside.NotInside, OSError) as exc:
            print(shown(f"{name}: 没有导入：{exc}"), file=sys.stderr)
            return 1
        print(shown(importdoc.describe(name, doc, record, path.relative_to(config.parent), index_no)))
        found = _personal_data(path, root, taxonomy, settings, config.parent)
        if found:
            print(found, file=sys.stderr)
    return 0


def _personal_data(path, root, taxonomy, settings, base) -> str:
    """The unmasked personal data of an imported record (body, fields, the original attached), as
    `gongkai check` says it, at its lines: a draft's are warnings, which become errors that stop
    the check and the build once `draft: true` is removed. Empty when there is none."""
    records = read_records([path], root, taxonomy, settings, Problems(root=base))
    found = Problems(root=base)
    personal.check(records, settings, found)
    if not found.items:
        return ""
    rel = path.relative_to(base).as_posix()
    return (
        f"注意：{rel} 带有未遮盖的个人信息（下面每一处的行号和改法）。它现在是草稿，"
        "删去 draft: true 后 gongkai check 和构建会拒绝它：请先遮盖记录中的这些信息，"
        "并换上遮盖过的原文附件。\n" + found.report(colour=use_colour(sys.stderr), summary=False)
    )
