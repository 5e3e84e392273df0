"""Reads: roles per agency, the subtree, the tree order, what letters print about an agency."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from gongkai.web.agencies.access import get_agency_for_user, require_role, staff_agencies
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import (
    agencies_for_user,
    agency_tree,
    ancestors,
    subtree_ids,
    supervised_ids,
    user_roles,
)
from gongkai.web.agencies.services import agency_upsert, membership_grant

from .world import make_world

pytestmark = pytest.mark.django_db


def test_world_roles(world):
    w = world
    assert user_roles(w.alice, w.dept_a) == {"handler", "registrar", "reviewer", "office_head"}
    assert user_roles(w.amy, w.dept_a) == {"handler"}
    assert user_roles(w.alice, w.dept_b) == set()
    assert user_roles(w.bob, w.dept_b) == {"registrar", "handler", "reviewer", "agency_admin"}
    assert user_roles(w.sue, w.region) == {"supervisor"}
    # Roles are not inherited down the tree, and a superuser holds none by being one.
    assert user_roles(w.sue, w.dept_a) == set()
    assert all(user_roles(w.root, a) == set() for a in (w.region, w.gov, w.dept_a, w.dept_b))
    assert list(agencies_for_user(w.alice)) == [w.dept_a]
    assert list(agencies_for_user(w.bob, "reviewer")) == [w.dept_b]
    assert list(agencies_for_user(w.bob, ["supervisor"])) == []
    assert set(staff_agencies(w.alice)) == {w.dept_a} and not staff_agencies(w.sue).exists()
    assert not agencies_for_user(w.root).exists()


def test_inactive_and_anonymous_users_hold_no_role(world):
    from django.contrib.auth.models import AnonymousUser

    world.alice.is_active = False
    assert user_roles(world.alice, world.dept_a) == set()
    assert not agencies_for_user(world.alice).exists()
    assert user_roles(AnonymousUser(), world.dept_a) == set()
    assert user_roles(None, world.dept_a) == set()


def test_user_roles_reads_the_database_once_per_user_object(world):
    from django.contrib.auth import get_user_model

    alice = get_user_model().objects.get(pk=world.alice.pk)  # a fresh object, like request.user
    with CaptureQueriesContext(connection) as q:
        for _ in range(5):
            user_roles(alice, world.dept_a)
            user_roles(alice, world.dept_b)
    assert len(q) == 1


def test_require_role_answers_404_for_other_agencies(world):
    w = world
    assert require_role(w.alice, w.dept_a) == {"handler", "registrar", "reviewer", "office_head"}
    assert "reviewer" in require_role(w.alice, w.dept_a, "reviewer", "agency_admin")
    for user, agency, roles in [
        (w.alice, w.dept_b, ()),                 # another agency
        (w.amy, w.dept_a, ("reviewer",)),        # own agency, role missing
        (w.sue, w.dept_a, ()),                   # supervisor of the region: no access to a department
        (w.sue, w.region, ("handler",)),
        (w.root, w.dept_a, ()),                  # superuser: not agency staff
    ]:
        with pytest.raises(Http404):
            require_role(user, agency, *roles)
    with pytest.raises(ValueError):
        require_role(w.alice, w.dept_a, "boss")
    assert get_agency_for_user(w.bob, "W-B", "agency_admin") == w.dept_b
    for code in ("W-A", "NO-SUCH"):  # someone else's agency and a missing one: the same answer
        with pytest.raises(Http404):
            get_agency_for_user(w.bob, code)


def test_subtree_and_supervision(world):
    w = world
    deep, _ = agency_upsert(code="W-A-1", name="甲局执法支队", level="office", parent=w.dept_a)
    with CaptureQueriesContext(connection) as q:
        ids = subtree_ids(w.region)
    assert len(q) == 1
    assert ids[0] == w.region.pk and set(ids) == {w.region.pk, w.gov.pk, w.dept_a.pk, w.dept_b.pk, deep.pk}
    assert set(subtree_ids(w.dept_a)) == {w.dept_a.pk, deep.pk}
    assert subtree_ids(w.dept_b) == [w.dept_b.pk]
    assert set(supervised_ids(w.sue)) == set(ids)
    assert supervised_ids(w.alice) == []  # handlers supervise nothing
    # A second world is outside sue's subtree.
    other = make_world(prefix="X")
    assert other.region.pk not in supervised_ids(w.sue)
    assert [a.code for a in ancestors(deep)] == ["W-A", "W-GOV", "W"]


def test_agency_tree_is_depth_first_by_sort_then_code():
    agency_upsert(code="R", name="示例市", level="region")
    agency_upsert(code="R-G", name="示例市人民政府", level="government", parent="R")
    agency_upsert(code="R-G-2", name="乙局", level="department", parent="R-G", sort=1)
    agency_upsert(code="R-G-9", name="丙局", level="department", parent="R-G", sort=0)
    agency_upsert(code="R-C", name="某县人民政府", level="government", parent="R-G", sort=5)
    agency_upsert(code="R-C-1", name="某县教育局", level="department", parent="R-C")
    agency_upsert(code="Q", name="另一市", level="region")
    tree = agency_tree()
    assert [(e.agency.code, e.depth, e.parent_code) for e in tree] == [
        ("Q", 0, None), ("R", 0, None), ("R-G", 1, "R"), ("R-G-9", 2, "R-G"), ("R-G-2", 2, "R-G"),
        ("R-C", 2, "R-G"), ("R-C-1", 3, "R-C"),
    ]
    agency_upsert(code="R-C", name="某县人民政府", level="government", active=False)
    active = [e.agency.code for e in agency_tree(active_only=True)]
    assert "R-C" not in active and "R-C-1" in active


def test_reconsideration_body_and_letter_contact(world):
    w = world
    assert w.dept_a.reconsideration_body_effective == "示例市人民政府"  # 复议法 art. 24: same-level government
    assert w.gov.reconsideration_body_effective == ""  # nothing above the city in the tree: cannot be derived
    county, _ = agency_upsert(code="W-C", name="示例县人民政府", level="government", parent=w.gov)
    office, _ = agency_upsert(code="W-C-1", name="示例县某街道办事处", level="office", parent=county)
    sub, _ = agency_upsert(code="W-C-1-1", name="街道综合执法队", level="office", parent=office)
    assert county.reconsideration_body_effective == "示例市人民政府"
    assert office.reconsideration_body_effective == "示例县人民政府"
    assert sub.reconsideration_body_effective == "示例县人民政府"
    # A government grouped under a region node: the region's own government is the one above.
    county_region, _ = agency_upsert(code="W-R", name="示例县", level="region", parent=w.region)
    gov2, _ = agency_upsert(code="W-R-G", name="示例县（区域）人民政府", level="government", parent=county_region)
    dept2, _ = agency_upsert(code="W-R-1", name="示例县教育局", level="department", parent=county_region)
    assert gov2.reconsideration_body_effective == "示例市人民政府"
    assert dept2.reconsideration_body_effective == "示例县（区域）人民政府"
    # An explicit body wins (vertically managed organs, 复议法 art. 27).
    tax, _ = agency_upsert(code="W-T", name="国家税务总局示例市税务局", level="department", parent=w.region,
                           reconsideration_body="国家税务总局示例省税务局")
    assert tax.reconsideration_body_effective == "国家税务总局示例省税务局"

    assert w.gov.disclosure_office_name == "示例市人民政府办公室"
    assert w.dept_a.disclosure_office_name == "示例市甲局"
    assert w.dept_a.contact_line == "地址：示例市人民路101号；电话：0999-88100001；电子邮箱：a@shili.example"
    assert Agency(code="Z", name="z", level="department").contact_line == ""
    assert w.dept_a.level_label == "部门" and w.dept_a.get_level_display() == "部门"


def test_membership_grant_records_who_granted(world):
    m, _ = membership_grant(user=world.amy, agency=world.dept_b, role="registrar", by=world.root)
    assert m.granted_by == world.root and m.granted_at is not None
