"""Every write to an application. Views, the admin, the CLI, the demo loader and background jobs call only these.

    application_submit(agency=, data=, attachments=, idempotency_key=, now=)      public online form
    application_register(agency=, data=, channel=, actor=, submitted_at=, received_on=)   staff intake
    application_confirm_receipt(application=, actor=, on=)                        art. 31 confirmation
    application_assign / request_correction / receive_correction / correction_lapsed
    application_start_consultation / end_consultation / extend / charge_fee / fee_paid / fee_lapsed
    application_decide / approve_decision / return_decision / reply_issue / deliver / archive
    letter_update_draft(letter=, actor=, paragraphs=, basis=, reasons=)
    review_case_record(application=, actor=, ...) / review_case_update(case=, actor=, ...)
    calendar_year_load(data=, actor=)                                             a new holiday notice

Each is keyword-only and one transaction. A state change locks the application row (SELECT ... FOR UPDATE),
checks the transition against the state machine in gongkai.core.applications.workflow on the *locked* row,
and writes one insert-only ApplicationEvent: so when two staff act on the same application at once, the
second sees the first's result and gets a clear error; nothing is overwritten or lost.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from gongkai.core import fees
from gongkai.core.applications import identity, vocab, workflow
from gongkai.core.applications.outcomes import get_outcome
from gongkai.core.clock import (
    ANSWER_WORKDAYS,
    MAX_EXTENSION_WORKDAYS,
    correction_notice_due,
    fee_payment_due,
    parse_year_file,
    third_party_reply_due,
)
from gongkai.core.errors import GongkaiError, InvalidApplication, ReadError
from gongkai.core.reading.sniff import identify
from gongkai.core.roles import may_act, role_label

from . import letters as letter_service
from .clock import current_calendar, deadline_for
from .models import (
    AgencyCounter,
    Application,
    ApplicationEvent,
    Attachment,
    CalendarYear,
    FeeCharge,
    Letter,
    LetterDelivery,
    Pause,
    ReviewCase,
)

log = logging.getLogger(__name__)

APPLICANT = "申请人"
STAFF = "工作人员"
SYSTEM = "系统"


class ActionRefused(GongkaiError):
    """A well-formed request the rules do not allow now (wrong role, too late, already done)."""

    code = "action_refused"
    default_message = "当前不能进行该操作。"


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
        raise InvalidApplication("attachment empty", message=f"附件“{upload.name}”是空文件。", field="attachments")
    if len(upload.data) > limit:
        raise InvalidApplication(
            "attachment too large",
            message=f"附件“{upload.name}”超过 {settings.GONGKAI_MAX_ATTACHMENT_MB} MB 的上限。", field="attachments")
    try:
        kind = identify(upload.data)
    except ReadError:
        kind = None  # a damaged container or an encrypted Office file: neither can be opened by the office
    if kind is not None and kind.key in ATTACHMENT_KINDS:
        return kind.mime
    what = f"（文件内容为{kind.label}）" if kind is not None and kind.key != "text" else ""
    raise InvalidApplication(
        "attachment type", field="attachments",
        message=f"附件“{upload.name}”的格式不受支持{what}：只接受 PDF、JPG、PNG 或 Word 文件（按文件内容识别）。")


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
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(upload.data)
            tmp.replace(path)
            written.append(path)
        Attachment.objects.create(application=app, name=Path(upload.name).name[:200] or "附件", content_type=mime,
                                  size=len(upload.data), sha256=sha, stored_path=str(rel), purpose=purpose)
    return written


# --- helpers ----------------------------------------------------------------------------------------------

_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


def new_tracking_code() -> str:
    """16 characters of Crockford base32 = 80 random bits: not guessable, easy to read over the phone."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))


def normalize_tracking_code(code: str) -> str:
    code = (code or "").upper().replace("-", "").replace(" ", "")
    return code.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def format_tracking_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _next_number(agency, year: int, kind: str) -> int:
    counter, _ = AgencyCounter.objects.get_or_create(agency=agency, year=year, kind=kind)
    counter = AgencyCounter.objects.select_for_update().get(pk=counter.pk)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _actor_label(actor) -> str:
    return STAFF if actor is not None else APPLICANT


