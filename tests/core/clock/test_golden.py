"""Golden due dates, counted by hand on the official calendars (the reasoning is written next to each case).

Notation: "(n)" is the n-th working day counted; the count starts the day after receipt (民法典 art. 201).
"""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.clock import Pause, WorkCalendar, compute_deadline, parse_year_file

CAL = WorkCalendar.official()


def due(received, **kw):
    return compute_deadline(received, calendar=CAL, **kw)


def test_across_spring_festival_2024():
    # The 2024 notice: 2024-02-10 (Sat) .. 02-17 (Sat) off; Sun 02-04 and Sun 02-18 are working days.
    # Received Thu 2024-02-01: Fri 02-02 (1), Sun 02-04 (2, make-up), Mon–Fri 02-05..09 (3–7), 02-10..17 off,
    # Sun 02-18 (8, make-up), 02-19..23 (9–13), 02-26..29 (14–17; 2024 is a leap year), Fri 03-01 (18),
    # Mon 03-04 (19), Tue 03-05 (20).
    d = due(date(2024, 2, 1))
    assert d.due == date(2024, 3, 5)
    assert not d.provisional and d.original_due is None and not d.paused
    assert d.explanation == (
        "2024-02-01 收到申请，自次日起计算 20 个工作日",
        "2024-02-04（星期日）为春节调休工作日（计入工作日）",
        "2024-02-10 至 2024-02-17 为春节假期（不计入工作日）",
        "2024-02-18（星期日）为春节调休工作日（计入工作日）",
        "答复期限届满日：2024-03-05",
    )


def test_across_national_day_2025():
    # The 2025 notice: 10-01..08 off (中秋 on 10-06 merged in); Sun 09-28 and Sat 10-11 worked. Received Fri
    # 2025-09-26: Sun 09-28 (1), 09-29 (2), 09-30 (3), 10-01..08 off, Thu 10-09 (4), Fri 10-10 (5), Sat 10-11
    # (6), 10-13..17 (7–11), 10-20..24 (12–16), 10-27 (17), 10-28 (18), 10-29 (19), Thu 10-30 (20).
    d = due(date(2025, 9, 26))
    assert d.due == date(2025, 10, 30)
    assert "2025-10-01 至 2025-10-08 为国庆节、中秋节假期（不计入工作日）" in d.explanation
    assert "2025-09-28（星期日）为国庆节调休工作日（计入工作日）" in d.explanation
    assert "2025-10-11（星期六）为国庆节调休工作日（计入工作日）" in d.explanation


def test_receipt_on_a_holiday():
    # Received Fri 2025-10-03, inside the National Day holiday: 10-04..08 off, Thu 10-09 (1), 10-10 (2),
    # Sat 10-11 (3), 10-13..17 (4–8), 10-20..24 (9–13), 10-27..31 (14–18), Mon 11-03 (19), Tue 11-04 (20).
    d = due(date(2025, 10, 3))
    assert d.due == date(2025, 11, 4)
    assert d.explanation[0] == "2025-10-03 收到申请（当日为国庆节假期），自次日起计算 20 个工作日"
    assert d.explanation[1] == "2025-10-01 至 2025-10-08 为国庆节、中秋节假期（不计入工作日）"


def test_across_spring_festival_2026():
    # chinesecalendar 2026: 02-15 (Sun) .. 02-23 (Mon) off; Sat 02-14 and Sat 02-28 worked.
    # Received Tue 2026-02-10: 02-11 (1), 02-12 (2), 02-13 (3), Sat 02-14 (4), 02-15..23 off, 02-24..27 (5–8),
    # Sat 02-28 (9), 03-02..06 (10–14), 03-09..13 (15–19), Mon 03-16 (20).
    d = due(date(2026, 2, 10))
    assert d.due == date(2026, 3, 16)
    assert d.explanation[1:4] == (
        "2026-02-14（星期六）为春节调休工作日（计入工作日）",
        "2026-02-15 至 2026-02-23 为春节假期（不计入工作日）",
        "2026-02-28（星期六）为春节调休工作日（计入工作日）",
    )


