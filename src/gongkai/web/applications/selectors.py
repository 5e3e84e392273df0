"""Reads for staff pages: the queue, and what a page needs about one application."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F, QuerySet

from gongkai.core.applications import identity, workflow
from gongkai.core.clock import warning_level

from .access import applications_for_staff
from .clock import current_calendar
from .models import Application

QUEUE_FILTERS = {
    "open": "办理中",
    "mine": "分配给我的",
    "unassigned": "未分配",
    "confirm": "待确认收到",
    "review": "待审核",
    "closed": "已办结",
    "all": "全部",
}


def queue(user, *, agency=None, which: str = "open") -> QuerySet[Application]:
    """Open applications by due date, soonest first; undated ones (awaiting confirmation or correction) last."""
    qs = applications_for_staff(user)
    if agency is not None:
        qs = qs.filter(agency=agency)
    open_states = workflow.OPEN_STATES
    if which == "open":
        qs = qs.filter(state__in=open_states)
    elif which == "mine":
        qs = qs.filter(state__in=open_states, assigned_to=user)
    elif which == "unassigned":
        qs = qs.filter(state__in=open_states, assigned_to__isnull=True)
    elif which == "confirm":
        qs = qs.filter(state="awaiting_confirmation")
    elif which == "review":
        qs = qs.filter(state="decided")
    elif which == "closed":
        qs = qs.exclude(state__in=open_states)
        return qs.select_related("agency", "assigned_to").order_by(F("concluded_on").desc(nulls_last=True), "-id")
    return (qs.select_related("agency", "assigned_to")
            .order_by(F("due_date").asc(nulls_last=True), "submitted_at", "id"))


@dataclass(frozen=True)
class QueueRow:
    app: Application
    warning: str  # overdue | due_soon | ok | ""
    applicant: str  # masked
    workdays_left: int | None


def queue_rows(apps, *, today: date) -> list[QueueRow]:
    calendar = current_calendar()
    rows = []
    for app in apps:
        warning, left = "", None
        if app.due_date and workflow.is_open(app.state) and not app.paused:
            warning = warning_level(app.due_date, today, calendar=calendar)
            left = calendar.workdays_between(today, app.due_date)
        rows.append(QueueRow(app=app, warning=warning, applicant=identity.mask_name(app.applicant_name),
                             workdays_left=left))
    return rows
