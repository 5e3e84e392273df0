"""The demo region's annual-report history (gongkai.corpus.annual_plan): fixed dates on the right side of the
legal deadlines, a few late and a few missing each year, and table 二 figures complete and carried over."""

from __future__ import annotations

from collections import Counter
from datetime import date

from gongkai.core.annual import publication_deadline
from gongkai.core.clock import WorkCalendar
from gongkai.core.templates import template_for_year
from gongkai.corpus.annual_plan import (
    CITY_GOVERNMENT,
    LATE_PER_YEAR,
    MISSING_PER_YEAR,
    YEARS,
    plan_annual_reports,
)
from gongkai.corpus.region import generate_region

AGENCIES = generate_region(seed=2026, scale=0.05).agencies
PLANS = plan_annual_reports(AGENCIES, seed=2026)
LEVEL = {a.code: a.level for a in AGENCIES}
CAL = WorkCalendar.official()


def test_one_plan_per_reporting_agency_and_year_and_the_same_every_time():
    reporting = [a.code for a in AGENCIES if a.level != "region"]
    assert [(p.year, p.agency) for p in PLANS] == [(y, c) for y in YEARS for c in reporting]
    assert plan_annual_reports(AGENCIES, seed=2026) == PLANS
    assert plan_annual_reports(AGENCIES, seed=7) != PLANS


def test_each_year_a_few_are_late_and_a_few_missing():
    by_year = Counter((p.year, p.outcome) for p in PLANS)
    for y in YEARS:
        assert by_year[(y, "late")] == LATE_PER_YEAR
        assert by_year[(y, "none")] + by_year[(y, "unpublished")] == MISSING_PER_YEAR
        assert by_year[(y, "unpublished")] == 1
    assert all(p.outcome == "published" for p in PLANS if p.agency == CITY_GOVERNMENT)


def test_publication_dates_are_fixed_history_on_working_days_on_the_right_side_of_the_deadline():
    for p in PLANS:
        assert p.deadline == publication_deadline(LEVEL[p.agency], p.year)
        if p.outcome in ("none", "unpublished"):
            assert p.published_at is None and p.approved_at is None
            continue
        day = p.published_at.date()
        assert date(p.year + 1, 1, 1) <= day <= date(p.year + 1, 5, 31)  # early in the following year
        assert CAL.is_workday(day)
        assert (day > p.deadline) == (p.outcome == "late")
        assert p.built_at < p.approved_at < p.published_at


def test_table2_complete_in_the_years_format_and_in_force_carried_over():
    for p in PLANS:
        if p.outcome == "none":
            assert p.figures == {}
            continue
        cells = [f"/table2/{r.key}/{c.key}" for b in template_for_year(p.year).table2 for r in b.rows for c in b.columns]
        assert list(p.figures) == cells
        assert all(v is not None and v >= 0 for v in p.figures.values())
        if p.agency != CITY_GOVERNMENT:
            assert {p.figures[f"/table2/regulations/{c}"] for c in ("issued", "repealed", "in_force")} == {0}
    previous = {}
    for p in PLANS:
        if not p.figures:
            continue
        for row in ("normative_documents", "regulations"):
            base = f"/table2/{row}"
            key = (p.agency, row, p.year - 1)
            if key in previous:
                assert p.figures[f"{base}/in_force"] == (previous[key] + p.figures[f"{base}/issued"]
                                                         - p.figures[f"{base}/repealed"])
            previous[(p.agency, row, p.year)] = p.figures[f"{base}/in_force"]
