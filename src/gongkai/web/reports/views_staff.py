"""Staff pages for the annual report (/work/reports/): build it from the records, edit the narrative, enter
table 二's yearly figures, check, approve, publish, correct; compare it with the library's imported copy; the
region board of who has published.

Who may do what is `access.report_access` (the services refuse by the same rule): the agency's staff view,
build, edit and enter figures; its reviewers, office heads and agency_admins also approve, publish and
correct; a region's compiled report and board belong to the region's supervisors (view and build) and the
agency_admins of its top government (also sign). Anyone else gets the same 404 for every route, so a URL
reveals nothing. Every write is one service call; a refused one is shown on the page in Chinese (HTTP 400,
the user's text kept), never a 500. Publishing has a confirmation page (a plain form: no script needed).
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.annual import compare
from gongkai.core.errors import GongkaiError
from gongkai.core.roles import STAFF_ROLES
from gongkai.core.stats import AnnualStats
from gongkai.core.templates import template_for_year
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agencies_for_user
from gongkai.web.library.presenting import ReportView

from . import figures_import, selectors, services
from .access import Access, board_allowed, report_access
from .models import STATUSES, AnnualReport, YearlyFigure

log = logging.getLogger(__name__)

SCOPES = ("agency", "subtree")
SUBTREE_LEVELS = ("government", "region")
FORMATS = tuple(services.FORMATS)
STATUS_LABELS = STATUSES
BOARD_LABELS = selectors.BOARD_STATUSES
SCOPE_LABELS = {"agency": "本机关", "subtree": "汇总（含下级）"}


def _today() -> date:
    return timezone.localdate()


def _agency(code: str) -> Agency:
    try:
        return Agency.objects.get(code=code)
    except Agency.DoesNotExist:
        raise Http404("no such agency") from None


def _scope(request, agency: Agency) -> str:
    source = request.POST if request.method == "POST" else request.GET
    scope = source.get("scope") or ("subtree" if agency.level == "region" else "agency")
    if scope not in SCOPES or (scope == "subtree" and agency.level not in SUBTREE_LEVELS):
        raise Http404("no such scope")
    return scope


def _resolve(request, code: str, year: int) -> tuple[Agency, str, Access]:
    """The agency, scope and the user's rights, or the one 404 for everything else."""
    agency = _agency(code)
    scope = _scope(request, agency)
    access = report_access(request.user, agency, scope)
    if access is None or not (2019 <= year <= 9999):
        raise Http404("no such report")
    return agency, scope, access


def _page_url(agency: Agency, year: int, scope: str, version: int | None = None) -> str:
    url = reverse("reports_work:report", args=[agency.code, year])
    query = []
    if scope != ("subtree" if agency.level == "region" else "agency"):
        query.append(f"scope={scope}")
    if version:
        query.append(f"v={version}")
    return url + ("?" + "&".join(query) if query else "")


def _versions(agency: Agency, year: int, scope: str) -> list[AnnualReport]:
    return list(AnnualReport.objects.filter(agency=agency, year=year, scope=scope).order_by("-version"))


def _version_param(raw) -> int | None:
    return int(raw) if raw and str(raw).isdigit() else None


# --- the list of the user's agencies ------------------------------------------------------------------------

@login_required
@require_GET
def index(request):
    today = _today()
    agencies = list(agencies_for_user(request.user, STAFF_ROLES).order_by("sort", "code"))
    reports: dict[tuple[int, str], dict[int, AnnualReport]] = {}
    for r in (AnnualReport.objects.filter(agency__in=agencies).order_by("agency_id", "scope", "year", "version")):
        reports.setdefault((r.agency_id, r.scope), {})[r.year] = r  # the latest version wins
    last_year = today.year - 1
    rows = []
    for a in agencies:
        for scope in SCOPES if a.level in SUBTREE_LEVELS else ("agency",):
            by_year = reports.get((a.pk, scope), {})
            years = sorted(set(by_year) | ({last_year} if scope == "agency" or by_year else set()), reverse=True)
            if not years and scope == "subtree":
                years = [last_year]
            for y in years:
                r = by_year.get(y)
                rows.append({"agency": a, "scope": scope, "scope_label": SCOPE_LABELS[scope], "year": y,
                             "report": r, "status_label": STATUS_LABELS.get(r.status, r.status) if r else "未编制",
                             "url": _page_url(a, y, scope)})
    boards = [a for a in agencies_for_user(request.user, ("supervisor", "agency_admin")).order_by("sort", "code")
              if a.level in SUBTREE_LEVELS and board_allowed(request.user, a)]
    boards += [g.parent for g in list(boards) if g.level == "government" and g.parent_id
               and g.parent.level == "region" and g.parent not in boards]
    return render(request, "reports/staff/index.html", {
        "rows": rows, "boards": boards, "last_year": last_year, "today": today,
    })


