"""Figures for one synthetic report, consistent by construction.

Sizes follow what published reports show: most table cells are 0 or small, natural persons file most
applications, a few busy agencies (land, housing, big cities) have hundreds. Table 三 is built from
applications that each land in exactly one result row, so every identity of the template holds:
per column 一+二 = （七）+四 and （七） = Σ result rows; 总计 = Σ applicant columns.
"""

from __future__ import annotations

import math
import random

from gongkai.core.stats import AnnualStats
from gongkai.core.stats.model import APPLICANT_TYPES, OUTCOME_COLUMNS
from gongkai.core.templates import get_template

from .agencies import Agency

# Relative frequency of each applicant type (natural persons dominate).
_APPLICANT_WEIGHTS = {
    "natural_person": 88.0,
    "commercial": 6.0,
    "research": 0.6,
    "public_interest": 0.6,
    "legal_services": 3.0,
    "other_org": 1.8,
}

# Relative frequency of each outcome row; rows absent from a template are ignored.
_RESULT_WEIGHTS = {
    "disclosed": 38.0,
    "partially_disclosed": 8.0,
    "withheld_state_secret": 0.3,
    "withheld_prohibited_by_law": 0.8,
    "withheld_security_stability": 0.5,
    "withheld_third_party": 2.0,
    "withheld_internal_affairs": 0.8,
    "withheld_process_info": 2.0,
    "withheld_enforcement_file": 1.2,
    "withheld_admin_query": 0.8,
    "unable_not_held": 26.0,
    "unable_needs_creation": 3.0,
    "unable_unclear_after_correction": 1.5,
    "not_processed_petition": 3.0,
    "not_processed_duplicate": 3.0,
    "not_processed_publication": 0.5,
    "not_processed_mass_repeated": 1.0,
    "not_processed_confirm_reissue": 0.8,
    "other_no_correction": 3.0,
    "other_fee_unpaid": 0.3,
    "other_other": 2.0,
    "other_total": 5.3,  # 2019: the single （六）其他处理 row
}


def _spread(rng: random.Random, n: int, weights: dict[str, float]) -> dict[str, int]:
    """n items spread over the keys by weight (one draw per item keeps sums exact)."""
    keys = list(weights)
    out = dict.fromkeys(keys, 0)
    if n <= 0:
        return out
    for k in rng.choices(keys, weights=[weights[k] for k in keys], k=n):
        out[k] += 1
    return out


def _binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(1 for _ in range(n) if rng.random() < p)


def application_count(rng: random.Random, agency: Agency) -> int:
    if rng.random() < 0.12 * (2 if agency.kind == "township" else 1):
        return 0
    return max(0, int(agency.size * rng.lognormvariate(2.0, 0.9)))


def fill_table3(
    stats: AnnualStats, rng: random.Random, template_id: str, agency: Agency,
    carried: dict[str, int] | None = None,
) -> None:
    """`carried`: last year's 结转下年度 per applicant column, so a series of years is continuous."""
    t3 = get_template(template_id).table3
    result_rows = t3.result_row_keys
    weights = {k: _RESULT_WEIGHTS[k] for k in result_rows}
    new = _spread(rng, application_count(rng, agency), _APPLICANT_WEIGHTS)
    if carried is None:
        carried = {c: _binomial(rng, max(new[c], 1) if rng.random() < 0.5 else new[c], 0.08) for c in APPLICANT_TYPES}
    forward = {c: _binomial(rng, new[c] + carried[c], 0.06) for c in APPLICANT_TYPES}
    by_row: dict[str, dict[str, int]] = {r: {} for r in result_rows}
    for c in APPLICANT_TYPES:
        spread = _spread(rng, new[c] + carried[c] - forward[c], weights)
        for r in result_rows:
            by_row[r][c] = spread[r]

    def put(row: str, values: dict[str, int]) -> None:
        for c in APPLICANT_TYPES:
            stats.set(f"/applications/table3/{row}/{c}", values[c])
        stats.set(f"/applications/table3/{row}/total", sum(values.values()))

    put("new", new)
    put("carried_over", carried)
    for r in result_rows:
        put(r, by_row[r])
    put("results_total", {c: sum(by_row[r][c] for r in result_rows) for c in APPLICANT_TYPES})
    put("carried_forward", forward)
    stats.set("/applications/received", sum(new.values()))


