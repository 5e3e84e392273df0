"""Finding ruled tables on a PDF page from PDFium's path objects.

pdfminer (under pdfplumber) re-parses the whole page content in Python, which costs 0.3-0.5 s on a page of
CID-font text; PDFium already has the page parsed in C. So the rules are read here from PDFium's path
objects (following form XObjects), in the same PDF user space as PDFium's character boxes:

1. every straight, axis-aligned stroke or thin filled rectangle becomes a horizontal or vertical edge;
2. edges on the same line (within a tolerance) are merged;
3. edges that cross or touch form connected components; a component with at least two horizontal and two
   vertical positions is a table whose grid is the set of those positions;
4. two neighbouring grid slots belong to one (merged) cell when no rule separates them.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_right
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

_TOL = 2.0  # points: rules closer than this are the same rule (double borders, thin filled rectangles)
_MIN_EDGE = 3.0  # shorter strokes are ticks or the short sides of thin rectangles, not rules
_MAX_SEGMENTS = 5000  # a path with more segments is artwork (a map, a chart), not table rules
_MAX_OBJECTS = 20000


@dataclass
class RuledTable:
    bbox: tuple[float, float, float, float]  # left, bottom, right, top in PDF user space
    xs: list[float]  # column boundaries, ascending
    ys: list[float]  # row boundaries, descending (top of the page first)
    grid: list[list[object]]  # one key per (row, column); merged slots share the key
    chars: dict[object, list[str]] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return len(self.grid[0]) if self.grid else 0

    def __post_init__(self) -> None:
        self._neg_ys = [-v for v in self.ys]  # ascending, for bisect

    def key_at(self, x: float, y: float) -> object | None:
        col = bisect_right(self.xs, x) - 1
        row = bisect_right(self._neg_ys, -y) - 1
        if 0 <= row < len(self.grid) and 0 <= col < len(self.grid[row]):
            return self.grid[row][col]
        return None


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _object_matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _path_objects(page_raw) -> list[tuple[object, Matrix]]:
    """Path objects with the matrix of any enclosing form XObjects."""
    out: list[tuple[object, Matrix]] = []
    stack = [(i, None, _IDENTITY) for i in range(min(pdfium_c.FPDFPage_CountObjects(page_raw), _MAX_OBJECTS))]
    stack.reverse()
    seen = 0
    while stack and seen < _MAX_OBJECTS:
        index, form, outer = stack.pop()
        seen += 1
        obj = pdfium_c.FPDFPage_GetObject(page_raw, index) if form is None else \
            pdfium_c.FPDFFormObj_GetObject(form, index)
        if not obj:
            continue
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            out.append((obj, outer))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            matrix = _compose(_object_matrix(obj), outer)
            n = pdfium_c.FPDFFormObj_CountObjects(obj)
            stack.extend((i, obj, matrix) for i in reversed(range(max(0, n))))
    return out


def _visible(obj) -> bool:
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return True
    return bool(fill.value) or bool(stroke.value)


def _segments(obj, outer: Matrix) -> list[tuple[float, float, float, float]]:
    """Straight line pieces of a path in page space."""
    n = pdfium_c.FPDFPath_CountSegments(obj)
    if n <= 0 or n > _MAX_SEGMENTS or not _visible(obj):
        return []
    a, b, c, d, e, f = _compose(_object_matrix(obj), outer)
    x = ctypes.c_float()
    y = ctypes.c_float()
    lines = []
    start = prev = None
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            lines.append((prev[0], prev[1], point[0], point[1]))
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None and prev != start:
            lines.append((prev[0], prev[1], start[0], start[1]))
            prev = start
    return lines


def _merge(edges: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """(position, from, to) edges on the same line joined where they overlap or touch."""
    edges.sort()
    clusters: list[list[tuple[float, float, float]]] = []
    for edge in edges:
        if clusters and edge[0] - clusters[-1][-1][0] <= _TOL:
            clusters[-1].append(edge)
        else:
            clusters.append([edge])
    merged = []
    for cluster in clusters:
        pos = sum(e[0] for e in cluster) / len(cluster)
        spans = sorted((e[1], e[2]) for e in cluster)
        lo, hi = spans[0]
        for s, t in spans[1:]:
            if s <= hi + _TOL:
                hi = max(hi, t)
            else:
                merged.append((pos, lo, hi))
                lo, hi = s, t
        merged.append((pos, lo, hi))
    return merged


def find_tables(page_raw) -> list[RuledTable]:
    horizontal: list[tuple[float, float, float]] = []  # (y, x0, x1)
    vertical: list[tuple[float, float, float]] = []  # (x, y0, y1)
    for obj, outer in _path_objects(page_raw):
        for x0, y0, x1, y1 in _segments(obj, outer):
            if abs(y1 - y0) <= 0.5 and abs(x1 - x0) >= _MIN_EDGE:
                horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
            elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) >= _MIN_EDGE:
                vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    hs = _merge(horizontal)
    vs = _merge(vertical)
    # Connected components of rules through their crossings (union-find over edge indexes).
    parent = list(range(len(hs) + len(vs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, hx0, hx1) in enumerate(hs):
        for j, (x, vy0, vy1) in enumerate(vs):
            if hx0 - _TOL <= x <= hx1 + _TOL and vy0 - _TOL <= y <= vy1 + _TOL:
                parent[root(i)] = root(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(root(len(hs) + j), ([], []))[1].append(v)
    tables = []
    for group_h, group_v in groups.values():
        table = _table(group_h, group_v)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: -t.bbox[3])
    return tables


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _table(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> RuledTable | None:
    xs = _positions([v[0] for v in vs])
    ys = _positions([h[0] for h in hs])[::-1]
    if len(xs) < 3 or len(ys) < 2:
        return None  # a single column is a frame around text, not a table
    n_rows, n_cols = len(ys) - 1, len(xs) - 1

    def has_vertical(x: float, y: float) -> bool:
        return any(abs(vx - x) <= _TOL and y0 - _TOL <= y <= y1 + _TOL for vx, y0, y1 in vs)

    def has_horizontal(y: float, x: float) -> bool:
        return any(abs(hy - y) <= _TOL and x0 - _TOL <= x <= x1 + _TOL for hy, x0, x1 in hs)

    parent = list(range(n_rows * n_cols))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        y_mid = (ys[r] + ys[r + 1]) / 2
        for c in range(n_cols):
            x_mid = (xs[c] + xs[c + 1]) / 2
            if c + 1 < n_cols and not has_vertical(xs[c + 1], y_mid):
                parent[root(r * n_cols + c)] = root(r * n_cols + c + 1)
            if r + 1 < n_rows and not has_horizontal(ys[r + 1], x_mid):
                parent[root(r * n_cols + c)] = root((r + 1) * n_cols + c)
    keys: dict[int, object] = {}
    grid = [[keys.setdefault(root(r * n_cols + c), object()) for c in range(n_cols)] for r in range(n_rows)]
    return RuledTable(bbox=(xs[0], ys[-1], xs[-1], ys[0]), xs=xs, ys=ys, grid=grid)
