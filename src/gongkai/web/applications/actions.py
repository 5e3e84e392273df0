"""The staff actions on one application, as one table: the form that reads the input, the service call that
does the work, and the message shown when it succeeded.

Which actions a user may take now is the core workflow's answer (`workflow.available_actions`, from the
state, the facts of the case and the user's roles); this table only pairs each action with its form and
service. The detail page offers every available action; `act` runs one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model

from gongkai.core.applications import workflow
from gongkai.core.roles import may_act
from gongkai.web.agencies.selectors import user_roles

from . import forms_staff as f
from . import services
from .models import Application

# Actions outside the state machine that the detail page offers, and the role each needs.
EXTRA_ACTION_ROLES = {"record_review": "handler"}
TITLES = {**workflow.ACTION_LABELS, "record_review": "登记复议、诉讼案件"}


@dataclass(frozen=True)
class StaffAction:
    form: type[forms.Form]
    run: Callable[[Application, forms.Form, object], object]  # (application, valid form, user) → result
    done: Callable[[object], str]  # the result → the success message


def uploads(files) -> list[services.Upload]:
    return [services.Upload(name=u.name, data=u.read()) for u in files or ()]


def handlers(app: Application) -> list:
    """The handlers of the application's agency (the choices of `assign`)."""
    return list(get_user_model().objects.filter(agency_memberships__agency=app.agency,
                                                agency_memberships__role="handler", is_active=True)
                .order_by("username").distinct())


def _assign(app, form, user):
    chosen = form.cleaned_data["assignee"]
    assignee = None
    if chosen is not None:
        assignee = next((u for u in handlers(app) if u.pk == chosen), None)
        if assignee is None:
            raise services.ActionRefused("assignee", message="只能分配给本机关的承办人。")
    services.application_assign(application=app, actor=user, assignee=assignee)
    return assignee


def _on(service: Callable, **fixed) -> Callable:
    """A runner for actions whose form holds only the date (and the fixed arguments)."""
    return lambda app, form, user: service(application=app, actor=user, on=form.cleaned_data["on"], **fixed)


def _said(text: str) -> Callable[[object], str]:
    return lambda _result: text


