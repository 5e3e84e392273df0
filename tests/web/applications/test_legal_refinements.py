"""The clock, fees and receipt rules read against the law (条例 arts. 31–35, 国办函〔2020〕109号), as the services
apply them: periods counted from the day a letter is RECEIVED, items not applications, fee notices only
within the reply period, art. 35 periods, ordinary post confirmed the day it arrives, extensions agreed by
the head of the disclosure office."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core import fees
from gongkai.core.clock import WorkCalendar, compute_deadline, fee_payment_due, third_party_reply_due
from gongkai.core.errors import GongkaiError
from gongkai.web.agencies.services import membership_grant
from gongkai.web.applications import services
from gongkai.web.applications.models import Letter, LetterDelivery

from ..agencies.world import make_user
from .conftest import at, person

pytestmark = pytest.mark.django_db
CAL = WorkCalendar.official()
RECEIVED = date(2026, 3, 2)  # a Monday


def registered(world, *, received=RECEIVED, items=1, **extra):
    return services.application_register(agency=world.dept_a, data=person(**extra), channel="in_person",
                                         actor=world.alice, submitted_at=at(received), received_on=received,
                                         items=items)


# --- 1. the fee payment period runs from the applicant's receipt of the notice ----------------------------

def test_fee_payment_period_counts_from_the_notice_s_delivery(world):
    app = registered(world)
    charge = services.application_charge_fee(application=app, actor=world.amy, method="per_page", units=120,
                                             on=date(2026, 3, 5))
    assert charge.payment_due is None and charge.notice_received_on is None
    with pytest.raises(GongkaiError) as refused:
        services.application_fee_lapsed(application=app, actor=world.amy, on=date(2026, 6, 1))
    assert "尚未登记送达" in refused.value.message

    notice = Letter.objects.get(application=app, kind="fee")
    services.letter_issue(letter=notice, actor=world.amy, on=date(2026, 3, 5))  # posted: delivery unknown
    received = date(2026, 3, 10)
    services.letter_record_delivery(letter=notice, actor=world.amy, channel="post", on=received)
    charge.refresh_from_db()
    assert charge.notice_received_on == received
    assert charge.payment_due == fee_payment_due(received, calendar=CAL) == CAL.add_workdays(received, 20)
    with pytest.raises(GongkaiError):  # the 20 working days from the day after receipt still run
        services.application_fee_lapsed(application=app, actor=world.amy, on=charge.payment_due)
    with pytest.raises(GongkaiError):  # a delivery is recorded once
        services.letter_record_delivery(letter=notice, actor=world.amy, channel="post", on=received)
    app = services.application_fee_lapsed(application=app, actor=world.amy,
                                          on=CAL.add_workdays(charge.payment_due, 1))
    assert app.outcome == "other_fee_unpaid"
    assert app.events.filter(action="deliver_letter").count() == 1


def test_a_notice_delivered_at_once_prints_the_payment_date(world):
    app = registered(world)
    services.application_charge_fee(application=app, actor=world.amy, method="per_page", units=120,
                                    on=date(2026, 3, 5))
    notice = Letter.objects.get(application=app, kind="fee")
    with pytest.raises(GongkaiError):  # a delivery before the letter went out
        services.letter_issue(letter=notice, actor=world.amy, on=date(2026, 3, 5), delivered_on=date(2026, 3, 4),
                              channel="email")
    services.letter_issue(letter=notice, actor=world.amy, on=date(2026, 3, 5), delivered_on=date(2026, 3, 5),
                          channel="email")
    notice.refresh_from_db()
    due = fee_payment_due(date(2026, 3, 5), calendar=CAL)
    assert app.fee.payment_due == due
    text = " ".join(notice.content["paragraphs"])
    assert f"{due.year}年{due.month}月{due.day}日" in text
    assert LetterDelivery.objects.get(letter=notice).channel == "email"


# --- 2. the third party's 15 working days run from its receipt of the consultation letter ----------------

def test_third_party_period_counts_from_its_receipt_of_the_letter(world):
    app = registered(world)
    pause = services.application_start_consultation(application=app, actor=world.amy, party="某某置业有限公司",
                                                    on=date(2026, 3, 4))
    kinds = sorted(Letter.objects.filter(application=app).values_list("kind", flat=True))
    assert kinds == ["consultation", "third_party"]  # the notice to the applicant and the letter to the party
    assert pause.reply_due is None
    letter = Letter.objects.get(application=app, kind="third_party")
    services.letter_issue(letter=letter, actor=world.amy, on=date(2026, 3, 4))
    services.letter_record_delivery(letter=letter, actor=world.amy, channel="post", on=date(2026, 3, 9))
    pause.refresh_from_db()
    assert pause.party_received_on == date(2026, 3, 9)
    assert pause.reply_due == third_party_reply_due(date(2026, 3, 9), calendar=CAL) == date(2026, 3, 30)


def test_a_letter_handed_over_at_once_starts_the_party_s_period_that_day(world):
    app = registered(world)
    pause = services.application_start_consultation(application=app, actor=world.amy, party="某某公司",
                                                    on=date(2026, 3, 4), party_received_on=date(2026, 3, 4))
    assert pause.reply_due == CAL.add_workdays(date(2026, 3, 4), 15)
    other = registered(world)
    services.application_start_consultation(application=other, actor=world.amy, party="示例市乙局", kind="agency",
                                            on=date(2026, 3, 4))
    assert list(other.letters.values_list("kind", flat=True)) == ["consultation"]  # no letter to a third party


# --- 5. per-item fees count items, summed per applicant per calendar month ---------------------------------

def test_per_item_fees_count_items_not_applications(world):
    for _ in range(4):
        registered(world, items=3)  # 12 items in March already
    app = registered(world)
    charge = services.application_charge_fee(application=app, actor=world.amy, method="per_item", units=2,
                                             on=date(2026, 3, 4))
    app.refresh_from_db()
    assert app.items == 2 and charge.items_before == 12
    assert charge.amount_yuan == fees.item_fee_for_application(12, 2) == 200
    april = registered(world, received=date(2026, 4, 1))
    assert services.items_in_month_before(april) == 0  # a new calendar month starts from nothing
    with pytest.raises(GongkaiError) as exc:
        registered(world, items=0)
    assert "件数" in exc.value.message


# --- 6. fee notices only within the reply period ----------------------------------------------------------

def test_no_fee_notice_after_the_reply_period(world):
    app = registered(world)
    with pytest.raises(GongkaiError) as exc:
        services.application_charge_fee(application=app, actor=world.amy, method="per_page", units=120,
                                        on=date(2026, 3, 31))
    assert "答复期限内" in exc.value.message and "2026-03-30" in exc.value.message
    services.application_charge_fee(application=app, actor=world.amy, method="per_page", units=120,
                                    on=date(2026, 3, 30))  # the last day of the period is still within it


# --- 8. art. 35: a longer reasonable reply period for clearly excessive applications ---------------------

def test_art_35_reply_period_is_set_by_the_office_head_and_shown_everywhere(world):
    app = registered(world)
    with pytest.raises(GongkaiError):  # amy is a handler, not the head of the disclosure office
        services.application_set_reply_period(application=app, actor=world.amy, workdays=40, reason="x")
    with pytest.raises(GongkaiError):
        services.application_set_reply_period(application=app, actor=world.alice, workdays=40, reason=" ")
    app = services.application_set_reply_period(
        application=app, actor=world.alice, workdays=40, on=date(2026, 3, 10),
        reason="本月已提出申请三十余件，申请人说明系诉讼取证需要，理由合理，但需调取大量档案")
    expected = compute_deadline(RECEIVED, calendar=CAL, reply_workdays=40, reply_reason=app.reply_period_reason)
    assert app.due_date == expected.due == CAL.add_workdays(RECEIVED, 40)
    assert any("第三十五条" in line for line in expected.explanation)
    delay = Letter.objects.get(application=app, kind="delay")
    assert "第三十五条" in " ".join(delay.content["paragraphs"]) + delay.content["basis"]
    with pytest.raises(GongkaiError):  # not on top of an art. 35 period
        services.application_extend(application=app, actor=world.alice, days=5, reason="x", on=date(2026, 3, 11))
    with pytest.raises(GongkaiError):
        services.application_set_reply_period(application=app, actor=world.alice, workdays=200, reason="y")


def test_art_35_period_outside_the_bounds_is_refused_in_chinese(world):
    app = registered(world)
    with pytest.raises(GongkaiError) as exc:
        services.application_set_reply_period(application=app, actor=world.alice, workdays=500, reason="数量过多",
                                              on=date(2026, 3, 10))
    assert "工作日" in exc.value.message
    app.refresh_from_db()
    assert app.reply_workdays == 20 and not app.events.filter(action="set_reply_period").exists()


# --- 9. ordinary post: confirmed with the applicant on the day the letter arrives --------------------------

def test_ordinary_post_records_arrival_and_a_late_confirmation(world):
    def post(**kw):
        return services.application_register(agency=world.dept_a, data=person(), channel="ordinary_post",
                                             actor=world.alice, submitted_at=at(date(2026, 3, 2)), **kw)

    with pytest.raises(GongkaiError) as exc:
        post()
    assert exc.value.field == "arrived_on"
    on_time = post(arrived_on=date(2026, 3, 4), received_on=date(2026, 3, 4))
    assert services.late_confirmation_warning(on_time, today=date(2026, 3, 20)) == ""
    waiting = post(arrived_on=date(2026, 3, 4))
    assert "至今尚未确认" in services.late_confirmation_warning(waiting, today=date(2026, 3, 5))
    with pytest.raises(GongkaiError):
        services.application_confirm_receipt(application=waiting, actor=world.alice, on=date(2026, 3, 3))
    late = services.application_confirm_receipt(application=waiting, actor=world.alice, on=date(2026, 3, 6))
    assert late.received_on == date(2026, 3, 6)
    event = late.events.get(action="confirm_receipt")
    assert event.data["late_confirmation"] is True and event.data["arrived_on"] == "2026-03-04"
    assert "未做到" in services.late_confirmation_warning(late, today=date(2026, 3, 20))


# --- 10. extensions are agreed by the head of the disclosure office --------------------------------------

def test_extension_needs_the_head_of_the_disclosure_office(world):
    reviewer = make_user("rita")
    membership_grant(user=reviewer, agency=world.dept_a, role="reviewer")
    app = registered(world)
    with pytest.raises(GongkaiError) as exc:
        services.application_extend(application=app, actor=reviewer, days=10, reason="需要调取档案",
                                    on=date(2026, 3, 20))
    assert "公开工作机构负责人" in exc.value.message
    services.application_extend(application=app, actor=world.alice, days=10, reason="需要调取档案",
                                on=date(2026, 3, 20))  # alice heads A's disclosure office
