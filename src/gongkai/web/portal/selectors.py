"""Reads of the public platform. Only `state == "published"` items are public; an agency's lists are its
own items (lead agency) and the joint documents it co-issued, newest first."""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.db.models import Count, Q, QuerySet

from gongkai.web.agencies.models import Agency
from gongkai.web.registry.models import CatalogueEntry, Item, ItemAttachment, ItemVersion

from .models import GuideVersion

PUBLIC = "published"
LIST_FIELDS = ("pk", "agency_id", "title", "doc_number", "index_no", "published_on", "published_at", "genre",
               "validity", "subject")


def public_items() -> QuerySet[Item]:
    return Item.objects.filter(state=PUBLIC)


def agency_items(agency: Agency) -> QuerySet[Item]:
    """The agency's published items, newest first: its own, and joint documents it co-issued (few; their ids
    are read first so the main query keeps the (agency, state, published_on) index)."""
    joint = list(Item.co_agencies.through.objects.filter(agency_id=agency.pk).values_list("item_id", flat=True)[:5000])
    where = Q(agency=agency) | Q(pk__in=joint) if joint else Q(agency=agency)
    return public_items().filter(where).order_by("-published_on", "-id")


def with_statutory_code(qs: QuerySet[Item], code: str) -> QuerySet[Item]:
    """Items whose `art20` list holds `code`: JSON containment on PostgreSQL; on SQLite (where JSONField has
    no `contains` lookup) a match of the quoted code in the stored JSON text, which the item_agency_column
    index covers. Codes are vocab keys ("7", "c1", "t3": no quotes or wildcards), and the quotes keep "7"
    from matching "17" — measured 20 ms against 34 ms for json_each over 20,000 items (bench/portal.py)."""
    if connection.vendor == "postgresql":
        return qs.filter(art20__contains=[code])
    if not code.isalnum():
        return qs.none()
    table = Item._meta.db_table
    return qs.extra(where=[f'"{table}"."art20" LIKE %s'], params=[f'%"{code}"%'])


def column_items(agency: Agency, column: str, code: str | None = None) -> QuerySet[Item]:
    qs = agency_items(agency).filter(platform_column=column)
    if code is not None:
        qs = with_statutory_code(qs, code)
    return qs


def latest_guide(agency: Agency) -> GuideVersion | None:
    return GuideVersion.objects.filter(agency=agency).order_by("-number").first()


def guide_versions(agency: Agency) -> list[GuideVersion]:
    return list(GuideVersion.objects.filter(agency=agency).select_related("published_by").order_by("-number"))


def annual_reports(agency: Agency) -> list[dict]:
    """The agency's published annual reports of every year, newest year first: those built from the records
    (latest published version per year and scope) and those in the library filed under its name."""
    from gongkai.web.library.models import ReportStats
    from gongkai.web.reports.selectors import published_reports

    rows: dict[tuple, dict] = {}
    for r in published_reports(agency=agency):
        key = ("records", r.year, r.scope)
        if key not in rows or r.version > rows[key]["version"]:
            rows[key] = {"year": r.year, "source": "records", "scope": r.scope, "version": r.version,
                         "published": r.published_at, "report": r}
    names = {agency.name} | ({agency.short_name} if agency.short_name else set())
    for s in (ReportStats.objects.filter(agency__in=names, year__isnull=False).select_related("file")
              .order_by("-year", "-pk")):
        rows[("library", s.year, s.pk)] = {"year": s.year, "source": "library", "scope": "agency", "version": 1,
                                           "published": None, "report": s}
    return sorted(rows.values(), key=lambda r: (-r["year"], r["source"] != "records", r["scope"]))


def catalogue_areas(agency: Agency) -> Counter:
    return Counter(dict(CatalogueEntry.objects.filter(agency=agency).values("area").annotate(n=Count("pk"))
                        .values_list("area", "n")))


def catalogue_entries(agency: Agency, area: str) -> list[CatalogueEntry]:
    """The area's entries with, on each, `public_count` and `recent` (its newest three published items)."""
    entries = list(CatalogueEntry.objects.filter(agency=agency, area=area)
                   .annotate(public_count=Count("items", filter=Q(items__state=PUBLIC))).order_by("sort", "pk"))
    for e in entries:
        e.recent = list(public_items().filter(catalogue_entry=e).order_by("-published_on", "-id")
                        .only(*LIST_FIELDS)[:3]) if e.public_count else []
    return entries


def item_versions(item: Item) -> list[ItemVersion]:
    return list(ItemVersion.objects.filter(item=item).order_by("number"))


def public_attachment(item: Item, pk: int) -> ItemAttachment | None:
    """An attachment of a public item that was public in some version: current (not removed) or named in an
    earlier version's snapshot."""
    att = ItemAttachment.objects.filter(item=item, pk=pk).first()
    if att is None:
        return None
    if att.removed_in_version is None:
        return att
    for snap in ItemVersion.objects.filter(item=item).values_list("snapshot", flat=True):
        if pk in (snap or {}).get("attachments", []):
            return att
    return None
