"""A year's holiday notice loaded by an admin, and the provisional due dates it settles."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone

from gongkai.core.clock import (
    parse_year_file,
)

from ..models import (
    Application,
    CalendarYear,
)
from .base import _lock, _refresh_clock

# --- the calendar -----------------------------------------------------------------------------------------

def calendar_year_load(*, data: bytes | str, actor) -> CalendarYear:
    """Load a year's holiday notice (docs/calendar.md) and recompute the open applications' due dates."""
    year_cal = parse_year_file(data)
    payload = json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
    with transaction.atomic():
        row, _ = CalendarYear.objects.update_or_create(
            year=year_cal.year, defaults={"source": year_cal.source, "data": payload, "loaded_by": actor})
    today = timezone.localdate()
    for app in Application.objects.filter(due_provisional=True).iterator():
        with transaction.atomic():
            locked = _lock(app)
            _refresh_clock(locked, today=today)
            locked.save(update_fields=["due_date", "due_provisional", "paused", "updated_at"])
    return row
