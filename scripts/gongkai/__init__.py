"""gongkai: government information disclosure portals from Markdown records."""

__version__ = "0.1.0"
