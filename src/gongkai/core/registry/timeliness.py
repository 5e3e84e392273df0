"""Art. 26 and the interpretation rule, on the official working-day calendar the applications use.

条例第二十六条: proactive disclosure within 20 working days from the day the information is formed or changed.
政策解读: released together with the policy (三同步); an interpretation later than N working days after its
policy is flagged, N = 0 ("同步") by default and configurable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.core.clock.calendar import WorkCalendar

ART26_WORKDAYS = 20
DUE_SOON_WORKDAYS = 5


def art26_due(formed_on: date, *, calendar: WorkCalendar) -> date:
    """The last day to publish information formed or changed on `formed_on`."""
    return calendar.add_workdays(formed_on, ART26_WORKDAYS)


@dataclass(frozen=True)
class Timeliness:
    due: date
    status: str            # on_time | late | due_soon | overdue | pending
    label: str
    workdays_late: int = 0


def art26_status(formed_on: date, published_on: date | None, *, today: date, calendar: WorkCalendar) -> Timeliness:
    """Published items are on time or late; unpublished ones pending, due soon (≤ 5 working days left) or
    overdue."""
    due = art26_due(formed_on, calendar=calendar)
    if published_on is not None:
        late = max(0, calendar.workdays_between(due, published_on))
        if late:
            return Timeliness(due, "late", f"超期公开（晚于法定期限{late}个工作日）", late)
        return Timeliness(due, "on_time", "按时公开")
    if today > due:
        late = calendar.workdays_between(due, today)
        return Timeliness(due, "overdue", f"已超过公开期限（{due.isoformat()}），超期{late}个工作日", late)
    left = calendar.workdays_between(today, due)
    if left <= DUE_SOON_WORKDAYS:
        return Timeliness(due, "due_soon", f"距公开期限（{due.isoformat()}）还有{left}个工作日")
    return Timeliness(due, "pending", f"公开期限 {due.isoformat()}")


@dataclass(frozen=True)
class InterpretationFinding:
    level: str    # warning | info
    code: str     # missing | late
    message: str


def interpretation_findings(*, needs_interpretation: bool, policy_published: date | None,
                            interpretations_published: list[date], max_lag_workdays: int,
                            calendar: WorkCalendar) -> list[InterpretationFinding]:
    """Findings for one published policy: no interpretation at all, or the first one later than allowed."""
    if not needs_interpretation or policy_published is None:
        return []
    if not interpretations_published:
        return [InterpretationFinding("warning", "missing", "该政策文件尚未关联政策解读（政策解读应与文件同步发布）。")]
    first = min(interpretations_published)
    lag = calendar.workdays_between(policy_published, first) if first > policy_published else 0
    if lag > max_lag_workdays:
        allowed = "同步发布" if max_lag_workdays == 0 else f"文件发布后{max_lag_workdays}个工作日内发布"
        return [InterpretationFinding("warning", "late",
                                      f"政策解读晚于文件{lag}个工作日发布（要求：{allowed}）。")]
    return []
