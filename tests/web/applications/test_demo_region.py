"""`gongkai demo load` builds the region through the services, deterministically and only once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gongkai.corpus.region import generate_region
from gongkai.web.applications.demo import DEMO_STAFF_PASSWORD, load_region
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


def test_the_region_reads_as_a_tree_city_government_its_departments_then_each_county(client):
    from gongkai.web.agencies.selectors import agency_tree

    region = generate_region(scale=0.01)
    load_region(replace(region, applications=()), out=lambda _: None)  # the agencies and staff are enough
    entries = agency_tree()
    codes = [e.agency.code for e in entries]
    assert codes == [spec.code for spec in region.agencies]  # the generator's order, parents first
    under_city = [e.agency for e in entries if e.agency.parent and e.agency.parent.code == "GK-GOV"]
    levels = [a.level for a in under_city]
    first_county = levels.index("government")
    assert first_county > 10 and set(levels[:first_county]) == {"department"}  # departments, then counties
    assert set(levels[first_county:]) == {"government"}

    # The /apply/ list shows that tree: the city government, its departments, then each county with its own.
    page = client.get("/apply/").content.decode()
    positions = [page.index(f'href="/apply/{a.code}/"') for a in (
        under_city[0].parent, under_city[0], under_city[first_county - 1], under_city[first_county])]
    assert positions == sorted(positions)
    county = under_city[first_county]
    first_county_department = next(e.agency for e in entries if e.agency.parent_id == county.pk)
    second_county = under_city[first_county + 1]
    assert (page.index(f'href="/apply/{county.code}/"') < page.index(f'href="/apply/{first_county_department.code}/"')
            < page.index(f'href="/apply/{second_county.code}/"'))


@pytest.mark.parametrize(("demo", "debug"), [(True, False), (False, True)])
def test_staff_get_the_published_password_in_demo_mode_only(settings, demo, debug):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    login = RequestFactory().post("/work/login/")  # as the login views pass it (django-axes needs the request)

    settings.DEMO, settings.DEBUG = demo, debug
    load_region(replace(generate_region(scale=0.01), applications=()), out=lambda _: None)
    user = authenticate(login, username="gk-gov-handler", password=DEMO_STAFF_PASSWORD)
    assert (user is not None) is demo
