"""Reading the audit hash chain back (gongkai.core.audit_chain) for `gongkai audit verify`."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.core import audit_chain

from .models import ApplicationEvent, AuditChainHead


def _links() -> Iterator[audit_chain.Link]:
    # Insertion order: appends are serialised on the chain head, so ids grow along the chain.
    for event in ApplicationEvent.objects.order_by("id").iterator(chunk_size=2000):
        yield audit_chain.Link(event.pk, event.chain_fields(), event.prev_hash, event.hash)


def verify_chain() -> tuple[int, audit_chain.Break | None]:
    """(events verified, the first break or None)."""
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        return audit_chain.verify(_links())
    return audit_chain.verify(_links(), head_hash=head.last_hash, head_count=head.count)
