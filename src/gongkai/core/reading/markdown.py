"""Markdown: the text is kept exactly as written; pipe tables and HTML <table> fragments become Table objects.

A pipe table is a header row, a separator row (`|---|:--:|`) and the body rows that follow. The separator is
not a row of the table. Cells point at their stripped text inside the original line, so rows may be ragged.

Markdown made from PDFs (marker, MinerU, docling, pdf2md …) mangles the report tables in recurring ways, and
this reader repairs what can be repaired from the layout alone, so the parsers see one clean grid per table:

- a page break cuts a table in two: the pieces are separated by page furniture (a page number `— 3 —`,
  `第 3 页 共 7 页`, marker's `{3}-----`, a running header line) and the second piece often repeats the
  header (or its first row became the pipe header of a new table). Such pieces are
  joined, and a repeated header row or a page-number row inside a table is dropped;
- a leading pipe is left out (`一、本年新收 | | | 27 | 9`): the separator tells whether the table has outer
  pipes, so a row starting with an empty cell (` | | 2.重复申请 | 1`) keeps that cell;
- a long label wraps into a second row that carries the figures (`（二）部分公开（区分处理的，` then
  `不计其他情形） | 3 | 1`): the two rows become one; the label cell then spans both lines;
- two figures land in one cell (`12<br>2`, `8 3`) and the row is one cell short: the cell is split;
- a complex table is left as an HTML <table> fragment with rowspan/colspan: it is read into an aligned grid
  (a merged cell is the same Cell object in every position it covers, as html.py does).

What cannot be known from the layout (which template column a shifted header cell stands for, which row a
label names) is left to the parsers, which know the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Cell, Table

_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")

# Page furniture a converter leaves between the two halves of a table cut by a page break.
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·•]*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d{1,3}(?:\s*/\s*\d{1,3})?|[-—–－]\s*\d{1,3}\s*[-—–－])[\s\-—–－_·•]*$"
)
# marker's paginated output separates pages with `{3}------…`; others leave a rule or a page-break comment.
_PAGE_SEPARATOR = re.compile(r"^(?:\{\d+\}-{3,}|-{3,}|\*{3,}|_{3,}|<!--\s*page[ _-]?break\s*-->)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[。；;：:！？!?]\s*$")
_ITEM_START = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d{1,2}\s*[、.．,，]|#)")
_MAX_FURNITURE_LINE = 40

# Figures that a converter put into one cell: numbers (or dash cells) separated by blanks or <br>.
_FIGURE = r"(?:[-+]?\d[\d,]*(?:\.\d+)?|[-—–/／])"
_GAP = r"(?:\s|<\s*br\s*/?\s*>)+"
_MULTI = re.compile(rf"^{_FIGURE}(?:{_GAP}{_FIGURE})+$", re.IGNORECASE)
_GAP_RE = re.compile(_GAP, re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")
_UNFINISHED = re.compile(r"[，,、（(]$")

_HTML_TABLE = re.compile(r"<table\b[^>]*>(.*?)</table\s*>", re.IGNORECASE | re.DOTALL)
_HTML_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|</tr\s*>|$)", re.IGNORECASE | re.DOTALL)
_HTML_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)(?=</t[dh]\s*>|<t[dh]\b|$)", re.IGNORECASE | re.DOTALL)
_SPAN = re.compile(r"""(colspan|rowspan)\s*=\s*["']?(\d+)""", re.IGNORECASE)
_EDGE_TAG_START = re.compile(r"\s*<(?!br\b)[a-z/][^>]*>", re.IGNORECASE)
_EDGE_TAG_END = re.compile(r"<(?!br\b)[a-z/][^>]*>\s*$", re.IGNORECASE)


@dataclass
class _Piece:
    """A table as found, before the page-break repair: its rows and the lines it occupies."""

    rows: list[list[Cell]]
    start: int
    end: int
    first_line: int
    last_line: int
    width: int
    origin: str
    header_rows: int  # rows above the separator (1 for a pipe table, 0 for an HTML fragment)


def _cell(line: str, line_start: int, a: int, b: int) -> Cell:
    raw = line[a:b]
    lead = len(raw) - len(raw.lstrip())
    return Cell(raw.strip(), line_start + a + lead)


def _row_cells(line: str, line_start: int, outer: bool | None = None, width: int = 0) -> list[Cell]:
    """The cells of one pipe row.

    `outer` says whether the table writes outer pipes (from its separator; None: guess from the row). In a
    table without them a row starting with a pipe starts with an empty cell (` | | 2.重复申请 | 1`), unless
    the row is two cells too wide, i.e. this row alone was written with outer pipes."""
    bounds = [m.start() for m in _PIPE_SPLIT.finditer(line)]
    edges = [-1, *bounds, len(line)]
    pieces = [(edges[i] + 1, edges[i + 1]) for i in range(len(edges) - 1)]
    lead_pipe = bool(bounds) and line[: bounds[0]].strip() == ""
    trail_pipe = bool(bounds) and line[bounds[-1] + 1 :].strip() == ""
    if outer is False and not (width and len(pieces) >= width + 2 and lead_pipe and trail_pipe):
        lead_pipe = trail_pipe = False
    if lead_pipe:
        pieces = pieces[1:]
    if trail_pipe and pieces and not line[pieces[-1][0] : pieces[-1][1]].strip():
        pieces = pieces[:-1]
    return [_cell(line, line_start, a, b) for a, b in pieces]


