"""Forms of the registry's staff pages. They only parse the input; every rule lives in the services
(core.registry.rules), whose Chinese sentences (InvalidItem.problems) the views put beside each field."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gongkai.core.registry import vocab
from gongkai.web.agencies.models import Agency

from . import bodies, selectors
from .models import CatalogueEntry, Item

BLANK = [("", "请选择")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def on_field(label: str = "日期") -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate)


def subject_choices() -> list:
    """主题分类 grouped by class: the class itself first, then its sub-classes."""
    groups: dict[str, list] = {}
    classes = {}
    for s in vocab.subjects().values():
        if s.parent is None:
            classes[s.code] = s.label
            groups[s.code] = [(s.code, f"{s.label}（大类）")]
        else:
            groups[s.parent].append((s.code, s.label.split("/", 1)[-1]))
    return [*BLANK, *[(classes[code], options) for code, options in groups.items()]]


def policy_label(item: Item) -> str:
    return f"{item.title}（{item.doc_number}）" if item.doc_number else item.title


class ItemForm(forms.Form):
    """The draft of one item (create and edit). `agency` decides the statutory items (art. 21 by tier), the
    catalogue entries and the policies an interpretation may point at."""

    title = forms.CharField(label="标题", max_length=300, required=False,
                            widget=forms.TextInput(attrs={"class": "wide"}))
    doc_number = forms.CharField(label="文号", max_length=100, required=False,
                                 help_text="如：示政发〔2026〕12号；没有文号的留空")
    written_on = date_field("成文日期")
    formed_on = date_field("形成或者变更日期", help_text="条例第二十六条：自形成或者变更之日起20个工作日内公开")
    subject = forms.ChoiceField(label="主题分类", required=False)
    genre = forms.ChoiceField(label="体裁", required=False)
    art20 = forms.MultipleChoiceField(label="法定主动公开事项", required=False, widget=forms.CheckboxSelectMultiple)
    catalogue_entry = forms.ChoiceField(label="标准目录事项", required=False,
                                        help_text="基层政务公开标准目录中本信息所对应的事项（可不选）")
    platform_column = forms.ChoiceField(label="平台栏目", choices=list(vocab.PLATFORM_COLUMNS.items()))
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body_html = forms.CharField(
        label="正文", required=False, widget=forms.Textarea(attrs={"rows": 14, "class": "body-editor"}),
        help_text="可直接粘贴文字（空行分段），也可粘贴网页或 WPS/Word 另存的 HTML；脚本、样式等不安全内容保存时自动清除")
    channels = forms.MultipleChoiceField(label="公开渠道", required=False, widget=forms.CheckboxSelectMultiple,
                                         choices=list(vocab.CHANNELS.items()))
    attribute = forms.ChoiceField(label="公开属性", choices=list(vocab.ATTRIBUTES.items()), widget=forms.RadioSelect,
                                  initial=vocab.ACTIVE)
    withholding_reason = forms.CharField(label="不主动公开理由", required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    withholding_basis = forms.ChoiceField(label="法律依据", required=False,
                                          choices=[*BLANK, *vocab.WITHHOLDING_BASES.items()])
    attribute_review_on = date_field("复核日期", help_text="条例第十八条：定期评估，应晚于今天")
    validity = forms.ChoiceField(label="有效性", required=False, choices=[("", "不适用"), *vocab.VALIDITY.items()],
                                 help_text="仅规章、行政规范性文件填写；新文件一般为“有效”")
    effective_from = date_field("施行日期")
    co_agencies = forms.MultipleChoiceField(label="联合发布机构", required=False,
                                            widget=forms.SelectMultiple(attrs={"size": 5}),
                                            help_text="联合发文时选择其他发布机构（按住 Ctrl 多选）；索引号使用本机关代码")
    interprets = forms.ChoiceField(label="所解读的政策文件", required=False,
                                   help_text="体裁为“政策解读”时，选择本机关已公开的被解读文件")

    SECTIONS = (
        ("基本信息", ("title", "doc_number", "written_on", "formed_on", "genre", "subject", "co_agencies")),
        ("公开属性（条例第十四条至第十八条）", ("attribute", "withholding_reason", "withholding_basis",
                                  "attribute_review_on")),
        ("栏目与渠道", ("platform_column", "art20", "catalogue_entry", "channels")),
        ("规章、规范性文件与政策解读", ("validity", "effective_from", "interprets")),
        ("内容", ("summary", "body_html")),
    )

    def __init__(self, *args, agency: Agency, exclude_pk: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["subject"].choices = subject_choices()
        self.fields["genre"].choices = [*BLANK, *((g.code, g.label) for g in vocab.genres().values())]
        self.fields["art20"].choices = list(vocab.statutory_items(selectors.statutory_tier(agency)).items())
        self.entries = {e.pk: e for e in CatalogueEntry.objects.filter(agency=agency)}
        self.fields["catalogue_entry"].choices = [("", "不对应标准目录事项"), *(
            (str(e.pk), f"{vocab.KEY_AREAS.get(e.area, e.area)} · {e.first_level}"
                        f"{' · ' + e.second_level if e.second_level else ''}") for e in self.entries.values())]
        self.others = {a.pk: a for a in Agency.objects.filter(active=True).exclude(pk=agency.pk)
                       .exclude(level="region").order_by("sort", "code")}
        self.fields["co_agencies"].choices = [(str(pk), a.name) for pk, a in self.others.items()]
        policies = (Item.objects.filter(agency=agency, state="published", genre__in=selectors.policy_genres())
                    .exclude(pk=exclude_pk).order_by("-published_on", "-id")[:500])
        self.policies = {p.pk: p for p in policies}
        self.fields["interprets"].choices = [("", "不适用"), *((str(p.pk), policy_label(p))
                                                             for p in self.policies.values())]
        self.fields["interprets"].widget.attrs["class"] = "js-searchable"

    @classmethod
    def initial_for(cls, item: Item) -> dict:
        values = {name: getattr(item, name) for name in (
            "title", "doc_number", "written_on", "formed_on", "subject", "genre", "art20", "platform_column",
            "summary", "body_html", "channels", "attribute", "withholding_reason", "withholding_basis",
            "attribute_review_on", "validity", "effective_from")}
        values["catalogue_entry"] = str(item.catalogue_entry_id or "")
        values["interprets"] = str(item.interprets_id or "")
        values["co_agencies"] = [str(pk) for pk in item.co_agencies.values_list("pk", flat=True)]
        return values

    def service_fields(self) -> dict:
        cd = self.cleaned_data
        fields = {name: cd[name] for name in (
            "title", "doc_number", "written_on", "formed_on", "subject", "genre", "art20", "platform_column",
            "summary", "body_html", "channels", "attribute", "withholding_reason", "withholding_basis",
            "attribute_review_on", "validity", "effective_from")}
        fields["catalogue_entry"] = self.entries.get(int(cd["catalogue_entry"])) if cd["catalogue_entry"] else None
        fields["interprets"] = self.policies.get(int(cd["interprets"])) if cd["interprets"] else None
        fields["co_agencies"] = [self.others[int(pk)] for pk in cd["co_agencies"]]
        return fields

    def sections(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.SECTIONS]


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", error_messages={"required": "请选择要上传的文件。",
                                                        "empty": "文件为空（0 字节）。"})


# --- the actions on one item ----------------------------------------------------------------------------

class OnForm(forms.Form):
    on = on_field()


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    on = on_field()


class ReviewForm(forms.Form):
    conclusion = forms.ChoiceField(label="审查结论", widget=forms.RadioSelect,
                                   choices=[("pass", "通过，可以公开"), ("fail", "未通过，不得公开")])
    opinion = forms.CharField(label="审查意见", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="未通过的须填写")
    referred_to = forms.CharField(label="报请确定的部门", required=False, max_length=200,
                                  help_text="不能确定是否可以公开时，报有关主管部门或者保密行政管理部门确定（条例第十七条）")
    on = on_field("审查日期")


CORRECTION_FIELDS = ("title", "doc_number", "written_on", "subject", "summary", "body_html", "effective_from")


class CorrectionProposeForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300, required=False)
    doc_number = forms.CharField(label="文号", max_length=100, required=False)
    written_on = date_field("成文日期")
    subject = forms.ChoiceField(label="主题分类", required=False)
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    body_html = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    effective_from = date_field("施行日期")
    reason = forms.CharField(label="更正原因", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, item: Item, **kwargs):
        kwargs.setdefault("initial", {name: getattr(item, name) for name in CORRECTION_FIELDS})
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["subject"].choices = subject_choices()

    def changes(self) -> dict:
        """The fields whose value differs from the published one."""
        out = {}
        for name in CORRECTION_FIELDS:
            new, old = self.cleaned_data[name], getattr(self.item, name)
            if isinstance(new, str):
                new = new.strip()
                old = (old or "").strip()
            if name == "body_html" and bodies.clean(new) == old:
                continue  # the textarea's round trip (line endings, spacing) is not a change
            if new != old:
                out[name] = new
        return out


class _CorrectionChoice(forms.Form):
    correction = forms.ChoiceField(label="更正")

    def __init__(self, *args, item: Item, states: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.corrections = {c.pk: c for c in item.corrections.filter(state__in=states)}
        self.fields["correction"].choices = [
            (str(c.pk), f"#{c.pk}（{c.reason[:30]}）") for c in self.corrections.values()]

    def chosen(self):
        return self.corrections[int(self.cleaned_data["correction"])]


class CorrectionReviewForm(_CorrectionChoice):
    conclusion = ReviewForm.base_fields["conclusion"]
    opinion = ReviewForm.base_fields["opinion"]
    on = on_field("审查日期")

    def __init__(self, *args, item: Item, **kwargs):
        super().__init__(*args, item=item, states=("proposed",), **kwargs)


class CorrectionApplyForm(_CorrectionChoice):
    on = on_field("发布日期")

    def __init__(self, *args, item: Item, **kwargs):
        super().__init__(*args, item=item, states=("reviewed",), **kwargs)


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="新的有效性", choices=list(vocab.VALIDITY.items()))
    successor = forms.ChoiceField(label="修改或替代文件", required=False, help_text="标为“已修改”的须选择")
    reason = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    on = on_field("变更日期")

    def __init__(self, *args, item: Item, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {i.pk: i for i in Item.objects.filter(agency=item.agency, state="published")
                           .exclude(pk=item.pk).order_by("-published_on", "-id")[:300]}
        self.fields["successor"].choices = [("", "无"), *((str(pk), policy_label(i))
                                                         for pk, i in self.candidates.items())]
        self.fields["successor"].widget.attrs["class"] = "js-searchable"

    def chosen_successor(self):
        raw = self.cleaned_data["successor"]
        return self.candidates.get(int(raw)) if raw else None


# --- gazette and catalogue ------------------------------------------------------------------------------

class GazetteIssueForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=1949, max_value=9999)
    number = forms.IntegerField(label="期号", min_value=1, max_value=999)
    total_number = forms.IntegerField(label="总期号", min_value=1, required=False)
    published_on = forms.DateField(label="出版日期", widget=DateInput())


class GazetteEntryForm(forms.Form):
    item = forms.ChoiceField(label="已公开的信息")
    section = forms.CharField(label="栏目", max_length=60, required=False, help_text="如：市政府文件、部门文件、人事任免")

    def __init__(self, *args, issue, **kwargs):
        super().__init__(*args, **kwargs)
        taken = issue.entries.values_list("item_id", flat=True)
        self.candidates = {i.pk: i for i in Item.objects.filter(agency=issue.agency, state="published")
                           .exclude(pk__in=taken).order_by("-published_on", "-id")[:300]}
        self.fields["item"].choices = [("", "请选择"), *((str(pk), f"{i.index_no} {policy_label(i)}")
                                                        for pk, i in self.candidates.items())]
        self.fields["item"].widget.attrs["class"] = "js-searchable"

    def chosen(self):
        return self.candidates.get(int(self.cleaned_data["item"])) if self.cleaned_data["item"] else None


class CatalogueEntryForm(forms.Form):
    area = forms.ChoiceField(label="试点领域", choices=[*BLANK, *vocab.KEY_AREAS.items()], required=False)
    first_level = forms.CharField(label="一级事项", max_length=100, required=False)
    second_level = forms.CharField(label="二级事项", max_length=200, required=False)
    content = forms.CharField(label="公开内容（要素）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label="公开依据", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    time_limit = forms.CharField(label="公开时限", max_length=200, initial=vocab.CATALOGUE_DEFAULT_TIME_LIMIT)
    responsible = forms.CharField(label="公开主体", max_length=200, required=False)
    channels = forms.MultipleChoiceField(label="公开渠道和载体", required=False, widget=forms.CheckboxSelectMultiple,
                                         choices=[(c, c) for c in vocab.CATALOGUE_CHANNEL_OPTIONS])
    audience = forms.ChoiceField(label="公开对象", choices=[("全社会", "全社会"), ("特定群体", "特定群体")])
    method = forms.ChoiceField(label="公开方式", choices=[("主动", "主动"), ("依申请", "依申请")])
    level = forms.CharField(label="公开层级", max_length=32, initial="县级")

    FIELDS = ("area", "first_level", "second_level", "content", "basis", "time_limit", "responsible", "channels",
              "audience", "method", "level")

    @classmethod
    def initial_for(cls, entry: CatalogueEntry) -> dict:
        return {name: getattr(entry, name) for name in cls.FIELDS}
