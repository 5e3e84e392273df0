"""The agency staff's page for the 政府信息公开指南: edit and publish a new version, or regenerate it from the
agency's data. Only the agency's 机关管理员 and 公开工作机构负责人 (404 for everyone else, as elsewhere)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .views import _agency


def _editable(request, code: str):
    agency = _agency(code)
    if not services.may_edit_guide(request.user, agency):
        raise Http404("not this agency's guide editor")
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def guide_edit(request, code: str):
    agency = _editable(request, code)
    current = selectors.latest_guide(agency)
    error, body, note = "", current.body_html if current else "", ""
    if request.method == "POST":
        body, note = request.POST.get("body_html", ""), request.POST.get("note", "")
        try:
            services.guide_save(agency=agency, actor=request.user, body_html=body, note=note)
        except services.GuideRefused as exc:
            error = exc.message
        else:
            return redirect("portal:guide", code=agency.code)
    if not body:
        from .guide import generate

        body = generate(agency)
    return render(request, "portal/guide_edit.html", {"agency": agency, "current": current, "body": body,
                                                      "note": note, "error": error},
                  status=400 if error else 200)


@login_required
@require_POST
def guide_regenerate(request, code: str):
    agency = _editable(request, code)
    services.guide_regenerate(agency=agency, actor=request.user)
    return redirect("portal:guide", code=agency.code)
