"""A factual first draft of the narrative sections, from the figures only. Staff edit it; nothing in it is
anything the figures do not say (section 五, problems and improvements, is left for staff to write).

With the registry's facts of the year (`gongkai.core.registry.table2.ProactiveYear`), section 一 opens with
the year's proactive disclosure: items published in total and by channel, 政策解读, 规章 and 规范性文件 made
and repealed (the table 二 figures), 政府公报 issues. Without them (no registry data for that agency and year)
the draft is as before: the applications and the reviews only. With the engagement facts of the year
(`gongkai.core.annual.engagement.EngagementYear`: press conferences, interviews, responses to public concerns,
messages, meetings, trainings) a last paragraph says what those records hold, and nothing when they hold
nothing."""

from __future__ import annotations

from gongkai.core.annual.engagement import EngagementYear
from gongkai.core.registry.table2 import ProactiveYear
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


# Registry channels in the order the reports name them, with their wording.
_CHANNEL_WORDS = (
    ("portal", "通过政府门户网站公开"), ("gazette", "通过政府公报刊登"), ("weibo", "通过政务微博发布"),
    ("wechat", "通过政务微信发布"), ("app", "通过政务客户端发布"), ("press_conference", "通过新闻发布会发布"),
    ("newspaper_tv", "通过报刊、广播电视发布"), ("reading_point", "在公开查阅点提供"),
)


def proactive_paragraph(stats: AnnualStats, facts: ProactiveYear) -> str:
    """Section 一's paragraph on proactive disclosure, from the registry's facts and the table 二 figures the
    report states (which may be staff's overrides of the registry's counts)."""
    y = facts.year
    text = f"{y}年，本机关通过政府信息公开平台主动公开政府信息{facts.total}条"
    channels = [f"{words}{facts.channels[code]}条" for code, words in _CHANNEL_WORDS if facts.channels.get(code)]
    if channels:
        text += f"，其中{'，'.join(channels)}"
    text += "。"
    if facts.interpretations:
        text += f"围绕重要政策文件发布政策解读{facts.interpretations}篇。"
    docs = []
    for row, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        issued, repealed, in_force = (_stated(stats, f"/table2/{row}/{c}") for c in ("issued", "repealed", "in_force"))
        if None in (issued, repealed, in_force) or not (issued or repealed or in_force):
            continue
        docs.append(f"制发{label}{issued}件、废止（失效）{repealed}件，截至{y}年底现行有效{label}{in_force}件")
    if docs:
        text += f"全年{'；'.join(docs)}。"
    if facts.gazette_issues:
        text += f"编辑出版政府公报{facts.gazette_issues}期。"
    return text


def _stated(stats: AnnualStats, pointer: str) -> int | None:
    v = stats.get(pointer)
    return int(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def engagement_paragraph(facts: EngagementYear) -> str:
    """Section 一's paragraph on responses to the public and capacity building: only the counts the records
    hold that are not zero; "" when there are none."""
    clauses = []
    responses = [f"{verb}{n}{unit}" for verb, n, unit in (
        ("召开新闻发布会", facts.press_conferences, "场"), ("开展在线访谈", facts.online_interviews, "期"),
        ("回应公众关注热点或重大舆情", facts.hotspot_responses, "次")) if n]
    if responses:
        clauses.append("，".join(responses))
    if facts.messages_received:
        text = f"通过领导信箱等渠道收到群众来信{facts.messages_received}件"
        if facts.messages_valid != facts.messages_received:
            text += f"，其中有效来信{facts.messages_valid}件"
        text += f"，已答复{facts.messages_answered}件"
        if facts.messages_answered:
            text += f"（按期答复{facts.messages_answered_in_time}件"
            if facts.messages_average_workdays is not None:
                text += f"，平均用时{facts.messages_average_workdays:g}个工作日"
            text += "）"
        if facts.messages_published:
            text += f"，公开答复{facts.messages_published}件"
        clauses.append(text)
    capacity = []
    if facts.meetings:
        capacity.append(f"召开政府信息公开工作会议{facts.meetings}次")
    if facts.trainings:
        capacity.append(f"举办培训班{facts.trainings}期" + (f"、培训{facts.trainees}人次" if facts.trainees else ""))
    if capacity:
        clauses.append("，".join(capacity))
    if not clauses:
        return ""
    return f"{facts.year}年，本机关" + "；".join(clauses) + "。"


def narrative_drafts(stats: AnnualStats, registry: ProactiveYear | None = None,
                     engagement: EngagementYear | None = None) -> dict[str, str]:
    y = stats.year
    t3 = "/applications/table3"
    new, carried = _n(stats, f"{t3}/new/total"), _n(stats, f"{t3}/carried_over/total")
    done, forward = _n(stats, f"{t3}/results_total/total"), _n(stats, f"{t3}/carried_forward/total")
    parts = []
    for label, rows in _GROUPS:
        n = sum(_n(stats, f"{t3}/{r}/total") for r in rows)
        if n:
            parts.append(f"{label}{n}件")
    overview = [proactive_paragraph(stats, registry)] if registry is not None and registry.year == y else []
    overview += [f"{y}年，本机关共收到政府信息公开申请{new}件，加上上年结转{carried}件，共办结{done}件"
                + (f"（其中{'，'.join(parts)}）" if parts else "") + f"，结转下年度继续办理{forward}件。"]
    review, direct, after = (_n(stats, "/review/total"), _n(stats, "/litigation_direct/total"),
                             _n(stats, "/litigation_after_review/total"))
    if review or direct or after:
        overview.append(f"因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{direct + after}件"
                        f"（未经复议直接起诉{direct}件，复议后起诉{after}件）。")
    else:
        overview.append("本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。")
    if engagement is not None and engagement.year == y:
        paragraph = engagement_paragraph(engagement)
        if paragraph:
            overview.append(paragraph)
    fee = stats.get("/fees/collected_yuan")
    if isinstance(fee, (int, float)) and fee > 0:
        other = f"本年度收取信息处理费{fee:g}元。"
    else:
        other = "本年度未收取信息处理费。"
    return {"overview": "\n\n".join(overview), "problems": "", "other": other}
