"""Tables 二/三/四 from grid tables (HTML, DOCX, ruled PDF): labels and headers read from the cells.

Grids are aligned (a merged cell is the same Cell object in every position it covers), so a column's header
is the stack of distinct cells above it, and a row's own label is its rightmost distinct label cell
(`三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密` -> `1.属于国家秘密`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..reading.document import Cell, Document
from ..stats.model import APPLICANT_COLUMNS, OUTCOME_COLUMNS
from ..templates import Template
from ..templates.labels import normalize_label
from .tables_locate import Hit, LabelText, align, cell_label, label_score
from .tables_text import T3_HEADER_WORDS, column_of
from .tables_values import COUNT, Column, RawRow, is_value_text, read_cell, read_stretch

SUBTOTAL = "subtotal"
ROW_BY_ORDER = "row_by_order:"  # note: a table 三 row placed by the template's row order (its label was lost)


def _norm(doc: Document, cell: Cell) -> str:
    return cell_label(doc.simplified[cell.start : cell.end])


def _distinct(cells: list[Cell]) -> list[Cell]:
    seen: set[int] = set()
    out = []
    for c in cells:
        if id(c) not in seen:
            seen.add(id(c))
            out.append(c)
    return out


def _is_value(text: str) -> bool:
    return not text or is_value_text(text)


# --- table 三 -----------------------------------------------------------------------------------------------

_T3_WORDS = {k: v for k, v in T3_HEADER_WORDS.items() if k != "subtotal"}


def _t3_header(doc: Document, header: list[list[Cell]], width: int) -> dict[int, str]:
    """Grid column -> column key (or SUBTOTAL) from the header rows."""
    out: dict[int, str] = {}
    for j in range(width):
        stack = _distinct([row[j] for row in header if j < len(row)])
        texts = [t for t in (_norm(doc, c) for c in stack) if t]
        if not texts:
            continue
        bottom = texts[-1]
        if "小计" in bottom:
            out[j] = SUBTOTAL
            continue
        for key, words in _T3_WORDS.items():
            if bottom in words or any(bottom == w or (len(w) > 2 and w in bottom) for w in words):
                out[j] = key
                break
    return out


def _t3_ragged_header(
    doc: Document, header: list[list[Cell]], cols: dict[int, str], body: list[list[Cell]]
) -> dict[int, str]:
    """Column mapping of a text table whose merged header cells came out as short rows.

    A Markdown table made from a PDF keeps one cell per merged header cell (`| （本列…） | 申请人情况 |`,
    `| | 自然人 | 法人或其他组织 | 总计 |`), so the header words sit left of the figure columns they name and
    the stack of cells above a column means nothing. The applicant columns always come in the template's
    order and are always the last columns of the body rows: when the header names all of them, they are
    placed on the right edge of the body. A header that already lines up is left as read."""
    if not body or not header:
        return cols
    widths = [len(r) for r in body]
    body_width = max(set(widths), key=widths.count)
    keys = [k for k in APPLICANT_COLUMNS]
    placed = {j: k for j, k in zip(range(body_width - len(keys), body_width), keys, strict=True)}
    if cols == placed:
        return cols
    found: set[str] = set()
    for row in header:
        for c in _distinct(row):
            text = _norm(doc, c)
            if not text:
                continue
            if "小计" in text:
                return cols  # where a 小计 column sits varies between reports: not guessed
            for key, words in _T3_WORDS.items():
                if text in words or any(text == w or (len(w) > 2 and w in text) for w in words):
                    found.add(key)
    if not set(keys) <= found or body_width < len(keys):
        return cols
    return placed


@dataclass
class _GridRow:
    table: int
    index: int
    cells: list[Cell]


def grid_table3(doc: Document, template: Template) -> tuple[list[RawRow], list[str]] | None:
    """Rows of table 三 from doc.tables (continuing across tables split at a page break)."""
    labels = list(template.table3.rows)
    grid_rows: list[_GridRow] = []
    hits: list[Hit] = []
    for t, table in enumerate(doc.tables):
        for i, row in enumerate(table.rows):
            g = len(grid_rows)
            grid_rows.append(_GridRow(t, i, row))
            text = _row_label(doc, row)
            if not text:
                continue
            lt = LabelText(text)
            for r, label in enumerate(labels):
                score = label_score(lt, label)
                if score:
                    hits.append(Hit(r, g, g + 1, score))
    chain = align(hits)
    if len(chain) < 3 or sum(1 for h in chain.values() if h.score >= 6) < 2:
        return None
    by_grid = {h.start: labels[r].key for r, h in chain.items()}
    notes: list[str] = []
    for g, key in _place_unlabelled(doc, grid_rows, chain, labels).items():
        by_grid[g] = key
        notes.append(ROW_BY_ORDER + key)
    # Column mapping per table, from the rows above its first table-三 row.
    # A continuation without a header takes the previous part's mapping, aligned on the right edge: the
    # figure columns are the last ones, while the label columns may be laid out differently on each page
    # (one merged label column before the break, three after it).
    mapping: dict[int, dict[int, str]] = {}
    prev: tuple[dict[int, str], int] | None = None
    for t, table in enumerate(doc.tables):
        first = next((g for g in sorted(by_grid) if grid_rows[g].table == t), None)
        width = max(len(r) for r in table.rows)
        if first is None:
            # A page break right after the header leaves the header as a table of its own: its columns are
            # the mapping the rows on the next page continue.
            cols = _t3_header(doc, table.rows, width)
            if sum(1 for v in cols.values() if v in APPLICANT_COLUMNS) >= 4:
                prev = (cols, width)
            continue
        header = table.rows[: grid_rows[first].index]
        cols = _t3_header(doc, header, width)
        if table.origin == "text":
            cols = _t3_ragged_header(doc, header, cols, [gr.cells for g, gr in enumerate(grid_rows) if g in by_grid and gr.table == t])
        if sum(1 for v in cols.values() if v in APPLICANT_COLUMNS) < 4:
            if prev is None:
                cols = {}
            else:
                shift = width - prev[1]
                cols = {j + shift: v for j, v in prev[0].items() if j + shift >= 0}
        if any(v == SUBTOTAL for v in cols.values()) and SUBTOTAL not in notes:
            notes.append(SUBTOTAL)
        mapping[t] = cols
        prev = (cols, width)
    out: list[RawRow] = []
    for g in sorted(by_grid):
        gr = grid_rows[g]
        key = by_grid[g]
        cols = mapping.get(gr.table) or {}
        if cols:
            positions = sorted(cols)
            layout = tuple(None if cols[j] == SUBTOTAL else cols[j] for j in positions)
            cells = [read_cell(doc, gr.cells[j].start, gr.cells[j].end) if j < len(gr.cells) else None for j in positions]
            if all(c is not None for c in cells) and not _flattened(cells):
                out.append(RawRow(key, layout, cells, None, "\t".join(c.quote for c in cells)))  # type: ignore[union-attr]
                continue
        out.append(_row_from_text(doc, gr.cells, key, tuple(APPLICANT_COLUMNS)))
    return out, notes


def _place_unlabelled(doc: Document, grid_rows: list[_GridRow], chain: dict[int, Hit], labels) -> dict[int, str]:
    """Figure rows whose label the converter lost, placed by the template's row order.

    Between two rows found by their labels, the template rows that were not found and the rows that carry
    figures but no label are taken pairwise in order, when there are exactly as many of each: the order of
    the rows is the template's, so the only reading is that one. Otherwise nothing is placed (and the
    figures stay unknown rather than guessed); the table identities check what was placed."""
    found = sorted(chain.items(), key=lambda item: item[1].start)
    out: dict[int, str] = {}
    for (r1, h1), (r2, h2) in zip(found, found[1:], strict=False):
        missing = list(range(r1 + 1, r2))
        if not missing:
            continue
        orphans = [
            g
            for g in range(h1.start + 1, h2.start)
            if not _row_label(doc, grid_rows[g].cells) and _has_figure(doc, grid_rows[g].cells)
        ]
        if len(orphans) == len(missing):
            out.update({g: labels[r].key for g, r in zip(orphans, missing, strict=True)})
    return out


def _has_figure(doc: Document, cells: list[Cell]) -> bool:
    return any(
        any(ch.isdigit() for ch in doc.simplified[c.start : c.end]) and _is_value(_norm(doc, c)) for c in _distinct(cells)
    )


def _flattened(cells) -> bool:
    """A row whose figures all sit in one cell (a PDF table that lost its inner ruling)."""
    return sum(1 for c in cells if c.kind == "bad") == 1 and all(c.kind in ("blank", "bad") for c in cells)


def _row_from_text(doc: Document, cells: list[Cell], key: str, layout: tuple[str | None, ...]) -> RawRow:
    """Fallback: read the non-label cells of a row as text (no usable header, or figures in one cell)."""
    distinct = _distinct(cells)
    # The row's own label cells come first; a numbered label (`1.本机关不掌握…`) has a digit but no figure.
    lead = 0
    for c in distinct:
        text = doc.simplified[c.start : c.end].strip()
        if text and _is_value(cell_label(text)):
            break
        lead += 1
    distinct = distinct[lead:]
    values = [c for c in distinct if _is_value(_norm(doc, c)) or any(ch.isdigit() for ch in doc.simplified[c.start:c.end])]
    values = [c for c in values if c.text.strip()]
    if not values:
        return RawRow(key, layout, None)
    a, b = values[0].start, values[-1].end
    stretch = read_stretch(doc, a, b, [COUNT] * len(layout))
    if stretch is None:
        return RawRow(key, layout, None)
    if len(stretch.cells) == len(layout):
        return RawRow(key, layout, stretch.cells, None, stretch.raw)
    return RawRow(key, layout, None, stretch.run, stretch.raw)


def _row_label(doc: Document, row: list[Cell]) -> str:
    """The rightmost distinct cell with text that is not a figure, among the leading cells."""
    label = ""
    for c in _distinct(row):
        text = doc.simplified[c.start : c.end].strip()
        if not text:
            continue
        if _is_value(cell_label(text)):
            break
        label = text
    return label


# --- table 四 -----------------------------------------------------------------------------------------------

_GROUPS = (("复议后起诉", "litigation_after_review"), ("直接起诉", "litigation_direct"), ("行政复议", "review"))
_OUTCOMES = dict(zip(("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"), OUTCOME_COLUMNS, strict=True))


def grid_table4(doc: Document) -> RawRow | None:
    for table in doc.tables:
        texts = [[_norm(doc, c) for c in row] for row in table.rows]
        flat = "".join("".join(r) for r in texts)
        if "行政复议" not in flat or "结果维持" not in flat:
            continue
        header_end = max(i for i, r in enumerate(texts) if any(t in _OUTCOMES for t in r)) + 1
        width = max(len(r) for r in table.rows)
        cols: dict[int, str] = {}
        for j in range(width):
            stack = [_norm(doc, c) for c in _distinct([r[j] for r in table.rows[:header_end] if j < len(r)])]
            joined = "".join(stack)
            group = next((g for w, g in _GROUPS if w in joined), None)
            outcome = next((_OUTCOMES[t] for t in reversed(stack) if t in _OUTCOMES), None)
            if group and outcome:
                cols[j] = f"{group}/{outcome}"
        for row in table.rows[header_end:]:
            if not any(doc.simplified[c.start : c.end].strip() for c in row):
                continue
            if len(cols) == 15:
                positions = sorted(cols)
                cells = [read_cell(doc, row[j].start, row[j].end) for j in positions if j < len(row)]
                if len(cells) == 15 and not _flattened(cells):
                    return RawRow("table4", tuple(cols[j] for j in positions), cells, None)
            layout = tuple(f"{g}/{c}" for g in ("review", "litigation_direct", "litigation_after_review") for c in OUTCOME_COLUMNS)
            return _row_from_text(doc, row, "table4", layout)
    return None


# --- table 二 -----------------------------------------------------------------------------------------------


def grid_table2(doc: Document, template: Template) -> list[RawRow]:
    rows_by_label = {}
    for block in template.table2:
        for row in block.rows:
            rows_by_label[row.key] = (row, block)
    out: list[RawRow] = []
    done: set[str] = set()
    for table in doc.tables:
        header: dict[int, str] | None = None
        units: dict[int, str] = {}
        for row in table.rows:
            distinct = _distinct(row)
            if not distinct:
                continue
            first = _norm(doc, distinct[0])
            if first == "信息内容":
                header, units = _t2_header(doc, row, template)
                continue
            found = _t2_row(first, rows_by_label)
            if found is None or found[0].key in done:
                continue
            label, block = found
            done.add(label.key)
            keys = tuple(c.key for c in block.columns)
            if header:
                positions = [j for j in sorted(header) if header[j] in keys and j < len(row)]
            else:
                lead = row.index(distinct[0])
                positions = [row.index(c) for c in distinct[1:]][: len(keys)]
                positions = [j for j in positions if j > lead]
            if len(positions) != len(keys):
                out.append(_t2_fallback(doc, row, label.key, block))
                continue
            layout = tuple(header[j] if header else keys[k] for k, j in enumerate(positions))
            cells = []
            for j, key in zip(positions, layout, strict=True):
                col = column_of(next(c for c in block.columns if c.key == key), units.get(j))
                cells.append(read_cell(doc, row[j].start, row[j].end, col))
            out.append(RawRow(label.key, layout, cells, None))
    return out


def _t2_row(first: str, rows_by_label):
    best = None
    for label, block in rows_by_label.values():
        for form in label.match_forms:
            if first == form and (best is None or len(form) > best[0]):
                best = (len(form), label, block)
    return None if best is None else best[1:]


def _t2_header(doc: Document, row: list[Cell], template: Template) -> tuple[dict[int, str], dict[int, str]]:
    header: dict[int, str] = {}
    units: dict[int, str] = {}
    labels = [c for block in template.table2 for c in block.columns]
    for j, cell in enumerate(row):
        text = _norm(doc, cell)
        for label in labels:
            core = normalize_label(label.label).split("(")[0]
            if core and core in text:
                header[j] = label.key
                for unit in ("万元", "亿元", "元"):
                    if unit in text:
                        units[j] = unit
                        break
                break
    return header, units


def _t2_fallback(doc: Document, row: list[Cell], key: str, block) -> RawRow:
    distinct = _distinct(row)[1:]
    cols: list[Column] = [column_of(c) for c in block.columns]
    layout = tuple(c.key for c in block.columns)
    if not distinct:
        return RawRow(key, layout, None)
    stretch = read_stretch(doc, distinct[0].start, distinct[-1].end, cols)
    if stretch is None or len(stretch.cells) != len(cols):
        return RawRow(key, layout, None, None, "" if stretch is None else stretch.raw)
    return RawRow(key, layout, stretch.cells, None, stretch.raw)
