"""Forms of the staff pages (/work/). They only parse and check the shape of the input; every rule lives in
the services, whose Chinese error messages the views put back on the form."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from gongkai.core.applications import vocab
from gongkai.core.applications.outcomes import OUTCOMES
from gongkai.core.clock import ANSWER_WORKDAYS, MAX_EXTENSION_WORKDAYS
from gongkai.core.templates import get_template

from .models import FeeCharge, Pause, ReviewCase

STAFF_CHANNELS = [(c.key, c.label) for c in vocab.CHANNELS if c.key != "online"]
RECEIPT_RULE_TEXT = {
    "submitted": "以提交之日为收到申请之日（口头申请由本机关当场代为填写申请）。",
    "signed": "以本机关签收之日为收到申请之日：请填写签收日期。",
    "confirmed": "以本机关与申请人双方确认之日为收到申请之日：已确认的请填写确认日期，"
                 "尚未确认的留空，登记后在办理页面“确认收到申请”。",
}
CHANNEL_RULES = {c.key: RECEIPT_RULE_TEXT[c.receipt_rule] for c in vocab.CHANNELS if c.key != "online"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def on_field(label: str = "日期") -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate)


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# --- registering an application ------------------------------------------------------------------------

class RegisterForm(forms.Form):
    agency = forms.TypedChoiceField(label="办理机关", coerce=int)
    channel = forms.ChoiceField(label="申请渠道", choices=STAFF_CHANNELS)
    submitted_at = forms.DateTimeField(label="提交（寄出、发送）时间", widget=DateTimeInput(),
                                       input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"])
    arrived_on = forms.DateField(label="信函实际收到日期（平常信函）", widget=DateInput(), required=False)
    received_on = forms.DateField(label="收到申请日期（签收或确认日期）", widget=DateInput(), required=False)

    applicant_type = forms.ChoiceField(label="申请人类型", choices=[(t.key, t.label) for t in vocab.APPLICANT_TYPES])
    applicant_name = forms.CharField(label="姓名或单位名称", max_length=200)
    id_kind = forms.ChoiceField(label="证件类型", choices=[(t.key, t.label) for t in vocab.ID_KINDS])
    id_number = forms.CharField(label="证件号码", max_length=64)
    contact_person = forms.CharField(label="联系人（法人或其他组织）", max_length=100, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.CharField(label="电子邮箱", max_length=200, required=False)
    address = forms.CharField(label="通信地址", max_length=300, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)

    title = forms.CharField(label="所需政府信息的名称", max_length=300)
    doc_number = forms.CharField(label="文号", max_length=100, required=False)
    description = forms.CharField(label="所需政府信息的特征描述", widget=textarea(4), required=False)
    purpose = forms.CharField(label="用途（选填）", widget=textarea(2), required=False)
    delivery_form = forms.ChoiceField(label="信息的提供形式", choices=[(t.key, t.label) for t in vocab.DELIVERY_FORMS])
    delivery_method = forms.ChoiceField(label="获取信息的方式",
                                        choices=[(t.key, t.label) for t in vocab.DELIVERY_METHODS])
    items = forms.IntegerField(label="件数", min_value=1, max_value=999, initial=1,
                               help_text="一份申请含多项内容的，按“一事一申请”原则拆分后的件数（按件计收信息处理费时累计）。")
    attachments = MultipleFileField(label="附件（申请书扫描件、身份证明等）", required=False)
    note = forms.CharField(label="登记备注", widget=textarea(2), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput())

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("submitted_at", timezone.localtime().replace(second=0, microsecond=0))


# --- actions on one application ------------------------------------------------------------------------

class ConfirmReceiptForm(forms.Form):
    on = on_field("确认收到日期")


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label="承办人", coerce=int, empty_value=None, required=False)

    def __init__(self, *args, handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "（取消分配）")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in handlers]


class RequestCorrectionForm(forms.Form):
    items = forms.CharField(label="需要补正的事项（一次性告知）", widget=textarea(4))
    period_days = forms.IntegerField(label="补正期限（日）", min_value=1, max_value=60, initial=15)
    on = on_field("告知日期")


class ReceiveCorrectionForm(forms.Form):
    text = forms.CharField(label="补正内容", widget=textarea(3), required=False)
    attachments = MultipleFileField(label="补正材料", required=False)
    on = on_field("收到补正日期")


class OnlyDateForm(forms.Form):
    on = on_field()


class StartConsultationForm(forms.Form):
    party = forms.CharField(label="被征求意见的第三方或机关", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=[c for c in Pause.KIND_CHOICES if c[0] != "fee"])
    on = on_field("征求意见日期")
    party_received_on = forms.DateField(
        label="对方收到征求意见书日期", widget=DateInput(), required=False,
        help_text="当场或以电子方式送达的填写；邮寄的留空，收到回执后在征求意见书页面登记送达。第三方的15个工作日自收到之日起算。")


class EndConsultationForm(forms.Form):
    note = forms.CharField(label="意见情况", widget=textarea(2), required=False)
    on = on_field("收到意见（结束）日期")


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=MAX_EXTENSION_WORKDAYS,
                              initial=MAX_EXTENSION_WORKDAYS)
    reason = forms.CharField(label="延期理由", widget=textarea(2))
    on = on_field("同意日期")


class ReplyPeriodForm(forms.Form):
    workdays = forms.IntegerField(label="合理答复期限（工作日）", min_value=ANSWER_WORKDAYS + 1,
                                  initial=ANSWER_WORKDAYS * 2,
                                  help_text="自收到申请（或补正）之日起计算，代替条例第三十三条的20个工作日。")
    reason = forms.CharField(label="理由", widget=textarea(3),
                             help_text="申请数量、频次明显超过合理范围的情况，申请人说明的理由，以及不能按期答复的原因。")
    on = on_field("确定日期")


class ChargeFeeForm(forms.Form):
    method = forms.ChoiceField(label="计收方式", choices=FeeCharge.METHOD_CHOICES, widget=forms.RadioSelect)
    units = forms.IntegerField(label="件数或页数", min_value=1,
                               help_text="按件：本申请按“一事一申请”拆分后的件数（与本月此前的件数累计计费）；按量：页数。")
    on = on_field("收费通知日期")


class OutcomeSelect(forms.Select):
    """Table 三 complete, but the two categories that only a lapsed correction or fee produce are disabled."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        outcome = OUTCOMES.get(str(value))
        if outcome is not None and outcome.ends_without_reply:
            option["attrs"]["disabled"] = True
        return option


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果（年度报告表三）", widget=OutcomeSelect)
    variant = forms.ChoiceField(label="答复方式", required=False)
    basis = forms.CharField(label="法律依据", widget=textarea(2), required=False,
                            help_text="选择办理结果后自动填入建议依据，可以修改。")
    reasons = forms.CharField(label="理由或说明", widget=textarea(4), required=False,
                              help_text="不予公开、部分公开的，应当说明理由；已主动公开的，写明获取方式和途径。")
    other_agency_name = forms.CharField(label="负责公开的机关", max_length=150, required=False)
    other_agency_contact = forms.CharField(label="该机关的联系方式", max_length=140, required=False)
    on = on_field("决定日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcome_choices()
        variants = [("", "一般答复")]
        for o in OUTCOMES.values():
            variants += [(v.key, f"{o.short_label}：{v.label}") for v in o.variants]
        self.fields["variant"].choices = variants

    def clean(self):
        data = super().clean()
        outcome = OUTCOMES.get(data.get("outcome", ""))
        variant = data.get("variant") or ""
        if outcome is not None and variant and variant not in {v.key for v in outcome.variants}:
            self.add_error("variant", "所选答复方式不适用于该办理结果。")
        if outcome is not None and outcome.ends_without_reply:
            self.add_error("outcome", "“逾期不补正”“逾期未缴费”由补正、收费流程自动产生，不能直接选择。")
        return data

    @property
    def other_agency(self) -> str:
        name = self.cleaned_data.get("other_agency_name", "").strip()
        contact = self.cleaned_data.get("other_agency_contact", "").strip()
        return f"{name}，{contact}" if name and contact else name


def outcome_choices() -> list:
    """Table 三's result rows with their verbatim labels: the two standalone rows, then one group per heading."""
    rows = get_template("2021").table3.rows
    choices: list = [("", "请选择")]
    groups: dict[str, list] = {}
    for row in rows:
        if row.key not in OUTCOMES:
            continue
        if row.group and row.group.startswith("（"):
            groups.setdefault(row.group, [])
            if not groups[row.group]:
                choices.append((row.group, groups[row.group]))
            groups[row.group].append((row.key, row.label))
        else:
            choices.append((row.key, row.label))
    return choices


class NoteForm(forms.Form):
    note = forms.CharField(label="审核意见", widget=textarea(2), required=False)
    on = on_field("审核日期")


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=textarea(2))
    on = on_field("退回日期")


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=[(t.key, t.label) for t in vocab.DELIVERY_METHODS],
                               required=False)
    on = on_field("送达日期")


class ReviewCaseForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ReviewCase.KIND_CHOICES)
    route = forms.ChoiceField(label="起诉方式（行政诉讼）", choices=ReviewCase.ROUTE_CHOICES, required=False)
    body = forms.CharField(label="复议机关或人民法院", max_length=200)
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    filed_on = forms.DateField(label="申请或立案日期", widget=DateInput())
    result = forms.ChoiceField(label="结果", choices=ReviewCase.RESULT_CHOICES, initial="pending")
    decided_on = forms.DateField(label="审结日期", widget=DateInput(), required=False)
    note = forms.CharField(label="备注", widget=textarea(2), required=False)


class CaseUpdateForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=ReviewCase.RESULT_CHOICES)
    decided_on = forms.DateField(label="审结日期", widget=DateInput(), required=False)
    note = forms.CharField(label="备注", widget=textarea(2), required=False)


class LetterEditForm(forms.Form):
    paragraphs = forms.CharField(label="正文（段落之间空一行）", widget=textarea(14),
                                 error_messages={"required": "告知书正文不能为空。"})
    basis = forms.CharField(label="法律依据", widget=textarea(2), required=False)

    def clean_paragraphs(self) -> list[str]:
        text = self.cleaned_data["paragraphs"].replace("\r\n", "\n")
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
        paragraphs = [p for p in paragraphs if p]
        if not paragraphs:
            raise forms.ValidationError("告知书正文不能为空。")
        return paragraphs


class LetterIssueForm(forms.Form):
    on = forms.DateField(label="发出日期", widget=DateInput(), required=False)
    channel = forms.ChoiceField(label="送达方式（当场送达的填写）", required=False,
                                choices=[("", "稍后登记")] + [(t.key, t.label) for t in vocab.DELIVERY_CHANNELS])
    delivered_on = forms.DateField(label="送达日期", widget=DateInput(), required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("channel")) != bool(data.get("delivered_on")):
            raise forms.ValidationError("当场送达的，请同时填写送达方式和送达日期；否则两项都留空，稍后登记送达。")
        return data


class LetterDeliveryForm(forms.Form):
    channel = forms.ChoiceField(label="送达方式", choices=[(t.key, t.label) for t in vocab.DELIVERY_CHANNELS])
    delivered_on = forms.DateField(label="送达日期（对方收到之日）", widget=DateInput())


class CalendarUploadForm(forms.Form):
    file = forms.FileField(label="节假日安排数据文件（JSON，格式见 docs/calendar.md）")
