"""Every write to the message boxes. Keyword-only, one transaction each; every change of a message appends
a `MessageEvent` to the engagement hash chain (gongkai.web.common.audit_trail), in the same transaction, so
a message acknowledged to its writer always has its `submit` event and nothing is ever half-saved.

    box_save(*, agency, actor, kind, name, reply_workdays, intro="", active=True, box=None) -> MessageBox
    message_submit(*, box, data, now=None) -> Message                      the public form
    message_assign(*, message, actor, assignee, now=None) -> Message
    message_reply(*, message, actor, text, now=None) -> Message
    message_mark_invalid(*, message, actor, reason, note="", now=None) -> Message
    message_publish(*, message, actor, question, reply, now=None) -> Message
    message_unpublish(*, message, actor, reason, now=None) -> Message

Events carry no personal data (the chain is readable by anyone who can read the database): the reply and
the published texts are recorded by length and SHA-256, never the writer's name or contact.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.engagement import messages as rules
from gongkai.core.errors import GongkaiError
from gongkai.core.roles import ADMIN_ROLE, STAFF_ROLES
from gongkai.web.agencies.selectors import user_roles
from gongkai.web.applications.services import new_tracking_code
from gongkai.web.common import audit_trail

from .clock import receipt_and_due
from .models import BOX_KINDS, EngagementChainHead, Message, MessageBox, MessageEvent

log = logging.getLogger(__name__)

MAX_REPLY = 10000
MAX_REASON = 200


class MessageRefused(GongkaiError):
    """A well-formed request the rules do not allow (wrong role, wrong state, bad input); `field` names the
    form field the message belongs to, when there is one."""

    code = "message_refused"
    default_message = "当前不能进行该操作。"

    def __init__(self, detail: str = "", *, message: str | None = None, field: str | None = None,
                 problems: list[tuple[str, str]] | None = None):
        super().__init__(detail, message=message)
        self.field = field
        self.problems = problems or ([(field, self.message)] if field else [])


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _require_staff(actor, agency, what: str, *, role: str | None = None) -> None:
    roles = user_roles(actor, agency)
    allowed = (ADMIN_ROLE in roles) if role == ADMIN_ROLE else bool(roles & STAFF_ROLES)
    if not allowed:
        needed = "本机关的机关管理员" if role == ADMIN_ROLE else "本机关的工作人员"
        raise MessageRefused(f"{getattr(actor, 'pk', None)} may not {what} in {agency.code}",
                             message=f"只有{needed}可以进行此操作。")


def _event(message: Message, *, action: str, actor, at: datetime, from_state: str = "", reason: str = "",
           data: dict | None = None) -> MessageEvent:
    event = MessageEvent(message=message, at=at, actor=actor, action=action, from_state=from_state,
                         to_state=message.state, reason=reason, data=data or {})
    return audit_trail.append(EngagementChainHead, event)


def _digest(text: str) -> dict:
    return {"chars": len(text), "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def _lock(message: Message) -> Message:
    return Message.objects.select_for_update().select_related("agency", "box").get(pk=message.pk)


# --- boxes ------------------------------------------------------------------------------------------------

def box_save(*, agency, actor, kind: str, name: str, reply_workdays, intro: str = "", active: bool = True,
             box: MessageBox | None = None) -> MessageBox:
    """Create a box of `agency`, or change `box`. Only the agency's admin. A changed reply period applies to
    messages received afterwards; those already received keep the due date they were given."""
    problems: list[tuple[str, str]] = []
    name = " ".join((name or "").split())
    if kind not in BOX_KINDS:
        problems.append(("kind", "请选择信箱类型（领导信箱、咨询或建议）。"))
    if not name:
        problems.append(("name", "请填写信箱名称，如：局长信箱。"))
    elif len(name) > 100:
        problems.append(("name", "信箱名称不能超过100个字。"))
    workdays_problem = rules.reply_workdays_problem(reply_workdays)
    if workdays_problem:
        problems.append(("reply_workdays", workdays_problem))
    if problems:
        raise MessageRefused("invalid box", message=problems[0][1], field=problems[0][0], problems=problems)
    with transaction.atomic():
        _require_staff(actor, agency, "manage boxes", role=ADMIN_ROLE)
        clash = MessageBox.objects.filter(agency=agency, kind=kind, name=name)
        if box is not None:
            clash = clash.exclude(pk=box.pk)
        if clash.exists():
            raise MessageRefused("duplicate box", field="name", message=f"本机关已有名为“{name}”的{BOX_KINDS[kind]}。")
        if box is None:
            box = MessageBox(agency=agency)
        elif box.agency_id != agency.pk:
            raise MessageRefused("box of another agency", message="只能管理本机关的信箱。")
        box.kind, box.name, box.reply_workdays, box.intro, box.active = kind, name, reply_workdays, \
            (intro or "").strip(), bool(active)
        box.save()
    log.info("message box %s saved in %s by %s", box.pk, agency.code, getattr(actor, "pk", None))
    return box


# --- the public form --------------------------------------------------------------------------------------

def message_submit(*, box: MessageBox, data: rules.MessageInput, now: datetime | None = None) -> Message:
    """A message from the public form. Refused with every problem (`problems`) when the input is invalid or
    the box is closed. Received on the day the office can take it in (core.engagement.messages)."""
    problems = data.problems()
    if problems:
        raise MessageRefused("invalid message", message=problems[0][1], field=problems[0][0], problems=problems)
    if not box.active or not box.agency.active:
        raise MessageRefused("box closed", field="box", message="该信箱已停用，请选择其他信箱。")
    now = _now(now)
    received_on, due_on = receipt_and_due(now, box.reply_workdays)
    for _ in range(5):
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    box=box, agency=box.agency, tracking_code=new_tracking_code(), writer_name=data.writer_name,
                    contact=data.contact, subject=data.subject, body=data.body, may_publish=bool(data.may_publish),
                    received_at=now, received_on=received_on, due_on=due_on, state="received")
                _event(message, action="submit", actor=None, at=now,
                       data={"box": box.pk, "received_on": received_on.isoformat(), "due_on": due_on.isoformat(),
                             "may_publish": message.may_publish})
            break
        except IntegrityError:
            continue  # a tracking-code collision (80 bits: practically never); draw again
    else:
        raise RuntimeError("could not allocate a tracking code")
    log.info("message %s received in box %s of %s", message.pk, box.pk, box.agency.code)
    return message


# --- staff actions ----------------------------------------------------------------------------------------

def message_assign(*, message: Message, actor, assignee, now: datetime | None = None) -> Message:
    """Give the message to a colleague of the agency to handle (None: take it back to the queue)."""
    now = _now(now)
    with transaction.atomic():
        message = _lock(message)
        _require_staff(actor, message.agency, "assign")
        if message.state in ("replied", "invalid"):
            raise MessageRefused("closed message", message="已答复或已标记为无效的留言不能再分办。")
        if assignee is not None and not (user_roles(assignee, message.agency) & STAFF_ROLES):
            raise MessageRefused("assignee outside the agency", field="assignee", message="只能分办给本机关的工作人员。")
        before = message.state
        message.assignee = assignee
        message.state = "assigned" if assignee is not None else "received"
        message.save(update_fields=["assignee", "state"])
        _event(message, action="assign", actor=actor, at=now, from_state=before,
               data={"assignee": assignee.get_username() if assignee else None})
    return message


def message_reply(*, message: Message, actor, text: str, now: datetime | None = None) -> Message:
    """Answer the message. The reply date is today (local); a reply after the due date is recorded as late."""
    text = (text or "").strip()
    if not text:
        raise MessageRefused("empty reply", field="text", message="请填写答复内容。")
    if len(text) > MAX_REPLY:
        raise MessageRefused("reply too long", field="text", message=f"答复内容不能超过{MAX_REPLY}个字。")
    now = _now(now)
    with transaction.atomic():
        message = _lock(message)
        _require_staff(actor, message.agency, "reply")
        if message.state == "invalid":
            raise MessageRefused("invalid message", message="无效留言不能答复。")
        if message.state == "replied":
            raise MessageRefused("already replied", message="该留言已经答复，不能重复答复。")
        before = message.state
        message.reply, message.replied_at = text, now
        message.replied_on = timezone.localtime(now).date()
        message.state = "replied"
        if message.assignee_id is None:
            message.assignee = actor
        message.save(update_fields=["reply", "replied_at", "replied_on", "state", "assignee"])
        _event(message, action="reply", actor=actor, at=now, from_state=before,
               data={**_digest(text), "replied_on": message.replied_on.isoformat(),
                     "late": message.replied_on > message.due_on})
    return message


def message_mark_invalid(*, message: Message, actor, reason: str, note: str = "",
                         now: datetime | None = None) -> Message:
    """Take the message out of the count (无效留言: duplicate, advertising, abuse, no substance)."""
    if reason not in rules.INVALID_REASONS:
        raise MessageRefused("invalid reason", field="reason", message="请选择无效原因：重复留言、广告、辱骂或无实质内容。")
    note = (note or "").strip()
    if len(note) > MAX_REASON - 10:
        raise MessageRefused("note too long", field="note", message=f"说明不能超过{MAX_REASON - 10}个字。")
    now = _now(now)
    with transaction.atomic():
        message = _lock(message)
        _require_staff(actor, message.agency, "mark invalid")
        if message.state in ("replied", "invalid"):
            raise MessageRefused("closed message", message="已答复或已标记为无效的留言不能再标记为无效。")
        before = message.state
        label = rules.INVALID_REASONS[reason]
        message.invalid_reason = f"{label}：{note}" if note else label
        message.state = "invalid"
        message.save(update_fields=["invalid_reason", "state"])
        _event(message, action="mark_invalid", actor=actor, at=now, from_state=before, reason=message.invalid_reason,
               data={"reason": reason})
    return message


def scrubbed_for_publication(message: Message) -> tuple[rules.Scrubbed, rules.Scrubbed]:
    """The question and the reply with the writer's data removed: what staff review before publishing."""
    names = [message.writer_name]
    return rules.scrub(message.body, names=names), rules.scrub(message.reply, names=names)


