from django.urls import path

from . import public

app_name = "search"
urlpatterns = [path("", public.search_page, name="page")]
