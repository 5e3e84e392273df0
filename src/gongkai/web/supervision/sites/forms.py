from __future__ import annotations

from django import forms

from gongkai.web.agencies.models import Agency

from .services import parse_columns_partial, validation_errors

COLUMNS_HELP = ("每行一个栏目：栏目名称 | 类型 | 网址 | CSS 选择器（可省）。类型为 动态（2周未更新即为不更新）、"
                "通知公告（6个月）或 其他。选择器留空则自动识别带日期的信息列表。")


class SiteForm(forms.Form):
    name = forms.CharField(label="网站名称", max_length=200)
    url = forms.CharField(label="首页网址", max_length=500, help_text="以 http:// 或 https:// 开头")
    owner = forms.ModelChoiceField(label="监管单位", queryset=Agency.objects.none(), empty_label=None)
    agency = forms.ModelChoiceField(label="主办机关", queryset=Agency.objects.none(), required=False,
                                    help_text="可不填")
    active = forms.BooleanField(label="监测中", required=False, initial=True)
    columns = forms.CharField(label="监测栏目", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=COLUMNS_HELP)

    def __init__(self, *args, owners, demo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.demo = demo
        self.fields["owner"].queryset = owners
        self.fields["agency"].queryset = Agency.objects.order_by("sort", "code")

    def clean_columns(self):
        columns, self.column_errors = parse_columns_partial(self.cleaned_data.get("columns", ""))
        return columns

    def clean(self):
        """Every problem after one submit: bad column lines, and the URLs and selectors of the good ones."""
        data = super().clean()
        errors = list(getattr(self, "column_errors", []))
        errors += validation_errors(data.get("name", "") or "", data.get("url", "") or "", data.get("columns") or [],
                                    demo=self.demo)
        for e in dict.fromkeys(errors):
            if e == "网站名称不能为空。" and "name" in self.errors:
                continue
            self.add_error(None, e)
        return data
