"""What every hash-chained audit trail shares (the applications' ApplicationEvent, the registry's ItemEvent):
rows that are inserted once and never changed, appended one at a time after the chain head row is locked, and
walked back by `gongkai audit verify` (gongkai.core.audit_chain holds the hashing)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models

from gongkai.core import audit_chain


class InsertOnlyEvent(models.Model):
    """An audit event row: `save` inserts it once; changing or deleting it raises."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit events cannot be deleted")


def append(head_model, event):
    """Link `event` (unsaved, its fields set) to the chain whose head is `head_model`'s row 1, insert it and
    move the head. The head row is locked first (SELECT … FOR UPDATE), so concurrent appends take turns and
    each links to the event committed before it; call inside the caller's transaction, after its own row
    locks (one lock order, no deadlock)."""
    heads = head_model.objects.filter(pk=1)
    head = heads.select_for_update().values_list("last_hash", "count").first()
    if head is None:  # a fresh database: the migration creates the row, but a flushed test db has none
        head_model.objects.get_or_create(pk=1, defaults={"last_hash": audit_chain.GENESIS})
        head = heads.select_for_update().values_list("last_hash", "count").get()
    last_hash, count = head
    event.prev_hash = last_hash
    event.hash = audit_chain.event_hash(event.chain_fields(), event.prev_hash)
    event.save()
    # Still under the lock taken above: the head moves to this event in the same transaction.
    heads.update(last_hash=event.hash, last_event_id=event.pk, count=count + 1)
    return event


def _links(event_model) -> Iterator[audit_chain.Link]:
    # Appends are serialised on the chain head row, so ids grow along the chain.
    for event in event_model.objects.order_by("id").iterator(chunk_size=2000):
        yield audit_chain.Link(event.pk, event.chain_fields(), event.prev_hash, event.hash)


def verify(event_model, head_model) -> tuple[int, audit_chain.Break | None]:
    """(events verified, the first break or None) for one trail."""
    head = head_model.objects.filter(pk=1).first()
    if head is None:
        return audit_chain.verify(_links(event_model))
    return audit_chain.verify(_links(event_model), head_hash=head.last_hash, head_count=head.count)
