from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("gongkai.web.common.urls")),
    path("reports/", include("gongkai.web.library.urls")),
    path("agencies/", include("gongkai.web.agencies.urls")),
    path("work/reports/", include("gongkai.web.reports.urls_staff")),
    path("work/registry/", include("gongkai.web.registry.urls_staff")),
    path("work/", include("gongkai.web.applications.urls_staff")),
    path("annual/", include("gongkai.web.reports.urls_public")),
    path("", include("gongkai.web.applications.urls_public")),
]
