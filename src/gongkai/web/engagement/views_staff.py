"""Staff pages of the message boxes (/work/engagement/): the queue with its overdue and due-soon warnings,
one message with its actions (assign, reply, mark invalid, publish after review, unpublish), and the
agency admin's box management.

Every page needs a login. A message is reached only through `access` (404 for anyone without a staff role
in its agency — supervisors included, so they never see a writer's name or contact); every write is one
service call; a refused action is shown on the page in Chinese with the input kept (HTTP 400); successful
writes redirect. Log lines carry ids, never personal data.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.engagement import messages as rules
from gongkai.core.roles import STAFF_ROLES
from gongkai.web.agencies.models import Agency, Membership
from gongkai.web.applications.clock import current_calendar
from gongkai.web.applications.services import format_tracking_code

from . import access, services
from . import forms as f
from .clock import due_soon_horizon, status_of
from .models import MESSAGE_STATES, MessageBox

PAGE_SIZE = 50
EVENT_LABELS = {
    "submit": "网上留言", "assign": "分办", "reply": "答复", "mark_invalid": "标记为无效留言",
    "publish": "公开留言和答复", "republish": "修改公开内容", "unpublish": "撤下公开",
}


def _nav(user) -> dict:
    return {"nav_boxes": access.admin_agencies(user).exists()}


def _render(request, template: str, context: dict, status: int = 200):
    return render(request, template, {**_nav(request.user), **context}, status=status)


@login_required
@require_GET
def queue(request):
    today = timezone.localdate()
    calendar = current_calendar()
    agency_ids = access.staff_agency_ids(request.user)
    agencies = list(Agency.objects.filter(pk__in=agency_ids).order_by("code"))
    qs = access.messages_for_staff(request.user).select_related("box", "agency", "assignee")
    boxes = list(MessageBox.objects.filter(agency_id__in=agency_ids).select_related("agency"))
    box = request.GET.get("box", "")
    state = request.GET.get("state", "")
    # Without a choice the queue shows what needs doing: open messages, earliest due first.
    due = request.GET.get("due", "" if request.GET else "open")
    if box.isdigit():
        qs = qs.filter(box_id=int(box))
    if state in MESSAGE_STATES:
        qs = qs.filter(state=state)
    open_qs = qs.filter(state__in=("received", "assigned"))
    if due == "overdue":
        qs = open_qs.filter(due_on__lt=today)
    elif due == "soon":
        qs = open_qs.filter(due_on__gte=today, due_on__lte=due_soon_horizon(today, calendar))
    elif due == "open":
        qs = open_qs
    if due in ("overdue", "soon", "open") or state in ("received", "assigned"):
        qs = qs.order_by("due_on", "id")
    else:
        qs = qs.order_by("-received_on", "-id")
    # The queue shows no writer data: the encrypted columns are not even read.
    qs = qs.defer("writer_name", "contact", "body", "reply", "published_question", "published_reply")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"m": m, "status": status_of(m, today=today, calendar=calendar)} for m in page]
    counts = {
        "overdue": access.messages_for_staff(request.user).filter(state__in=("received", "assigned"),
                                                                  due_on__lt=today).count(),
        "soon": access.messages_for_staff(request.user).filter(
            state__in=("received", "assigned"), due_on__gte=today,
            due_on__lte=due_soon_horizon(today, calendar)).count(),
    }
    query = "&".join(f"{k}={v}" for k, v in (("box", box), ("state", state), ("due", due)) if v)
    return _render(request, "engagement/staff/queue.html", {
        "agencies": agencies, "boxes": boxes, "page": page, "rows": rows, "box": box, "state": state, "due": due,
        "states": MESSAGE_STATES, "counts": counts, "today": today, "query": query,
        "many_agencies": len(agencies) > 1, "status_labels": rules.STATUS_LABELS,
    })


def _colleagues(agency):
    ids = Membership.objects.filter(agency=agency, role__in=STAFF_ROLES).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username"))


def _detail_context(request, message, **forms) -> dict:
    today = timezone.localdate()
    question, reply = services.scrubbed_for_publication(message)
    publish_form = forms.get("publish_form") or f.PublishForm(initial={
        "question": message.published_question or question.text,
        "reply": message.published_reply or reply.text})
    events = list(message.events.select_related("actor").order_by("at", "id"))
    return {
        "message": message, "code": format_tracking_code(message.tracking_code),
        "status": status_of(message, today=today), "status_labels": rules.STATUS_LABELS,
        "assign_form": forms.get("assign_form") or f.AssignForm(
            colleagues=_colleagues(message.agency), initial={"assignee": message.assignee_id}),
        "reply_form": forms.get("reply_form") or f.ReplyForm(),
        "invalid_form": forms.get("invalid_form") or f.InvalidForm(),
        "publish_form": publish_form, "unpublish_form": forms.get("unpublish_form") or f.UnpublishForm(),
        "removed": sorted(set(question.removed) | set(reply.removed)),
        "events": [(e, EVENT_LABELS.get(e.action, e.action)) for e in events],
        "error": forms.get("error"), "open": message.state in ("received", "assigned"),
        "too_long": rules.unanswered_too_long(state=message.state, received_on=message.received_on,
                                              replied_on=message.replied_on, today=today),
    }


@login_required
@require_GET
def detail(request, pk: int):
    message = access.get_message_for_staff(request.user, pk)
    return _render(request, "engagement/staff/detail.html", _detail_context(request, message))


def _refused(request, message, exc: services.MessageRefused, form_name: str, form):
    for field, text in exc.problems:
        if field in form.fields:
            form.add_error(field, text)
    error = None if exc.problems and all(fl in form.fields for fl, _ in exc.problems) else exc.message
    return _render(request, "engagement/staff/detail.html",
                   _detail_context(request, message, **{form_name: form, "error": error}), status=400)


def _action(form_class, form_name, run, done: str, *, form_kwargs=None):
    @login_required
    @require_POST
    def view(request, pk: int):
        message = access.get_message_for_staff(request.user, pk)
        kwargs = form_kwargs(message) if form_kwargs else {}
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            return _render(request, "engagement/staff/detail.html",
                           _detail_context(request, message, **{form_name: form}), status=400)
        try:
            run(request, message, form.cleaned_data)
        except services.MessageRefused as exc:
            return _refused(request, message, exc, form_name, form)
        flash.success(request, done)
        return redirect("engagement:detail", pk=message.pk)

    return view


def _assign(request, message, data):
    assignee = None
    if data["assignee"] is not None:
        assignee = get_user_model().objects.filter(pk=data["assignee"]).first()
    services.message_assign(message=message, actor=request.user, assignee=assignee)


assign = _action(f.AssignForm, "assign_form", _assign, "已分办。",
                 form_kwargs=lambda m: {"colleagues": _colleagues(m.agency)})
reply = _action(f.ReplyForm, "reply_form",
                lambda r, m, d: services.message_reply(message=m, actor=r.user, text=d["text"]), "已答复。")
mark_invalid = _action(f.InvalidForm, "invalid_form",
                       lambda r, m, d: services.message_mark_invalid(message=m, actor=r.user, reason=d["reason"],
                                                                     note=d["note"]), "已标记为无效留言。")
publish = _action(f.PublishForm, "publish_form",
                  lambda r, m, d: services.message_publish(message=m, actor=r.user, question=d["question"],
                                                           reply=d["reply"]), "已公开。")
unpublish = _action(f.UnpublishForm, "unpublish_form",
                    lambda r, m, d: services.message_unpublish(message=m, actor=r.user, reason=d["reason"]), "已撤下公开。")


# --- boxes ---------------------------------------------------------------------------------------------------

@login_required
@require_GET
def boxes(request):
    agencies = list(access.admin_agencies(request.user).order_by("code"))
    rows = list(MessageBox.objects.filter(agency__in=agencies).select_related("agency").order_by("agency__code", "kind", "id"))
    return _render(request, "engagement/staff/boxes.html", {"agencies": agencies, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def box_edit(request, pk: int | None = None):
    agencies = list(access.admin_agencies(request.user).order_by("code"))
    box = access.get_box_for_admin(request.user, pk) if pk is not None else None
    if box is None and not agencies:
        from django.http import Http404

        raise Http404("not an agency admin")
    if request.method == "GET":
        initial = ({"agency": box.agency_id, "kind": box.kind, "name": box.name, "reply_workdays": box.reply_workdays,
                    "intro": box.intro, "active": box.active} if box else {"reply_workdays": 10, "active": True})
        form = f.BoxForm(initial=initial, agencies=agencies)
        return _render(request, "engagement/staff/box_edit.html", {"form": form, "box": box})
    form = f.BoxForm(request.POST, agencies=agencies)
    if not form.is_valid():
        return _render(request, "engagement/staff/box_edit.html", {"form": form, "box": box}, status=400)
    data = form.cleaned_data
    agency = box.agency if box else next((a for a in agencies if a.pk == data["agency"]), None)
    if agency is None:
        form.add_error("agency", "请选择机关。")
        return _render(request, "engagement/staff/box_edit.html", {"form": form, "box": box}, status=400)
    try:
        services.box_save(agency=agency, actor=request.user, box=box, kind=data["kind"], name=data["name"],
                          reply_workdays=data["reply_workdays"], intro=data["intro"], active=data["active"])
    except services.MessageRefused as exc:
        for field, text in exc.problems:
            form.add_error(field if field in form.fields else None, text)
        if not exc.problems:
            form.add_error(None, exc.message)
        return _render(request, "engagement/staff/box_edit.html", {"form": form, "box": box}, status=400)
    flash.success(request, "信箱已保存。")
    return redirect("engagement:boxes")



