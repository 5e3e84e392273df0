"""The applicant's pages. The project mounts this module at "" (the paths below are absolute)."""

from django.urls import path

from . import views_public as views

app_name = "public"
urlpatterns = [
    path("apply/", views.apply_agencies, name="apply"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("apply/done/receipt.pdf", views.apply_receipt_pdf, name="apply_receipt"),
    path("apply/<str:agency_code>/", views.apply_form, name="apply_form"),
    path("track/", views.track, name="track"),
    path("track/case/", views.track_case, name="track_case"),
    path("track/case/correction/", views.track_correction, name="track_correction"),
    path("track/case/letters/<int:pk>.pdf", views.track_letter_pdf, name="track_letter"),
    path("track/logout/", views.track_logout, name="track_logout"),
]
