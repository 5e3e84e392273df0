"""Keeping the search index (gongkai.web.search) in step with the registry, inside the caller's transaction:
the registry's services call `item_changed` in the same transaction as the change, so a rolled-back
publication is never found and a withdrawn item is found no more."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.core.search.model import SearchDoc

# Attachment text beyond this is not indexed: the first pages of a long annex carry its words.
ATTACHMENT_TEXT_LIMIT = 50_000


# Deeper than any real tree (region → government → department is 3–6 levels): only a cycle written around
# the services reaches it, and the walk below stops at the first repeated id anyway.
_MAX_DEPTH = 64


def _agency_path(agency) -> tuple[int, ...]:
    """The agency's id and its ancestors' ids (the subtree filter: searching a region finds its departments).
    One recursive query for the whole chain, not one per ancestor (this runs in every publication)."""
    from django.db import connection

    from gongkai.web.agencies.models import Agency

    if agency.parent_id is None:
        return (agency.pk,)
    q = connection.ops.quote_name
    table, pk, parent = q(Agency._meta.db_table), q("id"), q("parent_id")
    with connection.cursor() as cur:
        cur.execute(
            f"WITH RECURSIVE up(node, parent, depth) AS ("
            f" SELECT {pk}, {parent}, 0 FROM {table} WHERE {pk} = %s"
            f" UNION ALL SELECT a.{pk}, a.{parent}, up.depth + 1 FROM {table} a JOIN up ON a.{pk} = up.parent"
            f" WHERE up.depth < %s) SELECT node FROM up ORDER BY depth", [agency.parent_id, _MAX_DEPTH])
        ancestors = [row[0] for row in cur.fetchall()]
    path, seen = [], set()
    for node in [agency.pk, *ancestors]:
        if node in seen:  # a cycle: stop where the walk would come round again
            break
        seen.add(node)
        path.append(node)
    return tuple(reversed(path))


def live_attachments(item) -> list[tuple[int, str]]:
    """(id, text) of the item's attachments not removed by a correction, in their order: one narrow query."""
    return list(item.attachments.filter(removed_in_version__isnull=True).order_by("sort", "id")
                .values_list("pk", "text"))


def search_doc(item, *, agency_path: tuple[int, ...] | None = None,
               attachments: list[tuple[int, str]] | None = None) -> SearchDoc:
    """`attachments`: live_attachments(item) when already read; by default the prefetched `attachments`
    (reindex_all) or one query."""
    if attachments is None:
        attachments = [(a.pk, a.text) for a in item.attachments.all() if a.removed_in_version is None]
    texts = [text for _pk, text in attachments if text]
    return SearchDoc(
        item_id=item.pk, title=item.title, doc_number=item.doc_number, index_no=item.index_no or "",
        body_text="\n".join(part for part in (item.summary, item.body_text) if part),
        attachment_text="\n".join(texts)[:ATTACHMENT_TEXT_LIMIT], agency_id=item.agency_id,
        agency_path=agency_path or _agency_path(item.agency), subject=item.subject, genre=item.genre,
        year=item.published_on.year, validity=item.validity, channels=tuple(item.channels),
        published=item.published_on)


def item_changed(item, *, attachments: list[tuple[int, str]] | None = None) -> None:
    """Index a published item; remove anything else (withdrawn, filed, draft) from the index."""
    from gongkai.web.search import index

    if item.state == "published" and item.published_on is not None:
        index.index_document(search_doc(item, attachments=attachments))
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
