"""Deadline reminders: which open applications each handler must act on, and the message they get.

The daily huey task (tasks.py) calls `send_reminders`; it is a plain function so it can be tested and run
from the CLI with a chosen `today`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from gongkai.core.applications import workflow
from gongkai.core.clock import DUE_SOON_WORKDAYS, warning_level

from .clock import current_calendar, deadline_for
from .models import Application

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    recipient: str  # e-mail address
    username: str
    overdue: tuple[str, ...]  # registration numbers
    due_soon: tuple[str, ...]


def refresh_open_deadlines(*, today: date) -> int:
    """Paused applications' due dates move every day the pause lasts; recompute them (and any provisional
    one) so the queue sorts on today's truth."""
    calendar = current_calendar()
    changed = 0
    qs = Application.objects.filter(state__in=workflow.OPEN_STATES).filter(paused=True) | \
        Application.objects.filter(state__in=workflow.OPEN_STATES, due_provisional=True)
    for app in qs.prefetch_related("pauses").iterator(chunk_size=500):
        deadline = deadline_for(app, today=today, calendar=calendar)
        due = deadline.due if deadline else None
        if due != app.due_date:
            with transaction.atomic():
                Application.objects.filter(pk=app.pk, state=app.state).update(due_date=due)
            changed += 1
    return changed


def collect(*, today: date) -> list[Reminder]:
    calendar = current_calendar()
    horizon = calendar.add_workdays(today, DUE_SOON_WORKDAYS)
    per_user: dict[int, dict] = defaultdict(lambda: {"overdue": [], "due_soon": [], "user": None})
    qs = (Application.objects.filter(state__in=workflow.OPEN_STATES, due_date__lte=horizon, paused=False,
                                     assigned_to__isnull=False)
          .select_related("assigned_to").order_by("due_date", "id"))
    for app in qs:
        level = warning_level(app.due_date, today, calendar=calendar)
        if level == "ok":
            continue
        entry = per_user[app.assigned_to_id]
        entry["user"] = app.assigned_to
        entry["overdue" if level == "overdue" else "due_soon"].append(app.number)
    return [Reminder(recipient=e["user"].email, username=e["user"].get_username(),
                     overdue=tuple(e["overdue"]), due_soon=tuple(e["due_soon"]))
            for e in per_user.values()]


def send_reminders(*, today: date) -> list[Reminder]:
    refresh_open_deadlines(today=today)
    reminders = collect(today=today)
    for r in reminders:
        lines = [f"截至 {today:%Y年%m月%d日}，您承办的政府信息公开申请："]
        if r.overdue:
            lines.append(f"已超过答复期限 {len(r.overdue)} 件：{'、'.join(r.overdue)}")
        if r.due_soon:
            lines.append(f"{DUE_SOON_WORKDAYS} 个工作日内到期 {len(r.due_soon)} 件：{'、'.join(r.due_soon)}")
        lines.append("请登录 gongkai 待办队列及时办理。")
        # Registration numbers only: no applicant data leaves the system in a reminder.
        if r.recipient:
            send_mail("【依申请公开】答复期限提醒", "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [r.recipient],
                      fail_silently=False)
        log.info("reminder for %s: %d overdue, %d due soon", r.username, len(r.overdue), len(r.due_soon))
    return reminders
