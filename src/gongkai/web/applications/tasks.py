"""Background work for applications, on huey (the project's task queue; `gongkai worker` consumes it)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from .reminders import send_reminders
from .services.privacy import anonymise_due


def reminders_claim_key(day) -> str:
    return f"gongkai-daily-reminders-{day.isoformat()}"


def anonymisation_claim_key(day) -> str:
    return f"gongkai-daily-anonymisation-{day.isoformat()}"


@db_periodic_task(crontab(hour="7", minute="30"))
def daily_deadline_reminders():
    """Every morning: move paused deadlines, then tell each handler what is overdue or due within 5 working days.

    Every running worker's scheduler queues this task at 07:30; the first run to claim the day in the
    queue's storage (an atomic set-if-absent, in Redis or the SQLite queue) sends, the others do nothing, so
    several workers never send the reminders twice."""
    today = timezone.localdate()
    if not HUEY.put_if_empty(reminders_claim_key(today), "1"):
        return
    send_reminders(today=today)


@db_periodic_task(crontab(hour="3", minute="15"))
def daily_anonymisation():
    """Every night: anonymise the applications archived longer than GONGKAI_PII_RETENTION_DAYS
    (docs/privacy.md); each gets its own audit entry. Claimed per day like the reminders, so several
    workers run it once."""
    today = timezone.localdate()
    if not HUEY.put_if_empty(anonymisation_claim_key(today), "1"):
        return
    anonymise_due(today=today)
