"""Load the generated demo region (gongkai.corpus.region) through the real services.

Every application is replayed step by step through the same service functions staff use, with the step's
date as the legal date, so the demo's clocks, letters and audit trails are computed by the product itself,
not invented by the generator. Idempotent: an application whose key is already present is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Application

if TYPE_CHECKING:  # the generator is loaded by `gongkai demo load`, not by the web process (login page)
    from gongkai.corpus.region import ApplicationSpec, Region, Step

DEMO_STAFF_PASSWORD = "gongkai-demo"
# The accounts the login page names in demo mode (GONGKAI_DEMO), one per kind of work; `demo` is the
# administrator `gongkai demo load` creates (gongkai.commands.demo), with the same password.
DEMO_LOGINS = ("gk-gov-handler", "gk-gov-registrar", "gk-gov-reviewer", "gk-gov-admin", "gk-supervisor", "demo")


@dataclass
class LoadResult:
    agencies: int = 0
    staff: int = 0
    created: int = 0
    existing: int = 0


def _aware(dt: datetime) -> datetime:
    return timezone.make_aware(dt) if timezone.is_naive(dt) else dt


def load_region(region: Region, *, out: Callable[[str], None] = print) -> LoadResult:
    from gongkai.web.agencies.models import Agency
    from gongkai.web.agencies.services import agency_upsert, membership_grant

    result = LoadResult()
    with transaction.atomic():
        # The generator lists parents before children, and a government's departments before the county
        # governments under it: that order becomes `sort`, so every tree listing (the /apply/ list, the
        # directory, supervision) reads city government, its departments, then each county.
        for position, spec in enumerate(region.agencies):
            _, created = agency_upsert(
                code=spec.code, name=spec.name, level=spec.level, parent=spec.parent,
                short_name=spec.short_name, address=spec.address, phone=spec.phone, email=spec.email,
                reconsideration_body=spec.reconsideration_body, sort=position)
            result.agencies += int(created)
    agencies = {a.code: a for a in Agency.objects.all()}
    users = get_user_model().objects
    staff: dict[tuple[str, str], object] = {}
    # One hash for the shared demo password: hashing it ~200 times would take a minute.
    password_hash = make_password(DEMO_STAFF_PASSWORD) if settings.DEMO else None
    for person in region.staff:
        user = users.filter(username=person.username).first()
        if user is None:
            user = users.create_user(person.username, first_name=person.full_name,
                                     email=f"{person.username}@example.invalid")
            # Known passwords only in demo mode (GONGKAI_DEMO); otherwise they cannot log in until reset.
            if password_hash:
                user.password = password_hash
            else:
                user.set_unusable_password()
            user.save()
            result.staff += 1
        for role in person.roles:
            membership_grant(user=user, agency=agencies[person.agency], role=role)
            staff.setdefault((person.agency, role), user)

    present = set(Application.objects.exclude(idempotency_key=None).values_list("idempotency_key", flat=True))
    for i, spec in enumerate(region.applications, 1):
        if spec.key in present:
            result.existing += 1
            continue
        _replay(spec, agencies[spec.agency], staff)
        result.created += 1
        if i % 500 == 0:
            out(f"   {i}/{len(region.applications)} applications")
    return result


def _actor(staff, agency_code: str, role: str):
    for r in (role, "handler", "registrar", "reviewer", "office_head", "agency_admin"):
        if (agency_code, r) in staff:
            return staff[(agency_code, r)]
    raise LookupError(f"no staff for {agency_code}")


def _input(spec: ApplicationSpec) -> services.ApplicationInput:
    a = spec.applicant
    return services.ApplicationInput(
        applicant_type=a.type, applicant_name=a.name, id_kind=a.id_kind, id_number=a.id_number, phone=a.phone,
        email=a.email, address=a.address, contact_person=a.contact_person, title=spec.title,
        doc_number=spec.doc_number, description=spec.description, delivery_form=spec.delivery_form,
        delivery_method=spec.delivery_method)


def _replay(spec: ApplicationSpec, agency, staff) -> None:
    code = spec.agency
    steps = list(spec.steps)
    with transaction.atomic():
        if spec.channel == "online":
            app, _ = services.application_submit(agency=agency, data=_input(spec), idempotency_key=spec.key,
                                                 now=_aware(spec.submitted_at))
        else:
            first: Step = steps.pop(0)
            received, arrived = first.data.get("received_on"), first.data.get("arrived_on")
            app = services.application_register(
                agency=agency, data=_input(spec), channel=spec.channel, actor=_actor(staff, code, "registrar"),
                submitted_at=_aware(spec.submitted_at), idempotency_key=spec.key,
                received_on=datetime.fromisoformat(received).date() if received else None,
                arrived_on=datetime.fromisoformat(arrived).date() if arrived else None)
        handler = _actor(staff, code, "handler")
        services.application_assign(application=app, actor=_actor(staff, code, "registrar"), assignee=handler,
                                    on=app.received_on or timezone.localtime(app.submitted_at).date())
        for step in steps:
            _apply(step, app, staff, code)
            _issue_notices(app, handler, step.on)
        for review in spec.reviews:
            services.review_case_record(
                application=app, actor=handler, kind=review.kind, route=review.route, body=review.body,
                filed_on=review.filed_on, result=review.result, decided_on=review.decided_on)


def _issue_notices(app, handler, on) -> None:
    """Send the notices a step drafted (correction, consultation, extension, termination ...) on the step's
    day, as an office does; replies and fee notices (issued with their delivery) go out through their own
    steps. Rendered on first download, like replies."""
    for letter in app.letters.filter(issued=False).exclude(kind__in=("reply", "fee")).order_by("id"):
        services.letter_issue(letter=letter, actor=handler, on=on, render=False)


def _apply(step: Step, app, staff, code: str) -> None:
    on, d = step.on, step.data
    handler = _actor(staff, code, "handler")
    reviewer = _actor(staff, code, "reviewer")
    a = step.action
    if a == "confirm_receipt":
        services.application_confirm_receipt(application=app, actor=_actor(staff, code, "registrar"), on=on)
    elif a == "request_correction":
        services.application_request_correction(
            application=app, actor=handler, on=on, period_days=d.get("period_days", 15),
            items=d.get("items") or "请明确所需政府信息的名称、文号或者便于查询的其他特征性描述。")
    elif a == "receive_correction":
        services.application_receive_correction(application=app, actor=handler, on=on, text=d.get("text", ""))
    elif a == "correction_lapsed":
        services.application_correction_lapsed(application=app, actor=handler, on=on)
    elif a == "start_consultation":
        # The consultation letter is handed to the party the day it is sent (the party's 15 working days
        # start then).
        kind = d.get("kind", "third_party")
        services.application_start_consultation(application=app, actor=handler, on=on, party=d["party"], kind=kind,
                                                party_received_on=on if kind == "third_party" else None)
    elif a == "end_consultation":
        services.application_end_consultation(application=app, actor=handler, on=on)
    elif a == "extend":
        services.application_extend(application=app, actor=_actor(staff, code, "office_head"), on=on,
                                    days=d["days"], reason=d["reason"])
    elif a == "charge_fee":
        services.application_charge_fee(application=app, actor=handler, on=on, method=d["method"], units=d["units"])
    elif a == "fee_notice_delivered":
        app.refresh_from_db()
        notice = app.letters.get(kind="fee", issued=False)
        services.letter_issue(letter=notice, actor=handler, on=app.fee.notice_on, delivered_on=on,
                              channel=d["channel"], render=False)
    elif a == "fee_paid":
        services.application_fee_paid(application=app, actor=handler, on=on)
    elif a == "fee_lapsed":
        services.application_fee_lapsed(application=app, actor=handler, on=on)
    elif a == "decide":
        services.application_decide(application=app, actor=handler, on=on, outcome=d["outcome"],
                                    variant=d.get("variant", ""), reasons=d.get("reasons", ""),
                                    basis=d.get("basis", ""),
                                    other_agency=d.get("other_agency") or "")
    elif a == "approve_decision":
        services.application_approve_decision(application=app, actor=reviewer, on=on)
    elif a == "issue_reply":
        # Historical letters are frozen now and rendered on first download (deterministic from the frozen
        # content), which keeps loading thousands of them fast.
        services.reply_issue(application=app, actor=handler, on=on, render=False)
    elif a == "deliver":
        services.application_deliver(application=app, actor=handler, on=on)
    elif a == "archive":
        services.application_archive(application=app, actor=handler, on=on)
    else:
        raise ValueError(f"unknown demo step {a!r}")


def demo_accounts() -> list[dict]:
    """The DEMO_LOGINS present in this database with what each does (its roles and agencies, read from the
    memberships, so the hint cannot drift from the data); two queries."""
    from gongkai.core.roles import role_label
    from gongkai.web.agencies.models import Membership

    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_LOGINS, is_active=True)}
    held: dict[int, list[str]] = {}
    for m in (Membership.objects.filter(user__in=users.values()).select_related("agency")
              .order_by("agency__sort", "agency__code", "role")):
        held.setdefault(m.user_id, []).append(f"{role_label(m.role)}（{m.agency.display_name}）")
    out = []
    for name in DEMO_LOGINS:
        user = users.get(name)
        if user is None or not user.has_usable_password():
            continue
        does = "、".join(held.get(user.pk, ()))
        if not does and user.is_superuser:
            does = "系统管理员：管理后台、上传年报，不办理申请"
        out.append({"username": name, "does": does or "无机关角色"})
    return out
