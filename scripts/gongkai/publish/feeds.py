"""Atom feeds (RFC 4287): the newest records of the site and of each 公开目录 category.

Dates are the records' own, at midnight China Standard Time (+08:00), never the time of the build:
the same records give the same feed. The 发布机构 is each entry's author. Atom wants absolute
identifiers, so feeds are written only when mkdocs.yml has a `site_url`.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from gongkai.model.records import Record

#: Entries in a feed, newest first.
FEED_SIZE = 50


#: What XML 1.0 does not allow in a document (controls but tab and line breaks, U+FFFE, U+FFFF): a
#: body's first paragraph may hold one, and one makes the whole feed unreadable to every reader.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    return _escape(_NOT_XML.sub("", text))


def quoteattr(text: str) -> str:
    return _quoteattr(_NOT_XML.sub("", text))


def _time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def atom(title: str, feed_url: str, page_url: str, records: list[Record], url_of, summary_of) -> str:
    """The Atom document of `records` (newest first, at most FEED_SIZE); `url_of(record)` gives a
    record's absolute URL, `summary_of(record)` its 内容概述."""
    entries = records[:FEED_SIZE]
    updated = max((r.published for r in entries), default=dt.date(2000, 1, 1))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n',
        f"  <title>{escape(title)}</title>\n",
        f"  <id>{escape(feed_url)}</id>\n",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>\n',
        f'  <link rel="alternate" type="text/html" href={quoteattr(page_url)}/>\n',
        f"  <updated>{_time(updated)}</updated>\n",
    ]
    for r in entries:
        url = url_of(r)
        out += [
            "  <entry>\n",
            f"    <title>{escape(r.title)}</title>\n",
            f"    <id>{escape(url)}</id>\n",
            f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>\n',
            f"    <published>{_time(r.published)}</published>\n",
            f"    <updated>{_time(r.published)}</updated>\n",
            f"    <author><name>{escape(r.agency.name)}</name></author>\n",
            f"    <category term={quoteattr(r.category.path)} label={quoteattr(r.category.name)}/>\n",
        ]
        summary = summary_of(r)
        if summary:
            out.append(f"    <summary>{escape(summary)}</summary>\n")
        out.append("  </entry>\n")
    out.append("</feed>\n")
    return "".join(out)
