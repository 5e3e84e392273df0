"""What the annual report takes from the registry (gongkai.web.registry), counted by the database.

    registry_users(agency_ids, year) -> set[int]          agencies whose registry holds data for the year
    table2_by_agency(agency_ids, year) -> {agency_id: {pointer: n}}   规章 / 行政规范性文件 rows, per agency
    proactive_year(agency_ids, year) -> ProactiveYear | None          section 一's facts; None without data

The counting rules are those of the pure reference `gongkai.core.registry.table2.count_table2` (read its
docstring for the legal reading of 本年制发, 本年废止 and 现行有效), which a test holds these queries equal to
on random data. One GROUP BY per call: the database returns a row per agency and genre, never the items.

"Holds data for the year" means the agency had published at least one item (of any genre) on or before 31
December of the year: from then on the registry is where its documents are, and a 0 it counts is a real 0.
An agency that has never published through gongkai gets no registry figures, so its blank table 二 cells
still ask staff for a figure (t2.blank) rather than being silently filled with zeros.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Q

from gongkai.core.registry.table2 import (
    EXIT_VALIDITY,
    TABLE2_COLUMNS,
    TABLE2_ROWS,
    ProactiveYear,
    table2_pointer,
)
from gongkai.core.registry.vocab import CHANNELS
from gongkai.web.registry.models import GazetteIssue, Item


def _bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def registry_users(agency_ids: Sequence[int], year: int) -> set[int]:
    _, end = _bounds(year)
    return set(Item.objects.filter(agency_id__in=list(agency_ids), state="published", published_on__lte=end)
               .order_by().values_list("agency_id", flat=True).distinct())


def table2_by_agency(agency_ids: Sequence[int], year: int) -> dict[int, dict[str, int]]:
    """{agency_id: {pointer: n}} for the agencies with public 规章 or 规范性文件 (others: all zeros)."""
    start, end = _bounds(year)
    made_in_year = (Q(written_on__gte=start, written_on__lte=end)
                    | Q(written_on__isnull=True, published_on__gte=start, published_on__lte=end))
    made_by_end = Q(written_on__lte=end) | Q(written_on__isnull=True, published_on__lte=end)
    ended_by_end = Q(validity__in=sorted(EXIT_VALIDITY), validity_from__isnull=False, validity_from__lte=end)
    rows = (Item.objects.filter(agency_id__in=list(agency_ids), state="published", genre__in=list(TABLE2_ROWS))
            .order_by().values("agency_id", "genre")
            .annotate(issued=Count("id", filter=made_in_year),
                      repealed=Count("id", filter=Q(validity__in=sorted(EXIT_VALIDITY), validity_from__gte=start,
                                                    validity_from__lte=end)),
                      in_force=Count("id", filter=made_by_end & ~ended_by_end)))
    out: dict[int, dict[str, int]] = {}
    for r in rows:
        cells = out.setdefault(r["agency_id"], {table2_pointer(g, c): 0 for g in TABLE2_ROWS for c in TABLE2_COLUMNS})
        for column in TABLE2_COLUMNS:
            cells[table2_pointer(r["genre"], column)] += r[column]
    return out


def table2_counts(agency_ids: Sequence[int], year: int) -> dict[str, int]:
    """The rows summed over the agencies (every cell present)."""
    out = {table2_pointer(g, c): 0 for g in TABLE2_ROWS for c in TABLE2_COLUMNS}
    for cells in table2_by_agency(agency_ids, year).values():
        for pointer, n in cells.items():
            out[pointer] += n
    return out


def proactive_year(agency_ids: Sequence[int], year: int) -> ProactiveYear | None:
    ids = list(agency_ids)
    if not registry_users(ids, year):
        return None
    start, end = _bounds(year)
    in_year = Q(state="published", published_on__gte=start, published_on__lte=end)
    # Channels are a JSON list of codes: the quoted code matched in its text works on SQLite and PostgreSQL.
    per_channel = {f"ch_{code}": Count("id", filter=Q(channels__icontains=f'"{code}"')) for code in CHANNELS}
    counts = (Item.objects.filter(in_year, agency_id__in=ids).order_by()
              .aggregate(total=Count("id"), interpretations=Count("id", filter=Q(genre="interpretation")),
                         **per_channel))
    return ProactiveYear(
        year=year, total=counts["total"], interpretations=counts["interpretations"],
        channels={code: counts[f"ch_{code}"] for code in CHANNELS if counts[f"ch_{code}"]},
        table2=table2_counts(ids, year),
        gazette_issues=GazetteIssue.objects.filter(agency_id__in=ids, year=year, published=True).count())
