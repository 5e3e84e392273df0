"""Admin for the message boxes. Boxes are configuration (also managed by agency admins on
/work/engagement/boxes/); messages change only through the services, and their trail is insert-only, so
both are read-only here. The writer's name, contact and text are not shown: a superuser is not the
agency's staff."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from gongkai.core.engagement import messages as rules

from .models import Message, MessageBox, MessageEvent


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MessageBoxForm(forms.ModelForm):
    class Meta:
        model = MessageBox
        fields = "__all__"

    def clean_reply_workdays(self):
        value = self.cleaned_data["reply_workdays"]
        problem = rules.reply_workdays_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value


@admin.register(MessageBox)
class MessageBoxAdmin(admin.ModelAdmin):
    form = MessageBoxForm
    list_display = ("name", "agency", "kind", "reply_workdays", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "agency__name", "agency__code")
    raw_id_fields = ("agency",)

    def has_delete_permission(self, request, obj=None):
        return False  # messages point to their box (PROTECT); a box is closed by un-ticking 启用


@admin.register(Message)
class MessageAdmin(_ReadOnly):
    list_display = ("tracking_code", "agency", "box", "subject", "state", "received_on", "due_on", "replied_on",
                    "published")
    list_filter = ("state", "published", "box__kind")
    search_fields = ("tracking_code", "subject", "agency__code")
    fields = ("tracking_code", "agency", "box", "subject", "may_publish", "received_at", "received_on", "due_on",
              "state", "invalid_reason", "assignee", "replied_at", "replied_on", "published", "published_question",
              "published_reply", "published_at")
    readonly_fields = fields


@admin.register(MessageEvent)
class MessageEventAdmin(_ReadOnly):
    list_display = ("id", "message", "at", "action", "from_state", "to_state", "actor")
    list_filter = ("action",)
    fields = ("message", "at", "actor", "action", "from_state", "to_state", "reason", "data", "prev_hash", "hash")
    readonly_fields = fields
