"""What the commands share: the site's mkdocs.yml and settings, the day they work as of, date and
year arguments, the catalog loaded with a status line, and problems printed again for CI."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
from pathlib import Path

from gongkai.cli import argparse_zh
from gongkai.cli.progress import Progress
from gongkai.model.reports import FIRST_YEAR, LAST_YEAR
from gongkai.portal.catalog import load_catalog
from gongkai.publish import buildcache
from gongkai.siteconfig import (
    read_addressing,
    read_docs_dir,
    read_docs_excluded,
    read_mkdocs_settings,
    read_site_dir,
    read_theme_dir,
    with_lines,
)
from gongkai.text.asof import as_of_from_env
from gongkai.text.dates import parse_date
from gongkai.text.problems import InputError
from gongkai.text.terminal import use_colour


def find_config(given: str | None) -> Path:
    """The site's mkdocs.yml: the one given, or the nearest in this folder or above (as git finds .git)."""
    if given:
        return Path(given)
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder / "mkdocs.yml"
    return here / "mkdocs.yml"


def site_settings(config: Path):
    """The site's settings from its mkdocs.yml; exits with a message when there is none."""
    if not config.is_file():
        raise SystemExit(f"找不到 {config}：请在网站目录（mkdocs.yml 所在目录）中运行，或用 --config 指明。")
    return read_mkdocs_settings(config)


def date_arg(text: str) -> dt.date:
    day, message, fix = parse_date(text, check="写成日历上有的日期，如 2025-03-01。")
    if day is None:
        raise argparse.ArgumentTypeError(message.rstrip("。") + (argparse_zh.FIX + fix if fix else ""))
    return day


def year_arg(text: str) -> int:
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"“{text}”不是 {FIRST_YEAR}—{LAST_YEAR} 之间的年份")
    return int(text)


def given_or_today(day: dt.date | None) -> dt.date | None:
    """`day` when given, else GONGKAI_AS_OF, else today in Beijing; None (said) when that variable is wrong."""
    if day:
        return day
    try:
        return as_of_from_env()
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return None


#: The cyclic garbage collector's first threshold: Python's 700 makes it walk every object alive
#: again and again while 50,000 records are made or taken from the cache (4.5 s of a 9.5 s check);
#: the records form no cycles to collect. (mypy's build sets the same.)
GC_THRESHOLD = 200_000


def collect_garbage_less() -> None:
    """Raise the garbage collector's first threshold (the CLI, and the build: see `GC_THRESHOLD`)."""
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def day_of(args) -> dt.date | None:
    """The day to check or count as of: --as-of, else as `given_or_today`."""
    return given_or_today(getattr(args, "as_of", None))


def load(args):
    config = find_config(args.config)
    as_of = day_of(args)
    if as_of is None:
        return None
    progress = Progress.to(sys.stderr)
    try:
        settings = site_settings(config)
        return load_catalog(
            config.parent,
            settings,
            parallel=True,
            as_of=as_of,
            progress=progress.callback("读取记录"),
            scan_drafts=True,  # a draft's personal data is a warning before it is published
            pages=read_docs_dir(config),
            pages_excluded=read_docs_excluded(config),
            # The records read by the last run are not read again unless changed (gongkai.portal.recordcache).
            cache_dir=buildcache.folder(config.parent, settings.build_cache),
            code=buildcache.code_digest(),
            site=read_site_dir(config),
            theme=read_theme_dir(config),
            **read_addressing(config),
        )
    except InputError as exc:
        progress.clear()
        with_lines(exc.problems, config)  # mkdocs.yml's problems at their option's line
        print(exc.problems.report(colour=use_colour(sys.stderr)), file=sys.stderr)
        annotate(args, exc.problems.items)
        return None
    finally:
        progress.clear()


def annotate(args, problems) -> None:
    """The problems again for CI: with --format github each a workflow command (shown on the pull
    request's diff), with --format gitlab a Code Quality report (JSON, the only thing on stdout)."""
    kind = getattr(args, "format", "text")
    if kind == "github":
        for problem in problems:
            print(problem.annotation())
    elif kind == "gitlab":
        print(json.dumps([p.code_quality() for p in problems], ensure_ascii=False, indent=1))
    elif kind == "json":
        print(json.dumps({"ok": not any(p.severity == "error" for p in problems), "problems": [
            {"file": p.path, "line": p.line, "field": p.field, "message": p.message, "fix": p.hint,
             "severity": p.severity} for p in problems
        ]}, ensure_ascii=False, indent=1))  # fmt: skip
