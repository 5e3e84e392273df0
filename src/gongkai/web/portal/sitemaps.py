"""sitemap.xml: the platform pages of every agency and every public item, in sections that the sitemap
index pages (Django paginates a section past `limit` URLs)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.web.agencies.models import Agency

from . import platform, selectors


class PlatformSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        out = [("portal:index", ())]
        for agency in Agency.objects.filter(active=True).exclude(level="region").select_related("parent") \
                .order_by("sort", "code"):
            out.append(("portal:agency", (agency.code,)))
            for name in ("guide", "system", "statutory", "annual"):
                out.append((f"portal:{name}", (agency.code,)))
            if platform.info(agency).has_catalogue:
                out.append(("portal:catalogue", (agency.code,)))
        return out

    def location(self, entry):
        name, args = entry
        return reverse(name, args=args)


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return selectors.public_items().only("pk", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("portal:item", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"platform": PlatformSitemap, "items": ItemSitemap}