ACTIONS: dict[str, StaffAction] = {
    "confirm_receipt": StaffAction(
        f.ConfirmReceiptForm, _on(services.application_confirm_receipt), _said("已确认收到申请，答复期限开始计算。")),
    "assign": StaffAction(
        f.AssignForm, _assign,
        lambda who: f"已分办给 {who.get_full_name() or who.get_username()}。" if who else "已取消分配。"),
    "request_correction": StaffAction(
        f.RequestCorrectionForm,
        lambda app, form, user: services.application_request_correction(
            application=app, actor=user, items=form.cleaned_data["items"],
            period_days=form.cleaned_data["period_days"], on=form.cleaned_data["on"]),
        _said("已记录补正告知，补正告知书草稿已生成。")),
    "receive_correction": StaffAction(
        f.ReceiveCorrectionForm,
        lambda app, form, user: services.application_receive_correction(
            application=app, actor=user, text=form.cleaned_data["text"],
            attachments=uploads(form.cleaned_data["attachments"]), on=form.cleaned_data["on"]),
        _said("已收到补正申请，答复期限自收到补正之日起重新计算。")),
    "correction_lapsed": StaffAction(
        f.OnlyDateForm, _on(services.application_correction_lapsed),
        _said("已按逾期未补正终止办理，终止办理告知书草稿已生成。")),
    "start_consultation": StaffAction(
        f.StartConsultationForm,
        lambda app, form, user: services.application_start_consultation(
            application=app, actor=user, party=form.cleaned_data["party"], kind=form.cleaned_data["kind"],
            on=form.cleaned_data["on"], party_received_on=form.cleaned_data["party_received_on"]),
        _said("已记录征求意见，征求意见期间不计入答复期限；告知书和征求意见书草稿已生成。")),
    "end_consultation": StaffAction(
        f.EndConsultationForm,
        lambda app, form, user: services.application_end_consultation(
            application=app, actor=user, on=form.cleaned_data["on"], note=form.cleaned_data["note"]),
        _said("征求意见已结束，答复期限恢复计算。")),
    "extend": StaffAction(
        f.ExtendForm,
        lambda app, form, user: services.application_extend(
            application=app, actor=user, days=form.cleaned_data["days"], reason=form.cleaned_data["reason"],
            on=form.cleaned_data["on"]),
        _said("已同意延期答复，延期答复告知书草稿已生成。")),
    "set_reply_period": StaffAction(
        f.ReplyPeriodForm,
        lambda app, form, user: services.application_set_reply_period(
            application=app, actor=user, workdays=form.cleaned_data["workdays"],
            reason=form.cleaned_data["reason"], on=form.cleaned_data["on"]),
        _said("已确定合理答复期限，延迟答复告知书草稿已生成。")),
    "charge_fee": StaffAction(
        f.ChargeFeeForm,
        lambda app, form, user: services.application_charge_fee(
            application=app, actor=user, method=form.cleaned_data["method"], units=form.cleaned_data["units"],
            on=form.cleaned_data["on"]),
        lambda charge: f"已记录收费（{charge.amount_yuan} 元），收费通知书草稿已生成；发出并送达后开始计算缴费期限。"),
    "fee_paid": StaffAction(f.OnlyDateForm, _on(services.application_fee_paid), _said("已确认缴费，答复期限恢复计算。")),
    "fee_lapsed": StaffAction(
        f.OnlyDateForm, _on(services.application_fee_lapsed), _said("已按逾期未缴费终止办理，终止办理告知书草稿已生成。")),
    "decide": StaffAction(
        f.DecideForm,
        lambda app, form, user: services.application_decide(
            application=app, actor=user, outcome=form.cleaned_data["outcome"],
            reasons=form.cleaned_data["reasons"], basis=form.cleaned_data["basis"],
            variant=form.cleaned_data["variant"] or "", other_agency=form.other_agency, on=form.cleaned_data["on"]),
        _said("已作出办理决定，答复告知书草稿已生成。")),
    "approve_decision": StaffAction(
        f.NoteForm,
        lambda app, form, user: services.application_approve_decision(
            application=app, actor=user, on=form.cleaned_data["on"], note=form.cleaned_data["note"]),
        _said("审核通过，可以发出答复。")),
    "return_decision": StaffAction(
        f.ReturnForm,
        lambda app, form, user: services.application_return_decision(
            application=app, actor=user, reason=form.cleaned_data["reason"], on=form.cleaned_data["on"]),
        _said("已退回重新办理。")),
    "issue_reply": StaffAction(
        f.OnlyDateForm, lambda app, form, user: services.reply_issue(
            application=app, actor=user, on=form.cleaned_data["on"]),
        lambda letter: f"答复告知书已发出（{letter.number}）。"),
    "deliver": StaffAction(
        f.DeliverForm,
        lambda app, form, user: services.application_deliver(
            application=app, actor=user, method=form.cleaned_data["method"], on=form.cleaned_data["on"]),
        _said("已登记送达。")),
    "archive": StaffAction(f.OnlyDateForm, _on(services.application_archive), _said("已归档。")),
    "record_review": StaffAction(
        f.ReviewCaseForm,
        lambda app, form, user: services.review_case_record(
            application=app, actor=user, **{k: form.cleaned_data[k] for k in (
                "kind", "body", "filed_on", "route", "case_number", "result", "decided_on", "note")}),
        _said("已登记复议、诉讼案件。")),
}


def available(user, app: Application) -> list[str]:
    """The actions this user may take on this application now, in the workflow's order."""
    roles = user_roles(user, app.agency)
    out = list(workflow.available_actions(app.state, services.case_facts(app), roles))
    if app.state in workflow.CONCLUDED_STATES and may_act(roles, EXTRA_ACTION_ROLES["record_review"]):
        out.append("record_review")
    return out


def role_needed(action: str) -> str:
    return workflow.ROLE_FOR_ACTION.get(action) or EXTRA_ACTION_ROLES.get(action, "handler")


def run(name: str, app: Application, form: forms.Form, user) -> str:
    """Run the action with the form's data; the success message. GongkaiError for a refusal."""
    if name in workflow.ACTION_LABELS:
        # The state machine's own Chinese refusal, before a service reads fields this state lacks (the service
        # checks again on the locked row; this is only the early, friendly answer).
        workflow.transition(app.state, name)
    action = ACTIONS[name]
    return action.done(action.run(app, form, user))
