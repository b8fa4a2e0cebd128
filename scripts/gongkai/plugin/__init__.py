"""The MkDocs adapter: runs the core and hands its pages to MkDocs.

Imports: every floor of the core, the other adapters (mkdocs.yml as gongkai.siteconfig reads it,
the editor's /admin/) and MkDocs; nothing imports it but MkDocs, through its entry point."""

from gongkai.plugin.plugin import GongkaiPlugin

__all__ = ["GongkaiPlugin"]
