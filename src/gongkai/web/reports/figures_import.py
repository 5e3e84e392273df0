"""Importing table 二 yearly figures from an XLSX sheet (one figure per row).

    import_figures_xlsx(*, data: bytes, actor) -> int      the number of figures stored

Columns (the header row, in any order): 机关代码, 年度, 项目, 数值, 来源. 项目 is either the figure's label as
"row·column" in the year's template (规章·本年制发件数, 行政事业性收费·本年收费金额（单位：万元）; "·", "/" or
"-" between the two) or its pointer (/table2/regulations/issued). All or nothing: every row is checked first;
on any problem `FiguresImportError` lists each one with its row number and nothing is stored. A row with an
empty 数值 removes the stored figure.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from django.db import transaction

from gongkai.core.errors import GongkaiError
from gongkai.core.templates.labels import normalize_label
from gongkai.web.agencies.models import Agency

from . import services
from .access import report_access

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
COLUMNS = {"agency": "机关代码", "year": "年度", "item": "项目", "value": "数值", "source": "来源"}
_HEADERS = {normalize_label(v): k for k, v in COLUMNS.items()} | {
    "代码": "agency", "年份": "year", "统计年度": "year", "指标": "item", "数量": "value", "数据来源": "source"}
_SEPARATOR = re.compile(r"\s*[·•・/／\-—:：|｜]\s*")


class FiguresImportError(GongkaiError):
    """The import was refused as a whole; nothing was stored. `errors`: one Chinese line per problem."""

    code = "figures_import"
    default_message = "年度数字未导入。"

    def __init__(self, errors: list[str], detail: str = ""):
        self.errors = errors
        shown = errors[:20] + ([f"……另有 {len(errors) - 20} 处错误"] if len(errors) > 20 else [])
        super().__init__(detail or f"{len(errors)} errors",
                         message="；".join(shown) + f"。共 {len(errors)} 处错误，未导入任何数字。")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y")
    return str(value).strip()


def _rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise FiguresImportError([f"文件过大：不能超过 {MAX_BYTES // (1024 * 1024)} MB。"])
    if not data.startswith(b"PK\x03\x04"):
        raise FiguresImportError(["请上传 XLSX 格式的 Excel 文件（旧版 .xls 请另存为 .xlsx）。"])
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FiguresImportError(["无法打开 XLSX 文件：文件已损坏或不是 Excel 工作簿。"], detail=str(exc)) from None
    try:
        if not wb.worksheets:
            raise FiguresImportError(["XLSX 文件中没有工作表。"])
        rows = []
        for row in wb.worksheets[0].iter_rows(values_only=True):
            rows.append([_cell(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                raise FiguresImportError([f"行数过多：一次最多导入 {MAX_ROWS} 行。"])
        return rows
    finally:
        wb.close()


def _item_index(year: int) -> dict[str, str]:
    """Normalised "row·column" labels (with row aliases) and pointers → pointer, for the year's template."""
    from gongkai.core.templates import template_for_year

    index: dict[str, str] = {}
    for block in template_for_year(year).table2:
        for r in block.rows:
            for c in block.columns:
                pointer = f"/table2/{r.key}/{c.key}"
                index[pointer] = pointer
                for row_label in (r.label, *r.aliases):
                    index[f"{normalize_label(row_label)}·{normalize_label(c.label)}"] = pointer
    return index


def _resolve_item(item: str, year: int, cache: dict[int, dict[str, str]]) -> str | None:
    index = cache.setdefault(year, _item_index(year))
    if item.strip() in index:
        return index[item.strip()]
    parts = _SEPARATOR.split(item.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    return index.get(f"{normalize_label(parts[0])}·{normalize_label(parts[1])}")


def import_figures_xlsx(*, data: bytes, actor) -> int:
    raw = _rows(data)
    header_at = next((i for i, r in enumerate(raw) if any(r)), None)
    if header_at is None:
        raise FiguresImportError(["文件中没有内容。"])
    positions: dict[str, int] = {}
    for i, title in enumerate(raw[header_at]):
        key = _HEADERS.get(normalize_label(title)) if title else None
        if key is not None and key not in positions:
            positions[key] = i
    missing = [label for key, label in COLUMNS.items() if key not in positions]
    if missing:
        raise FiguresImportError([f"第 {header_at + 1} 行：缺少必需的列：{'、'.join(missing)}"
                                  f"（需要的列：{'、'.join(COLUMNS.values())}）"])

    codes = {r[positions["agency"]] for r in raw[header_at + 1:] if len(r) > positions["agency"]}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[c for c in codes if c])}
    errors: list[str] = []
    planned: dict[tuple[int, int, str], tuple[int, Agency, int, str, object, str]] = {}
    cache: dict[int, dict[str, str]] = {}
    for n, row in enumerate(raw[header_at + 1:], start=header_at + 2):
        if not any(row):
            continue
        get = lambda key, row=row: row[positions[key]].strip() if positions[key] < len(row) else ""  # noqa: E731
        code, year_text, item, value, source = (get(k) for k in COLUMNS)
        agency = agencies.get(code)
        if agency is None:
            errors.append(f"第 {n} 行：机关代码「{code}」不存在" if code else f"第 {n} 行：请填写机关代码")
            continue
        if not re.fullmatch(r"\d{4}", year_text) or int(year_text) < services.FIRST_YEAR:
            errors.append(f"第 {n} 行：年度「{year_text}」无效（应为2019年或以后的四位年份）")
            continue
        year = int(year_text)
        pointer = _resolve_item(item, year, cache)
        if pointer is None:
            errors.append(f"第 {n} 行：项目「{item}」不是{year}年度报告表二中的项目（如“规章·本年制发件数”）")
            continue
        if actor is not None and report_access(actor, agency, "agency") is None:
            errors.append(f"第 {n} 行：您不是「{agency.name}」的工作人员，不能录入其数字")
            continue
        try:
            number, source = services.clean_figure(year, pointer, value, source)
        except GongkaiError as exc:
            errors.append(f"第 {n} 行：{exc.message}")
            continue
        key = (agency.pk, year, pointer)
        if key in planned:
            errors.append(f"第 {n} 行：与第 {planned[key][0]} 行重复（同一机关、年度和项目）")
            continue
        planned[key] = (n, agency, year, pointer, number, source)
    if errors:
        raise FiguresImportError(errors)
    if not planned:
        raise FiguresImportError(["文件中没有数据行。"])
    with transaction.atomic():
        for _n, agency, year, pointer, number, source in planned.values():
            services.figure_set(agency=agency, year=year, pointer=pointer, value=number, source=source, actor=actor)
    return len(planned)
