"""The staff actions on one registry item, as one table (no if-chain): for each action the form that reads
the input, the service call that does the work, the role it needs, when the page offers it and the message
shown when it succeeded.

Whether an action is offered is `available(user, item)`: the item's state (core.registry.workflow for the
workflow steps, a predicate for corrections and validity) and the user's roles in the item's agency. The
services check the same roles again, so a forged POST is refused in Chinese, never obeyed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from gongkai.core.registry import vocab, workflow
from gongkai.core.roles import may_act
from gongkai.web.agencies.selectors import user_roles

from . import forms as f
from . import services
from .models import Item


@dataclass(frozen=True)
class ItemAction:
    title: str
    form: type[forms.Form]
    run: Callable[[Item, forms.Form, object], object]  # (item, valid form, user) → result
    done: Callable[[object], str]                       # result → success message
    role: str
    when: Callable[[Item], bool]                        # offered in this state of the item
    needs_item: bool = False                            # the form takes the item (its choices depend on it)
    danger: bool = False


def _said(text: str) -> Callable[[object], str]:
    return lambda _result: text


def _in(*states: str) -> Callable[[Item], bool]:
    return lambda item: item.state in states


def _workflow(action: str) -> Callable[[Item], bool]:
    return lambda item: action in workflow.available(item.state)


def _review(item, form, user):
    cd = form.cleaned_data
    return services.item_review(item=item, actor=user, passed=cd["conclusion"] == "pass", opinion=cd["opinion"],
                                referred_to=cd["referred_to"], on=cd["on"])


def _propose(item, form, user):
    return services.correction_propose(item=item, actor=user, changes=form.changes(),
                                       reason=form.cleaned_data["reason"], today=None)


def _correction_review(item, form, user):
    cd = form.cleaned_data
    return services.correction_review(correction=form.chosen(), actor=user, passed=cd["conclusion"] == "pass",
                                      opinion=cd["opinion"], on=cd["on"])


def _validity(item, form, user):
    cd = form.cleaned_data
    return services.item_set_validity(item=item, actor=user, validity=cd["validity"], on=cd["on"],
                                      successor=form.chosen_successor(), reason=cd["reason"])


def _has_validity(item: Item) -> bool:
    genre = vocab.genres().get(item.genre)
    return item.state == "published" and genre is not None and genre.has_validity


def _corrections(*states: str) -> Callable[[Item], bool]:
    return lambda item: item.state == "published" and item.corrections.filter(state__in=states).exists()


ACTIONS: dict[str, ItemAction] = {
    "review": ItemAction(
        "保密审查", f.ReviewForm, _review,
        lambda review: "保密审查通过，待批准发布。" if review.passed else "已记录审查未通过，草稿退回起草人修改。",
        "reviewer", _workflow("review_pass")),
    "approve": ItemAction(
        "批准发布", f.OnForm, lambda item, form, user: services.item_approve(
            item=item, actor=user, on=form.cleaned_data["on"]),
        _said("已批准发布，承办人可以发布。"), "office_head", _workflow("approve")),
    "return": ItemAction(
        "退回修改", f.ReasonForm, lambda item, form, user: services.item_return(
            item=item, actor=user, reason=form.cleaned_data["reason"], on=form.cleaned_data["on"]),
        _said("已退回起草人修改。"), "office_head", _workflow("return"), danger=True),
    "publish": ItemAction(
        "公开发布", f.OnForm, lambda item, form, user: services.item_publish(
            item=item, actor=user, on=form.cleaned_data["on"]),
        lambda item: f"已公开发布，索引号 {item.index_no}。", "handler",
        lambda item: item.state == "approved" and item.attribute == vocab.ACTIVE),
    "file": ItemAction(
        "确定不主动公开", f.OnForm, lambda item, form, user: services.item_file(
            item=item, actor=user, on=form.cleaned_data["on"]),
        _said("已确定不主动公开并备案；请在复核日期前重新评估（条例第十八条）。"), "handler",
        lambda item: item.state in ("reviewed", "approved") and item.attribute != vocab.ACTIVE),
    "reopen": ItemAction(
        "重新起草", f.OnForm, lambda item, form, user: services.item_reopen(
            item=item, actor=user, on=form.cleaned_data["on"]),
        _said("已转为草稿，可以修改公开属性后重新审查。"), "handler", _workflow("reopen")),
    "withdraw": ItemAction(
        "撤回", f.ReasonForm, lambda item, form, user: services.item_withdraw(
            item=item, actor=user, reason=form.cleaned_data["reason"], on=form.cleaned_data["on"]),
        _said("已撤回：该信息已从公开平台和检索中撤下，索引号不再使用。"), "office_head", _workflow("withdraw"),
        danger=True),
    "correct_propose": ItemAction(
        "提出更正", f.CorrectionProposeForm, _propose, _said("已提出更正，待保密审查。"), "handler", _in("published"),
        needs_item=True),
    "correct_review": ItemAction(
        "更正的保密审查", f.CorrectionReviewForm, _correction_review,
        lambda review: "更正保密审查通过，可以发布更正版本。" if review.passed else "已记录更正审查未通过。",
        "reviewer", _corrections("proposed"), needs_item=True),
    "correct_apply": ItemAction(
        "发布更正版本", f.CorrectionApplyForm, lambda item, form, user: services.correction_apply(
            correction=form.chosen(), actor=user, on=form.cleaned_data["on"]),
        lambda version: f"已发布第 {version.number} 版。", "handler", _corrections("reviewed"), needs_item=True),
    "set_validity": ItemAction(
        "变更有效性", f.ValidityForm, _validity, _said("有效性已变更。"), "handler", _has_validity, needs_item=True),
}


def make_form(action: str, item: Item, data=None):
    spec = ACTIONS[action]
    kwargs = {"item": item} if spec.needs_item else {}
    return spec.form(data, **kwargs) if data is not None else spec.form(**kwargs)


def available(user, item: Item) -> list[str]:
    roles = user_roles(user, item.agency)
    return [name for name, spec in ACTIONS.items() if spec.when(item) and may_act(roles, spec.role)]
