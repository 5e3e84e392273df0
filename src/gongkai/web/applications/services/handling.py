"""Handling an application: correction (art. 30), consultation (arts. 32–34), extension (art. 33 ¶2) and
the art. 35 period, the decision and its review (arts. 36–38), delivery and archiving (art. 45)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from gongkai.core.applications import vocab
from gongkai.core.applications.outcomes import get_outcome
from gongkai.core.clock import (
    MAX_EXTENSION_WORKDAYS,
    correction_notice_due,
    third_party_reply_due,
)
from gongkai.core.errors import GongkaiError

from .. import letters as letter_service
from ..clock import current_calendar
from ..models import (
    Application,
    LetterDelivery,
    Pause,
)
from .base import ActionRefused, _lock, _refresh_clock, _refuse_by_facts, _today, _transition
from .intake import Upload, _store_attachments

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
        _refuse_by_facts(app, "request_correction")
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
        _refuse_by_facts(app, "extend")
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
        _refuse_by_facts(app, "set_reply_period")
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


