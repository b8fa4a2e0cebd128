"""The MkDocs adapter: runs the core and hands its pages to MkDocs.

Imports: every floor of the core, the other adapters (mkdocs.yml as gongkai.cli.siteconfig reads it,
the editor's /admin/) and MkDocs; nothing imports it but MkDocs, through its entry point."""

# gongkai.cli before gongkai.editor (admin.py): the editor imports gongkai.cli.siteconfig, and the cli
# package imports the editor's server (`gongkai edit`); entered from the editor's side, that circle
# finds gongkai.editor.server half loaded.
from gongkai.cli import siteconfig  # noqa: F401
from gongkai.plugin.plugin import GongkaiPlugin

__all__ = ["GongkaiPlugin"]
