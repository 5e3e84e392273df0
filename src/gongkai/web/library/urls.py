from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.library_list, name="list"),
    path("export.<str:fmt>", views.library_export, name="export"),
    path("upload/", views.upload, name="upload"),
    path("upload/api/", views.upload_api, name="upload_api"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/new/", views.batch_new, name="batch_new"),
    path("batches/<uuid:public_id>/", views.batch_detail, name="batch"),
    path("batches/<uuid:public_id>/status.json", views.batch_status, name="batch_status"),
    path("batches/<uuid:public_id>/resume/", views.batch_resume, name="batch_resume"),
    path("compare/", views.compare, name="compare"),
    path("compare/export.<str:fmt>", views.compare_export, name="compare_export"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/file", views.report_download, name="download"),
    path("<int:pk>/crop.png", views.report_crop, name="crop"),
    path("<int:pk>/stats.json", views.report_json, name="json"),
    path("<int:pk>/split/", views.split_choose, name="split_choose"),
]
