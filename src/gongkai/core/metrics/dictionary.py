"""Metric definitions as data. A metric is a count, an amount, a score or a rate; a rate has a numerator, a
denominator and a rule for when it is not applicable (N/A), which is never the same as zero: an agency with no
review cases has no correction rate, not a rate of 0 %.

The period is the calendar year the figure is for (1 January – 31 December) unless the definition says
otherwise; dates are the legal dates the records hold (收到申请日期, 办结日期, 发布日期, 审结日期 …)."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.errors import GongkaiError

KINDS = {"count": "数量", "amount": "金额", "rate": "比率", "score": "分值", "flag": "是否"}


class UnknownMetric(GongkaiError):
    code = "unknown_metric"
    default_message = "引用了不存在的指标。"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    kind: str  # one of KINDS
    definition: str
    unit: str = ""
    numerator: str = ""
    denominator: str = ""
    na_rule: str = ""
    period: str = "考核年度（1月1日至12月31日）"
    source: str = ""  # which records the figure is counted from
    # False for a breakdown (one figure per outcome group or channel) or a figure of a whole region (how many
    # agencies have not published): the dashboards show them, but they are not one number per agency, so an
    # assessment formula cannot use them.
    scorable: bool = True

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"metric {self.key}: unknown kind {self.kind!r}")
        if self.kind == "rate" and not (self.numerator and self.denominator and self.na_rule):
            raise ValueError(f"metric {self.key}: a rate needs numerator, denominator and N/A rule")


_DENOMINATOR_ZERO = "分母为 0 时不适用（N/A），不按 0 计"

METRICS: tuple[Metric, ...] = (
    # --- disclosure on application -------------------------------------------------------------------------
    Metric("applications_received", "收到申请数", "count", "本年度新收到的政府信息公开申请件数（表三“一、本年新收政府信息公开申请数量”）。",
           unit="件", source="依申请公开登记（收到申请日期在本年度内）"),
    Metric("applications_concluded", "办结申请数", "count", "本年度办结的申请件数（表三“（七）总计”）。",
           unit="件", source="依申请公开登记（办结日期在本年度内）"),
    Metric("applications_late_share", "超期答复率", "rate", "办结申请中超过法定答复期限（含依法延长的期限）才答复的比例。",
           unit="%", numerator="本年度办结、答复日期晚于答复期限的申请件数",
           denominator="本年度办结的申请件数", na_rule=_DENOMINATOR_ZERO,
           source="依申请公开登记（办结日期、答复日期、答复期限）"),
    Metric("applications_correction_share", "补正告知率", "rate", "收到的申请中向申请人发出补正告知的比例。",
           unit="%", numerator="本年度收到、发出补正告知的申请件数", denominator="本年度收到的申请件数",
           na_rule=_DENOMINATOR_ZERO, source="依申请公开登记（补正告知日期）"),
    Metric("applications_by_outcome_group", "办结申请按结果分组", "count",
           "本年度办结的申请按表三结果分组（予以公开、部分公开、不予公开、无法提供、不予处理、其他处理）的件数。",
           unit="件", source="依申请公开登记（办结日期在本年度内、办理结果）", scorable=False),
    Metric("fees_collected", "收取信息处理费", "amount", "本年度实际收取的信息处理费。", unit="元",
           source="收费记录（缴费日期在本年度内）"),
    # --- review and litigation ----------------------------------------------------------------------------
    Metric("review_cases", "行政复议案件数", "count", "本年度因政府信息公开被申请行政复议的案件数（表四）。", unit="件",
           source="复议诉讼记录（申请日期在本年度内）"),
    Metric("review_correction_rate", "行政复议纠错率", "rate", "已审结的行政复议案件中结果为“结果纠正”的比例。",
           unit="%", numerator="本年度审结、结果为纠正的行政复议案件数",
           denominator="本年度审结的行政复议案件数（不含尚未审结）", na_rule=_DENOMINATOR_ZERO,
           source="复议诉讼记录（审结日期在本年度内）"),
    Metric("litigation_cases", "行政诉讼案件数", "count", "本年度因政府信息公开被提起行政诉讼的案件数（表四）。", unit="件",
           source="复议诉讼记录（立案日期在本年度内）"),
    Metric("litigation_correction_rate", "行政诉讼纠错率", "rate", "已审结的行政诉讼案件中结果为“结果纠正”的比例。",
           unit="%", numerator="本年度审结、结果为纠正的行政诉讼案件数",
           denominator="本年度审结的行政诉讼案件数（不含尚未审结）", na_rule=_DENOMINATOR_ZERO,
           source="复议诉讼记录（审结日期在本年度内）"),
    # --- proactive disclosure -----------------------------------------------------------------------------
    Metric("items_published", "主动公开信息数", "count", "本年度通过政府信息公开平台主动公开的政府信息条数。", unit="条",
           source="主动公开登记（发布日期在本年度内，不含已撤回）"),
    Metric("art26_timely_share", "主动公开及时率", "rate",
           "在信息形成或变更之日起 20 个工作日内公开的比例（条例第二十六条）。", unit="%",
           numerator="本年度发布、发布日期不晚于第二十六条期限的信息条数",
           denominator="本年度发布、登记了形成或变更日期的信息条数", na_rule=_DENOMINATOR_ZERO,
           source="主动公开登记（形成或变更日期、发布日期）"),
    Metric("interpretation_coverage", "政策解读率", "rate", "需要解读的政策文件中关联了政策解读的比例。", unit="%",
           numerator="本年度发布、已关联政策解读的需解读政策文件数",
           denominator="本年度发布的需解读政策文件数（体裁为规章、行政规范性文件等）", na_rule=_DENOMINATOR_ZERO,
           source="主动公开登记（体裁、解读关联）"),
    Metric("items_by_channel", "按渠道公开信息数", "count",
           "本年度发布的主动公开信息中登记了该公开渠道的条数；一条信息可经多个渠道公开，各渠道之和可大于信息数。",
           unit="条", source="主动公开登记（发布日期在本年度内、公开渠道）", scorable=False),
    # --- annual report ------------------------------------------------------------------------------------
    Metric("annual_report_on_time", "年度报告按时发布", "flag",
           "上一年度的政府信息公开工作年度报告（本机关）在法定期限内首次发布为 1，逾期发布或未发布为 0（条例第四十九条："
           "部门于考核年度 1 月 31 日前，县级以上人民政府于 3 月 31 日前）。",
           period="考核年度 1 月 31 日或 3 月 31 日（报告所涉为上一年度）", source="年度报告发布记录"),
    Metric("annual_reports_unpublished", "未发布年度报告的机关数", "count",
           "上一年度的政府信息公开工作年度报告尚未发布的机关数（含已过法定期限和尚在期限内的）。", unit="个",
           period="考核年度（报告所涉为上一年度），截至查看之日", source="年度报告发布记录", scorable=False),
    # --- engagement ---------------------------------------------------------------------------------------
    Metric("messages_received", "收到留言数", "count", "本年度各信箱收到的有效留言数（不含无效留言）。", unit="件",
           source="留言记录（收到日期在本年度内）"),
    Metric("messages_in_time_share", "留言按时答复率", "rate", "答复期限在本年度内的有效留言中，在期限内答复的比例。",
           unit="%", numerator="答复期限在本年度内、答复日期不晚于答复期限的有效留言数",
           denominator="答复期限在本年度内的有效留言数", na_rule=_DENOMINATOR_ZERO,
           source="留言记录（答复期限、答复日期）"),
    Metric("messages_unanswered_3m", "超过3个月未答复留言数", "count",
           "截至考核年度末，前 12 个月内收到、收到后 3 个月仍未答复（此后才答复或至今未答复）的有效留言数"
           "（国办秘函〔2019〕19号“互动回应差”，与自有平台检查的规则相同）。", unit="件",
           period="考核年度末前 12 个月内收到的留言", source="留言记录"),
    Metric("hotspot_responses", "回应关切次数", "count", "本年度回应公众关注热点或重大舆情的次数。", unit="次",
           source="回应关切记录"),
    Metric("messages_replied", "已答复留言数", "count", "本年度收到、已答复的有效留言数。", unit="件",
           source="留言记录（收到日期在本年度内、答复日期）"),
    Metric("press_conferences", "新闻发布会次数", "count", "本年度召开新闻发布会的次数。", unit="次", source="新闻发布会记录"),
    Metric("online_interviews", "在线访谈次数", "count", "本年度举办在线访谈的次数。", unit="次", source="在线访谈记录"),
    Metric("trainings", "培训班次数", "count", "本年度举办政府信息公开培训班的期数。", unit="期", source="培训记录"),
    Metric("trainees", "培训人次", "count", "本年度政府信息公开培训的受训人次。", unit="人次", source="培训记录"),
    # --- website checks -----------------------------------------------------------------------------------
    Metric("website_check_score", "网站检查得分", "score",
           "考核年度内最近一次记录的自有平台检查（监督人员记录、冻结的检查结果）按国办秘函〔2019〕19号检查指标的得分"
           "（扣分指标满分 100 分）；触发单项否决为 0；年度内没有检查记录的不适用（N/A）。",
           unit="分", period="考核年度内记录的检查（取检查时间点最晚的一次）",
           source="自有平台检查记录（栏目更新、空白栏目、互动回应）"),
    Metric("website_check_passed", "网站检查合格", "flag",
           "考核年度内最近一次记录的自有平台检查结论为合格为 1，不合格（单项否决或低于 60 分）为 0；没有检查记录的不适用。",
           period="考核年度内记录的检查（取检查时间点最晚的一次）", source="自有平台检查记录"),
    Metric("website_checks_failed", "检查不合格的机关数", "count",
           "考核年度内最近一次记录的自有平台检查结论为不合格（单项否决或低于 60 分）的机关数。", unit="个",
           period="考核年度内记录的检查", source="自有平台检查记录", scorable=False),
    Metric("website_checks_missing", "年度内未检查的机关数", "count",
           "考核年度内没有任何一次记录的自有平台检查的机关数（这些机关的网站检查得分不适用）。", unit="个",
           period="考核年度内记录的检查", source="自有平台检查记录", scorable=False),
    # --- assessment ---------------------------------------------------------------------------------------
    Metric("assessment_total", "考核总分", "score",
           "已发布的考核结果（最新版本）中该机关的总分；一票否决或不合格的另行标注。", unit="分",
           period="考核年度", source="考核结果发布记录", scorable=False),
)

_BY_KEY = {m.key: m for m in METRICS}
assert len(_BY_KEY) == len(METRICS), "duplicate metric keys"


def metric(key: str) -> Metric:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise UnknownMetric(f"unknown metric {key!r}", message=f"指标“{key}”不存在，请从指标字典中选择。") from None


def rate(numerator: int, denominator: int) -> float | None:
    """A rate as a share in [0, 1], or None (N/A) when the denominator is 0."""
    if denominator <= 0:
        return None
    return numerator / denominator
