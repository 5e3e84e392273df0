"""Reading a spreadsheet-like file (CSV or XLSX) into rows of named fields. Pure Python (openpyxl only).

    read_table(data, filename, spec) -> Table(columns, rows)

The header is the first non-empty row; each row keeps its spreadsheet row number (the header's is 1 when it
is the first line) so errors can point at it. CSV may be UTF-8 (with or without the BOM Excel writes),
GB18030 (what Excel saves as "CSV" on a Chinese Windows) or UTF-16 with a BOM ("Unicode text",
tab-separated); the delimiter (comma, tab or semicolon) is sniffed from the header. XLSX: the first sheet,
values as displayed (numbers without a trailing .0, dates as YYYY-MM-DD).

Used by the agencies import (gongkai.web.agencies.importing) and the registry's bulk item import
(gongkai.core.registry.import_rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from gongkai.core.errors import GongkaiError


class TableFileError(GongkaiError):
    """The file cannot be read as a table; `errors` are Chinese lines (with row numbers where known)."""

    code = "table_file"
    default_message = "无法读取文件。"

    def __init__(self, errors: list[str], detail: str = ""):
        super().__init__(detail or "; ".join(errors), message=errors[0] if errors else None)
        self.errors = list(errors)


@dataclass(frozen=True)
class TableSpec:
    """What a file should hold: column key -> accepted header spellings, the labels errors name, the
    required keys, headers to ignore, and the caps with the words the messages use."""

    columns: dict[str, tuple[str, ...]]
    labels: dict[str, str]
    required: tuple[str, ...]
    ignored: frozenset[str] = frozenset()
    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 50_000
    what: str = "文件"  # 文件过大：<what>不能超过 N MB
    row_noun: str = "行"  # 一次最多导入 N <row_noun>
    data_noun: str = "数据"  # 文件中只有表头，没有<data_noun>
    row_format: str = "第 {n} 行："  # how a row number is written in front of an error


@dataclass
class Row:
    number: int  # row number in the file (1-based, as a spreadsheet shows it)
    values: dict[str, str]


@dataclass
class Table:
    columns: list[str]  # column keys present
    rows: list[Row] = field(default_factory=list)


def norm_header(s: str) -> str:
    s = (s or "").replace("\ufeff", "").strip().lower()
    s = s.replace("（", "(").replace("）", ")").replace("＊", "*")
    s = re.sub(r"\(.*?\)", "", s)  # 代码(必填), name (required)
    return re.sub(r"[\s*：:_\-]", "", s)


def decode_text(data: bytes, error=TableFileError) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise error(["无法识别文件的文字编码：请保存为 UTF-8 或 GB18030（GBK）编码的 CSV，或 XLSX 文件。"])


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def csv_rows(data: bytes, error=TableFileError) -> list[list[str]]:
    text = decode_text(data, error)
    if "\x00" in text:
        raise error(["文件不是文本格式的 CSV：请上传 CSV 或 XLSX 文件。"])
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",\t;", key=first.count) if first else ","
    if first and first.count(delimiter) == 0:
        delimiter = ","
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise error([f"CSV 格式错误：{exc}"]) from None


def xlsx_rows(data: bytes, max_rows: int, error=TableFileError) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise error(["无法打开 XLSX 文件：文件已损坏或不是 Excel 工作簿。"], detail=str(exc)) from None
    try:
        if not wb.worksheets:
            raise error(["XLSX 文件中没有工作表。"])
        rows = []
        for row in wb.worksheets[0].iter_rows(values_only=True):
            rows.append([cell(v) for v in row])
            if len(rows) > max_rows + 1:
                break
        return rows
    finally:
        wb.close()


def read_table(data: bytes, filename: str, spec: TableSpec, error=TableFileError) -> Table:
    """The file's rows as {column key: text}; `error` (a TableFileError subclass) lists every header problem."""
    if len(data) > spec.max_bytes:
        raise error([f"文件过大：{spec.what}不能超过 {spec.max_bytes // (1024 * 1024)} MB。"])
    if not data.strip():
        raise error(["文件为空。"])
    if data.startswith(b"PK\x03\x04"):
        raw = xlsx_rows(data, spec.max_rows, error)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise error(["不支持旧版 Excel（.xls）文件：请另存为 .xlsx 或 CSV 后再导入。"])
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        raise error(["无法打开 XLSX 文件：文件已损坏或不是 Excel 工作簿。"])
    else:
        raw = csv_rows(data, error)

    header_at = next((i for i, r in enumerate(raw) if any(c for c in r)), None)
    if header_at is None:
        raise error(["文件中没有内容。"])
    keys = {norm_header(alias): key for key, aliases in spec.columns.items() for alias in aliases}
    ignored = {norm_header(s) for s in spec.ignored}
    at = spec.row_format.format(n=header_at + 1)
    errors: list[str] = []
    positions: dict[str, int] = {}
    for i, title in enumerate(raw[header_at]):
        norm = norm_header(title)
        if not norm or norm in ignored:
            continue
        key = keys.get(norm)
        if key is None:
            errors.append(f"{at}无法识别的列「{title}」（可用的列：{'、'.join(spec.labels.values())}）")
        elif key in positions:
            errors.append(f"{at}列「{title}」重复")
        else:
            positions[key] = i
    missing = [spec.labels[k] for k in spec.required if k not in positions]
    if missing:
        errors.append(f"{at}缺少必需的列：{'、'.join(missing)}")
    if errors:
        raise error(errors)

    table = Table(columns=list(positions))
    for number, cells in enumerate(raw[header_at + 1:], start=header_at + 2):
        if not any(c for c in cells):
            continue
        table.rows.append(Row(number, {k: (cells[i] if i < len(cells) else "") for k, i in positions.items()}))
        if len(table.rows) > spec.max_rows:
            raise error([f"行数过多：一次最多导入 {spec.max_rows} {spec.row_noun}。"])
    if not table.rows:
        raise error([f"文件中只有表头，没有{spec.data_noun}。"])
    return table