def _line_starts(text: str) -> tuple[list[str], list[int]]:
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return lines, starts


def _pipe_pieces(lines: list[str], starts: list[int]) -> list[_Piece]:
    out: list[_Piece] = []
    i = 1
    while i < len(lines):
        header = lines[i - 1]
        sep = lines[i]
        if "|" in header and _SEPARATOR.match(sep) and "|" in sep + header:
            outer = sep.strip().startswith("|")
            width = len([p for p in sep.strip().strip("|").split("|")])
            rows = [_row_cells(header, starts[i - 1], outer, width)]
            j = i + 1
            while j < len(lines) and "|" in lines[j] and lines[j].strip() and "<table" not in lines[j].lower():
                rows.append(_row_cells(lines[j], starts[j], outer, width))
                j += 1
            end = starts[j - 1] + len(lines[j - 1])
            out.append(_Piece(rows, starts[i - 1], end, i - 1, j - 1, width, "text", 1))
            i = j + 1
        else:
            i += 1
    return out


def _inner_span(text: str, a: int, b: int) -> tuple[int, int]:
    """The cell's content without surrounding whitespace and wrapping tags (<p>, <span>, <b> …)."""
    while True:
        m = _EDGE_TAG_START.match(text, a, b)
        if m and m.end() <= b:
            a = m.end()
            continue
        m2 = _EDGE_TAG_END.search(text, a, b)
        if m2:
            b = m2.start()
            continue
        break
    seg = text[a:b]
    a += len(seg) - len(seg.lstrip())
    b = a + len(text[a:b].strip())
    return a, b


def _html_pieces(text: str, starts: list[int]) -> list[_Piece]:
    import bisect

    out: list[_Piece] = []
    for tm in _HTML_TABLE.finditer(text):
        grid: list[list[Cell | None]] = []
        occupied: dict[tuple[int, int], Cell] = {}
        body_start = tm.start(1)
        body = tm.group(1)
        r = 0
        for rm in _HTML_ROW.finditer(body):
            row_text_start = body_start + rm.start(1)
            cells: list[Cell | None] = []
            c = 0
            for cm in _HTML_CELL.finditer(rm.group(1)):
                while (r, c) in occupied:
                    cells.append(occupied[(r, c)])
                    c += 1
                spans = {k.lower(): int(v) for k, v in _SPAN.findall(cm.group(2))}
                colspan = max(1, min(spans.get("colspan", 1), 50))
                rowspan = max(1, min(spans.get("rowspan", 1), 200))
                a, b = _inner_span(text, row_text_start + cm.start(3), row_text_start + cm.end(3))
                cell = Cell(text[a:b], a)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        if dr or dc:
                            occupied[(r + dr, c + dc)] = cell
                cells.extend([cell] * colspan)
                c += colspan
            while (r, c) in occupied:
                cells.append(occupied[(r, c)])
                c += 1
            grid.append(cells)
            r += 1
        rows = [[c for c in row if c is not None] for row in grid if row]
        if not rows:
            continue
        first = bisect.bisect_right(starts, tm.start()) - 1
        last = bisect.bisect_right(starts, tm.end() - 1) - 1
        width = max(len(row) for row in rows)
        out.append(_Piece(rows, tm.start(), tm.end(), first, last, width, "html", 0))
    return out


def _is_furniture(line: str) -> bool:
    """A line that a page break leaves between two halves of a table (page number, running header)."""
    s = line.strip()
    if not s or _PAGE_NUMBER.match(s) or _PAGE_SEPARATOR.match(s):
        return True
    if "|" in s or len(s) > _MAX_FURNITURE_LINE or _SENTENCE_END.search(s) or _ITEM_START.match(s):
        return False
    # A running header: the report or agency title, no sentence.
    return any(w in s for w in ("报告", "年度", "人民政府", "委员会", "局", "办公室", "政务公开"))


def _row_key(row: list[Cell]) -> str:
    return "".join(re.sub(r"\s+", "", c.text) for c in row)


def _is_page_number_row(row: list[Cell]) -> bool:
    texts = [c.text for c in row if c.text.strip()]
    return len(texts) == 1 and bool(_PAGE_NUMBER.match(texts[0])) and not texts[0].strip().isdigit()


def _header_keys(rows: list[list[Cell]]) -> set[str]:
    """The leading rows that hold no figure: the header a page break may repeat."""
    keys = set()
    for row in rows:
        if any(_HAS_DIGIT.search(c.text) and _is_figure_cell(c.text) for c in row):
            break
        key = _row_key(row)
        if key:
            keys.add(key)
    return keys


