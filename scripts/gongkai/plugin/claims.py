"""Who makes each file of the site: what it holds before ours (hand-written pages and files, the
theme's, Pagefind's folder) is claimed first, so that a generated page never silently replaces it;
then the core's files are claimed as they are handed to MkDocs (`add_generated`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from gongkai.model.urls import GENERATED, HAND_WRITTEN, OTHER, OutputClash, Outputs
from gongkai.publish.outputs import Output


def existing(files: Files, config, pagefind: bool, command: str) -> Outputs:
    """The outputs of the site before ours; `pagefind`: the search index's folder is ours too."""
    outputs = Outputs()
    shown = InclusionLevel.is_in_serve if command == "serve" else InclusionLevel.is_included
    docs = str(Path(config.docs_dir))
    for file in files:
        if shown(file.inclusion):
            kind = HAND_WRITTEN if str(Path(file.src_dir or "")) == docs else OTHER
            claim(outputs.claim, file.dest_uri, file.src_uri, kind)
    if pagefind and command != "serve":
        claim(outputs.claim_folder, "pagefind", "站内搜索索引（pagefind/）")
    return outputs


def add_generated(
    files: Files, config, outputs: Outputs, made: Iterable[Output]
) -> tuple[set[str], dict[str, dt.date]]:
    """The core's files (`made`, gongkai.publish.outputs.site_outputs) appended to `files`, each
    claimed first; return their src_uri, and the date of each that has one (for the sitemap)."""
    generated: set[str] = set()
    updated: dict[str, dt.date] = {}
    for out in made:
        inclusion = InclusionLevel.INCLUDED if out.in_nav else InclusionLevel.NOT_IN_NAV
        source = str(out.source) if out.source is not None else None
        file = File.generated(config, out.uri, content=out.text, abs_src_path=source, inclusion=inclusion)
        claim(outputs.claim, file.dest_uri, file.src_uri, GENERATED)
        files.append(file)
        generated.add(file.src_uri)
        if out.updated:
            updated[out.uri] = out.updated
    return generated, updated


def claim(how, *args) -> None:
    """`how(*args)`; a clash stops the build with its message."""
    try:
        how(*args)
    except OutputClash as exc:
        raise PluginError(exc.message()) from None
