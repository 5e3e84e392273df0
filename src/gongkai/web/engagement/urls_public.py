"""The public side of engagement, mounted at gk/<code>/messages/ (namespace "engagement_public")."""

from django.urls import path  # noqa: F401

app_name = "engagement_public"
urlpatterns: list = []
