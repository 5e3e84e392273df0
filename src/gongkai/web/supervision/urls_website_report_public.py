"""The public page of a published 政府网站工作年度报表, mounted at gk/<code>/website-report/ (before the portal)."""

from django.urls import path

from . import views_website_report as v

app_name = "website_report_public"
urlpatterns = [
    path("<int:year>/", v.public_page, name="page"),
    path("<int:year>/<slug:fmt>/", v.public_file, name="file"),
]
