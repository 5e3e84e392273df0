"""Registry staff pages, mounted by the project at work/registry/ (namespace "registry_work"), before the
applications' work/ routes. Object routes carry numeric ids only."""

from django.urls import path

from . import views_staff as v

app_name = "registry_work"
urlpatterns = [
    path("", v.queue, name="queue"),
    path("new/", v.item_new, name="new"),
    path("items/<int:pk>/", v.item_detail, name="detail"),
    path("items/<int:pk>/edit/", v.item_edit, name="edit"),
    path("items/<int:pk>/act/<slug:action>/", v.item_act, name="act"),
    path("items/<int:pk>/attachments/", v.attachment_upload, name="attachment_upload"),
    path("items/<int:pk>/versions/<int:number>/", v.version_detail, name="version"),
    path("attachments/<int:pk>/", v.attachment_download, name="attachment"),
    path("warnings/", v.warnings, name="warnings"),
    path("gazette/", v.gazette_list, name="gazette"),
    path("gazette/<int:pk>/", v.gazette_issue, name="gazette_issue"),
    path("gazette/<int:pk>/entries/", v.gazette_entry_add, name="gazette_entry_add"),
    path("gazette/<int:pk>/publish/", v.gazette_publish, name="gazette_publish"),
    path("catalogue/", v.catalogue, name="catalogue"),
    path("catalogue/new/", v.catalogue_new, name="catalogue_new"),
    path("catalogue/<int:pk>/edit/", v.catalogue_edit, name="catalogue_edit"),
]
