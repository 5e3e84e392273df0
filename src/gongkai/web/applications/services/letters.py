"""Sending letters: the reply, procedural notices, and the record of when a letter reached its addressee
(the periods that run from receipt start there)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.core.applications import vocab
from gongkai.core.applications.outcomes import get_outcome

from .. import letters as letter_service
from ..models import (
    Application,
    Letter,
    LetterDelivery,
)
from .base import ActionRefused, _event, _lock, _require_staff, _today, _transition
from .fees import _fee_notice_received
from .handling import _party_received


def _lock_letter(letter: Letter, actor, action: str) -> tuple[Application, Letter]:
    """The letter's application and the letter, both row-locked, once `actor` may take `action` on them."""
    app = _lock(letter.application)
    _require_staff(actor, app, action)
    return app, Letter.objects.select_for_update().get(pk=letter.pk)


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
        _require_staff(actor, app, "issue_reply")  # before the rendering, not after it
        late = bool(app.due_date and on > app.due_date)
        # The letter is numbered and rendered (seconds, for the PDF) before the audit event is appended: the
        # event takes the audit chain's head lock, which every agency's appends share, and holds it to the
        # commit — so it is taken last, not across the rendering.
        letter_service.issue(letter, actor=actor, on=on, render=render)
        _transition(app, "issue_reply", actor=actor, on=on, data={"outcome": app.outcome, "late": late})
    return letter


def letter_issue(*, letter: Letter, actor, on: date | None = None, delivered_on: date | None = None,
                 channel: str = "", render: bool = True) -> Letter:
    """Issue a procedural notice (correction, extension, consultation, third-party letter, fee, art. 35
    period, termination). When it is delivered at once (handed over, e-mailed), give `delivered_on` and
    `channel`: the delivery is recorded with the issue, and a date counted from receipt (the fee payment
    period, the third party's reply period) is then known and printed in the letter."""
    with transaction.atomic():
        app, letter = _lock_letter(letter, actor, "issue_notice")
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
        app, letter = _lock_letter(letter, actor, "issue_notice")
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
        app, letter = _lock_letter(letter, actor, "edit_letter")
        if letter.issued:
            raise ActionRefused("issued", message="已发出的文书不能修改。")
        letter_service.edit(letter, paragraphs=paragraphs, basis=basis)
        if reasons is not None and letter.kind == "reply":
            app.reasons = reasons
            app.save(update_fields=["reasons", "updated_at"])
        _event(app, action="edit_letter", actor=actor, from_state=app.state, on=timezone.localdate(),
               data={"letter": letter.kind})
    return letter


