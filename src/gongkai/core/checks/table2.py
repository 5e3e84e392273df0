"""Table 二 (主动公开政府信息情况): every cell of the template stated.

The national formats have no "not applicable" in table 二: an agency that issued no 规章 states 0. What a
blank cell means depends on where the figures come from, so the rule grades its finding:

* built from the records (`run_checks(..., from_records=True)`): the figures were entered by the agency's own
  staff, a blank cell is a figure nobody entered, and a report with it cannot be approved — error;
* read from a publication (the 年报库): a blank cell is far more often a cell the reader could not read (merged
  cells, a table printed as an image, a crawler's flattening) than one the agency left empty, and the reader
  cannot tell the two apart — info, and only when table 二 was read in part: a report whose table 二 was not
  read at all gets nothing from this rule (as `t3.incomplete` says nothing of an unread table 三), so the
  many imports without a readable table 二 do not each carry a finding that says nothing about the agency.
"""

from __future__ import annotations

from ..templates import get_template
from .context import Context
from .findings import Hit, rule

T2 = "/table2"


def _missing(ctx: Context) -> list[tuple[str, list[str]]]:
    """(row label, [column labels]) of every table 二 cell the template has and the statistics leave blank."""
    out = []
    for block in get_template(ctx.stats.template).table2:
        for row in block.rows:
            blank = [c.label for c in block.columns if ctx.stats.get(f"{T2}/{row.key}/{c.key}") is None]
            if blank:
                out.append((row.label, blank))
    return out


def _cells(missing: list[tuple[str, list[str]]]) -> str:
    return "、".join(f"“{row}”（{'、'.join(columns)}）" for row, columns in missing)


@rule("t2.blank", "error", "表二有未填写的单元格")
def blank(ctx: Context):
    if ctx.stats.template not in ("2019", "2021"):
        return  # reports before 2019 have no table 二
    missing = _missing(ctx)
    if not missing:
        return
    n = sum(len(columns) for _, columns in missing)
    if ctx.from_records:
        yield Hit(T2, f"表二有{n}项未填写：{_cells(missing)}；没有发生的事项应填0，不能留空", actual=n)
        return
    total = sum(len(b.rows) * len(b.columns) for b in get_template(ctx.stats.template).table2)
    if n == total:
        return
    yield Hit(
        T2,
        f"表二有{n}个单元格未填写或未能读取：{_cells(missing)}；这些单元格按“未知”处理，不是0",
        actual=n,
        severity="info",
    )
