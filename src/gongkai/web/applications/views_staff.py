"""Staff pages (/work/): the queue, one application with its actions, registering, letters, the calendar and
the supervisor's figures.

Every page needs a login. Every object is reached through `access` (a 404 for anyone without a role in the
handling agency, whatever else they are), every write is one service call, and a refused action is shown on
the page in Chinese with the user's input kept (HTTP 400), never a 500. Successful writes redirect (PRG).
URLs carry numeric ids only; log lines carry ids and codes, never personal data.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core import fees
from gongkai.core.applications import vocab, workflow
from gongkai.core.applications.letters import Letter as CoreLetter
from gongkai.core.applications.outcomes import OUTCOMES, get_outcome
from gongkai.core.clock import correction_notice_due, package_years, warning_level
from gongkai.core.errors import GongkaiError
from gongkai.core.roles import STAFF_ROLES, may_act, role_label, supervises_only
from gongkai.web.agencies.models import Agency, Membership
from gongkai.web.agencies.selectors import agencies_for_user, supervised_ids, user_roles

from . import access, actions, selectors, services
from . import forms_staff as f
from . import letters as letter_service
from .clock import current_calendar, deadline_for
from .demo import DEMO_STAFF_PASSWORD, demo_accounts
from .models import Application, CalendarYear, LetterDelivery, ReviewCase

log = logging.getLogger(__name__)

PAGE_SIZE = 50
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

EVENT_LABELS = {
    **workflow.ACTION_LABELS,
    "submit": "网上提交申请",
    "register": "登记申请",
    "issue_notice": "发出文书",
    "deliver_letter": "登记文书送达",
    "edit_letter": "修改文书草稿",
    "record_review": "登记复议、诉讼案件",
    "update_review": "更新复议、诉讼结果",
    "anonymise": "保存期满，申请人个人信息已匿名化",
}


def _held_roles(user) -> set[str]:
    """Every role the user holds, in any agency (one query)."""
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


def landing_url(user) -> str:
    """Where a login without `next` lands. A supervisor and nothing else: the region's figures, never an
    empty queue. Anyone with a staff role, a supervisor too: the queue, because it carries the statutory
    deadlines; the staff menu links the figures. An account without agency roles: the queue, which says so
    and points to what the account can do."""
    return reverse("work:supervision") if supervises_only(_held_roles(user)) else reverse("work:queue")


class StaffLoginView(auth_views.LoginView):
    template_name = "applications/staff/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO:
            context["demo_accounts"] = demo_accounts()
            context["demo_password"] = DEMO_STAFF_PASSWORD
        return context


login = StaffLoginView.as_view()
logout = auth_views.LogoutView.as_view(next_page=reverse_lazy("work:login"))


def _today() -> date:
    return timezone.localdate()


def _staff_agencies(user, *roles: str):
    return agencies_for_user(user, roles or STAFF_ROLES).order_by("sort", "code")


def _nav(request) -> dict:
    """What the staff sub-navigation shows for this user (one query for the roles)."""
    user = request.user
    roles = _held_roles(user)
    return {
        "nav_staff": bool(roles & set(STAFF_ROLES)),
        "nav_register": bool(roles & {"registrar", "agency_admin"}),
        "nav_calendar": user.is_superuser or "agency_admin" in roles,
        "nav_supervision": "supervisor" in roles,
        "nav_supervises_only": supervises_only(roles),
    }


# --- the queue --------------------------------------------------------------------------------------------

@login_required
@require_GET
def queue(request):
    user = request.user
    agencies = list(_staff_agencies(user))
    agency = None
    raw = request.GET.get("agency", "")
    if raw.isdigit():
        agency = next((a for a in agencies if a.pk == int(raw)), None)
    which = request.GET.get("which", "open")
    if which not in selectors.QUEUE_FILTERS:
        which = "open"
    qs = selectors.queue(user, agency=agency, which=which).only(*selectors.QUEUE_COLUMNS)
    page = Paginator(selectors.Paged(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    today = _today()
    rows = selectors.queue_rows(page.object_list, today=today)
    query = {"which": which, **({"agency": agency.pk} if agency else {})}
    return render(request, "applications/staff/queue.html", {
        **_nav(request), "agencies": agencies, "agency": agency, "which": which, "filters": selectors.QUEUE_FILTERS,
        "page": page, "rows": rows, "today": today, "many_agencies": agency is None and len(agencies) > 1,
        "query": "&".join(f"{k}={v}" for k, v in query.items()),
        "agency_query": f"&agency={agency.pk}" if agency else "",
    })


# --- one application --------------------------------------------------------------------------------------

def _form_for(action: str, app: Application, data=None, files=None):
    cls = actions.ACTIONS[action].form
    kwargs = {}
    if action == "assign":
        kwargs["handlers"] = actions.handlers(app)
        if data is None:
            kwargs["initial"] = {"assignee": app.assigned_to_id}
    if action == "decide" and data is None and app.outcome and not get_outcome(app.outcome).ends_without_reply:
        name, _, contact = (app.other_agency or "").partition("，")
        kwargs["initial"] = {"outcome": app.outcome, "variant": app.outcome_variant, "basis": app.basis,
                             "reasons": app.reasons, "other_agency_name": name, "other_agency_contact": contact}
    if action == "deliver" and data is None:
        kwargs["initial"] = {"method": app.delivery_method}
    if action == "charge_fee" and data is None:
        kwargs["initial"] = {"units": app.items}
    if action == "record_review" and data is None:
        kwargs["initial"] = {"body": app.agency.reconsideration_body_effective}
    if data is not None:
        return cls(data, files, **kwargs)
    return cls(**kwargs)


def _outcome_data() -> dict:
    return {o.key: {"basis": o.suggested_basis, "refusal": o.refusal, "needs_review": o.needs_review,
                    "variants": {v.key: v.suggested_basis for v in o.variants}}
            for o in OUTCOMES.values()}


def _event_rows(app: Application) -> list[dict]:
    labels = workflow.STATE_LABELS
    rows = []
    for e in app.events.select_related("actor").order_by("at", "id"):
        rows.append({
            "at": e.at, "on": e.on, "actor": person_name(e.actor) if e.actor else e.actor_label,
            "action": EVENT_LABELS.get(e.action, e.action),
            "from": labels.get(e.from_state, e.from_state), "to": labels.get(e.to_state, e.to_state),
            "changed": e.from_state != e.to_state, "reason": e.reason or _event_detail(e),
        })
    return rows


def person_name(user) -> str:
    """A staff member as colleagues know them: the full name, with the login name to tell namesakes apart."""
    full = user.get_full_name()
    return f"{full}（{user.get_username()}）" if full else user.get_username()


def _event_detail(event) -> str:
    if event.action == "assign":
        data = event.data or {}
        if not data.get("assignee"):
            return "取消分配"
        name = data.get("assignee_name")
        return f"分办给 {name}（{data['assignee']}）" if name else f"分办给 {data['assignee']}"
    if event.action in ("issue_notice", "deliver_letter") and event.data.get("number"):
        return event.data["number"]
    return ""


def _detail_context(request, app: Application, *, failed: str | None = None, failed_form=None,
                    error: str = "") -> dict:
    today = _today()
    calendar = current_calendar()
    deadline = deadline_for(app, today=today, calendar=calendar)
    warning = ""
    if app.due_date and app.is_open and not app.paused:
        warning = warning_level(app.due_date, today, calendar=calendar)
    correction = None
    if app.received_on:
        notice_due = correction_notice_due(app.received_on, calendar=calendar)
        correction = {"notice_due": notice_due,
                      "late": bool(app.correction_requested_on and app.correction_requested_on > notice_due)}
    available = actions.available(request.user, app)
    forms = []
    for action in available:
        form = failed_form if action == failed else _form_for(action, app)
        forms.append({"action": action, "title": actions.TITLES[action], "form": form, "open": action == failed,
                      "role": role_label(actions.role_needed(action))})
    awaiting_review = bool(app.state == "decided" and app.outcome and get_outcome(app.outcome).needs_review
                           and not app.approved_by_id)
    roles = user_roles(request.user, app.agency)
    return {
        **_nav(request), "app": app, "today": today, "deadline": deadline, "warning": warning,
        "workdays_left": calendar.workdays_between(today, app.due_date) if app.due_date else None,
        "correction": correction, "attachments": list(app.attachments.all()),
        "pauses": list(app.pauses.all()), "fee": getattr(app, "fee", None),
        "letters": list(app.letters.select_related("issued_by", "delivery").defer("docx", "pdf")),
        "cases": list(app.review_cases.all()), "events": _event_rows(app), "forms": forms, "error": error,
        "awaiting_review": awaiting_review, "outcome": OUTCOMES.get(app.outcome) if app.outcome else None,
        "outcome_data": _outcome_data(), "result_choices": ReviewCase.RESULT_CHOICES,
        "may_edit_letters": may_act(roles, "handler"), "my_roles": [role_label(r) for r in sorted(roles)],
        "case_form": f.CaseUpdateForm(), **_labels(app),
        "waiting_for": workflow.waiting_for(app.state, services.case_facts(app)),
        "arrival_warning": services.late_confirmation_warning(app, today=today),
        "same_applicant": dict(zip(("count", "rows"), selectors.same_applicant(app), strict=True)),
    }


def _label(lookup, key: str) -> str:
    try:
        return lookup(key).label
    except KeyError:
        return key


def _labels(app: Application) -> dict:
    return {"delivery_form_label": _label(vocab.delivery_form, app.delivery_form),
            "delivery_method_label": _label(vocab.delivery_method, app.delivery_method),
            "id_kind_label": _label(vocab.id_kind, app.id_kind)}


def _get_only(request):
    """Object views look the object up before checking the method, so another agency's object is a 404 for
    every method, never a 405 that would confirm it exists."""
    return None if request.method in ("GET", "HEAD") else HttpResponseNotAllowed(["GET"])


@login_required
def detail(request, pk: int):
    app = access.get_application_for_staff(request.user, pk)
    if refused := _get_only(request):
        return refused
    context = _detail_context(request, app)
    wanted = request.GET.get("open", "")
    for item in context["forms"]:
        item["open"] = item["action"] == wanted
    return render(request, "applications/staff/detail.html", context)


def _first_error(form) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}：{errors[0]}" if label else errors[0]
    return "请检查填写的内容。"


def _put_error_on_form(form, exc: GongkaiError) -> None:
    field = getattr(exc, "field", None)
    if field and field in form.fields:
        form.add_error(field, exc.message)


@login_required
def act(request, pk: int, action: str):
    app = access.get_application_for_staff(request.user, pk)
    if action not in actions.ACTIONS:
        raise Http404("unknown action")
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method != "POST":
        return redirect("work:detail", pk=app.pk)
    form = _form_for(action, app, request.POST, request.FILES)
    if form.is_valid():
        try:
            message = actions.run(action, app, form, request.user)
        except GongkaiError as exc:
            log.info("application %s: %s refused (%s)", app.pk, action, exc.code)
            _put_error_on_form(form, exc)
            error = exc.message
        else:
            log.info("application %s: %s by user %s", app.pk, action, request.user.pk)
            messages.success(request, message)
            return redirect("work:detail", pk=app.pk)
    else:
        error = _first_error(form)
    app = access.get_application_for_staff(request.user, pk)  # fresh: the refused service may have re-read it
    context = _detail_context(request, app, failed=action, failed_form=form, error=error)
    if action not in [x["action"] for x in context["forms"]]:
        context["forms"].append({"action": action, "title": actions.TITLES[action], "form": form, "open": True,
                                 "role": ""})
    return render(request, "applications/staff/detail.html", context, status=400)


@login_required
def fee_preview(request, pk: int):
    """The amount a fee notice would state, before it is sent (per item: counting the applicant's month)."""
    app = access.get_application_for_staff(request.user, pk)
    if refused := _get_only(request):
        return refused
    method = request.GET.get("method", "")
    try:
        units = int(request.GET.get("units", ""))
    except ValueError:
        units = 0
    if method not in ("per_item", "per_page") or units < 1:
        return JsonResponse({"error": "请选择计收方式并填写件数或页数。"}, status=400)
    if method == "per_item":
        before = services.items_in_month_before(app)
        amount = fees.item_fee_for_application(before, units)
        text = f"该申请人本月此前已申请 {before} 件；本申请 {units} 件，应收 {amount} 元。"
    else:
        amount = fees.quote_per_page(units).amount_yuan
        text = f"{units} 页，应收 {amount} 元。"
    if amount <= 0:
        text += "在免费范围内，不收费。"
    return JsonResponse({"amount_yuan": amount, "text": text})


@login_required
def attachment(request, pk: int):
    item = access.get_attachment_for_staff(request.user, pk)
    if refused := _get_only(request):
        return refused
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.MEDIA_ROOT) / item.stored_path
    try:
        data = path.read_bytes()
    except OSError:
        log.warning("attachment %s: stored file missing", item.pk)
        raise Http404("file missing") from None
    response = HttpResponse(data, content_type=item.content_type)
    response["Content-Disposition"] = content_disposition_header(True, item.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def case_update(request, pk: int):
    case = access.get_case_for_staff(request.user, pk)
    app_pk = case.application_id
    if request.method != "POST":
        return redirect("work:detail", pk=app_pk)
    form = f.CaseUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.review_case_update(case=case, actor=request.user, result=form.cleaned_data["result"],
                                        decided_on=form.cleaned_data["decided_on"], note=form.cleaned_data["note"])
        except GongkaiError as exc:
            error = exc.message
        else:
            messages.success(request, "已更新案件结果。")
            return redirect(reverse("work:detail", args=[app_pk]) + "#cases")
    else:
        error = _first_error(form)
    app = access.get_application_for_staff(request.user, app_pk)
    context = _detail_context(request, app, error=error)
    context["case_form"] = form
    context["failed_case"] = case.pk
    return render(request, "applications/staff/detail.html", context, status=400)


# --- letters ----------------------------------------------------------------------------------------------

def _letter_form(letter, data=None):
    core = CoreLetter.from_json(letter.content)
    if data is not None:
        return f.LetterEditForm(data)
    return f.LetterEditForm(initial={"paragraphs": "\n\n".join(core.paragraphs), "basis": core.basis})


def _letter_page(request, letter, *, form=None, error="", issue_form=None, delivery_form=None, status=200):
    core = CoreLetter.from_json(letter.content)
    app = letter.application
    roles = user_roles(request.user, app.agency)
    handler = may_act(roles, "handler")
    delivery = LetterDelivery.objects.filter(letter=letter).first()
    return render(request, "applications/staff/letter.html", {
        **_nav(request), "letter": letter, "core": core, "app": app, "form": form or _letter_form(letter),
        "error": error, "may_edit": handler and not letter.issued,
        "may_issue": handler and not letter.issued and letter.kind != "reply",
        "issue_form": issue_form or f.LetterIssueForm(initial={"on": _today()}),
        "delivery": delivery,
        "may_record_delivery": handler and letter.issued and delivery is None and letter.kind != "reply",
        "delivery_form": delivery_form or f.LetterDeliveryForm(initial={"delivered_on": _today()}),
    }, status=status)


@login_required
def letter(request, pk: int):
    item = access.get_letter_for_staff(request.user, pk)
    if request.method != "POST":
        return _letter_page(request, item)
    form = _letter_form(item, request.POST)
    if form.is_valid():
        try:
            services.letter_update_draft(letter=item, actor=request.user, paragraphs=form.cleaned_data["paragraphs"],
                                         basis=form.cleaned_data["basis"])
        except GongkaiError as exc:
            error = exc.message
        else:
            messages.success(request, "草稿已保存。")
            return redirect("work:letter", pk=item.pk)
    else:
        error = _first_error(form)
    item = access.get_letter_for_staff(request.user, pk)
    return _letter_page(request, item, form=form, error=error, status=400)


@login_required
def letter_issue(request, pk: int):
    item = access.get_letter_for_staff(request.user, pk)
    if request.method != "POST":
        return redirect("work:letter", pk=item.pk)
    form = f.LetterIssueForm(request.POST)
    if not form.is_valid():
        return _letter_page(request, item, error=_first_error(form), issue_form=form, status=400)
    if item.issued:
        return _letter_page(request, item, error="该文书已经发出，不能再次发出。", status=400)
    cd = form.cleaned_data
    try:
        issued = services.letter_issue(letter=item, actor=request.user, on=cd["on"],
                                       delivered_on=cd["delivered_on"], channel=cd["channel"])
    except GongkaiError as exc:
        return _letter_page(request, access.get_letter_for_staff(request.user, pk), error=exc.message,
                            issue_form=form, status=400)
    messages.success(request, f"《{issued.title}》已发出（{issued.number}）。")
    return redirect("work:letter", pk=item.pk)


@login_required
def letter_delivery(request, pk: int):
    """Record when an issued notice reached its addressee: periods counted from receipt start there."""
    item = access.get_letter_for_staff(request.user, pk)
    if request.method != "POST":
        return redirect("work:letter", pk=item.pk)
    form = f.LetterDeliveryForm(request.POST)
    if not form.is_valid():
        return _letter_page(request, item, error=_first_error(form), delivery_form=form, status=400)
    try:
        services.letter_record_delivery(letter=item, actor=request.user, channel=form.cleaned_data["channel"],
                                        on=form.cleaned_data["delivered_on"])
    except GongkaiError as exc:
        return _letter_page(request, item, error=exc.message, delivery_form=form, status=400)
    messages.success(request, f"已登记《{item.title}》的送达。")
    return redirect("work:letter", pk=item.pk)


def _letter_file(request, pk: int, fmt: str):
    item = access.get_letter_for_staff(request.user, pk)
    if refused := _get_only(request):
        return refused
    docx, pdf = letter_service.rendered(item)
    data = docx if fmt == "docx" else pdf
    name = f"{item.title}（{item.number}）.{fmt}" if item.issued else f"{item.title}（草稿）.{fmt}"
    response = HttpResponse(data, content_type=DOCX_TYPE if fmt == "docx" else "application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def letter_docx(request, pk: int):
    return _letter_file(request, pk, "docx")


@login_required
def letter_pdf(request, pk: int):
    return _letter_file(request, pk, "pdf")


# --- registering ------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    agencies = list(_staff_agencies(request.user, "registrar", "agency_admin"))
    if not agencies:
        raise Http404("no registrar role")
    if request.method == "GET":
        form = f.RegisterForm(agencies=agencies)
        return _register_page(request, form)
    form = f.RegisterForm(request.POST, request.FILES, agencies=agencies)
    if not form.is_valid():
        return _register_page(request, form, error=_first_error(form), status=400)
    cd = form.cleaned_data
    agency = next(a for a in agencies if a.pk == cd["agency"])
    data = services.ApplicationInput(**{k: cd[k] for k in (
        "applicant_type", "applicant_name", "id_kind", "id_number", "title", "delivery_form", "delivery_method",
        "phone", "email", "address", "postcode", "contact_person", "doc_number", "description", "purpose")})
    try:
        app = services.application_register(
            agency=agency, data=data, channel=cd["channel"], actor=request.user, submitted_at=cd["submitted_at"],
            received_on=cd["received_on"], arrived_on=cd["arrived_on"], items=cd["items"],
            attachments=actions.uploads(cd["attachments"]), note=cd["note"],
            idempotency_key=f"staff-{request.user.pk}-{cd['idempotency_key']}")
    except GongkaiError as exc:
        _put_error_on_form(form, exc)
        return _register_page(request, form, error=exc.message, status=400)
    log.info("application %s registered by user %s", app.pk, request.user.pk)
    messages.success(request, f"已登记，登记编号 {app.number}。")
    return redirect("work:detail", pk=app.pk)


REGISTER_SECTIONS = (
    ("收到申请（条例第三十一条）", ("agency", "channel", "submitted_at", "arrived_on", "received_on")),
    ("申请人", ("applicant_type", "applicant_name", "id_kind", "id_number", "contact_person", "phone", "email",
             "address", "postcode")),
    ("所需政府信息（条例第二十九条）", ("title", "doc_number", "description", "purpose", "delivery_form",
                                 "delivery_method", "items", "attachments", "note")),
)


def _register_page(request, form, *, error="", status=200):
    sections = [(legend, [form[name] for name in names]) for legend, names in REGISTER_SECTIONS]
    return render(request, "applications/staff/register.html", {
        **_nav(request), "form": form, "sections": sections, "error": error, "channel_rules": f.CHANNEL_RULES},
        status=status)


# --- the calendar -----------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    user = request.user
    if not (user.is_superuser or agencies_for_user(user, "agency_admin").exists()):
        raise Http404("not an administrator")
    form = f.CalendarUploadForm()
    error, status = "", 200
    if request.method == "POST":
        form = f.CalendarUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                row = services.calendar_year_load(data=form.cleaned_data["file"].read(), actor=user)
            except GongkaiError as exc:
                form.add_error("file", exc.message)
                error, status = exc.message, 400
            else:
                messages.success(request, f"已录入 {row.year} 年节假日安排（{row.source}），暂定的答复期限已重新计算。")
                return redirect("work:calendar")
        else:
            error, status = _first_error(form), 400
    loaded = list(CalendarYear.objects.select_related("loaded_by"))
    packaged = package_years()
    today = _today()
    cal = current_calendar()
    upcoming = [y for y in range(today.year, today.year + 3)]
    return render(request, "applications/staff/calendar.html", {
        **_nav(request), "form": form, "error": error, "loaded": loaded,
        "packaged_first": packaged[0].year if packaged else None,
        "packaged_last": packaged[-1].year if packaged else None,
        "packaged_source": packaged[-1].source if packaged else "",
        "coverage": [{"year": y, "covered": cal.covers(y), "source": cal.source(y)} for y in upcoming],
    }, status=status)


# --- supervision ------------------------------------------------------------------------------------------

def _supervision_years(ids: list[int], today: date) -> tuple[list[int], int]:
    """The years the supervised agencies have applications in (received or replied), newest first, and the
    year shown by default: the latest of them up to today's year, else today's year."""
    apps = Application.objects.filter(agency_id__in=ids)
    years = {d.year for d in apps.dates("received_on", "year")} | {d.year for d in apps.dates("replied_on", "year")}
    default = max((y for y in years if y <= today.year), default=today.year)
    return sorted(years | {default}, reverse=True), default


def _depths(agencies: dict[int, Agency], ids: list[int]) -> dict[int, int]:
    """Each agency's depth below the top of the supervised subtrees (ids are depth-first, parents first)."""
    depth: dict[int, int] = {}
    for pk in ids:
        parent = agencies[pk].parent_id
        depth[pk] = depth[parent] + 1 if parent in depth else 0
    return depth


@login_required
@require_GET
def supervision(request):
    """Aggregated counts per agency of the supervised subtrees, for a year with data (?year=): no names, no
    links to applications. Open and overdue counts are as of today whatever the year."""
    ids = supervised_ids(request.user)
    if not ids:
        raise Http404("not a supervisor")
    today = _today()
    years, year = _supervision_years(ids, today)
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        year = int(raw)
    open_states = workflow.OPEN_STATES
    counts = {row["agency_id"]: row for row in (
        Application.objects.filter(agency_id__in=ids).values("agency_id").annotate(
            received=Count("id", filter=Q(received_on__year=year)),
            open=Count("id", filter=Q(state__in=open_states)),
            overdue=Count("id", filter=Q(state__in=open_states, paused=False, due_date__lt=today)),
            late=Count("id", filter=Q(replied_on__year=year, replied_on__gt=F("due_date"))),
            corrections=Count("id", filter=Q(correction_requested_on__year=year)),
            extensions=Count("id", filter=Q(extension_days__gt=0, received_on__year=year)),
        ).order_by())}
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
    depth = _depths(agencies, ids)
    keys = ("received", "late", "corrections", "extensions", "open", "overdue")
    rows, totals = [], dict.fromkeys(keys, 0)
    for pk in ids:
        c = counts.get(pk, {})
        values = {k: c.get(k, 0) for k in keys}
        for k in keys:
            totals[k] += values[k]
        rows.append({"agency": agencies[pk], "depth": depth[pk], **values})
    # The annual report boards of the regions supervised: for a finished year (reports are published the
    # next spring), else for the year before.
    board_year = min(year, today.year - 1)
    boards = [a for a in agencies_for_user(request.user, "supervisor").order_by("sort", "code")
              if a.level in ("region", "government")]
    return render(request, "applications/staff/supervision.html",
                  {**_nav(request), "rows": rows, "totals": totals, "year": year, "years": years, "today": today,
                   "boards": boards, "board_year": board_year})
