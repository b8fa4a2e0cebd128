"""The HTML standard's table model and its algorithm for assigning header cells (WHATWG HTML,
"4.9.12 Processing model": forming a table, then "algorithm for assigning header cells"): which
header cells a screen reader announces with each data cell. Enough of it for generated tables:
rowspan/colspan, thead/tbody/tfoot row groups, colgroup/col column groups, the scope states
(row, col, rowgroup, colgroup, auto) and the headers attribute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass(eq=False)
class Cell:
    header: bool
    x: int = 0
    y: int = 0
    width: int = 1
    height: int = 1
    scope: str = ""
    id: str = ""
    headers: str | None = None
    text: str = ""
    group: int = -1  # index of its row group

    def __repr__(self):
        return f"<{'th' if self.header else 'td'} {self.text!r} at {self.x},{self.y}>"


@dataclass
class Table:
    label: str = ""
    cells: list[Cell] = field(default_factory=list)
    slots: dict[tuple[int, int], Cell] = field(default_factory=dict)
    row_groups: list[tuple[int, int]] = field(default_factory=list)  # [start, end) rows
    col_groups: list[tuple[int, int]] = field(default_factory=list)  # [start, end) columns

    def data_cells(self) -> list[Cell]:
        return [c for c in self.cells if not c.header]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._stack: list[dict] = []  # open tables (nested ones are tables of their own)
        self._text_cells: list[Cell] = []

    # -- forming a table --------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "table":
            table = Table(label=a.get("aria-label", ""))
            self.tables.append(table)
            self._stack.append({"table": table, "y": -1, "x": 0, "group": -1, "cols": 0, "cell": None})
            return
        if not self._stack:
            return
        t = self._stack[-1]
        table = t["table"]
        if tag == "colgroup":
            t["colgroup"] = [t["cols"], 0, int(a.get("span") or 1)]
        elif tag == "col":
            span = int(a.get("span") or 1)
            if "colgroup" in t:
                t["colgroup"][1] += span
            else:
                table.col_groups.append((t["cols"], t["cols"] + span))
                t["cols"] += span
        elif tag in ("thead", "tbody", "tfoot"):
            t["group_start"] = t["y"] + 1
            table.row_groups.append((t["y"] + 1, t["y"] + 1))
            t["group"] = len(table.row_groups) - 1
        elif tag == "tr":
            if t["group"] < 0:  # rows straight in <table> form an implied tbody
                table.row_groups.append((t["y"] + 1, t["y"] + 1))
                t["group"] = len(table.row_groups) - 1
            t["y"] += 1
            t["x"] = 0
            start, _ = table.row_groups[t["group"]]
            table.row_groups[t["group"]] = (start, t["y"] + 1)
        elif tag in ("td", "th"):
            y = t["y"]
            x = t["x"]
            while (x, y) in table.slots:
                x += 1
            cell = Cell(
                header=tag == "th",
                x=x,
                y=y,
                width=max(1, int(a.get("colspan") or 1)),
                height=max(1, int(a.get("rowspan") or 1)),
                scope=a.get("scope", "").lower() if tag == "th" else "",
                id=a.get("id", ""),
                headers=a.get("headers"),
                group=t["group"],
            )
            for dx in range(cell.width):
                for dy in range(cell.height):
                    table.slots[(x + dx, y + dy)] = cell
            table.cells.append(cell)
            t["x"] = x + cell.width
            t["cell"] = cell

    def handle_endtag(self, tag):
        if not self._stack:
            return
        t = self._stack[-1]
        if tag == "colgroup" and "colgroup" in t:
            start, counted, span = t.pop("colgroup")
            width = counted or span
            t["table"].col_groups.append((start, start + width))
            t["cols"] = start + width
        elif tag in ("thead", "tbody", "tfoot"):
            t["group"] = -1
        elif tag in ("td", "th"):
            t["cell"] = None
        elif tag == "table":
            self._stack.pop()

    def handle_data(self, data):
        if self._stack and self._stack[-1]["cell"] is not None:
            self._stack[-1]["cell"].text += data


def tables(html: str) -> list[Table]:
    """The tables of `html`, in document order; cell texts with runs of whitespace made one space."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    for table in parser.tables:
        for cell in table.cells:
            cell.text = " ".join(cell.text.split())
    return parser.tables


# -- assigning header cells -------------------------------------------------------------------------


def _is_column_header(table: Table, c: Cell) -> bool:
    if c.scope == "col":
        return True
    if c.scope not in ("", "auto"):
        return False
    return not any(not s.header for (x, y), s in table.slots.items() if c.y <= y < c.y + c.height)


def _is_row_header(table: Table, c: Cell) -> bool:
    if c.scope == "row":
        return True
    if c.scope not in ("", "auto") or _is_column_header(table, c):
        return False
    return not any(not s.header for (x, y), s in table.slots.items() if c.x <= x < c.x + c.width)


def _scan(table: Table, principal: Cell, found: list[Cell], dx: int, dy: int) -> None:
    x, y = principal.x, principal.y
    opaque: list[Cell] = []
    in_block = principal.header
    block: list[Cell] = [principal] if principal.header else []
    while True:
        x += dx
        y += dy
        if x < 0 or y < 0:
            return
        current = table.slots.get((x, y))
        if current is None or current is principal:
            continue
        if current.header:
            in_block = True
            block.append(current)
            blocked = False
            if dx == 0:
                blocked = any(o.x == current.x and o.width == current.width for o in opaque)
                blocked = blocked or not _is_column_header(table, current)
            else:
                blocked = any(o.y == current.y and o.height == current.height for o in opaque)
                blocked = blocked or not _is_row_header(table, current)
            if not blocked:
                found.append(current)
        elif in_block:
            in_block = False
            opaque += block
            block = []


def headers(table: Table, principal: Cell) -> list[str]:
    """The texts of the header cells of `principal`, in the order the algorithm finds them."""
    found: list[Cell] = []
    if principal.headers is not None:
        ids = principal.headers.split()
        found = [c for i in ids for c in table.cells if c.id == i and c is not principal]
    else:
        _scan(table, principal, found, -1, 0)
        _scan(table, principal, found, 0, -1)
        if principal.group >= 0:
            found += [
                c
                for c in table.cells
                if c.header
                and c.scope == "rowgroup"
                and c.group == principal.group
                and c.x <= principal.x
                and c.y <= principal.y
            ]
        for start, end in table.col_groups:
            if start <= principal.x < end:
                found += [
                    c
                    for c in table.cells
                    if c.header
                    and c.scope == "colgroup"
                    and start <= c.x < end
                    and c.x <= principal.x
                    and c.y <= principal.y
                ]
    out: list[str] = []
    seen: set[int] = set()
    for c in found:
        if c.text and id(c) not in seen:  # empty cells and repeats are removed
            seen.add(id(c))
            out.append(c.text)
    return out
