"""Assessment pages (/work/supervision/assessment/): a region's indicator set editor, the preview of the
scoring, publishing, the published ranking, an agency's score card and the drill-down to the records behind
each figure.

Who sees what is `access`: the region's supervisors everything of their region; an agency's staff their own
agency's published cards. Anyone else gets the same 404. Every write is one service call; a refusal is shown
on the page in Chinese (HTTP 400), never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.assessment import NA_RULES, VETO_EFFECTS, AssessmentError, IndicatorSet, fmt
from gongkai.core.assessment.indicators import Rule
from gongkai.core.metrics import METRICS, metric
from gongkai.core.roles import STAFF_ROLES
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agencies_for_user
from gongkai.web.supervision import metrics as providers
from gongkai.web.supervision.models import AssessmentPublication, AssessmentScore, IndicatorSetDraft

from . import records, services
from .access import managed_regions, manages, may_see_score
from .forms import IndicatorForm

PAGE_SIZE = 100


def _region(request, code: str, year: int) -> Agency:
    region = Agency.objects.filter(code=code).first()
    if region is None or not manages(request.user, region) or not 2019 <= year <= 9999:
        raise Http404("no such assessment")
    return region


def _draft(region: Agency, year: int) -> IndicatorSetDraft | None:
    return IndicatorSetDraft.objects.filter(region=region, year=year).first()


def _metric_info(key: str) -> dict:
    m = metric(key)
    return {"key": m.key, "label": m.label, "kind": m.kind, "unit": m.unit, "definition": m.definition,
            "numerator": m.numerator, "denominator": m.denominator, "na_rule": m.na_rule, "period": m.period,
            "source": m.source, "has_source": key in providers.PROVIDERS}


def _rule_text(d: dict) -> str:
    try:
        rule = IndicatorSet.from_dict({"indicators": [d]}).indicators[0].rule
    except AssessmentError:
        return "（规则有误）"
    return Rule.describe(rule, d["full_marks"])


@login_required
@require_GET
def index(request):
    regions = []
    for region in managed_regions(request.user):
        regions.append({
            "region": region,
            "drafts": list(IndicatorSetDraft.objects.filter(region=region).order_by("-year")),
            "publications": list(AssessmentPublication.objects.filter(region=region).order_by("-year", "-version")),
        })
    own = agencies_for_user(request.user, STAFF_ROLES)
    cards = list(AssessmentScore.objects.filter(agency__in=own).select_related("publication", "agency",
                                                                              "publication__region")
                 .order_by("agency__code", "-publication__year", "-publication__version"))
    if not regions and not own.exists():
        raise Http404("nothing to assess")
    year = timezone.localdate().year - 1
    return render(request, "supervision/assessment/index.html", {"regions": regions, "cards": cards, "year": year})


@login_required
@require_GET
def set_page(request, code: str, year: int):
    region = _region(request, code, year)
    draft = _draft(region, year)
    context = {"region": region, "year": year, "draft": draft, "sources": services.SOURCES,
               "publications": list(AssessmentPublication.objects.filter(region=region, year=year)
                                    .order_by("-version"))}
    if draft is not None:
        rows, problems, weights = [], [], 0.0
        for d in draft.indicators:
            weights += float(d["full_marks"])
            try:
                keys = sorted(IndicatorSet.from_dict({"indicators": [d]}).indicators[0].metrics)
            except AssessmentError as e:  # stored before the dictionary changed: say so, let it be edited
                keys = []
                problems.append(e.message)
            rows.append({"d": d, "rule": _rule_text(d), "na": NA_RULES.get(d.get("na"), ""),
                         "veto_effect": VETO_EFFECTS.get(d.get("veto_effect"), ""),
                         "metrics": [_metric_info(k) for k in keys]})
        try:
            services.checked_set(draft)
        except AssessmentError as e:
            problems.append(e.message)
        context |= {"rows": rows, "problems": problems, "weights": weights}
    context["dictionary"] = [_metric_info(m.key) for m in METRICS if m.scorable]
    return render(request, "supervision/assessment/set.html", context)


@login_required
@require_POST
def set_create(request, code: str, year: int):
    region = _region(request, code, year)
    try:
        services.set_create(region=region, year=year, actor=request.user, source=request.POST.get("source", ""))
    except AssessmentError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已创建考核指标体系。")
    return redirect("supervision:assessment:set", code, year)


@login_required
@require_POST
def set_meta(request, code: str, year: int):
    region = _region(request, code, year)
    draft = _draft(region, year)
    if draft is None:
        raise Http404("no set")
    try:
        services.set_update(draft=draft, actor=request.user, title=request.POST.get("title", ""),
                            total=request.POST.get("total", ""))
    except AssessmentError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已保存。")
    return redirect("supervision:assessment:set", code, year)


@login_required
@require_http_methods(["GET", "POST"])
def indicator(request, code: str, year: int, key: str):
    region = _region(request, code, year)
    draft = _draft(region, year)
    if draft is None:
        raise Http404("no set")
    current = None if key == "new" else next((d for d in draft.indicators if d["key"] == key), None)
    if key != "new" and current is None:
        raise Http404("no such indicator")
    error, status = "", 200
    if request.method == "POST":
        form = IndicatorForm(request.POST)
        if form.is_valid():
            try:
                services.indicator_save(draft=draft, actor=request.user, data=form.indicator_dict(),
                                        original_key=None if current is None else key)
            except AssessmentError as e:
                error, status = e.message, 400
            else:
                messages.success(request, "指标已保存。")
                return redirect("supervision:assessment:set", code, year)
        else:
            error, status = "请检查标出的项目。", 400
    else:
        form = IndicatorForm(initial=IndicatorForm.initial_from(current) if current else
                             {"rule_kind": "linear", "na": "rescale", "veto_effect": "zero", "direction": "at_least"})
    return render(request, "supervision/assessment/indicator.html", {
        "region": region, "year": year, "draft": draft, "form": form, "current": current, "error": error,
        "dictionary": [_metric_info(m.key) for m in METRICS if m.scorable]}, status=status)


@login_required
@require_POST
def indicator_delete(request, code: str, year: int, key: str):
    region = _region(request, code, year)
    draft = _draft(region, year)
    if draft is None:
        raise Http404("no set")
    try:
        services.indicator_delete(draft=draft, actor=request.user, key=key)
    except AssessmentError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "指标已删除。")
    return redirect("supervision:assessment:set", code, year)


def _columns(definition: dict) -> list[dict]:
    """The indicators of a frozen definition with the definitions of their metrics, from the snapshot alone."""
    out = []
    for d in definition["set"]["indicators"]:
        keys = definition["indicator_metrics"][d["key"]]
        out.append({"d": d, "metrics": [definition["metrics"][k] for k in keys]})
    return out


@login_required
@require_GET
def preview(request, code: str, year: int):
    region = _region(request, code, year)
    draft = _draft(region, year)
    if draft is None:
        raise Http404("no set")
    try:
        result = services.run(draft)
    except AssessmentError as e:
        messages.error(request, e.message)
        return redirect("supervision:assessment:set", code, year)
    definition = services.definition_snapshot(result.indicator_set)
    rows = [{"agency": result.agencies[r.agency], "total": r.total, "rank": r.rank, "failed": r.failed,
             "vetoed": r.vetoed, "points": [sc.points for sc in r.indicators]} for r in result.results]
    published = AssessmentPublication.objects.filter(region=region, year=year).order_by("-version").first()
    return render(request, "supervision/assessment/ranking.html", {
        "region": region, "year": year, "title": draft.title, "total": result.indicator_set.total,
        "columns": _columns(definition), "rows": rows, "preview": True, "published": published})


@login_required
@require_POST
def publish(request, code: str, year: int):
    region = _region(request, code, year)
    draft = _draft(region, year)
    if draft is None:
        raise Http404("no set")
    try:
        pub = services.publish(draft=draft, actor=request.user, reason=request.POST.get("reason", ""))
    except AssessmentError as e:
        messages.error(request, e.message)
        return redirect("supervision:assessment:preview", code, year)
    messages.success(request, f"已发布第{pub.version}版考核结果，得分已冻结。")
    return redirect("supervision:assessment:ranking", pub.pk)


@login_required
@require_GET
def ranking(request, pk: int):
    pub = AssessmentPublication.objects.select_related("region", "published_by").filter(pk=pk).first()
    if pub is None or not manages(request.user, pub.region):
        raise Http404("no such publication")
    rows = []
    for s in pub.scores.select_related("agency").order_by("rank", "agency__sort", "agency__code").defer("metrics"):
        rows.append({"agency": s.agency, "total": s.total, "rank": s.rank, "failed": s.failed, "vetoed": s.vetoed,
                     "points": [i["points"] for i in s.indicators], "card": s.pk})
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0))
    versions = list(AssessmentPublication.objects.filter(region=pub.region, year=pub.year).order_by("-version"))
    return render(request, "supervision/assessment/ranking.html", {
        "region": pub.region, "year": pub.year, "title": pub.title, "total": pub.total, "pub": pub,
        "columns": _columns(pub.definition), "rows": rows, "preview": False, "versions": versions})


def _score(request, pk: int) -> AssessmentScore:
    s = (AssessmentScore.objects.select_related("publication", "publication__region", "agency").filter(pk=pk)
         .first())
    if s is None or not may_see_score(request.user, s):
        raise Http404("no such score")
    return s


def _value_text(v, info: dict) -> str:
    if v is None:
        return "不适用"
    return f"{fmt(v)}{'%' if info.get('unit') == '%' else info.get('unit', '')}"


@login_required
@require_GET
def card(request, pk: int):
    s = _score(request, pk)
    pub = s.publication
    definition = pub.definition
    indicators_def = {d["key"]: d for d in definition["set"]["indicators"]}
    lines = []
    for i in s.indicators:
        d = indicators_def[i["key"]]
        used = []
        for key in i["metrics"]:
            info = definition["metrics"][key]
            mv = s.metrics.get(key, {})
            used.append({"info": info, "value": _value_text(mv.get("value"), info),
                         "numerator": mv.get("numerator"), "denominator": mv.get("denominator"),
                         "count": len(mv.get("refs", ())), "kind": providers.REF_KINDS.get(mv.get("kind"), "")})
        lines.append({"i": i, "d": d, "used": used, "value": "不适用" if i["value"] is None else fmt(i["value"])})
    history = (AssessmentScore.objects.filter(agency=s.agency).select_related("publication", "publication__region")
               .order_by("-publication__year", "-publication__version").defer("metrics", "indicators"))
    history = [h for h in history if may_see_score(request.user, h)]
    return render(request, "supervision/assessment/card.html", {
        "s": s, "pub": pub, "lines": lines, "history": history, "manages": manages(request.user, pub.region)})


@login_required
@require_GET
def drill(request, pk: int, key: str):
    s = _score(request, pk)
    mv = s.metrics.get(key)
    if mv is None:
        raise Http404("no such metric")
    info = s.publication.definition["metrics"][key]  # the definition as published
    kind = mv.get("kind", "")
    hits = set(mv.get("hits", ()))
    which = request.GET.get("only", "")
    ids = [i for i in mv.get("refs", ()) if which != "hits" or i in hits]
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    staff_of = {a for a in [s.agency_id] if s.agency_id in set(
        agencies_for_user(request.user, STAFF_ROLES).values_list("pk", flat=True))}
    shown = records.rows(kind, list(page.object_list), staff_of=staff_of) if kind else []
    for r in shown:
        r["hit"] = r["id"] in hits
    return render(request, "supervision/assessment/records.html", {
        "s": s, "info": info, "mv": mv, "value": _value_text(mv.get("value"), info), "kind": kind,
        "kind_label": providers.REF_KINDS.get(kind, ""), "columns": records.COLUMNS.get(kind, ()), "rows": shown,
        "page": page, "which": which, "is_rate": info.get("kind") == "rate",
        "card_url": reverse("supervision:assessment:card", args=[s.pk])})
