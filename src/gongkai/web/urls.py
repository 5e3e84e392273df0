from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from gongkai.web.api.views import api
from gongkai.web.portal import sitemaps as portal_sitemaps
from gongkai.web.portal.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("gongkai.web.common.urls")),
    path("reports/", include("gongkai.web.library.urls")),
    path("agencies/", include("gongkai.web.agencies.urls")),
    path("gk/search/", include("gongkai.web.search.urls")),
    path("work/reports/", include("gongkai.web.reports.urls_staff")),
    path("work/registry/", include("gongkai.web.registry.urls_staff")),
    path("work/engagement/", include("gongkai.web.engagement.urls_staff")),
    path("work/supervision/", include("gongkai.web.supervision.urls")),
    path("work/", include("gongkai.web.applications.urls_staff")),
    path("annual/", include("gongkai.web.reports.urls_public")),
    path("gk/<str:code>/messages/", include("gongkai.web.engagement.urls_public")),
    path("gk/<str:code>/website-report/", include("gongkai.web.supervision.urls_website_report_public")),
    path("gk/", include("gongkai.web.portal.urls")),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
         name="sitemap"),
    path("sitemap-<str:section>.xml", portal_sitemaps.section, name="sitemap_section"),
    path("", include("gongkai.web.applications.urls_public")),
]
