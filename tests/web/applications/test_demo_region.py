"""`gongkai demo load` builds the region through the services, deterministically and only once."""

from __future__ import annotations

import pytest

from gongkai.corpus.region import generate_region
from gongkai.web.applications.demo import load_region
from gongkai.web.applications.models import Application, ApplicationEvent, Letter

pytestmark = pytest.mark.django_db


def test_region_loads_through_the_services_and_twice_adds_nothing():
    region = generate_region(scale=0.05)
    first = load_region(region, out=lambda _: None)
    assert first.created == len(region.applications) > 50
    assert first.agencies == len(region.agencies)
    events = ApplicationEvent.objects.count()
    second = load_region(region, out=lambda _: None)
    assert second.created == 0 and second.existing == len(region.applications)
    assert ApplicationEvent.objects.count() == events
    # Every replayed step went through a service and left its audit row; every reply was issued.
    steps = sum(len(a.steps) for a in region.applications)
    assert events >= steps
    replies = sum(1 for a in region.applications for s in a.steps if s.action == "issue_reply")
    assert Letter.objects.filter(issued=True, kind="reply").count() == replies
    for spec in region.applications[:40]:
        app = Application.objects.get(idempotency_key=spec.key)
        assert app.agency.code == spec.agency
