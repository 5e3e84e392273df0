"""The applicant's pages: apply online (条例 art. 29), the receipt, and following the case by tracking code.

No account: the browser session remembers only the ids of the applications this browser submitted
(`apply_submitted`) and the one application it proved it may follow (`track_app`, after the tracking code
and the verification value). Nothing personal ever appears in a URL; every page with personal data is
`never_cache`. Submissions and tracking attempts are rate limited per client address (ratelimit.py).
"""

from __future__ import annotations

import dataclasses
import secrets

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.applications import identity, vocab, workflow
from gongkai.core.applications.letters import compose
from gongkai.core.applications.render_pdf import render_pdf
from gongkai.core.errors import GongkaiError, InvalidApplication
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agency_tree_search

from . import access, ratelimit, services
from . import letters as letter_service
from .clock import deadline_for
from .forms_public import ORGANISATION_TYPES, ApplicationForm, CorrectionForm, TrackForm
from .models import Application, Letter

ACCEPTING_LEVELS = ("government", "department", "office")  # 条例 art. 27 (and art. 10 ¶2 for offices)
SESSION_KEYS = "apply_keys"          # idempotency keys of forms rendered in this session
SESSION_SUBMITTED = "apply_submitted"  # ids of applications submitted from this session, oldest first
SESSION_TRACK = "track_app"          # the application this session proved it may follow
MAX_KEYS = 20
ACCEPT = ".pdf,.jpg,.jpeg,.png,.doc,.docx"

# What the applicant sees of the audit trail: their own steps and the office's outward acts, no internals.
PUBLIC_ACTIONS = {
    "submit": "网上提交申请",
    "register": "登记申请",
    "confirm_receipt": "确认收到申请",
    "request_correction": "告知补正",
    "receive_correction": "收到补正申请",
    "correction_lapsed": "逾期未补正、终止办理",
    "start_consultation": "征求第三方或其他机关意见",
    "end_consultation": "征求意见结束",
    "extend": "延长答复期限",
    "set_reply_period": "确定合理答复期限（条例第三十五条）",
    "charge_fee": "发出收费通知",
    "fee_paid": "已缴纳信息处理费",
    "fee_lapsed": "逾期未缴费、终止办理",
    "issue_reply": "作出答复",
    "deliver": "送达",
    "archive": "归档",
}


def _limits_context() -> dict:
    return {"max_mb": settings.GONGKAI_MAX_ATTACHMENT_MB, "max_files": settings.GONGKAI_MAX_ATTACHMENTS,
            "accept": ACCEPT}


def _uploads(request, field: str = "attachments") -> tuple[list[services.Upload], str | None]:
    """The uploaded files, read into memory, or a Chinese error. Size is checked before reading; the type
    is checked by content in the service."""
    files = request.FILES.getlist(field)
    if len(files) > settings.GONGKAI_MAX_ATTACHMENTS:
        return [], f"附件最多 {settings.GONGKAI_MAX_ATTACHMENTS} 个。"
    limit = settings.GONGKAI_MAX_ATTACHMENT_MB * 1024 * 1024
    uploads = []
    for f in files:
        if f.size > limit:
            return [], services.too_large_message(f.name)
        uploads.append(services.Upload(name=f.name, data=f.read()))
    return uploads, None


# --- choosing the agency ------------------------------------------------------------------------------------

@require_GET
def apply_agencies(request):
    q = (request.GET.get("q") or "").strip()[:50]
    entries = agency_tree_search(q)
    rows = [{"agency": e.agency, "depth": e.depth, "accepts": e.agency.level in ACCEPTING_LEVELS}
            for e in entries]
    return render(request, "applications/public/agencies.html",
                  {"rows": rows, "q": q, "any_accepting": any(r["accepts"] for r in rows)})


def _accepting_agency(code: str) -> Agency:
    return get_object_or_404(Agency, code=code, active=True, level__in=ACCEPTING_LEVELS)


# --- the application form ------------------------------------------------------------------------------------

def _new_key(request) -> str:
    key = secrets.token_urlsafe(24)
    keys = [k for k in request.session.get(SESSION_KEYS, []) if k != key][-(MAX_KEYS - 1):]
    request.session[SESSION_KEYS] = [*keys, key]
    return key


def _remember_submitted(request, app: Application) -> None:
    ids = [i for i in request.session.get(SESSION_SUBMITTED, []) if i != app.pk]
    request.session[SESSION_SUBMITTED] = [*ids, app.pk][-MAX_KEYS:]


