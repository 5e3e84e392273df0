"""Staff pages of the engagement records (/work/engagement/records/): the list per agency and year with the
year's counts and a filter by kind, a record's page with its history, create/edit/delete, and the CSV/XLSX
import (all or nothing).

Every page needs a login; agencies and records are reached through `access_records` (one 404 for anything the
user may not see); a supervisor reads, only the agency's staff write. Every write is one service call; a
refused write is shown on the page in Chinese with the input kept (HTTP 400). Successful writes redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core.engagement_records import COLUMNS, KINDS, REQUIRED
from gongkai.core.errors import GongkaiError

from . import access_records as access
from . import services_records as services
from .forms_records import ImportForm, RecordForm
from .models import EngagementRecord
from .models_records import RECORD_ACTIONS, RecordEvent
from .stats import engagement_year

PAGE_SIZE = 50


def _year(request) -> int:
    raw = request.GET.get("year", "")
    today = timezone.localdate()
    try:
        year = int(raw) if raw else today.year
    except ValueError:
        raise Http404("bad year") from None
    if not 2000 <= year <= today.year + 1:
        raise Http404("bad year")
    return year


def _agency(request):
    raw = request.GET.get("agency") or request.POST.get("agency") or ""
    if raw:
        return access.get_agency(request.user, raw)
    agencies = access.readable_agencies(request.user)
    if not agencies:
        raise Http404("no role")
    # A supervisor's first agency is the region itself, which holds no records of its own.
    return next((a for a in agencies if a.level != "region"), agencies[0])


def _ctx(request, agency) -> dict:
    return {"nav_agencies": access.readable_agencies(request.user), "agency": agency,
            "may_edit": access.may_edit(request.user, agency)}


def _list_url(record_or_agency, year=None) -> str:
    agency_id = getattr(record_or_agency, "agency_id", None) or record_or_agency.pk
    year = year or getattr(record_or_agency, "held_on", timezone.localdate()).year
    return reverse("engagement:records") + "?" + urlencode({"agency": agency_id, "year": year})


@login_required
@require_GET
def record_list(request):
    agency = _agency(request)
    year = _year(request)
    kind = request.GET.get("kind", "")
    if kind and kind not in KINDS:
        kind = ""
    qs = (EngagementRecord.objects.filter(agency=agency, held_on__year=year).select_related("created_by")
          .prefetch_related("items").order_by("-held_on", "-id"))
    if kind:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    facts = engagement_year([agency.pk], year)
    counts = [("新闻发布会", facts.press_conferences, "场"), ("在线访谈", facts.online_interviews, "期"),
              ("回应公众关注热点或重大舆情", facts.hotspot_responses, "次"), ("政府信息公开工作会议", facts.meetings, "次"),
              ("培训班", facts.trainings, "期"), ("培训人员", facts.trainees, "人次")]
    this_year = timezone.localdate().year
    return render(request, "engagement/records/list.html", {
        **_ctx(request, agency), "year": year, "years": list(range(this_year, this_year - 6, -1)), "kind": kind,
        "kinds": KINDS, "page": page, "counts": counts, "facts": facts,
        "query": urlencode({"agency": agency.pk, "year": year, **({"kind": kind} if kind else {})}),
    })


@login_required
@require_GET
def record_detail(request, pk):
    record = access.get_record(request.user, pk)
    events = [{"event": e, "label": RECORD_ACTIONS.get(e.action, e.action)}
              for e in RecordEvent.objects.filter(record_id=record.pk, agency_id=record.agency_id)
              .select_related("actor").order_by("at", "id")]
    return render(request, "engagement/records/detail.html", {
        **_ctx(request, record.agency), "record": record, "items": record.items.order_by("-published_on"),
        "events": events, "list_url": _list_url(record)})


def _form_page(request, agency, form, record=None, status=200):
    return render(request, "engagement/records/form.html", {
        **_ctx(request, agency), "form": form, "record": record,
        "list_url": _list_url(record) if record else _list_url(agency)}, status=status)


def _put_problems(form, exc: GongkaiError) -> None:
    problems = getattr(exc, "problems", None) or {}
    for name, sentence in problems.items():
        form.add_error(name if name in form.fields else None, sentence)
    if not problems:
        form.add_error(None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request):
    agency = _agency(request)
    if not access.may_edit(request.user, agency):
        raise Http404("read only")
    if request.method == "GET":
        initial = {"kind": request.GET.get("kind", ""), "held_on": timezone.localdate()}
        return _form_page(request, agency, RecordForm(agency=agency, initial=initial))
    form = RecordForm(request.POST, agency=agency)
    if form.is_valid():
        try:
            record = services.record_create(agency=agency, actor=request.user, values=form.values(),
                                            item_ids=[i.pk for i in form.cleaned_data["items"]])
        except GongkaiError as exc:
            _put_problems(form, exc)
        else:
            messages.success(request, f"已登记：{record.get_kind_display()}“{record.topic}”。")
            return redirect(_list_url(record))
    return _form_page(request, agency, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, pk):
    record = access.get_record(request.user, pk, edit=True)
    linked = list(record.items.all())
    if request.method == "GET":
        initial = {k: getattr(record, k) for k in services.FIELDS}
        initial["items"] = linked
        return _form_page(request, record.agency, RecordForm(agency=record.agency, linked=linked, initial=initial),
                          record)
    form = RecordForm(request.POST, agency=record.agency, linked=linked)
    if form.is_valid():
        try:
            record = services.record_update(record=record, actor=request.user, values=form.values(),
                                            item_ids=[i.pk for i in form.cleaned_data["items"]])
        except GongkaiError as exc:
            _put_problems(form, exc)
        else:
            messages.success(request, "已保存修改。")
            return redirect("engagement:record", pk=record.pk)
    return _form_page(request, record.agency, form, record, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request, pk):
    record = access.get_record(request.user, pk, edit=True)
    if request.method == "GET":
        return render(request, "engagement/records/delete.html", {**_ctx(request, record.agency), "record": record,
                                                                   "list_url": _list_url(record)})
    url = _list_url(record)
    services.record_delete(record=record, actor=request.user)
    messages.success(request, f"已删除：{record.get_kind_display()}“{record.topic}”。")
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def record_import(request):
    agency = _agency(request)
    if not access.may_edit(request.user, agency):
        raise Http404("read only")
    columns = [(names[0], key in REQUIRED) for key, names in COLUMNS.items()]
    ctx = {**_ctx(request, agency), "columns": columns, "kinds": KINDS, "list_url": _list_url(agency)}
    if request.method == "GET":
        return render(request, "engagement/records/import.html", {**ctx, "form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            n = services.records_import(agency=agency, actor=request.user, data=upload.read(), filename=upload.name)
        except services.RecordImportError as exc:
            errors = exc.errors
        except GongkaiError as exc:
            errors = [exc.message]
        else:
            messages.success(request, f"已导入 {n} 条记录。")
            return redirect(_list_url(agency))
    return render(request, "engagement/records/import.html", {**ctx, "form": form, "errors": errors}, status=400)
