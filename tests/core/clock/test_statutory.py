"""The fixed statutory days off of 《全国年节及纪念日放假办法》: the data, the lunar and solar-term library, and
their check against every official arrangement chinesecalendar holds."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from lunardate import LunarDate

from gongkai.core.clock import REVISIONS, WorkCalendar, package_years, parse_year_file, statutory_days
from gongkai.core.clock.calendar import _CC_NAMES


def days(year: int) -> dict[str, list[str]]:
    """Holiday name -> its fixed days in `year` as MM-DD, for compact expectations."""
    out: dict[str, list[str]] = {}
    for d, names in statutory_days(year).items():
        for name in names:
            out.setdefault(name, []).append(d.strftime("%m-%d"))
    return out


def test_every_fixed_day_is_a_day_off_in_every_official_year():
    """The revisions and the libraries (lunardate; chinesecalendar's solar terms) against the State Council's
    own arrangements, 2004–2026: each fixed day must be off, and where the package names the day, under the
    same holiday."""
    years = [y.year for y in package_years()]
    assert years[0] == 2004 and years[-1] >= 2026
    checked = 0
    for year in years:
        fixed = statutory_days(year)
        assert len(fixed) >= 10, (
            year
        )  # a year has at least 元旦, 春节 ×3, 劳动节, 国庆 ×3 ... (coinciding days once)
        for d, names in fixed.items():
            assert d.year == year
            assert not chinese_calendar.is_workday(d), (d, names)
            _, cc_name = chinese_calendar.get_holiday_detail(d)
            if cc_name is not None:
                assert _CC_NAMES[cc_name] in names, (d, names, cc_name)
            checked += 1
    assert checked > 240


def test_the_2025_revision_in_the_years_the_package_covers():
    # 2025: 春节 from 除夕 (腊月廿九, 01-28); 清明 04-04; 端午 05-31; 中秋 10-06.
    assert days(2025) == {
        "元旦": ["01-01"],
        "春节": ["01-28", "01-29", "01-30", "01-31"],
        "清明节": ["04-04"],
        "劳动节": ["05-01", "05-02"],
        "端午节": ["05-31"],
        "国庆节": ["10-01", "10-02", "10-03"],
        "中秋节": ["10-06"],
    }
    assert days(2026) == {
        "元旦": ["01-01"],
        "春节": ["02-16", "02-17", "02-18", "02-19"],
        "清明节": ["04-05"],
        "劳动节": ["05-01", "05-02"],
        "端午节": ["06-19"],
        "中秋节": ["09-25"],
        "国庆节": ["10-01", "10-02", "10-03"],
    }


def test_2027_a_year_without_a_notice():
    # Published lunar calendars: 正月初一 2027-02-06, 端午 06-09, 中秋 09-15; 清明 falls on 04-05.
    assert days(2027) == {
        "元旦": ["01-01"],
        "春节": ["02-05", "02-06", "02-07", "02-08"],
        "清明节": ["04-05"],
        "劳动节": ["05-01", "05-02"],
        "端午节": ["06-09"],
        "中秋节": ["09-15"],
        "国庆节": ["10-01", "10-02", "10-03"],
    }


@pytest.mark.parametrize(
    "year, eve, last_month_days",
    [(2027, date(2027, 2, 5), 29), (2030, date(2030, 2, 2), 30)],
)
def test_new_years_eve_is_the_last_day_of_the_lunar_year(year, eve, last_month_days):
    assert eve in statutory_days(year) and statutory_days(year)[eve] == ("春节",)
    assert LunarDate(year - 1, 12, last_month_days).to_solar_date() == eve
    assert eve + timedelta(days=1) == LunarDate(year, 1, 1).to_solar_date()
    if last_month_days == 29:
        with pytest.raises(ValueError):  # 腊月 has no 30th that year: "腊月三十" would be wrong
            LunarDate(year - 1, 12, 30).to_solar_date()


def test_coinciding_holidays_keep_both_names():
    # 中秋 2028 is 10-03, the third day of 国庆; the names follow the order of the measures.
    assert statutory_days(2028)[date(2028, 10, 3)] == ("中秋节", "国庆节")
    assert WorkCalendar().holiday_name(date(2028, 10, 3)) == "中秋节、国庆节"


def test_each_day_follows_the_revision_in_force():
    # 2007 revision (2008–2013): 除夕 and 初一, 初二; 2013 revision (2014–2024): 初一 to 初三; 2024: all four.
    assert days(2013)["春节"] == ["02-09", "02-10", "02-11"]
    assert days(2014)["春节"] == ["01-31", "02-01", "02-02"]
    assert days(2007)["劳动节"] == ["05-01", "05-02", "05-03"] and "清明节" not in days(2007)
    assert days(2024)["劳动节"] == ["05-01"]
    assert [r.in_force for r in REVISIONS] == sorted(r.in_force for r in REVISIONS)
    assert REVISIONS[-1].in_force == date(2025, 1, 1) and "2024 年修订" in REVISIONS[-1].title


def test_no_rules_before_the_first_revision_or_past_the_lunar_tables():
    assert statutory_days(1998) == {} and statutory_days(2100) == {}
    assert len(statutory_days(2099)) == 13


def test_an_uncovered_year_has_the_fixed_days_off_and_nothing_else():
    cal = WorkCalendar.official()
    assert not cal.covers(2027)
    fri = date(2027, 1, 1)
    assert not cal.is_workday(fri) and cal.is_holiday(fri) and cal.holiday_name(fri) == "元旦"
    # No bridge day and no make-up day is known: Mon 10-04 after 国庆 (Fri 10-01 .. Sun 10-03) is worked.
    assert cal.is_workday(date(2027, 10, 4)) and not cal.is_workday(date(2027, 10, 9))
    assert not cal.is_holiday(date(2027, 1, 2))  # a plain Saturday
    assert cal.fixed_days(2027)[date(2027, 2, 8)] == "春节"
    assert cal.fixed_days(2026) == {}  # a covered year has its notice instead


def test_a_loaded_notice_wins_entirely_for_its_year():
    # A (test) 2027 file that only knows 元旦: the statutory days of the rest of the year no longer apply.
    mine = parse_year_file(
        '{"year": 2027, "source": "测试用（非真实通知）", "holidays": [{"name": "元旦", "start": "2027-01-01"}]}'
    )
    cal = WorkCalendar.official([mine])
    assert cal.fixed_days(2027) == {}
    assert cal.is_workday(date(2027, 10, 1)) and not cal.is_holiday(date(2027, 2, 5))
    assert not cal.is_workday(date(2027, 1, 1))
    assert not WorkCalendar.official().is_workday(date(2027, 10, 1))


def test_events_name_the_fixed_days_that_change_the_count():
    cal = WorkCalendar.official()
    events = [text for _, text in cal.events_between(date(2027, 1, 20), date(2027, 5, 31))]
    assert events == [
        "2027-02-05 至 2027-02-08 为春节（《全国年节及纪念日放假办法》规定的法定节假日，不计入工作日；"
        "当年放假安排尚未公布）",
        "2027-04-05 为清明节（《全国年节及纪念日放假办法》规定的法定节假日，不计入工作日；当年放假安排尚未公布）",
    ]  # 劳动节 2027 (Sat 05-01, Sun 05-02) falls on a weekend and changes nothing
