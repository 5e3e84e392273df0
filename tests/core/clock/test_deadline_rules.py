"""Validation of compute_deadline's inputs, and the other statutory periods."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gongkai.core.clock import (
    MAX_EXTENSION_WORKDAYS,
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
