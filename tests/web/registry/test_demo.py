"""`gongkai demo load`'s registry: stored with every invariant of the services, deterministic, loaded once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pytest

from gongkai.core import audit_chain
from gongkai.core.registry.codes import uscc_valid
from gongkai.corpus.region import generate_region
from gongkai.corpus.registry_items import REGISTRY_TODAY, generate_registry
from gongkai.web.applications.demo import load_region
from gongkai.web.registry import services
from gongkai.web.registry.audit import verify_chain
from gongkai.web.registry.demo import load_registry
from gongkai.web.registry.models import (
    ConfidentialityReview,
    GazetteIssue,
    Item,
    ItemEvent,
    RegistryChainHead,
    SerialCounter,
)

pytestmark = pytest.mark.django_db


def test_the_plan_is_deterministic_and_never_in_the_future():
    region = generate_region(scale=0.01)
    a = generate_registry(region.agencies, scale=0.03)
    assert a == generate_registry(region.agencies, scale=0.03)
    assert all(s.formed_on <= (s.published_on or s.formed_on) <= REGISTRY_TODAY for s in a.items)
    genres = {s.genre for s in a.items}
    assert {"rule", "normative", "interpretation", "news", "notice", "budget", "statistics", "plan"} <= genres
    assert all(uscc_valid(code) for code in a.uscc.values())
    full = generate_registry(region.agencies, scale=1.0)
    assert 17_000 <= len(full.items) <= 23_000  # "about 20,000"
    assert sum(1 for s in full.items if s.validity_change and s.validity_change.successor) > 20
    assert sum(1 for s in full.items if s.catalogue) > 100


def test_items_filed_under_a_catalogue_line_are_about_it():
    from gongkai.corpus.registry_items import LINE_TOPICS

    region = generate_region(scale=0.01)
    plan = generate_registry(region.agencies, scale=0.2)
    filed = [s for s in plan.items if s.catalogue]
    assert len(filed) > 50
    for spec in filed:
        line = spec.catalogue.rsplit("@", 1)[1]
        assert spec.catalogue.startswith(spec.agency + "@")
        if spec.genre != "licensing":  # 行政许可办理结果公示 names no topic
            assert LINE_TOPICS.get(line, line) in spec.title, (spec.title, line)


def test_registry_loads_with_every_invariant_and_twice_adds_nothing():
    region = generate_region(scale=0.01)
    load_region(replace(region, applications=()), out=lambda _: None)  # agencies and staff
    # A small plan (seed 1) that holds every kind of event the loader must store; said first, so a change of
    # the generator that loses one fails here rather than passing without checking it.
    plan = generate_registry(region.agencies, scale=0.03, seed=1)
    changes = [s.validity_change for s in plan.items if s.validity_change]
    assert any(c.successor for c in changes) and any(s.withdrawn for s in plan.items)
    assert any(s.catalogue for s in plan.items) and plan.gazette
    first = load_registry(region, plan, today=REGISTRY_TODAY, out=lambda _: None)
    assert first.created == len(plan.items) > 300
    published = Item.objects.exclude(index_no=None)
    assert published.count() == sum(1 for s in plan.items if s.published_on)
    assert first.filed == Item.objects.filter(state="filed").count() > 0
    for item in Item.objects.filter(state="filed"):
        assert item.attribute != "active" and item.withholding_reason and item.withholding_basis

    # Gapless serials per agency and year, continuing the counter.
    serials = defaultdict(list)
    for agency_id, year, serial in published.values_list("agency_id", "index_year", "index_serial"):
        serials[(agency_id, year)].append(serial)
    for (agency_id, year), got in serials.items():
        assert sorted(got) == list(range(1, len(got) + 1))
        assert SerialCounter.objects.get(agency_id=agency_id, year=year).value == len(got)
    # Every published item: a passed review, version 1 equal to what services.snapshot says, its index code.
    assert ConfidentialityReview.objects.filter(passed=True).count() >= published.count()
    # (Every item, in a fixed order: a random sample made this test pass or fail by luck.) Validity changes
    # and gazette entries change the item after version 1 without a new version, by design.
    for item in published.select_related("agency").order_by("pk"):
        version = item.versions.get(number=1)
        assert version.review.passed and version.snapshot["index_no"] == item.index_no
        if item.state == "published" and "gazette" not in item.channels and item.validity_from is None:
            assert version.snapshot == services.snapshot(item)
        assert item.index_no.startswith(item.agency.uscc + "/")
    # One audit chain, unbroken, ending at the head.
    prev = audit_chain.GENESIS
    last = None
    for event in ItemEvent.objects.order_by("id"):
        assert event.prev_hash == prev
        assert event.hash == audit_chain.event_hash(event.chain_fields(), prev)
        prev, last = event.hash, event
    head = RegistryChainHead.objects.get(pk=1)
    assert (head.last_hash, head.last_event_id, head.count) == (prev, last.pk, ItemEvent.objects.count())
    assert verify_chain() == (ItemEvent.objects.count(), None)  # what `gongkai audit verify` reads

    # What the demo shows: interpretations, late ones, repeals/amendments with successors, withdrawals, the
    # gazette in order, catalogue lines with items.
    assert Item.objects.filter(genre="interpretation", interprets__isnull=False).exists()
    assert Item.objects.filter(published_late=True).exists()
    replaced = sum(1 for s in plan.items if s.validity_change and s.validity_change.successor)
    assert Item.objects.filter(validity__in=("repealed", "amended"), successor__isnull=False).count() == replaced > 0
    assert first.validity_changes == Item.objects.filter(validity_from__isnull=False).count() > 0
    assert all(i.withdrawn_reason for i in Item.objects.filter(state="withdrawn"))
    assert first.withdrawn == Item.objects.filter(state="withdrawn").count()
    issues = GazetteIssue.objects.filter(published=True)
    assert issues.count() == first.gazette_issues > 0
    for issue in issues[:5]:
        sorts = list(issue.entries.values_list("sort", flat=True))
        assert sorts == list(range(1, len(sorts) + 1))
        assert all("gazette" in e.item.channels for e in issue.entries.all())
    assert Item.objects.filter(catalogue_entry__isnull=False).exists()
    assert Item.objects.filter(channels__icontains='"press_conference"').exists()
    assert not Item.objects.filter(published_on__gt=REGISTRY_TODAY).exists()

    items, events = Item.objects.count(), ItemEvent.objects.count()
    again = load_registry(region, plan, today=REGISTRY_TODAY, out=lambda _: None)
    assert (again.created, again.existing, again.gazette_issues, again.catalogue) == (0, len(plan.items), 0, 0)
    assert (Item.objects.count(), ItemEvent.objects.count()) == (items, events)
