"""Table 三 identities (regulation spec §3.5 rules 1–3) and the format of its rows."""

from __future__ import annotations

from ..stats.model import APPLICANT_COLUMNS, APPLICANT_TYPES, TABLE3_ROWS
from .context import T3, Context
from .findings import Hit, rule
from .labels import t3_column_label, t3_row_label, t3_row_ref

_FORMAT_NAMES = {"2021": "2021年版（国办公开办函〔2021〕30号）", "2019": "2019年版（国办公开办函〔2019〕60号）"}


def _identity_rows(ctx: Context) -> tuple[str, ...]:
    return ("new", "carried_over", *ctx.result_rows, "results_total", "carried_forward")


@rule("t3.column_identity", "error", "表三各列：一＋二＝（七）总计＋四")
def column_identity(ctx: Context):
    if ctx.t3 is None:
        return
    for col in APPLICANT_COLUMNS:
        a, b, c, d = (ctx.t3_cell(r, col) for r in ("new", "carried_over", "results_total", "carried_forward"))
        if None in (a, b, c, d) or a + b == c + d:
            continue
        yield Hit(
            f"{T3}/results_total/{col}",
            f"表三“{t3_column_label(col)}”列：一（{a}）+二（{b}）={a + b}，"
            f"不等于（七）总计（{c}）+四（{d}）={c + d}",
            expected=a + b,
            actual=c + d,
        )


@rule("t3.results_sum", "error", "表三各列：（七）总计＝各办理结果行之和")
def results_sum(ctx: Context):
    if ctx.t3 is None:
        return
    rows = ctx.result_rows
    for col in APPLICANT_COLUMNS:
        total = ctx.t3_cell("results_total", col)
        parts = [ctx.t3_cell(r, col) for r in rows]
        if total is None or None in parts or sum(parts) == total:
            continue
        stated = [f"{t3_row_ref(r)} {v}" for r, v in zip(rows, parts, strict=True) if v]
        terms = " + ".join(stated) if stated else "各行均为0"
        yield Hit(
            f"{T3}/results_total/{col}",
            f"表三“{t3_column_label(col)}”列：（七）总计为{total}，"
            f"但本年度办理结果各行之和为{sum(parts)}（{terms}）",
            expected=sum(parts),
            actual=total,
        )


@rule("t3.row_total", "error", "表三各行：总计＝六类申请人之和")
def row_total(ctx: Context):
    if ctx.t3 is None:
        return
    for row in TABLE3_ROWS:
        if row not in ctx.t3_rows:
            continue
        total = ctx.t3_cell(row, "total")
        parts = [ctx.t3_cell(row, c) for c in APPLICANT_TYPES]
        if total is None or None in parts or sum(parts) == total:
            continue
        terms = "+".join(f"{t3_column_label(c)}{v}" for c, v in zip(APPLICANT_TYPES, parts, strict=True))
        yield Hit(
            f"{T3}/{row}/total",
            f"表三“{t3_row_label(row)}”行：{terms}={sum(parts)}，不等于总计（{total}）",
            expected=sum(parts),
            actual=total,
        )


@rule("t3.incomplete", "info", "表三有未填写的单元格，部分勾稽检查未进行")
def incomplete(ctx: Context):
    if not ctx.t3_rows:
        return
    missing = [(r, c) for r in _identity_rows(ctx) for c in APPLICANT_COLUMNS if ctx.t3_cell(r, c) is None]
    if not missing:
        return
    row, col = missing[0]
    yield Hit(
        T3,
        f"表三有{len(missing)}个单元格未填写或未能读取（如“{t3_row_label(row)}”行“{t3_column_label(col)}”列），"
        f"涉及这些单元格的勾稽检查未进行",
        actual=len(missing),
    )


@rule("t3.wrong_template_rows", "warning", "表三含有另一版格式才有的行")
def wrong_template_rows(ctx: Context):
    declared = ctx.stats.template
    if declared not in _FORMAT_NAMES:
        return
    other = "2019" if declared == "2021" else "2021"
    for row in TABLE3_ROWS:
        if row in ctx.t3_rows and row in ctx.row_variants[other]:
            yield Hit(
                f"{T3}/{row}",
                f"报告按{_FORMAT_NAMES[declared]}格式编制，但表三含有{_FORMAT_NAMES[other]}格式才有的行"
                f"“{t3_row_ref(row)}”",
            )
