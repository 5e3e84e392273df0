"""The standard test world for isolation tests, importable from any test package:

    from tests.web.agencies.world import make_world
    w = make_world()            # needs the database (pytest.mark.django_db / the `db` fixture)
    w.dept_a, w.alice, ...

Region 示例市 (code W) → 示例市人民政府 (W-GOV) → 示例市甲局 (W-A) and 示例市乙局 (W-B).
    alice  handler + registrar + reviewer + office head (agrees to extensions) in A
    amy    handler in A (alice's colleague)
    bob    registrar, handler, reviewer and agency_admin in B
    sue    supervisor of the region (aggregated figures of the whole tree; no application access)
    root   a superuser with no role anywhere (administers, is not agency staff)
Every user's password is "pw". Writes go through the services, as in real use.

`world` and `world_clients` are pytest fixtures over the same function (import them into a conftest, or
use make_world directly).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

PASSWORD = "pw"


def make_user(username: str, **extra):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username, password=PASSWORD, email=f"{username}@example.org", **extra)


def make_world(*, prefix: str = "W") -> SimpleNamespace:
    """Build the world. `prefix` lets a test build two disjoint worlds (codes W-..., X-...); usernames get
    the prefix appended when it is not the default."""
    from gongkai.web.agencies.services import agency_upsert, membership_grant

    region, _ = agency_upsert(code=prefix, name="示例市", level="region")
    gov, _ = agency_upsert(code=f"{prefix}-GOV", name="示例市人民政府", level="government", parent=region,
                           address="示例市人民路1号", phone="0999-88100000", email="zfxxgk@shili.example")
    dept_a, _ = agency_upsert(code=f"{prefix}-A", name="示例市甲局", level="department", parent=gov,
                              address="示例市人民路101号", phone="0999-88100001", email="a@shili.example")
    dept_b, _ = agency_upsert(code=f"{prefix}-B", name="示例市乙局", level="department", parent=gov,
                              address="示例市人民路102号", phone="0999-88100002", email="b@shili.example")

    suffix = "" if prefix == "W" else f"_{prefix.lower()}"
    alice, amy, bob, sue = (make_user(f"{n}{suffix}") for n in ("alice", "amy", "bob", "sue"))
    root = make_user(f"root{suffix}", is_staff=True, is_superuser=True)
    for role in ("handler", "registrar", "reviewer", "office_head"):
        membership_grant(user=alice, agency=dept_a, role=role)
    membership_grant(user=amy, agency=dept_a, role="handler")
    for role in ("registrar", "handler", "reviewer", "agency_admin"):
        membership_grant(user=bob, agency=dept_b, role=role)
    membership_grant(user=sue, agency=region, role="supervisor")
    return SimpleNamespace(region=region, gov=gov, dept_a=dept_a, dept_b=dept_b,
                           alice=alice, amy=amy, bob=bob, sue=sue, root=root,
                           users={"alice": alice, "amy": amy, "bob": bob, "sue": sue, "root": root})


@pytest.fixture
def world(db) -> SimpleNamespace:
    return make_world()


@pytest.fixture
def world_clients(world) -> dict:
    """A logged-in django.test.Client per user of the world, by username."""
    from django.test import Client

    clients = {}
    for name, user in world.users.items():
        c = Client()
        c.force_login(user)
        clients[name] = c
    return clients
