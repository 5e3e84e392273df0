"""The database counts equal the pure reference counts of gongkai.core.annual, on random records."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core.annual import count_table3, count_table4
from gongkai.web.reports import aggregation

from .conftest import random_records

pytestmark = pytest.mark.django_db


def _nonzero(counts: dict) -> dict:
    return {k: v for k, v in counts.items() if v}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_database_counts_equal_the_core_reference(world, seed):
    rng = random.Random(seed)
    agencies = [world.gov, world.dept_a, world.dept_b]
    facts, cases, _ = random_records(rng, agencies, n=250)
    for year in range(2019, 2026):
        for members in ([world.dept_a], [world.dept_a, world.dept_b], agencies):
            ids = [a.pk for a in members]
            app_facts = [f for a in members for f in facts[a.pk]]
            case_facts = [c for a in members for c in cases[a.pk]]
            assert _nonzero(aggregation.table3_counts(ids, year)) == _nonzero(count_table3(app_facts, year))
            assert _nonzero(aggregation.table4_counts(ids, year)) == _nonzero(count_table4(case_facts, year))


def test_every_row_kind_occurs_in_the_random_data(world, rng):
    """The equality above is not vacuous: new, carried-over, result and carried-forward cells, pending and
    decided cases all occur."""
    facts, _, _ = random_records(rng, [world.dept_a], n=250)
    t3 = aggregation.table3_counts([world.dept_a.pk], 2022)
    rows = {row for row, _ in t3}
    assert {"new", "carried_over", "carried_forward"} <= rows
    assert len(rows - {"new", "carried_over", "carried_forward"}) >= 5
    t4 = aggregation.table4_counts([world.dept_a.pk], 2022)
    assert {result for _, result in t4} >= {"pending", "upheld"}


def test_one_query_per_table_whatever_the_number_of_agencies(world, rng):
    random_records(rng, [world.gov, world.dept_a, world.dept_b], n=60)
    ids = [world.gov.pk, world.dept_a.pk, world.dept_b.pk]
    with CaptureQueriesContext(connection) as ctx:
        aggregation.table3_counts(ids, 2022)
    assert len(ctx.captured_queries) == 1
    assert "GROUP BY" in ctx.captured_queries[0]["sql"].upper()
    with CaptureQueriesContext(connection) as ctx:
        aggregation.table4_counts(ids, 2022)
    assert len(ctx.captured_queries) == 1
    assert "GROUP BY" in ctx.captured_queries[0]["sql"].upper()


def test_fees_collected_in_the_year(world, rng):
    _, _, fee_total = random_records(rng, [world.dept_a, world.dept_b], n=200)
    assert any(fee_total.values())
    for year in range(2019, 2026):
        expected = sum(v for (agency_id, y), v in fee_total.items() if y == year)
        assert aggregation.fees_collected([world.dept_a.pk, world.dept_b.pk], year) == expected
        assert aggregation.fees_collected([world.dept_a.pk], year) == fee_total.get((world.dept_a.pk, year), 0)


def test_never_received_and_other_agencies_count_nowhere(world):
    from datetime import date

    from django.utils import timezone

    from gongkai.web.applications.models import Application

    Application.objects.create(
        agency=world.dept_a, tracking_code="T1", number="1", state="awaiting_confirmation",
        applicant_type="natural_person", applicant_name="某", id_kind="resident_id", id_number="x", title="t",
        delivery_form="electronic", delivery_method="email", channel="fax", submitted_at=timezone.now())
    Application.objects.create(
        agency=world.dept_b, tracking_code="T2", number="2", state="received",
        applicant_type="commercial", applicant_name="某", id_kind="resident_id", id_number="x", title="t",
        delivery_form="electronic", delivery_method="email", channel="fax", submitted_at=timezone.now(),
        received_on=date(2024, 5, 6))
    assert aggregation.table3_counts([world.dept_a.pk], 2024) == {}
    assert aggregation.table3_counts([world.dept_b.pk], 2024) == {("new", "commercial"): 1,
                                                                  ("carried_forward", "commercial"): 1}
