"""Shared fixtures for the applications tests: the standard world (tests/web/agencies/world.py) and helpers that
bring applications into a given state through the services, as in real use.

    person(**extra) -> ApplicationInput        张三 with a valid resident ID, phone and e-mail
    at(d, hour=10) -> aware datetime
    make_app(world, state, agency=None, received=date(2026, 3, 2), **extra) -> Application
        state: awaiting_confirmation, received, correction_requested, consulting, fee_pending, decided (a
        refusal, not yet approved), approved (decided and approved), replied, delivered, archived,
        closed_without_reply (correction lapsed), with_case (replied, with a pending reconsideration case)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.web.agencies.world import make_world, world, world_clients  # noqa: F401  (fixtures)

ID_NUMBER = "11010519491231002X"
PHONE = "13800138000"
NAME = "张三丰"


def person(**extra):
    from gongkai.web.applications import services

    fields = dict(applicant_type="natural_person", applicant_name=NAME, id_kind="resident_id", id_number=ID_NUMBER,
                  phone=PHONE, title="2025年某地块征收补偿方案", delivery_form="electronic",
                  delivery_method="email", email="zhang@example.org", address="示例市人民路1号")
    fields.update(extra)
    return services.ApplicationInput(**fields)


def at(d: date, hour: int = 10) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime(d.year, d.month, d.day, hour))


STATES = ("awaiting_confirmation", "received", "correction_requested", "consulting", "fee_pending", "decided",
          "approved", "replied", "delivered", "archived", "closed_without_reply", "with_case")


def make_app(world, state: str = "received", *, agency=None, received: date = date(2026, 3, 2), **extra):
    """An application of `agency` (default: world.dept_a) brought to `state` through the services. Staff
    actions are taken by the agency's own staff (alice/amy in A, bob in B)."""
    from gongkai.web.applications import services

    agency = agency or world.dept_a
    in_a = agency.pk == world.dept_a.pk
    staff = world.alice if in_a else world.bob
    handler = world.amy if in_a else world.bob
    reviewer = world.alice if in_a else world.bob
    day = lambda n: received + timedelta(days=n)  # noqa: E731

    if state == "awaiting_confirmation":
        return services.application_register(agency=agency, data=person(**extra), channel="fax", actor=staff,
                                             submitted_at=at(received))
    app = services.application_register(agency=agency, data=person(**extra), channel="in_person", actor=staff,
                                        submitted_at=at(received), received_on=received)
    if state == "received":
        return app
    if state in ("correction_requested", "closed_without_reply"):
        services.application_request_correction(application=app, actor=handler, items="请写明文件的文号",
                                                period_days=10, on=day(1))
        if state == "closed_without_reply":
            services.application_correction_lapsed(application=app, actor=handler, on=day(15))
        return _fresh(app)
    if state == "consulting":
        services.application_start_consultation(application=app, actor=handler, party="某某公司", on=day(2))
        return _fresh(app)
    if state == "fee_pending":
        services.application_charge_fee(application=app, actor=handler, method="per_page", units=120, on=day(2))
        return _fresh(app)
    services.application_decide(application=app, actor=handler, outcome="withheld_third_party",
                                reasons="涉及第三方商业秘密，第三方不同意公开。", on=day(7))
    if state == "decided":
        return _fresh(app)
    # bob is alone in B: self-approval is refused, so B's applications take a refusal-free path.
    if not in_a:
        services.application_return_decision(application=app, actor=reviewer, reason="改为公开", on=day(7))
        services.application_decide(application=app, actor=handler, outcome="disclosed", on=day(8))
    else:
        services.application_approve_decision(application=app, actor=reviewer, on=day(8))
    if state == "approved":
        return _fresh(app)
    services.reply_issue(application=app, actor=handler, on=day(9))
    if state in ("replied", "with_case"):
        if state == "with_case":
            services.review_case_record(application=app, actor=handler, kind="reconsideration", body="示例市人民政府",
                                        filed_on=day(20))
        return _fresh(app)
    services.application_deliver(application=app, actor=handler, on=day(10))
    if state == "delivered":
        return _fresh(app)
    services.application_archive(application=app, actor=handler, on=day(11))
    return _fresh(app)


def _fresh(app):
    app.refresh_from_db()
    return app


@pytest.fixture
def mkapp(world):
    """mkapp(state, **kwargs): make_app bound to the standard world."""
    return lambda state="received", **kw: make_app(world, state, **kw)


__all__ = ["make_world", "world", "world_clients"]
