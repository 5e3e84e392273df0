"""Key rotation for the writers' data (docs/privacy.md): messages keep the writer's name, contact and text
encrypted with GONGKAI_DATA_KEYS like applicants' data, so `gongkai pii rotate-keys` re-encrypts them too —
otherwise removing an old key after a rotation would leave them unreadable."""

from __future__ import annotations

from gongkai.web.applications.services.privacy import RotateSummary, rotate_model, stale_values_of

from .models import Message


def rotate_keys(*, batch: int = 500) -> RotateSummary:
    """Re-encrypt every message's encrypted values with the newest key, in batches (each a transaction)."""
    return rotate_model(Message, batch=batch)


def stale_values() -> int:
    """How many stored message values are not encrypted with the newest key."""
    return stale_values_of(Message)
