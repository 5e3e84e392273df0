"""Staff pages of the registry (/work/registry/): the item queue with the art. 26 box, drafting, one item with
its actions, versions, 保密审查 records and audit trail, the agency's warnings, the 政府公报 and the 标准目录.

Every page needs a login; every object is reached through `access` (one 404 for anything the user may not
see), every write is one service call, and a refused write is shown on the page in Chinese with the input
kept (HTTP 400), never a 500. Successful writes redirect (PRG). The actions on an item are the table in
`actions` (form, service, role, when offered).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.errors import GongkaiError
from gongkai.core.registry import vocab, workflow
from gongkai.core.roles import may_act, role_label
from gongkai.web.agencies.selectors import user_roles
from gongkai.web.applications.clock import current_calendar
from gongkai.web.applications.views_staff import person_name

from . import access, actions, selectors, services
from . import forms as f
from .models import CatalogueEntry, GazetteIssue, Item

log = logging.getLogger(__name__)

PAGE_SIZE = 50
EVENT_LABELS = {**workflow.ACTION_LABELS}
STATE_LABELS = workflow.STATES


def _today() -> date:
    return timezone.localdate()


def _nav(request, agency=None) -> dict:
    agencies = list(access.agencies_for_staff(request.user))
    return {"nav_agencies": agencies, "nav_agency": agency or (agencies[0] if agencies else None)}


def _chosen_agency(request, *, required: bool = True):
    """The agency of an agency-scoped page: ?agency=<pk> (404 unless the user works there), else the first
    agency the user works in."""
    raw = request.GET.get("agency") or request.POST.get("agency") or ""
    if raw:
        return access.get_agency_for_staff(request.user, raw)
    first = access.agencies_for_staff(request.user).first()
    if first is None and required:
        raise Http404("no staff role")
    return first


def _get_only(request):
    return None if request.method in ("GET", "HEAD") else HttpResponseNotAllowed(["GET"])


def _put_problems(form, exc: GongkaiError) -> str:
    """Put the service's field sentences beside their fields; the rest goes to the top of the form."""
    problems = getattr(exc, "problems", None) or {}
    for name, sentence in problems.items():
        if name in form.fields:
            form.add_error(name, sentence)
        else:
            form.add_error(None, sentence)
    if len(problems) > 1:
        return f"有{len(problems)}处需要改正，见下面标红的内容。"
    return exc.message


def _first_error(form) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}：{errors[0]}" if label else errors[0]
    return "请检查填写的内容。"


# --- the queue ------------------------------------------------------------------------------------------

@login_required
@require_GET
def queue(request):
    agencies = list(access.agencies_for_staff(request.user))
    agency = None
    raw = request.GET.get("agency", "")
    if raw:
        agency = access.get_agency_for_staff(request.user, raw)
    scope = access.items_for_staff(request.user)
    if agency is not None:
        scope = scope.filter(agency=agency)
    filt = selectors.QueueFilter.from_query(request.GET)
    qs = selectors.queue(scope, filt)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today, calendar = _today(), current_calendar()
    rows = [{"item": item, "art26": selectors.art26(item, today=today, calendar=calendar),
             "sent_back": getattr(item, "last_step", None) in selectors.SENT_BACK}
            for item in page.object_list]
    keep = {k: v for k, v in (("agency", agency.pk if agency else ""), ("genre", filt.genre),
                              ("year", filt.year or ""), ("q", filt.text)) if v}
    base = urlencode(keep)
    return render(request, "registry/staff/queue.html", {
        **_nav(request, agency), "agencies": agencies, "agency": agency, "filt": filt, "tabs": selectors.TABS,
        "genres": vocab.genres().values(), "page": page, "rows": rows, "today": today,
        "due": selectors.due_box(scope, today=today, calendar=calendar), "tab_query": base,
        "query": urlencode({"tab": filt.tab, **keep}),
        "many_agencies": agency is None and len(agencies) > 1,
        "may_draft": any(may_act(user_roles(request.user, a), "handler") for a in agencies),
    })


# --- drafting -------------------------------------------------------------------------------------------