def _lock(application: Application, action: str | None = None) -> Application:
    """The application, row-locked for this transaction. With `action`, the state machine is asked first,
    so a step the current state does not allow is refused before any of its inputs are read."""
    app = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    if action is not None:
        workflow.transition(app.state, action)  # raises InvalidTransition with a Chinese message
    return app


# Actions outside the state machine, and who may take them.
_OTHER_ROLES = {"register": "registrar", "issue_notice": "handler", "edit_letter": "handler",
                "record_review": "handler"}


def _require_staff(actor, app: Application, action: str) -> None:
    """The role this action needs, in the handling agency. Views check access first; this is the rule
    itself, so the CLI, admin and background jobs cannot bypass it."""
    from gongkai.web.agencies.selectors import user_roles

    needed = workflow.ROLE_FOR_ACTION.get(action) or _OTHER_ROLES.get(action, "handler")
    roles = user_roles(actor, app.agency)
    if not may_act(roles, needed):
        raise ActionRefused(f"{action} needs role {needed}",
                            message=f"只有本机关的{role_label(needed)}可以进行该操作。")


def _event(app: Application, *, action: str, actor, from_state: str, on: date | None, reason: str = "",
           data: dict | None = None, actor_label: str | None = None) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=app, at=timezone.now(), on=on, actor=actor, actor_label=actor_label or _actor_label(actor),
        action=action, from_state=from_state, to_state=app.state, reason=reason, data=data or {},
    )


def _refresh_clock(app: Application, *, today: date) -> None:
    if not workflow.is_open(app.state) and app.due_date is not None:
        return  # a concluded application keeps the deadline it was judged against
    deadline = deadline_for(app, today=today)
    app.due_date = deadline.due if deadline else None
    app.due_provisional = bool(deadline and deadline.provisional)
    app.paused = bool(deadline and deadline.paused) or workflow.is_paused(app.state)


def _transition(app: Application, action: str, *, actor, on: date | None, reason: str = "", data=None,
                check_role: bool = True, actor_label: str | None = None) -> ApplicationEvent:
    """Move the locked application through `action`, refresh its clock, save, and audit."""
    if check_role and actor is not None:
        _require_staff(actor, app, action)
    before = app.state
    app.state = workflow.transition(before, action)
    _refresh_clock(app, today=_today(on))
    app.save()
    return _event(app, action=action, actor=actor, from_state=before, on=on, reason=reason, data=data,
                  actor_label=actor_label)


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


# --- correction (art. 30) ------------------------------------------------------------------------------------

def application_request_correction(*, application: Application, actor, items: str, period_days: int = 15,
                                   on: date | None = None) -> Application:
    """One single notice listing everything to correct, with a reasonable period (calendar days here, as
    notices usually state). The 20 working days restart from the corrected application's receipt."""
    items = (items or "").strip()
    if not items:
        raise ActionRefused("no correction items", message="请写明需要补正的事项（一次性告知）。")
    if not 1 <= period_days <= 60:
        raise ActionRefused("correction period", message="补正期限应在 1 至 60 日之间。")
    with transaction.atomic():
        app = _lock(application, "request_correction")
        on = _today(on)
        if app.correction_requested_on is not None:
            raise ActionRefused("second correction", message="补正告知应当一次性作出，本申请已告知过补正。")
        notice_due = correction_notice_due(app.received_on, calendar=current_calendar())
        app.correction_requested_on = on
        app.correction_items = items
        app.correction_deadline = date.fromordinal(on.toordinal() + period_days)
        late = on > notice_due
        _transition(app, "request_correction", actor=actor, on=on, reason=items,
                    data={"period_days": period_days, "notice_due": notice_due.isoformat(), "late": late})
        letter_service.draft(app, "correction", actor=actor, on=on)
    return app


