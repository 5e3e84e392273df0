"""Admin: the holiday calendar only.

Applications are deliberately not in the admin: the admin is for administrators, and applicants' personal
data is for the handling agency's staff (the /work/ pages), so a superuser does not see it here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path

from gongkai.core.errors import GongkaiError

from .models import CalendarYear


class YearFileForm(forms.Form):
    file = forms.FileField(label="节假日安排数据文件（JSON，格式见 docs/calendar.md）")


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "loaded_at", "loaded_by")
    readonly_fields = ("year", "source", "data", "loaded_at", "loaded_by")
    change_list_template = "applications/admin/calendar_changelist.html"

    def has_add_permission(self, request):
        return False  # years are loaded from a file (load view below), never typed in by hand

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [path("load/", self.admin_site.admin_view(self.load_view), name="applications_calendaryear_load"),
                *super().get_urls()]

    def load_view(self, request):
        from . import services

        form = YearFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                row = services.calendar_year_load(data=form.cleaned_data["file"].read(), actor=request.user)
            except GongkaiError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, f"已录入 {row.year} 年节假日安排（{row.source}），暂定的答复期限已重新计算。")
                return redirect("admin:applications_calendaryear_changelist")
        return render(request, "applications/admin/calendar_load.html",
                      {**self.admin_site.each_context(request), "form": form, "title": "录入节假日安排",
                       "opts": self.model._meta})
