"""`gongkai demo load`'s annual reports: replayed through the services with their historical dates, late
ones on the board, missing ones missing, four eyes kept, files rendered at first download, loaded once."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from gongkai.corpus.annual_plan import plan_annual_reports
from gongkai.corpus.region import generate_region
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.demo import load_region
from gongkai.web.reports import selectors, services
from gongkai.web.reports.demo import load_annual_reports
from gongkai.web.reports.models import AnnualReport, ReportRendering, YearlyFigure

pytestmark = pytest.mark.django_db


def test_demo_annual_reports_through_the_services_once():
    region = generate_region(scale=0.03)
    load_region(region, out=lambda _: None)
    plans = {(p.agency, p.year): p for p in plan_annual_reports(region.agencies, seed=2026)}
    first = load_annual_reports(region, out=lambda _: None)
    published = [p for p in plans.values() if p.published_at]
    assert first.published == len(published) + 3  # and the region's compiled report of each year
    reports = {(r.agency.code, r.year): r for r in AnnualReport.objects.filter(scope="agency").select_related("agency")}
    assert set(reports) == {k for k, p in plans.items() if p.outcome != "none"}
    for key, plan in plans.items():
        r = reports.get(key)
        if r is None:
            continue
        assert r.findings == [] or all(f["severity"] != "error" for f in r.findings), (key, r.findings)
        if plan.published_at:
            assert r.status == "published"
            assert timezone.localtime(r.published_at).replace(tzinfo=None) == plan.published_at
            assert r.built_by is not None and r.approved_by is not None and r.built_by != r.approved_by
        else:
            assert r.status == "checked"
    # The board of 2024 as of the demo's today: three late publications with their dates, the missing ones late.
    gk = Agency.objects.get(code="GK")
    rows = selectors.region_board(gk, 2024, date(2026, 11, 22))
    late = [row for row in rows if row.status == "published_late"]
    assert len(late) == 3 and all(row.published_on > row.deadline for row in late)
    assert sum(1 for row in rows if row.status == "late") == 3
    assert {r.agency.code for r in selectors.published_reports(year=2025) if r.scope == "subtree"} == {"GK"}

    # Files: none rendered while loading; the first download renders and keeps one.
    assert not ReportRendering.objects.exists()
    some = next(r for r in reports.values() if r.status == "published")
    data, _, _ = services.render(some, "xlsx")
    assert bytes(ReportRendering.objects.get().data) == data

    figures = YearlyFigure.objects.count()
    again = load_annual_reports(region, out=lambda _: None)
    assert (again.created, again.published) == (0, 0) and again.existing == first.created
    assert YearlyFigure.objects.count() == figures
