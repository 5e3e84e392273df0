"""sitemap.xml: the platform pages of every agency and every public item, in sections that the sitemap
index pages (Django paginates a section past `limit` URLs)."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from gongkai.web.agencies.models import Agency
from gongkai.web.registry.models import Item

from . import platform, selectors


class PlatformSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        # One query for the whole tree; the paths are built from one reverse(), not one per URL (a province
        # has thousands of agencies, and this list is built again for the index's page count).
        agencies = list(Agency.objects.only("pk", "code", "name", "level", "tier", "parent_id", "sort", "active")
                        .order_by("sort", "code"))
        by_id = {a.pk: a for a in agencies}
        home = reverse("portal:agency", args=["CODE"])
        out = [reverse("portal:index")]
        for agency in agencies:
            if not agency.active or agency.level == "region":
                continue
            base = home.replace("CODE", agency.code)
            out.append(base)
            out += [f"{base}{name}/" for name in ("guide", "system", "statutory", "annual")]
            if platform.info(agency, by_id).has_catalogue:
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
    limit = 5000

    def items(self):
        return selectors.public_items().only("pk", "updated_at").order_by("pk")

    @property
    def paginator(self):
        return _PkRanges(self.items(), self.limit)

    def location(self, item):
        head, tail = self._around_pk
        return f"{head}{item.pk}{tail}"

    @cached_property
    def _around_pk(self) -> tuple[str, str]:
        # reverse() once, not once per URL (5,000 a section).
        head, tail = reverse("portal:item", args=[0]).rsplit("0", 1)
        return head, tail

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item — a million rows loaded for the index. The index's
        # <lastmod> is optional in the protocol; each section still gives every URL its own.
        return None


SITEMAPS = {"platform": PlatformSitemap, "items": ItemSitemap}