def application_receive_correction(*, application: Application, actor=None, text: str = "",
                                   attachments: Sequence[Upload] = (), on: date | None = None) -> Application:
    """The corrected application arrives (from staff, or from the applicant online with actor=None)."""
    written: list[Path] = []
    try:
        with transaction.atomic():
            app = _lock(application)
            on = _today(on)
            if app.state != "correction_requested":
                raise ActionRefused("not awaiting correction", message="本申请当前不需要补正。")
            if on < app.correction_requested_on:
                raise ActionRefused("correction before notice", message="补正日期不能早于补正告知日期。")
            app.correction_received_on = on
            if text.strip():
                app.description = (app.description + "\n\n【补正内容】" + text.strip()).strip()
            written = _store_attachments(app, attachments, purpose="correction")
            _transition(app, "receive_correction", actor=actor, on=on, check_role=actor is not None,
                        data={"attachments": len(attachments)})
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return app


def application_correction_lapsed(*, application: Application, actor, on: date | None = None) -> Application:
    """No correction within the period: deemed withdrawn (视为放弃申请), outcome （六）1."""
    with transaction.atomic():
        app = _lock(application, "correction_lapsed")
        on = _today(on)
        if app.correction_deadline and on <= app.correction_deadline:
            raise ActionRefused("correction period running",
                                message=f"补正期限（{app.correction_deadline:%Y-%m-%d}）尚未届满。")
        _conclude_without_reply(app, "other_no_correction", on=on)
        _transition(app, "correction_lapsed", actor=actor, on=on, data={"outcome": app.outcome})
        letter_service.draft(app, "termination", actor=actor, on=on)
    return app


def _conclude_without_reply(app: Application, outcome: str, *, on: date) -> None:
    o = get_outcome(outcome)
    app.outcome, app.basis, app.decided_on, app.concluded_on = o.key, o.suggested_basis, on, on


# --- consultation (arts. 32–34) -----------------------------------------------------------------------------

def application_start_consultation(*, application: Application, actor, party: str, kind: str = "third_party",
                                   on: date | None = None, party_received_on: date | None = None) -> Pause:
    """Consult a third party (art. 32) or another organ (art. 34); the time is not counted (art. 33 ¶3).

    Drafts the notice to the applicant and, for a third party, the consultation letter (征求意见书) to it. The
    party's 15 working days run from the day it receives that letter: give `party_received_on` when it is
    handed over at once, or record the letter's delivery later (letter_record_delivery)."""
    if kind not in ("third_party", "agency"):
        raise ActionRefused("consultation kind", message="征求意见的对象应为第三方或其他机关。")
    party = (party or "").strip()
    if not party:
        raise ActionRefused("no party", message="请填写被征求意见的第三方或机关。")
    with transaction.atomic():
        app = _lock(application, "start_consultation")
        on = _today(on)
        if party_received_on is not None and party_received_on < on:
            raise ActionRefused("received before sent", message="对方收到征求意见书的日期不能早于发出日期。")
        pause = Pause.objects.create(application=app, kind=kind, party=party, started_on=on)
        if party_received_on is not None:
            _party_received(pause, party_received_on)
        _transition(app, "start_consultation", actor=actor, on=on, data={"party": party, "kind": kind})
        letter_service.draft(app, "consultation", actor=actor, on=on)
        if kind == "third_party":
            letter_service.draft(app, "third_party", actor=actor, on=on)
    return pause


def _party_received(pause: Pause, on: date) -> None:
    pause.party_received_on = on
    pause.reply_due = third_party_reply_due(on, calendar=current_calendar())
    pause.save(update_fields=["party_received_on", "reply_due"])


def application_end_consultation(*, application: Application, actor, on: date | None = None,
                                 note: str = "") -> Application:
    with transaction.atomic():
        app = _lock(application, "end_consultation")
        on = _today(on)
        pause = app.pauses.filter(ended_on__isnull=True).exclude(kind="fee").last()
        if pause is None:
            raise ActionRefused("no open consultation", message="没有正在进行的征求意见。")
        if on < pause.started_on:
            raise ActionRefused("end before start", message="征求意见结束日期不能早于开始日期。")
        pause.ended_on, pause.note = on, note
        pause.save(update_fields=["ended_on", "note"])
        _transition(app, "end_consultation", actor=actor, on=on, reason=note,
                    data={"started_on": pause.started_on.isoformat(), "ended_on": on.isoformat()})
    return app


