"""Staff pages of engagement, mounted at work/engagement/ (namespace "engagement")."""

from django.urls import include, path

from . import views_staff as views

app_name = "engagement"
urlpatterns = [
    path("messages/", views.queue, name="queue"),
    path("messages/<int:pk>/", views.detail, name="detail"),
    path("messages/<int:pk>/assign/", views.assign, name="assign"),
    path("messages/<int:pk>/reply/", views.reply, name="reply"),
    path("messages/<int:pk>/invalid/", views.mark_invalid, name="invalid"),
    path("messages/<int:pk>/publish/", views.publish, name="publish"),
    path("messages/<int:pk>/unpublish/", views.unpublish, name="unpublish"),
    path("boxes/", views.boxes, name="boxes"),
    path("boxes/new/", views.box_edit, name="box_new"),
    path("boxes/<int:pk>/", views.box_edit, name="box_edit"),
    # The records of responses, press conferences, interviews, meetings and trainings (urls_records).
    path("records/", include("gongkai.web.engagement.urls_records")),
]
