"""Background work for the message boxes, on huey (`gongkai worker` consumes it)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from .reminders import send_reminders


def reminders_claim_key(day) -> str:
    return f"gongkai-daily-message-reminders-{day.isoformat()}"


@db_periodic_task(crontab(hour="7", minute="40"))
def daily_message_reminders():
    """Every morning: tell staff which messages are overdue or due within 2 working days. Claimed per day in
    the queue's storage like the applications' reminders, so several workers send once."""
    today = timezone.localdate()
    if not HUEY.put_if_empty(reminders_claim_key(today), "1"):
        return
    send_reminders(today=today)
