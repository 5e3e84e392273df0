"""The assessment bench's set on a small generated province: every agency scored from its records, with
rates in the shape the province promises, in one query per metric."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import province
from bench.assessment import default_draft


@pytest.mark.django_db
def test_the_default_set_scores_a_small_province():
    from gongkai.web.agencies.models import Agency
    from gongkai.web.supervision.assessment import services

    province.populate(agencies=200, applications=2000, items=3000)
    region = Agency.objects.get(code=province.REGION)
    draft = default_draft(region, province.YEAR)
    assert "website" in {d["key"] for d in draft.indicators} and draft.total == 100
    with CaptureQueriesContext(connection) as q:
        result = services.run(draft)
    assert len(result.results) == 200
    assert len(q) <= 2 * len(result.indicator_set.metrics) + 5  # the set, the tree, one or two per metric
    late = [v["applications_late_share"].value for v in result.values.values()
            if v["applications_late_share"].value is not None]
    assert late and 0 < sum(late) / len(late) < 20  # about 6 % replied late
    on_time = [v["annual_report_on_time"].value for v in result.values.values()]
    assert 0.7 < sum(on_time) / len(on_time) < 0.95  # 90 % published the 2024 report, 5 % of them late
    checked = [v["website_check_score"].value for v in result.values.values()
               if v["website_check_score"].value is not None]
    assert 0.85 < len(checked) / len(result.values) < 1  # 95 % recorded a year-end check
    ranked = [r for r in result.results if r.rank is not None]
    assert ranked[0].rank == 1 and all(a.total >= b.total for a, b in zip(ranked, ranked[1:], strict=False))
