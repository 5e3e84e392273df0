"""Intake (条例 arts. 29 and 31): what an applicant states, attachments typed by content, the online
submission, staff registration, the confirmation of receipt (ordinary post: on the day the letter arrives)
and assignment."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.applications import identity, vocab
from gongkai.core.errors import InvalidApplication, ReadError
from gongkai.core.reading.sniff import describe, extension_mismatch, identify
from gongkai.web.common.files import write_private

from ..models import (
    Application,
    Attachment,
)
from .base import ActionRefused, _event, _lock, _next_number, _require_staff, _today, _transition

log = logging.getLogger(__name__)


# --- input ------------------------------------------------------------------------------------------------

@dataclass
class ApplicationInput:
    """What an applicant states (art. 29). Validated by `clean()`; nothing here is trusted before that."""

    applicant_type: str
    applicant_name: str
    id_kind: str
    id_number: str
    title: str
    delivery_form: str
    delivery_method: str
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_person: str = ""
    doc_number: str = ""
    description: str = ""
    purpose: str = ""
    extra: dict = field(default_factory=dict)

    def problems(self, *, today: date | None = None) -> list[InvalidApplication]:
        """Every problem of the application at once (so a form shows them all after one submit), each naming
        its field; normalises the fields it checks. Empty when the application is valid."""
        found: list[InvalidApplication] = []

        def fail(field_name: str, message: str) -> None:
            found.append(InvalidApplication(field_name, message=message, field=field_name))

        def required(value: str, field_name: str, label: str) -> str:
            value = (value or "").strip()
            if not value:
                fail(field_name, f"请填写{label}。")
            return value

        if self.applicant_type not in vocab.APPLICANT_TYPE_KEYS:
            fail("applicant_type", "请选择申请人类型。")
        self.applicant_name = required(self.applicant_name, "applicant_name",
                                       "姓名" if self.applicant_type == "natural_person" else "单位名称")
        if self.applicant_type in vocab.APPLICANT_TYPE_KEYS:
            try:
                self.id_number = identity.check_identity(self.applicant_type, self.id_kind, self.id_number,
                                                         today=today)
            except InvalidApplication as exc:
                found.append(exc)
        self.phone, self.email, self.address = (self.phone or "").strip(), (self.email or "").strip(), \
            (self.address or "").strip()
        if not (self.phone or self.email or self.address):
            fail("contact", "请至少填写一种联系方式（电话、电子邮箱或通信地址）。")
        if self.applicant_type in vocab.APPLICANT_TYPE_KEYS and self.applicant_type != "natural_person":
            self.contact_person = required(self.contact_person, "contact_person", "联系人姓名")
        self.title = required(self.title, "title", "所需政府信息的名称")
        if self.delivery_form not in vocab.DELIVERY_FORM_KEYS:
            fail("delivery_form", "请选择信息的提供形式。")
        if self.delivery_method not in vocab.DELIVERY_METHOD_KEYS:
            fail("delivery_method", "请选择获取信息的方式。")
        if self.delivery_method == "post" and not self.address:
            fail("address", "选择邮寄方式时，请填写通信地址。")
        if self.delivery_method == "email" and not self.email:
            fail("email", "选择电子邮件方式时，请填写电子邮箱。")
        return found

    def clean(self, *, today: date | None = None) -> ApplicationInput:
        """The application, normalised; InvalidApplication for its first problem, with every problem in
        `.problems`."""
        found = self.problems(today=today)
        if found:
            error = found[0]
            error.problems = found
            raise error
        return self


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


# Attachments are checked by their content (the reader's sniffing), never by the name or the claimed type.
ATTACHMENT_KINDS = ("pdf", "jpeg", "png", "docx", "doc")


def _check_attachment(upload: Upload) -> str:
    """The attachment's media type, from its content; InvalidApplication for an empty, oversized or
    unsupported file."""
    limit = settings.GONGKAI_MAX_ATTACHMENT_MB * 1024 * 1024
    if not upload.data:
        raise InvalidApplication("attachment empty", message=f"附件“{upload.name}”：文件为空（0 字节）。",
                                 field="attachments")
    if len(upload.data) > limit:
        raise InvalidApplication("attachment too large", field="attachments",
                                 message=too_large_message(upload.name))
    try:
        kind = identify(upload.data)
    except ReadError:
        kind = None  # a damaged container or an encrypted Office file: neither can be opened by the office
    if kind is not None and kind.key in ATTACHMENT_KINDS:
        return kind.mime
    accepted = "只接受 PDF、JPG、PNG 或 Word 文件（按文件内容识别）。"
    mismatch = extension_mismatch(upload.name, upload.data)
    if mismatch:
        message = f"附件“{upload.name}”：{mismatch}。{accepted}"
    else:
        message = f"附件“{upload.name}”：不支持的文件类型（看起来是{describe(upload.data)}）。{accepted}"
    raise InvalidApplication("attachment type", field="attachments", message=message)


def too_large_message(name: str) -> str:
    return f"附件“{name}”：文件超过 {settings.GONGKAI_MAX_ATTACHMENT_MB} MB 上限。"


def attachment_problems(uploads: Sequence[Upload]) -> list[str]:
    """What is wrong with a set of attachments (too many; each empty, oversized or unsupported file), in
    Chinese, all at once; empty when they can be stored."""
    if len(uploads) > settings.GONGKAI_MAX_ATTACHMENTS:
        return [f"附件最多 {settings.GONGKAI_MAX_ATTACHMENTS} 个。"]
    out = []
    for upload in uploads:
        try:
            _check_attachment(upload)
        except InvalidApplication as exc:
            out.append(exc.message)
    return out


def _store_attachments(app: Application, uploads: Sequence[Upload], *, purpose: str) -> list[Path]:
    if len(uploads) > settings.GONGKAI_MAX_ATTACHMENTS:
        raise InvalidApplication("too many attachments", field="attachments",
                                 message=f"附件最多 {settings.GONGKAI_MAX_ATTACHMENTS} 个。")
    checked = [(u, _check_attachment(u)) for u in uploads]
    written: list[Path] = []
    for upload, mime in checked:
        sha = hashlib.sha256(upload.data).hexdigest()
        rel = Path("applications") / sha[:2] / sha
        path = Path(settings.MEDIA_ROOT) / rel
        if not path.exists():
            write_private(path, upload.data)  # 0600 in 0700 directories: applicants' documents
            written.append(path)
        Attachment.objects.create(application=app, name=Path(upload.name).name[:200] or "附件", content_type=mime,
                                  size=len(upload.data), sha256=sha, stored_path=str(rel), purpose=purpose)
    return written


_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


def new_tracking_code() -> str:
    """16 characters of Crockford base32 = 80 random bits: not guessable, easy to read over the phone."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))