def _outcomes(rng: random.Random, n: int) -> dict[str, int]:
    spread = _spread(rng, n, {"upheld": 6.0, "corrected": 1.2, "other": 1.5, "pending": 1.3})
    spread["total"] = n
    return spread


def _small(rng: random.Random, scale: float, zero_share: float = 0.6) -> int:
    if rng.random() < zero_share:
        return 0
    return max(1, int(rng.expovariate(1.0) * scale) + 1)


def fill_table4(stats: AnnualStats, rng: random.Random, agency: Agency) -> None:
    load = max(agency.size, 0.2)
    for group, scale in (("review", 2.0), ("litigation_direct", 1.2), ("litigation_after_review", 0.6)):
        n = _small(rng, scale * load, zero_share=0.55 if group == "review" else 0.7)
        for col, v in _outcomes(rng, n).items():
            stats.set(f"/{group}/{col}", v)


def _amount(rng: random.Random, scale: float) -> float:
    """A money amount with at most two decimals."""
    if rng.random() < 0.45:
        return 0
    v = round(rng.lognormvariate(math.log(scale), 1.2), rng.choice((0, 1, 2)))
    return int(v) if v == int(v) else v


def fill_table2(
    stats: AnnualStats, rng: random.Random, template_id: str, agency: Agency,
    in_force_before: dict[str, int] | None = None,
) -> None:
    """`in_force_before`: last year's 现行有效件数 by row, so a series of 2021-format years is continuous."""
    gov = agency.kind in ("government", "office")
    s = max(agency.size, 0.2)
    regs_issued = rng.randint(0, 4) if gov and agency.size > 2 else 0
    regs_in_force = regs_issued + (rng.randint(5, 60) if gov and agency.size > 2 else 0)
    regs_repealed = rng.randint(0, 2) if regs_in_force else 0
    norm_issued = _small(rng, 6 * s, 0.25)
    norm_repealed = _small(rng, 2 * s, 0.5)
    norm_in_force = norm_issued + rng.randint(0, int(40 * s) + 5)
    if in_force_before is not None:
        regs_repealed = min(regs_repealed, in_force_before["regulations"] + regs_issued)
        regs_in_force = in_force_before["regulations"] + regs_issued - regs_repealed
        norm_repealed = min(norm_repealed, in_force_before["normative_documents"] + norm_issued)
        norm_in_force = in_force_before["normative_documents"] + norm_issued - norm_repealed
    licensing = _small(rng, 300 * s, 0.4 if gov else 0.3)
    punishment = _small(rng, 150 * s, 0.5 if gov else 0.3)
    coercion = _small(rng, 10 * s, 0.7)
    if template_id == "2021":
        stats.set("/table2/regulations/issued", regs_issued)
        stats.set("/table2/regulations/repealed", regs_repealed)
        stats.set("/table2/regulations/in_force", regs_in_force)
        stats.set("/table2/normative_documents/issued", norm_issued)
        stats.set("/table2/normative_documents/repealed", norm_repealed)
        stats.set("/table2/normative_documents/in_force", norm_in_force)
        stats.set("/table2/licensing/decisions", licensing)
        stats.set("/table2/punishment/decisions", punishment)
        stats.set("/table2/coercion/decisions", coercion)
        stats.set("/table2/admin_fees/amount_10k_yuan", _amount(rng, 30 * s))
        return
    # 2019 (试行): counts of items per block plus a signed yearly change.
    stats.set("/table2/regulations/new_made", regs_issued)
    stats.set("/table2/regulations/new_published", regs_issued)
    stats.set("/table2/regulations/total_public", regs_in_force)
    stats.set("/table2/normative_documents/new_made", norm_issued)
    stats.set("/table2/normative_documents/new_published", norm_issued - (1 if norm_issued > 3 and rng.random() < 0.2 else 0))
    stats.set("/table2/normative_documents/total_public", norm_in_force)
    for key, decisions in (
        ("licensing", licensing),
        ("other_external_services", _small(rng, 80 * s, 0.6)),
        ("punishment", punishment),
        ("coercion", coercion),
    ):
        prev = _small(rng, 40 * s, 0.35)
        stats.set(f"/table2/{key}/prev_year_items", prev)
        stats.set(f"/table2/{key}/change", rng.randint(-min(prev, 8), 8) if rng.random() < 0.5 else 0)
        stats.set(f"/table2/{key}/decisions", decisions)
    fee_items = _small(rng, 6, 0.5)
    stats.set("/table2/admin_fees/prev_year_items", fee_items)
    stats.set("/table2/admin_fees/change", -rng.randint(0, fee_items) if fee_items and rng.random() < 0.4 else 0)
    items = _small(rng, 20 * s, 0.5)
    stats.set("/table2/central_procurement/items", items)
    stats.set("/table2/central_procurement/amount_yuan", _amount(rng, 200000 * s) if items else 0)


