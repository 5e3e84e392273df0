"""Reads from the report library: the filtered list, the comparison grid, and export rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from gongkai.core.stats import AnnualStats

from .figures import MainFigure
from .models import TEMPLATE_LABELS, ReportStats


@dataclass(frozen=True)
class ListFilter:
    q: str = ""
    year: int | None = None
    template: str = ""
    with_errors: bool = False

    @classmethod
    def from_query(cls, params) -> ListFilter:
        year_raw = (params.get("year") or "").strip()
        template = (params.get("template") or "").strip()
        return cls(
            q=(params.get("q") or "").strip()[:100],
            year=int(year_raw) if year_raw.isdigit() and len(year_raw) == 4 else None,
            template=template if template in TEMPLATE_LABELS else "",
            with_errors=(params.get("errors") or "") in ("1", "on", "true"),
        )

    def as_query(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.q:
            out["q"] = self.q
        if self.year:
            out["year"] = str(self.year)
        if self.template:
            out["template"] = self.template
        if self.with_errors:
            out["errors"] = "1"
        return out


def report_list(flt: ListFilter) -> QuerySet[ReportStats]:
    qs = ReportStats.objects.select_related("file").defer("file__extracted_text", "stats", "findings")
    if flt.q:
        qs = qs.filter(agency__icontains=flt.q)
    if flt.year:
        qs = qs.filter(year=flt.year)
    if flt.template:
        qs = qs.filter(template=flt.template)
    if flt.with_errors:
        qs = qs.filter(error_count__gt=0)
    # Reports whose agency could not be read go last, not first (the empty name sorts first).
    unnamed = Case(When(agency="", then=Value(1)), default=Value(0), output_field=IntegerField())
    return qs.order_by(unnamed, "agency", "-year", "id")


def years_present() -> list[int]:
    return list(
        ReportStats.objects.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct()
    )


def agencies_present() -> list[str]:
    return list(ReportStats.objects.exclude(agency="").order_by("agency").values_list("agency", flat=True).distinct())


def reports_for_agencies(agencies: list[str]) -> QuerySet[ReportStats]:
    return (
        ReportStats.objects.select_related("file")
        .defer("file__extracted_text")
        .filter(agency__in=agencies)
        .order_by("agency", "year", "file__uploaded_at", "id")
    )


@dataclass
class Comparison:
    agencies: list[str]
    years: list[int]
    # values[agency][year] = (value, pointer it was read at, report); absent when no report for that year
    values: dict[str, dict[int, tuple[Any, str | None, ReportStats]]]

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"agency": a, "cells": [self.values.get(a, {}).get(y) for y in self.years]} for a in self.agencies
        ]

    def series(self) -> list[tuple[str, dict[int, float | None]]]:
        return [(a, {y: cell[0] for y, cell in self.values.get(a, {}).items()}) for a in self.agencies]


def comparison(agencies: list[str], figure: MainFigure) -> Comparison:
    """Agency × year for one main figure. With two files for the same agency and year, the latest import
    counts (a re-published or corrected report usually replaces the first)."""
    values: dict[str, dict[int, tuple[Any, str | None, ReportStats]]] = {a: {} for a in agencies}
    years: set[int] = set()
    for r in reports_for_agencies(agencies):
        if r.year is None:
            continue
        values[r.agency][r.year] = (*figure.located(AnnualStats.from_json(r.stats)), r)
        years.add(r.year)
    # Every year between the first and the last, so a missing year shows as a gap, not as a shorter interval.
    span = list(range(min(years), max(years) + 1)) if years else []
    return Comparison(agencies, span, values)


def same_agency_and_year(agency: str, year: int, *, exclude: int | None = None) -> QuerySet[ReportStats]:
    """The library's reports of one agency and year (several when a corrected version was imported too),
    newest import first."""
    qs = ReportStats.objects.select_related("file").filter(agency=agency, year=year)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("-file__uploaded_at", "-id")
