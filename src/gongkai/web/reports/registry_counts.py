"""What the annual report takes from the registry (gongkai.web.registry), counted by the database.

    registry_year(agency_ids, year) -> RegistryYear       all of the below (EXISTS per agency, 2 GROUP BYs)
    registry_users(agency_ids, year) -> set[int]          agencies whose registry holds data for the year
    table2_by_agency(agency_ids, year) -> {agency_id: {pointer: n}}   规章 / 行政规范性文件 rows, per agency
    proactive_year(agency_ids, year) -> ProactiveYear | None          section 一's facts; None without data

The counting rules are those of the pure reference `gongkai.core.registry.table2.count_table2` (read its
docstring for the legal reading of 本年制发, 本年废止 and 现行有效), which a test holds these queries equal to
on random data. The database returns a row per agency, never the items.

"Holds data for the year" means the agency had published at least one item (of any genre) on or before 31
December of the year: from then on the registry is where its documents are, and a 0 it counts is a real 0.
An agency that has never published through gongkai gets no registry figures, so its blank table 二 cells
still ask staff for a figure (t2.blank) rather than being silently filled with zeros.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q

from gongkai.core.registry.table2 import (
    EXIT_VALIDITY,
    TABLE2_COLUMNS,
    TABLE2_ROWS,
    ProactiveYear,
    table2_pointer,
)
from gongkai.core.registry.vocab import CHANNELS
from gongkai.web.agencies.models import Agency
from gongkai.web.registry.models import GazetteIssue, Item


def _bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


CELLS = tuple((f"{g}__{c}", table2_pointer(g, c)) for g in TABLE2_ROWS for c in TABLE2_COLUMNS)  # alias, pointer
LARGE_IN = 500  # agencies: above this, filter the grouped rows in Python rather than with SQL IN (…)


def agencies_filter(qs, ids: Sequence[int]):
    """`qs` restricted to the agencies when they are few. For a large subtree (a province: thousands of ids)
    an `agency_id IN (…)` list costs more to bind and plan than the GROUP BY itself costs to return every
    agency's row, so the caller groups by agency and keeps its own agencies' rows."""
    return qs.filter(agency_id__in=list(ids)) if len(ids) <= LARGE_IN else qs


@dataclass
class RegistryYear:
    """Everything the report takes from the registry for some agencies and a year, from one query."""

    users: set[int]  # agencies whose registry holds data for the year
    table2: dict[int, dict[str, int]]  # per agency (users only): {pointer: n}
    facts: ProactiveYear | None  # None when no agency holds data


def _has_channel(code: str) -> Q:
    """`channels` (a JSON list of codes) holds `code`. PostgreSQL: jsonb's `?` (a top-level array element),
    read straight from the value — `@>` costs twice as much, and the text match turns every row's jsonb into
    text once per channel (a million-item province: 0.28 s, 0.62 s, 0.68 s). SQLite stores the JSON as text
    (its has_key reads object keys, not array elements): the quoted code matched in it."""
    if connection.vendor == "postgresql":
        return Q(channels__has_key=code)
    return Q(channels__icontains=f'"{code}"')


def _zero() -> dict[str, int]:
    return {table2_pointer(g, c): 0 for g in TABLE2_ROWS for c in TABLE2_COLUMNS}


def registry_year(agency_ids: Sequence[int], year: int) -> RegistryYear:
    """Whether each agency holds data for the year (a public item published by its end: one EXISTS probe per
    agency), then two GROUP BY agency queries over the agencies' public items — its table 二 rows (规章/规范性文件
    only), the year's publications by channel and the 政策解读 (that year's items only) — and one count of
    gazette issues."""
    ids = list(agency_ids)
    start, end = _bounds(year)
    made_in_year = (Q(written_on__gte=start, written_on__lte=end)
                    | Q(written_on__isnull=True, published_on__gte=start, published_on__lte=end))
    made_by_end = Q(written_on__lte=end) | Q(written_on__isnull=True, published_on__lte=end)
    exits = sorted(EXIT_VALIDITY)
    ended_by_end = Q(validity__in=exits, validity_from__isnull=False, validity_from__lte=end)
    ended_in_year = Q(validity__in=exits, validity_from__gte=start, validity_from__lte=end)
    # Counting agency_id (never null), not id: PostgreSQL's indexes do not hold the id, and naming it sends the
    # planner from the covering index to the table. (Django refuses COUNT(*) with a filter.)
    cells = {}
    for genre in TABLE2_ROWS:
        g = Q(genre=genre)
        cells[f"{genre}__issued"] = Count("agency_id", filter=g & made_in_year)
        cells[f"{genre}__repealed"] = Count("agency_id", filter=g & ended_in_year)
        cells[f"{genre}__in_force"] = Count("agency_id", filter=g & made_by_end & ~ended_by_end)
    in_year = Q(published_on__gte=start, published_on__lte=end)
    channels = {f"ch__{code}": Count("agency_id", filter=_has_channel(code)) for code in CHANNELS}
    public = Item.objects.filter(state="published")
    wanted = set(ids)
    # Whether each agency holds data: one index probe per agency (EXISTS on item_agency_published), not a
    # pass over every public item — a province's registry has a million of them and 5,000 agencies.
    published_by_end = public.filter(agency_id=OuterRef("pk"), published_on__lte=end)
    agencies = Agency.objects.filter(pk__in=ids) if len(ids) <= LARGE_IN else Agency.objects.all()
    users = {pk for pk in agencies.filter(Exists(published_by_end)).order_by().values_list("pk", flat=True)
             if pk in wanted}
    if not users:
        return RegistryYear(set(), {}, None)
    table2: dict[int, dict[str, int]] = {a: _zero() for a in users}
    facts = ProactiveYear(year=year, table2=_zero())
    documents = (agencies_filter(public.filter(genre__in=list(TABLE2_ROWS)), ids).order_by().values("agency_id")
                 .annotate(**cells))
    for r in documents:
        mine = table2.get(r["agency_id"])
        if mine is None:
            continue
        for alias, pointer in CELLS:
            mine[pointer] = r[alias]
            facts.table2[pointer] += r[alias]
    published = (agencies_filter(public.filter(in_year), ids).order_by().values("agency_id")
                 .annotate(total=Count("agency_id"), interpretations=Count("agency_id", filter=Q(genre="interpretation")),
                           **channels))
    for r in published:
        if r["agency_id"] not in users:
            continue
        facts.total += r["total"]
        facts.interpretations += r["interpretations"]
        for code in CHANNELS:
            if r[f"ch__{code}"]:
                facts.channels[code] = facts.channels.get(code, 0) + r[f"ch__{code}"]
    issues = (agencies_filter(GazetteIssue.objects.filter(year=year, published=True), sorted(users)).order_by()
              .values("agency_id").annotate(n=Count("id")))
    facts.gazette_issues = sum(r["n"] for r in issues if r["agency_id"] in users)
    return RegistryYear(users, table2, facts)


def registry_users(agency_ids: Sequence[int], year: int) -> set[int]:
    return registry_year(agency_ids, year).users


def table2_by_agency(agency_ids: Sequence[int], year: int) -> dict[int, dict[str, int]]:
    """{agency_id: {pointer: n}} for the agencies whose registry holds data for the year."""
    return registry_year(agency_ids, year).table2


def table2_counts(agency_ids: Sequence[int], year: int) -> dict[str, int]:
    """The rows summed over the agencies (every cell present)."""
    out = _zero()
    for cells in table2_by_agency(agency_ids, year).values():
        for pointer, n in cells.items():
            out[pointer] += n
    return out


def proactive_year(agency_ids: Sequence[int], year: int) -> ProactiveYear | None:
    return registry_year(agency_ids, year).facts
