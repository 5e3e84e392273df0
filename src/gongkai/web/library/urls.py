from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.library_list, name="list"),
    path("export.<str:fmt>", views.library_export, name="export"),
    path("upload/", views.upload, name="upload"),
    path("upload/api/", views.upload_api, name="upload_api"),
    path("compare/", views.compare, name="compare"),
    path("compare/export.<str:fmt>", views.compare_export, name="compare_export"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/file", views.report_download, name="download"),
    path("<int:pk>/stats.json", views.report_json, name="json"),
]
