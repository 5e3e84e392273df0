"""One rule for who may do what with annual reports (access.py): what the pages offer is what the services
allow."""

from __future__ import annotations

import pytest

from gongkai.web.agencies.services import membership_grant
from gongkai.web.reports import services
from gongkai.web.reports.access import Access, board_allowed, report_access
from tests.web.agencies.world import make_user

pytestmark = pytest.mark.django_db

BUILD, SIGN = Access(build=True, sign=False), Access(build=True, sign=True)


def test_rights_by_role_agency_and_scope(world):
    gina = make_user("gina")
    membership_grant(user=gina, agency=world.gov, role="agency_admin")
    head = make_user("hank")
    membership_grant(user=head, agency=world.dept_a, role="office_head")
    w = world
    expected = {
        (w.alice, w.dept_a, "agency"): SIGN,  # reviewer
        (w.amy, w.dept_a, "agency"): BUILD,  # handler
        (head, w.dept_a, "agency"): SIGN,  # office head signs too
        (w.bob, w.dept_a, "agency"): None,  # another agency's staff
        (w.sue, w.dept_a, "agency"): None,  # a supervisor never sees one agency's own report
        (w.root, w.dept_a, "agency"): None,  # a superuser holds no role
        (w.sue, w.region, "subtree"): BUILD,
        (gina, w.region, "subtree"): SIGN,  # the top government's admin signs the region's compiled report
        (gina, w.gov, "subtree"): SIGN,
        (w.alice, w.region, "subtree"): None,
        (w.sue, w.gov, "agency"): None,
    }
    for (user, agency, scope), rights in expected.items():
        assert report_access(user, agency, scope) == rights, (user.username, agency.code, scope)
    assert board_allowed(w.sue, w.region) and board_allowed(gina, w.region) and board_allowed(gina, w.gov)
    assert not board_allowed(w.alice, w.region) and not board_allowed(w.bob, w.gov)


def test_the_services_refuse_exactly_what_access_denies(world):
    for user in (world.alice, world.amy, world.bob, world.sue, world.root):
        for agency, scope in ((world.dept_a, "agency"), (world.region, "subtree")):
            rights = report_access(user, agency, scope)
            try:
                services.report_build(agency=agency, year=2025, subtree=scope == "subtree", actor=user)
                built = True
            except services.ReportRefused:
                built = False
            assert built == (rights is not None), (user.username, agency.code, scope)