# --- extension (art. 33 ¶2) ---------------------------------------------------------------------------------

def application_extend(*, application: Application, actor, days: int, reason: str,
                       on: date | None = None) -> Application:
    """Approved by the head of the disclosure office (art. 33 ¶2) before the running due date; at most 20
    working days, once."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("no reason", message="请写明延期答复的理由。")
    with transaction.atomic():
        app = _lock(application, "extend")
        on = _today(on)
        if app.extension_days:
            raise ActionRefused("already extended", message="本申请已延期答复过一次，不能再次延期。")
        if app.reply_workdays != ANSWER_WORKDAYS:
            raise ActionRefused("art. 35 period set", message="本申请已依条例第三十五条确定了合理答复期限，不再另行延期。")
        if not 1 <= days <= MAX_EXTENSION_WORKDAYS:
            raise ActionRefused("extension days", message=f"延期不得超过 {MAX_EXTENSION_WORKDAYS} 个工作日。")
        if app.due_date is None or on > app.due_date:
            raise ActionRefused("extension after due date",
                                message="延期须在答复期限届满前经政府信息公开工作机构负责人同意；答复期限已过，不能再延期。")
        original = app.due_date
        app.extension_days = days
        _transition(app, "extend", actor=actor, on=on, reason=reason,
                    data={"days": days, "original_due": original.isoformat()})
        letter_service.draft(app, "extension", actor=actor, on=on)
    return app


def application_set_reply_period(*, application: Application, actor, workdays: int, reason: str,
                                 on: date | None = None) -> Application:
    """art. 35: the applicant's applications clearly exceed a reasonable range in number or frequency, the
    reasons they gave are reasonable, but the reply cannot be given within art. 33's period: the agency sets a
    reasonable longer reply period (in working days, counted like the 20) and tells the applicant. Decided by
    the head of the disclosure office, before the running due date, once, and not beside an extension."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("no reason", message="请写明确定合理答复期限的理由（申请数量、频次及申请人说明的理由）。")
    with transaction.atomic():
        app = _lock(application, "set_reply_period")
        on = _today(on)
        if app.reply_workdays != ANSWER_WORKDAYS:
            raise ActionRefused("already set", message="本申请已确定过合理答复期限。")
        if app.extension_days:
            raise ActionRefused("already extended", message="本申请已延期答复，不能再依条例第三十五条确定答复期限。")
        if app.due_date is None or on > app.due_date:
            raise ActionRefused("after due date", message="合理答复期限须在原答复期限届满前确定；答复期限已过。")
        original = app.due_date
        app.reply_workdays, app.reply_period_reason = workdays, reason
        try:
            _refresh_clock(app, today=on)  # the core clock checks the number of working days
        except GongkaiError as exc:
            raise ActionRefused("reply workdays", message=exc.message) from None
        _transition(app, "set_reply_period", actor=actor, on=on, reason=reason,
                    data={"workdays": workdays, "original_due": original.isoformat()})
        letter_service.draft(app, "delay", actor=actor, on=on)
    return app


# --- fees (国办函〔2020〕109号) --------------------------------------------------------------------------------

def items_in_month_before(app: Application) -> int:
    """The items (一事一申请) the same applicant's earlier applications to this agency hold in the same
    calendar month: the per-item tiers count per applicant per month, items not applications."""
    if app.received_on is None:
        return 0
    month_start = app.received_on.replace(day=1)
    same = Application.objects.filter(agency=app.agency, id_number=app.id_number).exclude(pk=app.pk)
    earlier = (same.filter(received_on__gte=month_start, received_on__lt=app.received_on)
               | same.filter(received_on=app.received_on, pk__lt=app.pk))
    return earlier.aggregate(n=Sum("items"))["n"] or 0


