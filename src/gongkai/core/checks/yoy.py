"""Year-over-year comparisons with the same agency's previous report (spec §3.5 rules 7–8).

These are expectations, not legal identities (late corrections, amendments and renumbering break them), so
they are warnings at most. They run only when `previous` is the same agency's report of the year before.
"""

from __future__ import annotations

from ..stats.model import APPLICANT_COLUMNS
from .context import T3, Context, integer
from .findings import Hit, rule
from .labels import figure_label, t3_column_label, t3_row_label

JUMP_FIGURES = ("/applications/received", "/proactive/total", "/review/total")
JUMP_RATIO = 5  # × change that earns an info finding
JUMP_RATIO_WARNING = 20  # × change that is more likely a misread figure than a real change
JUMP_MIN_DIFFERENCE = 20  # small agencies swing from 1 to 6 applications: not worth a finding


@rule("yoy.carry_over", "warning", "本年“上年结转”与上年“结转下年度继续办理”不一致")
def carry_over(ctx: Context):
    prev = ctx.comparable_previous
    if prev is None or ctx.t3 is None or prev.applications is None or prev.applications.table3 is None:
        return
    for col in APPLICANT_COLUMNS:
        now = ctx.t3_cell("carried_over", col)
        before = integer(prev.applications.table3.cell("carried_forward", col))
        if now is None or before is None or now == before:
            continue
        yield Hit(
            f"{T3}/carried_over/{col}",
            f"表三“{t3_column_label(col)}”列：本年“{t3_row_label('carried_over')}”为{now}，"
            f"但{prev.year}年报告“{t3_row_label('carried_forward')}”为{before}",
            expected=before,
            actual=now,
        )


@rule("yoy.in_force", "warning", "现行有效件数与上年现行有效件数＋本年制发－本年废止不一致")
def in_force(ctx: Context):
    """Last year's 现行有效 from last year's report when there is one, else from `ctx.previous_figures` (the
    registry's count of last year, with its source named in the message)."""
    prev = ctx.comparable_previous
    if ctx.stats.template != "2021" or ctx.stats.year is None:
        return
    for row in ("regulations", "normative_documents"):
        base = f"/table2/{row}"
        now, issued, repealed = (integer(ctx.stats.get(f"{base}/{c}")) for c in ("in_force", "issued", "repealed"))
        before = integer(prev.get(f"{base}/in_force")) if prev is not None else None
        source = f"{prev.year}年报告" if prev is not None else ""
        if before is None and f"{base}/in_force" in ctx.previous_figures:
            before = integer(ctx.previous_figures[f"{base}/in_force"])
            source = f"{ctx.stats.year - 1}年（{ctx.previous_source or '主动公开登记'}）"
        if None in (now, issued, repealed, before):
            continue
        expected = before + issued - repealed
        if now == expected:
            continue
        name = figure_label(f"{base}/in_force", "2021")
        yield Hit(
            f"{base}/in_force",
            f"{name}为{now}，但{source}现行有效件数（{before}）+本年制发（{issued}）−本年废止（{repealed}）"
            f"={expected}（规章修订、重新编号也会造成差异）",
            expected=expected,
            actual=now,
        )


@rule("yoy.jump", "warning", "与上年相比变化超过5倍")
def jump(ctx: Context):
    prev = ctx.comparable_previous
    if prev is None:
        return
    for pointer in JUMP_FIGURES:
        now, before = integer(ctx.stats.get(pointer)), integer(prev.get(pointer))
        if now is None or before is None or abs(now - before) < JUMP_MIN_DIFFERENCE:
            continue
        low, high = sorted((now, before))
        ratio = high / max(low, 1)  # from 0 to 25 is a 25× jump for this purpose
        if ratio <= JUMP_RATIO:
            continue
        direction = "增至" if now > before else "降至"
        yield Hit(
            pointer,
            f"{figure_label(pointer, ctx.stats.template)}由{prev.year}年的{before}{direction}{ctx.stats.year}年的{now}"
            f"（约{ratio:.0f}倍），请核对是否读错或口径变化",
            expected=before,
            actual=now,
            severity="warning" if ratio > JUMP_RATIO_WARNING else "info",
        )
