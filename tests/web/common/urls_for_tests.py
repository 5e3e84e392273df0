"""The project's URLs plus one view that fails, to see the 500 page a visitor gets."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", boom), path("", include("gongkai.web.urls"))]
