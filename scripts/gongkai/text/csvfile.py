"""Every CSV the site publishes or prints (/data/catalog.csv, the 年报 tables, `gongkai report --format
csv`) is written here, for people who open it in Excel or WPS."""

from __future__ import annotations

import csv
import io

#: What makes a spreadsheet read a cell as a formula when it comes first (OWASP, "CSV Injection"):
#: `=HYPERLINK("http://…","x")` in a title would become a link in the clerk's spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The cell's text, with a single quote before it when it starts like a formula: Excel and WPS then
    show it as text (the quote itself is not shown). The JSON files keep the text as written."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows) -> str:
    """CSV with a BOM (Excel on Windows reads UTF-8 only with it) and CRLF (RFC 4180); quotes, commas
    and line breaks inside a cell are quoted as RFC 4180 says, every cell made safe with `safe_cell`."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([safe_cell(v) for v in row] for row in rows)
    return "\ufeff" + buffer.getvalue()