@never_cache
@require_http_methods(["GET", "POST"])
def apply_form(request, agency_code: str):
    agency = _accepting_agency(agency_code)
    if request.method == "GET":
        form = ApplicationForm(initial={"idempotency_key": _new_key(request), "id_kind": "resident_id"})
        return _render_form(request, agency, form, None)

    form = ApplicationForm(request.POST)
    key = request.POST.get("idempotency_key", "")
    if key not in request.session.get(SESSION_KEYS, []):
        # A form this session never rendered (expired session, or someone else's page): never reuse the key,
        # or a stranger's key would return a stranger's application. Keep the input; ask to send again.
        form = ApplicationForm(request.POST.copy())
        form.data["idempotency_key"] = _new_key(request)
        form.is_valid()
        return _render_form(request, agency, form, None,
                            notice="页面已过期，请核对填写的内容后重新提交（附件需要重新选择）。")
    # Every problem at once: the form's own checks, the application's rules and the attachments, so one
    # submit shows everything that needs fixing.
    form.is_valid()
    data = form.application_input()
    for problem in data.problems(today=timezone.localdate()):
        field = form.field_for(problem.field)
        if field not in form.errors:
            form.add_error(field, problem.message)
    uploads, attachment_error = _uploads(request)
    if attachment_error is None:
        attachment_error = "；".join(services.attachment_problems(uploads)) or None
    if form.errors or attachment_error:
        return _render_form(request, agency, form, attachment_error)

    already = Application.objects.filter(idempotency_key=key).first()
    if already is None:
        limit = ratelimit.hit("submit", request, settings.GONGKAI_SUBMIT_RATE_PER_HOUR)
        if not limit.allowed:
            return ratelimit.refused(request, limit, "提交申请")
    try:
        app, created = services.application_submit(agency=agency, data=data, attachments=uploads,
                                                   idempotency_key=key)
    except InvalidApplication as e:
        field = form.field_for(e.field)
        if field is None:
            return _render_form(request, agency, form, e.message)
        return _render_form(request, agency, _with_error(form, e), None)
    _remember_submitted(request, app)
    return redirect("public:apply_done")


def _with_error(form: ApplicationForm, e: InvalidApplication) -> ApplicationForm:
    form.add_error(form.field_for(e.field), e.message)
    return form


def _render_form(request, agency: Agency, form: ApplicationForm, attachment_error: str | None, notice: str = ""):
    status = 200 if not (form.errors or attachment_error or notice) else 400
    if not form.is_bound:
        status = 200
    return render(request, "applications/public/form.html", {
        "agency": agency, "form": form, "attachment_error": attachment_error, "notice": notice,
        "organisation_group": vocab.ORGANISATION_GROUP, "org_types": ORGANISATION_TYPES, **_limits_context(),
    }, status=status)


# --- the receipt -------------------------------------------------------------------------------------------

def _submitted_app(request) -> Application:
    ids = request.session.get(SESSION_SUBMITTED, [])
    if not ids:
        raise Http404("nothing submitted from this session")
    return get_object_or_404(Application.objects.select_related("agency"), pk=ids[-1])


@never_cache
@require_GET
def apply_done(request):
    app = _submitted_app(request)
    earlier = list(Application.objects.filter(pk__in=request.session.get(SESSION_SUBMITTED, [])[:-1])
                   .select_related("agency").order_by("-submitted_at")
                   .values_list("tracking_code", "agency__name", "submitted_at"))
    return render(request, "applications/public/done.html", {
        "app": app, "code": services.format_tracking_code(app.tracking_code),
        "submitted": timezone.localtime(app.submitted_at), "name_masked": identity.mask_name(app.applicant_name),
        "delivery_form": _label(vocab.delivery_form, app.delivery_form),
        "delivery_method": _label(vocab.delivery_method, app.delivery_method),
        "attachments": app.attachments.filter(purpose="application").count(),
        "earlier": [(services.format_tracking_code(c), a, timezone.localtime(t)) for c, a, t in earlier],
    })


def _label(lookup, key: str) -> str:
    try:
        return lookup(key).label
    except KeyError:
        return key


def receipt_letter(app: Application):
    """The 回执 for an application, dated the day it was submitted (core letter kind "receipt")."""
    on = timezone.localtime(app.submitted_at).date()
    ctx = letter_service.context(app, on=on, kind="receipt")
    return compose("receipt", dataclasses.replace(ctx, tracking_code=services.format_tracking_code(app.tracking_code)))


