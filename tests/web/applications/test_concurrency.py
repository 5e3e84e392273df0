"""Two staff members decide the same application at the same moment: one wins, the other is told, nothing is
lost. Only meaningful on PostgreSQL (row locks); SQLite serialises every write anyway."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime

import pytest
from django.db import connection, connections

from gongkai.core.errors import GongkaiError
from gongkai.web.applications import letters as letter_service
from gongkai.web.applications import services
from gongkai.web.applications.models import Application, ApplicationEvent
from tests.web.agencies.world import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def _received_application(world):
    data = services.ApplicationInput(
        applicant_type="natural_person", applicant_name="张三", id_kind="resident_id",
        id_number="11010519491231002X", phone="13800138000", title="2025年征收补偿方案",
        delivery_form="electronic", delivery_method="email", email="zhang@example.org")
    return services.application_register(
        agency=world.dept_a, data=data, channel="in_person", actor=world.alice,
        submitted_at=datetime(2026, 3, 2, 10, 0).astimezone(), received_on=date(2026, 3, 2))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-lock race needs PostgreSQL")
def test_two_staff_decide_at_once_one_wins(monkeypatch):
    world = make_world()
    app = _received_application(world)
    real_draft = letter_service.draft

    def slow_draft(*args, **kwargs):
        # Hold the transaction open after the state change: without the row lock, both deciders would have
        # read "received" by now and both would succeed.
        time.sleep(0.4)
        return real_draft(*args, **kwargs)

    monkeypatch.setattr(letter_service, "draft", slow_draft)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def decide(user, outcome):
        try:
            barrier.wait()
            services.application_decide(application=Application.objects.get(pk=app.pk), actor=user,
                                        outcome=outcome, on=date(2026, 3, 10))
            results[user.username] = "ok"
        except GongkaiError as exc:
            results[user.username] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(world.alice, "disclosed")),
               threading.Thread(target=decide, args=(world.amy, "unable_not_held"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    winners = [u for u, r in results.items() if r == "ok"]
    losers = [r for r in results.values() if r != "ok"]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].message  # a Chinese message for the one who lost the race
    app.refresh_from_db()
    assert app.state == "decided"
    assert app.outcome == ("disclosed" if winners == ["alice"] else "unable_not_held")
    decided = ApplicationEvent.objects.filter(application=app, action="decide")
    assert decided.count() == 1 and decided.get().actor.username == winners[0]
    assert app.letters.filter(kind="reply", issued=False).count() == 1
