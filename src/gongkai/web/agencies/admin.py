"""Admin for the agency tree and staff roles. Every write goes through `services` (agency_upsert,
agency_delete, agencies_import, membership_grant, membership_revoke); the forms only validate.

Superusers manage agencies and memberships here but hold no role by being superusers (see models.py).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from gongkai.core.errors import GongkaiError

from .importing import COLUMN_LABELS
from .models import LEVELS, Agency, Membership
from .selectors import agency_tree
from .services import (
    AgencyImportError,
    AgencyInvalid,
    MembershipInvalid,
    agencies_import,
    agency_check,
    agency_delete,
    agency_upsert,
    membership_grant,
    membership_revoke,
    normalise_values,
)

FIELDS = ("code", "name", "short_name", "level", "tier", "parent", "uscc", "org_code", "reconsideration_body", "court",
          "office_name", "address", "postcode", "phone", "fax", "email", "office_hours", "website", "sort", "active",
          "report_four_eyes")
# The text fields passed to the services as they are (the services normalise and check them).
TEXT = ("short_name", "tier", "reconsideration_body", "court", "address", "phone", "email", "uscc", "org_code",
        "office_name", "office_hours", "fax", "postcode", "website")


class AgencyForm(forms.ModelForm):
    # Wider than the stored values: people type "12345678-9" and codes with spaces; clean() normalises them.
    uscc = forms.CharField(label="统一社会信用代码", max_length=40, required=False,
                           help_text=Agency._meta.get_field("uscc").help_text)
    org_code = forms.CharField(label="组织机构代码", max_length=20, required=False,
                               help_text=Agency._meta.get_field("org_code").help_text)

    class Meta:
        model = Agency
        fields = FIELDS

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data.update(normalise_values({k: data.get(k, "") for k in ("uscc", "org_code", "postcode")}))
        code = data.get("code", self.instance.code if self.instance.pk else "")
        try:
            agency_check(code=code, name=data.get("name", ""), level=data.get("level", ""),
                         parent=data.get("parent"), instance=self.instance if self.instance.pk else None,
                         **normalise_values({k: data.get(k, "") for k in TEXT if k != "tier"}))
        except AgencyInvalid as exc:
            raise forms.ValidationError(exc.errors) from None
        return data


class MembershipInline(admin.TabularInline):
    """Who holds which role here (read-only: grant and revoke on the 岗位角色 page)."""

    model = Membership
    extra = 0
    can_delete = False
    fields = ("user", "role", "granted_at", "granted_by")
    readonly_fields = fields
    verbose_name_plural = "岗位角色（在“岗位角色”中授予或撤销）"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ImportForm(forms.Form):
    file = forms.FileField(label="机关名录文件（CSV 或 XLSX）")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_filter = ("level", "active")
    search_fields = ("code", "name", "short_name", "uscc", "org_code")
    fieldsets = (
        (None, {"fields": ("code", "name", "short_name", "level", "tier", "parent", "uscc", "org_code")}),
        ("复议和诉讼", {"fields": ("reconsideration_body", "court")}),
        ("政府信息公开工作机构（用于文书和政府信息公开指南）", {
            "fields": ("office_name", "address", "postcode", "phone", "fax", "email", "office_hours", "website")}),
        ("其他", {"fields": ("sort", "active", "report_four_eyes")}),
    )
    ordering = ("sort", "code")
    list_select_related = ("parent",)
    list_per_page = 200
    autocomplete_fields = ("parent",)
    inlines = [MembershipInline]
    change_list_template = "admin/agencies/agency/change_list.html"

    class Media:
        css = {"all": ["gongkai/tree-depth.css", "agencies/admin-tree.css"]}  # tree indentation as classes (CSP: no style=)

    def get_list_display(self, request):
        # Indent names by depth: one query for the whole tree per changelist page.
        depth = {e.agency.pk: e.depth for e in agency_tree()}

        @admin.display(description="名称", ordering="name")
        def tree_name(obj):
            return format_html('<span class="tree-name tree-depth-{}">{}</span>', depth.get(obj.pk, 0), obj.name)

        return ("code", tree_name, "level", "parent", "reconsideration", "active")

    @admin.display(description="复议机关")
    def reconsideration(self, obj):
        try:
            return obj.reconsideration().name
        except GongkaiError as exc:
            return format_html('<span class="errornote">{}</span>', exc.message)

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        agency, _ = agency_upsert(
            code=obj.code, name=data["name"], level=data["level"], parent=data.get("parent"),
            **{k: data.get(k, "") for k in TEXT},
            sort=data.get("sort") or 0, active=data.get("active", True),
            report_four_eyes=data.get("report_four_eyes", True),
        )
        obj.pk = agency.pk

    def delete_model(self, request, obj):
        try:
            agency_delete(obj)
        except AgencyInvalid as exc:
            messages.error(request, exc.message)

    def delete_queryset(self, request, queryset):
        # Children before parents, so a whole branch selected together can go.
        depth = {e.agency.pk: e.depth for e in agency_tree()}
        for obj in sorted(queryset, key=lambda a: -depth.get(a.pk, 0)):
            self.delete_model(request, obj)

    def get_urls(self):
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="agencies_agency_import"),
            path("tree/", self.admin_site.admin_view(self.tree_view), name="agencies_agency_tree"),
        ]
        return own + super().get_urls()

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        errors: list[str] = []
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = agencies_import(upload.read(), upload.name)
            except AgencyImportError as exc:
                errors = exc.errors
            else:
                messages.success(request, f"已导入 {upload.name}：{summary.line()}")
                return redirect(reverse("admin:agencies_agency_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "导入机关名录",
            "form": form,
            "errors": errors,
            "columns": COLUMN_LABELS,
            "levels": LEVELS,
        }
        return TemplateResponse(request, "admin/agencies/agency/import.html", context)

    def tree_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "机关树",
            "entries": agency_tree(),
        }
        return TemplateResponse(request, "admin/agencies/agency/tree.html", context)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "agency", "role")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ("user", "agency", "role", "granted_at", "granted_by")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "agency__code", "agency__name")
    list_select_related = ("user", "agency", "granted_by")
    autocomplete_fields = ("user", "agency")

    def has_change_permission(self, request, obj=None):
        # A membership is a (user, agency, role) triple: revoke it and grant another instead of editing.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            membership, _ = membership_grant(user=obj.user, agency=obj.agency, role=obj.role, by=request.user)
        except MembershipInvalid as exc:
            messages.error(request, exc.message)
            return
        obj.pk = membership.pk

    def delete_model(self, request, obj):
        membership_revoke(user=obj.user, agency=obj.agency, role=obj.role)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("user", "agency"):
            self.delete_model(request, obj)
