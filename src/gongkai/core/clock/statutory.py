"""The fixed statutory days off of 《全国年节及纪念日放假办法》, as data: what a year without its notice still has.

The State Council's yearly notice adds bridge days and make-up working weekends, but it can never make one of
these days a working day. So a year whose notice is not loaded is counted on weekends *and* these days; the
make-up days stay unknown and every result over such a year stays provisional (see `calendar.WorkCalendar`).

Each revision of the measures is one entry of `REVISIONS`, with the day it came into force; a day is governed
by the latest revision in force on it. The days are given by rule and resolved per year:

- ``(GREGORIAN, month, day)``: a fixed date (元旦 1 Jan);
- ``(LUNAR, month, day)``: a day of the Chinese lunar calendar (端午 = 农历五月初五), never a leap month;
- ``(LUNAR_NEW_YEARS_EVE,)``: 除夕, the last day of the lunar year. 腊月 has 29 or 30 days, so it is taken as
  the day before 正月初一, not as "腊月三十";
- ``(SOLAR_TERM, name)``: the day of a solar term (清明).

Lunar dates come from `lunardate` (tables for 1900–2099), the solar term from chinesecalendar's
`get_solar_terms` (1900–2100); both were checked against an astronomical calendar for 1950–2099, and the test
suite checks them against every official arrangement in chinesecalendar's data. Outside 1900–2099 no fixed
day is known and `statutory_days` is empty (such a year is counted on weekends only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

GREGORIAN = "gregorian"
LUNAR = "lunar"
LUNAR_NEW_YEARS_EVE = "lunar_new_years_eve"
SOLAR_TERM = "solar_term"

FIRST_YEAR, LAST_YEAR = 1900, 2099  # the range of lunardate's tables

STATUTE = "《全国年节及纪念日放假办法》"


@dataclass(frozen=True)
class Revision:
    """One version of the measures: the days off for all citizens (全体公民放假的节日), per holiday."""

    title: str
    in_force: date
    holidays: tuple[tuple[str, tuple[tuple, ...]], ...]


REVISIONS: tuple[Revision, ...] = (
    # Names as the State Council's notices write them (the 1999 text says 新年 for 元旦).
    Revision(
        title=f"{STATUTE}（1999 年修订）",
        in_force=date(1999, 9, 18),
        holidays=(
            ("元旦", ((GREGORIAN, 1, 1),)),
            ("春节", ((LUNAR, 1, 1), (LUNAR, 1, 2), (LUNAR, 1, 3))),
            ("劳动节", ((GREGORIAN, 5, 1), (GREGORIAN, 5, 2), (GREGORIAN, 5, 3))),
            ("国庆节", ((GREGORIAN, 10, 1), (GREGORIAN, 10, 2), (GREGORIAN, 10, 3))),
        ),
    ),
    Revision(
        title=f"{STATUTE}（2007 年修订）",
        in_force=date(2008, 1, 1),
        holidays=(
            ("元旦", ((GREGORIAN, 1, 1),)),
            ("春节", ((LUNAR_NEW_YEARS_EVE,), (LUNAR, 1, 1), (LUNAR, 1, 2))),
            ("清明节", ((SOLAR_TERM, "清明"),)),
            ("劳动节", ((GREGORIAN, 5, 1),)),
            ("端午节", ((LUNAR, 5, 5),)),
            ("中秋节", ((LUNAR, 8, 15),)),
            ("国庆节", ((GREGORIAN, 10, 1), (GREGORIAN, 10, 2), (GREGORIAN, 10, 3))),
        ),
    ),
    Revision(
        title=f"{STATUTE}（2013 年修订）",
        in_force=date(2014, 1, 1),
        holidays=(
            ("元旦", ((GREGORIAN, 1, 1),)),
            ("春节", ((LUNAR, 1, 1), (LUNAR, 1, 2), (LUNAR, 1, 3))),
            ("清明节", ((SOLAR_TERM, "清明"),)),
            ("劳动节", ((GREGORIAN, 5, 1),)),
            ("端午节", ((LUNAR, 5, 5),)),
            ("中秋节", ((LUNAR, 8, 15),)),
            ("国庆节", ((GREGORIAN, 10, 1), (GREGORIAN, 10, 2), (GREGORIAN, 10, 3))),
        ),
    ),
    Revision(
        title=f"{STATUTE}（2024 年修订）",
        in_force=date(2025, 1, 1),
        holidays=(
            ("元旦", ((GREGORIAN, 1, 1),)),
            ("春节", ((LUNAR_NEW_YEARS_EVE,), (LUNAR, 1, 1), (LUNAR, 1, 2), (LUNAR, 1, 3))),
            ("清明节", ((SOLAR_TERM, "清明"),)),
            ("劳动节", ((GREGORIAN, 5, 1), (GREGORIAN, 5, 2))),
            ("端午节", ((LUNAR, 5, 5),)),
            ("中秋节", ((LUNAR, 8, 15),)),
            ("国庆节", ((GREGORIAN, 10, 1), (GREGORIAN, 10, 2), (GREGORIAN, 10, 3))),
        ),
    ),
)


def resolve(rule: tuple, year: int) -> date:
    """The date of one day rule in Gregorian `year` (lunar rules: in the lunar year starting in `year`)."""
    from lunardate import LunarDate

    kind = rule[0]
    if kind == GREGORIAN:
        return date(year, rule[1], rule[2])
    if kind == LUNAR:
        return LunarDate(year, rule[1], rule[2]).to_solar_date()
    if kind == LUNAR_NEW_YEARS_EVE:
        return LunarDate(year, 1, 1).to_solar_date() - timedelta(days=1)
    if kind == SOLAR_TERM:
        from chinese_calendar import get_solar_terms

        return next(d for d, name in get_solar_terms(date(year, 1, 1), date(year, 12, 31)) if name == rule[1])
    raise ValueError(f"unknown day rule {rule!r}")


@lru_cache(maxsize=256)
def statutory_days(year: int) -> Mapping[date, tuple[str, ...]]:
    """The fixed days off in `year`, each with its holiday's name(s) (two when they coincide, e.g. 中秋 on
    1 Oct), in date order. Empty before the first revision here and outside 1900–2099."""
    out: dict[date, list[str]] = {}
    if FIRST_YEAR <= year <= LAST_YEAR:
        ends = [r.in_force for r in REVISIONS[1:]] + [date.max]
        for rev, until in zip(REVISIONS, ends, strict=True):
            if rev.in_force.year > year or until.year < year:
                continue
            for name, rules in rev.holidays:
                for rule in rules:
                    d = resolve(rule, year)
                    if d.year == year and rev.in_force <= d < until and name not in out.setdefault(d, []):
                        out[d].append(name)
    return MappingProxyType({d: tuple(out[d]) for d in sorted(out)})
