"""Property tests of the clock against a day-by-day reference walk (the obvious, slow definition)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st
from lunardate import LunarDate

from gongkai.core.clock import (
    ANSWER_WORKDAYS,
    MAX_REPLY_WORKDAYS,
    Pause,
    WorkCalendar,
    compute_deadline,
    package_years,
)

CAL = WorkCalendar.official()
ONE = timedelta(days=1)
LAST_NOTICE = package_years()[-1].year  # 2026 with chinesecalendar 1.11.0

dates = st.dates(min_value=date(2004, 1, 1), max_value=date(2030, 6, 30))


@cache
def fixed_days(year: int) -> frozenset[date]:
    """The days off of 《全国年节及纪念日放假办法》 (2024 revision, in force 2025) written out by hand: 元旦, 春节
    (除夕 = the day before 正月初一, and 初一..初三), 清明, 劳动节 05-01..02, 端午, 中秋, 国庆 10-01..03."""
    assert 2025 <= year <= 2099
    new_year = LunarDate(year, 1, 1).to_solar_date()
    (qingming,) = [
        d
        for d, name in chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
        if name == "清明"
    ]
    return frozenset(
        {
            date(year, 1, 1),
            new_year - ONE,
            new_year,
            new_year + ONE,
            new_year + 2 * ONE,
            qingming,
            date(year, 5, 1),
            date(year, 5, 2),
            LunarDate(year, 5, 5).to_solar_date(),
            LunarDate(year, 8, 15).to_solar_date(),
            date(year, 10, 1),
            date(year, 10, 2),
            date(year, 10, 3),
        }
    )


def is_workday(d: date) -> bool:
    """The reference: the State Council's arrangement while chinesecalendar has it; after that weekdays less
    the statutory days off."""
    if d.year <= LAST_NOTICE:
        return chinese_calendar.is_workday(d)
    return d.weekday() < 5 and d not in fixed_days(d.year)


extensions = st.sampled_from([0, 0, 1, 5, 10, 19, 20])
# Mostly art. 33's 20 working days; sometimes a longer reasonable period set under art. 35.
periods = st.sampled_from([ANSWER_WORKDAYS] * 4 + [21, 45, MAX_REPLY_WORKDAYS])


@st.composite
def pauses_after(draw, start: date, max_count: int = 3):
    out = []
    for _ in range(draw(st.integers(0, max_count))):
        s = start + timedelta(days=draw(st.integers(0, 60)))
        out.append(
            Pause(
                s,
                s + timedelta(days=draw(st.integers(0, 25))),
                draw(st.sampled_from(["consultation", "fee"])),
            )
        )
    return out


def reference_due(start: date, total: int, pauses) -> date:
    """Walk day by day: count a working day unless it lies inside a pause."""
    d, n = start, 0
    while n < total:
        d += ONE
        if is_workday(d) and not any(p.start <= d <= p.end for p in pauses):
            n += 1
    return d


def paused_workdays(a: date, b: date, pauses) -> int:
    """Working days in (a, b] inside at least one pause."""
    n, d = 0, a + ONE
    while d <= b:
        if is_workday(d) and any(p.start <= d <= p.end for p in pauses):
            n += 1
        d += ONE
    return n


@given(dates, extensions, periods, st.data())
@settings(max_examples=300, deadline=None)
def test_due_matches_the_reference_walk_and_is_a_working_day(received, ext, period, data):
    pauses = data.draw(pauses_after(received))
    d = compute_deadline(received, calendar=CAL, pauses=pauses, extension_days=ext, reply_workdays=period)
    assert CAL.is_workday(d.due)
    assert d.due == reference_due(received, period + ext, pauses)
    # A pause excludes exactly its working days inside the counted span.
    assert CAL.workdays_between(received, d.due) == period + ext + paused_workdays(received, d.due, pauses)


@given(dates, st.integers(1, 20))
@settings(max_examples=200, deadline=None)
def test_extension_adds_exactly_its_working_days(received, ext):
    plain = compute_deadline(received, calendar=CAL)
    d = compute_deadline(received, calendar=CAL, extension_days=ext)
    assert d.original_due == plain.due
    assert CAL.workdays_between(d.original_due, d.due) == ext <= 20
    assert d.due > d.original_due


@given(dates, st.integers(0, 400), st.integers(0, 400), st.data())
@settings(max_examples=200, deadline=None)
def test_a_correction_restarts_the_count(received, gap1, gap2, data):
    """The due date depends only on the correction's receipt, not on the original receipt."""
    correction = received + timedelta(days=max(gap1, gap2))
    other_received = received + timedelta(days=min(gap1, gap2))
    pauses = data.draw(pauses_after(correction))
    a = compute_deadline(received, calendar=CAL, correction_received=correction, pauses=pauses)
    b = compute_deadline(other_received, calendar=CAL, correction_received=correction, pauses=pauses)
    c = compute_deadline(correction, calendar=CAL, pauses=pauses)
    assert a.due == b.due == c.due
    # Pauses that ended by the correction's receipt do not matter either.
    early = [Pause(received, correction)] if received < correction else []
    assert (
        compute_deadline(received, calendar=CAL, correction_received=correction, pauses=early + pauses).due
        == a.due
    )


