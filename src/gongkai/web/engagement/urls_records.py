"""The engagement records' staff pages, included from urls_staff at work/engagement/records/."""

from django.urls import path

from . import views_records as v

urlpatterns = [
    path("", v.record_list, name="records"),
    path("new/", v.record_new, name="record_new"),
    path("import/", v.record_import, name="record_import"),
    path("<int:pk>/", v.record_detail, name="record"),
    path("<int:pk>/edit/", v.record_edit, name="record_edit"),
    path("<int:pk>/delete/", v.record_delete, name="record_delete"),
]
