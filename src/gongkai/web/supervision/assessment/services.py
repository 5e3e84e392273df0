"""Every write of the assessment, each one keyword-only, in one transaction, audited (AssessmentEvent).

    set_create(region=, year=, actor=, source="default"|"copy"|"empty")  -> IndicatorSetDraft
    set_update(draft=, actor=, title=, total=)
    indicator_save(draft=, actor=, data=, original_key=None)        add or replace one indicator
    indicator_delete(draft=, actor=, key=)
    run(draft)                       -> Run (the scoring of every agency of the region, not saved: the preview)
    publish(draft=, actor=, reason="", at=None)                      -> AssessmentPublication (frozen)

Refusals are AssessmentError with a Chinese message; nothing is half-saved."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.core.assessment import (
    DEFAULT_INDICATORS,
    DEFAULT_TITLE,
    AgencyResult,
    AssessmentError,
    Indicator,
    IndicatorSet,
    MetricValue,
    score,
    validate_set,
)
from gongkai.core.metrics import metric
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import subtree_ids
from gongkai.web.supervision import metrics as providers
from gongkai.web.supervision.models import (
    AssessmentEvent,
    AssessmentPublication,
    AssessmentScore,
    IndicatorSetDraft,
)

from .access import REGION_LEVELS, manages

SOURCES = {"default": "默认指标体系", "copy": "上一年度的指标体系", "empty": "空白"}


def _refuse(detail: str, message: str) -> AssessmentError:
    return AssessmentError(detail, message=message)


def _audit(*, actor, region: Agency, year: int, action: str, data: dict) -> None:
    AssessmentEvent(at=timezone.now(), actor=actor, region=region, year=year, action=action, data=data).save()


def _check_actor(actor, region: Agency) -> None:
    if actor is not None and not manages(actor, region):
        raise _refuse("not a supervisor", "只有本地区的监督员可以设置和发布考核。")


def _previous_indicators(region: Agency, year: int) -> tuple[str, float, list] | None:
    """The nearest earlier year's set: its draft, or else the set as last published."""
    draft = IndicatorSetDraft.objects.filter(region=region, year__lt=year).order_by("-year").first()
    if draft is not None:
        return draft.title, draft.total, draft.indicators
    pub = AssessmentPublication.objects.filter(region=region, year__lt=year).order_by("-year", "-version").first()
    if pub is not None:
        s = pub.definition["set"]
        return s["title"], s["total"], s["indicators"]
    return None


@transaction.atomic
def set_create(*, region: Agency, year: int, actor, source: str = "default") -> IndicatorSetDraft:
    _check_actor(actor, region)
    if region.level not in REGION_LEVELS:
        raise _refuse("not a region", "考核指标体系只能为地区或人民政府设置。")
    if not 2019 <= year <= 9999:
        raise _refuse("bad year", "考核年度无效。")
    if source not in SOURCES:
        raise _refuse("bad source", "请选择指标体系的来源。")
    if IndicatorSetDraft.objects.filter(region=region, year=year).exists():
        raise _refuse("exists", f"{region.name}{year}年度的考核指标体系已经存在。")
    title, total, indicators = f"{region.name}{year}年度{DEFAULT_TITLE}", 100.0, list(DEFAULT_INDICATORS)
    if source == "copy":
        previous = _previous_indicators(region, year)
        if previous is None:
            raise _refuse("nothing to copy", "以前年度没有考核指标体系可以复制，请从默认指标体系开始。")
        old_title, total, indicators = previous
        title = old_title.replace(str(year - 1), str(year)) if str(year - 1) in old_title else title
    elif source == "empty":
        indicators = []
    # The stored form is the checked one: Indicator.from_dict refuses anything a hand-edited source got wrong.
    checked = IndicatorSet.from_dict({"total": total, "indicators": indicators})
    draft = IndicatorSetDraft.objects.create(region=region, year=year, title=title, total=checked.total,
                                             indicators=[i.to_dict() for i in checked.indicators], updated_by=actor)
    _audit(actor=actor, region=region, year=year, action="set_create", data={"source": source, "title": title})
    return draft


@transaction.atomic
def set_update(*, draft: IndicatorSetDraft, actor, title: str, total) -> IndicatorSetDraft:
    _check_actor(actor, draft.region)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise _refuse("title", "名称不能为空，最长 200 个字符。")
    IndicatorSet.from_dict({"total": total, "indicators": draft.indicators})
    before = {"title": draft.title, "total": draft.total}
    draft.title, draft.total, draft.updated_by = title, float(total), actor
    draft.save()
    _audit(actor=actor, region=draft.region, year=draft.year, action="set_update",
           data={"before": before, "after": {"title": draft.title, "total": draft.total}})
    return draft


