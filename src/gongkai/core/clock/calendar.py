"""The working-day calendar: weekends, statutory holidays and make-up working days (调休上班), as data.

Each year's arrangement comes from that year's State Council notice (国务院办公厅关于某年部分节假日安排的通知).
The package data is `chinesecalendar`'s (2004 onwards); an administrator loads a newer notice as a small JSON
year file (docs/calendar.md), which replaces the package's data for that year. A year with no data is counted
on weekends and the fixed statutory days off of 《全国年节及纪念日放假办法》 (`statutory`), which no notice can
make working days; its make-up working days are unknown, so every result that depends on such a year is
flagged provisional by the callers.

Counting is done with a cumulative working-day index: `W(d)` is the number of working days from a fixed anchor
up to and including `d`, built per year (a sorted list of the year's working-day ordinals) and looked up with
`bisect`, so adding 20 working days costs a few list look-ups instead of a day-by-day walk.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from ..errors import CalendarFileInvalid, CalendarMissing
from .statutory import STATUTE, statutory_days

YEAR_FILE_FORMAT = "gongkai.year-calendar/1"
WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

# chinesecalendar's English holiday names -> the names the notices use.
_CC_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

_ANCHOR_YEAR = 2000  # W(date(1999, 12, 31)) == 0; any year before or after works, this only sets the origin


@dataclass(frozen=True)
class YearCalendar:
    """One year's official arrangement (one State Council notice).

    `holidays` are the days off of the notice's holiday spans (weekend days inside a span may be listed; they
    change nothing), `workdays` the make-up working days falling on weekends. Dates belong to `year`, except
    that a notice may place days in the December before it (make-up days for New Year's Day have been put
    there, e.g. 2018-12-29 for 2019). `names` maps a date to the holiday it belongs to (for explanations).
    """

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str
    names: Mapping[date, str] = field(default_factory=dict, compare=False, hash=False, repr=False)


# --- year files --------------------------------------------------------------------------------------


def _invalid(detail: str, message: str) -> CalendarFileInvalid:
    return CalendarFileInvalid(detail, message=f"节假日安排文件无效：{message}")


def _date(value, where: str, year: int) -> date:
    if not isinstance(value, str):
        raise _invalid(f"{where}: expected a date string YYYY-MM-DD", f"{where} 应为“YYYY-MM-DD”格式的日期。")
    try:
        d = date.fromisoformat(value)
    except ValueError:
        raise _invalid(
            f"{where}: {value!r} is not a date", f"{where} 的“{value}”不是有效日期（YYYY-MM-DD）。"
        ) from None
    if len(value) != 10:
        raise _invalid(f"{where}: {value!r} is not YYYY-MM-DD", f"{where} 的“{value}”应写成 YYYY-MM-DD。")
    if not (d.year == year or (d.year == year - 1 and d.month == 12)):
        raise _invalid(
            f"{where}: {value} is outside {year} (and its preceding December)",
            f"{where} 的 {value} 不在 {year} 年内（仅允许上一年 12 月的调休日）。",
        )
    return d


def parse_year_file(data: bytes | str) -> YearCalendar:
    """Read an admin-loaded year file (format in docs/calendar.md). Raises CalendarFileInvalid."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _invalid("not UTF-8", "文件不是 UTF-8 编码的文本。") from None
    try:
        obj = json.loads(data)
    except json.JSONDecodeError as exc:
        raise _invalid(
            f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
            f"不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）。",
        ) from None
    if not isinstance(obj, dict):
        raise _invalid("top level is not an object", "顶层应为 JSON 对象。")
    unknown = set(obj) - {"format", "year", "source", "holidays", "note"}
    if unknown:
        names = "、".join(sorted(unknown))
        raise _invalid(f"unknown keys: {sorted(unknown)}", f"含有无法识别的字段：{names}。")
    if obj.get("format", YEAR_FILE_FORMAT) != YEAR_FILE_FORMAT:
        raise _invalid(f"format is not {YEAR_FILE_FORMAT}", f"format 应为“{YEAR_FILE_FORMAT}”。")
    year = obj.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 < year < 2200:
        raise _invalid("year: expected an integer year", "year 应为年份整数，例如 2027。")
    source = obj.get("source")
    if not isinstance(source, str) or not source.strip():
        raise _invalid("source: missing", "source 应写明通知文号，例如“国办发明电〔2025〕7号”。")
    entries = obj.get("holidays")
    if not isinstance(entries, list) or not entries:
        raise _invalid(
            "holidays: expected a non-empty list", "holidays 应为非空列表，每项为一个节日的放假安排。"
        )

    off: dict[date, str] = {}
    on: dict[date, str] = {}
    for i, entry in enumerate(entries, 1):
        where = f"holidays 第 {i} 项"
        if not isinstance(entry, dict):
            raise _invalid(f"holidays[{i}]: not an object", f"{where}应为对象。")
        extra = set(entry) - {"name", "start", "end", "workdays"}
        if extra:
            raise _invalid(
                f"holidays[{i}]: unknown keys {sorted(extra)}",
                f"{where}含有无法识别的字段：{'、'.join(sorted(extra))}。",
            )
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _invalid(f"holidays[{i}].name: missing", f"{where}缺少节日名称 name。")
        name = name.strip()
        start = _date(entry.get("start"), f"{where}的 start", year)
        end = _date(entry.get("end", entry.get("start")), f"{where}的 end", year)
        if end < start:
            raise _invalid(f"holidays[{i}]: end before start", f"{where}（{name}）的结束日早于开始日。")
        if (end - start).days > 31:
            raise _invalid(
                f"holidays[{i}]: span longer than 31 days", f"{where}（{name}）的放假期间超过 31 天。"
            )
        d = start
        while d <= end:
            off.setdefault(d, name)
            d += timedelta(days=1)
        workdays = entry.get("workdays", [])
        if not isinstance(workdays, list):
            raise _invalid(f"holidays[{i}].workdays: not a list", f"{where}的 workdays 应为日期列表。")
        for value in workdays:
            w = _date(value, f"{where}（{name}）的调休上班日", year)
            if w.weekday() < 5:
                raise _invalid(
                    f"holidays[{i}]: make-up day {w} is not a weekend day",
                    f"{where}（{name}）的调休上班日 {w}（{WEEKDAY_NAMES[w.weekday()]}）不是周末。",
                )
            on.setdefault(w, name)
    both = sorted(set(off) & set(on))
    if both:
        raise _invalid(
            f"{both[0]} is both a day off and a make-up working day", f"{both[0]} 既是放假日又是调休上班日。"
        )
    return YearCalendar(year, frozenset(off), frozenset(on), source.strip(), names={**off, **on})


