"""CSV and XLSX exports: one row per report; agency, year, template, source, then every figure pointer.

Both formats carry two header rows: Chinese labels for people, pointers for programs (so a spreadsheet can be
read back without guessing which 表三 cell a column is). The XLSX also has a sheet describing each column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gongkai.core.checks.labels import figure_label
from gongkai.core.stats import AnnualStats, figure_pointers

from .models import ReportStats

# Column headers name the cells of the current national tables (a pre-2019 indicator keeps its own name).
EXPORT_LABELS = "2021"

BASE_COLUMNS = (
    ("agency", "机构"),
    ("year", "年度"),
    ("template", "格式"),
    ("source", "来源文件"),
)


def header_rows() -> tuple[list[str], list[str]]:
    pointers = figure_pointers()
    return (
        [label for _k, label in BASE_COLUMNS] + [figure_label(p, EXPORT_LABELS) for p in pointers],
        [key for key, _l in BASE_COLUMNS] + list(pointers),
    )


def report_rows(reports: Iterable[ReportStats]) -> Iterable[list]:
    pointers = figure_pointers()
    for r in reports:
        figures = AnnualStats.from_json(r.stats).figures()
        yield [r.agency, r.year, r.template_label, r.file.original_name] + [figures.get(p) for p in pointers]


def _safe_text(value):
    # Spreadsheet programs execute cells starting with these characters as formulas (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(reports: Iterable[ReportStats]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    labels, keys = header_rows()
    w.writerow(labels)
    w.writerow(keys)
    for row in report_rows(reports):
        w.writerow(["" if v is None else _safe_text(v) for v in row])
    # BOM: Excel (the tool most staff open CSVs with) needs it to read UTF-8 Chinese correctly.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(reports: Iterable[ReportStats], title: str = "年报") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    labels, keys = header_rows()
    ws.append(labels)
    ws.append(keys)
    bold = Font(bold=True)
    grey = Font(color="666666", size=9)
    fill = PatternFill("solid", fgColor="EEF2F6")
    for col in range(1, len(labels) + 1):
        ws.cell(1, col).font = bold
        ws.cell(1, col).fill = fill
        ws.cell(1, col).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(2, col).font = grey
    for row in report_rows(reports):
        ws.append([_safe_text(v) for v in row])
    ws.freeze_panes = "E3"
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["D"].width = 28
    for col in range(5, len(labels) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14

    about = wb.create_sheet("列说明")
    about.append(["列", "名称", "JSON 指针 / 字段"])
    for i, (label, key) in enumerate(zip(labels, keys, strict=True), start=1):
        about.append([get_column_letter(i), label, key])
    for col in range(1, 4):
        about.cell(1, col).font = bold
    about.column_dimensions["B"].width = 60
    about.column_dimensions["C"].width = 50
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
