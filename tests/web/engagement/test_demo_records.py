"""The demo's engagement records and the portal's 政府网站工作年度报表: loaded through the services, deterministic,
realistic (press conferences linked to the agency's own documents, trainings with trainees), and once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gongkai.corpus.region import generate_region
from gongkai.corpus.registry_items import REGISTRY_TODAY, generate_registry
from gongkai.web.applications.demo import load_region
from gongkai.web.engagement.demo_records import START, load_records
from gongkai.web.engagement.models import EngagementRecord
from gongkai.web.engagement.models_records import RecordEvent
from gongkai.web.registry.demo import load_registry
from gongkai.web.supervision.demo_website_report import PORTAL, load_website_reports
from gongkai.web.supervision.models import WebsiteReport

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(EngagementRecord.objects.values_list("agency__code", "kind", "held_on", "topic", "participants"))


def test_demo_records_and_website_reports_load_once_and_deterministically():
    region = generate_region(scale=0.01)
    load_region(replace(region, applications=()), out=lambda _: None)
    load_registry(region, generate_registry(region.agencies, scale=0.03), today=REGISTRY_TODAY, out=lambda _: None)
    first = load_records(region, seed=7, today=REGISTRY_TODAY, out=lambda _: None)
    assert first.created == EngagementRecord.objects.count() > 50
    assert RecordEvent.objects.count() == first.created
    records = EngagementRecord.objects.all()
    assert all(START <= r.held_on <= REGISTRY_TODAY for r in records)
    assert {"press_conference", "online_interview", "hotspot_response", "meeting", "training"} <= {
        r.kind for r in records}
    assert all(r.participants and r.participants >= 25 for r in records.filter(kind="training"))
    linked = [(r, i) for r in records.filter(kind="press_conference") for i in r.items.all()]
    assert linked and all(i.agency_id == r.agency_id and i.published_on <= r.held_on for r, i in linked)
    snapshot = _snapshot()
    again = load_records(region, seed=7, today=REGISTRY_TODAY, out=lambda _: None)
    assert again.created == 0 and _snapshot() == snapshot

    created, existing = load_website_reports(seed=7, today=REGISTRY_TODAY)
    assert (created, existing) == (2, 0)
    last_year = WebsiteReport.objects.get(agency__code=PORTAL, year=REGISTRY_TODAY.year - 1)
    assert last_year.is_published and last_year.published_on.isoformat() == f"{REGISTRY_TODAY.year}-01-20"
    draft = WebsiteReport.objects.get(agency__code=PORTAL, year=REGISTRY_TODAY.year)
    assert draft.status == "draft"
    origins = {v["origin"] for v in draft.values.values()}
    assert origins == {"generated", "entered"}
    assert draft.values["hotspot"]["origin"] == "generated" and draft.values["hotspot"]["value"] > 0
    assert load_website_reports(seed=7, today=REGISTRY_TODAY) == (0, 2)
