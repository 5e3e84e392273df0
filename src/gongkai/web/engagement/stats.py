"""The engagement of some agencies in one year, counted by the database: one selector that the annual report,
the 政府网站工作年度报表, the dashboards and the assessment read.

    engagement_year(agency_ids, year, calendar=None) -> EngagementYear

Records count in the year they were held (`held_on`); messages in the year they were received
(`received_on`): received, valid (not marked invalid), answered (valid and replied), answered in time
(replied_on <= due_on), the average reply time in working days on the official calendar (the applications'),
and published. Two GROUP BYs and one grouped read of (received, replied) date pairs: never the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, F, Q, Sum

from gongkai.core.annual.engagement import KIND_COUNTS, EngagementYear, average_workdays

from .models import EngagementRecord, Message


def _ids_filter(qs, ids: list[int]):
    return qs.filter(agency_id__in=ids)


def engagement_year(agency_ids: Sequence[int], year: int, *, calendar=None) -> EngagementYear:
    ids = list(agency_ids)
    start, end = date(year, 1, 1), date(year, 12, 31)
    out = EngagementYear(year=year)
    if not ids:
        return out
    records = (_ids_filter(EngagementRecord.objects.filter(held_on__gte=start, held_on__lte=end), ids)
               .order_by().values("kind").annotate(n=Count("id"), people=Sum("participants")))
    for r in records:
        key = KIND_COUNTS.get(r["kind"])
        if key is not None:
            setattr(out, key, r["n"])
        if r["kind"] == "training":
            out.trainees = int(r["people"] or 0)
    messages = _ids_filter(Message.objects.filter(received_on__gte=start, received_on__lte=end), ids).order_by()
    valid = ~Q(state="invalid")
    answered = valid & Q(replied_on__isnull=False)
    m = messages.aggregate(
        received=Count("id"), valid=Count("id", filter=valid), answered=Count("id", filter=answered),
        in_time=Count("id", filter=answered & Q(replied_on__lte=F("due_on"))),
        published=Count("id", filter=Q(published=True)))
    out.messages_received, out.messages_valid = m["received"], m["valid"]
    out.messages_answered, out.messages_answered_in_time = m["answered"], m["in_time"]
    out.messages_published = m["published"]
    if out.messages_answered:
        if calendar is None:
            from gongkai.web.applications.clock import current_calendar

            calendar = current_calendar()
        pairs = (messages.filter(answered).values_list("received_on", "replied_on").annotate(n=Count("id")))
        out.messages_average_workdays = average_workdays(pairs, calendar.workdays_between)
    return out
