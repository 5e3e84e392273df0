"""The dashboard's figures as CSV and XLSX: every section's figures with their definitions, then the
per-agency table. Rates are written as shares (0–1, a percent format in XLSX) with their numerator and
denominator; N/A is an empty value with "不适用" beside it, never 0.

    dashboard_csv(board) -> bytes     UTF-8 with BOM (Excel on a Chinese Windows opens it right)
    dashboard_xlsx(board) -> bytes    sheets 说明, 指标, 各机关; deterministic (dated from the year's end)
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gongkai.core.dashboard import NOT_APPLICABLE, Figure
from gongkai.core.metrics import metric
from gongkai.core.reproducible import fixed_zip

from .sections import Dashboard

FONT = "宋体"
FIGURE_HEADERS = ["栏目", "指标键", "指标", "数值", "单位", "分子", "分母", "说明", "定义", "分子定义", "分母定义",
                  "不适用规则", "统计期间"]


def _value(f: Figure):
    if f.value is None:
        return None
    return f.value


def figure_rows(board: Dashboard) -> list[list]:
    rows = []
    for sec in board.sections:
        for f in sec.figures:
            m = f.metric
            unit = "比例（0—1）" if m.kind == "rate" else m.unit
            rows.append([sec.title, m.key, m.label, _value(f), unit,
                         "" if f.numerator is None else f.numerator, "" if f.denominator is None else f.denominator,
                         NOT_APPLICABLE if f.not_applicable else f.text, m.definition, m.numerator, m.denominator,
                         m.na_rule, m.period])
    return rows


def agency_rows(board: Dashboard) -> tuple[list[str], list[list]]:
    columns = board.columns
    headers = ["机关代码", "机关", "级别"]
    for c in columns:
        headers.append(c.header + ("（比例）" if metric(c.metric).kind == "rate" else ""))
    rows = []
    for agency, _depth, figures in board.agency_rows():
        rows.append([agency.code, agency.name, agency.level_label, *[_value(f) for f in figures]])
    return headers, rows


def _title(board: Dashboard) -> str:
    return f"{board.scope.region.name}{board.scope.year}年政府信息公开监督看板"


def dashboard_csv(board: Dashboard) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([_title(board)])
    w.writerow([f"统计截至 {board.scope.today:%Y-%m-%d}；比率为 0—1 的比例，空值为不适用（分母为 0）"])
    w.writerow([])
    w.writerow(FIGURE_HEADERS)
    for row in figure_rows(board):
        w.writerow(["" if v is None else v for v in row])
    w.writerow([])
    headers, rows = agency_rows(board)
    w.writerow(headers)
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet(ws, headers: list[str], rows: list[list], rate_columns: set[int], widths: dict[int, float]) -> None:
    bold, wrap = Font(name=FONT, bold=True), Alignment(wrap_text=True, vertical="center")
    for k, h in enumerate(headers, start=1):
        cell = ws.cell(1, k, h)
        cell.font, cell.alignment = bold, wrap
    # Data cells keep the workbook's default font: a style object per cell made a province's 45,000 cells slow.
    for i, row in enumerate(rows, start=2):
        for k, v in enumerate(row, start=1):
            cell = ws.cell(i, k, v)
            if k in rate_columns and isinstance(v, float):
                cell.number_format = "0.0%"
    for k in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(k)].width = widths.get(k, 12)
    ws.freeze_panes = "A2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def dashboard_xlsx(board: Dashboard) -> bytes:
    wb = Workbook()
    notes = wb.active
    notes.title = "说明"
    notes.cell(1, 1, _title(board)).font = Font(name="黑体", size=14)
    lines = [("地区", board.scope.region.name), ("统计年度", f"{board.scope.year}年"),
             ("统计截至", f"{board.scope.today:%Y-%m-%d}"), ("机关数", len(board.scope.agencies)),
             ("比率", "以 0—1 的比例存放、按百分比显示；空白表示不适用（分母为 0），不是 0。"),
             ("指标定义", "见“指标”工作表各行的定义、分子、分母与不适用规则（与 docs/metrics.md 一致）。")]
    for i, (k, v) in enumerate(lines, start=3):
        notes.cell(i, 1, k).font = Font(name=FONT, bold=True)
        notes.cell(i, 2, v).font = Font(name=FONT)
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 80
    rows = figure_rows(board)
    rate_rows = {i for i, r in enumerate(rows) if r[4] == "比例（0—1）"}
    ws = wb.create_sheet("指标")
    _sheet(ws, FIGURE_HEADERS, rows, set(), {1: 16, 2: 28, 3: 20, 4: 12, 8: 14, 9: 50, 10: 30, 11: 30, 12: 24})
    for i in rate_rows:
        if isinstance(rows[i][3], float):
            ws.cell(i + 2, 4).number_format = "0.0%"
    headers, arows = agency_rows(board)
    rate_cols = {4 + k for k, c in enumerate(board.columns) if metric(c.metric).kind == "rate"}
    _sheet(wb.create_sheet("各机关"), headers, arows, rate_cols, {1: 14, 2: 30, 3: 10})
    stamp = datetime(board.scope.year, 12, 31)
    wb.properties.creator = wb.properties.lastModifiedBy = "gongkai"
    wb.properties.title = _title(board)
    wb.properties.created = wb.properties.modified = stamp
    out = io.BytesIO()
    wb.save(out)
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def patch(name: str, content: bytes) -> bytes:  # openpyxl stamps dcterms:modified with the current time
        if name != "docProps/core.xml":
            return content
        return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + fixed + rb"\g<2>", content)

    return fixed_zip(out.getvalue(), stamp.timetuple()[:6], patch)
