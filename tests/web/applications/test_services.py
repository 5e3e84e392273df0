"""The application workflow through the services: the rules themselves, whatever entrance is used."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db import connection

from gongkai.core.clock import WorkCalendar, compute_deadline
from gongkai.core.errors import GongkaiError, InvalidApplication, InvalidTransition
from gongkai.web.applications import services
from gongkai.web.applications.models import Application, ApplicationEvent
from tests.web.agencies.world import make_world

pytestmark = pytest.mark.django_db


def person(**extra) -> services.ApplicationInput:
    fields = dict(applicant_type="natural_person", applicant_name="张三", id_kind="resident_id",
                  id_number="11010519491231002X", phone="13800138000", title="2025年某地块征收补偿方案",
                  delivery_form="electronic", delivery_method="email", email="zhang@example.org")
    fields.update(extra)
    return services.ApplicationInput(**fields)


def at(d: date, hour: int = 10) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime(d.year, d.month, d.day, hour))


def registered(world, received=date(2026, 3, 2), **extra):
    return services.application_register(agency=world.dept_a, data=person(**extra), channel="in_person",
                                         actor=world.alice, submitted_at=at(received), received_on=received)


@pytest.fixture
def world():
    return make_world()


def test_in_person_is_received_on_submission_and_due_in_20_working_days(world):
    app = registered(world)
    assert app.state == "received" and app.received_on == date(2026, 3, 2)
    expected = compute_deadline(date(2026, 3, 2), calendar=WorkCalendar.official()).due
    assert app.due_date == expected == date(2026, 3, 30)
    assert [e.action for e in app.events.all()] == ["register", "confirm_receipt"]


def test_online_waits_for_confirmation_and_confirmation_date_is_receipt(world):
    app, created = services.application_submit(agency=world.dept_a, data=person(), idempotency_key="k1",
                                               now=at(date(2026, 3, 6), 22))
    assert created and app.state == "awaiting_confirmation" and app.received_on is None and app.due_date is None
    again, created = services.application_submit(agency=world.dept_a, data=person(), idempotency_key="k1")
    assert not created and again.pk == app.pk and Application.objects.count() == 1
    app = services.application_confirm_receipt(application=app, actor=world.alice, on=date(2026, 3, 9))
    assert app.received_on == date(2026, 3, 9)
    assert app.due_date == compute_deadline(date(2026, 3, 9), calendar=WorkCalendar.official()).due


def test_registered_post_needs_the_signing_date(world):
    with pytest.raises(InvalidApplication) as exc:
        services.application_register(agency=world.dept_a, data=person(), channel="registered_post",
                                      actor=world.alice, submitted_at=at(date(2026, 3, 2)))
    assert "签收" in exc.value.message
    assert Application.objects.count() == 0


def test_bad_identity_stores_nothing(world):
    with pytest.raises(InvalidApplication) as exc:
        registered(world, id_number="110105194912310021")
    assert exc.value.field == "id_number" or "身份证" in exc.value.message
    assert Application.objects.count() == 0 and ApplicationEvent.objects.count() == 0


def test_correction_restarts_the_clock(world):
    app = registered(world)
    services.application_request_correction(application=app, actor=world.amy, items="请写明文号", on=date(2026, 3, 4))
    app.refresh_from_db()
    assert app.state == "correction_requested" and app.due_date is None
    services.application_receive_correction(application=app, text="文号为示府〔2025〕3号", on=date(2026, 3, 16))
    app.refresh_from_db()
    assert app.due_date == compute_deadline(date(2026, 3, 2), correction_received=date(2026, 3, 16),
                                            calendar=WorkCalendar.official()).due
    assert app.events.get(action="receive_correction").actor_label == "申请人"
    with pytest.raises(GongkaiError):  # one single notice only
        services.application_request_correction(application=app, actor=world.amy, items="again")


def test_correction_lapsed_is_outcome_six_one(world):
    app = registered(world)
    services.application_request_correction(application=app, actor=world.amy, items="请写明名称",
                                            period_days=10, on=date(2026, 3, 3))
    with pytest.raises(GongkaiError):
        services.application_correction_lapsed(application=app, actor=world.amy, on=date(2026, 3, 10))
    app = services.application_correction_lapsed(application=app, actor=world.amy, on=date(2026, 3, 20))
    assert app.state == "closed_without_reply" and app.outcome == "other_no_correction"
    assert app.concluded_on == date(2026, 3, 20)


def test_consultation_pause_and_extension_before_due(world):
    app = registered(world)
    services.application_start_consultation(application=app, actor=world.amy, party="某公司", on=date(2026, 3, 9))
    services.application_end_consultation(application=app, actor=world.amy, on=date(2026, 3, 13))
    app.refresh_from_db()
    plain = date(2026, 3, 30)
    assert app.due_date == WorkCalendar.official().add_workdays(plain, 5)  # 5 working days paused
    services.application_extend(application=app, actor=world.alice, days=10, reason="需要调取档案", on=date(2026, 3, 20))
    app.refresh_from_db()
    assert WorkCalendar.official().workdays_between(date(2026, 4, 7), app.due_date) == 10
    with pytest.raises(GongkaiError):  # an amy (handler only) cannot extend, and only once anyway
        services.application_extend(application=app, actor=world.amy, days=5, reason="x")


def test_extension_after_due_date_is_refused(world):
    app = registered(world)
    with pytest.raises(GongkaiError) as exc:
        services.application_extend(application=app, actor=world.alice, days=5, reason="x", on=date(2026, 4, 1))
    assert "期限" in exc.value.message


def test_per_item_fee_counts_the_month(world):
    apps = [registered(world, received=date(2026, 3, 2)) for _ in range(12)]
    charge = services.application_charge_fee(application=apps[-1], actor=world.amy, method="per_item", units=1,
                                             on=date(2026, 3, 5))
    assert charge.items_before == 11 and charge.amount_yuan == 100
    with pytest.raises(GongkaiError):  # the first ten of the month are free
        services.application_charge_fee(application=apps[0], actor=world.amy, method="per_item", units=1)
    notice = apps[-1].letters.get(kind="fee")
    services.letter_issue(letter=notice, actor=world.amy, on=date(2026, 3, 5), delivered_on=date(2026, 3, 5),
                          channel="email")
    lapsed = services.application_fee_lapsed(application=apps[-1], actor=world.amy, on=date(2026, 4, 20))
    assert lapsed.outcome == "other_fee_unpaid" and lapsed.state == "closed_without_reply"


def test_refusal_needs_a_reviewer_other_than_the_decider(world):
    app = registered(world)
    services.application_decide(application=app, actor=world.alice, outcome="withheld_third_party",
                                reasons="涉及第三方商业秘密", on=date(2026, 3, 20))
    with pytest.raises(GongkaiError):
        services.reply_issue(application=app, actor=world.alice, on=date(2026, 3, 21))
    with pytest.raises(GongkaiError):  # four eyes: alice drafted it
        services.application_approve_decision(application=app, actor=world.alice)
    app = services.application_return_decision(application=app, actor=world.alice, reason="请再核实第三方意见")
    assert app.state == "received"
    assert app.events.last().reason == "请再核实第三方意见"


def test_full_life_writes_one_event_per_change_and_freezes_the_reply(world):
    app = registered(world)
    services.application_decide(application=app, actor=world.amy, outcome="withheld_process_info",
                                reasons="属于过程性信息", on=date(2026, 3, 20))
    services.application_approve_decision(application=app, actor=world.alice, on=date(2026, 3, 23))
    letter = services.reply_issue(application=app, actor=world.amy, on=date(2026, 3, 24))
    services.application_deliver(application=app, actor=world.amy, on=date(2026, 3, 25))
    app = services.application_archive(application=app, actor=world.amy, on=date(2026, 3, 26))
    assert app.state == "archived" and app.concluded_on == date(2026, 3, 24)
    actions = list(app.events.values_list("action", flat=True))
    assert actions == ["register", "confirm_receipt", "decide", "approve_decision", "issue_reply", "deliver",
                       "archive"]
    assert letter.issued and letter.pdf[:5] == b"%PDF-" and letter.number
    assert "先" in letter.content["remedy"] and "行政复议" in letter.content["remedy"]  # reconsideration first
    with pytest.raises(ValueError):
        letter.save()
    with pytest.raises(InvalidTransition):
        services.application_decide(application=app, actor=world.amy, outcome="disclosed")


def test_audit_events_cannot_be_changed(world):
    app = registered(world)
    event = app.events.first()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    if connection.vendor == "postgresql":
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic():
            ApplicationEvent.objects.filter(pk=event.pk).update(reason="tampered")


def test_other_agency_staff_cannot_act(world):
    app = registered(world)
    with pytest.raises(GongkaiError):
        services.application_decide(application=app, actor=world.bob, outcome="disclosed")
    assert Application.objects.get(pk=app.pk).state == "received"


def test_a_step_the_state_does_not_allow_is_refused_before_its_inputs_are_read(world):
    app = registered(world)
    for call in (
        lambda: services.application_fee_paid(application=app, actor=world.amy),   # no fee was charged
        lambda: services.application_fee_lapsed(application=app, actor=world.amy),
        lambda: services.application_end_consultation(application=app, actor=world.amy),
        lambda: services.reply_issue(application=app, actor=world.amy),
    ):
        with pytest.raises(InvalidTransition) as exc:
            call()
        assert exc.value.message
    online, _ = services.application_submit(agency=world.dept_a, data=person(), idempotency_key="k-early")
    with pytest.raises(InvalidTransition):  # not received yet: no correction notice can be due
        services.application_request_correction(application=online, actor=world.amy, items="x")


def test_the_extension_notice_gives_the_approved_reason_and_a_notice_is_issued_once(world):
    app = registered(world)
    services.application_extend(application=app, actor=world.alice, days=10, reason="需要调取历史档案逐件核对",
                                on=date(2026, 3, 20))
    notice = app.letters.get(kind="extension")
    assert "需要调取历史档案逐件核对" in " ".join(notice.content["paragraphs"])
    services.letter_issue(letter=notice, actor=world.amy, on=date(2026, 3, 20))
    with pytest.raises(GongkaiError):
        services.letter_issue(letter=notice, actor=world.amy, on=date(2026, 3, 21))


def test_no_personal_data_in_the_logs(world, caplog):
    import logging

    caplog.set_level(logging.DEBUG, logger="gongkai")
    app, _ = services.application_submit(agency=world.dept_a, data=person(), idempotency_key="k-logs")
    services.application_confirm_receipt(application=app, actor=world.alice)
    services.application_decide(application=app, actor=world.amy, outcome="disclosed")
    services.reply_issue(application=app, actor=world.amy)
    text = caplog.text
    assert app.number in text  # the logs do say what happened, by registration number
    for personal in ("张三", "11010519491231002X", "13800138000", "zhang@example.org"):
        assert personal not in text