def application_charge_fee(*, application: Application, actor, method: str, units: int,
                           on: date | None = None) -> FeeCharge:
    """A fee notice (国办函〔2020〕109号), sent within the reply period. Per item, `units` is the number of
    matters this application holds (stored on it, 一事一申请) and the fee is what they add to the applicant's
    month; per page, `units` is the pages. The payment period runs from the applicant's receipt of the notice,
    so it is set when the notice's delivery is recorded."""
    if method not in ("per_item", "per_page"):
        raise ActionRefused("fee method", message="请选择一种计收方式：按件或按量（同一申请只能选一种）。")
    if method == "per_item":
        try:
            _check_items(units)
        except InvalidApplication as exc:
            raise ActionRefused("items", message=exc.message) from None
    with transaction.atomic():
        app = _lock(application, "charge_fee")
        on = _today(on)
        if hasattr(app, "fee"):
            raise ActionRefused("fee exists", message="本申请已发出过收费通知；同一申请只能按一种方式收费一次。")
        if app.due_date is not None and on > app.due_date:
            raise ActionRefused("after due date", message=f"收费通知应当在答复期限内发出；本申请的答复期限已于 "
                                                          f"{app.due_date:%Y-%m-%d} 届满，不能再发出收费通知。")
        before = 0
        if method == "per_item":
            app.items = units
            before = items_in_month_before(app)
            amount = fees.item_fee_for_application(before, units)
        else:
            amount = fees.quote_per_page(units).amount_yuan
        if amount <= 0:
            raise ActionRefused("free", message="按规定该申请不收费（件数或页数在免费范围内）。")
        charge = FeeCharge.objects.create(
            application=app, method=method, units=units, items_before=before, amount_yuan=amount, notice_on=on)
        Pause.objects.create(application=app, kind="fee", party="申请人", started_on=on)
        _transition(app, "charge_fee", actor=actor, on=on,
                    data={"method": method, "units": units, "items_before": before, "amount_yuan": amount})
        letter_service.draft(app, "fee", actor=actor, on=on)
    return charge


def _fee_notice_received(charge: FeeCharge, on: date) -> None:
    charge.notice_received_on = on
    charge.payment_due = fee_payment_due(on, calendar=current_calendar())
    charge.save(update_fields=["notice_received_on", "payment_due"])


def application_fee_paid(*, application: Application, actor, on: date | None = None) -> Application:
    with transaction.atomic():
        app = _lock(application, "fee_paid")
        on = _today(on)
        charge = app.fee
        if on < charge.notice_on:
            raise ActionRefused("paid before notice", message="缴费日期不能早于收费通知日期。")
        charge.paid_on = on
        charge.save(update_fields=["paid_on"])
        app.pauses.filter(kind="fee", ended_on__isnull=True).update(ended_on=on)
        _transition(app, "fee_paid", actor=actor, on=on, data={"amount_yuan": charge.amount_yuan})
    return app


def application_fee_lapsed(*, application: Application, actor, on: date | None = None) -> Application:
    """Unpaid 20 working days after the applicant received the notice: deemed withdrawn, outcome （六）2."""
    with transaction.atomic():
        app = _lock(application, "fee_lapsed")
        on = _today(on)
        charge = app.fee
        if charge.payment_due is None:
            raise ActionRefused("notice not delivered",
                                message="收费通知书尚未登记送达：缴费期限自申请人收到通知的次日起计算，请先登记送达日期。")
        if on <= charge.payment_due:
            raise ActionRefused("payment period running", message=f"缴费期限（{charge.payment_due:%Y-%m-%d}）尚未届满。")
        charge.lapsed_on = on
        charge.save(update_fields=["lapsed_on"])
        app.pauses.filter(kind="fee", ended_on__isnull=True).update(ended_on=on)
        _conclude_without_reply(app, "other_fee_unpaid", on=on)
        _transition(app, "fee_lapsed", actor=actor, on=on, data={"outcome": app.outcome})
        letter_service.draft(app, "termination", actor=actor, on=on)
    return app


# --- decision and reply (arts. 36–38) ---------------------------------------------------------------------

