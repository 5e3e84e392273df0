"""Admin: a read-only window on the library. Files enter through report_import (upload page, `gongkai import`)
and leave through report_delete, so the stored file and the rows never disagree."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html

from .models import ReportFile, ReportStats
from .services import report_delete


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportStats)
class ReportStatsAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "template", "figures_count", "error_count", "warning_count", "file")
    list_filter = ("template", "year", "agency_overridden")
    search_fields = ("agency", "file__original_name", "file__sha256")
    readonly_fields = (
        "file", "agency", "agency_overridden", "year", "template", "figures_count", "error_count",
        "warning_count", "compared_with", "stats_pretty", "findings_pretty",
    )
    exclude = ("stats", "findings")

    @admin.display(description="统计数据（JSON）")
    def stats_pretty(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.stats, ensure_ascii=False, indent=2))

    @admin.display(description="检查结果（JSON）")
    def findings_pretty(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.findings, ensure_ascii=False, indent=2))

    def delete_model(self, request, obj):
        report_delete(report=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("file"):
            report_delete(report=obj)


@admin.register(ReportFile)
class ReportFileAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "detected_format", "size", "uploaded_at", "uploaded_by", "parser_version")
    list_filter = ("detected_format", "parser_version")
    search_fields = ("original_name", "sha256")
    exclude = ("extracted_text",)
    readonly_fields = (
        "sha256", "original_name", "detected_format", "size", "stored_path", "uploaded_at", "uploaded_by",
        "parser_version",
    )

    def has_delete_permission(self, request, obj=None):
        return False  # delete the report (年报统计) instead: that also removes the stored file
