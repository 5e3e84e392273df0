"""Supervision pages, mounted at work/supervision/ (namespace "supervision"). Each room has its own URL module
included here: the website monitor, the own-platform and new-media checks, the 网站年度报表, the assessment and
the region dashboards."""

from django.urls import include, path  # noqa: F401

app_name = "supervision"
urlpatterns: list = [
    path("platform/", include("gongkai.web.supervision.platform_urls")),
]