def dump_year_file(cal: YearCalendar) -> str:
    """The year file of a calendar (e.g. a package year as a template for a new notice)."""
    names = dict(cal.names)
    runs: list[dict] = []
    for d in sorted(cal.holidays):
        name = names.get(d, "节假日")
        last = runs[-1] if runs else None
        if last and last["name"] == name and date.fromisoformat(last["end"]) + timedelta(days=1) == d:
            last["end"] = d.isoformat()
        else:
            runs.append({"name": name, "start": d.isoformat(), "end": d.isoformat(), "workdays": []})
    for w in sorted(cal.workdays):
        name = names.get(w)
        target = next((r for r in runs if r["name"] == name), None)
        if target is None:
            target = min(runs, key=lambda r: abs((date.fromisoformat(r["start"]) - w).days))
        target["workdays"].append(w.isoformat())
    obj = {"format": YEAR_FILE_FORMAT, "year": cal.year, "source": cal.source, "holidays": runs}
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


# --- the package data ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def package_years() -> tuple[YearCalendar, ...]:
    """chinesecalendar's data as one YearCalendar per notice year.

    chinesecalendar keys its data by date; a December make-up day for the next New Year's Day belongs to the
    next year's notice, so it is filed there (it then goes when an admin replaces that next year).
    """
    import chinese_calendar
    from chinese_calendar import constants

    source = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()

    def notice_year(d: date, name: str) -> int:
        return d.year + 1 if d.month == 12 and name == "New Year's Day" else d.year

    off: dict[int, dict[date, str]] = {}
    on: dict[int, dict[date, str]] = {}
    for d, name in constants.holidays.items():
        off.setdefault(notice_year(d, name), {})[d] = _CC_NAMES.get(name, name)
    for d, name in constants.workdays.items():
        on.setdefault(notice_year(d, name), {})[d] = _CC_NAMES.get(name, name)
    years = sorted(set(off) | set(on))
    return tuple(
        YearCalendar(
            y,
            frozenset(off.get(y, {})),
            frozenset(on.get(y, {})),
            source,
            names={**off.get(y, {}), **on.get(y, {})},
        )
        for y in range(years[0], years[-1] + 1)
    )


