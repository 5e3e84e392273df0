"""Keeping the search index in step with the registry, inside the caller's transaction."""

from __future__ import annotations


def item_changed(item) -> None:
    """Index a published item; remove anything else (withdrawn, filed) from the index."""
    # Wired to gongkai.web.search.index when that app lands (issue 10, search part).
    return None
