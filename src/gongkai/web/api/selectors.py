"""Reads of public data for the API. Nothing here returns a draft, a filed (不公开) item, a withdrawn item in
a list, a staff member or an applicant.

    items(filters) -> QuerySet[Item]                 published items, newest first (published_on, id desc)
    item_for_detail(pk) -> Item | None               a published or withdrawn item (withdrawn → 410)
    agencies(filters) / catalogue(filters) / annual_reports(filters)
    page(qs, kind, cursor, limit, key)               one page after the cursor, and the next cursor
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import Prefetch, Q, TextField
from django.db.models.functions import Cast

from gongkai.core import cursor as cursors
from gongkai.core.errors import GongkaiError
from gongkai.core.registry import vocab
from gongkai.web.agencies.models import LEVELS, Agency
from gongkai.web.agencies.selectors import subtree_ids
from gongkai.web.registry.models import CatalogueEntry, Item, ItemAttachment
from gongkai.web.reports.models import SCOPES, AnnualReport

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


class BadParameter(GongkaiError):
    code = "invalid_parameter"
    default_message = "请求参数不正确。"


class NotFound(GongkaiError):
    code = "not_found"
    default_message = "未找到。"


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise NotFound(f"agency {code}", message=f"机关代码“{code}”不存在。")
    return agency


def _agency_ids(code: str | None, subtree: bool) -> list[int] | None:
    if not code:
        return None
    agency = _agency(code)
    return subtree_ids(agency) if subtree else [agency.pk]


def _choice(name: str, label: str, value: str | None, allowed) -> str | None:
    if value and value not in allowed:
        raise BadParameter(f"{name}={value}", message=f"参数 {name}（{label}）的值“{value}”无效。")
    return value or None


def _public_links():
    return Item.objects.filter(state="published").only("id", "index_no", "title")


def items(*, agency: str | None = None, subtree: bool = False, genre: str | None = None,
          subject: str | None = None, year: int | None = None, validity: str | None = None,
          channel: str | None = None, updated_since: datetime | None = None, index_no: str | None = None):
    qs = Item.objects.filter(state="published")
    ids = _agency_ids(agency, subtree)
    if ids is not None:
        qs = qs.filter(agency_id__in=ids)
    if _choice("genre", "体裁", genre, vocab.genres()):
        qs = qs.filter(genre=genre)
    if _choice("subject", "主题分类", subject, vocab.subjects()):
        # A class ("03") includes its sub-classes ("0301", …).
        qs = qs.filter(subject__startswith=subject) if len(subject) == 2 else qs.filter(subject=subject)
    if year is not None:
        qs = qs.filter(published_on__year=year)
    if _choice("validity", "有效性", validity, vocab.VALIDITY):
        qs = qs.filter(validity=validity)
    if _choice("channel", "公开渠道", channel, vocab.CHANNELS):
        if connection.vendor == "postgresql":
            # JSON containment: the GIN index item_channels_gin serves it and gives the planner real estimates.
            qs = qs.filter(channels__contains=[channel])
        else:
            # SQLite has no JSON containment lookup: the codes are quoted in the stored text.
            qs = qs.annotate(channels_text=Cast("channels", TextField())).filter(
                channels_text__contains=f'"{channel}"')
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    if index_no:
        qs = qs.filter(index_no=index_no.strip())
    return with_relations(qs).order_by("-published_on", "-id")


def with_relations(qs):
    return qs.select_related("agency").prefetch_related(
        "co_agencies",
        Prefetch("attachments", queryset=ItemAttachment.objects.filter(removed_in_version__isnull=True)
                 .order_by("sort", "id")),
        Prefetch("interpretations", queryset=_public_links().order_by("published_on", "id")),
        Prefetch("interprets", queryset=_public_links()),
        Prefetch("successor", queryset=_public_links()),
    )


def item_for_detail(pk: int) -> Item | None:
    return with_relations(Item.objects.filter(pk=pk, state__in=("published", "withdrawn"))).first()


def agencies(*, parent: str | None = None, level: str | None = None, under: str | None = None):
    qs = Agency.objects.select_related("parent")
    if parent:
        qs = qs.filter(parent=_agency(parent))
    if _choice("level", "级别", level, LEVELS):
        qs = qs.filter(level=level)
    if under:
        qs = qs.filter(pk__in=subtree_ids(_agency(under)))
    return qs.order_by("code")


def catalogue(*, agency: str | None = None, subtree: bool = False, area: str | None = None):
    qs = CatalogueEntry.objects.select_related("agency")
    ids = _agency_ids(agency, subtree)
    if ids is not None:
        qs = qs.filter(agency_id__in=ids)
    if _choice("area", "试点领域", area, vocab.KEY_AREAS):
        qs = qs.filter(area=area)
    return qs.order_by("id")


def annual_reports(*, agency: str | None = None, subtree: bool = False, year: int | None = None,
                   scope: str | None = None):
    qs = AnnualReport.objects.filter(status="published").select_related("agency")
    ids = _agency_ids(agency, subtree)
    if ids is not None:
        qs = qs.filter(agency_id__in=ids)
    if year is not None:
        qs = qs.filter(year=year)
    if _choice("scope", "范围", scope, SCOPES):
        qs = qs.filter(scope=scope)
    return qs.order_by("id")


@dataclass
class Page:
    rows: list
    next_cursor: str | None


def _after(qs, kind: str, cursor: str):
    """The rows after the cursor's key in the list's order."""
    if kind == "items":
        day, pk = cursors.decode(kind, cursor, 2)
        try:
            day = date.fromisoformat(day)
        except (TypeError, ValueError):
            raise cursors.InvalidCursor("bad date") from None
        if not isinstance(pk, int):
            raise cursors.InvalidCursor("bad id")
        # The redundant `published_on <= day` is an index bound both databases start the scan at; the OR alone
        # made them walk the index from the newest item (50 pages in: ~180 ms at a million, bench/portal.py).
        return qs.filter(Q(published_on__lt=day) | Q(published_on=day, id__lt=pk), published_on__lte=day)
    (key,) = cursors.decode(kind, cursor, 1)
    if kind == "agencies":
        if not isinstance(key, str):
            raise cursors.InvalidCursor("bad code")
        return qs.filter(code__gt=key)
    if not isinstance(key, int):
        raise cursors.InvalidCursor("bad id")
    return qs.filter(id__gt=key)


def _key(kind: str, row) -> tuple:
    if kind == "items":
        return (row.published_on.isoformat(), row.pk)
    return (row.code,) if kind == "agencies" else (row.pk,)


def page(qs, *, kind: str, cursor: str | None, limit: int) -> Page:
    """Keyset pagination: stable under inserts (a new item never shifts a later page) and index-friendly.
    Orders: items (published_on, id) descending, agencies by code, the other lists by id."""
    if not 1 <= limit <= MAX_LIMIT:
        raise BadParameter(f"limit={limit}", message=f"参数 limit 应在 1 到 {MAX_LIMIT} 之间。")
    if cursor:
        qs = _after(qs, kind, cursor)
    rows = list(qs[:limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, cursors.encode(kind, *_key(kind, rows[-1])) if more else None)