def normalize_tracking_code(code: str) -> str:
    code = (code or "").upper().replace("-", "").replace(" ", "")
    return code.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def format_tracking_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _applicant_fields(data: ApplicationInput) -> dict:
    return dict(
        applicant_type=data.applicant_type, applicant_name=data.applicant_name, id_kind=data.id_kind,
        id_number=data.id_number, contact_person=data.contact_person, phone=data.phone, email=data.email,
        address=data.address, postcode=data.postcode, title=data.title, doc_number=data.doc_number,
        description=data.description, purpose=data.purpose, delivery_form=data.delivery_form,
        delivery_method=data.delivery_method,
    )


def _check_items(items: int) -> None:
    if isinstance(items, bool) or not isinstance(items, int) or not 1 <= items <= 999:
        raise InvalidApplication("items", field="items",
                                 message="件数应为 1 至 999 的整数（按“一事一申请”原则拆分后的件数）。")


def _create(*, agency, data: ApplicationInput, channel: str, submitted_at: datetime, idempotency_key=None,
            arrived_on: date | None = None, items: int = 1) -> Application:
    year = timezone.localtime(submitted_at).year
    seq = _next_number(agency, year, "application")
    for _ in range(5):
        try:
            with transaction.atomic():
                return Application.objects.create(
                    agency=agency, tracking_code=new_tracking_code(), number=f"{year}-{seq:05d}",
                    state="awaiting_confirmation", channel=channel, submitted_at=submitted_at,
                    arrived_on=arrived_on, items=items, idempotency_key=idempotency_key, **_applicant_fields(data),
                )
        except IntegrityError:
            if idempotency_key and Application.objects.filter(idempotency_key=idempotency_key).exists():
                raise
            continue  # a tracking-code collision (80 bits: practically never); draw again
    raise RuntimeError("could not allocate a tracking code")


