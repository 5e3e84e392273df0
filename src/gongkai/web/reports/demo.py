"""Load the demo region's annual reports for 2023–2025 (gongkai.corpus.annual_plan) through the services.

For each planned agency and year, in the plan's order (a year's reports are published before the next
year's are built, so the year-over-year checks compare with them): the agency's handler enters the table 二
figures (`figure_set`, with a source note), builds the report from the records (`report_build`), its
reviewer approves it and publishes it at the planned historical time (`report_approve`,
`report_publish(now=..., render=False)`) — four eyes, as the agencies' default setting wants. Then the
region's supervisor builds the region's compiled report and the city government's admin publishes it.

Files are not rendered here: rendering ~220 PDFs at about a second each would double the demo load. Each
published version renders each format once at its first download and keeps it (`services.rendering_for`),
from the same frozen content and publication date, so nothing differs but when the bytes were made.

Idempotent: an agency and year that already has a report of that scope is left alone, so a second load
adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.corpus.annual_plan import ReportPlan, plan_annual_reports
from gongkai.corpus.region import Region
from gongkai.web.agencies.models import Agency

from . import services
from .models import AnnualReport

FIGURE_SOURCES = {
    "regulations": "市司法局规章备案登记",
    "normative_documents": "行政规范性文件备案登记台账",
    "licensing": "政务服务网审批系统年度统计",
    "punishment": "行政执法信息平台年度统计",
    "coercion": "行政执法信息平台年度统计",
    "admin_fees": "财政非税收入管理系统",
}
REGION_CODE = "GK"
CITY_GOVERNMENT = "GK-GOV"  # its agency_admin signs the region's compiled report


@dataclass
class LoadResult:
    created: int = 0  # reports (versions) created
    published: int = 0
    existing: int = 0


def _aware(dt: datetime) -> datetime:
    return timezone.make_aware(dt)


def _people(region: Region) -> dict[tuple[str, str], object]:
    """(agency code, role) → the first demo user holding that role there."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in={s.username for s in region.staff})}
    out: dict[tuple[str, str], object] = {}
    for s in region.staff:
        for role in s.roles:
            if s.username in users:
                out.setdefault((s.agency, role), users[s.username])
    return out


def _replay(plan: ReportPlan, agency: Agency, builder, signer) -> bool:
    """One agency and year, all or nothing. Returns whether a version was published. The 规章 and 行政规范性文件
    rows are left to the registry when it holds the agency's data for the year (the demo loads it first)."""
    from .registry_counts import registry_users

    from_registry = bool(registry_users([agency.pk], plan.year))
    with transaction.atomic():
        for pointer, value in plan.figures.items():
            if from_registry and pointer.startswith(("/table2/regulations/", "/table2/normative_documents/")):
                continue
            services.figure_set(agency=agency, year=plan.year, pointer=pointer, value=value,
                                source=FIGURE_SOURCES[pointer.split("/")[2]], actor=builder)
        report = services.report_build(agency=agency, year=plan.year, actor=builder, now=_aware(plan.built_at))
        if plan.published_at is None:
            return False
        services.report_approve(report=report, actor=signer, now=_aware(plan.approved_at))
        services.report_publish(report=report, actor=signer, now=_aware(plan.published_at), render=False)
    return True


def _compiled(region: Agency, year: int, builder, signer, published_at: datetime) -> bool:
    """The region's compiled report of the year, published after every member's deadline has passed."""
    with transaction.atomic():
        report = services.report_build(agency=region, year=year, subtree=True, actor=builder,
                                       now=_aware(published_at - timedelta(days=6)))
        services.report_approve(report=report, actor=signer, now=_aware(published_at - timedelta(days=2)))
        services.report_publish(report=report, actor=signer, now=_aware(published_at), render=False)
    return True


def load_annual_reports(region: Region, *, seed: int = 2026, out: Callable[[str], None] = print) -> LoadResult:
    result = LoadResult()
    plans = plan_annual_reports(region.agencies, seed=seed)
    agencies = {a.code: a for a in Agency.objects.filter(code__in={p.agency for p in plans} | {REGION_CODE})}
    present = set(AnnualReport.objects.filter(agency__in=agencies.values())
                  .values_list("agency__code", "year", "scope"))
    people = _people(region)
    years = sorted({p.year for p in plans})
    for year in years:
        for plan in (p for p in plans if p.year == year):
            if (plan.agency, year, "agency") in present:
                result.existing += 1
                continue
            if plan.outcome == "none":
                continue
            code = plan.agency
            builder = people.get((code, "handler"))
            signer = people.get((code, "reviewer"))
            result.published += int(_replay(plan, agencies[code], builder, signer))
            result.created += 1
        region_node = agencies.get(REGION_CODE)
        if region_node is None:
            continue
        if (REGION_CODE, year, "subtree") in present:
            result.existing += 1
            continue
        builder, signer = people.get((REGION_CODE, "supervisor")), people.get((CITY_GOVERNMENT, "agency_admin"))
        # After the governments' deadline (31 March): the region's figures are complete by then.
        result.published += int(_compiled(region_node, year, builder, signer, datetime(year + 1, 4, 15, 10, 0)))
        result.created += 1
        out(f"   {year}: annual reports loaded")
    return result
