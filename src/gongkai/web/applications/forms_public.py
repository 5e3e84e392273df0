"""Forms of the public pages: the online application (条例 art. 29), tracking, and the online correction.

The Django forms only bound lengths and shapes; the rules of an application (which fields are required for
which applicant type, identity checksums, contact, delivery) are `services.ApplicationInput.clean()`, whose
InvalidApplication names the field so the view can show the message in the right place.
"""

from __future__ import annotations

from django import forms

from gongkai.core.applications import vocab

from .models import Application

PERSON = "natural_person"
ORGANISATION_TYPES = [(t.key, t.label) for t in vocab.APPLICANT_TYPES if t.key != PERSON]
PERSON_ID_KINDS = [(t.key, t.label) for t in vocab.ID_KINDS if t.group == PERSON]


def _max(name: str) -> int:
    return Application._meta.get_field(name).max_length


def _text(label: str, model_field: str, **kw) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=_max(model_field), **kw)


class ApplicationForm(forms.Form):
    """Every field optional at this level: ApplicationInput.clean() says what is missing, in Chinese."""

    applicant_type = forms.ChoiceField(
        label="申请人类型", required=False, widget=forms.RadioSelect,
        choices=[(PERSON, vocab.applicant_type(PERSON).label), (vocab.ORGANISATION_GROUP, ORGANISATION_TYPES)])

    # natural person
    person_name = _text("姓名", "applicant_name", widget=forms.TextInput(attrs={"autocomplete": "name"}))
    id_kind = forms.ChoiceField(label="证件类型", required=False, choices=PERSON_ID_KINDS, initial="resident_id")
    id_number = _text("证件号码", "id_number", widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))

    # legal person or other organisation
    org_name = _text("单位名称", "applicant_name", widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    org_code = forms.CharField(label="统一社会信用代码", required=False, max_length=30,
                               widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    contact_person = _text("联系人", "contact_person")

    # contact (at least one)
    phone = forms.RegexField(label="联系电话", required=False, max_length=_max("phone"),
                             regex=r"^[0-9+\-\s()（）转]{5,40}$",
                             error_messages={"invalid": "请填写有效的电话号码（数字，可含区号和“-”）。"},
                             widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label="电子邮箱", required=False, max_length=_max("email"),
                             error_messages={"invalid": "请填写有效的电子邮箱地址。"},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address = _text("通信地址", "address", widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    postcode = forms.RegexField(label="邮政编码", required=False, regex=r"^\d{6}$", max_length=6,
                                error_messages={"invalid": "邮政编码为6位数字。"},
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}))

    # the information requested
    title = _text("所需政府信息的名称", "title")
    doc_number = _text("文号", "doc_number")
    description = forms.CharField(label="所需政府信息的特征描述", required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    purpose = forms.CharField(label="用途（选填）", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    delivery_form = forms.ChoiceField(label="信息的提供形式", required=False, widget=forms.RadioSelect,
                                      choices=[(t.key, t.label) for t in vocab.DELIVERY_FORMS])
    delivery_method = forms.ChoiceField(label="获取信息的方式", required=False, widget=forms.RadioSelect,
                                        choices=[(t.key, t.label) for t in vocab.DELIVERY_METHODS])

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    # InvalidApplication.field (the service's names) → the form field that shows the message.
    def field_for(self, service_field: str | None) -> str | None:
        organisation = self.cleaned_data.get("applicant_type") not in ("", None, PERSON)
        mapping = {
            "applicant_name": "org_name" if organisation else "person_name",
            "id_number": "org_code" if organisation else "id_number",
            "id_kind": "org_code" if organisation else "id_kind",
            "contact": "phone",
            "attachments": None,  # shown beside the file input, which is not a form field
        }
        if service_field in mapping:
            return mapping[service_field]
        return service_field if service_field in self.fields else None

    def application_input(self):
        from .services import ApplicationInput

        # Tolerant of fields the form itself rejected (absent from cleaned_data): the service then reports what
        # else is missing, so the applicant sees every problem after one submit.
        raw = self.cleaned_data
        d = {name: raw.get(name) or "" for name in self.fields}
        kind = d["applicant_type"]
        organisation = kind not in ("", PERSON)
        return ApplicationInput(
            applicant_type=kind,
            applicant_name=d["org_name"] if organisation else d["person_name"],
            id_kind="uscc" if organisation else (d["id_kind"] or "resident_id"),
            id_number=d["org_code"] if organisation else d["id_number"],
            contact_person=d["contact_person"] if organisation else "",
            phone=d["phone"], email=d["email"], address=d["address"], postcode=d["postcode"],
            title=d["title"], doc_number=d["doc_number"], description=d["description"], purpose=d["purpose"],
            delivery_form=d["delivery_form"], delivery_method=d["delivery_method"],
        )


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                         "placeholder": "XXXX-XXXX-XXXX-XXXX"}),
                           error_messages={"required": "请填写查询码。"})
    verification = forms.CharField(label="验证信息", max_length=20,
                                   help_text="申请时所填证件号码（身份证号码或统一社会信用代码等）的最后六位。",
                                   widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
                                   error_messages={"required": "请填写验证信息。"})


class CorrectionForm(forms.Form):
    text = forms.CharField(label="补正内容", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
