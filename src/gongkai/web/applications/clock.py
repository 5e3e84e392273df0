"""The working-day calendar the web uses: the packaged official data plus the years an admin has loaded.

Built once per process and rebuilt when the loaded years change (checked with one small query), so a new
State Council notice takes effect everywhere without a restart.
"""

from __future__ import annotations

import json
from datetime import date

from django.db.models import Count, Max

from gongkai.core.clock import Deadline, Pause, WorkCalendar, compute_deadline, parse_year_file

from .models import Application, CalendarYear

_cache: dict[str, object] = {"key": None, "calendar": None}


def current_calendar() -> WorkCalendar:
    stamp = CalendarYear.objects.aggregate(n=Count("id"), latest=Max("loaded_at"))
    key = (stamp["n"], stamp["latest"])
    if _cache["key"] != key or _cache["calendar"] is None:
        years = [parse_year_file(json.dumps(row.data)) for row in CalendarYear.objects.all()]
        _cache["calendar"] = WorkCalendar.official(extra=years)
        _cache["key"] = key
    return _cache["calendar"]  # type: ignore[return-value]


PAUSE_KIND = {"third_party": "third_party", "agency": "consultation", "fee": "fee"}


def deadline_for(app: Application, *, today: date, calendar: WorkCalendar | None = None) -> Deadline | None:
    """The application's reply deadline with its explanation, or None before receipt or while a correction
    is awaited (the 20 days then restart from the corrected application)."""
    if app.received_on is None or (app.state == "correction_requested"):
        return None
    calendar = calendar or current_calendar()
    pauses = [Pause(start=p.started_on, end=p.ended_on, kind=PAUSE_KIND.get(p.kind, "other"))
              for p in app.pauses.all()]
    return compute_deadline(
        app.received_on,
        calendar=calendar,
        correction_received=app.correction_received_on,
        pauses=pauses,
        extension_days=app.extension_days,
        reply_workdays=app.reply_workdays,
        reply_reason=app.reply_period_reason,
        as_of=today,
    )
