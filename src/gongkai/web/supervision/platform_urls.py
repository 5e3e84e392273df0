"""The own-platform and new-media checks, included by supervision/urls.py at platform/ (namespace
"supervision")."""

from django.urls import path

from . import platform_views as v

urlpatterns = [
    path("", v.index, name="platform_index"),
    path("agency/<int:pk>/", v.agency_check, name="platform_agency"),
    path("agency/<int:pk>/column/<str:key>/", v.column, name="platform_column"),
    path("agency/<int:pk>/messages/", v.message_list, name="platform_messages"),
    path("agency/<int:pk>/record/", v.record, name="platform_record"),
    path("runs/<int:pk>/", v.run_detail, name="platform_run"),
    path("region/<int:pk>/", v.region, name="platform_region"),
    path("newmedia/", v.newmedia, name="newmedia"),
    path("newmedia/<int:pk>/", v.newmedia_account, name="newmedia_account"),
]
