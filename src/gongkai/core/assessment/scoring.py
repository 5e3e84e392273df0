"""Scoring a region's agencies against an indicator set.

    results = score(indicator_set, {agency_id: {metric_key: MetricValue(...), ...}, ...})

Each agency gets, per indicator, the formula's value, the points, the rule as applied (a Chinese sentence) and
the trace — the metric values it used with the records behind them; then its total and its rank (ties share a
rank: 1, 1, 3). Points and totals are rounded to two decimals (half up) before totals and ranks are formed, so
what is shown is what was ranked."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from gongkai.core.assessment.indicators import NA_RULES, VETO_EFFECTS, Indicator, IndicatorSet, fmt
from gongkai.core.errors import GongkaiError
from gongkai.core.metrics import metric


class MissingMetricData(GongkaiError):
    code = "missing_metric_data"
    default_message = "缺少指标数据。"


@dataclass(frozen=True)
class MetricValue:
    """One metric of one agency: the value (rates in percent, None when not applicable), the numerator and
    denominator of a rate, and the records: `refs` are those counted (a rate's denominator), `hits` those of
    a rate's numerator (a subset of refs), both ids of `kind` records."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    kind: str = ""
    refs: tuple[int, ...] = ()
    hits: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        return {"value": self.value, "numerator": self.numerator, "denominator": self.denominator,
                "kind": self.kind, "refs": list(self.refs), "hits": list(self.hits)}

    @classmethod
    def from_dict(cls, d: dict) -> MetricValue:
        return cls(d["value"], d.get("numerator"), d.get("denominator"), d.get("kind", ""),
                   tuple(d.get("refs", ())), tuple(d.get("hits", ())))


@dataclass(frozen=True)
class IndicatorScore:
    key: str
    value: float | None
    points: float | None  # None: not applicable and left out (rescale)
    full_marks: float
    applicable: bool
    rule: str  # the rule as applied, in Chinese
    vetoed: bool
    metrics: tuple[str, ...]
    # The metric values the indicator used, with the ids of the records behind them (set by `score`).
    trace: tuple[tuple[str, MetricValue], ...] = ()


@dataclass(frozen=True)
class AgencyResult:
    agency: Hashable
    indicators: tuple[IndicatorScore, ...]
    raw_points: float  # the sum of points before rescaling and vetoes
    total: float | None  # None: no indicator applied
    rank: int | None
    vetoed: bool  # a veto set the total to 0
    failed: bool  # 不合格 by a veto
    veto_reasons: tuple[str, ...]


def r2(x: float) -> float:
    return float(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _points(ind: Indicator, v: float) -> tuple[float, str]:
    full, rule = ind.full_marks, ind.rule
    if rule.kind == "flag":
        ok = v != 0
        return (full if ok else 0.0), ("达标，得满分" if ok else "未达标，得 0 分")
    if rule.kind == "linear":
        share = (v - rule.low) / (rule.high - rule.low)
        p = full * min(1.0, max(0.0, share))
        return p, f"线性计分：值 {fmt(v)}（{fmt(rule.low)} 为 0 分，{fmt(rule.high)} 为满分）"
    if rule.kind == "bands":
        for bound, pts in rule.bands:
            if (v >= bound) if rule.direction == "at_least" else (v <= bound):
                word = "≥" if rule.direction == "at_least" else "≤"
                return pts, f"分档计分：值 {fmt(v)} {word} {fmt(bound)}，得 {fmt(pts)} 分"
        return 0.0, f"分档计分：值 {fmt(v)} 未达到任何一档，得 0 分"
    if rule.kind == "deduct":
        deduction = max(0.0, v) * rule.per_unit
        capped = rule.cap is not None and deduction > rule.cap
        if capped:
            deduction = rule.cap
        p = max(0.0, full - deduction)
        cap = f"（已达扣分上限 {fmt(rule.cap)} 分）" if capped else ""
        return p, f"扣分：值 {fmt(v)} × 每单位 {fmt(rule.per_unit)} 分 = 扣 {fmt(r2(deduction))} 分{cap}"
    p = min(full, max(0.0, v))
    return p, f"取公式值 {fmt(v)}" + ("（已限于分值范围）" if p != v else "")


def score_indicator(ind: Indicator, values: Mapping[str, float | None]) -> tuple[IndicatorScore, str | None]:
    """One indicator for one agency: its score, and the veto effect that holds (None when none)."""
    v = ind.parsed.evaluate(values)
    veto_effect = None
    if ind.parsed_veto is not None and (ind.parsed_veto.evaluate(values) or 0) != 0:
        veto_effect = ind.veto_effect
    keys = tuple(sorted(ind.metrics))
    if v is None:
        if ind.na == "rescale":
            s = IndicatorScore(ind.key, None, None, ind.full_marks, False, f"不适用：{NA_RULES['rescale']}",
                               veto_effect is not None, keys)
        else:
            p = ind.full_marks if ind.na == "full" else 0.0
            s = IndicatorScore(ind.key, None, p, ind.full_marks, False, f"不适用：{NA_RULES[ind.na]}",
                               veto_effect is not None, keys)
    else:
        p, text = _points(ind, v)
        s = IndicatorScore(ind.key, r2(v), r2(p), ind.full_marks, True, text, veto_effect is not None, keys)
    if veto_effect:
        s = IndicatorScore(s.key, s.value, s.points, s.full_marks, s.applicable,
                           f"{s.rule}；触发一票否决（{ind.veto}）：{VETO_EFFECTS[veto_effect]}", True, keys)
    return s, veto_effect


def score(s: IndicatorSet, values: Mapping[Hashable, Mapping[str, MetricValue]]) -> list[AgencyResult]:
    """Every agency of `values`, ranked (best first; agencies without a total last, unranked)."""
    needed = s.metrics
    out = []
    for agency, mv in values.items():
        missing = needed - set(mv)
        if missing:
            labels = "、".join(f"“{metric(k).label}”" for k in sorted(missing))
            raise MissingMetricData(f"missing {sorted(missing)} for {agency}", message=f"缺少指标{labels}的数据。")
        plain = {k: mv[k].value for k in needed}
        scores, effects = [], []
        for ind in s.indicators:
            sc, eff = score_indicator(ind, plain)
            scores.append(replace(sc, trace=tuple((k, mv[k]) for k in sc.metrics)))
            if eff:
                effects.append((ind, eff))
        counted = [sc for sc in scores if sc.points is not None]
        raw = r2(sum(sc.points for sc in counted))
        possible = sum(sc.full_marks for sc in counted)
        total = None if possible == 0 else r2(raw * s.total / possible)
        vetoed = any(eff == "zero" for _, eff in effects)
        failed = bool(effects)
        if vetoed:
            total = 0.0
        reasons = tuple(f"{ind.name}：{ind.veto}（{VETO_EFFECTS[eff]}）" for ind, eff in effects)
        out.append(AgencyResult(agency, tuple(scores), raw, total, None, vetoed, failed, reasons))
    return rank(out)


def rank(results: list[AgencyResult]) -> list[AgencyResult]:
    """Competition ranking by total (ties share a rank, the next rank skips); no total → no rank, last."""
    ordered = sorted(results, key=lambda r: (r.total is None, -(r.total or 0)))
    out, prev, prev_rank = [], None, 0
    for i, r in enumerate(ordered, start=1):
        if r.total is None:
            out.append(r)
            continue
        rk = prev_rank if r.total == prev else i
        prev, prev_rank = r.total, rk
        out.append(AgencyResult(r.agency, r.indicators, r.raw_points, r.total, rk, r.vetoed, r.failed,
                                r.veto_reasons))
    return out
