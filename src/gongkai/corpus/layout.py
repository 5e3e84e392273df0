"""The format-independent layout of a synthetic report: headings, paragraphs and tables with merged cells.

Every renderer (txt, md, html, docx, pdf) draws the same `Block` list, so the five files of one report
state exactly the same figures. Tables are stored the way HTML and Word store them: each row lists only
the cells that start in it, with their rowspan/colspan; `grid()` expands them to a rectangle.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    numeric: bool = False


@dataclass
class Table:
    rows: list[list[Cell]]
    # Rows whose numeric cells are figures: (row index, pointers of its numeric cells in order). Used for
    # the flattened rendering and for deciding which flattened cells a reader can recover.
    figure_rows: list[tuple[int, list[str]]] = field(default_factory=list)
    # Identity a row's values satisfy, used when deciding whether a flattened row splits uniquely.
    row_rule: str | None = None  # "table3" (last = Σ others) | "table4" (per group of 5: last = Σ 4)
    kind: str = ""

    @property
    def width(self) -> int:
        return sum(c.colspan for c in self.rows[0])

    def grid(self) -> list[list[tuple[Cell, bool] | None]]:
        """Rectangle of (cell, is_origin); positions covered by a span hold the same cell with False."""
        height = len(self.rows)
        out: list[list[tuple[Cell, bool] | None]] = [[None] * self.width for _ in range(height)]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while c < self.width and out[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if r + dr < height and c + dc < self.width:
                            out[r + dr][c + dc] = (cell, dr == 0 and dc == 0)
                c += cell.colspan
        return out


@dataclass
class Heading:
    text: str
    level: int = 1  # 0 = document title, 1 = section, 2 = subsection


@dataclass
class Paragraph:
    text: str


Block = Heading | Paragraph | Table
