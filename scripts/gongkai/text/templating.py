"""HTML written from Jinja2 templates, every value escaped as `html.escape` escapes it.

Every value a template prints (`{{ }}`) goes through `escape`: HTML-escaped as html.escape does,
unless it is Markup (anything with `__html__`: HTML, or Markdown its writer escaped), which goes in
as it is. Jinja's own autoescaping (MarkupSafe) is off because it writes a quote as `&#34;` and an
apostrophe as `&#39;`, where the pages have always had `&quot;` and `&#x27;`; `escape` does its
work, one escaping per value, so nothing comes out unescaped. Not to be done in a template: print
a macro inside another (a macro's result is text, not Markup: it would be escaped again), or join
Markup with anything (`~`, `join` make text of it, escaped again; `+` escapes the other side
MarkupSafe's way). The templates print each value on its own.

An environment compiles each template once and keeps it (`auto_reload` off).
"""

from __future__ import annotations

import html
from pathlib import Path

import jinja2


def escape(value) -> str:
    """`value` as HTML text, escaped as html.escape does; Markup (anything with __html__) as it is."""
    if type(value) is str:
        return html.escape(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def environment(folder: Path, **filters) -> jinja2.Environment:
    """An environment for the templates in `folder`, with `filters` besides Jinja's: every value
    printed escaped (`escape`), an undefined name an error, a template's last line break kept, block
    tags taking their own line and its indentation with them (`{# -#}` at a line's end joins it to
    the next: HTML written on one line, read on several)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder, encoding="utf-8"),
        autoescape=False,  # `escape` escapes every value printed (see above)
        finalize=escape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(filters)
    return env