# --- the calendar ------------------------------------------------------------------------------------


class WorkCalendar:
    """Working days from a set of year calendars; an uncovered year counts Monday–Friday less its fixed
    statutory days off (`statutory.statutory_days`), and a covered year's notice replaces those entirely.

    Immutable after construction (the per-year indexes are caches). With two calendars for the same year the
    later one given wins; where a notice puts days in the preceding December, the later year's notice wins on
    those days.
    """

    def __init__(self, years: Iterable[YearCalendar] = ()):
        by_year: dict[int, YearCalendar] = {}
        for yc in years:
            by_year[yc.year] = yc
        self._years = by_year
        status: dict[int, bool] = {}
        names: dict[int, str] = {}
        for y in sorted(by_year):
            yc = by_year[y]
            for d in yc.holidays:
                status[d.toordinal()] = False
            for d in yc.workdays:
                status[d.toordinal()] = True
            for d, name in yc.names.items():
                names[d.toordinal()] = name
        self._status = status
        self._names = names
        self._fixed: dict[int, dict[int, tuple[str, ...]]] = {}
        self._fixed_runs: dict[int, list[tuple[int, int, str]]] = {}
        self._ords: dict[int, list[int]] = {}
        self._base: dict[int, int] = {_ANCHOR_YEAR: 0}
        self._runs: list[tuple[int, int, str]] | None = None
        self._makeups: list[tuple[int, str]] | None = None

    @classmethod
    def official(cls, extra: Iterable[YearCalendar] = ()) -> WorkCalendar:
        """chinesecalendar's data plus `extra` years (an extra year replaces the package's data for it)."""
        extra = tuple(extra)
        if not extra:
            return _official_default()
        return cls((*package_years(), *extra))

    # --- queries ---------------------------------------------------------------------------------------

    @property
    def years(self) -> Mapping[int, YearCalendar]:
        return dict(self._years)

    def covers(self, year: int) -> bool:
        return year in self._years

    def source(self, year: int) -> str | None:
        yc = self._years.get(year)
        return yc.source if yc else None

    def _fixed_days(self, y: int) -> dict[int, tuple[str, ...]]:
        """Ordinal -> holiday names of year y's fixed statutory days off; empty for a covered year."""
        fixed = self._fixed.get(y)
        if fixed is None:
            fixed = {} if y in self._years else {d.toordinal(): n for d, n in statutory_days(y).items()}
            self._fixed[y] = fixed
        return fixed

    def has_fixed_days(self, year: int) -> bool:
        return bool(self._fixed_days(year))

    def fixed_days(self, year: int) -> dict[date, str]:
        """The fixed statutory days off this calendar applies in `year` for want of the year's notice (empty
        for a covered year, and for a year the rules do not reach), with their holidays' names."""
        return {date.fromordinal(o): "、".join(n) for o, n in self._fixed_days(year).items()}

    def is_workday(self, d: date) -> bool:
        o = d.toordinal()
        s = self._status.get(o)
        if s is not None:
            return s
        return d.weekday() < 5 and o not in self._fixed_days(d.year)

    def is_holiday(self, d: date) -> bool:
        """An official day off (not merely a weekend): in the year's notice, or a fixed statutory day off of
        a year without one."""
        o = d.toordinal()
        s = self._status.get(o)
        return s is False or (s is None and o in self._fixed_days(d.year))

    def holiday_name(self, d: date) -> str | None:
        o = d.toordinal()
        if o in self._status:
            return self._names.get(o)
        fixed = self._fixed_days(d.year).get(o)
        return "、".join(fixed) if fixed else None

    def uncovered_years(self, a: date, b: date) -> list[int]:
        if b < a:
            a, b = b, a
        return [y for y in range(a.year, b.year + 1) if y not in self._years]

    def provisional_between(self, a: date, b: date) -> bool:
        """Whether any year in [a, b] has no calendar data (results over it are provisional)."""
        return bool(self.uncovered_years(a, b))

    def require_covered(self, a: date, b: date) -> None:
        """Raise CalendarMissing when a year in [a, b] has no calendar data."""
        missing = self.uncovered_years(a, b)
        if missing:
            years = "、".join(f"{y} 年" for y in missing)
            raise CalendarMissing(
                f"no calendar data for {', '.join(map(str, missing))}",
                message=f"{years}的法定节假日安排尚未录入，无法得出确定的日期。请先导入当年国务院办公厅的节假日安排通知。",
            )

    # --- counting --------------------------------------------------------------------------------------

    def _year_ords(self, y: int) -> list[int]:
        ords = self._ords.get(y)
        if ords is None:
            first = date(y, 1, 1).toordinal()
            last = date(y, 12, 31).toordinal()
            status = self._status
            fixed = self._fixed_days(y)
            wd0 = date(y, 1, 1).weekday()
            ords = []
            for o in range(first, last + 1):
                s = status.get(o)
                if s is None:
                    s = (wd0 + o - first) % 7 < 5 and o not in fixed
                if s:
                    ords.append(o)
            self._ords[y] = ords
        return ords

    def _year_base(self, y: int) -> int:
        """Working days from the anchor up to the end of year y − 1 (negative before the anchor)."""
        base = self._base.get(y)
        if base is not None:
            return base
        if y > _ANCHOR_YEAR:
            k = max(k for k in self._base if k < y)
            b = self._base[k]
            while k < y:
                b += len(self._year_ords(k))
                k += 1
                self._base[k] = b
        else:
            k = min(k for k in self._base if k > y)
            b = self._base[k]
            while k > y:
                k -= 1
                b -= len(self._year_ords(k))
                self._base[k] = b
        return self._base[y]

    def _w(self, d: date) -> int:
        """W(d): working days from the anchor up to and including d."""
        y = d.year
        return self._year_base(y) + bisect_right(self._year_ords(y), d.toordinal())

    def _nth(self, target: int, hint_year: int) -> date:
        """The working day d with W(d) == target."""
        y = hint_year
        while target > self._year_base(y) + len(self._year_ords(y)):
            y += 1
        while target <= self._year_base(y):
            y -= 1
        return date.fromordinal(self._year_ords(y)[target - self._year_base(y) - 1])

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative (−count of (b, a]) when b < a."""
        return self._w(b) - self._w(a)

    def add_workdays(self, start: date, n: int, *, skip: Sequence[tuple[date, date]] = ()) -> date:
        """The n-th working day after `start`, not counting the working days inside any skip interval.

        Skip intervals are inclusive; an interval counts only if it starts on or before the running result
        (a later interval cannot move it). `n == 0` returns `start`.
        """
        return self.walk(start, n, skip)[0]

    def walk(self, start: date, n: int, skip: Sequence[tuple[date, date]] = ()) -> tuple[date, list[int]]:
        """`add_workdays`, also returning per skip interval (in the order given) the working days it removed
        from the count; -1 for an interval that starts after the result (it had no effect)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        removed = [0] * len(skip)
        if n == 0:
            return start, removed
        cur = start
        wcur = self._w(start)
        remaining = n
        hint = start.year
        order = sorted(range(len(skip)), key=lambda i: skip[i][0])
        for pos, i in enumerate(order):
            s, e = skip[i]
            if e < s:
                raise ValueError("skip interval ends before it starts")
            if e <= cur:
                continue
            cand = self._nth(wcur + remaining, hint)
            if cand < s:
                for j in order[pos:]:
                    removed[j] = -1
                return cand, removed
            ws1 = self._w(s - timedelta(days=1))
            if ws1 > wcur:
                remaining -= ws1 - wcur
            we = self._w(e)
            removed[i] = we - max(wcur, ws1)
            cur, wcur, hint = e, we, e.year
        return self._nth(wcur + remaining, hint), removed

    # --- what happened in a span (for explanations) ----------------------------------------------------

    def _build_runs(self) -> None:
        off = sorted(o for o, s in self._status.items() if s is False)
        runs = _off_runs(
            off,
            lambda o: (self._names.get(o, "节假日"),),
            lambda when, names: f"{when} 为{names}假期（不计入工作日）",
        )
        makeups = []
        for o in sorted(o for o, s in self._status.items() if s is True):
            d = date.fromordinal(o)
            if d.weekday() >= 5:
                name = self._names.get(o, "")
                makeups.append(
                    (o, f"{d.isoformat()}（{WEEKDAY_NAMES[d.weekday()]}）为{name}调休工作日（计入工作日）")
                )
        self._runs, self._makeups = runs, makeups

    def _year_fixed_runs(self, y: int) -> list[tuple[int, int, str]]:
        runs = self._fixed_runs.get(y)
        if runs is None:
            fixed = self._fixed_days(y)
            runs = _off_runs(
                sorted(fixed),
                fixed.__getitem__,
                lambda when, names: (
                    f"{when} 为{names}（{STATUTE}规定的法定节假日，不计入工作日；当年放假安排尚未公布）"
                ),
            )
            self._fixed_runs[y] = runs
        return runs

    def events_between(self, a: date, b: date) -> list[tuple[date, str]]:
        """Holiday spans touching (a, b] and make-up working days in (a, b], as (date, Chinese sentence).

        Holiday spans are the notices' and, in years without one, the fixed statutory days off."""
        if self._runs is None:
            self._build_runs()
        lo, hi = a.toordinal() + 1, b.toordinal()
        out: list[tuple[date, str]] = []
        runs = self._runs
        # runs are disjoint and sorted, so their ends are sorted too
        i = bisect_left(runs, lo, key=lambda r: r[1])
        while i < len(runs) and runs[i][0] <= hi:
            out.append((date.fromordinal(runs[i][0]), runs[i][2]))
            i += 1
        for y in range(a.year, b.year + 1):
            if y not in self._years:
                out.extend(
                    (date.fromordinal(r[0]), r[2])
                    for r in self._year_fixed_runs(y)
                    if r[1] >= lo and r[0] <= hi
                )
        makeups = self._makeups
        j = bisect_left(makeups, lo, key=lambda m: m[0])
        while j < len(makeups) and makeups[j][0] <= hi:
            out.append((date.fromordinal(makeups[j][0]), makeups[j][1]))
            j += 1
        out.sort(key=lambda e: e[0])
        return out


def _off_runs(off: Sequence[int], names_of, sentence) -> list[tuple[int, int, str]]:
    """Runs of consecutive days off (sorted ordinals) that contain a weekday, as (first, last, sentence);
    `names_of(o)` gives a day's holiday names, `sentence(when, names)` the text. A run of weekend days only
    changes no count and is left out."""
    runs: list[tuple[int, int, str]] = []
    i = 0
    while i < len(off):
        j = i
        while j + 1 < len(off) and off[j + 1] == off[j] + 1:
            j += 1
        span = off[i : j + 1]
        if any(date.fromordinal(o).weekday() < 5 for o in span):
            names: list[str] = []
            for o in span:
                for n in names_of(o):
                    if n not in names:
                        names.append(n)
            a, b = date.fromordinal(span[0]), date.fromordinal(span[-1])
            when = a.isoformat() if a == b else f"{a.isoformat()} 至 {b.isoformat()}"
            runs.append((span[0], span[-1], sentence(when, "、".join(names))))
        i = j + 1
    return runs


@lru_cache(maxsize=1)
def _official_default() -> WorkCalendar:
    return WorkCalendar(package_years())
