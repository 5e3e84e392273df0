"""The public side of an agency's message boxes (/gk/<code>/messages/): the published questions and
answers, the write form, the receipt with the tracking code (查询码), and the writer's status page.

No account: the session remembers the forms it rendered (idempotency keys, so a double click makes one
message) and the messages it sent. The status page shows one message to whoever holds its tracking code —
its subject, state and reply — and never the writer's name or contact. Submissions and lookups are rate
limited per client like the applications' (GONGKAI_SUBMIT_RATE_PER_HOUR, GONGKAI_TRACK_RATE_PER_HOUR).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core.engagement import messages as rules
from gongkai.web.applications import ratelimit
from gongkai.web.applications.services import format_tracking_code
from gongkai.web.portal.display import portal_page
from gongkai.web.portal.views import _agency, _page

from . import access, services
from .forms import TrackForm, WriteForm
from .models import BOX_KINDS, MESSAGE_STATES, Message, MessageBox

PER_PAGE = 15
SESSION_KEYS = "message_keys"  # {idempotency key: message id or 0} of the forms this session rendered
SESSION_SENT = "message_sent"  # ids of the messages sent from this session, oldest first
MAX_KEYS = 20
PUBLIC_STATES = {"received": "已收到，待办理", "assigned": "办理中", "replied": "已答复", "invalid": "不予答复（无效留言）"}


def _boxes(agency):
    order = list(BOX_KINDS)  # 领导信箱, 咨询, 建议
    return sorted(MessageBox.objects.filter(agency=agency, active=True), key=lambda b: (order.index(b.kind), b.pk))


@require_GET
@portal_page
def index(request, code: str):
    agency = _agency(code)
    boxes = _boxes(agency)
    published = (Message.objects.filter(agency=agency, published=True).select_related("box")
                 .only("id", "subject", "received_on", "replied_on", "published_question", "published_reply",
                       "box__name", "box__kind").order_by("-received_on", "-id"))
    box_filter = request.GET.get("box")
    if box_filter and box_filter.isdigit():
        published = published.filter(box_id=int(box_filter))
    page = Paginator(published, PER_PAGE).get_page(request.GET.get("page"))
    return _page(request, "engagement/public/index.html", {
        "agency": agency, "boxes": boxes, "kinds": BOX_KINDS, "page": page, "box_filter": box_filter or "",
        "column": "messages",
    })


def _new_key(request) -> str:
    key = secrets.token_urlsafe(24)
    keys = dict(list(request.session.get(SESSION_KEYS, {}).items())[-(MAX_KEYS - 1):])
    keys[key] = 0
    request.session[SESSION_KEYS] = keys
    return key


def _render_write(request, agency, form, boxes, *, notice: str = "", status: int = 200):
    return _page(request, "engagement/public/write.html", {
        "agency": agency, "form": form, "boxes": boxes, "notice": notice, "column": "messages",
        "kinds": BOX_KINDS}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@portal_page
def write(request, code: str):
    agency = _agency(code)
    boxes = _boxes(agency)
    if request.method == "GET":
        initial = {"idempotency_key": _new_key(request)}
        chosen = request.GET.get("box")
        if chosen and chosen.isdigit() and any(b.pk == int(chosen) for b in boxes):
            initial["box"] = int(chosen)
        elif len(boxes) == 1:
            initial["box"] = boxes[0].pk
        return _render_write(request, agency, WriteForm(initial=initial, boxes=boxes), boxes)

    form = WriteForm(request.POST, boxes=boxes)
    key = request.POST.get("idempotency_key", "")
    keys = request.session.get(SESSION_KEYS, {})
    if key not in keys:
        # A form this session never rendered (expired session, or a replayed page): keep the input, new key.
        form = WriteForm(request.POST.copy(), boxes=boxes)
        form.data["idempotency_key"] = _new_key(request)
        form.is_valid()
        return _render_write(request, agency, form, boxes, status=400,
                             notice="页面已过期，请核对填写的内容后重新提交。")
    if keys[key]:  # this very form was already sent: show its receipt, never a second message
        return redirect("engagement_public:done", code=agency.code)

    form.is_valid()
    box = next((b for b in boxes if b.pk == form.cleaned_data.get("box")), None)
    if box is None and "box" not in form.errors:
        form.add_error("box", "请选择信箱。" if boxes else "本机关暂未开设留言信箱。")
    data = rules.MessageInput(
        writer_name=request.POST.get("writer_name", ""), contact=request.POST.get("contact", ""),
        subject=request.POST.get("subject", ""), body=request.POST.get("body", ""),
        may_publish=request.POST.get("may_publish") in ("on", "1", "true"))
    for field, message in data.problems():
        if field not in form.errors:
            form.add_error(field, message)
    if form.errors:
        return _render_write(request, agency, form, boxes, status=400)

    limit = ratelimit.hit("message", request, settings.GONGKAI_SUBMIT_RATE_PER_HOUR)
    if not limit.allowed:
        return ratelimit.refused(request, limit, "提交留言")
    try:
        message = services.message_submit(box=box, data=data)
    except services.MessageRefused as exc:
        for field, text in exc.problems or [("box", exc.message)]:
            form.add_error(field if field in form.fields else None, text)
        return _render_write(request, agency, form, boxes, status=400)
    keys = request.session.get(SESSION_KEYS, {})
    keys[key] = message.pk
    request.session[SESSION_KEYS] = keys
    sent = [i for i in request.session.get(SESSION_SENT, []) if i != message.pk]
    request.session[SESSION_SENT] = [*sent, message.pk][-MAX_KEYS:]
    return redirect("engagement_public:done", code=agency.code)


@never_cache
@require_GET
@portal_page
def done(request, code: str):
    agency = _agency(code)
    ids = request.session.get(SESSION_SENT, [])
    message = (Message.objects.select_related("box").filter(pk__in=ids, agency=agency).order_by("-received_at").first()
               if ids else None)
    if message is None:
        raise Http404("nothing sent from this session")
    return _page(request, "engagement/public/done.html", {
        "agency": agency, "message": message, "code": format_tracking_code(message.tracking_code),
        "received_at": timezone.localtime(message.received_at), "column": "messages",
    })


GENERIC_TRACK_ERROR = "查询码不正确，请核对后重试。"


@never_cache
@require_http_methods(["GET", "POST"])
@portal_page
def track(request, code: str):
    agency = _agency(code)
    if request.method == "GET":
        return _page(request, "engagement/public/track.html", {"agency": agency, "form": TrackForm(),
                                                                "column": "messages"})
    form = TrackForm(request.POST)
    if not form.is_valid():
        return _page(request, "engagement/public/track.html", {"agency": agency, "form": form, "column": "messages"},
                     status=400)
    limit = ratelimit.hit("message_track", request, settings.GONGKAI_TRACK_RATE_PER_HOUR)
    if not limit.allowed:
        return ratelimit.refused(request, limit, "查询")
    try:
        message = access.get_message_for_writer(agency, form.cleaned_data["code"])
    except Http404:
        return _page(request, "engagement/public/track.html",
                     {"agency": agency, "form": form, "error": GENERIC_TRACK_ERROR, "column": "messages"}, status=400)
    return _page(request, "engagement/public/status.html", {
        "agency": agency, "message": message, "code": format_tracking_code(message.tracking_code),
        "state": PUBLIC_STATES.get(message.state, MESSAGE_STATES.get(message.state)), "column": "messages",
        "reason_label": message.invalid_reason.split("：")[0] if message.invalid_reason else "",
    })
