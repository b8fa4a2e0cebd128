"""The input of a build, read in `on_config`: the records (the core's catalogue) and mkdocs.yml's
footer, and what the build's log says of them (warnings, exemptions, records scheduled)."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from gongkai.model.footer import SITE_TEXTS, THEME_IMAGES, footer, site_texts, theme_images
from gongkai.model.settings import Settings
from gongkai.portal.catalog import Catalog, load_catalog
from gongkai.publish import buildcache
from gongkai.siteconfig import docs_excluded, with_lines
from gongkai.text import asof
from gongkai.text.problems import InputError, Problems

log = logging.getLogger("mkdocs.plugins.gongkai")


class Unreadable(Exception):
    """The input has errors: `problems`, in `what` (the records, or mkdocs.yml's footer); `headline`
    says the site was not built."""

    def __init__(self, problems: Problems, what: str, headline: str):
        super().__init__(headline)
        self.problems, self.what, self.headline = problems, what, headline

    def stop(self) -> PluginError:
        """Every problem, then stop: MkDocs prints it and exits 1 before touching site/."""
        return PluginError(f"{self.headline}\n" + self.problems.report())


def load(config, settings: Settings, base: Path, command: str, progress) -> tuple[Catalog, dict]:
    """The catalogue of the records and the footer's facts; raise `Unreadable` for errors in them.
    The records unchanged since the last build (or serve) are taken from the cache folder, if any
    (gongkai.portal.recordcache: every build, serve and --dirty too, as each file's entry is checked)."""
    try:
        building = command != "serve"  # serve rebuilds on every edit: no fork, no search index
        try:
            as_of = asof.as_of_from_env()
        except ValueError as exc:
            fix = f"改法：写成 {asof.ENV}=2025-03-01 这样的日期，或不设这个变量（按今天）。"
            raise PluginError(f"{exc}\n{fix}") from None
        catalog = load_catalog(
            base,
            settings,
            parallel=building,
            index=building and settings.search == "pagefind",
            texts=True,  # the pages show each record's first paragraph where it has no 内容概述
            as_of=as_of,
            show_scheduled=not building,  # serve shows what is scheduled, marked 未发布
            progress=progress,
            pages=Path(config.docs_dir),
            pages_excluded=docs_excluded(config.exclude_docs, config.draft_docs),
            cache_dir=buildcache.folder(base, settings.build_cache),
            code=buildcache.code_digest(),
            site=Path(config.site_dir),
            site_path=urlsplit(config.site_url or "").path or "/",
            directory_urls=config.use_directory_urls,
            theme=Path(config.theme.custom_dir) if config.theme.custom_dir else None,
        )
        # A report dated later waits for its day, as a record does (定时发布): not on the portal, nor
        # in the data for adding up, before it is published. Serve shows it, as it shows records.
        later = [] if not building else catalog.reports_after(catalog.as_of)
        catalog.reports = [r for r in catalog.reports if r not in later]
        problems = Problems(root=base)
        facts = footer(config.extra.get("footer"), Path(config.docs_dir), problems)
        site_texts({key: config.get(key) for key in SITE_TEXTS}, problems)
        images = {key: config.theme.get(key) for key in THEME_IMAGES}
        theme_images(images, [Path(config.docs_dir), *map(Path, config.theme.dirs)], problems)
        if config.config_file_path:
            with_lines(problems, Path(config.config_file_path))
    except InputError as exc:
        if config.config_file_path:  # mkdocs.yml's problems at their option's line
            with_lines(exc.problems, Path(config.config_file_path))
        raise Unreadable(exc.problems, "记录", "记录检查未通过，网站未生成：") from None
    # With errors the footer's warnings are in the report that stops the build: said once, there.
    for message in (*catalog.problems.warnings, *(() if problems.errors else problems.warnings)):
        log.warning(message.format())
    for exemption in catalog.exemptions:
        log.info(exemption.describe())
    for rec in sorted(catalog.scheduled, key=lambda r: (r.published, r.index_no)):
        log.info(f"定时发布：{rec.index_no} 定于 {rec.published} 发布（{catalog.problems.rel(rec.path)}）")
    for report in later:
        log.info(f"定时发布：年报《{report.title}》定于 {report.published} 发布（{report.rel_path}）")
    if problems.errors:
        raise Unreadable(
            problems, "mkdocs.yml 的网站名称和页脚设置", "mkdocs.yml 的网站名称或页脚设置有误，网站未生成："
        )
    return catalog, facts
