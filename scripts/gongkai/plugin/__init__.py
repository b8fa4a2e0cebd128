"""The MkDocs adapter: runs the core and hands its pages to MkDocs."""

from gongkai.plugin.plugin import GongkaiPlugin

__all__ = ["GongkaiPlugin"]
