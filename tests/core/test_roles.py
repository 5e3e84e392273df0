"""Roles (gongkai.core.roles): who starts from the supervision figures rather than the queue."""

from gongkai.core.roles import ROLES, STAFF_ROLES, supervises_only


def test_a_supervisor_and_nothing_else_supervises_only():
    assert supervises_only({"supervisor"})
    assert supervises_only(frozenset({"supervisor"}))


def test_any_staff_role_beside_supervision_means_queue_work():
    for role in STAFF_ROLES:
        assert not supervises_only({"supervisor", role}), role
        assert not supervises_only({role}), role


def test_no_role_at_all_is_not_supervision():
    assert not supervises_only(set())
    assert set(ROLES) == STAFF_ROLES | {"supervisor"}  # every role is either staff or supervision
