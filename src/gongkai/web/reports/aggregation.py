"""Counting tables 三 and 四 in the database: one GROUP BY query per table, whatever the number of agencies.

    table3_counts(agency_ids, year) -> {(row_key, column_key): n}     rows: new, carried_over, the result rows
                                                                      (2021 keys), carried_forward
    table4_counts(agency_ids, year) -> {(group, result): n}           groups: review, litigation_direct,
                                                                      litigation_after_review
    fees_collected(agency_ids, year) -> int                           信息处理费 paid in the year, yuan
    table2_figures(agency_ids, year) -> {pointer: value}              the entered yearly figures, summed

The counting rules are those of the pure reference in `gongkai.core.annual` (count_table3, count_table4),
which the tests hold these queries equal to on random data, on SQLite and PostgreSQL:

* Table 三: 一 new = received in the year (art. 31 receipt date); 二 carried_over = received before the year
  and not concluded before it; the result rows = concluded in the year, by outcome; 四 carried_forward =
  received by the end of the year and not concluded by then. Applications never received (awaiting the
  art. 31 confirmation) count nowhere.
* Table 四: a case counts in the year it was decided (by its result), and as pending in every year from the
  one it was filed in while it is undecided at 31 December.

The database returns at most (applicant types x outcomes) and (kinds x routes x results) grouped rows; only
those few rows are touched in Python, never the applications themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from gongkai.web.applications.models import Application, FeeCharge, ReviewCase

from .models import YearlyFigure

CASE_GROUPS = {("reconsideration", ""): "review", ("litigation", "direct"): "litigation_direct",
               ("litigation", "after_review"): "litigation_after_review"}


def _bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _add(out: dict, key: tuple[str, str], n: int) -> None:
    if n:
        out[key] = out.get(key, 0) + n


def table3_counts(agency_ids: Sequence[int], year: int) -> dict[tuple[str, str], int]:
    start, end = _bounds(year)
    open_at_end = Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)
    rows = (
        Application.objects
        .filter(agency_id__in=list(agency_ids), received_on__isnull=False, received_on__lte=end)
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=start))
        .order_by()
        .values("applicant_type", "outcome")
        .annotate(
            new=Count("id", filter=Q(received_on__gte=start)),
            carried_over=Count("id", filter=Q(received_on__lt=start)),
            concluded=Count("id", filter=Q(concluded_on__gte=start, concluded_on__lte=end)),
            carried_forward=Count("id", filter=open_at_end),
        )
    )
    out: dict[tuple[str, str], int] = {}
    for r in rows:
        column = r["applicant_type"]
        _add(out, ("new", column), r["new"])
        _add(out, ("carried_over", column), r["carried_over"])
        if r["outcome"]:
            _add(out, (r["outcome"], column), r["concluded"])
        _add(out, ("carried_forward", column), r["carried_forward"])
    return out


def table4_counts(agency_ids: Sequence[int], year: int) -> dict[tuple[str, str], int]:
    start, end = _bounds(year)
    rows = (
        ReviewCase.objects
        .filter(application__agency_id__in=list(agency_ids), filed_on__lte=end)
        .filter(Q(decided_on__isnull=True) | Q(decided_on__gte=start))
        .order_by()
        .values("kind", "route", "result")
        .annotate(
            decided=Count("id", filter=Q(decided_on__gte=start, decided_on__lte=end)),
            pending=Count("id", filter=Q(decided_on__isnull=True) | Q(decided_on__gt=end)),
        )
    )
    out: dict[tuple[str, str], int] = {}
    for r in rows:
        group = CASE_GROUPS.get((r["kind"], r["route"] if r["kind"] == "litigation" else ""))
        if group is None:  # a lawsuit without its route: the services refuse to record one
            continue
        _add(out, (group, r["result"]), r["decided"])
        _add(out, (group, "pending"), r["pending"])
    return out


def fees_collected(agency_ids: Sequence[int], year: int) -> int:
    start, end = _bounds(year)
    total = (FeeCharge.objects.filter(application__agency_id__in=list(agency_ids), paid_on__gte=start,
                                      paid_on__lte=end).aggregate(total=Sum("amount_yuan"))["total"])
    return int(total or 0)


def table2_figures(agency_ids: Sequence[int], year: int) -> dict[str, Decimal]:
    """The entered table 二 figures of the agencies for the year, summed per pointer (one GROUP BY)."""
    rows = (YearlyFigure.objects.filter(agency_id__in=list(agency_ids), year=year).order_by()
            .values("pointer").annotate(total=Sum("value")))
    return {r["pointer"]: r["total"] for r in rows}
