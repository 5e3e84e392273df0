"""Reading the registry's audit hash chain back (gongkai.core.audit_chain) for `gongkai audit verify`: the
same walk as the applications' trail (web/applications/audit.py) over ItemEvent and its RegistryChainHead."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.core import audit_chain

from .models import ItemEvent, RegistryChainHead


def _links() -> Iterator[audit_chain.Link]:
    # Appends are serialised on the chain head row, so ids grow along the chain.
    for event in ItemEvent.objects.order_by("id").iterator(chunk_size=2000):
        yield audit_chain.Link(event.pk, event.chain_fields(), event.prev_hash, event.hash)


def verify_chain() -> tuple[int, audit_chain.Break | None]:
    """(events verified, the first break or None)."""
    head = RegistryChainHead.objects.filter(pk=1).first()
    if head is None:
        return audit_chain.verify(_links())
    return audit_chain.verify(_links(), head_hash=head.last_hash, head_count=head.count)
