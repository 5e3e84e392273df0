"""Reading an agency list file (CSV or XLSX) into rows of named fields. No database here.

`read_table(data, filename)` -> Table(columns, rows): the generic reading (encodings, delimiters, XLSX, the
header, row numbers as a spreadsheet shows them) is gongkai.core.tabular; this module says which columns an
agency list has.
"""

from __future__ import annotations

from gongkai.core import tabular
from gongkai.core.tabular import Row, Table  # noqa: F401  (re-exported for the agencies services)

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


class AgencyFileError(tabular.TableFileError):
    """The file cannot be read as an agency list; `errors` are Chinese lines (with row numbers where known)."""

    code = "agency_file"
    default_message = "无法读取机关名录文件。"


SPEC = tabular.TableSpec(columns=COLUMNS, labels=COLUMN_LABELS, required=REQUIRED,
                         ignored=frozenset(IGNORED_COLUMNS), max_bytes=MAX_BYTES, max_rows=MAX_ROWS,
                         what="机关名录", row_noun="个机关", data_noun="机关数据")


def decode_text(data: bytes) -> str:
    return tabular.decode_text(data, AgencyFileError)


def read_table(data: bytes, filename: str = "") -> Table:
    return tabular.read_table(data, filename, SPEC, AgencyFileError)
