"""The generated province the supervision benchmarks measure: its shape, at a small size."""

from __future__ import annotations

import pytest

from bench import province


@pytest.mark.django_db
def test_a_small_province_has_the_promised_shape():
    from django.db.models import F

    from gongkai.web.agencies.models import Agency
    from gongkai.web.applications.models import Application, ReviewCase
    from gongkai.web.engagement.models import EngagementRecord, Message
    from gongkai.web.registry.models import Item
    from gongkai.web.reports.models import AnnualReport

    out = province.populate(agencies=200, applications=2000, items=3000)
    assert out["agencies"] == 200 == Agency.objects.exclude(level="region").count()
    region = Agency.objects.get(code=province.REGION)
    assert Agency.objects.filter(parent__parent=region, level="government").count() == 14  # the cities
    assert Application.objects.count() == 2000
    concluded = Application.objects.filter(concluded_on__isnull=False)
    late = concluded.filter(replied_on__gt=F("due_date")).count()
    assert 0 < late < concluded.count() * 0.2
    assert ReviewCase.objects.exists()
    assert Item.objects.filter(state="published").count() == 3000
    assert Message.objects.count() == 200 * 20 and EngagementRecord.objects.count() == 200 * 10
    published = AnnualReport.objects.filter(year=province.YEAR - 1, status="published").count()
    assert 150 < published < 200
    assert region.memberships.filter(user__username=province.SUPERVISOR, role="supervisor").exists()
    from gongkai.web.supervision.models import PlatformCheckRun

    assert 170 < PlatformCheckRun.objects.filter(checked_on__year=province.YEAR).count() < 200