# --- intake -----------------------------------------------------------------------------------------------

def application_submit(*, agency, data: ApplicationInput, attachments: Sequence[Upload] = (),
                       idempotency_key: str, now: datetime | None = None) -> tuple[Application, bool]:
    """The public online form. Returns (application, created). The same idempotency key (one per form
    rendering) returns the first application: a double click or a resent POST makes one application.

    Online applications are received on the day both parties confirm (art. 31), so the application waits
    for the office's confirmation; the submission time is recorded separately."""
    existing = Application.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    now = now or timezone.now()
    data.clean(today=timezone.localtime(now).date())
    written: list[Path] = []
    try:
        with transaction.atomic():
            app = _create(agency=agency, data=data, channel="online", submitted_at=now,
                          idempotency_key=idempotency_key)
            written = _store_attachments(app, attachments, purpose="application")
            _event(app, action="submit", actor=None, from_state="", on=timezone.localtime(now).date(),
                   data={"channel": "online", "attachments": len(attachments)})
    except IntegrityError:
        for path in written:
            path.unlink(missing_ok=True)
        existing = Application.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
        raise
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    log.info("application %s submitted online to %s", app.number, agency.code)
    return app, True


def application_register(*, agency, data: ApplicationInput, channel: str, actor, submitted_at: datetime,
                         received_on: date | None = None, arrived_on: date | None = None,
                         attachments: Sequence[Upload] = (), note: str = "", items: int = 1,
                         idempotency_key: str | None = None) -> Application:
    """Staff register an application that arrived in person, orally, by post, fax or e-mail.

    art. 31: in person → received the day it is handed in; registered post → the day it is signed for
    (`received_on`); fax and e-mail → the day the office confirms with the applicant; ordinary post → the
    office confirms with the applicant on the day the letter arrives (`arrived_on`, required), and that
    confirmation date is the receipt date. A confirmation may be given here (confirmed at once) or later with
    application_confirm_receipt. `items` is the number of matters the application holds (一事一申请)."""
    rule = vocab.channel(channel).receipt_rule
    submitted_day = timezone.localtime(submitted_at).date()
    if rule == "submitted":
        received_on = received_on or submitted_day
    elif rule == "signed" and received_on is None:
        raise InvalidApplication("received_on", message="挂号信等需签收的邮件，请填写签收日期。", field="received_on")
    if channel == "ordinary_post":
        if arrived_on is None:
            raise InvalidApplication("arrived_on", field="arrived_on",
                                     message="平常信函请填写信函实际收到的日期（条例第三十一条：应当于收到当日与申请人确认）。")
        if arrived_on < submitted_day:
            raise InvalidApplication("arrived_on", message="信函收到日期不能早于寄出日期。", field="arrived_on")
        if received_on is not None and received_on < arrived_on:
            raise InvalidApplication("received_on", message="确认日期不能早于信函收到日期。", field="received_on")
    else:
        arrived_on = None
    if received_on is not None and received_on < submitted_day:
        raise InvalidApplication("received_on", message="收到申请日期不能早于提交（寄出）日期。", field="received_on")
    _check_items(items)
    if idempotency_key:
        existing = Application.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing  # the same registration form sent twice
    data.clean(today=submitted_day)
    written: list[Path] = []
    try:
        with transaction.atomic():
            app = _create(agency=agency, data=data, channel=channel, submitted_at=submitted_at,
                          idempotency_key=idempotency_key, arrived_on=arrived_on, items=items)
            _require_staff(actor, app, "register")
            written = _store_attachments(app, attachments, purpose="application")
            _event(app, action="register", actor=actor, from_state="", on=arrived_on or submitted_day, reason=note,
                   data={"channel": channel, "items": items,
                         **({"arrived_on": arrived_on.isoformat()} if arrived_on else {})})
            if received_on is not None:
                app.received_on = received_on
                _transition(app, "confirm_receipt", actor=actor, on=received_on, check_role=False,
                            data={"received_on": received_on.isoformat(), "rule": rule,
                                  **_late_confirmation(app, received_on)})
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return app


