"""Keeping the search index in step with the registry, inside the caller's transaction."""

from __future__ import annotations


def item_changed(item) -> None:
    """Index a published item; remove anything else (withdrawn, filed) from the index."""
    # Wired to gongkai.web.search.index when that app lands (issue 10, search part).
    return None


def reindex_all() -> int:
    """Bring the whole index in step with the registry after a bulk load (the demo loader stores items in
    bulk, without a per-item `item_changed`). Returns the number of items visited.

    Hook point: until the search app is wired this calls `item_changed` for every item in batches; the lead
    replaces the body with the search app's own rebuild (e.g. `gongkai.web.search.index.rebuild()`)."""
    from .models import Item

    n = 0
    for item in Item.objects.select_related("agency").order_by("pk").iterator(chunk_size=2000):
        item_changed(item)
        n += 1
    return n
