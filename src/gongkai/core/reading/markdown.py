"""Markdown: the text is kept exactly as written; pipe tables additionally become Table objects.

A pipe table is a header row, a separator row (`|---|:--:|`) and the body rows that follow. The separator is
not a row of the table. Cells point at their stripped text inside the original line, so rows may be ragged.
"""

from __future__ import annotations

import re

from .document import Cell, Table

_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")


def _row_cells(line: str, line_start: int) -> list[Cell]:
    bounds = [m.start() for m in _PIPE_SPLIT.finditer(line)]
    edges = [-1, *bounds, len(line)]
    pieces = [(edges[i] + 1, edges[i + 1]) for i in range(len(edges) - 1)]
    # Leading and trailing pipes leave empty pieces that are not cells.
    if pieces and not line[pieces[0][0]:pieces[0][1]].strip() and bounds and line[: bounds[0]].strip() == "":
        pieces = pieces[1:]
    if pieces and not line[pieces[-1][0]:pieces[-1][1]].strip() and bounds and line[bounds[-1] + 1:].strip() == "":
        pieces = pieces[:-1]
    cells = []
    for a, b in pieces:
        raw = line[a:b]
        lead = len(raw) - len(raw.lstrip())
        content = raw.strip()
        cells.append(Cell(content, line_start + a + lead))
    return cells


def pipe_tables(text: str) -> list[Table]:
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    tables: list[Table] = []
    i = 1
    while i < len(lines):
        header = lines[i - 1]
        if "|" in header and _SEPARATOR.match(lines[i]) and "|" in lines[i] + header:
            rows = [_row_cells(header, starts[i - 1])]
            j = i + 1
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                rows.append(_row_cells(lines[j], starts[j]))
                j += 1
            end = starts[j - 1] + len(lines[j - 1])
            tables.append(Table(rows=rows, start=starts[i - 1], end=end, origin="text"))
            i = j + 1
        else:
            i += 1
    return tables
