"""`gongkai demo load`'s message boxes: every agency has its boxes and a year of messages, deterministic,
through the services (audit chain intact), with the mix the pages need, loaded once."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from gongkai.core.engagement import messages as rules
from gongkai.corpus.region import generate_region
from gongkai.corpus.registry_items import REGISTRY_TODAY
from gongkai.web.applications.clock import current_calendar
from gongkai.web.applications.demo import load_region
from gongkai.web.engagement.audit import verify_chain
from gongkai.web.engagement.demo import load_messages
from gongkai.web.engagement.models import Message, MessageBox, MessageEvent

pytestmark = pytest.mark.django_db


def _signature():
    return sorted(Message.objects.values_list("agency__code", "subject", "received_at", "state", "published"))


def test_demo_messages_load_once_with_a_realistic_mix():
    region = generate_region(scale=0.01)
    load_region(replace(region, applications=()), out=lambda _: None)  # agencies and staff
    first = load_messages(region, today=REGISTRY_TODAY, scale=1.0, out=lambda _: None)
    agencies = {a.code for a in region.agencies if a.level != "region"}
    assert set(MessageBox.objects.values_list("agency__code", flat=True).distinct()) == agencies
    messages = list(Message.objects.all())
    assert first.created == len(messages) > 400
    assert all(REGISTRY_TODAY - timedelta(days=366) <= m.received_on <= REGISTRY_TODAY + timedelta(days=10)
               for m in messages)
    calendar = current_calendar()
    statuses = [rules.status(state=m.state, due_on=m.due_on, replied_on=m.replied_on, today=REGISTRY_TODAY,
                             calendar=calendar) for m in messages]
    share = {s: statuses.count(s) / len(statuses) for s in set(statuses)}
    assert share["replied"] > 0.55 and 0.03 < share["replied_late"] < 0.25 and 0.01 < share["invalid"] < 0.15
    stale = [m for m in messages if rules.unanswered_too_long(state=m.state, received_on=m.received_on,
                                                             replied_on=m.replied_on, today=REGISTRY_TODAY)
             and m.replied_on is None]
    assert len(stale) >= 5  # a few valid messages unanswered for more than three months (19号)
    published = [m for m in messages if m.published]
    assert len(published) == first.published > 50
    for m in published:
        assert m.may_publish and m.state == "replied"
        assert m.writer_name not in m.published_question and m.contact not in m.published_question
        assert rules.contains_personal_data(m.published_question, names=[m.writer_name]) == ()
    # at least one published question had something removed
    assert any("已隐去】" in m.published_question or "×××" in m.published_question for m in published)
    assert verify_chain() == (MessageEvent.objects.count(), None)

    signature = _signature()
    again = load_messages(region, today=REGISTRY_TODAY, scale=1.0, out=lambda _: None)
    assert again.created == 0 and again.existing == len(agencies)
    assert _signature() == signature
