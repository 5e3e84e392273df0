"""Fixtures for the supervision tests: the standard world with agency codes (the registry needs them to
publish), and records made through the services as in real use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.web.agencies.world import make_world, world_clients  # noqa: F401  (fixtures)
from tests.web.applications.conftest import at, make_app, person
from tests.web.registry.conftest import publish_item, with_codes

__all__ = ["at", "late_app", "make_app", "make_message", "person", "publish_item", "world", "world_clients"]


@pytest.fixture
def world(db):
    return with_codes(make_world())


def late_app(world, *, received: date, late_by_days: int = 40):
    """An application of A disclosed and replied `late_by_days` calendar days after receipt (past its
    20-working-day due date), through the services."""
    from gongkai.web.applications import services

    app = services.application_register(agency=world.dept_a, data=person(), channel="in_person", actor=world.alice,
                                        submitted_at=at(received), received_on=received)
    day = received + timedelta(days=late_by_days)
    services.application_decide(application=app, actor=world.amy, outcome="disclosed", on=day)
    services.reply_issue(application=app, actor=world.amy, on=day, render=False)
    app.refresh_from_db()
    return app


def make_message(agency, *, received: date, due: date, replied: date | None = None, state: str | None = None,
                 code: str = ""):
    """A message in one of the agency's boxes. The message boxes' services are another room's work; the rows
    are what the providers count."""
    from django.utils import timezone

    from gongkai.web.engagement.models import Message, MessageBox

    box, _ = MessageBox.objects.get_or_create(agency=agency, kind="leader", name="局长信箱")
    return Message.objects.create(
        box=box, agency=agency, tracking_code=code or f"M{Message.objects.count() + 1:08d}",
        writer_name="李四光", contact="13900139000", subject="关于路灯的建议", body="人民路路灯不亮。",
        received_at=timezone.make_aware(timezone.datetime(received.year, received.month, received.day, 9)),
        received_on=received, due_on=due, state=state or ("replied" if replied else "received"),
        replied_on=replied, reply="已修复。" if replied else "")