# --- one report ---------------------------------------------------------------------------------------------

def _figure_rows(agency: Agency, year: int, posted=None) -> list[dict]:
    """Table 二's pointers with their stored value and source note (or what was just posted)."""
    try:
        template = template_for_year(year)
    except GongkaiError:
        return []
    stored = {f.pointer: f for f in YearlyFigure.objects.filter(agency=agency, year=year)}
    rows = []
    for block in template.table2:
        for r in block.rows:
            for i, c in enumerate(block.columns):
                pointer = f"/table2/{r.key}/{c.key}"
                f = stored.get(pointer)
                value = "" if f is None or f.value is None else _plain(f.value)
                source = f.source if f else ""
                if posted is not None:
                    value = posted.get(f"value:{pointer}", value)
                    source = posted.get(f"source:{pointer}", source)
                rows.append({"pointer": pointer, "caption": block.caption, "row": r.label, "column": c.label,
                             "value": value, "source": source, "entered": f, "first": i == 0})
    return rows


def _plain(value) -> str:
    if isinstance(value, float | Decimal):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def _comparison(report: AnnualReport, stats: AnnualStats) -> dict | None:
    counterpart = selectors.library_counterpart(report)
    if counterpart is None:
        return None
    differences = compare(stats, AnnualStats.from_json(counterpart.stats))
    return {"library": counterpart, "differences": differences}


def _report_context(request, agency: Agency, year: int, scope: str, access: Access, *, version: int | None = None,
                    posted_sections: dict | None = None, posted_figures=None, error: str = "") -> dict:
    versions = _versions(agency, year, scope)
    current = versions[0] if versions else None
    report = current
    if version is not None:
        report = next((r for r in versions if r.version == version), None)
        if report is None:
            raise Http404("no such version")
    ctx: dict = {
        "agency": agency, "year": year, "scope": scope, "scope_label": SCOPE_LABELS[scope], "access": access,
        "report": report, "current": current, "versions": versions, "is_current": report is current,
        "status_labels": STATUS_LABELS, "formats": FORMATS, "error": error,
        "subtree_possible": agency.level in SUBTREE_LEVELS,
        "scope_query": "" if scope == ("subtree" if agency.level == "region" else "agency") else f"scope={scope}",
        "figures": _figure_rows(agency, year, posted_figures) if scope == "agency" else [],
        "page_url": _page_url(agency, year, scope),
        "version_rows": [(v, STATUS_LABELS.get(v.status, v.status)) for v in versions],
    }
    if report is None:
        return ctx
    used = report.figure_sources or {}
    for row in ctx["figures"]:
        row["used"] = used.get(row["pointer"], "")
    stats = AnnualStats.from_json(report.stats)
    view = ReportView(stats, "", list(report.findings or []))
    sections = {k: (report.sections or {}).get(k, "") for k in ("overview", "problems", "other")}
    if posted_sections is not None:
        sections.update(posted_sections)
    errors = [f for f in report.findings or [] if f.get("severity") == "error"]
    titles = _section_titles(year)
    editable = report is current and report.status != "published" and access.build
    approvable = editable and access.sign and report.status == "checked" and not errors
    four_eyes_blocked = approvable and services.four_eyes_blocks(report, request.user)
    ctx.update({
        "stats": stats, "table2": view.table2(), "table3": view.table3(), "table4": view.table4(),
        "findings": view.report_findings(), "error_count": len(errors), "sections": sections,
        "editable": editable,
        "can_approve": approvable and not four_eyes_blocked,
        "four_eyes_blocked": four_eyes_blocked,
        "approve_blocked": editable and bool(errors),
        "needs_check": editable and report.status == "draft" and not errors,
        "can_publish": report is current and access.sign and report.status == "approved",
        "can_correct": report is current and access.sign and report.status == "published",
        "can_build": access.build and report is current and report.status != "published",
        "comparison": _comparison(report, stats),
        "figure_sources": _figure_sources(report, stats),
        "section_titles": titles,
        "narratives": [{"title": titles.get(k, k), "text": sections[k]} for k in ("overview", "problems", "other")],
        "status_label": STATUS_LABELS.get(report.status, report.status),
        "version_query": f"v={report.version}",
    })
    return ctx


