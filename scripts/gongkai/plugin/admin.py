"""The hosted editor at admin/ (`editor: github|gitlab` in mkdocs.yml), written after the scan of
what the site publishes: it holds Decap's bundle and the form's lists, no record."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from gongkai.editor.hosted import NoBundle, write_admin

log = logging.getLogger("mkdocs.plugins.gongkai")


def write(config, catalog, command: str) -> None:
    settings = catalog.settings
    if settings.editor == "off" or command == "serve":
        return
    try:
        base = Path(config.config_file_path).parent
        written = write_admin(Path(config.site_dir), base, catalog.taxonomy, settings, config.site_url or None)
    except NoBundle as exc:
        raise PluginError(str(exc)) from None
    log.info(f"编辑器：{len(written)} 个文件写入 admin/（{settings.editor}，{settings.editor_repo}）")
