"""Fixtures for the registry tests: the standard world with agency codes, and `publish_item`, which brings an
item from draft to published through the services as staff would (alice drafts, reviews, approves and
publishes in A; bob in B)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.registry.codes import make_org_code, make_uscc
from tests.web.agencies.world import make_world, world_clients  # noqa: F401  (fixtures)


def uscc_for(area: str, org_body: str) -> str:
    """A valid 统一社会信用代码 of an organ (登记管理部门 1, 机关 1) in area `area` (6 digits)."""
    return make_uscc(f"11{area}{make_org_code(org_body)}")


def with_codes(world):
    from gongkai.web.agencies.models import Agency

    codes = {world.gov: uscc_for("999900", "W0000001"), world.dept_a: uscc_for("999900", "W000000A"),
             world.dept_b: None}
    for agency, code in codes.items():
        if code:
            Agency.objects.filter(pk=agency.pk).update(uscc=code)
        agency.refresh_from_db()
    # B has only an old organisation code: its 索引号 use the 9 characters.
    Agency.objects.filter(pk=world.dept_b.pk).update(org_code=make_org_code("W000000B")[:8] + "-"
                                                     + make_org_code("W000000B")[8])
    world.dept_b.refresh_from_db()
    return world


@pytest.fixture
def world(db):
    return with_codes(make_world())


POLICY = dict(title="示例市甲局关于进一步优化营商环境的若干措施", doc_number="示甲发〔2026〕12号",
              written_on=date(2026, 11, 2), formed_on=date(2026, 11, 3), subject="0302", genre="normative",
              art20=["1"], body_html="<p>为进一步优化营商环境，制定以下措施。</p><p>一、压减审批时限。</p>",
              channels=["portal"])


def publish_item(world, *, agency=None, on: date = date(2026, 11, 10), **fields):
    from gongkai.web.registry import services

    agency = agency or world.dept_a
    actor = world.alice if agency.pk == world.dept_a.pk else world.bob
    values = {**POLICY, **fields}
    item = services.item_create(agency=agency, actor=actor, fields=values, today=on)
    services.item_review(item=item, actor=actor, passed=True, on=on)
    services.item_approve(item=item, actor=actor, on=on)
    return services.item_publish(item=item, actor=actor, on=on)
