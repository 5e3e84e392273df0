"""Published annual reports, mounted by the project at annual/ (namespace "annual")."""

from django.urls import path

from . import views_public as v

app_name = "annual"
urlpatterns = [
    path("", v.index, name="index"),
    path("<str:code>/<int:year>/", v.report, name="report"),
    path("<str:code>/<int:year>/v<int:version>/", v.report_version, name="version"),
    path("<str:code>/<int:year>/v<int:version>/<slug:fmt>/", v.download, name="download"),
]
