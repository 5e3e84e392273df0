"""What the demo region's agencies did with their annual reports for 2023–2025: the table 二 figures they
entered, and when they built, approved and published — or that they did not.

    plans = plan_annual_reports(region.agencies, years=(2023, 2024, 2025), seed=2026)
    plans[0].agency, plans[0].year, plans[0].outcome, plans[0].figures, plans[0].published_at

Like `gongkai.corpus.region`, this decides only *what happened*; the web's demo loader
(gongkai.web.reports.demo) replays it through the real services, which build tables 三 and 四 from the
records, run the checks and freeze what is published.

Each year most agencies publish on a working day (official calendar) before their art. 49 deadline; a few
(`LATE_PER_YEAR`) publish 1–45 days after it, and a few (`MISSING_PER_YEAR`) have not published at all —
one of them left a version unpublished, the others never started. Dates are fixed history (early
2024/2025/2026), local time Asia/Shanghai, never relative to today. The same arguments give the same plans.

The figures are made up but shaped like real ones: only the city government (a 设区的市) makes 规章;
行政规范性文件 in force carry over year to year (in force = last year's + issued − repealed, so the
year-over-year check holds); licensing, penalty and enforcement decisions follow the kind of agency (the
last part of its code: GA 公安, SJ 市场监管, ZRZY 自然资源 …); most agencies collect no 行政事业性收费 (0).
Every cell of the 2021 template is stated, 0 where nothing happened.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from gongkai.core.annual import publication_deadline
from gongkai.core.clock import WorkCalendar
from gongkai.core.templates import template_for_year

from .region import AgencySpec

YEARS = (2023, 2024, 2025)
LATE_PER_YEAR = 3
MISSING_PER_YEAR = 3
CITY_GOVERNMENT = "GK-GOV"  # the one agency of the region with the power to make 规章 (立法法 art. 93)

# Decisions per year by kind of agency (the last part of its code): (licensing, penalties, enforcement)
# ranges, and the 行政事业性收费 range in 万元 (0, 0 = none collected).
_DECISIONS: dict[str, tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[float, float]]] = {
    "GA": ((4000, 15000), (3000, 12000), (150, 600), (60.0, 260.0)),
    "SJ": ((1500, 6000), (200, 900), (20, 90), (0.0, 0.0)),
    "ZRZY": ((300, 1200), (20, 90), (0, 12), (80.0, 520.0)),
    "ZJ": ((300, 1500), (30, 160), (0, 20), (5.0, 60.0)),
    "JT": ((1000, 4500), (400, 2500), (40, 180), (0.0, 0.0)),
    "STHJ": ((100, 400), (40, 200), (5, 30), (0.0, 0.0)),
    "CG": ((200, 900), (600, 3000), (100, 450), (0.0, 0.0)),
    "WJ": ((500, 2000), (40, 280), (0, 10), (0.0, 0.0)),
    "YJ": ((50, 300), (30, 150), (5, 30), (0.0, 0.0)),
    "NY": ((100, 600), (20, 120), (0, 15), (0.0, 0.0)),
    "SW": ((80, 400), (10, 80), (0, 8), (3.0, 40.0)),
    "RS": ((200, 900), (5, 40), (0, 3), (0.0, 0.0)),
    "JY": ((50, 300), (0, 15), (0, 2), (0.0, 0.0)),
    "WGL": ((100, 500), (10, 90), (0, 5), (0.0, 0.0)),
}
_OTHER_DEPARTMENT = ((0, 120), (0, 20), (0, 2), (0.0, 0.0))
_TOWN = ((0, 40), (0, 25), (0, 3), (0.0, 0.0))
_GOVERNMENT = ((0, 30), (0, 0), (0, 0), (0.0, 0.0))


@dataclass(frozen=True)
class ReportPlan:
    agency: str  # code
    year: int
    outcome: str  # "published" | "late" | "unpublished" (a version left unpublished) | "none"
    figures: dict[str, int | float] = field(default_factory=dict)  # table 二 pointer → value; {} for "none"
    built_at: datetime | None = None  # naive local time
    approved_at: datetime | None = None
    published_at: datetime | None = None
    deadline: date | None = None


def _kind(spec: AgencySpec) -> tuple:
    if spec.level == "government":
        return _GOVERNMENT
    if spec.level == "office":
        return _TOWN
    return _DECISIONS.get(spec.code.rsplit("-", 1)[-1], _OTHER_DEPARTMENT)


@dataclass
class _Documents:
    """Normative documents (and, for the city government, 规章) in force, carried from year to year."""

    in_force: int
    rules_in_force: int


def _figures(spec: AgencySpec, year: int, rng: random.Random, docs: _Documents) -> dict[str, int | float]:
    licensing, penalties, enforcement, fees = _kind(spec)
    government = spec.level == "government"
    issued = rng.randint(6, 22) if government else rng.randint(0, 3) if spec.level == "office" else rng.randint(1, 9)
    repealed = min(rng.randint(0, max(1, issued // 2)), docs.in_force)  # only what was in force is repealed
    docs.in_force += issued - repealed
    values: dict[str, int | float] = {
        "/table2/normative_documents/issued": issued,
        "/table2/normative_documents/repealed": repealed,
        "/table2/normative_documents/in_force": docs.in_force,
        "/table2/licensing/decisions": rng.randint(*licensing),
        "/table2/punishment/decisions": rng.randint(*penalties),
        "/table2/coercion/decisions": rng.randint(*enforcement),
        "/table2/admin_fees/amount_10k_yuan": round(rng.uniform(*fees), 2) if fees[1] else 0,
    }
    if spec.code == CITY_GOVERNMENT:
        rules_issued, rules_repealed = rng.randint(1, 4), min(rng.randint(0, 2), docs.rules_in_force)
        docs.rules_in_force += rules_issued - rules_repealed
        values.update({"/table2/regulations/issued": rules_issued, "/table2/regulations/repealed": rules_repealed,
                       "/table2/regulations/in_force": docs.rules_in_force})
    else:
        values.update({"/table2/regulations/issued": 0, "/table2/regulations/repealed": 0,
                       "/table2/regulations/in_force": 0})
    # Exactly the cells of the year's national format, in its order.
    order = [f"/table2/{r.key}/{c.key}" for b in template_for_year(year).table2 for r in b.rows for c in b.columns]
    assert set(order) == set(values), f"table 二 of {year} changed: update the demo figures"
    return {p: values[p] for p in order}


def _working_day(cal: WorkCalendar, d: date, *, back: bool) -> date:
    while not cal.is_workday(d):
        d += timedelta(days=-1 if back else 1)
    return d


def _at(rng: random.Random, d: date) -> datetime:
    return datetime.combine(d, time(rng.randint(9, 16), rng.choice((0, 10, 20, 30, 40, 50))))


def plan_annual_reports(agencies: Sequence[AgencySpec], *, years: Sequence[int] = YEARS, seed: int = 2026,
                        calendar: WorkCalendar | None = None) -> list[ReportPlan]:
    """One plan per reporting agency (every agency but region nodes) and year, year by year in the
    agencies' order (so a year's reports are published before the next year's are built)."""
    cal = calendar or WorkCalendar.official()
    reporting = [a for a in agencies if a.level != "region"]
    docs = {a.code: _Documents(in_force=random.Random(f"{seed}-{a.code}").randint(15, 140),
                               rules_in_force=random.Random(f"{seed}-{a.code}-rules").randint(25, 45))
            for a in reporting}
    plans: list[ReportPlan] = []
    for year in years:
        rng = random.Random(f"{seed}-annual-{year}")
        eligible = [a.code for a in reporting if a.code != CITY_GOVERNMENT]  # the city always publishes
        chosen = rng.sample(eligible, LATE_PER_YEAR + MISSING_PER_YEAR)
        late, missing = set(chosen[:LATE_PER_YEAR]), chosen[LATE_PER_YEAR:]
        unpublished = missing[0]
        for spec in reporting:
            arng = random.Random(f"{seed}-{spec.code}-{year}")
            figures = _figures(spec, year, arng, docs[spec.code])
            deadline = publication_deadline(spec.level, year)
            if spec.code in missing and spec.code != unpublished:
                plans.append(ReportPlan(spec.code, year, "none", deadline=deadline))
                continue
            if spec.code in late:
                day = _working_day(cal, deadline + timedelta(days=arng.randint(1, 45)), back=False)
            else:
                window = 40 if spec.level == "government" else 20
                day = _working_day(cal, deadline - timedelta(days=arng.randint(0, window)), back=True)
            published = _at(arng, day)
            approved = published - timedelta(days=arng.randint(1, 3), hours=arng.randint(0, 3))
            built = approved - timedelta(days=arng.randint(4, 12))
            if spec.code == unpublished:  # built and left there: past the deadline with no publication
                plans.append(ReportPlan(spec.code, year, "unpublished", figures, built_at=built, deadline=deadline))
                continue
            plans.append(ReportPlan(spec.code, year, "late" if spec.code in late else "published", figures,
                                    built_at=built, approved_at=approved, published_at=published,
                                    deadline=deadline))
    return plans
