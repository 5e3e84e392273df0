"""Applicants' personal data over time (个人信息保护法 arts. 19, 47; docs/privacy.md).

    anonymisation_due(today=, before=)             archived applications whose retention period has run out
    application_anonymise(application=, on=)       remove one application's personal data, with an audit entry
    anonymise_due(today=, before=, dry_run=)       all of them (the daily task and `gongkai pii anonymise`)
    rotate_keys()                                  re-encrypt every value with the newest key, re-hash lookups

Anonymising keeps what the annual report and the legal record need: the applicant type, channel, dates,
items, outcome, the audit trail and every letter's legal content (number, date, decision, basis, remedy).
The name becomes "（已匿名化）"; identity number, contact person, phone, e-mail, address and postcode are
cleared; attachments are deleted with their files; in letters the applicant's name and contact details are
replaced by the same marker and the frozen DOCX/PDF (which print the name) are dropped, so a letter is
rendered again, redacted, from its kept content when opened.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from gongkai.web.common.crypto_fields import EncryptedTextField, data_keys

from ..models import Application, Attachment, Letter
from .base import SYSTEM, _event

log = logging.getLogger(__name__)

ANONYMISED_NAME = "（已匿名化）"
CLEARED_FIELDS = ("id_number", "contact_person", "phone", "email", "address", "postcode")


def retention_cutoff(today: date) -> date:
    """Applications archived before this day have been kept GONGKAI_PII_RETENTION_DAYS days or longer."""
    return today - timedelta(days=settings.GONGKAI_PII_RETENTION_DAYS) + timedelta(days=1)


def anonymisation_due(*, today: date, before: date | None = None) -> QuerySet[Application]:
    """Archived, not yet anonymised applications archived before `before` (default: the retention cutoff),
    leaving out any with a reconsideration or lawsuit still pending: the file is evidence there."""
    before = before or retention_cutoff(today)
    return (Application.objects.filter(archived_on__isnull=False, archived_on__lt=before, anonymised_on__isnull=True)
            .exclude(review_cases__result="pending").order_by("id"))


class NotAnonymisable(Exception):
    pass


def application_anonymise(*, application: Application, on: date) -> Application:
    """Remove the applicant's personal data from one archived application (see the module doc)."""
    files: list[Path] = []
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.archived_on is None or app.anonymised_on is not None:
            raise NotAnonymisable(f"application {app.pk} is not archived or already anonymised")
        if app.review_cases.filter(result="pending").exists():
            raise NotAnonymisable(f"application {app.pk} has a pending reconsideration or lawsuit")
        secrets = sorted({v for v in (app.applicant_name, app.id_number, app.contact_person, app.phone, app.email,
                                      app.address) if v and len(v) >= 2}, key=len, reverse=True)
        app.applicant_name = ANONYMISED_NAME
        for name in CLEARED_FIELDS:
            setattr(app, name, "")
        app.anonymised_on = on
        app.save(update_fields=["applicant_name", *CLEARED_FIELDS, "anonymised_on", "updated_at"])

        attachments = list(app.attachments.all())
        paths = {a.stored_path for a in attachments}
        Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
        # Attachments are stored by content hash: a file another application also holds stays.
        still_used = set(Attachment.objects.filter(stored_path__in=paths).values_list("stored_path", flat=True))
        files = [Path(settings.MEDIA_ROOT) / p for p in sorted(paths - still_used)]

        letters = 0
        for letter in Letter.objects.filter(application=app):
            # An issued letter is frozen (Letter.save refuses): this update is the one sanctioned exception,
            # taking the personal data out and keeping the legal text.
            Letter.objects.filter(pk=letter.pk).update(content=_redact(letter.content, secrets), docx=None, pdf=None)
            letters += 1
        _event(app, action="anonymise", actor=None, actor_label=SYSTEM, from_state=app.state, on=on,
               reason=f"个人信息保存期限（{settings.GONGKAI_PII_RETENTION_DAYS} 日）届满",
               data={"attachments_deleted": len(attachments), "letters_redacted": letters})

        def remove_files():
            for path in files:
                # Checked again after commit: an identical file uploaded meanwhile keeps it.
                rel = str(path.relative_to(settings.MEDIA_ROOT))
                if not Attachment.objects.filter(stored_path=rel).exists():
                    path.unlink(missing_ok=True)

        transaction.on_commit(remove_files)
    return app


def _redact(value, secrets: list[str]):
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, ANONYMISED_NAME)
        return value
    if isinstance(value, list):
        return [_redact(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _redact(v, secrets) for k, v in value.items()}
    return value


@dataclass
class AnonymiseSummary:
    due: int = 0
    anonymised: list[str] = field(default_factory=list)  # registration numbers
    skipped: list[str] = field(default_factory=list)


def anonymise_due(*, today: date, before: date | None = None, dry_run: bool = False) -> AnonymiseSummary:
    summary = AnonymiseSummary()
    for app in anonymisation_due(today=today, before=before).select_related("agency").iterator(chunk_size=200):
        summary.due += 1
        if dry_run:
            summary.anonymised.append(f"{app.agency.code} {app.number}")
            continue
        try:
            application_anonymise(application=app, on=today)
        except NotAnonymisable:  # changed since it was listed (a case filed, another run got there first)
            summary.skipped.append(f"{app.agency.code} {app.number}")
        else:
            summary.anonymised.append(f"{app.agency.code} {app.number}")
    log.info("anonymisation: %d due, %d anonymised, %d skipped%s", summary.due, len(summary.anonymised),
             len(summary.skipped), " (dry run)" if dry_run else "")
    return summary


# --- key rotation -------------------------------------------------------------------------------------------

def encrypted_fields(model) -> list[str]:
    return [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]


@dataclass
class RotateSummary:
    rows: int = 0
    values: int = 0


def rotate_model(model, *, also: tuple[str, ...] = (), batch: int = 500) -> RotateSummary:
    """Re-encrypt every encrypted value of `model` with the newest key of GONGKAI_DATA_KEYS, saving `also` with
    them (fields save() recomputes from the newest keys, such as a lookup hash). Reading decrypts with any
    configured key, saving encrypts with the first; rows are done in batches, each its own transaction, so the
    command can be run again after an interruption (a value already under the newest key is simply
    re-encrypted)."""
    names = encrypted_fields(model)
    summary = RotateSummary()
    last = 0
    while True:
        with transaction.atomic():
            rows = list(model.objects.select_for_update().filter(pk__gt=last).order_by("pk")
                        .only("pk", *also, *names)[:batch])
            for row in rows:
                summary.values += sum(1 for n in names if getattr(row, n))
                row.save(update_fields=[*names, *also])
            summary.rows += len(rows)
        if len(rows) < batch:
            break
        last = rows[-1].pk
    return summary


def stale_values_of(model) -> int:
    """How many stored values of `model` are not encrypted with the newest key (what rotate-keys would fix)."""
    from django.db import connection

    keys = data_keys()
    names = encrypted_fields(model)
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(names)} FROM {model._meta.db_table}")
        for row in cursor.fetchall():
            count += sum(1 for v in row if v and not keys.encrypted_with_newest(v))
    return count


def rotate_keys(*, batch: int = 500) -> RotateSummary:
    """The applications' personal data under the newest keys; save() recomputes id_hash with the newest
    lookup key."""
    return rotate_model(Application, also=("id_hash",), batch=batch)


def stale_values() -> int:
    return stale_values_of(Application)

