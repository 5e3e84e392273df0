"""Staff pages, mounted by the project at work/ (namespace "work"). Object routes carry numeric ids only."""

from django.urls import path

from . import views_staff as v

app_name = "work"
urlpatterns = [
    path("", v.queue, name="queue"),
    path("login/", v.login, name="login"),
    path("logout/", v.logout, name="logout"),
    path("register/", v.register, name="register"),
    path("a/<int:pk>/", v.detail, name="detail"),
    path("a/<int:pk>/act/<slug:action>/", v.act, name="act"),
    path("a/<int:pk>/fee-preview/", v.fee_preview, name="fee_preview"),
    path("attachments/<int:pk>/", v.attachment, name="attachment"),
    path("letters/<int:pk>/", v.letter, name="letter"),
    path("letters/<int:pk>/issue/", v.letter_issue, name="letter_issue"),
    path("letters/<int:pk>/delivery/", v.letter_delivery, name="letter_delivery"),
    path("letters/<int:pk>/docx/", v.letter_docx, name="letter_docx"),
    path("letters/<int:pk>/pdf/", v.letter_pdf, name="letter_pdf"),
    path("cases/<int:pk>/", v.case_update, name="case_update"),
    path("calendar/", v.calendar, name="calendar"),
    path("supervision/", v.supervision, name="supervision"),
]
