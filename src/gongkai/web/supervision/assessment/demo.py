"""The demo region's assessment: the default indicator set for its last complete year, scored from the
demo's records and published by the region's supervisor through the services (so it is audited and frozen
like any other). Indicators whose metrics have no data source yet are left out and the total follows the
remaining weights: the demo never scores invented values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from gongkai.core.assessment import Indicator
from gongkai.web.agencies.models import Agency, Membership
from gongkai.web.supervision import metrics as providers
from gongkai.web.supervision.models import AssessmentPublication, IndicatorSetDraft

from . import services

REGION_CODE = "GK"
YEAR = 2025  # the demo region's today is 2026-11-22 (gongkai.corpus.registry_items.REGISTRY_TODAY)
PUBLISHED_AT = datetime(2026, 4, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@dataclass
class LoadResult:
    created: int = 0
    existing: int = 0
    agencies: int = 0
    left_out: tuple[str, ...] = ()


def load_assessment(*, region_code: str = REGION_CODE, year: int = YEAR, out=print) -> LoadResult:
    result = LoadResult()
    region = Agency.objects.filter(code=region_code).first()
    if region is None:
        out(f"   no agency {region_code}: load the region first")
        return result
    if AssessmentPublication.objects.filter(region=region, year=year).exists():
        result.existing = 1
        return result
    supervisor = (get_user_model().objects.filter(pk__in=Membership.objects.filter(agency=region, role="supervisor")
                                                  .values("user_id")).order_by("pk").first())
    draft = IndicatorSetDraft.objects.filter(region=region, year=year).first()
    if draft is None:
        draft = services.set_create(region=region, year=year, actor=supervisor, source="default")
    left_out = []
    for d in list(draft.indicators):
        if providers.missing_sources(Indicator.from_dict(d).metrics):
            services.indicator_delete(draft=draft, actor=supervisor, key=d["key"])
            left_out.append(d["name"])
    draft.refresh_from_db()
    weights = sum(float(d["full_marks"]) for d in draft.indicators)
    if weights != draft.total:
        services.set_update(draft=draft, actor=supervisor, title=draft.title, total=weights)
    pub = services.publish(draft=draft, actor=supervisor, at=PUBLISHED_AT)
    result.created, result.agencies, result.left_out = 1, pub.agency_count, tuple(left_out)
    return result