def _is_figure_cell(text: str) -> bool:
    s = re.sub(r"\\(?=[.\-+,])", "", text.strip())
    return bool(s) and (bool(re.fullmatch(_FIGURE, s)) or bool(_MULTI.match(s)))


def _join_pages(pieces: list[_Piece], lines: list[str]) -> list[_Piece]:
    """Join the pieces of a table cut by page breaks: same width, only page furniture between them."""
    out: list[_Piece] = []
    for p in pieces:
        if out:
            prev = out[-1]
            gap = lines[prev.last_line + 1 : p.first_line]
            if (
                prev.origin == p.origin == "text"
                and p.width == prev.width
                and all(_is_furniture(line) for line in gap)
            ):
                prev.rows.extend(p.rows)
                prev.end = p.end
                prev.last_line = p.last_line
                continue
        out.append(p)
    return out


def _drop_repeats(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Drop page-number rows and header rows repeated further down (a page break inside the table)."""
    header = _header_keys(rows)
    n_header = 0
    for row in rows:
        if _row_key(row) in header or not _row_key(row):
            n_header += 1
        else:
            break
    out = rows[:n_header]
    for row in rows[n_header:]:
        if _is_page_number_row(row) or (_row_key(row) in header and not any(_is_figure_cell(c.text) for c in row)):
            continue
        out.append(row)
    return out


def _split_multi(row: list[Cell], width: int) -> list[Cell]:
    """Split cells holding several figures when that makes a short row exactly as wide as the table."""
    if len(row) >= width:
        return row
    out: list[Cell] = []
    for c in row:
        if _MULTI.match(c.text):
            bounds = [0, *(x for m in _GAP_RE.finditer(c.text) for x in (m.start(), m.end())), len(c.text)]
            out.extend(Cell(c.text[a:b], c.start + a) for a, b in zip(bounds[::2], bounds[1::2], strict=True) if b > a)
        else:
            out.append(c)
    return out if len(out) == width else row


def _join_wrapped_labels(rows: list[list[Cell]], text: str) -> list[list[Cell]]:
    """Join a label row without figures to the next row when the next row continues its label.

    A label cell continues when the next row's cell in the same column is empty (the figures moved down)
    or holds text that does not start a new item (`不计其他情形）`, not `2.重复申请`), and the first row's
    label looks unfinished (an item that the next row does not number) — never two complete items."""
    out: list[list[Cell]] = []
    i = 0
    while i < len(rows):
        a = rows[i]
        if i + 1 < len(rows):
            b = rows[i + 1]
            merged = _wrap(a, b, text)
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _wrap(a: list[Cell], b: list[Cell], text: str) -> list[Cell] | None:
    if len(a) != len(b):
        return None
    labels_a = [j for j, c in enumerate(a) if c.text.strip()]
    if not labels_a or any(_is_figure_cell(a[j].text) for j in labels_a):
        return None
    last = labels_a[-1]
    if not any(c.text.strip() and _is_figure_cell(c.text) for c in b[last + 1 :]):
        return None
    b_labels = [j for j in range(last + 1) if b[j].text.strip()]
    tail = a[last].text.strip()
    if not b_labels:
        # The figures alone moved to the next row: only for an item label that is not a group heading
        # (a group heading such as `三、本年度办理结果` is followed by its numbered items, not bare figures).
        if not _UNFINISHED.search(tail) and tail.count("（") + tail.count("(") <= tail.count("）") + tail.count(")"):
            return None
        merged = list(a[: last + 1]) + list(b[last + 1 :])
        return merged
    if b_labels != [last] or _ITEM_START.match(b[last].text):
        return None
    if _HAS_DIGIT.search(b[last].text) and _is_figure_cell(b[last].text):
        return None
    if not (_ITEM_START.match(tail) or _UNFINISHED.search(tail)):
        return None
    span = Cell(text[a[last].start : b[last].end], a[last].start)
    return [*a[:last], span, *b[last + 1 :]]


def pipe_tables(text: str) -> list[Table]:
    lines, starts = _line_starts(text)
    pieces = sorted(_pipe_pieces(lines, starts) + _html_pieces(text, starts), key=lambda p: p.start)
    # A pipe table found inside an HTML fragment is part of the fragment.
    kept: list[_Piece] = []
    for p in pieces:
        if kept and p.start < kept[-1].end:
            continue
        kept.append(p)
    tables: list[Table] = []
    for p in _join_pages(kept, lines):
        rows = p.rows
        if p.origin == "text":
            rows = _drop_repeats(rows)
            rows = _join_wrapped_labels(rows, text)
        rows = [_split_multi(r, p.width) for r in rows]
        tables.append(Table(rows=rows, start=p.start, end=p.end, origin=p.origin))  # type: ignore[arg-type]
    return tables
