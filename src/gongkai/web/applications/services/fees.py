"""The information processing fee (国办函〔2020〕109号): within the reply period, per item (the applicant's items
in the month) or per page, payment within 20 working days of receiving the notice."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Sum

from gongkai.core import fees
from gongkai.core.applications import identity
from gongkai.core.clock import (
    fee_payment_due,
)
from gongkai.core.errors import InvalidApplication
from gongkai.web.common.crypto_fields import lookup_hashes

from .. import letters as letter_service
from ..clock import current_calendar
from ..models import (
    Application,
    FeeCharge,
    Pause,
)
from .base import ActionRefused, _lock, _today, _transition
from .handling import _conclude_without_reply
from .intake import _check_items

# --- fees (国办函〔2020〕109号) --------------------------------------------------------------------------------

def items_in_month_before(app: Application) -> int:
    """The items (一事一申请) the same applicant's earlier applications to this agency hold in the same
    calendar month: the per-item tiers count per applicant per month, items not applications."""
    if app.received_on is None or not app.id_number:
        return 0
    month_start = app.received_on.replace(day=1)
    # The identity number is encrypted; its keyed hash finds the same applicant (any configured key's hash,
    # so the count stays right while keys are being rotated).
    hashes = lookup_hashes(identity.normalise(app.id_number))
    same = Application.objects.filter(agency=app.agency, id_hash__in=hashes).exclude(pk=app.pk)
    earlier = (same.filter(received_on__gte=month_start, received_on__lt=app.received_on)
               | same.filter(received_on=app.received_on, pk__lt=app.pk))
    return earlier.aggregate(n=Sum("items"))["n"] or 0


def application_charge_fee(*, application: Application, actor, method: str, units: int,
                           on: date | None = None) -> FeeCharge:
    """A fee notice (国办函〔2020〕109号), sent within the reply period. Per item, `units` is the number of
    matters this application holds (stored on it, 一事一申请) and the fee is what they add to the applicant's
    month; per page, `units` is the pages. The payment period runs from the applicant's receipt of the notice,
    so it is set when the notice's delivery is recorded."""
    if method not in ("per_item", "per_page"):
        raise ActionRefused("fee method", message="请选择一种计收方式：按件或按量（同一申请只能选一种）。")
    if method == "per_item":
        try:
            _check_items(units)
        except InvalidApplication as exc:
            raise ActionRefused("items", message=exc.message) from None
    with transaction.atomic():
        app = _lock(application, "charge_fee")
        on = _today(on)
        if hasattr(app, "fee"):
            raise ActionRefused("fee exists", message="本申请已发出过收费通知；同一申请只能按一种方式收费一次。")
        if app.due_date is not None and on > app.due_date:
            raise ActionRefused("after due date", message=f"收费通知应当在答复期限内发出；本申请的答复期限已于 "
                                                          f"{app.due_date:%Y-%m-%d} 届满，不能再发出收费通知。")
        before = 0
        if method == "per_item":
            app.items = units
            before = items_in_month_before(app)
            amount = fees.item_fee_for_application(before, units)
        else:
            amount = fees.quote_per_page(units).amount_yuan
        if amount <= 0:
            raise ActionRefused("free", message="按规定该申请不收费（件数或页数在免费范围内）。")
        charge = FeeCharge.objects.create(
            application=app, method=method, units=units, items_before=before, amount_yuan=amount, notice_on=on)
        Pause.objects.create(application=app, kind="fee", party="申请人", started_on=on)
        _transition(app, "charge_fee", actor=actor, on=on,
                    data={"method": method, "units": units, "items_before": before, "amount_yuan": amount})
        letter_service.draft(app, "fee", actor=actor, on=on)
    return charge


def _fee_notice_received(charge: FeeCharge, on: date) -> None:
    charge.notice_received_on = on
    charge.payment_due = fee_payment_due(on, calendar=current_calendar())
    charge.save(update_fields=["notice_received_on", "payment_due"])


def application_fee_paid(*, application: Application, actor, on: date | None = None) -> Application:
    with transaction.atomic():
        app = _lock(application, "fee_paid")
        on = _today(on)
        charge = app.fee
        if on < charge.notice_on:
            raise ActionRefused("paid before notice", message="缴费日期不能早于收费通知日期。")
        charge.paid_on = on
        charge.save(update_fields=["paid_on"])
        app.pauses.filter(kind="fee", ended_on__isnull=True).update(ended_on=on)
        _transition(app, "fee_paid", actor=actor, on=on, data={"amount_yuan": charge.amount_yuan})
    return app


def application_fee_lapsed(*, application: Application, actor, on: date | None = None) -> Application:
    """Unpaid 20 working days after the applicant received the notice: deemed withdrawn, outcome （六）2."""
    with transaction.atomic():
        app = _lock(application, "fee_lapsed")
        on = _today(on)
        charge = app.fee
        if charge.payment_due is None:
            raise ActionRefused("notice not delivered",
                                message="收费通知书尚未登记送达：缴费期限自申请人收到通知的次日起计算，请先登记送达日期。")
        if on <= charge.payment_due:
            raise ActionRefused("payment period running", message=f"缴费期限（{charge.payment_due:%Y-%m-%d}）尚未届满。")
        charge.lapsed_on = on
        charge.save(update_fields=["lapsed_on"])
        app.pauses.filter(kind="fee", ended_on__isnull=True).update(ended_on=on)
        _conclude_without_reply(app, "other_fee_unpaid", on=on)
        _transition(app, "fee_lapsed", actor=actor, on=on, data={"outcome": app.outcome})
        letter_service.draft(app, "termination", actor=actor, on=on)
    return app