def _figure_sources(report: AnnualReport, stats: AnnualStats) -> list[dict]:
    """Each table 二 figure of the version with where it came from: 来自主动公开登记 or 人工填报：<source>."""
    sources = report.figure_sources or {}
    try:
        pointers = services.table2_pointers(report.year)
    except GongkaiError:
        return []
    return [{"row": meta[1], "column": meta[2], "value": _plain(stats.get(p)), "source": sources[p]}
            for p, meta in pointers.items() if p in sources and stats.get(p) is not None]


def _section_titles(year: int) -> dict[str, str]:
    try:
        template = template_for_year(year)
    except GongkaiError:
        return {}
    return {s.key: f"{s.number}、{s.title}" for s in template.sections}


@login_required
@require_GET
def report_page(request, code: str, year: int):
    agency, scope, access = _resolve(request, code, year)
    ctx = _report_context(request, agency, year, scope, access, version=_version_param(request.GET.get("v")))
    return render(request, "reports/staff/report.html", ctx)


def _refused(request, agency, year, scope, access, exc: GongkaiError, **posted) -> HttpResponse:
    log.info("report action refused agency=%s year=%s scope=%s code=%s", agency.code, year, scope,
             getattr(exc, "code", type(exc).__name__))
    ctx = _report_context(request, agency, year, scope, access, error=exc.message, **posted)
    return render(request, "reports/staff/report.html", ctx, status=400)


def _current_or_404(agency, year, scope) -> AnnualReport:
    report = selectors.current_report(agency, year, scope)
    if report is None:
        raise Http404("no report yet")
    return report


def _stale(request, report: AnnualReport) -> bool:
    """The form was made for another version than the current one (someone rebuilt or corrected meanwhile)."""
    sent = _version_param(request.POST.get("version"))
    return sent is not None and sent != report.version


@login_required
@require_POST
def build(request, code: str, year: int):
    agency, scope, access = _resolve(request, code, year)
    try:
        report = services.report_build(agency=agency, year=year, subtree=scope == "subtree", actor=request.user)
    except GongkaiError as exc:
        return _refused(request, agency, year, scope, access, exc)
    messages.success(request, f"已根据办理记录生成第{report.version}版报告。")
    return redirect(_page_url(agency, year, scope))


@login_required
@require_POST
def sections(request, code: str, year: int):
    agency, scope, access = _resolve(request, code, year)
    report = _current_or_404(agency, year, scope)
    posted = {k: request.POST.get(k, "") for k in ("overview", "problems", "other")}
    if _stale(request, report):
        return _refused(request, agency, year, scope, access, _StaleForm(), posted_sections=posted)
    try:
        services.report_update_sections(report=report, actor=request.user, **posted)
    except GongkaiError as exc:
        return _refused(request, agency, year, scope, access, exc, posted_sections=posted)
    messages.success(request, "文字部分已保存。")
    return redirect(_page_url(agency, year, scope) + "#sections")


class _StaleForm(GongkaiError):
    code = "report_stale_form"
    default_message = "报告已被他人重新生成或更正，请刷新页面后再操作。"


class _NoFile(GongkaiError):
    code = "report_no_file"
    default_message = "请选择要导入的 XLSX 文件。"


def _figure_changed(old: YearlyFigure | None, value: str, source: str) -> bool:
    if old is None:
        return bool(value or source)
    if not value or source != old.source:
        return True
    try:
        return Decimal(value) != old.value
    except InvalidOperation:
        return True  # not a number: let the service refuse it in Chinese


@login_required
@require_POST
def figures(request, code: str, year: int):
    agency, scope, access = _resolve(request, code, year)
    if scope != "agency":
        raise Http404("figures belong to one agency")
    rows = _figure_rows(agency, year)
    changed = 0
    try:
        for row in rows:
            p = row["pointer"]
            if f"value:{p}" not in request.POST:
                continue
            value = request.POST.get(f"value:{p}", "").strip().replace(",", "").replace("，", "")
            source = request.POST.get(f"source:{p}", "").strip()
            if not _figure_changed(row["entered"], value, source):
                continue
            services.figure_set(agency=agency, year=year, pointer=p, value=value or None, source=source,
                                actor=request.user)
            changed += 1
    except GongkaiError as exc:
        return _refused(request, agency, year, scope, access, exc, posted_figures=request.POST)
    messages.success(request, f"已保存{changed}项表二数字。" if changed else "表二数字没有变化。")
    return redirect(_page_url(agency, year, scope) + "#figures")


