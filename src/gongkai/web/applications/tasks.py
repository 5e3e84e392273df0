"""Background work for applications, on huey (the project's task queue; `gongkai worker` consumes it)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .reminders import send_reminders
from .services.privacy import anonymise_due


@db_periodic_task(crontab(hour="7", minute="30"))
def daily_deadline_reminders():
    """Every morning: move paused deadlines, then tell each handler what is overdue or due within 5 working days."""
    send_reminders(today=timezone.localdate())


@db_periodic_task(crontab(hour="3", minute="15"))
def daily_anonymisation():
    """Every night: anonymise the applications archived longer than GONGKAI_PII_RETENTION_DAYS
    (docs/privacy.md); each gets its own audit entry."""
    anonymise_due(today=timezone.localdate())
