"""The calendar as data: package years, year files, overrides."""

from __future__ import annotations

import json
from datetime import date

import pytest

from gongkai.core.clock import WorkCalendar, YearCalendar, dump_year_file, package_years, parse_year_file
from gongkai.core.errors import CalendarFileInvalid, CalendarMissing, GongkaiError


def year_file(**changes) -> str:
    obj = {
        "format": "gongkai.year-calendar/1",
        "year": 2027,
        "source": "测试用（非真实通知）",
        "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03", "workdays": []}],
    }
    obj.update(changes)
    return json.dumps(obj, ensure_ascii=False)


def test_package_covers_2004_to_2026_with_sources_and_names():
    years = package_years()
    assert [y.year for y in years] == list(range(2004, 2027))
    cal = WorkCalendar.official()
    assert cal.covers(2004) and cal.covers(2026) and not cal.covers(2027) and not cal.covers(2003)
    assert cal.source(2026).startswith("chinesecalendar ")
    assert cal.holiday_name(date(2025, 10, 6)) == "中秋节"
    assert cal.holiday_name(date(2024, 2, 18)) == "春节"  # the make-up day is named after its holiday


def test_december_make_up_days_belong_to_the_next_notice():
    # 2018-12-29 (Sat) was worked for New Year 2019 (the 2019 notice, as chinesecalendar records it).
    y2019 = next(y for y in package_years() if y.year == 2019)
    y2018 = next(y for y in package_years() if y.year == 2018)
    assert date(2018, 12, 29) in y2019.workdays and date(2018, 12, 29) not in y2018.workdays
    assert WorkCalendar.official().is_workday(date(2018, 12, 29))


def test_a_loaded_year_replaces_the_package_year():
    # Replace 2026 by a file that only knows New Year's Day: National Day 2026 becomes ordinary weekdays.
    mine = parse_year_file(
        year_file(year=2026, holidays=[{"name": "元旦", "start": "2026-01-01", "end": "2026-01-01"}])
    )
    cal = WorkCalendar.official([mine])
    assert cal.source(2026) == "测试用（非真实通知）"
    assert cal.is_workday(date(2026, 10, 1)) and not cal.is_workday(date(2026, 10, 10))
    assert not cal.is_workday(date(2026, 1, 1)) and cal.is_workday(date(2026, 1, 2))
    # The official calendar itself is untouched.
    assert not WorkCalendar.official().is_workday(date(2026, 10, 1))


def test_empty_calendar_counts_weekdays_less_the_fixed_statutory_days():
    cal = WorkCalendar()
    # 2026 without its notice: 国庆 10-01..03 off by statute, but no bridge day (Mon 10-05 is worked) and no
    # make-up Saturday (10-10 is off).
    assert not cal.is_workday(date(2026, 10, 1)) and not cal.is_workday(date(2026, 10, 10))
    assert cal.is_workday(date(2026, 10, 5))
    assert cal.workdays_between(date(2026, 9, 30), date(2026, 10, 9)) == 5  # 10-05..09
    assert cal.provisional_between(date(2026, 1, 1), date(2026, 1, 2))
    # Before the first revision of the measures in the data (1999-09-18) only weekends are known.
    assert cal.is_workday(date(1998, 10, 1))


def test_year_file_round_trip_of_every_package_year():
    for y in package_years():
        back = parse_year_file(dump_year_file(y))
        assert (back.year, back.holidays, back.workdays, back.source) == (
            y.year,
            y.holidays,
            y.workdays,
            y.source,
        )


def test_year_file_accepts_bytes_with_bom_and_default_end():
    text = year_file(holidays=[{"name": "元旦", "start": "2027-01-01"}])
    y = parse_year_file(("\ufeff" + text).encode("utf-8"))
    assert y == YearCalendar(2027, frozenset({date(2027, 1, 1)}), frozenset(), "测试用（非真实通知）")
    assert y.names[date(2027, 1, 1)] == "元旦"


