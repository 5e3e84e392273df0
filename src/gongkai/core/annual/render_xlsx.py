"""The annual report as an Excel workbook: a 说明 sheet, then one sheet per table (表二, 表三, 表四).

Each table sheet has the table's heading in row 1 and the `layout` grid from row 2 with the same merged cells as
the printed form; figures are numbers (a figure not stated is an empty cell), labels are text. Column widths
follow the grid's relative widths. Deterministic: workbook properties are dated from the report.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.core.reproducible import fixed_zip

from .layout import (
    NOT_STATED,
    Grid,
    cn_date,
    paragraphs,
    report_template,
    section_heading,
    table_grids,
    version_line,
)

if TYPE_CHECKING:
    from .document import ReportDocument

FONT = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FIRST_ROW = 2  # the grid starts below the sheet's title row
CHARS_PER_UNIT = {"table2": 3.2, "table3": 2.6, "table4": 5.0}  # sheet column width per relative width unit


def _table_sheet(wb: Workbook, grid: Grid) -> None:
    ws = wb.create_sheet(grid.sheet)
    ws.cell(1, 1, grid.title).font = Font(name="黑体", size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.ncols)
    ws.row_dimensions[1].height = 24
    for r in range(grid.nrows):
        for k in range(grid.ncols):  # borders on covered positions too, so merged areas are outlined
            ws.cell(FIRST_ROW + r, 1 + k).border = BORDER
    for c in grid.cells:
        cell = ws.cell(FIRST_ROW + c.row, 1 + c.col)
        if c.is_value:
            cell.value = c.value  # int/float, or None (empty)
            if isinstance(c.value, float):
                cell.number_format = "0.00##"
            elif c.signed:
                cell.number_format = "+0;-0;0"
        else:
            cell.value = c.text
        cell.font = Font(name=FONT, size=10.5 if c.kind != "note" else 9)
        horizontal = "left" if c.kind in ("label", "note") else "center"
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(start_row=FIRST_ROW + c.row, start_column=1 + c.col,
                           end_row=FIRST_ROW + c.row + c.rowspan - 1, end_column=1 + c.col + c.colspan - 1)
    unit = CHARS_PER_UNIT[grid.key]
    for k, w in enumerate(grid.widths):
        ws.column_dimensions[get_column_letter(1 + k)].width = round(w * unit, 1)
    if grid.header_rows:
        ws.print_title_rows = f"{FIRST_ROW}:{FIRST_ROW + grid.header_rows - 1}"
        ws.freeze_panes = ws.cell(FIRST_ROW + grid.header_rows, 1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if grid.key == "table4" else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _notes_sheet(wb: Workbook, report: ReportDocument) -> None:
    template = report_template(report.stats)
    ws = wb.active
    ws.title = "说明"
    rows: list[tuple[str, str]] = [
        ("报告", report.title),
        ("机关", report.agency),
        ("统计年度", f"{report.year}年"),
        ("格式", f"{template.name}（{template.basis}）"),
        ("版本", version_line(report) or "第1版"),
    ]
    if report.published_on:
        rows.append(("发布日期", cn_date(report.published_on)))
    rows.append(("表格", "表二、表三、表四各占一个工作表，表头合并单元格与正式格式一致。"))
    rows.append(("空白单元格", f"表示未填报该数字（正式文本中显示为“{NOT_STATED}”）；0 表示填报为零。"))
    for sec in template.sections:
        text = "\n".join(paragraphs(report.sections.get(sec.key)))
        if text:
            rows.append((section_heading(sec), text))
    ws.cell(1, 1, report.title).font = Font(name="黑体", size=14)
    ws.merge_cells("A1:B1")
    for i, (key, value) in enumerate(rows, start=3):
        a, b = ws.cell(i, 1, key), ws.cell(i, 2, value)
        a.font = Font(name=FONT, size=10.5, bold=True)
        b.font = Font(name=FONT, size=10.5)
        a.alignment = Alignment(vertical="top")
        b.alignment = Alignment(vertical="top", wrap_text=True)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90


def render_xlsx(report: ReportDocument) -> bytes:
    grids = table_grids(report.stats)
    wb = Workbook()
    _notes_sheet(wb, report)
    for key in ("proactive", "applications", "review_litigation"):
        _table_sheet(wb, grids[key])
    day = report.published_on
    stamp = datetime(day.year, day.month, day.day) if day else datetime(report.year + 1, 1, 1)
    wb.properties.creator = wb.properties.lastModifiedBy = report.agency
    wb.properties.title = report.title
    wb.properties.created = wb.properties.modified = stamp
    out = io.BytesIO()
    wb.save(out)
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def patch(name: str, content: bytes) -> bytes:  # openpyxl stamps dcterms:modified with the current time
        if name != "docProps/core.xml":
            return content
        return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + fixed + rb"\g<2>", content)

    return fixed_zip(out.getvalue(), stamp.timetuple()[:6], patch)