def application_confirm_receipt(*, application: Application, actor, on: date | None = None) -> Application:
    """art. 31 confirmation for online, fax, e-mail and ordinary post: the confirmation date is the receipt date.
    For ordinary post the law wants it on the day the letter arrived; a later confirmation is recorded as
    late (the event says so, and the staff page warns)."""
    with transaction.atomic():
        app = _lock(application, "confirm_receipt")
        on = _today(on)
        if on < timezone.localtime(app.submitted_at).date():
            raise ActionRefused("confirmation before submission", message="确认日期不能早于申请提交日期。")
        if app.arrived_on and on < app.arrived_on:
            raise ActionRefused("confirmation before arrival", message="确认日期不能早于信函收到日期。")
        app.received_on = on
        _transition(app, "confirm_receipt", actor=actor, on=on,
                    data={"received_on": on.isoformat(), **_late_confirmation(app, on)})
    return app


def _late_confirmation(app: Application, confirmed: date) -> dict:
    """Event data for an ordinary-post application not confirmed on the day its letter arrived."""
    if app.arrived_on is None or confirmed <= app.arrived_on:
        return {}
    return {"arrived_on": app.arrived_on.isoformat(), "late_confirmation": True}


def late_confirmation_warning(app: Application, *, today: date) -> str:
    """The staff page's warning for ordinary post (art. 31(二)), or ""."""
    if app.channel != "ordinary_post" or app.arrived_on is None:
        return ""
    arrived = f"{app.arrived_on:%Y-%m-%d}"
    if app.received_on is None:
        if today > app.arrived_on:
            return f"平常信函已于 {arrived} 收到，条例第三十一条要求收到当日与申请人确认，至今尚未确认。"
        return f"平常信函于今日（{arrived}）收到：请于今日与申请人确认，确认之日为收到申请之日。"
    if app.received_on > app.arrived_on:
        return (f"平常信函于 {arrived} 收到，但 {app.received_on:%Y-%m-%d} 才与申请人确认，"
                "未做到条例第三十一条要求的收到当日确认。")
    return ""


def application_assign(*, application: Application, actor, assignee, on: date | None = None) -> Application:
    from gongkai.web.agencies.selectors import user_roles

    with transaction.atomic():
        app = _lock(application)
        _require_staff(actor, app, "assign")
        if assignee is not None and "handler" not in user_roles(assignee, app.agency):
            raise ActionRefused("assignee is not a handler here", message="只能分配给本机关的承办人。")
        app.assigned_to = assignee
        app.save(update_fields=["assigned_to", "updated_at"])
        _event(app, action="assign", actor=actor, from_state=app.state, on=_today(on),
               data={"assignee": assignee.get_username() if assignee else None,
                     "assignee_name": assignee.get_full_name() if assignee else ""})
    return app


