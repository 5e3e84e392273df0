"""The public platform, mounted by the project at gk/ (namespace "portal"). Fixed paths come before the
agency code. The search page (/gk/search/) is wired by the search app."""

from django.urls import path

from . import feeds, views, views_staff

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("display/", views.display, name="display"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/v/<int:number>/", views.item_version, name="item_version"),
    path("items/<int:pk>/files/<int:attachment>/", views.item_file, name="item_file"),
    path("index/<path:index_no>", views.item_by_index, name="item_by_index"),
    path("<str:code>/", views.agency_home, name="agency"),
    path("<str:code>/feed.rss", feeds.AgencyRss(), name="agency_rss"),
    path("<str:code>/feed.atom", feeds.AgencyAtom(), name="agency_atom"),
    path("<str:code>/guide/", views.guide, name="guide"),
    path("<str:code>/guide/v/<int:number>/", views.guide, name="guide_version"),
    path("<str:code>/guide/edit/", views_staff.guide_edit, name="guide_edit"),
    path("<str:code>/guide/regenerate/", views_staff.guide_regenerate, name="guide_regenerate"),
    path("<str:code>/system/", views.system, name="system"),
    path("<str:code>/statutory/", views.statutory, name="statutory"),
    path("<str:code>/statutory/<str:item>/", views.statutory_item, name="statutory_item"),
    path("<str:code>/statutory/<str:item>/feed.rss", feeds.AgencyRss(), name="statutory_rss"),
    path("<str:code>/statutory/<str:item>/feed.atom", feeds.AgencyAtom(), name="statutory_atom"),
    path("<str:code>/<str:column>/feed.rss", feeds.AgencyRss(), name="column_rss"),
    path("<str:code>/<str:column>/feed.atom", feeds.AgencyAtom(), name="column_atom"),
    path("<str:code>/annual/", views.annual, name="annual"),
    path("<str:code>/catalogue/", views.catalogue, name="catalogue"),
    path("<str:code>/catalogue/<str:area>/", views.catalogue_area, name="catalogue_area"),
    path("<str:code>/catalogue/<str:area>/<int:pk>/", views.catalogue_entry, name="catalogue_entry"),
]
