"""The 国办秘函〔2019〕19号 check indicators (《政府网站与政务新媒体检查指标》) as data.

Three parts (regulation.md §8.6): 单项否决指标 (any hit → 不合格, no further scoring), 扣分指标 (100 points; a
score below 60 → 不合格; deductions within one indicator never exceed that indicator's points) and 加分指标 (30
points, scored only when the deduction part is above 80, for portal sites).

The single-veto labels and their numeric thresholds are the ones the spec confirms [C S20]. The deduction part's
national table is not in the spec: the deduction indicators below are the ones gongkai's records can evidence,
with working points marked `confirmed=False` ([U]); a region replaces them by passing its own `Checklist`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

WEBSITE = "website"
NEWMEDIA = "newmedia"


@dataclass(frozen=True)
class VetoIndicator:
    code: str
    label: str              # the 19号 label, verbatim
    rule: str               # what triggers it, in the indicator's words
    target: str = WEBSITE   # website or newmedia
    checked: bool = True    # False: gongkai holds no data for it (shown as 未检查, never as passed)


@dataclass(frozen=True)
class DeductionIndicator:
    code: str
    label: str
    points: float           # the indicator's points: the cap of its deductions
    per_hit: float          # deducted for each record behind a finding
    rule: str
    target: str = WEBSITE
    confirmed: bool = False  # True only when points and wording are the national table's


@dataclass(frozen=True)
class Thresholds:
    news_days: int = 14              # 动态、要闻类 columns: updated in the 2 weeks before the check point
    notices_months: int = 6          # 通知公告、政策文件类 first-level columns: in the 6 months before it
    home_days: int = 14              # 首页不更新: 2 weeks
    stale_columns_veto: int = 5      # news + notices not updated, together
    long_stale_veto: int = 10        # columns that should be updated but long have not
    long_stale_days: int = 365       # "long": not in the 19号 text [U]; one year is the working value
    empty_columns_veto: int = 5      # 空白栏目
    unanswered_months: int = 3       # valid messages unanswered for more than 3 months
    message_window_months: int = 12  # ... among those of the year before the check point
    # New media: the spec confirms 内容更新不及时 as a deduction but not its threshold [U]; gongkai applies the
    # news columns' 2 weeks until a region sets its own.
    newmedia_days: int = 14
    fail_below: float = 60.0
    bonus_above: float = 80.0


@dataclass(frozen=True)
class Checklist:
    vetoes: tuple[VetoIndicator, ...]
    deductions: tuple[DeductionIndicator, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)
    deduction_total: float = 100.0
    bonus_total: float = 30.0

    def veto(self, code: str) -> VetoIndicator:
        return next(v for v in self.vetoes if v.code == code)

    def deduction(self, code: str) -> DeductionIndicator:
        return next(d for d in self.deductions if d.code == code)

    def with_thresholds(self, **changes) -> Checklist:
        return replace(self, thresholds=replace(self.thresholds, **changes))


VETOES: tuple[VetoIndicator, ...] = (
    VetoIndicator("security", "安全、泄密事故等严重问题",
                  "严重表述错误、泄露国家秘密、发布或链接反动暴力色情等内容、遭攻击篡改未及时处置、虚假或伪造内容（如伪造发布日期）、"
                  "因网站管理不善造成严重负面舆论", checked=False),
    VetoIndicator("unreachable", "站点无法访问",
                  "监测1周，每天至少20次，超过15秒仍无法打开的比例累计达到5%（含）以上", checked=False),
    VetoIndicator("home_stale", "首页不更新", "监测2周，首页无信息更新"),
    VetoIndicator("columns_stale", "栏目不更新",
                  "动态、要闻类栏目2周未更新与通知公告、政策文件类栏目6个月未更新合计5个（含）以上；"
                  "应更新但长期未更新的栏目10个（含）以上；空白栏目5个（含）以上"),
    VetoIndicator("interaction", "互动回应差",
                  "未提供有效的咨询建言渠道；检查时间点前1年内咨询类栏目存在超过3个月未回应的有效留言"),
    VetoIndicator("service", "服务不实用", "未提供办事服务；办事指南要素类别缺失", checked=False),
    VetoIndicator("nm_security", "安全、泄密事故等严重问题", "政务新媒体发生安全、泄密事故等严重问题",
                  target=NEWMEDIA, checked=False),
    VetoIndicator("nm_interaction", "未提供有效互动功能", "政务新媒体未提供有效互动功能", target=NEWMEDIA),
)

DEDUCTIONS: tuple[DeductionIndicator, ...] = (
    DeductionIndicator("news_update", "政务动态更新", 10, 2,
                       "动态、要闻类栏目2周未更新（未达单项否决标准），每个栏目扣分"),
    DeductionIndicator("notices_update", "通知公告、政策文件更新", 10, 2,
                       "通知公告、政策文件类栏目6个月未更新（未达单项否决标准），每个栏目扣分"),
    DeductionIndicator("column_upkeep", "栏目维护", 10, 1,
                       "空白栏目、应更新但长期未更新的栏目（未达单项否决标准），每个栏目扣分"),
    DeductionIndicator("undated", "信息发布时间", 5, 1,
                       "信息未注明发布时间（未注明信息发布时间的视为不更新），每条扣分"),
    DeductionIndicator("links", "附件和链接可用性", 5, 1,
                       "已发布信息的附件无法打开（文件缺失或与登记的大小不符），每个扣分"),
    DeductionIndicator("interpretation", "解读信息发布", 10, 2,
                       "检查时间点前1年内发布的规章、规范性文件、规划未发布政策解读，每件扣分"),
    DeductionIndicator("message_handling", "留言办理", 10, 1,
                       "检查时间点前1年内有效留言未在信箱承诺时限内答复，每条扣分"),
    DeductionIndicator("nm_update", "内容更新不及时", 20, 20,
                       "政务新媒体检查时间点前2周内无更新（阈值待确认，可配置）", target=NEWMEDIA),
)

DEFAULT = Checklist(vetoes=VETOES, deductions=DEDUCTIONS)

VERDICT_PASS = "合格"
VERDICT_FAIL = "不合格"
