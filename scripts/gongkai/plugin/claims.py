"""Who makes each file of the site: what it holds before ours (hand-written pages and files, the
theme's, Pagefind's folder) is claimed first, so that a generated page never silently replaces it."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from gongkai.model.urls import HAND_WRITTEN, OTHER, OutputClash, Outputs


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


def claim(how, *args) -> None:
    """`how(*args)`; a clash stops the build with its message."""
    try:
        how(*args)
    except OutputClash as exc:
        raise PluginError(exc.message()) from None
