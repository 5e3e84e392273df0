"""Assessment pages, included by supervision/urls.py at work/supervision/assessment/ (namespace
"supervision:assessment"). The fixed prefixes come first: "published/1/" would otherwise read as region
"published", year 1."""

from django.urls import path

from . import views as v

app_name = "assessment"
urlpatterns = [
    path("", v.index, name="index"),
    path("published/<int:pk>/", v.ranking, name="ranking"),
    path("cards/<int:pk>/", v.card, name="card"),
    path("cards/<int:pk>/<slug:key>/", v.drill, name="drill"),
    path("<str:code>/<int:year>/", v.set_page, name="set"),
    path("<str:code>/<int:year>/create/", v.set_create, name="set_create"),
    path("<str:code>/<int:year>/meta/", v.set_meta, name="set_meta"),
    path("<str:code>/<int:year>/indicators/<slug:key>/", v.indicator, name="indicator"),
    path("<str:code>/<int:year>/indicators/<slug:key>/delete/", v.indicator_delete, name="indicator_delete"),
    path("<str:code>/<int:year>/preview/", v.preview, name="preview"),
    path("<str:code>/<int:year>/publish/", v.publish, name="publish"),
]
