"""Fixtures for the annual report tests: the standard world and random records written straight to the
database (bulk_create: the counting, not the handling of applications, is under test here).

    random_records(rng, agencies, n=..., years=(2019, 2024)) -> (facts by agency id, cases by agency id)
        applications with random applicant types, receipt and conclusion dates (some never received, some
        still open) and outcomes, and review/litigation cases on some of them; returns the pure
        gongkai.core.annual facts of what was written, for the reference counts.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest

from tests.web.agencies.world import make_world, world, world_clients  # noqa: F401  (fixtures)


def _outcomes() -> tuple[str, ...]:
    from gongkai.core.applications.outcomes import OUTCOMES

    return tuple(OUTCOMES)


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def random_records(rng: random.Random, agencies, *, n: int = 120, years: tuple[int, int] = (2019, 2024)):
    from django.utils import timezone

    from gongkai.core.annual import ApplicationFacts, CaseFacts
    from gongkai.core.applications.vocab import APPLICANT_TYPE_KEYS
    from gongkai.web.applications.models import Application, FeeCharge, ReviewCase

    outcomes = _outcomes()
    first, last = date(years[0], 1, 1), date(years[1], 12, 31)
    apps, facts = [], {a.pk: [] for a in agencies}
    start = Application.objects.count()
    for i in range(n):
        agency = rng.choice(agencies)
        received = None if rng.random() < 0.07 else _day(rng, first, last)
        concluded = None
        if received is not None and rng.random() < 0.8:
            concluded = min(received + timedelta(days=rng.choice([0, 3, 20, 40, 90, 400])), last + timedelta(days=60))
        outcome = rng.choice(outcomes) if concluded else ""
        kind = rng.choice(sorted(APPLICANT_TYPE_KEYS))
        apps.append(Application(
            agency=agency, tracking_code=f"T{start + i:015d}", number=f"R-{start + i:06d}", state="received",
            applicant_type=kind, applicant_name="某", id_kind="resident_id", id_number="x", title="某文件",
            delivery_form="electronic", delivery_method="email", channel="online",
            submitted_at=timezone.make_aware(datetime.combine(received or first, time(9))), received_on=received,
            concluded_on=concluded, outcome=outcome))
        facts[agency.pk].append(ApplicationFacts(applicant_type=kind, received_on=received, concluded_on=concluded,
                                                 outcome=outcome))
    Application.objects.bulk_create(apps)
    saved = list(Application.objects.filter(tracking_code__in=[a.tracking_code for a in apps])
                 .select_related("agency"))
    cases, case_facts, fees, fee_total = [], {a.pk: [] for a in agencies}, [], {}
    for app in saved:
        if app.received_on is None:
            continue
        if rng.random() < 0.3:
            kind = rng.choice(["reconsideration", "litigation"])
            route = rng.choice(["direct", "after_review"]) if kind == "litigation" else ""
            filed = app.received_on + timedelta(days=rng.randint(10, 200))
            decided = filed + timedelta(days=rng.randint(10, 500)) if rng.random() < 0.7 else None
            result = rng.choice(["upheld", "corrected", "other"]) if decided else "pending"
            cases.append(ReviewCase(application=app, kind=kind, route=route, body="某", filed_on=filed,
                                    decided_on=decided, result=result))
            case_facts[app.agency_id].append(CaseFacts(kind=kind, route=route, filed_on=filed, decided_on=decided,
                                                       result=result))
        if rng.random() < 0.15:
            paid = app.received_on + timedelta(days=5) if rng.random() < 0.8 else None
            amount = rng.choice([0, 100, 200, 1000])
            fees.append(FeeCharge(application=app, method="per_page", units=1, amount_yuan=amount,
                                  notice_on=app.received_on, payment_due=app.received_on, paid_on=paid))
            if paid:
                fee_total.setdefault((app.agency_id, paid.year), 0)
                fee_total[(app.agency_id, paid.year)] += amount
    ReviewCase.objects.bulk_create(cases)
    FeeCharge.objects.bulk_create(fees)
    return facts, case_facts, fee_total


@pytest.fixture
def mkapp(world):
    """mkapp(state, **kwargs): an application of the world's 甲局 brought to `state` through the services."""
    from tests.web.applications.conftest import make_app

    return lambda state="received", **kw: make_app(world, state, **kw)


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20250131)


__all__ = ["fill_table2", "local_time", "make_world", "publish_at", "random_records", "world", "world_clients"]


def fill_table2(agency, year: int, actor, value=0, source: str = "统计台账") -> None:
    """Enter every table 二 figure of the year's format through the service (0 = nothing happened), so a
    report built afterwards has no blank cell (t2.blank) and can be approved."""
    from gongkai.web.reports import services

    for pointer in services.table2_pointers(year):
        services.figure_set(agency=agency, year=year, pointer=pointer, value=value, source=source, actor=actor)


def local_time(*args):
    """A fixed local (Asia/Shanghai) time: publication dates in tests never come from the clock."""
    from datetime import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime(*args))


def publish_at(agency, year: int, *, builder, signer, at, render: bool = False):
    """Build (3 days before `at`), approve (1 day before) and publish at `at` through the services."""
    from gongkai.web.reports import services

    report = services.report_build(agency=agency, year=year, actor=builder, now=at - timedelta(days=3))
    services.report_approve(report=report, actor=signer, now=at - timedelta(days=1))
    return services.report_publish(report=report, actor=signer, now=at, render=render)
