"""A factual first draft of the narrative sections, from the figures only. Staff edit it; nothing in it is
anything the figures do not say (section 五, problems and improvements, is left for staff to write)."""

from __future__ import annotations

from gongkai.core.stats import AnnualStats

_GROUPS = (
    ("予以公开", ("disclosed",)),
    ("部分公开", ("partially_disclosed",)),
    ("不予公开", ("withheld_state_secret", "withheld_prohibited_by_law", "withheld_security_stability",
              "withheld_third_party", "withheld_internal_affairs", "withheld_process_info",
              "withheld_enforcement_file", "withheld_admin_query")),
    ("无法提供", ("unable_not_held", "unable_needs_creation", "unable_unclear_after_correction")),
    ("不予处理", ("not_processed_petition", "not_processed_duplicate", "not_processed_publication",
              "not_processed_mass_repeated", "not_processed_confirm_reissue")),
    ("其他处理", ("other_no_correction", "other_fee_unpaid", "other_other", "other_total")),
)


def _n(stats: AnnualStats, pointer: str) -> int:
    v = stats.get(pointer)
    return int(v) if isinstance(v, (int, float)) else 0


def narrative_drafts(stats: AnnualStats) -> dict[str, str]:
    y = stats.year
    t3 = "/applications/table3"
    new, carried = _n(stats, f"{t3}/new/total"), _n(stats, f"{t3}/carried_over/total")
    done, forward = _n(stats, f"{t3}/results_total/total"), _n(stats, f"{t3}/carried_forward/total")
    parts = []
    for label, rows in _GROUPS:
        n = sum(_n(stats, f"{t3}/{r}/total") for r in rows)
        if n:
            parts.append(f"{label}{n}件")
    overview = [f"{y}年，本机关共收到政府信息公开申请{new}件，加上上年结转{carried}件，共办结{done}件"
                + (f"（其中{'，'.join(parts)}）" if parts else "") + f"，结转下年度继续办理{forward}件。"]
    review, direct, after = (_n(stats, "/review/total"), _n(stats, "/litigation_direct/total"),
                             _n(stats, "/litigation_after_review/total"))
    if review or direct or after:
        overview.append(f"因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{direct + after}件"
                        f"（未经复议直接起诉{direct}件，复议后起诉{after}件）。")
    else:
        overview.append("本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。")
    fee = stats.get("/fees/collected_yuan")
    if isinstance(fee, (int, float)) and fee > 0:
        other = f"本年度收取信息处理费{fee:g}元。"
    else:
        other = "本年度未收取信息处理费。"
    return {"overview": "\n\n".join(overview), "problems": "", "other": other}
