"""The region dashboards, included by supervision/urls.py at dashboard/ (namespace "dashboard")."""

from django.urls import path

from . import views as v

app_name = "dashboard"
urlpatterns = [
    path("", v.index, name="index"),
    path("<str:code>/<int:year>/", v.dashboard, name="dashboard"),
    path("<str:code>/<int:year>/export.<slug:fmt>", v.export, name="export"),
    path("<str:code>/<int:year>/records/<slug:kind>/", v.drill_list, name="list"),
]
