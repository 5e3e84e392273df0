"""Keeping the search index (gongkai.web.search) in step with the registry, inside the caller's transaction:
the registry's services call `item_changed` in the same transaction as the change, so a rolled-back
publication is never found and a withdrawn item is found no more."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.core.search.model import SearchDoc

# Attachment text beyond this is not indexed: the first pages of a long annex carry its words.
ATTACHMENT_TEXT_LIMIT = 50_000


def _agency_path(agency) -> tuple[int, ...]:
    """The agency's id and its ancestors' ids (the subtree filter: searching a region finds its departments)."""
    from gongkai.web.agencies.models import Agency

    path, seen, node = [], set(), agency
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        path.append(node.pk)
        node = Agency.objects.filter(pk=node.parent_id).only("pk", "parent_id").first() if node.parent_id else None
    return tuple(reversed(path))


def search_doc(item, *, agency_path: tuple[int, ...] | None = None) -> SearchDoc:
    attachments = [a.text for a in item.attachments.all() if a.removed_in_version is None and a.text]
    return SearchDoc(
        item_id=item.pk, title=item.title, doc_number=item.doc_number, index_no=item.index_no or "",
        body_text="\n".join(part for part in (item.summary, item.body_text) if part),
        attachment_text="\n".join(attachments)[:ATTACHMENT_TEXT_LIMIT], agency_id=item.agency_id,
        agency_path=agency_path or _agency_path(item.agency), subject=item.subject, genre=item.genre,
        year=item.published_on.year, validity=item.validity, channels=tuple(item.channels),
        published=item.published_on)


def item_changed(item) -> None:
    """Index a published item; remove anything else (withdrawn, filed, draft) from the index."""
    from gongkai.web.search import index

    if item.state == "published" and item.published_on is not None:
        index.index_document(search_doc(item))
    else:
        index.remove_document(item.pk)


def reindex_all(items: Iterable | None = None) -> int:
    """Rebuild the index from the registry (after a bulk load, or to repair it): every published item."""
    from gongkai.web.agencies.models import Agency
    from gongkai.web.registry.models import Item
    from gongkai.web.search import index

    parents = dict(Agency.objects.values_list("pk", "parent_id"))

    def path(pk: int) -> tuple[int, ...]:
        out, seen = [], set()
        while pk is not None and pk not in seen:
            seen.add(pk)
            out.append(pk)
            pk = parents.get(pk)
        return tuple(reversed(out))

    if items is None:
        index.clear_index()
        items = Item.objects.filter(state="published").prefetch_related("attachments").iterator(chunk_size=1000)
    docs = (search_doc(item, agency_path=path(item.agency_id)) for item in items)
    return index.index_documents(docs)
