"""The 政府网站工作年度报表 staff pages, included from supervision/urls.py at work/supervision/website-report/."""

from django.urls import path

from . import views_website_report as v

urlpatterns = [
    path("", v.index, name="website_reports"),
    path("<int:agency_pk>/<int:year>/", v.detail, name="website_report"),
    path("<int:agency_pk>/<int:year>/generate/", v.generate, name="website_report_generate"),
    path("v/<int:pk>/", v.version, name="website_report_version"),
    path("v/<int:pk>/edit/", v.edit, name="website_report_edit"),
    path("v/<int:pk>/publish/", v.publish, name="website_report_publish"),
    path("v/<int:pk>/correct/", v.correct, name="website_report_correct"),
    path("v/<int:pk>/download/<slug:fmt>/", v.download, name="website_report_download"),
]
