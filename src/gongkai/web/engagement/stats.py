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

from django.db.models import Count, DateField, F, Func, Q, Sum

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


class AddMonths(Func):
    """`date + n months`, clamped to the month's end like gongkai.core.clock.add_months, computed by the
    database itself (no per-row Python function on SQLite): PostgreSQL's interval arithmetic clamps already;
    SQLite's '+n months' rolls over (30 November + 3 months = 2 March), so the end of the target month caps it."""

    output_field = DateField()

    def __init__(self, expression, months: int, **extra):
        self.months = int(months)
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        n = self.months
        return (f"MIN(date({sql}, '{n:+d} months'), date({sql}, 'start of month', '{n + 1:+d} months', '-1 day'))",
                [*params, *params])

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + interval '{self.months} months')::date", params


def waited_too_long(at: date) -> Q:
    """Messages that count for the 19号 veto 互动回应差 at the check date `at`, as a filter on Message: valid,
    received in the 12 months before `at`, and still unanswered 3 calendar months after receipt — not answered
    by then, whether answered later or not at all (the rule of gongkai.core.engagement.messages
    .unanswered_too_long and of the own-platform check, here in SQL so dashboards and assessment count it
    in the database)."""
    from gongkai.core.clock import add_months

    # `at` later than receipt + 3 months: received before `at` minus 3 months, or on that day when the
    # month-end clamp moved it (received 30 November, checked 31 March... ).
    three_before = add_months(at, -3)
    old_enough = Q(received_on__lt=three_before) | (Q(received_on=three_before) if three_before.day < at.day
                                                     else Q(pk__in=[]))
    return (~Q(state="invalid") & Q(received_on__gt=add_months(at, -12), received_on__lte=at) & old_enough
            & (Q(replied_on__isnull=True) | Q(replied_on__gt=at) | Q(replied_on__gt=AddMonths("received_on", 3))))
