"""Public pages for published annual reports (/annual/): the list by agency and year, each report's latest
published version as a printable page with its downloads, and every earlier published version with its
correction reason. Drafts, checked and approved versions are never shown here (404)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.core.stats import AnnualStats
from gongkai.core.templates import template_for_year
from gongkai.web.agencies.models import Agency
from gongkai.web.library.presenting import ReportView

from . import selectors
from .views_staff import file_response

SCOPE_LABELS = {"agency": "", "subtree": "（汇总）"}


@require_GET
def index(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else None
    reports = list(selectors.published_reports(year=year))
    latest: dict[tuple[int, int, str], object] = {}
    for r in reports:
        key = (r.agency_id, r.year, r.scope)
        if key not in latest or r.version > latest[key].version:
            latest[key] = r
    rows = sorted(latest.values(), key=lambda r: (-r.year, r.agency.sort, r.agency.code, r.scope))
    years = sorted({r.year for r in selectors.published_reports()}, reverse=True)
    return render(request, "reports/public/index.html", {"rows": rows, "years": years, "year": year})


def _published(code: str, year: int) -> tuple[Agency, list]:
    try:
        agency = Agency.objects.get(code=code)
    except Agency.DoesNotExist:
        raise Http404("no such agency") from None
    versions = sorted(selectors.published_reports(agency=agency, year=year), key=lambda r: -r.version)
    if not versions:
        raise Http404("nothing published")
    return agency, versions


def _pick(versions: list, version: int | None, scope: str):
    of_scope = [r for r in versions if r.scope == scope]
    if not of_scope:
        raise Http404("nothing published")
    if version is None:
        return of_scope[0], of_scope
    for r in of_scope:
        if r.version == version:
            return r, of_scope
    raise Http404("no such version")


def _scope(request, versions) -> str:
    scope = request.GET.get("scope")
    if scope in ("agency", "subtree"):
        return scope
    return "agency" if any(r.scope == "agency" for r in versions) else "subtree"


def _page(request, code: str, year: int, version: int | None):
    agency, versions = _published(code, year)
    scope = _scope(request, versions)
    report, of_scope = _pick(versions, version, scope)
    stats = AnnualStats.from_json(report.stats)
    view = ReportView(stats, "", [])
    template = template_for_year(year)
    sections = report.sections or {}
    tables = {"table2": view.table2(), "table3": view.table3(), "table4": view.table4()}
    body = []
    for s in template.sections:
        body.append({"key": s.key, "heading": f"{s.number}、{s.title}",
                     "paragraphs": _paragraphs(sections.get(s.key, "")), "table": s.key})
    return render(request, "reports/public/report.html", {
        "agency": agency, "year": year, "report": report, "versions": of_scope, "latest": of_scope[0],
        "is_latest": report is of_scope[0], "scope": scope, "scope_label": SCOPE_LABELS[scope],
        "other_scope": next((s for s in ("agency", "subtree") if s != scope and any(r.scope == s for r in versions)),
                            None),
        "body": body, **tables,
    })


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


@require_GET
def report(request, code: str, year: int):
    return _page(request, code, year, None)


@require_GET
def report_version(request, code: str, year: int, version: int):
    return _page(request, code, year, version)


@require_GET
def download(request, code: str, year: int, version: int, fmt: str):
    _, versions = _published(code, year)
    report, _ = _pick(versions, version, _scope(request, versions))
    return file_response(report, fmt)
