"""Shared fixtures for the message-box tests: the standard world (tests/web/agencies/world.py) with a box
in 示例市甲局 (W-A) and one in 示例市乙局 (W-B), and helpers that go through the public form and the services.

    box_a, box_b                       10-working-day boxes (领导信箱 of A, 咨询 of B)
    write(client, agency, **fields)    the public form: opens it (for the key), posts it; returns the response
    submit(box, **fields) -> Message   message_submit, as the form would
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.web.agencies.world import make_world, world_clients  # noqa: F401  (fixtures)

# The registry's world: the standard one with 统一社会信用代码, so the records tests can publish items.
from tests.web.registry.conftest import publish_item, world  # noqa: F401  (fixtures and helper)

NAME = "王小明"
PHONE = "13912345678"
BODY = ("我叫王小明，住在幸福小区3栋。小区旁工地每天夜里施工到凌晨两点，噪音很大。"
        "请问夜间施工是否经过审批？我的电话13912345678。")


def fields(**extra) -> dict:
    data = {"writer_name": NAME, "contact": PHONE, "subject": "工地夜间施工噪音扰民", "body": BODY,
            "may_publish": "on"}
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def box_a(world):  # noqa: F811  (the imported fixture)
    from gongkai.web.engagement.models import MessageBox

    return MessageBox.objects.create(agency=world.dept_a, kind="leader", name="局长信箱", reply_workdays=10)


@pytest.fixture
def box_b(world):  # noqa: F811
    from gongkai.web.engagement.models import MessageBox

    return MessageBox.objects.create(agency=world.dept_b, kind="consult", name="咨询留言", reply_workdays=5)


def open_form(client, agency) -> str:
    import re

    html = client.get(f"/gk/{agency.code}/messages/write/").content.decode()
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


def write(client, box, **extra):
    key = open_form(client, box.agency)
    return client.post(f"/gk/{box.agency.code}/messages/write/",
                       {"box": str(box.pk), "idempotency_key": key, **fields(**extra)})


def submit(box, **extra):
    from gongkai.core.engagement.messages import MessageInput
    from gongkai.web.engagement import services

    data = fields(**extra)
    return services.message_submit(box=box, data=MessageInput(
        writer_name=data["writer_name"], contact=data["contact"], subject=data["subject"], body=data["body"],
        may_publish=data.get("may_publish") == "on"))
