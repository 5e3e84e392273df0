"""Forms of the engagement records' staff pages. The rules live in gongkai.core.engagement_records and the
services; the forms only turn the posted text into values."""

from __future__ import annotations

from django import forms

from gongkai.core.engagement_records import KINDS
from gongkai.web.registry.models import Item

RECENT_ITEMS = 300  # the newest published items offered for linking (plus those already linked)


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=[("", "请选择"), *KINDS.items()], required=False)
    held_on = forms.DateField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": "请填写有效的日期。"})
    topic = forms.CharField(label="主题", max_length=300, required=False)
    speakers = forms.CharField(label="发布人/嘉宾/主讲人", max_length=300, required=False)
    participants = forms.IntegerField(label="人数（人次）", required=False, min_value=0,
                                      help_text="培训班填写接受培训人员数；其他可不填",
                                      error_messages={"invalid": "人数应为整数。", "min_value": "人数不能小于0。"})
    channel = forms.CharField(label="渠道", max_length=100, required=False, help_text="如：门户网站、政务微博、新闻发布会")
    url = forms.CharField(label="链接", max_length=500, required=False)
    summary = forms.CharField(label="内容摘要", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    items = forms.ModelMultipleChoiceField(label="相关政府信息", queryset=Item.objects.none(), required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 8}),
                                           help_text="本机关已发布的政府信息（新闻发布会发布或解读的文件等）；按住 Ctrl 多选",
                                           error_messages={"invalid_choice": "只能选择本机关已发布的政府信息。",
                                                           "invalid_pk_value": "只能选择本机关已发布的政府信息。"})

    def __init__(self, *args, agency, linked=(), **kwargs):
        super().__init__(*args, **kwargs)
        public = Item.objects.filter(agency=agency, state="published")
        recent = list(public.order_by("-published_on", "-id").values_list("pk", flat=True)[:RECENT_ITEMS])
        self.fields["items"].queryset = public.filter(pk__in=set(recent) | {i.pk for i in linked}).order_by(
            "-published_on", "-id")
        self.fields["items"].label_from_instance = lambda i: f"{i.published_on} {i.title}（{i.index_no}）"

    def values(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in ("kind", "held_on", "topic", "speakers", "participants",
                                                       "channel", "url", "summary")}


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV 或 XLSX 文件", error_messages={"required": "请选择要导入的文件。"})
