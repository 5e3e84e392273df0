"""Staff pages of engagement, mounted at work/engagement/ (namespace "engagement")."""

from django.urls import path  # noqa: F401

app_name = "engagement"
urlpatterns: list = []