def fill_narrative_common(stats: AnnualStats, rng: random.Random, agency: Agency) -> None:
    """Figures the 2019+ narrative states in words (section 一 and 六)."""
    s = max(agency.size, 0.2)
    stats.set("/proactive/total", int(rng.lognormvariate(math.log(300 * s), 0.8)) + 10)
    stats.set("/responses/press_conferences", _small(rng, 3 * s, 0.4))
    stats.set("/responses/interpretations", _small(rng, 12 * s, 0.2))
    stats.set("/capacity/trainings", _small(rng, 2, 0.3))
    stats.set("/fees/collected_yuan", 0 if rng.random() < 0.85 else rng.choice((100, 200, 300, 1500, 2400)))


def fill_pre2019(stats: AnnualStats, rng: random.Random, agency: Agency) -> None:
    s = max(agency.size, 0.2)
    total = int(rng.lognormvariate(math.log(1500 * s), 1.0)) + 20
    stats.set("/proactive/total", total)
    if rng.random() < 0.75:
        channels = ["website", "gazette", "weibo", "wechat", "other"]
        if rng.random() < 0.3:
            channels.insert(4, "new_media")
        weights = {"website": 60, "gazette": 2, "weibo": 12, "wechat": 14, "new_media": 6, "other": 8}
        spread = _spread_large(rng, total, {c: weights[c] for c in channels})
        for c in channels:
            stats.set(f"/proactive/by_channel/{c}", spread[c])
    if rng.random() < 0.7:
        stats.set("/proactive/normative_documents", _small(rng, 10 * s, 0.1))
    stats.set("/responses/press_conferences", _small(rng, 4 * s, 0.3))
    stats.set("/responses/interpretations", _small(rng, 20 * s, 0.2))
    if rng.random() < 0.6:
        stats.set("/responses/online_interviews", _small(rng, 4, 0.3))
    if rng.random() < 0.7:
        stats.set("/responses/hotspot_responses", _small(rng, 8 * s, 0.3))
    stats.set("/capacity/meetings", _small(rng, 3, 0.2))
    stats.set("/capacity/trainings", _small(rng, 3, 0.2))
    stats.set("/capacity/trainees", _small(rng, 80 * s, 0.1) if stats.get("/capacity/trainings") else 0)
    received = application_count(rng, agency)
    stats.set("/applications/received", received)
    if received and rng.random() < 0.5:
        spread = _spread(rng, received, {"received_in_person": 3, "received_online": 5, "received_letter": 2})
        for k, v in spread.items():
            stats.set(f"/applications/legacy/{k}", v)
    review = _small(rng, 1.5 * s, 0.6)
    litigation = _small(rng, 1.0 * s, 0.75)
    stats.set("/review/total", review)
    stats.set("/litigation/total", litigation)
    if review:
        for col, v in _outcomes(rng, review).items():
            stats.set(f"/review/{col}", v)
    if litigation:
        for col, v in _outcomes(rng, litigation).items():
            stats.set(f"/litigation/{col}", v)
    stats.set("/complaints", _small(rng, 2, 0.75))
    stats.set("/fees/collected_yuan", 0 if rng.random() < 0.85 else rng.choice((20, 45, 120, 360)))


def _spread_large(rng: random.Random, n: int, weights: dict[str, float]) -> dict[str, int]:
    """Like _spread for large n without one draw per item: proportional shares with noise, exact sum."""
    keys = list(weights)
    raw = {k: weights[k] * rng.uniform(0.6, 1.4) for k in keys}
    z = sum(raw.values())
    out = {k: int(n * raw[k] / z) for k in keys}
    out[keys[0]] += n - sum(out.values())
    return out


__all__ = ["OUTCOME_COLUMNS", "fill_narrative_common", "fill_pre2019", "fill_table2", "fill_table3", "fill_table4"]
