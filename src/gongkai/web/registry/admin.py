"""Admin for the registry: read-mostly. Items, versions, reviews, corrections, attachments and the audit
trail are shown but never written here (every write goes through the services, which check roles, keep the
hash chain and update the search index); staff work at /work/registry/. Only the 标准目录 and gazette issue
headers are editable by administrators, for fixing typos in data the services also write."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    CatalogueEntry,
    ConfidentialityReview,
    Correction,
    GazetteEntry,
    GazetteIssue,
    Item,
    ItemAttachment,
    ItemEvent,
    ItemVersion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = ItemVersion
    fields = ("number", "published_on", "published_by", "reason")
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = ItemAttachment
    fields = ("name", "content_type", "size", "sha256", "removed_in_version")
    readonly_fields = fields


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "agency", "doc_number", "genre", "state", "index_no", "published_on", "published_late")
    list_filter = ("state", "genre", "attribute", "published_late", "imported")
    search_fields = ("title", "doc_number", "index_no")
    list_select_related = ("agency",)
    date_hierarchy = "published_on"
    show_full_result_count = False
    inlines = [VersionInline, AttachmentInline]


@admin.register(ItemEvent)
class ItemEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "item", "action", "actor", "from_state", "to_state")
    list_filter = ("action",)
    search_fields = ("item__title", "item__index_no")
    list_select_related = ("item", "actor")
    show_full_result_count = False


@admin.register(ConfidentialityReview)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("item", "reviewer", "reviewed_on", "passed", "referred_to")
    list_select_related = ("item", "reviewer")


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ("item", "state", "proposed_by", "proposed_at", "applied_version")
    list_select_related = ("item", "proposed_by")


class GazetteEntryInline(ReadOnlyInline):
    model = GazetteEntry
    fields = ("sort", "section", "item")
    readonly_fields = fields


@admin.register(GazetteIssue)
class GazetteIssueAdmin(admin.ModelAdmin):
    list_display = ("__str__", "agency", "total_number", "published_on", "published")
    list_filter = ("published", "year")
    fields = ("agency", "year", "number", "total_number", "published_on", "published")
    readonly_fields = ("agency", "year", "number", "published")
    inlines = [GazetteEntryInline]

    def has_add_permission(self, request):
        return False  # issues are created by staff at /work/registry/gazette/

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(admin.ModelAdmin):
    list_display = ("agency", "area", "sort", "first_level", "second_level", "method")
    list_filter = ("area", "method")
    search_fields = ("first_level", "second_level", "agency__name")
    list_select_related = ("agency",)
    readonly_fields = ("agency",)

    def has_add_permission(self, request):
        return False  # entries are added by staff at /work/registry/catalogue/
