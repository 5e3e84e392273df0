"""The message clock on the web's working-day calendar (the applications' official calendar plus the
years an admin has loaded)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from gongkai.core.engagement import messages as rules
from gongkai.web.applications.clock import current_calendar

from .models import Message


def receipt_and_due(at: datetime, reply_workdays: int) -> tuple[date, date]:
    calendar = current_calendar()
    received = rules.receipt_date(timezone.localtime(at).replace(tzinfo=None), calendar=calendar)
    return received, rules.reply_due(received, reply_workdays, calendar=calendar)


def status_of(message: Message, *, today: date, calendar=None) -> str:
    return rules.status(state=message.state, due_on=message.due_on, replied_on=message.replied_on, today=today,
                        calendar=calendar or current_calendar())


def due_soon_horizon(today: date, calendar=None) -> date:
    """The last due date that is "due soon" today."""
    return (calendar or current_calendar()).add_workdays(today, rules.DUE_SOON_WORKDAYS)
