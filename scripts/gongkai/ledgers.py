"""What the request and appeal ledgers hold that must never be published row by row.

The ledgers (`records/requests/*.yml`, `records/appeals/*.yml`: one list of cases per file)
feed the statistics as counts only. Their validation belongs to the statistics; here they are
only read for the values that identify a case (its `id`, the request an appeal refers to, and
any free text under keys the ledger format does not define), which the leak scan of the built
site must not find.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import yamlio
from .leaks import Secret

#: Keys whose values are categories, dates, flags or amounts: they appear in aggregate tables.
AGGREGATE_KEYS = {
    "agency", "received", "applicant", "channel", "corrected", "extended", "replied", "outcome",
    "reason", "fee", "type", "route", "filed", "result", "concluded",
}  # fmt: skip
LEDGERS = {"requests": "依申请公开台账", "appeals": "复议诉讼台账"}


def secrets(root: Path) -> list[Secret]:
    """The identifying values of every ledger under `root` (the records folder)."""
    out: list[Secret] = []
    for folder, name in LEDGERS.items():
        for path in sorted((root / folder).glob("*.y*ml")):
            try:
                rows = yamlio.load(path.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, RecursionError):
                continue  # reported by the ledger's own validation
            lines = getattr(rows, "item_lines", [])
            for n, row in enumerate(rows if isinstance(rows, list) else [], 1):
                if not isinstance(row, dict):
                    continue
                where = f"第 {lines[n - 1]} 行" if n <= len(lines) else f"第 {n} 条"
                for key, value in row.items():
                    if key in AGGREGATE_KEYS or not isinstance(value, (str, int)) or isinstance(value, bool):
                        continue
                    text = str(value).strip()
                    if len(text) >= 3:
                        out.append(Secret(text, f"{name} records/{folder}/{path.name} {where}案件的 {key}", whole=True))
    return out
