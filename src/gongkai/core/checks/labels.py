"""Chinese names for JSON pointers: the one place a pointer becomes words a reader recognises.

Finding messages, the place a finding is shown (the 年报库 report page, the annual report pages) and the
library's exports all name figures here. Table cells are named by their verbatim row and column labels from
the template data; figures outside the tables by the statistical-table indicator names; the parts of a
report a finding may point at as a whole (a table, a row, the agency, the year) by their Chinese names.

>>> figure_label("/applications/table3/new/commercial", "2021")
'表三“一、本年新收政府信息公开申请数量”行“商业企业”列'
>>> figure_label("/review/pending", "2019")
'表四“行政复议”“尚未审结”'
>>> figure_label("/review/upheld", "pre2019")
'维持具体行政行为数'
>>> figure_label("/applications/table3/new", "2021")
'表三“一、本年新收政府信息公开申请数量”行'
>>> figure_label("")
'整份报告'
"""

from __future__ import annotations

import re
from functools import cache

from ..templates import Template, get_template

# Table 三 and 四 are the same in both national formats; for reports in neither format the 2021 labels still
# name the figures the way readers know them.
_FALLBACK_TEMPLATE = "2021"

_CHANNELS = {
    "website": "政府网站",
    "gazette": "政府公报",
    "weibo": "政务微博",
    "wechat": "政务微信",
    "new_media": "其他新媒体",
    "other": "其他方式",
}

_OTHER = {
    "": "整份报告",
    "/agency": "报告机关名称",
    "/year": "统计年度",
    "/template": "报告格式",
    "/proactive": "主动公开",
    "/proactive/total": "主动公开政府信息数",
    "/proactive/by_channel": "主动公开渠道",
    **{f"/proactive/by_channel/{k}": f"主动公开（{v}）" for k, v in _CHANNELS.items()},
    "/table2": "表二",
    "/applications": "依申请公开",
    "/applications/table3": "表三",
    "/applications/legacy": "依申请公开统计指标",
    "/litigation": "行政诉讼",
    "/fees": "依申请公开收费",
    "/responses": "回应解读",
    "/capacity": "工作会议与培训",
}

_GROUP_NUMBER = re.compile(r"^（[一二三四五六七八九十]+）")
_ROW_NUMBER = re.compile(r"^([一二三四五六七八九十]+)、")


def table_template(template_id: str | None) -> Template:
    """The template whose table labels apply: the report's own if it has tables, else the 2021 one."""
    if template_id in ("2019", "2021"):
        return get_template(template_id)
    return get_template(_FALLBACK_TEMPLATE)


def channel_label(key: str) -> str:
    return _CHANNELS[key]


@cache
def _t3_row_labels() -> dict[str, tuple[str, str | None]]:
    out: dict[str, tuple[str, str | None]] = {}
    for tid in ("2021", "2019"):
        for r in get_template(tid).table3.rows:
            out.setdefault(r.key, (r.label, r.group))
    return out


def t3_row_label(key: str) -> str:
    """Verbatim label of a table 三 row (either format)."""
    return _t3_row_labels()[key][0]


def t3_row_ref(key: str) -> str:
    """Short reference used in arithmetic: `一`, `（七）总计`, `（三）1.属于国家秘密`, `（二）部分公开`."""
    label, group = _t3_row_labels()[key]
    m = _ROW_NUMBER.match(label)
    if m:
        return m.group(1)
    if group and _GROUP_NUMBER.match(group):
        return _GROUP_NUMBER.match(group).group(0) + label
    # The （二） label carries a counting note in brackets; the note is not part of the row's name.
    return label.split("（区分处理")[0]


def t3_column_label(key: str) -> str:
    return next(c.label for c in get_template(_FALLBACK_TEMPLATE).table3.columns if c.key == key)


def t4_group_label(key: str) -> str:
    if key == "litigation":
        return "行政诉讼"
    return next(g.label for g in get_template(_FALLBACK_TEMPLATE).table4.groups if g.key == key)


def t4_column_label(key: str) -> str:
    return next(c.label for c in get_template(_FALLBACK_TEMPLATE).table4.columns if c.key == key)


def _t2_label(row: str, column: str | None, template_id: str | None) -> str | None:
    """表二“row”“column”, or 表二“row” for a whole row (column None)."""
    order = [template_id] if template_id in ("2019", "2021") else []
    order += [t for t in ("2021", "2019") if t not in order]
    for tid in order:
        for block in get_template(tid).table2:
            rows = {r.key: r.label for r in block.rows}
            cols = {c.key: c.label for c in block.columns}
            if row in rows and column is None:
                return f"表二“{rows[row]}”"
            if row in rows and column in cols:
                return f"表二“{rows[row]}”“{cols[column]}”"
    return None


@cache
def _indicator_labels() -> dict[str, str]:
    return {i.pointer: i.label for i in get_template("pre2019").indicators}


def figure_label(pointer: str, template_id: str | None = None) -> str:
    """A Chinese name for the figure (or the part of a report) at `pointer`; the pointer itself when nothing
    better is known."""
    parts = pointer.strip("/").split("/")
    if parts[:2] == ["applications", "table3"] and len(parts) in (3, 4):
        try:
            row = f"表三“{t3_row_label(parts[2])}”行"
            return row if len(parts) == 3 else f"{row}“{t3_column_label(parts[3])}”列"
        except (KeyError, StopIteration):
            return pointer
    if parts[0] == "table2" and len(parts) in (2, 3):
        return _t2_label(parts[1], parts[2] if len(parts) == 3 else None, template_id) or pointer
    if parts[0] in ("review", "litigation", "litigation_direct", "litigation_after_review") and len(parts) <= 2:
        # Reports before 2019 have no 表四; their statistical tables name these figures differently.
        if template_id not in ("2019", "2021") and pointer in _indicator_labels():
            return _indicator_labels()[pointer]
        if pointer in _OTHER:
            return _OTHER[pointer]
        try:
            name = f"“{t4_group_label(parts[0])}”" + (f"“{t4_column_label(parts[1])}”" if len(parts) == 2 else "")
        except StopIteration:
            return pointer
        if template_id not in ("2019", "2021"):
            return name.replace("”“", "：", 1).strip("“”")
        # 表四 has no 行政诉讼 total row: /litigation is the sum of its two columns groups.
        return name.replace("“行政诉讼”", "行政诉讼合计", 1) if parts[0] == "litigation" else f"表四{name}"
    return _OTHER.get(pointer) or _indicator_labels().get(pointer) or pointer
