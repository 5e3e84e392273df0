"""The project's URLs plus the agency directory (until gongkai.web.urls includes it)."""

from django.urls import include, path

from gongkai.web.urls import urlpatterns as project

urlpatterns = [*project]
if not any(getattr(p, "namespace", None) == "agencies" for p in project):
    urlpatterns.append(path("agencies/", include("gongkai.web.agencies.urls")))
