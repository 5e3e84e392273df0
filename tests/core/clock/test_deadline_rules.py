"""Validation of compute_deadline's inputs, and the other statutory periods."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gongkai.core.clock import (
    MAX_EXTENSION_WORKDAYS,
    MAX_REPLY_WORKDAYS,
    Pause,
    WorkCalendar,
    compute_deadline,
    correction_notice_due,
    extension_allowed,
    fee_payment_due,
    third_party_reply_due,
    warning_level,
)
from gongkai.core.errors import ClockError, InvalidExtension, InvalidPeriod

CAL = WorkCalendar.official()
R = date(2026, 3, 2)


@pytest.mark.parametrize("days", [-1, 21, 100, True, 2.5])
def test_extension_outside_1_to_20_is_refused(days):
    with pytest.raises(InvalidExtension) as info:
        compute_deadline(R, calendar=CAL, extension_days=days)
    assert "延长答复期限应为 1 至 20 个工作日" in info.value.message


def test_extension_allowed_bounds():
    extension_allowed(1)
    extension_allowed(MAX_EXTENSION_WORKDAYS)
    for days in (0, 21):
        with pytest.raises(InvalidExtension):
            extension_allowed(days)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"pauses": [Pause(date(2026, 3, 10), date(2026, 3, 9))]}, "结束日 2026-03-09 早于开始日 2026-03-10"),
        ({"pauses": [Pause(date(2026, 3, 1), date(2026, 3, 9))]}, "早于收到申请之日"),
        ({"pauses": [Pause(date(2026, 3, 10), None)]}, "尚未结束，需要给出计算日期"),
        ({"pauses": [Pause(date(2026, 3, 10), None)], "as_of": date(2026, 3, 9)}, "计算日期 2026-03-09 早于"),
        ({"pauses": [Pause(date(2026, 3, 10), date(2026, 3, 11), "holiday")]}, "未知的不计入期限的期间类型"),
        ({"correction_received": date(2026, 3, 1)}, "收到补正的日期 2026-03-01 早于收到申请之日 2026-03-02"),
    ],
)
def test_invalid_periods_are_typed_errors_with_chinese_messages(kwargs, fragment):
    with pytest.raises(InvalidPeriod) as info:
        compute_deadline(R, calendar=CAL, **kwargs)
    assert fragment in info.value.message
    assert isinstance(info.value, ClockError) and str(info.value).startswith("invalid_period: ")


def test_a_datetime_is_not_a_date():
    with pytest.raises(InvalidPeriod):
        compute_deadline(datetime(2026, 3, 2, 9, 0), calendar=CAL)


def test_correction_on_the_receipt_day_is_allowed():
    assert compute_deadline(R, calendar=CAL, correction_received=R).due == date(2026, 3, 30)


def test_other_periods():
    # Mon 2026-09-28 + 7 working days: 09-29, 09-30, 10-08, 10-09, Sat 10-10, 10-12, 10-13.
    assert correction_notice_due(date(2026, 9, 28), calendar=CAL) == date(2026, 10, 13)
    # + 15: ... 10-13 (7), 10-14..16 (8–10), 10-19..23 (11–15).
    assert third_party_reply_due(date(2026, 9, 28), calendar=CAL) == date(2026, 10, 23)
    # + 20: 10-26..30 (16–20).
    assert fee_payment_due(date(2026, 9, 28), calendar=CAL) == date(2026, 10, 30)


def test_warning_levels():
    due = date(2026, 10, 30)  # Fri
    assert warning_level(due, date(2026, 10, 31), calendar=CAL) == "overdue"
    assert warning_level(due, due, calendar=CAL) == "due_soon"
    assert (
        warning_level(due, date(2026, 10, 23), calendar=CAL) == "due_soon"
    )  # 10-26..30: 5 working days left
    assert warning_level(due, date(2026, 10, 22), calendar=CAL) == "ok"  # 6 left
    # Across National Day the days left are working days: (09-28, 10-09] holds 09-29, 09-30, 10-08, 10-09 (4);
    # (09-25, 10-12] holds 09-28..30, 10-08, 10-09, Sat 10-10 and 10-12 (7).
    assert warning_level(date(2026, 10, 9), date(2026, 9, 28), calendar=CAL) == "due_soon"
    assert warning_level(date(2026, 10, 12), date(2026, 9, 25), calendar=CAL) == "ok"


def test_to_json_shape():
    d = compute_deadline(R, calendar=CAL)
    assert d.to_json() == {
        "due": "2026-03-30",
        "provisional": False,
        "explanation": list(d.explanation),
        "paused": False,
        "original_due": None,
    }


# --- art. 35: a longer reasonable reply period -------------------------------------------------------------


def test_a_longer_reasonable_period_counts_instead_of_20():
    # Received Mon 2026-03-02, 60 working days: 03-03..06 (1–4), 03-09..27 (5–19), 03-30, 03-31 (20, 21),
    # 04-01..03 (22–24), 清明 04-04..06 off, 04-07..10 (25–28), 04-13..30 (29–42), 劳动节 05-01..05 off,
    # 05-06..08 (43–45), Sat 05-09 worked (46), 05-11..22 (47–56), 05-25..28 (57–60): Thu 2026-05-28.
    d = compute_deadline(
        R, calendar=CAL, reply_workdays=60, reply_reason="一次申请 300 项信息，需调取历年档案"
    )
    assert d.due == date(2026, 5, 28)
    assert CAL.workdays_between(R, d.due) == 60
    assert d.explanation[:2] == (
        "2026-03-02 收到申请，自次日起计算 60 个工作日",
        "依《政府信息公开条例》第三十五条，本机关确定的合理答复期限为 60 个工作日（理由：一次申请 300 项信息，需调取历年档案）",
    )
    assert d.explanation[-1] == "答复期限届满日：2026-05-28"
    assert set(d.to_json()) == {"due", "provisional", "explanation", "paused", "original_due"}


def test_the_longer_period_with_correction_pauses_and_extension():
    plain = dict(calendar=CAL, reply_workdays=40)
    # Without a reason the line has no parenthesis.
    d = compute_deadline(R, **plain)
    assert d.explanation[1] == "依《政府信息公开条例》第三十五条，本机关确定的合理答复期限为 40 个工作日"
    assert CAL.workdays_between(R, d.due) == 40
    # A correction restarts the 40 days.
    corrected = compute_deadline(R, correction_received=date(2026, 3, 20), **plain)
    assert corrected.due == CAL.add_workdays(date(2026, 3, 20), 40)
    assert "2026-03-20 收到补正后的申请，答复期限自次日起重新计算 40 个工作日" in corrected.explanation
    # A pause of 5 working days (Mon 03-09 .. Fri 03-13) and an extension of 10 still apply.
    pause = Pause(date(2026, 3, 9), date(2026, 3, 13))
    both = compute_deadline(R, pauses=[pause], extension_days=10, **plain)
    assert both.original_due == CAL.add_workdays(R, 45)
    assert both.due == CAL.add_workdays(R, 55)
    assert "经批准延长答复期限 10 个工作日" in both.explanation


def test_the_default_period_is_unchanged():
    assert compute_deadline(R, calendar=CAL, reply_workdays=20) == compute_deadline(R, calendar=CAL)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"reply_workdays": 15}, "应为 21 至 120 个工作日，不能是 15"),
        ({"reply_workdays": 0}, "应为 21 至 120 个工作日，不能是 0"),
        ({"reply_workdays": 121}, "应为 21 至 120 个工作日，不能是 121"),
        ({"reply_workdays": 30.5}, "应为工作日数（整数）"),
        ({"reply_workdays": True}, "应为工作日数（整数）"),
        ({"reply_workdays": "30"}, "应为工作日数（整数）"),
        ({"reply_reason": "申请数量过多"}, "答复期限仍为 20 个工作日"),
        ({"reply_workdays": 30, "reply_reason": None}, "理由应为文字"),
    ],
)
def test_an_invalid_reply_period_is_refused_in_chinese(kwargs, fragment):
    with pytest.raises(InvalidPeriod) as info:
        compute_deadline(R, calendar=CAL, **kwargs)
    assert fragment in info.value.message


def test_the_bounds_of_the_reply_period():
    assert CAL.workdays_between(R, compute_deadline(R, calendar=CAL, reply_workdays=21).due) == 21
    top = compute_deadline(R, calendar=CAL, reply_workdays=MAX_REPLY_WORKDAYS, reply_reason=" 多行\n理由 ")
    assert CAL.workdays_between(R, top.due) == MAX_REPLY_WORKDAYS == 120
    assert top.explanation[1].endswith("（理由：多行 理由）")