def test_across_mid_autumn_and_national_day_2026():
    # chinesecalendar 2026: 中秋 09-25 (Fri) .. 09-27 off; 国庆 10-01 (Thu) .. 10-07 off; Sun 09-20 and Sat 10-10
    # worked. Received Fri 2026-09-18: Sun 09-20 (1), 09-21..24 (2–5), 09-25..27 off, 09-28..30 (6–8),
    # 10-01..07 off, 10-08 (9), 10-09 (10), Sat 10-10 (11), 10-12..16 (12–16), 10-19..22 (17–20).
    d = due(date(2026, 9, 18))
    assert d.due == date(2026, 10, 22)
    assert d.explanation == (
        "2026-09-18 收到申请，自次日起计算 20 个工作日",
        "2026-09-20（星期日）为国庆节调休工作日（计入工作日）",
        "2026-09-25 至 2026-09-27 为中秋节假期（不计入工作日）",
        "2026-10-01 至 2026-10-07 为国庆节假期（不计入工作日）",
        "2026-10-10（星期六）为国庆节调休工作日（计入工作日）",
        "答复期限届满日：2026-10-22",
    )


def test_due_on_a_make_up_saturday():
    # Counting back from Sat 2026-10-10 as the 20th: 10-09 (19), 10-08 (18), 09-30..28 (17–15), 09-24..21
    # (14–11), Sun 09-20 (10), 09-18..14 (9–5), 09-11..08 (4–1): received Mon 2026-09-07.
    d = due(date(2026, 9, 7))
    assert d.due == date(2026, 10, 10) and d.due.weekday() == 5


def test_third_party_pause_and_extension():
    # Received Mon 2026-09-28: 09-29 (1), 09-30 (2), 10-08 (3), 10-09 (4), Sat 10-10 (5); the third party is
    # consulted 10-12..16 (5 working days not counted); 10-19..23 (6–10), 10-26..30 (11–15), 11-02..06
    # (16–20): original due Fri 11-06; +10 working days: 11-09..13, 11-16..20 -> Fri 11-20.
    d = due(
        date(2026, 9, 28),
        pauses=[Pause(date(2026, 10, 12), date(2026, 10, 16), "third_party")],
        extension_days=10,
    )
    assert (d.original_due, d.due) == (date(2026, 11, 6), date(2026, 11, 20))
    assert d.explanation == (
        "2026-09-28 收到申请，自次日起计算 20 个工作日",
        "2026-10-01 至 2026-10-07 为国庆节假期（不计入工作日）",
        "2026-10-10（星期六）为国庆节调休工作日（计入工作日）",
        "征求第三方意见 2026-10-12 至 2026-10-16（共 5 个工作日）不计入答复期限",
        "原答复期限届满日：2026-11-06",
        "经批准延长答复期限 10 个工作日",
        "答复期限届满日：2026-11-20",
    )
    assert d.to_json()["original_due"] == "2026-11-06"


def test_correction_restarts_and_earlier_pause_is_irrelevant():
    # Corrected application received Wed 2026-04-01; 清明 2026-04-04 (Sat) .. 04-06 (Mon) off, no make-up day.
    # 04-02 (1), 04-03 (2), 04-07..10 (3–6), 04-13..17 (7–11), 04-20..24 (12–16), 04-27..30 (17–20).
    pause = Pause(date(2026, 3, 10), date(2026, 3, 12))
    d = due(date(2026, 3, 2), correction_received=date(2026, 4, 1), pauses=[pause])
    assert d.due == date(2026, 4, 30)
    assert "2026-04-01 收到补正后的申请，答复期限自次日起重新计算 20 个工作日" in d.explanation
    assert "征求意见 2026-03-10 至 2026-03-12 在答复期限起算之前，不影响期限" in d.explanation
    assert "2026-04-04 至 2026-04-06 为清明节假期（不计入工作日）" in d.explanation


