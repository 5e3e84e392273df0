"""Views of the report library. They parse input, call selectors/services and render; nothing is saved here."""

from __future__ import annotations

import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from gongkai.core.errors import CorruptDocument, GongkaiError
from gongkai.core.reading.crop import figure_crop_png
from gongkai.core.reading.pdf import scanned_pages
from gongkai.core.reading.sniff import sniff
from gongkai.core.stats import AnnualStats
from gongkai.web.common.charts import line_chart

from . import exports
from .figures import MAIN_FIGURES, MAIN_FIGURES_BY_KEY
from .models import TEMPLATE_LABELS, ImportBatch, ImportBatchItem, ReportFile, ReportStats
from .presenting import ReportView
from .selectors import (
    ListFilter,
    agencies_present,
    comparison,
    report_list,
    reports_for_agencies,
    same_agency_and_year,
    years_present,
)
from .services import (
    BatchRejected,
    ReportRejected,
    SplitChoiceRejected,
    absolute_path,
    import_batch_create,
    import_batch_resume,
    max_upload_bytes,
    report_import,
    table2_split_choose,
    too_large_message,
)
from .staging import is_zip_name

PAGE_SIZE = 50


@require_GET
def library_list(request):
    flt = ListFilter.from_query(request.GET)
    page = Paginator(report_list(flt), PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode(flt.as_query())
    return render(
        request,
        "library/list.html",
        {
            "page": page,
            "flt": flt,
            "query": query,
            "years": years_present(),
            "templates": TEMPLATE_LABELS,
        },
    )


@require_GET
def library_export(request, fmt: str):
    flt = ListFilter.from_query(request.GET)
    # The list defers the statistics JSON; the export needs it (but never the extracted text).
    return _export(report_list(flt).defer(None).defer("file__extracted_text"), fmt, "年报库")


def _export(reports, fmt: str, stem: str) -> HttpResponse:
    if fmt == "csv":
        body, ctype = exports.to_csv(reports), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, ctype = exports.to_xlsx(reports), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404("unknown export format")
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{fmt}")
    return response


@require_GET
def report_detail(request, pk: int):
    report = get_object_or_404(ReportStats.objects.select_related("file", "compared_with"), pk=pk)
    stats = AnnualStats.from_json(report.stats)
    crop = reverse("library:crop", args=[report.pk])
    view = ReportView(stats, report.file.extracted_text, report.findings,
                      crop_url=lambda pointer: f"{crop}?{urlencode({'pointer': pointer})}")
    # Order matters: the tables claim their cells first; "other figures" are the rest.
    context = {
        "report": report,
        "stats": stats,
        "table2": view.table2(),
        "table3": view.table3(),
        "table4": view.table4(),
        "indicators": view.indicators(),
    }
    context["other_figures"] = view.other_figures()
    # Same agency and year but other figures (a corrected version, or another reading): kept side by side.
    context["other_versions"] = (
        same_agency_and_year(report.agency, report.year, exclude=report.pk) if report.agency and report.year else []
    )
    context["findings"] = view.report_findings()
    context["source_text"] = report.file.extracted_text
    context["pending_splits"] = [e for e in report.table2_splits if e.get("status") == "pending"]
    context["can_choose_split"] = bool(request.user.is_active and request.user.is_staff)
    context["split_error"] = request.GET.get("split_error", "")[:200]
    return render(request, "library/detail.html", context)



@require_GET
def report_download(request, pk: int):
    report = get_object_or_404(ReportStats.objects.select_related("file"), pk=pk)
    path = absolute_path(report.file)
    if not path.exists():
        raise Http404("stored file missing")
    return FileResponse(path.open("rb"), as_attachment=True, filename=report.file.original_name)


@require_GET
def report_crop(request, pk: int):
    """The scanned page's image around a figure read by OCR (`?pointer=`), as PNG: the evidence of that
    figure. Only boxes the reading recorded are drawn, so the URL cannot be used to render arbitrary pages."""
    report = get_object_or_404(ReportStats.objects.select_related("file"), pk=pk)
    stats = AnnualStats.from_json(report.stats)
    ev = stats.evidence.get(request.GET.get("pointer", ""))
    if ev is None or ev.page_box is None:
        raise Http404("no OCR evidence for this figure")
    path = absolute_path(report.file)
    if not path.exists():
        raise Http404("stored file missing")
    try:
        png = figure_crop_png(path.read_bytes(), ev.page_box)
    except CorruptDocument as exc:
        raise Http404("the stored PDF has no such page") from exc
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"  # a stored report file never changes
    return response


@require_GET
def report_json(request, pk: int):
    report = get_object_or_404(ReportStats, pk=pk)
    response = JsonResponse(report.stats, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = content_disposition_header(False, f"report-{report.pk}.json")
    return response


# --- upload ------------------------------------------------------------------------------------------------

def _is_scan(data: bytes) -> bool:
    """A PDF with pages to OCR. Anything the sniffer refuses is not: report_import then says why."""
    try:
        return sniff(data) == "pdf" and bool(scanned_pages(data))
    except GongkaiError:
        return False


def _import_upload(upload, agency: str, user) -> dict:
    """One uploaded file through report_import, as the JSON the upload page shows."""
    name = upload.name
    if upload.size > max_upload_bytes():
        return {"name": name, "status": "failed", "reason": "too_large", "message": too_large_message()}
    data = upload.read()
    if _is_scan(data) and not ReportFile.objects.filter(sha256=hashlib.sha256(data).hexdigest()).exists():
        # A scan is read by OCR, seconds per page: in the background queue, not while the browser waits.
        try:
            batch = import_batch_create(files=[(name, data)], user=user, agency=agency or None)
        except BatchRejected as exc:
            return {"name": name, "status": "failed", "reason": "rejected", "message": exc.message}
        return {
            "name": name,
            "status": "queued",
            "message": "该文件是扫描件，已转入后台进行文字识别（OCR），完成后可在批量导入页查看结果。",
            "url": reverse("library:batch", args=[batch.public_id]),
        }
    try:
        result = report_import(data=data, name=name, agency=agency or None, user=user)
    except ReportRejected as exc:
        return {"name": name, "status": "failed", "reason": exc.reason, "message": exc.message}
    r = result.report
    return {
        "name": name,
        "status": "created" if result.created else "duplicate",
        "duplicate_of": result.duplicate_of,  # same_file | same_report | None
        "message": result.message,
        "url": reverse("library:detail", args=[r.pk]),
        "agency": r.agency_display,
        "year": r.year,
        "template": r.template_label,
        "errors": r.error_count,
        "warnings": r.warning_count,
    }


def staff_member_required(view):
    """Staff pages of the library: a logged-out visitor goes to the staff login (settings.LOGIN_URL), not to
    the admin's as Django's own decorator of this name does; a logged-in account without staff status gets
    the 403 page rather than a login form it is already past."""

    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied("not staff")
        return view(request, *args, **kwargs)

    return wrapper


@staff_member_required
def upload(request):
    """The page (JS uploads file by file through upload_api) and its no-JS fallback (this view's POST)."""
    context = {"max_mb": settings.MAX_UPLOAD_MB, "max_bytes": max_upload_bytes()}
    if request.method == "POST":
        files = request.FILES.getlist("files")
        agency = (request.POST.get("agency") or "").strip()
        if not files:
            context["error"] = "请选择至少一个文件。"
        else:
            context["results"] = [_import_upload(f, agency, request.user) for f in files]
    return render(request, "library/upload.html", context)


def _staff_json(view):
    """Like staff_member_required, but answers the fetch() caller with JSON it can show, not a login page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"status": "failed", "message": "请先以工作人员身份登录。"}, status=401)
        if not (request.user.is_active and request.user.is_staff):
            return JsonResponse({"status": "failed", "message": "只有工作人员可以上传年报。"}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@_staff_json
def upload_api(request):
    upload_file = request.FILES.get("file")
    if upload_file is None:
        return JsonResponse({"status": "failed", "message": "请求中没有文件。"}, status=400)
    result = _import_upload(upload_file, (request.POST.get("agency") or "").strip(), request.user)
    status = 200
    if result["status"] == "failed":
        status = 413 if result["reason"] == "too_large" else 422
    elif result["status"] == "created":
        status = 201
    return JsonResponse(result, status=status, json_dumps_params={"ensure_ascii": False})


# --- bulk imports (批量导入) ---------------------------------------------------------------------------------

RECENT_BATCHES = 30


def _create_batch_from_upload(request) -> ImportBatch:
    """The chosen files as a batch: one ZIP archive, or any number of report files. Raises BatchRejected."""
    uploads = request.FILES.getlist("files")
    agency = (request.POST.get("agency") or "").strip() or None
    if not uploads:
        raise BatchRejected("no files", message="请选择一个 ZIP 压缩包或多个年报文件。")
    zips = [u for u in uploads if is_zip_name(u.name)]
    if zips and len(uploads) > 1:
        raise BatchRejected("zip among files", message="一次只能导入一个压缩包；要导入多个文件，请直接选择这些文件（不要混选压缩包）。")
    # Checked before reading anything into memory; the services check again on what they are given.
    if sum(u.size for u in uploads) > max_upload_bytes():
        raise BatchRejected("too large", message=f"所选文件合计超过 {settings.MAX_UPLOAD_MB} MB 上限。请分几批导入。")
    if zips:
        return import_batch_create(zip_bytes=zips[0].read(), zip_name=zips[0].name, user=request.user, agency=agency)
    return import_batch_create(files=[(u.name, u.read()) for u in uploads], user=request.user, agency=agency)


@staff_member_required
def batch_new(request):
    """The bulk import page: upload a ZIP or many files at once, then follow the batch on its own page."""
    context = {
        "max_mb": settings.MAX_UPLOAD_MB,
        "max_files": settings.MAX_BATCH_FILES,
        "batches": ImportBatch.objects.select_related("created_by")[:RECENT_BATCHES],
    }
    if request.method == "POST":
        try:
            batch = _create_batch_from_upload(request)
        except BatchRejected as exc:
            context["error"] = exc.message
        else:
            return redirect("library:batch", public_id=batch.public_id)
    return render(request, "library/batch_new.html", context)


@staff_member_required
@require_GET
def batch_list(request):
    batches = ImportBatch.objects.select_related("created_by")
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "library/batch_list.html", {"page": page})


def _batch_items(batch: ImportBatch) -> list[dict]:
    items = batch.items.select_related("report_file__stats").order_by("position")
    return [_item_json(item) for item in items]


def _item_json(item: ImportBatchItem) -> dict:
    stats = getattr(item.report_file, "stats", None) if item.report_file_id else None
    return {
        "position": item.position,
        "name": item.name,
        "status": item.status,
        "status_label": item.get_status_display(),
        "message": item.message,
        "url": reverse("library:detail", args=[stats.pk]) if stats else None,
    }


def _batch_json(batch: ImportBatch) -> dict:
    return {
        "id": str(batch.public_id),
        "status": batch.status,
        "status_label": batch.get_status_display(),
        "finished": batch.finished,
        "message": batch.message,
        "total": batch.total,
        "created": batch.created,
        "duplicate": batch.duplicate,
        "failed": batch.failed,
        "processed": batch.processed,
        "percent": batch.percent,
        "items": _batch_items(batch),
    }


@staff_member_required
@require_GET
def batch_detail(request, public_id):
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), public_id=public_id)
    return render(request, "library/batch.html", {"batch": batch, "items": _batch_items(batch)})


@require_GET
@_staff_json
def batch_status(request, public_id):
    batch = get_object_or_404(ImportBatch, public_id=public_id)
    return JsonResponse(_batch_json(batch), json_dumps_params={"ensure_ascii": False})


@require_POST
@staff_member_required
def batch_resume(request, public_id):
    batch = get_object_or_404(ImportBatch, public_id=public_id)
    import_batch_resume(batch=batch)
    return redirect("library:batch", public_id=batch.public_id)


# --- comparison ----------------------------------------------------------------------------------------------

def _compare_params(request):
    known = set(agencies_present())
    chosen = [a for a in dict.fromkeys(request.GET.getlist("agency")) if a in known]
    figure = MAIN_FIGURES_BY_KEY.get(request.GET.get("figure") or "", MAIN_FIGURES[0])
    return known, chosen, figure


@require_GET
def compare(request):
    known, chosen, figure = _compare_params(request)
    context = {
        # The chosen ones first: with many agencies they would otherwise be scrolled out of sight.
        "agencies": chosen + sorted(known - set(chosen)),
        "chosen": chosen,
        "figures": MAIN_FIGURES,
        "figure": figure,
        "query": urlencode([("agency", a) for a in chosen] + [("figure", figure.key)]),
    }
    if chosen:
        cmp = comparison(chosen, figure)
        context["cmp"] = cmp
        context["chart"] = line_chart(series=cmp.series(), x_values=cmp.years, aria_label=figure.label)
    return render(request, "library/compare.html", context)


@require_GET
def compare_export(request, fmt: str):
    _known, chosen, _figure = _compare_params(request)
    return _export(reports_for_agencies(chosen), fmt, "年报比较")


# --- 表二 split choice -----------------------------------------------------------------------------------------

@require_POST
@staff_member_required
def split_choose(request, pk: int):
    """A staff member picks one candidate split of a flattened 表二 row (the form on the report page)."""
    report = get_object_or_404(ReportStats, pk=pk)
    url = reverse("library:detail", args=[report.pk])
    try:
        index = int(request.POST.get("candidate", ""))
    except ValueError:
        return redirect(url + "?" + urlencode({"split_error": "请先选择一种拆分。"}) + "#splits-h")
    try:
        table2_split_choose(report=report, row=request.POST.get("row", ""), index=index, user=request.user)
    except SplitChoiceRejected as exc:
        return redirect(url + "?" + urlencode({"split_error": exc.message}) + "#splits-h")
    return redirect(url + "#splits-h")
