"""Supervision pages, mounted at work/supervision/ (namespace "supervision"). Each room has its own URL module
included here: the website monitor, the own-platform and new-media checks, the 网站年度报表, the assessment and
the region dashboards."""

from django.urls import include, path

app_name = "supervision"
urlpatterns: list = [
    path("website-report/", include("gongkai.web.supervision.urls_website_report")),  # 政府网站工作年度报表
    path("sites/", include("gongkai.web.supervision.sites.urls")),
    path("assessment/", include("gongkai.web.supervision.assessment.urls")),
    path("dashboard/", include("gongkai.web.supervision.dashboard.urls")),
    path("platform/", include("gongkai.web.supervision.platform_urls")),
]
