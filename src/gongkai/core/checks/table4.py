"""Table 四 (and the pre-2019 review/litigation figures): outcomes add up to totals (spec §3.5 rule 4)."""

from __future__ import annotations

from .context import Context, integer
from .findings import Hit, rule
from .labels import t4_column_label, t4_group_label

GROUPS = ("review", "litigation_direct", "litigation_after_review", "litigation")
OUTCOMES = ("upheld", "corrected", "other", "pending")


def _group(ctx: Context, key: str) -> dict[str, int | None]:
    rec = getattr(ctx.stats, key)
    cols = (*OUTCOMES, "total")
    return {c: None for c in cols} if rec is None else {c: integer(getattr(rec, c)) for c in cols}


@rule("t4.group_total", "error", "表四各组：结果维持＋结果纠正＋其他结果＋尚未审结＝总计")
def group_total(ctx: Context):
    for key in GROUPS:
        g = _group(ctx, key)
        total = g["total"]
        stated = {c: g[c] for c in OUTCOMES if g[c] is not None}
        if total is None or not stated:
            continue
        s = sum(stated.values())
        complete = len(stated) == len(OUTCOMES)
        # Narrative reports often state only some outcomes ("维持2件，尚未审结1件"): the rest are unknown, so
        # only a sum that already exceeds the total is a contradiction.
        if (complete and s == total) or (not complete and s <= total):
            continue
        table = "表四" if ctx.stats.template in ("2019", "2021") else ""
        terms = "+".join(f"{t4_column_label(c)}（{v}）" for c, v in stated.items())
        note = "" if complete else "，其余结果未列明"
        relation = "不等于" if complete else "已超过"
        yield Hit(
            f"/{key}/total",
            f"{table}“{t4_group_label(key)}”：{terms}={s}{note}，{relation}总计（{total}）",
            expected=s if complete else None,
            actual=total,
        )


@rule("t4.litigation_sum", "error", "行政诉讼＝未经复议直接起诉＋复议后起诉")
def litigation_sum(ctx: Context):
    whole, direct, after = (_group(ctx, k) for k in ("litigation", "litigation_direct", "litigation_after_review"))
    for col in (*OUTCOMES, "total"):
        w, d, a = whole[col], direct[col], after[col]
        if None in (w, d, a) or w == d + a:
            continue
        label = t4_column_label(col)
        yield Hit(
            f"/litigation/{col}",
            f"行政诉讼“{label}”为{w}，不等于“未经复议直接起诉”（{d}）+“复议后起诉”（{a}）={d + a}",
            expected=d + a,
            actual=w,
        )
