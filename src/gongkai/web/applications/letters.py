"""Letters on the web side: compose a draft from an application, edit it, issue (freeze and render) it.

`Letter.kind` on the model is the step that produced the letter ("reply", "correction", "extension",
"consultation", "fee", "termination"); the content's own `kind` is the exact letter type the core chose
(e.g. a reply for 不予公开 is a "non_disclosure" letter). Called only from services (inside their
transaction), never from views.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from gongkai.core.applications import vocab
from gongkai.core.applications.letters import Letter as CoreLetter
from gongkai.core.applications.letters import LetterContext, compose
from gongkai.core.applications.render_docx import render_docx
from gongkai.core.applications.render_pdf import render_pdf

from .models import Application, Letter

LETTER_SERIAL_KIND = "letter"


def _request_text(app: Application) -> str:
    parts = [app.title]
    if app.doc_number:
        parts.append(f"（{app.doc_number}）")
    return "".join(parts)


def addressee_kind(applicant_type: str) -> str:
    """How letters address the applicant: 你 to a natural person, 你单位 to an organisation, 你（单位） when the
    type is not one of table 三's columns (records loaded from elsewhere)."""
    try:
        return "organisation" if vocab.is_organisation(applicant_type) else "person"
    except KeyError:
        return ""


# Letters that end with the remedy statement, and so must name who reviews the agency's acts.
REMEDY_KINDS = ("reply", "termination")


def context(app: Application, *, on: date, number: str = "", kind: str = "reply") -> LetterContext:
    agency = app.agency
    pause = app.pauses.exclude(kind="fee").order_by("-started_on", "-id").first()
    fee = getattr(app, "fee", None)
    other_name, _, other_contact = (app.other_agency or "").partition("，")
    return LetterContext(
        agency_name=agency.name,
        date=on,
        applicant_name=app.applicant_name,
        addressee_kind=addressee_kind(app.applicant_type),
        agency_contact=agency.contact_line if hasattr(agency, "contact_line") else "",
        # Asked only where the letter states the remedy: a notice never fails for want of it.
        reconsideration_body=agency.reconsideration().name if kind in REMEDY_KINDS else "",
        court=agency.court or None,
        number=number,
        received=app.received_on,
        correction_received=app.correction_received_on,
        request_text=_request_text(app),
        outcome=app.outcome,
        variant=app.outcome_variant,
        basis=app.basis,
        reasons=app.reasons,
        provision_form=vocab.delivery_form(app.delivery_form).label if app.delivery_form else "",
        provision_route=vocab.delivery_method(app.delivery_method).label if app.delivery_method else "",
        other_agency_name=other_name.strip(),
        other_agency_contact=other_contact.strip(),
        correction_items=app.correction_items,
        correction_notice_date=app.correction_requested_on,
        correction_deadline=app.correction_deadline,
        extension_days=app.extension_days,
        new_due=app.due_date if (app.extension_days or kind == "delay") else None,
        delay_workdays=app.reply_workdays if kind == "delay" else 0,
        due=app.due_date,
        due_provisional=app.due_provisional,
        third_party=pause.party if pause else "",
        consultation_sent=pause.started_on if pause else None,
        third_party_reply_due=pause.reply_due if pause else None,
        fee_method=fee.method if fee else "",
        fee_units=fee.units if fee else 0,
        fee_amount_yuan=fee.amount_yuan if fee else 0,
        fee_payment_due=fee.payment_due if fee else None,
        fee_notice_date=fee.notice_on if fee else None,
        tracking_code=app.tracking_code,
    )


def _compose(app: Application, kind: str, *, on: date, number: str = "") -> CoreLetter:
    ctx = context(app, on=on, number=number, kind=kind)
    if kind == "extension":
        # The notice states why the time is extended: the reason the reviewer approved, not the decision's.
        approved = app.events.filter(action="extend").order_by("-id").first()
        ctx = replace(ctx, reasons=approved.reason if approved else "")
    elif kind == "delay":
        ctx = replace(ctx, reasons=app.reply_period_reason)
    return compose(kind, ctx)


def draft(app: Application, kind: str, *, actor, on: date) -> Letter:
    letter = _compose(app, kind, on=on)
    return Letter.objects.create(application=app, kind=kind, title=letter.title, content=letter.to_json())


def edit(letter: Letter, *, paragraphs=None, basis=None) -> Letter:
    edited = CoreLetter.from_json(letter.content).replace(paragraphs=paragraphs, basis=basis)
    letter.content = edited.to_json()
    letter.edited = True
    letter.save(update_fields=["content", "edited"])
    return letter


def issue(letter: Letter, *, actor, on: date, render: bool = True) -> Letter:
    """Number, date and freeze the letter with its DOCX and PDF exactly as sent. Staff edits to the draft's
    paragraphs are kept; the date and number are the issue's."""
    from .services.base import _next_number

    app = letter.application
    agency = app.agency
    serial = _next_number(agency, on.year, LETTER_SERIAL_KIND)
    number = f"{agency.short_name or agency.name}依申公〔{on.year}〕{serial}号"
    core = CoreLetter.from_json(letter.content)
    fresh = _compose(app, letter.kind, on=on, number=number)
    # Keep what staff wrote in the draft; take the issue's date, number and (date-dependent) remedy. A draft
    # nobody edited is the composition itself, made again now with what is known at issue.
    final = fresh if not letter.edited else CoreLetter(
        **{**fresh.to_json(), "date": on, "paragraphs": core.paragraphs, "basis": core.basis})
    letter.content = final.to_json()
    letter.number = number
    if render:
        letter.docx = render_docx(final)
        letter.pdf = render_pdf(final)
    letter.issued, letter.issued_on, letter.issued_by = True, on, actor
    letter.save()
    return letter


def rendered(letter: Letter) -> tuple[bytes, bytes]:
    """(docx, pdf) of a letter. A draft renders its current content; an issued letter returns the files
    frozen at issue, or, for one issued without rendering (bulk loads), renders its frozen content once and
    keeps the result — the only write an issued letter ever receives, filling empty file fields."""
    if letter.issued and letter.docx is not None and letter.pdf is not None:
        return bytes(letter.docx), bytes(letter.pdf)
    core = core_letter(letter)
    docx, pdf = render_docx(core), render_pdf(core)
    if letter.issued:
        Letter.objects.filter(pk=letter.pk, docx__isnull=True).update(docx=docx, pdf=pdf)
    return docx, pdf


def core_letter(letter: Letter) -> CoreLetter:
    return CoreLetter.from_json(letter.content)
