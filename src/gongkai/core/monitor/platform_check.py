"""The 19号 check of an agency's own platform and of its new-media accounts, from facts gathered elsewhere.

    check_platform(facts, checklist=DEFAULT) -> CheckResult
    check_newmedia(account, at, checklist=DEFAULT) -> CheckResult

Pure: the facts (columns with their items' dates, the home page's items, the message channels and messages,
policy documents and their interpretations) come in as values with the check date. Every finding names the
records behind it (`refs`: column keys, item ids, message ids, account ids) so a reader can trace it.

Conventions, where the 19号 text leaves a choice:
- "not updated in the 2 weeks before the check point": the newest item is older than `at - 14 days`; "in the 6
  months before it": older than the same day six calendar months earlier (clamped to the month's end).
- Items dated after the check date are not yet there; items without a publication date count as not updated
  (2015 census note), and are named in their own finding.
- An empty column is counted as 空白栏目 (when it is one that must have content), never as a stale column.
- A valid message of the year before the check point counts as unanswered for more than 3 months when it was
  still unanswered 3 months after its receipt — answered late or not answered by the check date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.core.clock import add_months

from .checklist import DEFAULT, VERDICT_FAIL, VERDICT_PASS, Checklist

NEWS, NOTICES, OTHER = "news", "notices", "other"
KINDS = {NEWS: "动态、要闻类", NOTICES: "通知公告、政策文件类", OTHER: "其他栏目"}


@dataclass(frozen=True)
class ItemRef:
    id: int
    published_on: date | None


@dataclass(frozen=True)
class Column:
    key: str                      # stable key the web layer can resolve to a list, e.g. "genre:news"
    label: str
    kind: str                     # news, notices or other
    items: tuple[ItemRef, ...] = ()
    should_update: bool = True    # False for columns whose content rarely changes (e.g. 机关职能)
    required: bool = True         # False: a column only some agencies have content for; empty, it is not 空白栏目
    # Dated items counted elsewhere (e.g. in SQL), all on or before the check date: their newest date and their
    # number. They join `items`, which then need only hold the items a finding must name (the undated ones).
    counted_last: date | None = None
    counted: int = 0


@dataclass(frozen=True)
class MessageRef:
    id: int
    received_on: date
    replied_on: date | None
    due_on: date | None = None
    valid: bool = True


@dataclass(frozen=True)
class PolicyDoc:
    id: int
    published_on: date
    interpreted_on: date | None   # first interpretation published, if any


@dataclass(frozen=True)
class PlatformFacts:
    at: date
    columns: tuple[Column, ...]
    home_items: tuple[ItemRef, ...]
    channels: tuple[str, ...] = ()          # keys of the effective consultation channels (message boxes)
    messages: tuple[MessageRef, ...] = ()
    policy_docs: tuple[PolicyDoc, ...] = ()
    home_counted_last: date | None = None   # like Column.counted_last, for the home page
    broken_attachments: tuple[tuple[int, int, str], ...] = ()   # (item id, attachment id, file name)


@dataclass(frozen=True)
class AccountFacts:
    id: int
    label: str                    # as shown in findings, e.g. 政务微博“示例发布”
    active: bool = True
    has_interaction: bool = True
    last_update: date | None = None


@dataclass(frozen=True)
class Ref:
    kind: str      # column, item, message, channel, account
    key: str


@dataclass(frozen=True)
class Finding:
    indicator: str       # the checklist code
    label: str           # the indicator's label
    veto: bool
    text: str
    refs: tuple[Ref, ...] = ()
    deduction: float = 0.0   # before the indicator's cap


@dataclass(frozen=True)
class ColumnStatus:
    key: str
    label: str
    kind: str
    items: int
    undated: int
    last_update: date | None
    empty: bool          # 空白栏目: no item, in a column that must have content
    stale: bool          # past its kind's rule (news 2 weeks, notices 6 months; other columns never)
    long_stale: bool     # should be updated and has not been in `long_stale_days`


@dataclass(frozen=True)
class IndicatorScore:
    code: str
    label: str
    points: float
    deducted: float      # capped at points
    raw: float           # before the cap

    @property
    def score(self) -> float:
        return self.points - self.deducted


@dataclass(frozen=True)
class CheckResult:
    at: date
    target: str
    verdict: str
    passed: bool
    score: float | None               # None when a single-veto item is hit: no further scoring
    vetoes: tuple[Finding, ...]
    deductions: tuple[Finding, ...]
    indicators: tuple[IndicatorScore, ...]
    unchecked: tuple[str, ...]        # veto labels gongkai holds no data for
    bonus_eligible: bool = False      # deduction part above 80: the bonus part may be scored
    columns: tuple[ColumnStatus, ...] = ()
    home_last_update: date | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.vetoes + self.deductions


def _last(items, at: date) -> tuple[date | None, int, int]:
    """The newest date on or before `at`, the count of items there, and of those without a date."""
    last, n, undated = None, 0, 0
    for it in items:
        if it.published_on is None:
            n += 1
            undated += 1
        elif it.published_on <= at:
            n += 1
            if last is None or it.published_on > last:
                last = it.published_on
    return last, n, undated


def column_status(col: Column, at: date, checklist: Checklist = DEFAULT) -> ColumnStatus:
    t = checklist.thresholds
    last, n, undated = _last(col.items, at)
    n += col.counted
    if col.counted_last is not None and col.counted_last <= at and (last is None or col.counted_last > last):
        last = col.counted_last
    empty = n == 0 and col.required
    if col.kind == NEWS:
        limit = at - timedelta(days=t.news_days)
    elif col.kind == NOTICES:
        limit = add_months(at, -t.notices_months)
    else:
        limit = None
    stale = n > 0 and limit is not None and (last is None or last < limit)
    long_limit = at - timedelta(days=t.long_stale_days)
    long_stale = n > 0 and col.should_update and (last is None or last < long_limit)
    return ColumnStatus(col.key, col.label, col.kind, n, undated, last, empty, stale, long_stale)


def _cols(statuses) -> tuple[Ref, ...]:
    return tuple(Ref("column", s.key) for s in statuses)


def _names(statuses, limit: int = 8) -> str:
    names = [s.label for s in statuses]
    return "、".join(names[:limit]) + (f"等{len(names)}个栏目" if len(names) > limit else "")


def _score(checklist: Checklist, deductions: list[Finding], target: str) -> tuple[tuple[IndicatorScore, ...], float]:
    rows = []
    for ind in checklist.deductions:
        if ind.target != target:
            continue
        raw = sum(f.deduction for f in deductions if f.indicator == ind.code)
        rows.append(IndicatorScore(ind.code, ind.label, ind.points, min(raw, ind.points), raw))
    return tuple(rows), checklist.deduction_total - sum(r.deducted for r in rows)


def _result(at, target, checklist, vetoes, deductions, **extra) -> CheckResult:
    t = checklist.thresholds
    indicators, score = _score(checklist, deductions, target)
    unchecked = tuple(v.label for v in checklist.vetoes if v.target == target and not v.checked)
    if vetoes:
        return CheckResult(at, target, VERDICT_FAIL, False, None, tuple(vetoes), tuple(deductions), indicators,
                           unchecked, **extra)
    passed = score >= t.fail_below
    return CheckResult(at, target, VERDICT_PASS if passed else VERDICT_FAIL, passed, score, (), tuple(deductions),
                       indicators, unchecked, bonus_eligible=score > t.bonus_above, **extra)


def check_platform(facts: PlatformFacts, checklist: Checklist = DEFAULT) -> CheckResult:
    at, t = facts.at, checklist.thresholds
    vetoes: list[Finding] = []
    deductions: list[Finding] = []
    statuses = tuple(column_status(c, at, checklist) for c in facts.columns)

    # 首页不更新
    home_last, home_n, _ = _last(facts.home_items, at)
    if facts.home_counted_last is not None and facts.home_counted_last <= at and (
            home_last is None or facts.home_counted_last > home_last):
        home_last = facts.home_counted_last
    home_limit = at - timedelta(days=t.home_days)
    if home_last is None or home_last < home_limit:
        v = checklist.veto("home_stale")
        since = f"最近一次更新为{home_last.isoformat()}" if home_last else "首页无注明发布日期的信息"
        vetoes.append(Finding(v.code, v.label, True, f"检查时间点前{t.home_days}天内首页无信息更新（{since}）",
                              (Ref("column", "home"),)))

    # 栏目不更新: the three counts, each either a veto or (below its threshold) deductions
    stale = [s for s in statuses if s.stale]
    stale_news = [s for s in stale if s.kind == NEWS]
    stale_notices = [s for s in stale if s.kind == NOTICES]
    long_stale = [s for s in statuses if s.long_stale]
    empty = [s for s in statuses if s.empty]
    v = checklist.veto("columns_stale")
    if len(stale) >= t.stale_columns_veto:
        vetoes.append(Finding(v.code, v.label, True,
                              f"动态、要闻类栏目{t.news_days}天未更新{len(stale_news)}个、通知公告、政策文件类栏目"
                              f"{t.notices_months}个月未更新{len(stale_notices)}个，合计{len(stale)}个"
                              f"（{t.stale_columns_veto}个及以上否决）：{_names(stale)}", _cols(stale)))
    else:
        d = checklist.deduction("news_update")
        for s in stale_news:
            deductions.append(Finding(d.code, d.label, False, f"“{s.label}”{t.news_days}天未更新（最近一次"
                                      f"{_date(s.last_update)}）", (Ref("column", s.key),), d.per_hit))
        d = checklist.deduction("notices_update")
        for s in stale_notices:
            deductions.append(Finding(d.code, d.label, False, f"“{s.label}”{t.notices_months}个月未更新（最近一次"
                                      f"{_date(s.last_update)}）", (Ref("column", s.key),), d.per_hit))
    if len(long_stale) >= t.long_stale_veto:
        vetoes.append(Finding(v.code, v.label, True,
                              f"应更新但长期（{t.long_stale_days}天）未更新的栏目{len(long_stale)}个"
                              f"（{t.long_stale_veto}个及以上否决）：{_names(long_stale)}", _cols(long_stale)))
    else:
        d = checklist.deduction("column_upkeep")
        for s in long_stale:
            if s.stale:  # already deducted under its kind's rule
                continue
            deductions.append(Finding(d.code, d.label, False, f"“{s.label}”应更新但长期未更新（最近一次"
                                      f"{_date(s.last_update)}）", (Ref("column", s.key),), d.per_hit))
    if len(empty) >= t.empty_columns_veto:
        vetoes.append(Finding(v.code, v.label, True, f"空白栏目{len(empty)}个（{t.empty_columns_veto}个及以上否决）："
                              f"{_names(empty)}", _cols(empty)))
    else:
        d = checklist.deduction("column_upkeep")
        for s in empty:
            deductions.append(Finding(d.code, d.label, False, f"“{s.label}”为空白栏目", (Ref("column", s.key),),
                                      d.per_hit))

    # 信息未注明发布时间
    d = checklist.deduction("undated")
    for c in facts.columns:
        ids = [it.id for it in c.items if it.published_on is None]
        if ids:
            deductions.append(Finding(d.code, d.label, False, f"“{c.label}”有{len(ids)}条信息未注明发布时间，视为不更新",
                                      (Ref("column", c.key), *(Ref("item", str(i)) for i in ids)), d.per_hit * len(ids)))

    # 互动回应差
    v = checklist.veto("interaction")
    if not facts.channels:
        vetoes.append(Finding(v.code, v.label, True, "未提供有效的咨询建言渠道（无启用的留言信箱）"))
    window_start = add_months(at, -t.message_window_months)
    late, overdue = [], []
    for m in facts.messages:
        if not m.valid or m.received_on > at or m.received_on <= window_start:
            continue
        answered = m.replied_on if m.replied_on is not None and m.replied_on <= at else None
        limit = add_months(m.received_on, t.unanswered_months)
        if (answered is None and at > limit) or (answered is not None and answered > limit):
            late.append(m)
        elif m.due_on is not None and ((answered is None and at > m.due_on) or (answered and answered > m.due_on)):
            overdue.append(m)
    if late:
        vetoes.append(Finding(v.code, v.label, True,
                              f"检查时间点前1年内有{len(late)}条有效留言超过{t.unanswered_months}个月未回应",
                              tuple(Ref("message", str(m.id)) for m in late)))
    d = checklist.deduction("message_handling")
    for m in overdue:
        state = f"{m.replied_on.isoformat()}答复" if m.replied_on and m.replied_on <= at else "尚未答复"
        deductions.append(Finding(d.code, d.label, False, f"留言（{m.received_on.isoformat()}收到，答复期限"
                                  f"{m.due_on.isoformat()}）{state}，超过答复时限", (Ref("message", str(m.id)),),
                                  d.per_hit))

    # 附件和链接可用性
    d = checklist.deduction("links")
    for item_id, attachment_id, name in facts.broken_attachments:
        deductions.append(Finding(d.code, d.label, False, f"附件“{name}”无法打开",
                                  (Ref("item", str(item_id)), Ref("attachment", str(attachment_id))), d.per_hit))

    # 解读信息发布: policy documents of the year before the check point without an interpretation by then
    d = checklist.deduction("interpretation")
    doc_start = add_months(at, -12)
    for p in facts.policy_docs:
        if doc_start < p.published_on <= at and (p.interpreted_on is None or p.interpreted_on > at):
            deductions.append(Finding(d.code, d.label, False, f"政策文件（{p.published_on.isoformat()}发布）未发布政策解读",
                                      (Ref("item", str(p.id)),), d.per_hit))

    return _result(at, "website", checklist, vetoes, deductions, columns=statuses, home_last_update=home_last)


def _date(d: date | None) -> str:
    return d.isoformat() if d else "无注明日期的信息"


def check_newmedia(account: AccountFacts, at: date, checklist: Checklist = DEFAULT) -> CheckResult:
    """One government new-media account (政务微博、微信、客户端……), checked on its own as 19号 does."""
    t = checklist.thresholds
    vetoes, deductions, notes = [], [], []
    ref = (Ref("account", str(account.id)),)
    if not account.active:
        notes.append("账号已关停，不再检查")
        return CheckResult(at, "newmedia", "不检查", True, None, (), (), (), (), notes=tuple(notes))
    if not account.has_interaction:
        v = checklist.veto("nm_interaction")
        vetoes.append(Finding(v.code, v.label, True, f"{account.label}未提供有效互动功能", ref))
    last = account.last_update if account.last_update and account.last_update <= at else None
    if last is None or last < at - timedelta(days=t.newmedia_days):
        d = checklist.deduction("nm_update")
        when = f"最近一次更新{last.isoformat()}" if last else "无更新记录"
        deductions.append(Finding(d.code, d.label, False, f"{account.label}检查时间点前{t.newmedia_days}天内无更新（{when}）",
                                  ref, d.per_hit))
    return _result(at, "newmedia", checklist, vetoes, deductions, home_last_update=last)