@transaction.atomic
def indicator_save(*, draft: IndicatorSetDraft, actor, data: dict, original_key: str | None = None) -> Indicator:
    _check_actor(actor, draft.region)
    draft = IndicatorSetDraft.objects.select_for_update().get(pk=draft.pk)
    indicator = Indicator.from_dict(data)
    items = list(draft.indicators)
    keys = [i["key"] for i in items]
    if original_key is not None and original_key not in keys:
        raise _refuse("no such indicator", f"指标“{original_key}”不存在，可能已被删除。")
    if indicator.key in keys and indicator.key != original_key:
        raise _refuse("duplicate key", f"指标代码“{indicator.key}”已被其他指标使用。")
    before = None
    if original_key is None:
        items.append(indicator.to_dict())
    else:
        at = keys.index(original_key)
        before = items[at]
        items[at] = indicator.to_dict()
    draft.indicators, draft.updated_by = items, actor
    draft.save()
    _audit(actor=actor, region=draft.region, year=draft.year, action="indicator_save",
           data={"before": before, "after": indicator.to_dict()})
    return indicator


@transaction.atomic
def indicator_delete(*, draft: IndicatorSetDraft, actor, key: str) -> None:
    _check_actor(actor, draft.region)
    draft = IndicatorSetDraft.objects.select_for_update().get(pk=draft.pk)
    kept = [i for i in draft.indicators if i["key"] != key]
    if len(kept) == len(draft.indicators):
        raise _refuse("no such indicator", f"指标“{key}”不存在，可能已被删除。")
    removed = next(i for i in draft.indicators if i["key"] == key)
    draft.indicators, draft.updated_by = kept, actor
    draft.save()
    _audit(actor=actor, region=draft.region, year=draft.year, action="indicator_delete", data={"removed": removed})


def assessed_agencies(region: Agency) -> list[Agency]:
    """The region's organs: every active agency of its subtree except region nodes (groupings, not organs)."""
    ids = subtree_ids(region)
    by_id = {a.pk: a for a in Agency.objects.filter(pk__in=ids, active=True).exclude(level="region")}
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class Run:
    indicator_set: IndicatorSet
    agencies: dict[int, Agency]
    values: dict[int, dict[str, MetricValue]]
    results: list[AgencyResult]


def checked_set(draft: IndicatorSetDraft) -> IndicatorSet:
    """The draft as an IndicatorSet ready to score: valid as a whole, every metric with a data source."""
    s = IndicatorSet.from_dict(draft.as_dict())
    validate_set(s)
    missing = providers.missing_sources(s.metrics)
    if missing:
        raise _refuse(f"no data source for {missing}", providers.missing_message(missing))
    return s


def run(draft: IndicatorSetDraft) -> Run:
    s = checked_set(draft)
    agencies = {a.pk: a for a in assessed_agencies(draft.region)}
    if not agencies:
        raise _refuse("no agencies", "该地区没有参评机关。")
    values = providers.compute(s.metrics, list(agencies), draft.year)
    return Run(s, agencies, values, score(s, values))


def definition_snapshot(s: IndicatorSet) -> dict:
    """The set and the dictionary entries of the metrics it uses, as they were at publication."""
    used = {}
    for key in sorted(s.metrics):
        m = metric(key)
        used[key] = {"key": m.key, "label": m.label, "kind": m.kind, "unit": m.unit, "definition": m.definition,
                     "numerator": m.numerator, "denominator": m.denominator, "na_rule": m.na_rule,
                     "period": m.period, "source": m.source}
    # Which metrics each indicator uses, so a published page never has to parse a formula again (the
    # dictionary may change later; the snapshot must still read).
    return {"set": s.to_dict(), "metrics": used,
            "indicator_metrics": {i.key: sorted(i.metrics) for i in s.indicators}}


def _indicator_dict(sc) -> dict:
    return {"key": sc.key, "value": sc.value, "points": sc.points, "full_marks": sc.full_marks,
            "applicable": sc.applicable, "rule": sc.rule, "vetoed": sc.vetoed, "metrics": list(sc.metrics)}


@transaction.atomic
def publish(*, draft: IndicatorSetDraft, actor, reason: str = "", at=None) -> AssessmentPublication:
    _check_actor(actor, draft.region)
    region, year = draft.region, draft.year
    Agency.objects.select_for_update().filter(pk=region.pk).first()  # two publishers take turns on versions
    previous = AssessmentPublication.objects.filter(region=region, year=year).order_by("-version").first()
    reason = (reason or "").strip()
    if previous is not None and not reason:
        raise _refuse("reason required", f"{year}年度的考核结果已发布（第{previous.version}版），更正须填写更正原因。")
    result = run(draft)
    pub = AssessmentPublication(
        region=region, year=year, version=(previous.version + 1) if previous else 1, title=draft.title,
        total=result.indicator_set.total, definition=definition_snapshot(result.indicator_set), reason=reason,
        agency_count=len(result.results), published_at=at or timezone.now(), published_by=actor)
    pub.save()
    AssessmentScore.objects.bulk_create([
        AssessmentScore(publication=pub, agency_id=r.agency, total=r.total, rank=r.rank, raw_points=r.raw_points,
                        vetoed=r.vetoed, failed=r.failed, veto_reasons=list(r.veto_reasons),
                        indicators=[_indicator_dict(sc) for sc in r.indicators],
                        metrics={k: v.to_dict() for k, v in result.values[r.agency].items()})
        for r in result.results], batch_size=500)
    _audit(actor=actor, region=region, year=year, action="publish",
           data={"publication": pub.pk, "version": pub.version, "reason": reason, "agencies": pub.agency_count})
    return pub
