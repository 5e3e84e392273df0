"""The default indicator set a supervisor starts from: the figures the regulation and the State Council's
website rules ask supervisors to watch, 100 points in all. Data, not code: a region copies it and edits it."""

from __future__ import annotations

DEFAULT_TITLE = "政府信息公开工作考核"

DEFAULT_INDICATORS: tuple[dict, ...] = (
    {"key": "annual_report", "name": "年度报告按时发布", "full_marks": 15, "formula": "annual_report_on_time",
     "rule": {"kind": "flag"}, "na": "zero",
     "explanation": "上一年度政府信息公开工作年度报告在法定期限内发布得满分，逾期或未发布不得分（条例第四十九条）。"},
    {"key": "late_replies", "name": "依申请公开超期答复", "full_marks": 20, "formula": "applications_late_share",
     "rule": {"kind": "deduct", "per_unit": 1, "cap": 20}, "na": "full",
     "explanation": "超期答复率每 1 个百分点扣 1 分，扣完为止；本年度没有办结申请的得满分。"},
    {"key": "review_correction", "name": "行政复议纠错率", "full_marks": 15, "formula": "review_correction_rate",
     "rule": {"kind": "linear", "low": 50, "high": 0}, "na": "full",
     "explanation": "纠错率为 0 得满分，达到 50% 不得分，其间按比例计分；没有审结的复议案件得满分。"},
    {"key": "art26_timely", "name": "主动公开及时率", "full_marks": 20, "formula": "art26_timely_share",
     "rule": {"kind": "bands", "direction": "at_least", "bands": [[100, 20], [95, 16], [90, 12], [80, 8]]},
     "na": "rescale",
     "explanation": "自形成或变更之日起 20 个工作日内公开的比例（条例第二十六条）：100% 得 20 分，95% 以上 16 分，"
                    "90% 以上 12 分，80% 以上 8 分；没有登记形成日期的信息时不计入，总分按比例折算。"},
    {"key": "interpretation", "name": "政策解读率", "full_marks": 10, "formula": "interpretation_coverage",
     "rule": {"kind": "linear", "low": 0, "high": 100}, "na": "rescale",
     "explanation": "需解读的政策文件关联政策解读的比例，按比例计分；本年度没有需解读文件的不计入。"},
    {"key": "messages", "name": "留言按时答复率", "full_marks": 10, "formula": "messages_in_time_share",
     "rule": {"kind": "linear", "low": 0, "high": 100}, "na": "full",
     "veto": "messages_unanswered_3m > 0", "veto_effect": "fail",
     "explanation": "按期答复比例按比例计分；有效留言超过 3 个月未答复的，评为不合格（国办秘函〔2019〕19号）。"},
    {"key": "website", "name": "网站检查", "full_marks": 10, "formula": "website_check_score / 10",
     "rule": {"kind": "value"}, "na": "zero",
     "veto": "website_check_passed == 0", "veto_effect": "fail",
     "explanation": "考核年度内最近一次记录的政府信息公开平台检查（自有平台检查记录）得分（百分制）折算为 10 分；"
                    "检查不合格的评为不合格；年度内没有检查记录的不得分。"},
)
