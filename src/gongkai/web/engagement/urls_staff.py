"""Staff pages of engagement, mounted at work/engagement/ (namespace "engagement")."""

from django.urls import include, path

app_name = "engagement"
urlpatterns: list = [
    # The records of responses, press conferences, interviews, meetings and trainings (urls_records).
    path("records/", include("gongkai.web.engagement.urls_records")),
]
