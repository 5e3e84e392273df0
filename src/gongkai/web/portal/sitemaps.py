"""sitemap.xml: the platform pages of every agency and every public item, in sections that the sitemap
index pages (Django paginates a section past `limit` URLs)."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import http_date

from gongkai.web.agencies.models import Agency
from gongkai.web.registry.models import Item

from . import platform, selectors


class _Node:
    """What platform.has_catalogue reads of an agency and its ancestors."""

    __slots__ = ("pk", "code", "name", "level", "tier", "parent_id", "active")

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


class PlatformSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        # One query for the whole tree as plain rows, the paths from one reverse(), not one per URL: a province
        # has thousands of agencies, and this list is built again for the index's page count.
        agencies = [_Node(*row) for row in Agency.objects.order_by("sort", "code").values_list(*_Node.__slots__)]
        by_id = {a.pk: a for a in agencies}
        home = reverse("portal:agency", args=["CODE"])
        out = [reverse("portal:index")]
        for agency in agencies:
            if not agency.active or agency.level == "region":
                continue
            base = home.replace("CODE", agency.code)
            out += [base, f"{base}guide/", f"{base}system/", f"{base}statutory/", f"{base}annual/"]
            if platform.has_catalogue(agency, by_id):
                out.append(f"{base}catalogue/")
        return out

    def location(self, path):
        return path


class _PkRanges:
    """Sections by id range — section n holds the public items with id in ((n-1)·limit, n·limit] — instead
    of Django's OFFSET pages: the last section of a million items would read the million rows before it,
    and the count would read them all on every index request. A section may hold fewer than `limit` URLs
    (drafts and withdrawn items keep their ids), never more, so none passes the protocol's 50,000."""

    def __init__(self, queryset, per_page: int):
        self.queryset, self.per_page = queryset, per_page

    @cached_property
    def num_pages(self) -> int:
        top = Item.objects.aggregate(top=Max("pk"))["top"] or 0
        return max(1, -(-top // self.per_page))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("not a number") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("no such section")
        low = (number - 1) * self.per_page
        return SimpleNamespace(object_list=self.queryset.filter(pk__gt=low, pk__lte=low + self.per_page).iterator())


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 2000

    def items(self):
        # (id, updated_at) tuples: model instances cost more than the rest of a 5,000-URL section.
        return selectors.public_items().order_by("pk").values_list("pk", "updated_at")

    @property
    def paginator(self):
        return _PkRanges(self.items(), self.limit)

    def location(self, item):
        head, tail = self._around_pk
        return f"{head}{item[0]}{tail}"

    @cached_property
    def _around_pk(self) -> tuple[str, str]:
        # reverse() once, not once per URL (5,000 a section).
        head, tail = reverse("portal:item", args=[0]).rsplit("0", 1)
        return head, tail

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item — a million rows loaded for the index. The index's
        # <lastmod> is optional in the protocol; each section still gives every URL its own.
        return None


SITEMAPS = {"platform": PlatformSitemap, "items": ItemSitemap}

URLSET = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


@x_robots_tag
def section(request, section: str):
    """One section of sitemap.xml, the same XML as django.contrib.sitemaps' view writes, built as text: its
    template took ~0.5 s for a section of 5,000 URLs, this ~30 ms."""
    if section not in SITEMAPS:
        raise Http404("no such sitemap section")
    site = SITEMAPS[section]()
    base = f"{request.scheme}://{get_current_site(request).domain}"
    try:
        rows = site.paginator.page(request.GET.get("p", 1)).object_list
    except (EmptyPage, PageNotAnInteger):
        raise Http404("no such sitemap page") from None
    has_lastmod = callable(getattr(site, "lastmod", None))
    tail = f"<changefreq>{site.changefreq}</changefreq><priority>{site.priority}</priority></url>\n"
    parts, latest = [URLSET], None
    for row in rows:
        parts.append(f"<url><loc>{escape(base + site.location(row))}</loc>")
        if has_lastmod and (when := site.lastmod(row)) is not None:
            latest = when if latest is None or when > latest else latest
            day = timezone.localtime(when).date() if isinstance(when, datetime) else when
            parts.append(f"<lastmod>{day.isoformat()}</lastmod>")
        parts.append(tail)
    parts.append("</urlset>\n")
    response = HttpResponse("".join(parts), content_type="application/xml")
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response
