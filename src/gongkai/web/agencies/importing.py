"""Reading an agency list file (CSV or XLSX) into rows of named fields. No database here.

`read_table(data, filename)` -> Table(columns, rows): the header is the first non-empty row; each row keeps
its spreadsheet row number (the header's is 1 when it is the first line) so errors can point at it. CSV may
be UTF-8 (with or without the BOM Excel writes), GB18030 (what Excel saves as "CSV" on a Chinese Windows) or
UTF-16 with a BOM ("Unicode text", tab-separated); the delimiter (comma, tab or semicolon) is
sniffed from the header. XLSX: the first sheet, values as displayed (numbers without a trailing .0).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from gongkai.core.errors import GongkaiError

MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024

# Column key -> accepted header spellings (compared after `_norm_header`).
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("代码", "机关代码", "机构代码", "编码", "code"),
    "name": ("名称", "机关名称", "机构名称", "name"),
    "parent": ("上级代码", "上级机关代码", "上级机构代码", "上级", "parent", "parent_code", "parentcode"),
    "level": ("级别", "层级", "类型", "level"),
    "short_name": ("简称", "short_name", "shortname"),
    "tier": ("行政层级", "tier"),
    "reconsideration_body": ("复议机关", "行政复议机关", "reconsideration_body", "reconsiderationbody"),
    "court": ("管辖法院", "法院", "court"),
    "address": ("地址", "通讯地址", "联系地址", "address"),
    "phone": ("电话", "联系电话", "phone", "tel"),
    "email": ("电子邮箱", "邮箱", "电子邮件", "email", "e-mail", "mail"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "uscc"),
    "org_code": ("组织机构代码", "org_code", "orgcode"),
    "office_name": ("政府信息公开工作机构", "政府信息公开工作机构名称", "公开工作机构", "office_name", "officename"),
    "office_hours": ("办公时间", "office_hours", "officehours", "hours"),
    "fax": ("传真", "fax"),
    "postcode": ("邮政编码", "邮编", "postcode", "zip"),
    "website": ("网站", "网址", "门户网站", "website", "url"),
    "sort": ("排序", "sort", "order"),
    "active": ("启用", "状态", "active"),
}
COLUMN_LABELS = {
    "code": "代码", "name": "名称", "parent": "上级代码", "level": "级别", "short_name": "简称", "tier": "行政层级",
    "reconsideration_body": "复议机关", "court": "管辖法院", "address": "地址", "phone": "电话",
    "email": "电子邮箱", "uscc": "统一社会信用代码", "org_code": "组织机构代码", "office_name": "政府信息公开工作机构",
    "office_hours": "办公时间", "fax": "传真", "postcode": "邮政编码", "website": "网站", "sort": "排序", "active": "启用",
}
# Columns people keep in their lists that mean nothing here; anything else unknown is an error, so a
# misspelt header (上级代吗) is not silently dropped.
IGNORED_COLUMNS = {"序号", "备注", "说明", "no", "#", "remark", "remarks", "note", "notes"}
REQUIRED = ("code", "name", "level")


def _norm_header(s: str) -> str:
    s = (s or "").replace("\ufeff", "").strip().lower()
    s = s.replace("（", "(").replace("）", ")").replace("＊", "*")
    s = re.sub(r"\(.*?\)", "", s)  # 代码(必填), name (required)
    return re.sub(r"[\s*：:]", "", s)


_HEADER_KEYS = {_norm_header(alias): key for key, aliases in COLUMNS.items() for alias in aliases}


class AgencyFileError(GongkaiError):
    """The file cannot be read as an agency list; `errors` are Chinese lines (with row numbers where known)."""

    code = "agency_file"
    default_message = "无法读取机关名录文件。"

    def __init__(self, errors: list[str], detail: str = ""):
        super().__init__(detail or "; ".join(errors), message=errors[0] if errors else None)
        self.errors = list(errors)


@dataclass
class Row:
    number: int  # row number in the file (1-based, as a spreadsheet shows it)
    values: dict[str, str]


@dataclass
class Table:
    columns: list[str]  # column keys present
    rows: list[Row] = field(default_factory=list)


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AgencyFileError(["无法识别文件的文字编码：请保存为 UTF-8 或 GB18030（GBK）编码的 CSV，或 XLSX 文件。"])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes) -> list[list[str]]:
    text = decode_text(data)
    if "\x00" in text:
        raise AgencyFileError(["文件不是文本格式的 CSV：请上传 CSV 或 XLSX 文件。"])
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",\t;", key=first.count) if first else ","
    if first and first.count(delimiter) == 0:
        delimiter = ","
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise AgencyFileError([f"CSV 格式错误：{exc}"]) from None


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise AgencyFileError(["无法打开 XLSX 文件：文件已损坏或不是 Excel 工作簿。"], detail=str(exc)) from None
    try:
        if not wb.worksheets:
            raise AgencyFileError(["XLSX 文件中没有工作表。"])
        rows = []
        for row in wb.worksheets[0].iter_rows(values_only=True):
            rows.append([_cell(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        wb.close()


def read_table(data: bytes, filename: str = "") -> Table:
    if len(data) > MAX_BYTES:
        raise AgencyFileError([f"文件过大：机关名录不能超过 {MAX_BYTES // (1024 * 1024)} MB。"])
    if not data.strip():
        raise AgencyFileError(["文件为空。"])
    if data.startswith(b"PK\x03\x04"):
        raw = _xlsx_rows(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise AgencyFileError(["不支持旧版 Excel（.xls）文件：请另存为 .xlsx 或 CSV 后再导入。"])
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        raise AgencyFileError(["无法打开 XLSX 文件：文件已损坏或不是 Excel 工作簿。"])
    else:
        raw = _csv_rows(data)

    header_at = next((i for i, r in enumerate(raw) if any(c for c in r)), None)
    if header_at is None:
        raise AgencyFileError(["文件中没有内容。"])
    header = raw[header_at]
    errors: list[str] = []
    positions: dict[str, int] = {}
    for i, title in enumerate(header):
        norm = _norm_header(title)
        if not norm or norm in IGNORED_COLUMNS:
            continue
        key = _HEADER_KEYS.get(norm)
        if key is None:
            errors.append(f"第 {header_at + 1} 行：无法识别的列「{title}」（可用的列：{'、'.join(COLUMN_LABELS.values())}）")
        elif key in positions:
            errors.append(f"第 {header_at + 1} 行：列「{title}」重复")
        else:
            positions[key] = i
    missing = [COLUMN_LABELS[k] for k in REQUIRED if k not in positions]
    if missing:
        errors.append(f"第 {header_at + 1} 行：缺少必需的列：{'、'.join(missing)}")
    if errors:
        raise AgencyFileError(errors)

    table = Table(columns=list(positions))
    for offset, cells in enumerate(raw[header_at + 1:], start=header_at + 2):
        if not any(c for c in cells):
            continue
        table.rows.append(Row(offset, {k: (cells[i] if i < len(cells) else "") for k, i in positions.items()}))
        if len(table.rows) > MAX_ROWS:
            raise AgencyFileError([f"行数过多：一次最多导入 {MAX_ROWS} 个机关。"])
    if not table.rows:
        raise AgencyFileError(["文件中只有表头，没有机关数据。"])
    return table