def test_pause_on_and_after_the_due_date():
    # Received Mon 2026-03-02, no holidays in March: 03-03..06 (1–4), 03-09..13, 03-16..20, 03-23..27 (5–19),
    # Mon 03-30 (20).
    assert due(date(2026, 3, 2)).due == date(2026, 3, 30)
    # A pause starting the day after the due date cannot move it.
    late = due(date(2026, 3, 2), pauses=[Pause(date(2026, 3, 31), date(2026, 4, 3))])
    assert late.due == date(2026, 3, 30)
    assert "征求意见 2026-03-31 至 2026-04-03 开始于答复期限届满之后，不影响期限" in late.explanation
    # One starting on the due date counts: 03-30..04-01 (3 working days) not counted, the 20th is Thu 04-02.
    on = due(date(2026, 3, 2), pauses=[Pause(date(2026, 3, 30), date(2026, 4, 1), "fee")])
    assert on.due == date(2026, 4, 2)
    assert "收费通知至缴纳费用 2026-03-30 至 2026-04-01（共 3 个工作日）不计入答复期限" in on.explanation


def test_pause_over_a_holiday_only():
    # A consultation over the Spring Festival days off removes no working day.
    d = due(date(2026, 2, 10), pauses=[Pause(date(2026, 2, 16), date(2026, 2, 20))])
    assert d.due == date(2026, 3, 16)
    assert "征求意见 2026-02-16 至 2026-02-20 期间没有工作日，不影响期限" in d.explanation


def test_open_pause_assumed_through_as_of():
    # Received Mon 2026-03-02; a consultation from Mon 03-09 is still open on Fri 03-13, so 03-09..13 are
    # assumed not counted: 03-03..06 (1–4), 03-16..20 (5–9), 03-23..27 (10–14), 03-30..04-03 (15–19), 清明
    # 04-04..06 off, Tue 04-07 (20).
    d = due(date(2026, 3, 2), pauses=[Pause(date(2026, 3, 9), None)], as_of=date(2026, 3, 13))
    assert d.due == date(2026, 4, 7) and d.paused
    assert (
        "征求意见 2026-03-09 起（尚未结束，暂计至 2026-03-13）（共 5 个工作日）不计入答复期限，结束前期限随之顺延"
        in d.explanation
    )


def test_provisional_2027():
    # Received Tue 2026-12-15: 12-16..18 (1–3), 12-21..25 (4–8), 12-28..31 (9–12); 2027 has no notice yet, but
    # Fri 2027-01-01 (元旦) is off by statute; 01-04..08 (13–17), 01-11 (18), 01-12 (19), Wed 01-13 (20) —
    # provisional, as the notice may still add days off or make-up days.
    d = due(date(2026, 12, 15))
    assert d.due == date(2027, 1, 13) and d.provisional
    assert d.explanation[-2:] == (
        "2027 年的法定节假日安排尚未录入，按周末和《全国年节及纪念日放假办法》规定的法定节假日计算（调休安排未知），"
        "此日期为暂定",
        "答复期限届满日：2027-01-13（暂定）",
    )
    assert d.to_json()["provisional"] is True


def test_a_fixed_statutory_day_is_never_a_working_day_before_the_notice():
    # The example. Received Fri 2026-12-04: 12-07..11 (1–5), 12-14..18 (6–10), 12-21..25 (11–15),
    # 12-28..31 (16–19); Fri 2027-01-01 is 元旦, Mon 2027-01-04 (20) — at the earliest, and provisional.
    d = due(date(2026, 12, 4))
    assert d.due == date(2027, 1, 4) and d.provisional
    assert d.explanation == (
        "2026-12-04 收到申请，自次日起计算 20 个工作日",
        "2027-01-01 为元旦（《全国年节及纪念日放假办法》规定的法定节假日，不计入工作日；当年放假安排尚未公布）",
        "2027 年的法定节假日安排尚未录入，按周末和《全国年节及纪念日放假办法》规定的法定节假日计算（调休安排未知），"
        "此日期为暂定",
        "答复期限届满日：2027-01-04（暂定）",
    )


