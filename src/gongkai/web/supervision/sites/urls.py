"""The website monitor's pages, included by supervision/urls.py at sites/ (names prefixed sites_)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.site_list, name="sites_list"),
    path("new/", views.site_new, name="sites_new"),
    path("<int:pk>/", views.site_detail, name="sites_detail"),
    path("<int:pk>/edit/", views.site_edit, name="sites_edit"),
    path("<int:pk>/check/", views.site_check, name="sites_check"),
    # The demo's fixture sites (GONGKAI_DEMO only; 404 otherwise): public pages, like any website.
    path("demo-web/<str:site>/", views.demo_page, {"path": ""}, name="sites_demo_home"),
    path("demo-web/<str:site>/<path:path>", views.demo_page, name="sites_demo_page"),
]