@pytest.mark.parametrize(
    "text, fragment",
    [
        (b"\xff\xfe\x00", "UTF-8"),
        ("{not json", "JSON"),
        ("[]", "JSON 对象"),
        (year_file(format="other/1"), "format"),
        (year_file(year="2027"), "year"),
        (year_file(source=" "), "source"),
        (year_file(holidays=[]), "holidays"),
        (year_file(extra=1), "extra"),
        (year_file(holidays=[{"name": "元旦", "start": "2027-13-01"}]), "不是有效日期"),
        (year_file(holidays=[{"name": "元旦", "start": "2027/01/01"}]), "不是有效日期"),
        (year_file(holidays=[{"name": "元旦", "start": "2028-01-01"}]), "不在 2027 年内"),
        (
            year_file(holidays=[{"name": "元旦", "start": "2027-01-03", "end": "2027-01-01"}]),
            "结束日早于开始日",
        ),
        (year_file(holidays=[{"name": "", "start": "2027-01-01"}]), "name"),
        (
            year_file(holidays=[{"name": "春节", "start": "2027-02-06", "workdays": ["2027-02-08"]}]),
            "不是周末",
        ),
        (
            year_file(
                holidays=[
                    {"name": "春节", "start": "2027-02-06", "end": "2027-02-14", "workdays": ["2027-02-13"]}
                ]
            ),
            "既是放假日又是调休上班日",
        ),
        (year_file(holidays=[{"name": "春节", "start": "2027-02-06", "days": 3}]), "days"),
    ],
)
def test_invalid_year_files_say_why_in_chinese(text, fragment):
    with pytest.raises(CalendarFileInvalid) as info:
        parse_year_file(text)
    assert info.value.message.startswith("节假日安排文件无效：")
    assert fragment in info.value.message
    assert isinstance(info.value, GongkaiError) and info.value.code == "calendar_file_invalid"


def test_a_december_make_up_day_is_allowed_in_the_next_years_file():
    y = parse_year_file(
        year_file(holidays=[{"name": "元旦", "start": "2027-01-01", "workdays": ["2026-12-26"]}])
    )
    cal = WorkCalendar.official([y])
    assert cal.is_workday(date(2026, 12, 26))  # a Saturday, worked by the (test) 2027 notice
    assert not WorkCalendar.official().is_workday(date(2026, 12, 26))


def test_require_covered():
    cal = WorkCalendar.official()
    cal.require_covered(date(2025, 12, 1), date(2026, 12, 31))
    with pytest.raises(CalendarMissing) as info:
        cal.require_covered(date(2026, 12, 1), date(2028, 1, 5))
    assert "2027 年、2028 年的法定节假日安排尚未录入" in info.value.message


def test_skip_intervals_of_add_workdays():
    cal = WorkCalendar.official()
    start = date(2026, 3, 2)  # Mon; 20 working days -> 03-30
    assert cal.add_workdays(start, 20) == date(2026, 3, 30)
    # Overlapping intervals remove each working day once: 03-09..13 and 03-11..17 remove 03-09..17 (7 days).
    skip = [(date(2026, 3, 11), date(2026, 3, 17)), (date(2026, 3, 9), date(2026, 3, 13))]
    assert cal.add_workdays(start, 20, skip=skip) == cal.add_workdays(start, 27)
    _, removed = cal.walk(start, 20, skip)
    assert removed == [2, 5]  # in the order given: the later interval adds 03-16 and 03-17 only
    with pytest.raises(ValueError):
        cal.add_workdays(start, -1)


def test_events_between_lists_only_the_span():
    cal = WorkCalendar.official()
    events = [text for _, text in cal.events_between(date(2025, 10, 8), date(2025, 10, 31))]
    # The span is (10-08, 10-31]: the National Day run ended on 10-08, outside it.
    assert events == ["2025-10-11（星期六）为国庆节调休工作日（计入工作日）"]
    assert cal.events_between(date(2025, 10, 7), date(2025, 10, 9))[0][1].startswith(
        "2025-10-01 至 2025-10-08"
    )
