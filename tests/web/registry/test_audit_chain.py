"""The registry's audit trail (ItemEvent) is hash-chained like the applications': `gongkai audit verify`
walks it too and names the event where an edit or a deletion by SQL breaks it."""

from __future__ import annotations

import pytest
from django.db import connection

from gongkai.cli import main
from gongkai.web.registry.audit import verify_chain
from gongkai.web.registry.models import ItemEvent, RegistryChainHead
from tests.web.registry.conftest import publish_item

pytestmark = pytest.mark.django_db
TABLE = ItemEvent._meta.db_table


def _raw(sql: str, params=()) -> None:
    """Tamper around the model, as someone with database access would (and around a trigger, if any)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = replica")
        cur.execute(sql, params)
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = DEFAULT")


def _verify(capsys) -> tuple[int, str]:
    status = main(["audit", "verify"])
    out = capsys.readouterr()
    return status, out.out + out.err


@pytest.fixture
def events(world):
    publish_item(world)
    publish_item(world, title="第二件")
    ids = list(ItemEvent.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) == 8  # create, review, approve, publish × 2
    return ids


def test_an_intact_registry_chain_verifies(events, capsys):
    status, out = _verify(capsys)
    assert status == 0 and f"registry: {len(events)} event(s), chain intact" in out
    assert "audit verify: 0 event(s), chain intact" in out  # the applications' trail, empty here
    head = RegistryChainHead.objects.get(pk=1)
    assert (head.count, head.last_event_id) == (len(events), events[-1])


def test_an_event_edited_by_sql_breaks_the_chain(events, capsys):
    victim = events[2]
    _raw(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["事后补写的意见", victim])
    status, out = _verify(capsys)
    assert status == 1
    assert f"registry: chain broken after 2 intact event(s): event {victim}: its content does not match its hash" in out


def test_a_deleted_registry_event_breaks_the_chain(events):
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", [events[4]])
    count, broken = verify_chain()
    assert broken is not None and broken.event_id == events[5] and count == 4