def application_decide(*, application: Application, actor, outcome: str, reasons: str = "", basis: str = "",
                       variant: str = "", other_agency: str = "", on: date | None = None) -> Application:
    o = get_outcome(outcome)  # raises for a key that is not one of the table 三 categories
    if o.ends_without_reply:
        raise ActionRefused("outcome by event", message="“逾期不补正”“逾期未缴费”由补正、收费流程自动产生，不能直接选择。")
    basis = (basis or "").strip() or o.suggested_basis
    if not basis:
        raise ActionRefused("no basis", message="请填写作出该决定的法律依据。")
    if o.refusal and not reasons.strip():
        raise ActionRefused("no reasons", message="不予公开或部分公开的，应当说明理由。")
    if variant == "not_this_agency" and not other_agency.strip():
        raise ActionRefused("other agency", message="非本机关政府信息的，能够确定负责公开机关的，应告知其名称和联系方式。")
    with transaction.atomic():
        app = _lock(application, "decide")
        on = _today(on)
        app.outcome, app.outcome_variant, app.basis, app.reasons = o.key, variant, basis, reasons.strip()
        app.other_agency, app.decided_on, app.approved_by = other_agency.strip(), on, None
        _transition(app, "decide", actor=actor, on=on, reason=reasons,
                    data={"outcome": o.key, "variant": variant, "needs_review": o.needs_review})
        app.letters.filter(issued=False, kind="reply").delete()
        letter_service.draft(app, "reply", actor=actor, on=on)
    return app


def application_approve_decision(*, application: Application, actor, on: date | None = None,
                                 note: str = "") -> Application:
    with transaction.atomic():
        app = _lock(application, "approve_decision")
        on = _today(on)
        if actor is not None and app.events.filter(action="decide", actor=actor).exists() \
                and not settings.GONGKAI_ALLOW_SELF_APPROVAL:
            raise ActionRefused("self approval", message="审核须由作出决定者以外的审核人进行。")
        app.approved_by = actor
        _transition(app, "approve_decision", actor=actor, on=on, reason=note)
    return app


def application_return_decision(*, application: Application, actor, reason: str,
                                on: date | None = None) -> Application:
    if not (reason or "").strip():
        raise ActionRefused("no reason", message="退回决定时请写明理由。")
    with transaction.atomic():
        app = _lock(application, "return_decision")
        _transition(app, "return_decision", actor=actor, on=_today(on), reason=reason)
    return app


def reply_issue(*, application: Application, actor, on: date | None = None, render: bool = True) -> Letter:
    """Issue the reply letter: it is frozen (content, DOCX and PDF), and the application is concluded."""
    with transaction.atomic():
        app = _lock(application, "issue_reply")
        on = _today(on)
        if get_outcome(app.outcome).needs_review and app.approved_by_id is None and app.state == "decided":
            raise ActionRefused("needs review", message="该决定须经审核人审核后才能发出告知书。")
        letter = app.letters.filter(kind="reply", issued=False).last()
        if letter is None:
            letter = letter_service.draft(app, "reply", actor=actor, on=on)
        app.replied_on = on
        app.concluded_on = on
        _transition(app, "issue_reply", actor=actor, on=on,
                    data={"outcome": app.outcome, "late": bool(app.due_date and on > app.due_date)})
        letter_service.issue(letter, actor=actor, on=on, render=render)
    return letter


def letter_issue(*, letter: Letter, actor, on: date | None = None, delivered_on: date | None = None,
                 channel: str = "", render: bool = True) -> Letter:
    """Issue a procedural notice (correction, extension, consultation, third-party letter, fee, art. 35
    period, termination). When it is delivered at once (handed over, e-mailed), give `delivered_on` and
    `channel`: the delivery is recorded with the issue, and a date counted from receipt (the fee payment
    period, the third party's reply period) is then known and printed in the letter."""
    with transaction.atomic():
        app = _lock(letter.application)
        _require_staff(actor, app, "issue_notice")
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.issued:
            raise ActionRefused("already issued", message="该文书已经发出，不能再次发出。")
        if letter.kind == "reply":
            raise ActionRefused("reply via reply_issue", message="答复告知书请通过“发出答复”操作发出。")
        on = _today(on)
        if delivered_on is not None:
            _check_delivery(letter, channel=channel, on=delivered_on, issued_on=on)
            _delivery_consequences(app, letter, delivered_on)
        letter_service.issue(letter, actor=actor, on=on, render=render)
        _event(app, action="issue_notice", actor=actor, from_state=app.state, on=on,
               data={"letter": letter.kind, "number": letter.number})
        if delivered_on is not None:
            _record_delivery(app, letter, actor=actor, channel=channel, on=delivered_on)
    return letter


