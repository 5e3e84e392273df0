"""The 政府网站工作年度报表 pages: staff (/work/supervision/website-report/) — the agencies' forms of a year with
their deadline, one form with every figure marked generated or entered, its editing, generation, publication,
correction, versions and downloads — and the public page of a published form (/gk/<code>/website-report/<year>/)
with its Word and PDF files.

Staff pages need a login; an agency the user has no right on is a 404 (`services.access`); supervisors read.
Writes are service calls; a refusal is shown on the page in Chinese (HTTP 400) with the input kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from gongkai.core.errors import GongkaiError
from gongkai.core.roles import STAFF_ROLES
from gongkai.core.supervision import website_report as form
from gongkai.core.supervision.website_report_render import table_html
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agencies_for_user, supervised_ids

from . import services_website_report as services
from .models import WebsiteReport

ORIGIN_LABELS = {"generated": "系统生成", "entered": "人工填报", "": "未填"}


def _visible_ids(user) -> list[int]:
    own = list(agencies_for_user(user, STAFF_ROLES).order_by("sort", "code").values_list("pk", flat=True))
    return own + [pk for pk in supervised_ids(user) if pk not in set(own)]


def _agency(user, pk) -> tuple[Agency, services.Access]:
    agency = Agency.objects.filter(pk=pk).first()
    rights = services.access(user, agency) if agency is not None else None
    if rights is None:
        raise Http404("no such agency")
    return agency, rights


def _default_year() -> int:
    return timezone.localdate().year - 1  # the form of the past year is due on 31 January


def _year(raw, default: int) -> int:
    try:
        year = int(raw) if raw else default
    except ValueError:
        raise Http404("bad year") from None
    if not services.FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404("bad year")
    return year


@login_required
@require_GET
def index(request):
    ids = _visible_ids(request.user)
    if not ids:
        raise Http404("no role")
    year = _year(request.GET.get("year"), _default_year())
    today = timezone.localdate()
    agencies = Agency.objects.in_bulk(ids)
    latest: dict[int, WebsiteReport] = {}
    first_published: dict[int, WebsiteReport] = {}
    for r in WebsiteReport.objects.filter(agency_id__in=ids, year=year).order_by("version"):
        latest[r.agency_id] = r
        if r.is_published and r.agency_id not in first_published:
            first_published[r.agency_id] = r
    rows = []
    for pk in ids:
        if pk not in agencies or agencies[pk].level == "region":
            continue
        r = latest.get(pk)
        first = first_published.get(pk)
        state, sentence = form.deadline_state(year, today, published_on=first.published_on if first else None)
        rows.append({"agency": agencies[pk], "report": r, "state": state, "sentence": sentence})
    return render(request, "supervision/website_report/index.html", {
        "rows": rows, "year": year, "years": list(range(today.year, services.FIRST_YEAR - 1, -1)),
        "deadline": form.deadline(year)})


def _edit_rows(report: WebsiteReport, posted=None, problems=None) -> list[dict]:
    out = []
    values = report.values or {}
    for section in form.SECTIONS:
        for row in section.rows:
            entry = values.get(row.key) or {}
            value = entry.get("value")
            if posted is not None:
                raw = posted.getlist(row.key) if row.kind == "multi" else posted.get(row.key, "")
            elif row.kind == "multi":
                raw = value or []
            elif row.kind == "bool":
                raw = "" if value is None else (form.YES if value else form.NO)
            else:
                raw = form.display(row, value)
            out.append({"row": row, "section": section.label, "label": form.full_label(row), "raw": raw,
                        "origin": entry.get("origin", "") if value is not None else "",
                        "origin_label": ORIGIN_LABELS[entry.get("origin", "") if value is not None else ""],
                        "derived": bool(row.parts), "error": (problems or {}).get(row.key, "")})
    return out


def _detail(request, agency, rights, year, *, status=200, posted=None, problems=None, error=""):
    report = services.current(agency, year)
    versions = list(WebsiteReport.objects.filter(agency=agency, year=year).order_by("-version"))
    today = timezone.localdate()
    first = next((v for v in reversed(versions) if v.is_published), None)
    state, sentence = form.deadline_state(year, today, published_on=first.published_on if first else None)
    gaps = form.missing(report.values) if report is not None else []
    return render(request, "supervision/website_report/detail.html", {
        "agency": agency, "year": year, "report": report, "versions": versions, "rights": rights,
        "state": state, "sentence": sentence, "gaps": gaps, "error": error,
        "table": mark_safe(table_html(form.table(report.values), marks=True, inline_widths=False))  # noqa: S308
        if report else "",
        "edit_rows": _edit_rows(report, posted, problems) if report is not None and not report.is_published else [],
        "public_url": (reverse("website_report_public:page", args=[agency.code, year])
                       if any(v.is_published for v in versions) else ""),
    }, status=status)


@login_required
@require_GET
def detail(request, agency_pk, year):
    agency, rights = _agency(request.user, agency_pk)
    return _detail(request, agency, rights, _year(str(year), year))


def _back(report_or_agency, year):
    agency_pk = getattr(report_or_agency, "agency_id", None) or report_or_agency.pk
    return redirect("supervision:website_report", agency_pk=agency_pk, year=year)


@login_required
@require_POST
def generate(request, agency_pk, year):
    agency, rights = _agency(request.user, agency_pk)
    year = _year(str(year), year)
    try:
        services.website_report_generate(agency=agency, year=year, actor=request.user)
    except GongkaiError as exc:
        return _detail(request, agency, rights, year, status=400, error=exc.message)
    messages.success(request, "已根据主动公开登记、回应与能力建设记录和留言信箱生成报表；人工填报的数字保持不变。")
    return _back(agency, year)


def _report(user, pk) -> tuple[WebsiteReport, services.Access]:
    report = get_object_or_404(WebsiteReport.objects.select_related("agency"), pk=pk)
    rights = services.access(user, report.agency)
    if rights is None:
        raise Http404("no such report")
    return report, rights


@login_required
@require_POST
def edit(request, pk):
    report, rights = _report(request.user, pk)
    values = {}
    for row in form.ROWS:
        if row.kind == "multi":
            values[row.key] = request.POST.getlist(row.key)
        elif row.key in request.POST:
            values[row.key] = request.POST.get(row.key, "")
    try:
        services.website_report_update(report=report, actor=request.user, values=values)
    except services.InvalidWebsiteReport as exc:
        return _detail(request, report.agency, rights, report.year, status=400, posted=request.POST,
                       problems=exc.problems, error=f"有{len(exc.problems)}处需要改正，见下面标红的内容。")
    except GongkaiError as exc:
        return _detail(request, report.agency, rights, report.year, status=400, error=exc.message)
    messages.success(request, "已保存。")
    return _back(report, report.year)


@login_required
@require_POST
def publish(request, pk):
    report, rights = _report(request.user, pk)
    try:
        services.website_report_publish(report=report, actor=request.user)
    except GongkaiError as exc:
        return _detail(request, report.agency, rights, report.year, status=400, error=exc.message)
    messages.success(request, f"第{report.version}版报表已发布。")
    return _back(report, report.year)


@login_required
@require_POST
def correct(request, pk):
    report, rights = _report(request.user, pk)
    try:
        services.website_report_correct(report=report, actor=request.user, reason=request.POST.get("reason", ""))
    except GongkaiError as exc:
        return _detail(request, report.agency, rights, report.year, status=400, error=exc.message)
    messages.success(request, "已建立更正版本（草稿）。")
    return _back(report, report.year)


def _file(report: WebsiteReport, fmt: str) -> HttpResponse:
    if fmt not in services.FORMATS:
        raise Http404("no such format")
    try:
        data, content_type, filename = services.render(report, fmt)
    except GongkaiError as exc:
        return HttpResponse(exc.message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = services.content_disposition(filename)
    return response


@login_required
@require_GET
def download(request, pk, fmt):
    report, _ = _report(request.user, pk)
    return _file(report, fmt)


@login_required
@require_GET
def version(request, pk):
    report, rights = _report(request.user, pk)
    return render(request, "supervision/website_report/version.html", {
        "report": report, "agency": report.agency, "rights": rights,
        "page": mark_safe(services.page_html(report))})  # noqa: S308


# --- public ------------------------------------------------------------------------------------------------

def _public(code, year) -> WebsiteReport:
    agency = get_object_or_404(Agency, code=code, active=True)
    report = services.published(agency, year)
    if report is None:
        raise Http404("not published")
    return report


@require_GET
def public_page(request, code, year):
    report = _public(code, year)
    return render(request, "supervision/website_report/public.html", {
        "report": report, "agency": report.agency,
        "page": mark_safe(services.page_html(report))})  # noqa: S308


@require_GET
def public_file(request, code, year, fmt):
    return _file(_public(code, year), fmt)