@never_cache
@require_GET
def apply_receipt_pdf(request):
    app = _submitted_app(request)
    pdf = render_pdf(receipt_letter(app))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"receipt-{app.tracking_code}.pdf")
    return response


# --- tracking ------------------------------------------------------------------------------------------------

GENERIC_TRACK_ERROR = "查询码或验证信息不正确，请核对后重试。"


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    if request.method == "GET":
        return render(request, "applications/public/track.html", {"form": TrackForm()})
    form = TrackForm(request.POST)
    if not form.is_valid():
        return render(request, "applications/public/track.html", {"form": form}, status=400)
    limit = ratelimit.hit("track", request, settings.GONGKAI_TRACK_RATE_PER_HOUR)
    if not limit.allowed:
        return ratelimit.refused(request, limit, "查询")
    try:
        app = access.get_application_for_applicant(form.cleaned_data["code"], form.cleaned_data["verification"])
    except Http404:
        # Keep the code, never echo the verification value back.
        return render(request, "applications/public/track.html",
                      {"form": TrackForm(initial={"code": form.cleaned_data["code"]}), "error": GENERIC_TRACK_ERROR},
                      status=400)
    request.session.cycle_key()  # a new session id once the applicant has proved who they are
    request.session[SESSION_TRACK] = app.pk
    return redirect("public:track_case")


def _tracked_app(request) -> Application:
    pk = request.session.get(SESSION_TRACK)
    if pk is None:
        raise Http404("not tracking")
    return get_object_or_404(Application.objects.select_related("agency"), pk=pk)


def _case_context(app: Application, *, correction_form=None, correction_error=None) -> dict:
    today = timezone.localdate()
    deadline = deadline_for(app, today=today) if app.is_open else None
    letters = list(app.letters.filter(issued=True).order_by("issued_on", "id").only(
        "id", "title", "number", "issued_on", "kind"))
    fee = getattr(app, "fee", None)
    events = [(e.on or timezone.localtime(e.at).date(), PUBLIC_ACTIONS[e.action])
              for e in app.events.filter(action__in=PUBLIC_ACTIONS).order_by("at", "id")]
    return {
        "app": app, "code": services.format_tracking_code(app.tracking_code),
        "state_label": workflow.STATE_LABELS.get(app.state, app.state),
        "name_masked": identity.mask_name(app.applicant_name),
        "deadline": deadline, "letters": letters, "fee": fee, "events": events,
        "correction_open": app.state == "correction_requested",
        "correction_form": correction_form or CorrectionForm(), "correction_error": correction_error,
        "today": today, **_limits_context(),
    }


@never_cache
@require_GET
def track_case(request):
    app = _tracked_app(request)
    return render(request, "applications/public/case.html", _case_context(app))


@never_cache
@require_POST
def track_correction(request):
    app = _tracked_app(request)
    if app.state != "correction_requested" and app.correction_received_on is not None:
        # Sent again (a double click, the browser's resend): the correction is in already.
        return redirect(reverse("public:track_case") + "#progress")
    form = CorrectionForm(request.POST)
    error = None
    if form.is_valid():
        uploads, error = _uploads(request)
        if not error and not form.cleaned_data["text"].strip() and not uploads:
            error = "请填写补正内容或上传补正材料。"
        if not error:
            limit = ratelimit.hit("submit", request, settings.GONGKAI_SUBMIT_RATE_PER_HOUR)
            if not limit.allowed:
                return ratelimit.refused(request, limit, "提交补正")
            try:
                services.application_receive_correction(application=app, actor=None,
                                                         text=form.cleaned_data["text"], attachments=uploads)
            except GongkaiError as e:
                error = e.message
            else:
                return redirect(reverse("public:track_case") + "#progress")
    app.refresh_from_db()
    return render(request, "applications/public/case.html",
                  _case_context(app, correction_form=form, correction_error=error), status=400)


@never_cache
@require_GET
def track_letter_pdf(request, pk: int):
    app = _tracked_app(request)
    try:
        letter = Letter.objects.get(pk=pk, application=app, issued=True)
    except Letter.DoesNotExist:
        raise Http404("no such letter") from None
    _, pdf = letter_service.rendered(letter)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"letter-{letter.pk}.pdf")
    return response


@require_http_methods(["GET", "POST"])
def track_logout(request):
    request.session.pop(SESSION_TRACK, None)
    return redirect("public:track")
