"""Key rotation for the writers' data (docs/privacy.md): messages keep the writer's name, contact and text
encrypted with GONGKAI_DATA_KEYS like applicants' data, so `gongkai pii rotate-keys` re-encrypts them too —
otherwise removing an old key after a rotation would leave them unreadable."""

from __future__ import annotations

from django.db import connection, transaction

from gongkai.web.applications.services.privacy import RotateSummary, encrypted_fields
from gongkai.web.common.crypto_fields import data_keys

from .models import Message


def rotate_keys(*, batch: int = 500) -> RotateSummary:
    """Re-encrypt every message's encrypted values with the newest key, in batches (each a transaction)."""
    names = encrypted_fields(Message)
    summary = RotateSummary()
    last = 0
    while True:
        with transaction.atomic():
            rows = list(Message.objects.select_for_update().filter(pk__gt=last).order_by("pk")
                        .only("pk", *names)[:batch])
            for message in rows:
                summary.values += sum(1 for n in names if getattr(message, n))
                message.save(update_fields=names)
            summary.rows += len(rows)
        if len(rows) < batch:
            break
        last = rows[-1].pk
    return summary


def stale_values() -> int:
    """How many stored message values are not encrypted with the newest key."""
    keys = data_keys()
    names = encrypted_fields(Message)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(names)} FROM {Message._meta.db_table}")
        return sum(1 for row in cursor.fetchall() for v in row if v and not keys.encrypted_with_newest(v))
