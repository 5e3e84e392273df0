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
    """Items whose `art20` list holds `code`: a GIN-indexed containment on PostgreSQL, json_each on SQLite
    (JSONField's `contains` lookup is not available there)."""
    if connection.vendor == "postgresql":
        return qs.filter(art20__contains=[code])
    table = Item._meta.db_table
    return qs.extra(where=[f'EXISTS (SELECT 1 FROM json_each("{table}"."art20") AS j WHERE j.value = %s)'],
                    params=[code])


def statutory_counts(agency: Agency) -> Counter:
    """Published items per art. 20/21 code of the agency's 法定主动公开内容 column, in one grouped query."""
    table = Item._meta.db_table
    if connection.vendor == "postgresql":
        sql = (f'SELECT j.code, COUNT(*) FROM "{table}" i, jsonb_array_elements_text(i."art20") AS j(code) '
               f'WHERE i."agency_id" = %s AND i."state" = %s AND i."platform_column" = %s GROUP BY j.code')
    else:
        sql = (f'SELECT j.value, COUNT(*) FROM "{table}" i, json_each(i."art20") AS j '
               f'WHERE i."agency_id" = %s AND i."state" = %s AND i."platform_column" = %s GROUP BY j.value')
    with connection.cursor() as cursor:
        cursor.execute(sql, [agency.pk, PUBLIC, "statutory"])
        return Counter({str(code): n for code, n in cursor.fetchall()})


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