@given(dates, st.integers(1, 30))
@settings(max_examples=200, deadline=None)
def test_a_pause_after_the_due_date_changes_nothing(received, offset):
    plain = compute_deadline(received, calendar=CAL).due
    late = Pause(plain + timedelta(days=offset), plain + timedelta(days=offset + 10))
    assert compute_deadline(received, calendar=CAL, pauses=[late]).due == plain


@given(dates, st.integers(0, 60), st.integers(0, 20))
@settings(max_examples=200, deadline=None)
def test_an_open_pause_equals_one_ending_on_as_of(received, start_offset, length):
    start = received + timedelta(days=start_offset)
    as_of = start + timedelta(days=length)
    open_ = compute_deadline(received, calendar=CAL, pauses=[Pause(start, None)], as_of=as_of)
    closed = compute_deadline(received, calendar=CAL, pauses=[Pause(start, as_of)])
    assert open_.due == closed.due and open_.paused and not closed.paused


@given(dates, dates)
@settings(max_examples=300, deadline=None)
def test_workdays_between_counts_the_half_open_span(a, b):
    lo, hi = min(a, b), max(a, b)
    if (hi - lo).days > 800:
        hi = lo + timedelta(days=800)
    n = sum(CAL.is_workday(lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
    assert CAL.workdays_between(lo, hi) == n
    assert CAL.workdays_between(hi, lo) == -n


@given(dates, st.integers(0, 300))
@settings(max_examples=300, deadline=None)
def test_add_workdays_is_the_first_day_reaching_n(start, n):
    d = CAL.add_workdays(start, n)
    assert CAL.workdays_between(start, d) == n
    if n:
        assert CAL.is_workday(d)
        assert CAL.workdays_between(start, d - ONE) == n - 1
    else:
        assert d == start


@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)))
@settings(max_examples=500, deadline=None)
def test_working_days_agree_with_chinesecalendar(d):
    assert CAL.is_workday(d) == chinese_calendar.is_workday(d)


def test_uncovered_years_count_weekdays_less_the_statutory_days_off():
    """Every day of every year without a notice, through 2099 (the end of the lunar tables)."""
    for year in range(LAST_NOTICE + 1, 2100):
        assert CAL.provisional_between(date(year, 6, 1), date(year, 6, 1))
        d = date(year, 1, 1)
        while d.year == year:
            assert CAL.is_workday(d) == is_workday(d), d
            d += ONE


@given(dates)
@settings(max_examples=300, deadline=None)
def test_working_days_agree_with_the_reference(d):
    assert CAL.is_workday(d) == is_workday(d)


@given(dates)
@settings(max_examples=200, deadline=None)
def test_provisional_exactly_when_the_span_reaches_an_uncovered_year(received):
    d = compute_deadline(received, calendar=CAL)
    assert d.provisional == (d.due.year > LAST_NOTICE)
    assert any("暂定" in line for line in d.explanation) == d.provisional
