"""Tables 二, 三 and 四 laid out as in the official Word template, with the label variants real reports show."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.core.stats import AnnualStats
from gongkai.core.templates import get_template

from .layout import Cell, Table


@dataclass(frozen=True)
class LabelStyle:
    item_mark: str = "."  # the template's `1.`; real reports write `1、` or `1．`
    half_width_brackets: bool = False  # `(一)` instead of `（一）`
    drop_quotes: bool = False  # `危及三安全一稳定` without the curly quotes
    break_long_labels: bool = False  # a long label broken over two lines inside its cell


def styled(label: str, style: LabelStyle) -> str:
    s = re.sub(r"^(\d{1,2})\.", lambda m: m.group(1) + style.item_mark, label)
    if style.half_width_brackets:
        s = s.replace("（", "(").replace("）", ")")
    if style.drop_quotes:
        s = s.replace("“", "").replace("”", "")
    if style.break_long_labels and len(s) > 16:
        cut = len(s) // 2
        # Break after punctuation when there is some near the middle, as Word's wrapping would.
        for i in range(cut, min(len(s) - 2, cut + 6)):
            if s[i] in "，、）)":
                cut = i + 1
                break
        s = s[:cut] + "\n" + s[cut:]
    return s


def number(value, *, signed: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    else:
        text = str(value)
    if signed and value > 0:
        text = "+" + text
    return text


def table2(stats: AnnualStats, template_id: str, style: LabelStyle) -> Table:
    tpl = get_template(template_id)
    width = 4
    rows: list[list[Cell]] = []
    figure_rows: list[tuple[int, list[str]]] = []
    for block in tpl.table2:
        rows.append([Cell(block.caption, colspan=width, header=True)])
        head = [Cell("信息内容", header=True)]
        spans = _spans(len(block.columns), width - 1)
        head += [Cell(c.label, colspan=s, header=True) for c, s in zip(block.columns, spans, strict=True)]
        rows.append(head)
        for r in block.rows:
            pointers = [f"/table2/{r.key}/{c.key}" for c in block.columns]
            cells = [Cell(r.label)]
            for c, s, p in zip(block.columns, spans, pointers, strict=True):
                cells.append(Cell(number(stats.get(p), signed=c.signed), colspan=s, numeric=True))
            figure_rows.append((len(rows), pointers))
            rows.append(cells)
    return Table(rows, figure_rows, row_rule=None, kind="table2")


def _spans(n: int, width: int) -> list[int]:
    """Column spans for a block with n value columns in a grid of `width` value positions."""
    spans = [1] * n
    spans[-1] += width - n
    return spans


def table3(stats: AnnualStats, template_id: str, style: LabelStyle) -> Table:
    t3 = get_template(template_id).table3
    cols = t3.columns
    rows: list[list[Cell]] = [
        [Cell(t3.note, rowspan=3, colspan=3, header=True), Cell(t3.column_group, colspan=7, header=True)],
        [
            Cell(cols[0].label, rowspan=2, header=True),
            Cell("法人或其他组织", colspan=5, header=True),
            Cell(cols[-1].label, rowspan=2, header=True),
        ],
        [Cell(_break_short(c.label, style), header=True) for c in cols[1:-1]],
    ]
    figure_rows: list[tuple[int, list[str]]] = []
    keys = t3.row_keys
    result_keys = t3.result_row_keys
    # Rows of each sub-group (（三）…（六）) in template order.
    groups: dict[str, list[str]] = {}
    for r in t3.rows:
        if r.group and r.group != "三、本年度办理结果":
            groups.setdefault(r.group, []).append(r.key)
    seen_groups: set[str] = set()
    for key in keys:
        label = t3.row(key).label
        group = t3.row(key).group
        cells: list[Cell] = []
        if key in ("new", "carried_over", "carried_forward"):
            cells.append(Cell(styled(label, style), colspan=3))
        else:
            if key == result_keys[0]:
                cells.append(Cell(styled("三、本年度办理结果", style), rowspan=len(result_keys) + 1))
            if group in groups:
                if group not in seen_groups:
                    seen_groups.add(group)
                    cells.append(Cell(styled(group, style), rowspan=len(groups[group])))
                cells.append(Cell(styled(label, style)))
            else:
                cells.append(Cell(styled(label, style), colspan=2))
        pointers = [f"/applications/table3/{key}/{c.key}" for c in cols]
        cells += [Cell(number(stats.get(p)), numeric=True) for p in pointers]
        figure_rows.append((len(rows), pointers))
        rows.append(cells)
    return Table(rows, figure_rows, row_rule="table3", kind="table3")


def _break_short(label: str, style: LabelStyle) -> str:
    # The Word template itself breaks 商业/企业 and 科研/机构 inside their narrow header cells.
    if style.break_long_labels and label in ("商业企业", "科研机构"):
        return label[:2] + "\n" + label[2:]
    return label


def table4(stats: AnnualStats, template_id: str, style: LabelStyle) -> Table:
    t4 = get_template(template_id).table4
    groups = t4.groups
    cols = t4.columns
    rows = [
        [Cell(groups[0].label, colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)],
        [Cell(c.label, rowspan=2, header=True) for c in cols]
        + [Cell(groups[1].label, colspan=5, header=True), Cell(groups[2].label, colspan=5, header=True)],
        [Cell(c.label, header=True) for c in cols] * 2,
    ]
    pointers = [f"/{g.key}/{c.key}" for g in groups for c in cols]
    rows.append([Cell(number(stats.get(p)), numeric=True) for p in pointers])
    return Table(rows, [(3, pointers)], row_rule="table4", kind="table4")
