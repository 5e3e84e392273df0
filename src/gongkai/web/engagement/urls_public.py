"""The public side of engagement, mounted at gk/<code>/messages/ (namespace "engagement_public")."""

from django.urls import path

from . import views_public as views

app_name = "engagement_public"
urlpatterns = [
    path("", views.index, name="index"),
    path("write/", views.write, name="write"),
    path("done/", views.done, name="done"),
    path("track/", views.track, name="track"),
]
