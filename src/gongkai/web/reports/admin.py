"""Admin: annual reports and yearly figures, read-only.

Reports and figures are written through the services (staff pages, CLI) so that the workflow and its
checks always apply; the admin lists them for administrators and never edits or deletes them.
"""

from __future__ import annotations

from django.contrib import admin

from .models import AnnualReport, YearlyFigure


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "scope", "version", "status", "built_at", "published_at")
    list_filter = ("year", "status", "scope")
    search_fields = ("agency__name", "agency__code")
    list_select_related = ("agency",)


@admin.register(YearlyFigure)
class YearlyFigureAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "pointer", "value", "source", "entered_by", "entered_at")
    list_filter = ("year",)
    search_fields = ("agency__name", "agency__code", "pointer")
    list_select_related = ("agency", "entered_by")
