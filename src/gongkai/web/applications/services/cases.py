"""Reconsideration and litigation cases about an application (table 四)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ..models import (
    Application,
    ReviewCase,
)
from .base import ActionRefused, _event, _lock, _require_staff

# --- review and litigation (table 四) ---------------------------------------------------------------------

def review_case_record(*, application: Application, actor, kind: str, body: str, filed_on: date,
                       route: str = "", case_number: str = "", result: str = "pending",
                       decided_on: date | None = None, note: str = "") -> ReviewCase:
    with transaction.atomic():
        app = _lock(application)
        _require_staff(actor, app, "record_review")
        case = ReviewCase(application=app, kind=kind, route=route if kind == "litigation" else "", body=body.strip(),
                          case_number=case_number.strip(), filed_on=filed_on, result=result,
                          decided_on=decided_on, note=note)
        _validate_case(case, app)
        case.save()
        _event(app, action="record_review", actor=actor, from_state=app.state, on=filed_on,
               data={"kind": kind, "route": case.route, "result": result})
    return case


def review_case_update(*, case: ReviewCase, actor, result: str, decided_on: date | None,
                       note: str = "") -> ReviewCase:
    with transaction.atomic():
        app = _lock(case.application)
        _require_staff(actor, app, "record_review")
        case = ReviewCase.objects.select_for_update().get(pk=case.pk)
        before = case.result
        case.result, case.decided_on, case.note = result, decided_on, note or case.note
        _validate_case(case, app)
        case.save()
        _event(app, action="update_review", actor=actor, from_state=app.state, on=decided_on,
               data={"case": case.pk, "from": before, "to": result})
    return case


def _validate_case(case: ReviewCase, app: Application) -> None:
    if case.kind not in dict(ReviewCase.KIND_CHOICES):
        raise ActionRefused("kind", message="请选择行政复议或行政诉讼。")
    if case.kind == "litigation" and case.route not in ("direct", "after_review"):
        raise ActionRefused("route", message="行政诉讼请选择“未经复议直接起诉”或“复议后起诉”。")
    if case.result not in dict(ReviewCase.RESULT_CHOICES):
        raise ActionRefused("result", message="请选择案件结果。")
    if not case.body:
        raise ActionRefused("body", message="请填写复议机关或人民法院。")
    if (case.result == "pending") != (case.decided_on is None):
        raise ActionRefused("decided_on", message="已审结的案件请填写审结日期；尚未审结的不填。")
    if case.decided_on and case.decided_on < case.filed_on:
        raise ActionRefused("dates", message="审结日期不能早于申请或立案日期。")
    if app.received_on and case.filed_on < app.received_on:
        raise ActionRefused("dates", message="复议或起诉日期不能早于收到申请日期。")


