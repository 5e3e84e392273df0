"""Staff publishing at the same moment get consecutive 索引号 serials: no duplicate, no gap. The counter row
is locked in the publishing transaction; on SQLite writers are serialised anyway, on PostgreSQL this is the
row lock at work.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from gongkai.web.registry import services
from gongkai.web.registry.models import Item
from tests.web.agencies.world import make_world
from tests.web.registry.conftest import POLICY, with_codes

pytestmark = pytest.mark.django_db(transaction=True)
ON = date(2026, 11, 10)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a row-lock race needs PostgreSQL (SQLite's test database is shared in memory)")
def test_concurrent_publications_get_consecutive_serials():
    world = with_codes(make_world())
    items = []
    for n in range(8):
        item = services.item_create(agency=world.dept_a, actor=world.alice, today=ON,
                                    fields={**POLICY, "title": f"并发发布{n}"})
        services.item_review(item=item, actor=world.alice, passed=True, on=ON)
        services.item_approve(item=item, actor=world.alice, on=ON)
        items.append(item)
    barrier = threading.Barrier(len(items))
    errors = []

    def publish(item):
        try:
            barrier.wait()
            services.item_publish(item=Item.objects.get(pk=item.pk), actor=world.alice, on=ON)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(i,)) for i in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    serials = sorted(Item.objects.filter(agency=world.dept_a).values_list("index_serial", flat=True))
    assert serials == list(range(1, 9))