def _form_page(request, form, *, agency, item=None, error="", status=200):
    return render(request, "registry/staff/form.html", {
        **_nav(request, agency), "form": form, "agency": agency, "item": item, "error": error,
        "genres_with_validity": [g.code for g in vocab.genres().values() if g.has_validity],
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request):
    agency = _chosen_agency(request)
    if request.method == "GET":
        return _form_page(request, f.ItemForm(agency=agency), agency=agency)
    form = f.ItemForm(request.POST, agency=agency)
    if not form.is_valid():
        return _form_page(request, form, agency=agency, error=_first_error(form), status=400)
    try:
        item = services.item_create(agency=agency, actor=request.user, fields=form.service_fields(), today=_today())
    except GongkaiError as exc:
        return _form_page(request, form, agency=agency, error=_put_problems(form, exc), status=400)
    log.info("registry item %s drafted by user %s", item.pk, request.user.pk)
    messages.success(request, "草稿已保存。可以上传附件；完成后请保密审查人员审查。")
    return redirect("registry_work:detail", pk=item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = access.get_item_for_staff(request.user, pk)
    if item.state not in ("draft", "reviewed", "approved"):
        messages.error(request, "已公开或已处理的信息不能直接修改；已公开的信息请提出更正。")
        return redirect("registry_work:detail", pk=item.pk)
    if request.method == "GET":
        form = f.ItemForm(agency=item.agency, exclude_pk=item.pk, initial=f.ItemForm.initial_for(item))
        return _form_page(request, form, agency=item.agency, item=item)
    form = f.ItemForm(request.POST, agency=item.agency, exclude_pk=item.pk)
    if not form.is_valid():
        return _form_page(request, form, agency=item.agency, item=item, error=_first_error(form), status=400)
    try:
        services.item_update(item=item, actor=request.user, fields=form.service_fields(), today=_today())
    except GongkaiError as exc:
        return _form_page(request, form, agency=item.agency, item=item, error=_put_problems(form, exc), status=400)
    was_reviewed = item.state != "draft"
    messages.success(request, "已保存修改。" + ("修改后须重新进行保密审查。" if was_reviewed else ""))
    return redirect("registry_work:detail", pk=item.pk)


# --- one item -------------------------------------------------------------------------------------------

def _event_rows(item: Item) -> list[dict]:
    rows = []
    for e in item.events.select_related("actor").order_by("at", "id"):
        rows.append({"at": e.at, "on": e.on, "actor": person_name(e.actor) if e.actor else "系统",
                     "action": EVENT_LABELS.get(e.action, e.action),
                     "from": STATE_LABELS.get(e.from_state, e.from_state), "to": STATE_LABELS.get(e.to_state, ""),
                     "changed": e.from_state != e.to_state, "reason": e.reason})
    return rows


def _detail_context(request, item: Item, *, failed: str | None = None, failed_form=None, error: str = "",
                    upload_form=None) -> dict:
    today, calendar = _today(), current_calendar()
    forms = []
    for name in actions.available(request.user, item):
        spec = actions.ACTIONS[name]
        form = failed_form if name == failed else actions.make_form(name, item)
        forms.append({"action": name, "title": spec.title, "form": form, "open": name == failed,
                      "role": role_label(spec.role), "danger": spec.danger})
    if failed and failed not in [x["action"] for x in forms]:
        spec = actions.ACTIONS[failed]
        forms.append({"action": failed, "title": spec.title, "form": failed_form, "open": True,
                      "role": role_label(spec.role), "danger": spec.danger})
    roles = user_roles(request.user, item.agency)
    editable = item.state in ("draft", "reviewed", "approved")
    corrections = list(item.corrections.select_related("proposed_by"))
    for c in corrections:
        c.rows = [(services_label(name), value) for name, value in c.changes.items() if name != "body_html"]
        c.body_changed = "body_html" in c.changes
    return {
        **_nav(request, item.agency), "item": item, "today": today, "error": error, "forms": forms,
        "art26": selectors.art26(item, today=today, calendar=calendar),
        "attachments": list(item.attachments.filter(removed_in_version__isnull=True)),
        "versions": list(item.versions.select_related("published_by")),
        "reviews": list(item.reviews.select_related("reviewer", "correction")),
        "corrections": corrections, "events": _event_rows(item),
        "findings": selectors.interpretation_findings(item, calendar=calendar),
        "interpretations": list(item.interpretations.all()), "co_agencies": list(item.co_agencies.all()),
        "statutory": [vocab.statutory_items(selectors.statutory_tier(item.agency)).get(c, c) for c in item.art20],
        "may_edit": editable and may_act(roles, "handler"), "editable": editable,
        "upload_form": upload_form or f.AttachmentForm(), "my_roles": [role_label(r) for r in sorted(roles)],
        "state_label": STATE_LABELS.get(item.state, item.state),
        "attribute_label": vocab.ATTRIBUTES.get(item.attribute, item.attribute),
        "basis_label": vocab.WITHHOLDING_BASES.get(item.withholding_basis, ""),
        "column_label": vocab.PLATFORM_COLUMNS.get(item.platform_column, ""),
        "review_overdue": bool(item.attribute != vocab.ACTIVE and item.attribute_review_on
                               and item.attribute_review_on <= today and item.state != "withdrawn"),
    }


FIELD_LABELS = {name: Item._meta.get_field(name).verbose_name for name in services.EDITABLE_FIELDS}


def services_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@login_required
def item_detail(request, pk: int):
    item = access.get_item_for_staff(request.user, pk)
    if refused := _get_only(request):
        return refused
    context = _detail_context(request, item)
    wanted = request.GET.get("open", "")
    for x in context["forms"]:
        x["open"] = x["open"] or x["action"] == wanted
    return render(request, "registry/staff/detail.html", context)


@login_required
def item_act(request, pk: int, action: str):
    item = access.get_item_for_staff(request.user, pk)
    if action not in actions.ACTIONS:
        raise Http404("unknown action")
    if request.method != "POST":
        return redirect("registry_work:detail", pk=item.pk)
    spec = actions.ACTIONS[action]
    form = actions.make_form(action, item, request.POST)
    if form.is_valid():
        try:
            result = spec.run(item, form, request.user)
        except GongkaiError as exc:
            log.info("registry item %s: %s refused (%s)", item.pk, action, exc.code)
            error = _put_problems(form, exc)
        else:
            log.info("registry item %s: %s by user %s", item.pk, action, request.user.pk)
            messages.success(request, spec.done(result))
            return redirect("registry_work:detail", pk=item.pk)
    else:
        error = _first_error(form)
    item = access.get_item_for_staff(request.user, pk)
    return render(request, "registry/staff/detail.html",
                  _detail_context(request, item, failed=action, failed_form=form, error=error), status=400)


@login_required
@require_POST
def attachment_upload(request, pk: int):
    item = access.get_item_for_staff(request.user, pk)
    form = f.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "registry/staff/detail.html",
                      _detail_context(request, item, error=_first_error(form), upload_form=form), status=400)
    upload = form.cleaned_data["file"]
    try:
        attachment = services.attachment_add(item=item, actor=request.user, name=upload.name, data=upload.read())
    except GongkaiError as exc:
        problems = getattr(exc, "problems", {}) or {}
        for sentence in problems.values():
            form.add_error("file", sentence)
        if not problems:
            form.add_error("file", exc.message)
        item = access.get_item_for_staff(request.user, pk)
        return render(request, "registry/staff/detail.html",
                      _detail_context(request, item, error=exc.message, upload_form=form), status=400)
    note = f"（已清除文件中的元数据：{'、'.join(attachment.scrubbed)}）" if attachment.scrubbed else ""
    messages.success(request, f"已上传附件“{attachment.name}”{note}。")
    return redirect("registry_work:detail", pk=item.pk)


@login_required
def attachment_download(request, pk: int):
    attachment = access.get_attachment_for_staff(request.user, pk)
    if refused := _get_only(request):
        return refused
    path = Path(settings.MEDIA_ROOT) / attachment.stored_path
    if not path.is_file():
        raise Http404("file missing")
    response = FileResponse(path.open("rb"), as_attachment=True, filename=attachment.name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "no-store"
    return response


SNAPSHOT_SKIP = {"body_html", "attachments", "agency", "co_agencies", "interprets", "successor", "index_no"}


@login_required
def version_detail(request, pk: int, number: int):
    version = access.get_version_for_staff(request.user, pk, number)
    if refused := _get_only(request):
        return refused
    item = version.item
    snap = version.snapshot
    rows = []
    for name, value in snap.items():
        if name in SNAPSHOT_SKIP or value in ("", None, []):
            continue
        rows.append((services_label(name), _display(name, value)))
    attachments = list(item.attachments.filter(pk__in=snap.get("attachments", [])))
    return render(request, "registry/staff/version.html", {
        **_nav(request, item.agency), "item": item, "version": version, "rows": rows, "attachments": attachments,
        "body_html": snap.get("body_html", ""), "index_no": snap.get("index_no") or item.index_no,
        "versions": list(item.versions.all()),
    })


def _display(name: str, value) -> str:
    lookups = {"genre": lambda v: vocab.genre_label(v), "subject": lambda v: vocab.subject_label(v),
               "attribute": lambda v: vocab.ATTRIBUTES.get(v, v), "validity": lambda v: vocab.VALIDITY.get(v, v),
               "platform_column": lambda v: vocab.PLATFORM_COLUMNS.get(v, v),
               "withholding_basis": lambda v: vocab.WITHHOLDING_BASES.get(v, v),
               "channels": lambda v: "、".join(vocab.CHANNELS.get(c, c) for c in v),
               "art20": lambda v: "、".join(vocab.statutory_items("city_county").get(c)
                                           or vocab.statutory_items("township").get(c, c) for c in v)}
    return str(lookups[name](value)) if name in lookups else str(value)


# --- warnings -------------------------------------------------------------------------------------------

@login_required
@require_GET
def warnings(request):
    agency = _chosen_agency(request)
    today = _today()
    found = selectors.warnings(agency, today=today, calendar=current_calendar())
    lag = selectors.max_lag()
    return render(request, "registry/staff/warnings.html", {
        **_nav(request, agency), "agency": agency, "today": today, **found,
        "lag_label": "同步发布" if lag == 0 else f"文件发布后{lag}个工作日内",
    })


# --- gazette --------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def gazette_list(request):
    agency = _chosen_agency(request)
    form = f.GazetteIssueForm(initial={"year": _today().year, "published_on": _today()})
    error, status = "", 200
    if request.method == "POST":
        form = f.GazetteIssueForm(request.POST)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                issue = services.gazette_issue_save(agency=agency, actor=request.user, year=cd["year"],
                                                    number=cd["number"], published_on=cd["published_on"],
                                                    total_number=cd["total_number"])
            except GongkaiError as exc:
                error, status = _put_problems(form, exc), 400
            else:
                messages.success(request, f"已保存{issue}。")
                return redirect("registry_work:gazette_issue", pk=issue.pk)
        else:
            error, status = _first_error(form), 400
    issues = list(GazetteIssue.objects.filter(agency=agency).prefetch_related("entries"))
    return render(request, "registry/staff/gazette_list.html", {
        **_nav(request, agency), "agency": agency, "issues": issues, "form": form, "error": error,
        "may_edit": may_act(user_roles(request.user, agency), "handler")}, status=status)


def _issue_page(request, issue, *, form=None, error="", status=200):
    roles = user_roles(request.user, issue.agency)
    return render(request, "registry/staff/gazette_issue.html", {
        **_nav(request, issue.agency), "issue": issue, "agency": issue.agency, "error": error,
        "entries": list(issue.entries.select_related("item")), "form": form or f.GazetteEntryForm(issue=issue),
        "may_edit": may_act(roles, "handler") and not issue.published,
        "may_publish": may_act(roles, "office_head") and not issue.published}, status=status)


@login_required
def gazette_issue(request, pk: int):
    issue = access.get_gazette_issue_for_staff(request.user, pk)
    if refused := _get_only(request):
        return refused
    return _issue_page(request, issue)


@login_required
def gazette_entry_add(request, pk: int):
    issue = access.get_gazette_issue_for_staff(request.user, pk)
    if request.method != "POST":
        return redirect("registry_work:gazette_issue", pk=issue.pk)
    form = f.GazetteEntryForm(request.POST, issue=issue)
    if not form.is_valid():
        return _issue_page(request, issue, form=form, error=_first_error(form), status=400)
    try:
        item = form.chosen()
        if item is None:
            raise services.RegistryRefused("no item", message="请选择要编入本期的信息。")
        services.gazette_entry_add(issue=issue, item=item, actor=request.user, section=form.cleaned_data["section"])
    except GongkaiError as exc:
        return _issue_page(request, issue, form=form, error=_put_problems(form, exc), status=400)
    messages.success(request, f"已编入“{item.title}”。")
    return redirect("registry_work:gazette_issue", pk=issue.pk)


@login_required
def gazette_publish(request, pk: int):
    issue = access.get_gazette_issue_for_staff(request.user, pk)
    if request.method != "POST":
        return redirect("registry_work:gazette_issue", pk=issue.pk)
    try:
        services.gazette_issue_publish(issue=issue, actor=request.user)
    except GongkaiError as exc:
        return _issue_page(request, issue, error=exc.message, status=400)
    messages.success(request, f"{issue}已发布。")
    return redirect("registry_work:gazette_issue", pk=issue.pk)


# --- catalogue ------------------------------------------------------------------------------------------

@login_required
@require_GET
def catalogue(request):
    agency = _chosen_agency(request)
    entries = list(CatalogueEntry.objects.filter(agency=agency))
    areas = []
    for code, label in vocab.KEY_AREAS.items():
        rows = [e for e in entries if e.area == code]
        if rows:
            areas.append({"code": code, "label": label, "entries": rows})
    return render(request, "registry/staff/catalogue.html", {
        **_nav(request, agency), "agency": agency, "areas": areas, "count": len(entries),
        "may_edit": may_act(user_roles(request.user, agency), "handler")})


def _catalogue_form_page(request, form, *, agency, entry=None, error="", status=200):
    return render(request, "registry/staff/catalogue_form.html", {
        **_nav(request, agency), "agency": agency, "entry": entry, "form": form, "error": error}, status=status)


def _catalogue_save(request, *, agency, entry=None):
    form = f.CatalogueEntryForm(request.POST)
    if not form.is_valid():
        return _catalogue_form_page(request, form, agency=agency, entry=entry, error=_first_error(form), status=400)
    cd = form.cleaned_data
    try:
        saved = services.catalogue_entry_save(
            agency=agency, actor=request.user, entry=entry, area=cd["area"], first_level=cd["first_level"],
            content=cd["content"], basis=cd["basis"], responsible=cd["responsible"],
            second_level=cd["second_level"].strip(), time_limit=cd["time_limit"].strip(), channels=cd["channels"],
            audience=cd["audience"], method=cd["method"], level=cd["level"].strip())
    except GongkaiError as exc:
        return _catalogue_form_page(request, form, agency=agency, entry=entry, error=_put_problems(form, exc),
                                    status=400)
    messages.success(request, f"已保存标准目录事项“{saved.first_level}”。")
    return redirect(f"{_url('registry_work:catalogue')}?agency={agency.pk}")


def _url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_new(request):
    agency = _chosen_agency(request)
    if request.method == "POST":
        return _catalogue_save(request, agency=agency)
    return _catalogue_form_page(request, f.CatalogueEntryForm(), agency=agency)


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_edit(request, pk: int):
    entry = access.get_catalogue_entry_for_staff(request.user, pk)
    if request.method == "POST":
        return _catalogue_save(request, agency=entry.agency, entry=entry)
    return _catalogue_form_page(request, f.CatalogueEntryForm(initial=f.CatalogueEntryForm.initial_for(entry)),
                                agency=entry.agency, entry=entry)