def letter_record_delivery(*, letter: Letter, actor, channel: str, on: date) -> LetterDelivery:
    """The day an issued notice reached its addressee (送达), and how. Periods that run from receipt start
    here: the fee notice's 20 working days to pay (109号), the third party's 15 working days (art. 32)."""
    with transaction.atomic():
        app = _lock(letter.application)
        _require_staff(actor, app, "issue_notice")
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if not letter.issued:
            raise ActionRefused("not issued", message="文书尚未发出，不能登记送达。")
        if letter.kind == "reply":
            raise ActionRefused("reply via deliver", message="答复告知书的送达请通过“登记送达”操作办理。")
        if LetterDelivery.objects.filter(letter=letter).exists():
            raise ActionRefused("already delivered", message="该文书已登记过送达。")
        _check_delivery(letter, channel=channel, on=on, issued_on=letter.issued_on)
        _delivery_consequences(app, letter, on)
        return _record_delivery(app, letter, actor=actor, channel=channel, on=on)


def _check_delivery(letter: Letter, *, channel: str, on: date, issued_on: date) -> None:
    if channel not in vocab.DELIVERY_CHANNEL_KEYS:
        raise ActionRefused("delivery channel", message="请选择送达方式。")
    if on < issued_on:
        raise ActionRefused("delivered before issue", message="送达日期不能早于文书发出日期。")


def _delivery_consequences(app: Application, letter: Letter, on: date) -> None:
    if letter.kind == "fee" and hasattr(app, "fee"):
        if app.fee.notice_received_on is None:
            _fee_notice_received(app.fee, on)
    elif letter.kind == "third_party":
        pause = app.pauses.filter(kind="third_party").order_by("-started_on", "-id").first()
        if pause is not None and pause.party_received_on is None:
            _party_received(pause, on)


def _record_delivery(app: Application, letter: Letter, *, actor, channel: str, on: date) -> LetterDelivery:
    delivery = LetterDelivery.objects.create(letter=letter, channel=channel, delivered_on=on, recorded_by=actor)
    _event(app, action="deliver_letter", actor=actor, from_state=app.state, on=on,
           data={"letter": letter.kind, "number": letter.number, "channel": channel})
    return delivery


def letter_update_draft(*, letter: Letter, actor, paragraphs: Sequence[str] | None = None,
                        basis: str | None = None, reasons: str | None = None) -> Letter:
    with transaction.atomic():
        app = _lock(letter.application)
        _require_staff(actor, app, "edit_letter")
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.issued:
            raise ActionRefused("issued", message="已发出的文书不能修改。")
        letter_service.edit(letter, paragraphs=paragraphs, basis=basis)
        if reasons is not None and letter.kind == "reply":
            app.reasons = reasons
            app.save(update_fields=["reasons", "updated_at"])
        _event(app, action="edit_letter", actor=actor, from_state=app.state, on=timezone.localdate(),
               data={"letter": letter.kind})
    return letter


# The applicant's chosen way of obtaining the information → how the reply letter is delivered.
_REPLY_CHANNEL = {"post": "post", "email": "email", "pickup": "in_person", "online": "online"}


