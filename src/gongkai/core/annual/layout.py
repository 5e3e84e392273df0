"""The national tables 二/三/四 as grids of merged cells, computed once from the template.

Every renderer (HTML, DOCX, XLSX, PDF via HTML) draws these grids and nothing else, so the four formats cannot
drift apart. A grid lists only anchor cells: a cell at (row, col) covering `rowspan` × `colspan` positions;
positions it covers have no cell of their own. Labels come verbatim from the template data
(`gongkai.core.templates`), figures from the statistics by JSON pointer.

Official layouts (国办公开办函〔2021〕30号 and 〔2019〕60号, spec §3):

* 表二 is one table of 1 + 3 columns: per block a caption row spanning the width (第二十条第（一）项 …), a header
  row starting with 信息内容, then the block's rows. A block with fewer than three figure columns spreads its
  columns over the three (a single column spans all three).
* 表三: the top-left 3 × 3 cell holds the identity note; 申请人情况 spans the 7 figure columns, 法人或其他组织
  the five organisation columns, 自然人 and 总计 span two header rows. 三、本年度办理结果 spans every result row,
  sub-groups （三）不予公开 … span their rows; rows outside a group span the three label columns, rows directly
  in 三 span the two inner label columns.
* 表四: 行政复议 over five columns whose labels span two header rows; 行政诉讼 over ten: 未经复议直接起诉 and
  复议后起诉 with five columns each. One data row of 15 figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gongkai.core.errors import GongkaiError
from gongkai.core.templates import Template, get_template

if TYPE_CHECKING:
    from gongkai.core.stats import AnnualStats

NOT_STATED = "—"  # printed for a figure that is not stated (None); 0 is printed as 0

# Table sheet names (XLSX) and the section each table belongs to.
TABLE_SECTIONS = {"proactive": "table2", "applications": "table3", "review_litigation": "table4"}
SHEET_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}


class ReportNotRenderable(GongkaiError):
    code = "report_not_renderable"
    default_message = "该报告没有适用的国家统一格式（2019年及以后的年度报告格式），无法生成表格。"


@dataclass(frozen=True)
class Cell:
    """One anchor cell. `kind`: note | group | head | caption | label | value."""

    row: int
    col: int
    kind: str
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    pointer: str | None = None
    value: Any = None
    signed: bool = False

    @property
    def is_value(self) -> bool:
        return self.kind == "value"

    @property
    def display(self) -> str:
        """The text printed in the cell."""
        if not self.is_value:
            return self.text
        return format_figure(self.value, signed=self.signed)


@dataclass(frozen=True)
class Grid:
    key: str  # table2 | table3 | table4
    title: str  # the section heading the table sits under, e.g. 三、收到和处理政府信息公开申请情况
    nrows: int
    ncols: int
    header_rows: int  # leading rows that repeat on a new page (0 for 表二, whose headers are per block)
    widths: tuple[float, ...]  # relative column widths
    cells: tuple[Cell, ...]

    @property
    def sheet(self) -> str:
        return SHEET_NAMES[self.key]

    def rows(self) -> list[list[Cell]]:
        """Anchor cells per row, left to right."""
        out: list[list[Cell]] = [[] for _ in range(self.nrows)]
        for c in self.cells:
            out[c.row].append(c)
        for r in out:
            r.sort(key=lambda c: c.col)
        return out

    def merged(self) -> list[Cell]:
        return [c for c in self.cells if c.rowspan > 1 or c.colspan > 1]

    def values(self) -> list[Cell]:
        return [c for c in self.cells if c.is_value]

    def fractions(self) -> tuple[float, ...]:
        total = sum(self.widths)
        return tuple(w / total for w in self.widths)


def format_figure(value: Any, *, signed: bool = False) -> str:
    if value is None:
        return NOT_STATED
    if isinstance(value, float):
        text = format(Decimal(str(value)).normalize(), "f")
        return f"+{text}" if signed and value > 0 else text
    if signed and value > 0:
        return f"+{value}"
    return str(value)


def report_template(stats: AnnualStats) -> Template:
    if stats.template not in ("2021", "2019"):
        raise ReportNotRenderable(f"template {stats.template!r} has no national table layout")
    return get_template(stats.template)


def _check(cells: list[Cell], nrows: int, ncols: int) -> None:
    """Every position of the grid is covered exactly once (a layout bug must fail loudly, not print askew)."""
    seen: set[tuple[int, int]] = set()
    for c in cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                if (r, k) in seen or not (0 <= r < nrows and 0 <= k < ncols):
                    raise AssertionError(f"grid cell {(r, k)} covered twice or outside the grid")
                seen.add((r, k))
    if len(seen) != nrows * ncols:
        raise AssertionError("grid has uncovered cells")


def _spread(n: int, width: int) -> list[int]:
    """Spans of n columns laid over `width` grid columns (the last ones take the remainder)."""
    base, extra = divmod(width, n)
    return [base + (1 if i >= n - extra else 0) for i in range(n)]


def table2_grid(stats: AnnualStats) -> Grid:
    t = report_template(stats)
    width = max(len(b.columns) for b in t.table2)
    cells: list[Cell] = []
    r = 0
    for block in t.table2:
        cells.append(Cell(r, 0, "caption", block.caption, colspan=width + 1))
        r += 1
        spans = _spread(len(block.columns), width)
        cells.append(Cell(r, 0, "head", "信息内容"))
        col = 1
        for c, span in zip(block.columns, spans, strict=True):
            cells.append(Cell(r, col, "head", c.label, colspan=span))
            col += span
        r += 1
        for row in block.rows:
            cells.append(Cell(r, 0, "label", row.label))
            col = 1
            for c, span in zip(block.columns, spans, strict=True):
                pointer = f"/table2/{row.key}/{c.key}"
                cells.append(Cell(r, col, "value", colspan=span, pointer=pointer, value=stats.get(pointer),
                                  signed=c.signed))
                col += span
            r += 1
    _check(cells, r, width + 1)
    return Grid("table2", t.table2_title or "", r, width + 1, 0, (9.0,) + (7.0,) * width, tuple(cells))


def table3_grid(stats: AnnualStats) -> Grid:
    t = report_template(stats)
    t3 = t.table3
    ncols = 3 + len(t3.columns)
    cells: list[Cell] = [
        Cell(0, 0, "note", t3.note, rowspan=3, colspan=3),
        Cell(0, 3, "group", t3.column_group, colspan=len(t3.columns)),
    ]
    col = 3
    groups: dict[str, list[int]] = {}
    for c in t3.columns:
        if c.group is None:
            cells.append(Cell(1, col, "head", c.label, rowspan=2))
        else:
            groups.setdefault(c.group, []).append(col)
            cells.append(Cell(2, col, "head", c.label))
        col += 1
    for label, cols in groups.items():
        cells.append(Cell(1, cols[0], "group", label, colspan=len(cols)))

    top = t3.group_labels[0]  # 三、本年度办理结果
    in_top = [r for r in t3.rows if r.group is not None]
    for i, row in enumerate(t3.rows):
        r = 3 + i
        if row.group is None:
            cells.append(Cell(r, 0, "label", row.label, colspan=3))
        else:
            if row is in_top[0]:
                cells.append(Cell(r, 0, "group", top, rowspan=len(in_top)))
            if row.group == top:
                cells.append(Cell(r, 1, "label", row.label, colspan=2))
            else:
                members = [x for x in t3.rows if x.group == row.group]
                if row is members[0]:
                    cells.append(Cell(r, 1, "group", row.group, rowspan=len(members)))
                cells.append(Cell(r, 2, "label", row.label))
        for k, c in enumerate(t3.columns):
            pointer = f"/applications/table3/{row.key}/{c.key}"
            cells.append(Cell(r, 3 + k, "value", pointer=pointer, value=stats.get(pointer)))
    nrows = 3 + len(t3.rows)
    _check(cells, nrows, ncols)
    # Figure columns two characters wide: headers break as in the Word template (商业/企业, 科研/机构).
    widths = (2.0, 4.4, 15.6) + (3.2,) * len(t3.columns)
    return Grid("table3", t3.title, nrows, ncols, 3, widths, tuple(cells))


def table4_grid(stats: AnnualStats) -> Grid:
    t = report_template(stats)
    t4 = t.table4
    n = len(t4.columns)
    review, *litigation = t4.groups
    ncols = n * len(t4.groups)
    cells: list[Cell] = [
        Cell(0, 0, "group", review.label, colspan=n),
        Cell(0, n, "group", litigation[0].group or "行政诉讼", colspan=n * len(litigation)),
    ]
    for k, c in enumerate(t4.columns):
        cells.append(Cell(1, k, "head", c.label, rowspan=2))
    for g_i, g in enumerate(litigation):
        base = n * (1 + g_i)
        cells.append(Cell(1, base, "group", g.label, colspan=n))
        for k, c in enumerate(t4.columns):
            cells.append(Cell(2, base + k, "head", c.label))
    for g_i, g in enumerate(t4.groups):
        for k, c in enumerate(t4.columns):
            pointer = f"/{g.key}/{c.key}"
            cells.append(Cell(3, g_i * n + k, "value", pointer=pointer, value=stats.get(pointer)))
    _check(cells, 4, ncols)
    return Grid("table4", t4.title, 4, ncols, 3, (1.0,) * ncols, tuple(cells))


def table_grids(stats: AnnualStats) -> dict[str, Grid]:
    """The three tables by the key of the section they belong to (proactive, applications, review_litigation)."""
    return {
        "proactive": table2_grid(stats),
        "applications": table3_grid(stats),
        "review_litigation": table4_grid(stats),
    }


def paragraphs(text: str | None) -> list[str]:
    """Staff text split into paragraphs on blank lines; lines inside a paragraph are joined."""
    if not text:
        return []
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        joined = "".join(line.strip() for line in block.split("\n"))
        if joined:
            out.append(joined)
    return out


def cn_date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def version_line(report) -> str | None:
    """“第2版（更正原因：……）” for a corrected report, None for the first version."""
    if report.version <= 1:
        return None
    reason = (report.correction_reason or "").strip()
    return f"第{report.version}版" + (f"（更正原因：{reason}）" if reason else "")


def section_heading(section) -> str:
    return f"{section.number}、{section.title}"
