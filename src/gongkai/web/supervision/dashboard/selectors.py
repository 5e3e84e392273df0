"""What the region dashboard counts, and the records behind each count, from one definition.

    Scope.of(region, year, today) -> Scope             the region's agencies (one query for the tree)
    FILTERS[kind][name](year) -> Q                     the records a figure counts (kind: applications, cases,
                                                       items, messages, records)
    drill_queryset(scope, kind, name, agency_id) -> QuerySet   those records, for the drill-down lists
    application_counts / case_counts / fee_counts / item_counts / message_counts / record_counts(scope)
        -> {agency_id: {name: n}}                      one GROUP BY agency query each, never a loop over agencies

A figure and its drill-down list use the same Q, so the list under a figure has exactly as many rows as the
figure says (the tests hold them equal). For a large region (a province: thousands of agencies) the queries
group every agency's rows and keep the region's in Python rather than binding an IN (…) of thousands of ids
(`registry_counts.agencies_filter`'s reasoning).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet, Sum

from gongkai.core.applications.outcomes import GROUPS
from gongkai.core.dashboard import UNRECORDED_GROUP, outcome_groups, outcomes_of_group
from gongkai.core.registry.vocab import CHANNELS
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import subtree_ids
from gongkai.web.applications.models import Application, FeeCharge, ReviewCase
from gongkai.web.engagement.models import RECORD_KINDS, EngagementRecord, Message
from gongkai.web.engagement.stats import waited_too_long
from gongkai.web.registry.models import Item
from gongkai.web.reports.registry_counts import LARGE_IN

TREND_YEARS = 5
FIRST_YEAR = 2019  # the revised 条例 took effect on 15 May 2019: no dashboard (nor drill-down) before it


def bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _in_year(field_name: str, year: int) -> Q:
    start, end = bounds(year)
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end})


@dataclass
class Scope:
    region: Agency
    year: int
    today: date
    agencies: dict[int, Agency]  # the region's organs (every level but region groupings), depth-first
    depth: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, region: Agency, year: int, today: date) -> Scope:
        ids = subtree_ids(region)
        wanted = set(ids)
        qs = Agency.objects.exclude(level="region")
        rows = {a.pk: a for a in (qs.filter(pk__in=ids) if len(ids) <= LARGE_IN else qs) if a.pk in wanted}
        ordered: dict[int, Agency] = {}
        depth: dict[int, int] = {}
        for pk in ids:  # depth-first, parents before children
            a = rows.get(pk)
            if a is not None:
                ordered[pk] = a
                depth[pk] = depth[a.parent_id] + 1 if a.parent_id in depth else 0
        return cls(region, year, today, ordered, depth)

    @property
    def ids(self) -> list[int]:
        return list(self.agencies)


# --- what each figure counts ---------------------------------------------------------------------------------

def _app_filters() -> dict[str, Callable[[int], Q]]:
    out: dict[str, Callable[[int], Q]] = {
        "received": lambda y: _in_year("received_on", y),
        "concluded": lambda y: _in_year("concluded_on", y),
        "late": lambda y: _in_year("concluded_on", y) & Q(replied_on__isnull=False, due_date__isnull=False,
                                                          replied_on__gt=F("due_date")),
        "correction": lambda y: _in_year("received_on", y) & Q(correction_requested_on__isnull=False),
        "fee_paid": lambda y: _in_year("fee__paid_on", y),
    }
    for i, group in enumerate(GROUPS):
        keys = outcomes_of_group(group)
        out[f"group{i}"] = lambda y, keys=keys: _in_year("concluded_on", y) & Q(outcome__in=keys)
    return out


def _case_filters() -> dict[str, Callable[[int], Q]]:
    out: dict[str, Callable[[int], Q]] = {}
    for kind in ("reconsideration", "litigation"):
        k = Q(kind=kind)
        out[f"{kind}_filed"] = lambda y, k=k: k & _in_year("filed_on", y)
        out[f"{kind}_decided"] = lambda y, k=k: k & _in_year("decided_on", y) & ~Q(result="pending")
        out[f"{kind}_corrected"] = lambda y, k=k: k & _in_year("decided_on", y) & Q(result="corrected")
    return out


def _channel(code: str) -> Q:
    # The registry's own rule (reports.registry_counts.registry_year): a channel is its quoted code in the
    # item's JSON list, which matches the same on SQLite and PostgreSQL.
    return Q(channels__icontains=f'"{code}"')


def _published(year: int) -> Q:
    return Q(state="published") & _in_year("published_on", year)


def _item_filters() -> dict[str, Callable[[int], Q]]:
    out: dict[str, Callable[[int], Q]] = {"published": _published}
    for code in CHANNELS:
        out[f"ch_{code}"] = lambda y, code=code: _published(y) & _channel(code)
    return out


def _message_filters() -> dict[str, Callable[[int], Q]]:
    valid = ~Q(state="invalid")
    return {
        "received": lambda y: valid & _in_year("received_on", y),
        "replied": lambda y: valid & _in_year("received_on", y) & Q(replied_on__isnull=False),
        "due": lambda y: valid & _in_year("due_on", y),
        "in_time": lambda y: valid & _in_year("due_on", y) & Q(replied_on__isnull=False, replied_on__lte=F("due_on")),
        "unanswered_3m": lambda y: waited_too_long(date(y, 12, 31)),
    }


def _record_filters() -> dict[str, Callable[[int], Q]]:
    return {kind: (lambda y, kind=kind: Q(kind=kind) & _in_year("held_on", y)) for kind in RECORD_KINDS}


FILTERS: dict[str, dict[str, Callable[[int], Q]]] = {
    "applications": _app_filters(),
    "cases": _case_filters(),
    "items": _item_filters(),
    "messages": _message_filters(),
    "records": _record_filters(),
}
MODELS = {"applications": Application, "cases": ReviewCase, "items": Item, "messages": Message,
          "records": EngagementRecord}
AGENCY_FIELD = {"applications": "agency_id", "cases": "application__agency_id", "items": "agency_id",
                "messages": "agency_id", "records": "agency_id"}


def _within(qs: QuerySet, field_name: str, ids: list[int]) -> QuerySet:
    return qs.filter(**{f"{field_name}__in": ids}) if len(ids) <= LARGE_IN else qs


def drill_queryset(scope: Scope, kind: str, name: str, agency_id: int | None = None) -> QuerySet:
    """The records behind a figure (all of the region's, or one agency's)."""
    q = FILTERS[kind][name](scope.year)
    field_name = AGENCY_FIELD[kind]
    ids = [agency_id] if agency_id is not None else scope.ids
    return MODELS[kind].objects.filter(q).filter(**{f"{field_name}__in": ids})


def _grouped(scope: Scope, kind: str, names: list[str], base: Q | None = None,
             extra: dict | None = None) -> dict[int, dict[str, int]]:
    field_name = AGENCY_FIELD[kind]
    qs = MODELS[kind].objects.all()
    if base is not None:
        qs = qs.filter(base)
    qs = _within(qs, field_name, scope.ids)
    annotations = {n: Count("id", filter=FILTERS[kind][n](scope.year)) for n in names}
    annotations.update(extra or {})
    out: dict[int, dict[str, int]] = {}
    for row in qs.order_by().values(field_name).annotate(**annotations):
        pk = row.pop(field_name)
        if pk in scope.agencies:
            out[pk] = row
    return out


def totals(per_agency: dict[int, dict[str, int]], names) -> dict[str, int]:
    out = dict.fromkeys(names, 0)
    for row in per_agency.values():
        for n in names:
            out[n] += row.get(n) or 0
    return out


# --- the grouped counts ----------------------------------------------------------------------------------------

def application_counts(scope: Scope) -> dict[int, dict[str, int]]:
    """Per agency: received in each of the trend years (`received_<year>`), and of the dashboard year the
    concluded, late, correction and outcome-group counts. Two GROUP BYs, each narrowed to the rows its
    conditions can match (by the (agency, received_on) and (agency, concluded_on) indexes)."""
    y = scope.year
    first = date(y - TREND_YEARS + 1, 1, 1)
    received = {f"received_{yy}": Count("id", filter=_in_year("received_on", yy))
                for yy in range(y - TREND_YEARS + 1, y + 1)}
    received["correction"] = Count("id", filter=FILTERS["applications"]["correction"](y))
    by_received = _grouped_raw(scope, Application.objects.filter(received_on__gte=first,
                                                                 received_on__lte=date(y, 12, 31)),
                               "agency_id", received)
    # Concluded ones by (agency, outcome): the outcome's table 三 group is looked up in Python (core).
    by_outcome: dict[int, dict[str, int]] = {}
    by_concluded: dict[int, dict[str, int]] = {}
    rows = (_within(Application.objects.filter(FILTERS["applications"]["concluded"](y)), "agency_id", scope.ids)
            .order_by().values("agency_id", "outcome")
            .annotate(n=Count("id"), late=Count("id", filter=FILTERS["applications"]["late"](y))))
    for r in rows:
        pk = r["agency_id"]
        if pk not in scope.agencies:
            continue
        by_outcome.setdefault(pk, {})[r["outcome"]] = r["n"]
        row = by_concluded.setdefault(pk, {"concluded": 0, "late": 0})
        row["concluded"] += r["n"]
        row["late"] += r["late"]
    for pk, outcomes in by_outcome.items():
        groups = outcome_groups(outcomes)
        for i, g in enumerate(GROUPS):
            by_concluded[pk][f"group{i}"] = groups[g]
        by_concluded[pk]["unrecorded"] = groups.get(UNRECORDED_GROUP, 0)
    out: dict[int, dict[str, int]] = {}
    for pk in set(by_received) | set(by_concluded):
        row = {**by_received.get(pk, {}), **by_concluded.get(pk, {})}
        row["received"] = row.get(f"received_{y}", 0)
        out[pk] = row
    return out


def _grouped_raw(scope: Scope, qs: QuerySet, field_name: str, annotations: dict) -> dict[int, dict]:
    out = {}
    for row in _within(qs, field_name, scope.ids).order_by().values(field_name).annotate(**annotations):
        pk = row.pop(field_name)
        if pk in scope.agencies:
            out[pk] = row
    return out


def fee_counts(scope: Scope) -> dict[int, dict[str, int]]:
    """Per agency: 信息处理费 paid in the year (yuan) and the number of applications it was paid on."""
    start, end = bounds(scope.year)
    rows = _grouped_raw(scope, FeeCharge.objects.filter(paid_on__gte=start, paid_on__lte=end),
                        "application__agency_id", {"fees": Sum("amount_yuan"), "fee_paid": Count("id")})
    return {pk: {"fees": int(r["fees"] or 0), "fee_paid": r["fee_paid"]} for pk, r in rows.items()}


def case_counts(scope: Scope) -> dict[int, dict[str, int]]:
    y = scope.year
    base = _in_year("filed_on", y) | _in_year("decided_on", y)
    return _grouped(scope, "cases", list(FILTERS["cases"]), base=base)


def item_counts(scope: Scope) -> dict[int, dict[str, int]]:
    """Per agency: the year's publications and those of each channel. The rows are the year's published ones
    already, so each channel's count tests only its channel (the drill-down lists filter by the full Q)."""
    annotations = {"published": Count("id"), **{f"ch_{code}": Count("id", filter=_channel(code)) for code in CHANNELS}}
    return _grouped_raw(scope, Item.objects.filter(_published(scope.year)), "agency_id", annotations)


def message_counts(scope: Scope) -> dict[int, dict[str, int]]:
    # Received by the year's end (a message is due after it is received, so this holds every one the counts
    # can match): one range read of the `message_dashboard` covering index, where "received or due in the
    # year" made SQLite merge two indexes and read the rows.
    return _grouped(scope, "messages", list(FILTERS["messages"]), base=Q(received_on__lte=bounds(scope.year)[1]))


def record_counts(scope: Scope) -> dict[int, dict[str, int]]:
    """Per agency: records of each kind held in the year, and the trainees of its trainings."""
    training = FILTERS["records"]["training"](scope.year)
    return _grouped(scope, "records", list(FILTERS["records"]), base=_in_year("held_on", scope.year),
                    extra={"trainees": Sum("participants", filter=training)})
