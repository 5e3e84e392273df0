"""The audit trail is hash-chained (on SQLite as on PostgreSQL): `gongkai audit verify` passes an intact chain
and names the event where a deleted or edited event breaks it; concurrent staff actions keep one chain."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections

from gongkai.cli import main
from gongkai.web.applications import services
from gongkai.web.applications.audit import verify_chain
from gongkai.web.applications.models import ApplicationEvent, AuditChainHead

from .conftest import make_app, person

TABLE = ApplicationEvent._meta.db_table


def _raw(sql: str, params=()) -> None:
    """Tamper as someone with database access would: around the model, and on PostgreSQL around the
    insert-only trigger too (session_replication_role=replica skips ordinary triggers; superuser only)."""
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
def events(db, world):
    for state in ("replied", "consulting", "received"):
        make_app(world, state)
    ids = list(ApplicationEvent.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) >= 8
    return ids


def test_an_intact_chain_verifies(events, capsys):
    status, out = _verify(capsys)
    assert status == 0 and f"{len(events)} event(s), chain intact" in out
    first = ApplicationEvent.objects.order_by("id").first()
    assert first.prev_hash == "0" * 64 and len(first.hash) == 64
    head = AuditChainHead.objects.get(pk=1)
    assert (head.count, head.last_event_id) == (len(events), events[-1])


def test_a_deleted_event_is_found(events, capsys):
    victim = events[4]
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", [victim])
    status, out = _verify(capsys)
    assert status == 1
    assert f"event {events[5]}: the link to the event before it is broken" in out
    assert f"after event {events[3]}" in out


def test_an_edited_event_is_found(events, capsys):
    victim = events[3]
    _raw(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["事后补写的理由", victim])
    status, out = _verify(capsys)
    assert status == 1 and f"event {victim}: its content does not match its hash (edited)" in out


def test_an_edited_action_is_found(events):
    victim = events[2]
    _raw(f"UPDATE {TABLE} SET action = %s WHERE id = %s", ["withdraw", victim])
    count, broken = verify_chain()
    assert broken is not None and broken.event_id == victim and count == 2


def test_the_newest_event_deleted_is_found(events, capsys):
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", [events[-1]])
    status, out = _verify(capsys)
    assert status == 1 and f"1 event(s) after event {events[-2]} are missing" in out


def test_the_model_still_refuses_changes(events):
    event = ApplicationEvent.objects.get(pk=events[0])
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_the_database_still_refuses_changes_to_events(events):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError, match="insert-only"), transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(f"UPDATE {TABLE} SET reason = 'x' WHERE id = %s", [events[0]])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_chain():
    from tests.web.agencies.world import make_world

    world, other = make_world(), make_world(prefix="X")
    # One agency per thread: submissions to one agency already take turns on its number counter, so only
    # different agencies really append at the same moment.
    agencies = [world.dept_a, world.dept_b, other.dept_a, other.dept_b]
    threads_n, per_thread = len(agencies), 6
    barrier = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def submit(agency):
        try:
            barrier.wait(timeout=10)
            for _ in range(per_thread):
                services.application_submit(agency=agency, data=person(), idempotency_key=uuid.uuid4().hex)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(a,)) for a in agencies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    count, broken = verify_chain()
    assert broken is None, broken
    assert count == ApplicationEvent.objects.count() == threads_n * per_thread
    # One total order: every event links to a different predecessor.
    assert ApplicationEvent.objects.values("prev_hash").distinct().count() == count

