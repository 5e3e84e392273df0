"""Assembling a Document's text and tables so that every Cell knows its offset.

Readers write text blocks and grids into a `TextBuilder`. A grid is a list of rows of keys; a key stands for
one source cell (a merged cell has the same key in every position it covers) and `texts[key]` is its text.
Each row becomes one line with the cells that *start* in that row separated by tabs; positions covered by a
merge from above or from the left get the same `Cell` object, which is what Table promises.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal

from .document import Cell, Table

Grid = Sequence[Sequence[Hashable]]


def cell_text(raw: str) -> str:
    """Cell text on one line: tabs and newlines would break the row rendering.

    str.split() splits on exactly the characters `\\s` matches in a str pattern (both use str.isspace), so this
    is `re.sub(r"\\s+", " ", raw).strip()` at a fraction of the cost; it runs once per table cell.
    """
    return " ".join(raw.split())


class TextBuilder:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.tables: list[Table] = []

    @property
    def pos(self) -> int:
        return self._pos

    def write(self, s: str) -> None:
        if s:
            self._parts.append(s)
            self._pos += len(s)

    def ends_with_newline(self) -> bool:
        return not self._parts or self._parts[-1].endswith("\n")

    def line(self, s: str) -> None:
        """Write `s` as a line of its own."""
        if not self.ends_with_newline():
            self.write("\n")
        self.write(s)
        self.write("\n")

    def break_line(self) -> None:
        if not self.ends_with_newline():
            self.write("\n")

    def table(
        self,
        grid: Grid,
        texts: dict[Hashable, str],
        origin: Literal["html", "docx", "pdf", "text"],
        page: int | None = None,
        continue_table: Table | None = None,
    ) -> Table | None:
        """Render a grid; with `continue_table`, its rows are appended to that table (a page-broken table)."""
        width = max((len(r) for r in grid), default=0)
        if width == 0:
            return None
        self.break_line()
        start = self.pos
        cells: dict[Hashable, Cell] = {}
        rows: list[list[Cell]] = []
        for keys in grid:
            first = True
            row: list[Cell] = []
            for key in keys:
                cell = cells.get(key)
                if cell is None:
                    if not first:
                        self.write("\t")
                    first = False
                    cell = Cell(texts.get(key, ""), self.pos)
                    self.write(cell.text)
                    cells[key] = cell
                row.append(cell)
            rows.append(row)
            self.write("\n")
        end = self.pos - 1
        for row in rows:  # ragged source rows are padded so rows[i][j] is always column j
            if len(row) < width:
                pad = Cell("", row[-1].end if row else start)
                row.extend([pad] * (width - len(row)))
        if continue_table is not None:
            continue_table.rows.extend(rows)
            continue_table.end = end
            return continue_table
        table = Table(rows=rows, start=start, end=end, page=page, origin=origin)
        self.tables.append(table)
        return table

    def text(self) -> str:
        return "".join(self._parts)


def expand_spans(rows: Sequence[Sequence[tuple[Hashable, int, int]]]) -> list[list[Hashable]]:
    """Grid from rows of (key, colspan, rowspan), the HTML model. Spans are clipped to sane bounds."""
    n_rows = len(rows)
    occupied: list[dict[int, Hashable]] = [{} for _ in range(n_rows)]  # row -> column -> key
    for r, cells in enumerate(rows):
        taken = occupied[r]
        col = 0
        for key, colspan, rowspan in cells:
            while col in taken:
                col += 1
            colspan = max(1, min(colspan, 200))
            # rowspan="0" means "to the end of the table section".
            rowspan = n_rows - r if rowspan <= 0 else min(rowspan, n_rows - r)
            for rr in range(r, r + rowspan):
                for c in range(col, col + colspan):
                    occupied[rr].setdefault(c, key)
            col += colspan
    grid: list[list[Hashable]] = []
    for taken in occupied:
        width = max(taken, default=-1) + 1
        # A hole in the source grid (a short row under a rowspan) becomes an empty cell of its own.
        grid.append([taken[c] if c in taken else object() for c in range(width)])
    return grid