def application_deliver(*, application: Application, actor, method: str = "", on: date | None = None) -> Application:
    """The reply letter reached the applicant (送达); recorded on the application and on the letter."""
    with transaction.atomic():
        app = _lock(application, "deliver")
        on = _today(on)
        if app.replied_on and on < app.replied_on:
            raise ActionRefused("delivery before reply", message="送达日期不能早于答复日期。")
        method = method or app.delivery_method
        app.delivered_on = on
        _transition(app, "deliver", actor=actor, on=on, data={"method": method})
        reply = app.letters.filter(kind="reply", issued=True).order_by("-id").first()
        if reply is not None and not LetterDelivery.objects.filter(letter=reply).exists():
            channel = method if method in vocab.DELIVERY_CHANNEL_KEYS else _REPLY_CHANNEL.get(method, "in_person")
            LetterDelivery.objects.create(letter=reply, channel=channel, delivered_on=on, recorded_by=actor)
    return app


def application_archive(*, application: Application, actor, on: date | None = None) -> Application:
    with transaction.atomic():
        app = _lock(application, "archive")
        on = _today(on)
        app.archived_on = on
        _transition(app, "archive", actor=actor, on=on)
    return app


# --- review and litigation (table 四) ---------------------------------------------------------------------

def review_case_record(*, application: Application, actor, kind: str, body: str, filed_on: date,
                       route: str = "", case_number: str = "", result: str = "pending",
                       decided_on: date | None = None, note: str = "") -> ReviewCase:
    with transaction.atomic():
        app = _lock(application)
        _require_staff(actor, app, "record_review")
        case = ReviewCase(application=app, kind=kind, route=route if kind == "litigation" else "", body=body.strip(),
                          case_number=case_number.strip(), filed_on=filed_on, result=result,
                          decided_on=decided_on, note=note)
        _validate_case(case, app)
        case.save()
        _event(app, action="record_review", actor=actor, from_state=app.state, on=filed_on,
               data={"kind": kind, "route": case.route, "result": result})
    return case


def review_case_update(*, case: ReviewCase, actor, result: str, decided_on: date | None,
                       note: str = "") -> ReviewCase:
    with transaction.atomic():
        app = _lock(case.application)
        _require_staff(actor, app, "record_review")
        case = ReviewCase.objects.select_for_update().get(pk=case.pk)
        before = case.result
        case.result, case.decided_on, case.note = result, decided_on, note or case.note
        _validate_case(case, app)
        case.save()
        _event(app, action="update_review", actor=actor, from_state=app.state, on=decided_on,
               data={"case": case.pk, "from": before, "to": result})
    return case


def _validate_case(case: ReviewCase, app: Application) -> None:
    if case.kind not in dict(ReviewCase.KIND_CHOICES):
        raise ActionRefused("kind", message="请选择行政复议或行政诉讼。")
    if case.kind == "litigation" and case.route not in ("direct", "after_review"):
        raise ActionRefused("route", message="行政诉讼请选择“未经复议直接起诉”或“复议后起诉”。")
    if case.result not in dict(ReviewCase.RESULT_CHOICES):
        raise ActionRefused("result", message="请选择案件结果。")
    if not case.body:
        raise ActionRefused("body", message="请填写复议机关或人民法院。")
    if (case.result == "pending") != (case.decided_on is None):
        raise ActionRefused("decided_on", message="已审结的案件请填写审结日期；尚未审结的不填。")
    if case.decided_on and case.decided_on < case.filed_on:
        raise ActionRefused("dates", message="审结日期不能早于申请或立案日期。")
    if app.received_on and case.filed_on < app.received_on:
        raise ActionRefused("dates", message="复议或起诉日期不能早于收到申请日期。")


# --- the calendar -----------------------------------------------------------------------------------------

def calendar_year_load(*, data: bytes | str, actor) -> CalendarYear:
    """Load a year's holiday notice (docs/calendar.md) and recompute the open applications' due dates."""
    year_cal = parse_year_file(data)
    payload = json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
    with transaction.atomic():
        row, _ = CalendarYear.objects.update_or_create(
            year=year_cal.year, defaults={"source": year_cal.source, "data": payload, "loaded_by": actor})
    today = timezone.localdate()
    for app in Application.objects.filter(due_provisional=True).iterator():
        with transaction.atomic():
            locked = _lock(app)
            _refresh_clock(locked, today=today)
            locked.save(update_fields=["due_date", "due_provisional", "paused", "updated_at"])
    return row
