"""Forms of the message boxes. The Django forms bound lengths and shapes; the rules (what is required, a
valid contact, box settings, what may be published) are the core's and the services', whose errors name
the field so the view shows each message next to it."""

from __future__ import annotations

from django import forms

from gongkai.core.engagement import messages as rules

from .models import BOX_KINDS


class WriteForm(forms.Form):
    box = forms.TypedChoiceField(label="信箱", coerce=int, required=False, empty_value=None,
                                 error_messages={"invalid_choice": "请选择信箱。"})
    writer_name = forms.CharField(label="姓名", required=False, max_length=rules.MAX_NAME * 2,
                                  widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact = forms.CharField(label="联系电话或电子邮箱", required=False, max_length=rules.MAX_CONTACT * 2,
                              widget=forms.TextInput(attrs={"autocomplete": "tel"}))
    subject = forms.CharField(label="标题", required=False, max_length=rules.MAX_SUBJECT * 2)
    body = forms.CharField(label="留言内容", required=False, max_length=rules.MAX_BODY * 2,
                           widget=forms.Textarea(attrs={"rows": 8}))
    may_publish = forms.BooleanField(label="同意公开", required=False,
                                     help_text="同意后，本机关可在答复后公开留言和答复的内容；公开前会删除姓名、联系方式、"
                                               "身份证号码、住址等个人信息。")
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, boxes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["box"].choices = [("", "请选择")] + [(b.pk, f"{b.name}（{BOX_KINDS[b.kind]}）") for b in boxes]

    def message_input(self) -> rules.MessageInput:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return rules.MessageInput(writer_name=data.get("writer_name") or self.data.get("writer_name", ""),
                                  contact=data.get("contact") or self.data.get("contact", ""),
                                  subject=data.get("subject") or self.data.get("subject", ""),
                                  body=data.get("body") or self.data.get("body", ""),
                                  may_publish=bool(data.get("may_publish")))


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                         "placeholder": "XXXX-XXXX-XXXX-XXXX"}),
                           error_messages={"required": "请填写查询码。", "max_length": "查询码为16位字母和数字。"})


# --- staff --------------------------------------------------------------------------------------------------

class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label="承办人", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "（退回待分办）")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in colleagues]


class ReplyForm(forms.Form):
    text = forms.CharField(label="答复内容", required=False, widget=forms.Textarea(attrs={"rows": 6}))


class InvalidForm(forms.Form):
    reason = forms.ChoiceField(label="无效原因", required=False,
                               choices=[("", "请选择")] + list(rules.INVALID_REASONS.items()))
    note = forms.CharField(label="说明", required=False, max_length=200)


class PublishForm(forms.Form):
    question = forms.CharField(label="公开的留言", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    reply = forms.CharField(label="公开的答复", required=False, widget=forms.Textarea(attrs={"rows": 6}))


class UnpublishForm(forms.Form):
    reason = forms.CharField(label="撤下原因", required=False, max_length=400)


class BoxForm(forms.Form):
    agency = forms.TypedChoiceField(label="机关", coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "请选择")] + list(BOX_KINDS.items()))
    name = forms.CharField(label="名称", required=False, max_length=200)
    reply_workdays = forms.IntegerField(label="答复时限（工作日）", required=False,
                                        error_messages={"invalid": "答复时限请填写整数（工作日）。"})
    intro = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