def test_across_the_spring_festival_of_a_year_without_a_notice():
    # 2027: 除夕 Fri 02-05 and 初一..初三 02-06..08 off by statute. Received Mon 2027-01-25: 01-26..29 (1–4),
    # 02-01..04 (5–8), 02-05..08 off, 02-09..12 (9–12), 02-15..19 (13–17), 02-22..24 (18–20).
    d = due(date(2027, 1, 25))
    assert d.due == date(2027, 2, 24) and d.provisional
    assert d.explanation[1] == (
        "2027-02-05 至 2027-02-08 为春节（《全国年节及纪念日放假办法》规定的法定节假日，不计入工作日；当年放假安排尚未公布）"
    )
    # Received on one of those days: the receipt line names it.
    on = due(date(2027, 2, 5))
    assert on.explanation[0] == "2027-02-05 收到申请（当日为春节假期），自次日起计算 20 个工作日"


def test_a_year_past_the_rules_is_counted_on_weekends_only():
    # Lunar dates are known through 2099: 2100 has no fixed days, and the explanation says weekends only.
    # Received Mon 2099-12-28: 12-29..31 (1–3), Fri 2100-01-01 counts (4), 01-04..08 (5–9), 01-11..15 (10–14),
    # 01-18..22 (15–19), Mon 01-25 (20).
    d = due(date(2099, 12, 28))
    assert d.due == date(2100, 1, 25) and d.provisional
    assert d.explanation[-3:] == (
        "2099 年的法定节假日安排尚未录入，按周末和《全国年节及纪念日放假办法》规定的法定节假日计算（调休安排未知），"
        "此日期为暂定",
        "2100 年的法定节假日安排尚未录入，按周末计算，此日期为暂定",
        "答复期限届满日：2100-01-25（暂定）",
    )


# Test data, NOT the real 2027 notice: a plausible New Year's arrangement to show a loaded year at work.
YEAR_2027 = """{
  "format": "gongkai.year-calendar/1", "year": 2027, "source": "测试用（非真实通知）",
  "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"},
               {"name": "春节", "start": "2027-02-05", "end": "2027-02-13", "workdays": ["2027-02-14"]}]
}"""


def test_loaded_2027_year_makes_it_definite():
    # Same receipt and the same date as provisionally (the file keeps 元旦 2027-01-01 off), now definite.
    cal = WorkCalendar.official([parse_year_file(YEAR_2027)])
    d = compute_deadline(date(2026, 12, 15), calendar=cal)
    assert d.due == date(2027, 1, 13) and not d.provisional
    assert "2027-01-01 至 2027-01-03 为元旦假期（不计入工作日）" in d.explanation
    assert not any("暂定" in line or "放假办法" in line for line in d.explanation)
    # Across 春节 the file's bridge days (Tue 02-09 .. Fri 02-12) and make-up Sunday 02-14 replace the
    # statutory minimum: received Mon 2027-01-25, 01-26..29 (1–4), 02-01..04 (5–8), 02-05..13 off, Sun 02-14 (9),
    # 02-15..19 (10–14), 02-22..26 (15–19), Mon 03-01 (20) — instead of the provisional 02-24.
    assert compute_deadline(date(2027, 1, 25), calendar=cal).due == date(2027, 3, 1)


def test_receipt_on_a_make_up_sunday_counts_from_the_next_day():
    # Received Sun 2024-02-18 (a make-up working day; the receipt day is never counted): 02-19..23 (1–5),
    # 02-26..03-01 (6–10), 03-04..08 (11–15), 03-11..15 (16–20).
    assert due(date(2024, 2, 18)).due == date(2024, 3, 15)


@pytest.mark.parametrize(
    "received, expected",
    [
        # New Year 2024: 01-01 (Mon) off. Received Fri 2023-12-29: 01-02..05 (1–4), 01-08..12 (5–9),
        # 01-15..19 (10–14), 01-22..26 (15–19), Mon 01-29 (20).
        (date(2023, 12, 29), date(2024, 1, 29)),
        # Labour Day 2025: 05-01..05 off, Sun 04-27 worked. Received Fri 2025-04-25: Sun 04-27 (1), 04-28..30
        # (2–4), 05-06..09 (5–8), 05-12..16 (9–13), 05-19..23 (14–18), 05-26 (19), Tue 05-27 (20).
        (date(2025, 4, 25), date(2025, 5, 27)),
    ],
)
def test_more_holidays(received, expected):
    assert due(received).due == expected
