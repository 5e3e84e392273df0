"""Staff pages for annual reports, mounted by the project at work/reports/ (namespace "reports_work").
Routes name agencies by code; the scope (agency or subtree) and the version travel in the query string."""

from django.urls import path

from . import views_staff as v

app_name = "reports_work"
urlpatterns = [
    path("", v.index, name="index"),
    path("board/<str:code>/<int:year>/", v.board, name="board"),
    path("<str:code>/<int:year>/", v.report_page, name="report"),
    path("<str:code>/<int:year>/build/", v.build, name="build"),
    path("<str:code>/<int:year>/sections/", v.sections, name="sections"),
    path("<str:code>/<int:year>/figures/", v.figures, name="figures"),
    path("<str:code>/<int:year>/figures/import/", v.figures_upload, name="figures_import"),
    path("<str:code>/<int:year>/approve/", v.approve, name="approve"),
    path("<str:code>/<int:year>/publish/", v.publish, name="publish"),
    path("<str:code>/<int:year>/correct/", v.correct, name="correct"),
    path("<str:code>/<int:year>/download/<slug:fmt>/", v.download, name="download"),
]