@login_required
@require_POST
def figures_upload(request, code: str, year: int):
    agency, scope, access = _resolve(request, code, year)
    if scope != "agency":
        raise Http404("figures belong to one agency")
    upload = request.FILES.get("file")
    if upload is None:
        return _refused(request, agency, year, scope, access, _NoFile("no file"))
    try:
        result = figures_import.import_figures_xlsx(data=upload.read(), actor=request.user)
    except GongkaiError as exc:
        return _refused(request, agency, year, scope, access, exc)
    messages.success(request, f"已从 XLSX 导入{result}项表二数字；重新生成报告后生效。")
    return redirect(_page_url(agency, year, scope) + "#figures")


def _signed_action(request, code: str, year: int, action: str):
    agency, scope, access = _resolve(request, code, year)
    if not access.sign:  # the agency's own staff without the reviewer's role: no secret to keep
        raise PermissionDenied("审核、发布和更正须由本机关审核人或机关管理员进行。")
    report = _current_or_404(agency, year, scope)
    try:
        if _stale(request, report):
            raise _StaleForm()
        if action == "approve":
            services.report_approve(report=report, actor=request.user)
            messages.success(request, f"第{report.version}版报告已审核通过。")
        elif action == "publish":
            services.report_publish(report=report, actor=request.user)
            messages.success(request, f"第{report.version}版报告已发布，HTML、Word、Excel和PDF文件已生成并保存。")
        else:
            new = services.report_correct(report=report, actor=request.user,
                                          reason=request.POST.get("reason", "").strip())
            messages.success(request, f"已生成第{new.version}版（更正稿），第{report.version}版仍公开可见。")
    except GongkaiError as exc:
        return _refused(request, agency, year, scope, access, exc)
    return redirect(_page_url(agency, year, scope))


@login_required
@require_POST
def approve(request, code: str, year: int):
    return _signed_action(request, code, year, "approve")


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, code: str, year: int):
    """GET (or a POST without confirm=yes): the confirmation page; a POST with confirm=yes publishes."""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        return _signed_action(request, code, year, "publish")
    agency, scope, access = _resolve(request, code, year)
    if not access.sign:
        raise PermissionDenied("审核、发布和更正须由本机关审核人或机关管理员进行。")
    report = _current_or_404(agency, year, scope)
    today = _today()
    deadline = selectors.report_deadline(agency, year) if scope == "agency" else None
    return render(request, "reports/staff/publish.html", {
        "agency": agency, "year": year, "scope": scope, "report": report, "today": today,
        "deadline": deadline, "late_days": (today - deadline).days if deadline and today > deadline else 0,
        "can_publish": report.status == "approved", "status_label": report.status_label,
        "notes": [f for f in report.findings or [] if f.get("severity") != "error"],
        "page_url": _page_url(agency, year, scope), "formats": [services.FORMATS[f][1].upper() for f in FORMATS],
    })


@login_required
@require_POST
def correct(request, code: str, year: int):
    return _signed_action(request, code, year, "correct")


def file_response(report: AnnualReport, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("no such format")
    data, content_type, filename = services.render(report, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(fmt != "html", filename)
    return response


@login_required
@require_GET
def download(request, code: str, year: int, fmt: str):
    agency, scope, _ = _resolve(request, code, year)
    versions = _versions(agency, year, scope)
    wanted = _version_param(request.GET.get("v"))
    report = next((r for r in versions if wanted is None or r.version == wanted), None)
    if report is None:
        raise Http404("no such report")
    return file_response(report, fmt)


# --- the region board ---------------------------------------------------------------------------------------

@login_required
@require_GET
def board(request, code: str, year: int):
    region = _agency(code)
    if region.level not in SUBTREE_LEVELS or not board_allowed(request.user, region) or not 2019 <= year <= 9999:
        raise Http404("no such board")
    today = _today()
    rows = []
    counts = dict.fromkeys(BOARD_LABELS, 0)
    for row in selectors.region_board(region, year, today):
        counts[row.status] = counts.get(row.status, 0) + 1
        rows.append({"row": row, "label": BOARD_LABELS.get(row.status, row.status)})
    compiled = selectors.current_report(region, year, "subtree")
    return render(request, "reports/staff/board.html", {
        "region": region, "year": year, "today": today, "rows": rows,
        "summary": [(k, label, counts.get(k, 0)) for k, label in BOARD_LABELS.items()], "compiled": compiled,
        "compiled_url": _page_url(region, year, "subtree"),
        "can_build": report_access(request.user, region, "subtree") is not None,
        "years": list(range(today.year, max(2019, today.year - 5) - 1, -1)),
    })