def message_publish(*, message: Message, actor, question: str, reply: str, now: datetime | None = None) -> Message:
    """Publish the question and the reply as staff reviewed them. Only a replied message whose writer agreed;
    refused while the texts still carry personal data the scrubber finds (including the writer's name)."""
    question, reply = (question or "").strip(), (reply or "").strip()
    now = _now(now)
    with transaction.atomic():
        message = _lock(message)
        _require_staff(actor, message.agency, "publish")
        if not message.may_publish:
            raise MessageRefused("writer did not agree", message="留言人未同意公开，不能公开该留言。")
        if message.state != "replied":
            raise MessageRefused("not replied", message="只能公开已答复的留言。")
        problems = []
        if not question:
            problems.append(("question", "请填写公开的留言内容。"))
        if not reply:
            problems.append(("reply", "请填写公开的答复内容。"))
        for field, text, what in (("question", question, "留言"), ("reply", reply, "答复")):
            found = rules.contains_personal_data(text, names=[message.writer_name]) if text else ()
            if found:
                problems.append((field, f"公开的{what}中仍含有个人信息（{'、'.join(found)}），请删除后再公开。"))
        if problems:
            raise MessageRefused("not publishable", message=problems[0][1], field=problems[0][0], problems=problems)
        was = message.published
        message.published, message.published_question, message.published_reply = True, question, reply
        message.published_at = now
        message.save(update_fields=["published", "published_question", "published_reply", "published_at"])
        _event(message, action="republish" if was else "publish", actor=actor, at=now, from_state=message.state,
               data={"question": _digest(question), "reply": _digest(reply)})
    return message


def message_unpublish(*, message: Message, actor, reason: str, now: datetime | None = None) -> Message:
    reason = (reason or "").strip()
    if not reason:
        raise MessageRefused("no reason", field="reason", message="请说明撤下公开的原因。")
    if len(reason) > MAX_REASON:
        raise MessageRefused("reason too long", field="reason", message=f"原因不能超过{MAX_REASON}个字。")
    now = _now(now)
    with transaction.atomic():
        message = _lock(message)
        _require_staff(actor, message.agency, "unpublish")
        if not message.published:
            raise MessageRefused("not published", message="该留言未公开。")
        message.published, message.published_at = False, None
        message.published_question = message.published_reply = ""
        message.save(update_fields=["published", "published_question", "published_reply", "published_at"])
        _event(message, action="unpublish", actor=actor, at=now, from_state=message.state, reason=reason)
    return message
