"""Pages of the website monitor (/work/supervision/sites/): the list of monitored sites with their status,
a site's history (availability by day, columns' last update and staleness, findings), add/edit with
validation (nothing saved on any error), "check now"; and the demo's fixture sites (GONGKAI_DEMO only)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.monitor.rules import KINDS, SEVERITY_LABELS, VETO_SHARE
from gongkai.web.common.charts import line_chart

from ..models import ColumnObservation, MonitoredSite, SiteCheck, SiteVisit
from . import demo, services
from .access import managed_owner_ids, may_file_under, may_manage, owner_choices
from .forms import SiteForm
from .tasks import monitor_check_now


def _site(request, pk: int) -> MonitoredSite:
    site = MonitoredSite.objects.select_related("owner", "agency").filter(pk=pk).first()
    if site is None or not may_manage(request.user, site):
        raise Http404("no such site")
    return site


def _owners_or_404(request):
    owners = owner_choices(request.user)
    if not owners.exists():
        raise Http404("not a supervisor or agency admin")
    return owners


@login_required
def site_list(request):
    ids = managed_owner_ids(request.user)
    if not ids:
        raise Http404("not a supervisor or agency admin")
    today = timezone.localdate()
    # The newest check and visit of each site by subquery: a year of history per site stays out of the page.
    newest_check = SiteCheck.objects.filter(site=OuterRef("pk")).order_by("-at").values("pk")[:1]
    newest_visit = SiteVisit.objects.filter(site=OuterRef("pk")).order_by("-at").values("pk")[:1]
    sites = list(MonitoredSite.objects.filter(owner_id__in=ids).select_related("owner", "agency")
                 .annotate(check_id=Subquery(newest_check), visit_id=Subquery(newest_visit)))
    checks = SiteCheck.objects.in_bulk([s.check_id for s in sites if s.check_id])
    visits = SiteVisit.objects.in_bulk([s.visit_id for s in sites if s.visit_id])
    latest = {s.pk: checks[s.check_id] for s in sites if s.check_id}
    last_visit = {s.pk: visits[s.visit_id] for s in sites if s.visit_id}
    week_counts = services.week_counts([s.pk for s in sites], last_day=today - timedelta(days=1))
    rows = []
    for site in sites:
        week = week_counts.get(site.pk, {"visits": 0, "failures": 0, "percent": None})
        check = latest.get(site.pk)
        rows.append({"site": site, "week": week, "check": check, "visit": last_visit.get(site.pk),
                     "vetoes": [f for f in (check.findings if check else []) if f.get("severity") == "veto"]})
    return render(request, "supervision/sites/list.html", {
        "rows": rows, "today": today, "can_add": owner_choices(request.user).exists(),
        "veto_share": f"{VETO_SHARE:.0%}"})


def _form_context(form, site=None):
    return {"form": form, "site": site, "kinds": KINDS}


@login_required
@require_http_methods(["GET", "POST"])
def site_new(request):
    owners = _owners_or_404(request)
    form = SiteForm(request.POST or None, owners=owners, initial={"owner": owners.first(), "active": True})
    if request.method == "POST" and form.is_valid():
        site = _save(request, form, None)
        if site is not None:
            messages.success(request, f"已添加监测网站“{site.name}”。")
            return redirect("supervision:sites_detail", pk=site.pk)
    return render(request, "supervision/sites/form.html", _form_context(form))


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request, pk: int):
    site = _site(request, pk)
    owners = _owners_or_404(request)
    initial = {"name": site.name, "url": site.url, "owner": site.owner, "agency": site.agency,
               "active": site.active, "columns": services.columns_text(site)}
    form = SiteForm(request.POST or None, owners=owners, initial=initial, demo=site.demo)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, site)
        if saved is not None:
            messages.success(request, "已保存。")
            return redirect("supervision:sites_detail", pk=site.pk)
    return render(request, "supervision/sites/form.html", _form_context(form, site))


def _save(request, form, site):
    d = form.cleaned_data
    if not may_file_under(request.user, d["owner"]):
        form.add_error("owner", "您不能在该单位下管理监测网站。")
        return None
    try:
        return services.site_save(actor=request.user, owner=d["owner"], name=d["name"], url=d["url"],
                                  columns=d["columns"], agency=d.get("agency"), active=d["active"], site=site,
                                  demo=bool(site and site.demo))
    except services.MonitorInputError as exc:
        for e in exc.errors:
            form.add_error(None, e)
        return None


@login_required
@require_POST
def site_check(request, pk: int):
    site = _site(request, pk)
    services.request_check(actor=request.user, site=site)
    monitor_check_now(site.pk)
    messages.success(request, "已开始检查，结果稍后显示在本页。" if not settings.HUEY.get("immediate")
                     else "检查完成。")
    return redirect("supervision:sites_detail", pk=site.pk)


@login_required
def site_detail(request, pk: int):
    site = _site(request, pk)
    today = timezone.localdate()
    week = services.availability(site, last_day=today - timedelta(days=1))  # 7 whole days
    month = services.availability(site, last_day=today, days=14)
    chart = line_chart(
        series=[("可用率（%）", {d.day.strftime("%m-%d"): (round(100 * (d.visits - d.failures) / d.visits, 1)
                                                         if d.visits else None) for d in month.days})],
        x_values=[d.day.strftime("%m-%d") for d in month.days], title="近14天每日可用率（%）",
        aria_label=f"{site.name}近14天每日可用率")
    checks = list(SiteCheck.objects.filter(site=site)[:15])
    latest = checks[0] if checks else None
    observations = {}
    if latest is not None:
        for o in ColumnObservation.objects.filter(check_run=latest):
            observations[o.column_id] = o
    columns = [{"column": c, "obs": observations.get(c.pk), "kind_label": KINDS[c.kind]} for c in site.columns.all()]
    findings = [{**f, "severity_label": SEVERITY_LABELS.get(f.get("severity"), "")} for f in
                (latest.findings if latest else [])]
    visits = list(SiteVisit.objects.filter(site=site)[:20])
    return render(request, "supervision/sites/detail.html", {
        "site": site, "today": today, "week": week, "chart": chart, "checks": checks, "latest": latest,
        "columns": columns, "findings": findings, "visits": visits, "slot": services.slot_of(site.pk),
        "interval": settings.GONGKAI_MONITOR_VISIT_MINUTES, "veto_share": f"{VETO_SHARE:.0%}",
        "edit_url": reverse("supervision:sites_edit", args=[site.pk])})


# --- the demo's fixture sites -------------------------------------------------------------------------------

def demo_page(request, site: str, path: str):
    if not settings.DEMO:
        raise Http404("demo only")
    text = demo.page_text(site, path, today=timezone.localdate())
    if text is None:
        raise Http404("no such page")
    return HttpResponse(text, content_type="text/html; charset=utf-8")
