"""What every service shares: the refusal error, the row lock, the state machine step with its audit event,
the clock refresh, the role check and the per-agency serials."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.core.applications import workflow
from gongkai.core.applications.outcomes import get_outcome
from gongkai.core.clock import ANSWER_WORKDAYS
from gongkai.core.errors import GongkaiError
from gongkai.core.roles import may_act, role_label
from gongkai.web.common import audit_trail

from ..clock import deadline_for
from ..models import (
    AgencyCounter,
    Application,
    ApplicationEvent,
    AuditChainHead,
)

APPLICANT = "申请人"
STAFF = "工作人员"
SYSTEM = "系统"


class ActionRefused(GongkaiError):
    """A well-formed request the rules do not allow now (wrong role, too late, already done)."""

    code = "action_refused"
    default_message = "当前不能进行该操作。"


def _next_number(agency, year: int, kind: str) -> int:
    counter, _ = AgencyCounter.objects.get_or_create(agency=agency, year=year, kind=kind)
    counter = AgencyCounter.objects.select_for_update().get(pk=counter.pk)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _actor_label(actor) -> str:
    return STAFF if actor is not None else APPLICANT


def _lock(application: Application, action: str | None = None) -> Application:
    """The application, row-locked for this transaction. With `action`, the state machine is asked first,
    so a step the current state does not allow is refused before any of its inputs are read."""
    app = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    if action is not None:
        workflow.transition(app.state, action)  # raises InvalidTransition with a Chinese message
    return app


# Actions outside the state machine, and who may take them.
_OTHER_ROLES = {"register": "registrar", "issue_notice": "handler", "edit_letter": "handler",
                "record_review": "handler"}


def _require_staff(actor, app: Application, action: str) -> None:
    """The role this action needs, in the handling agency. Views check access first; this is the rule
    itself, so the CLI, admin and background jobs cannot bypass it."""
    from gongkai.web.agencies.selectors import user_roles

    needed = workflow.ROLE_FOR_ACTION.get(action) or _OTHER_ROLES.get(action, "handler")
    roles = user_roles(actor, app.agency)
    if not may_act(roles, needed):
        raise ActionRefused(f"{action} needs role {needed}",
                            message=f"只有本机关的{role_label(needed)}可以进行该操作。")


def _event(app: Application, *, action: str, actor, from_state: str, on: date | None, reason: str = "",
           data: dict | None = None, actor_label: str | None = None) -> ApplicationEvent:
    """Append one audit event to the hash chain (gongkai.core.audit_chain).

    The chain head row is locked first, so concurrent appends take turns and each one links to the event
    committed before it. The lock is held to the end of the caller's transaction and shared by every agency,
    so callers append their event after their own row locks and slow work (one lock order, no deadlock, short
    waits; reply_issue renders its letter before). The event row is inserted once, complete with its hash:
    the insert-only guarantee stays (no UPDATE of an event, ever)."""
    with transaction.atomic():
        return audit_trail.append(AuditChainHead, ApplicationEvent(
            application=app, at=timezone.now(), on=on, actor=actor, actor_label=actor_label or _actor_label(actor),
            action=action, from_state=from_state, to_state=app.state, reason=reason, data=data or {},
        ))


def _refresh_clock(app: Application, *, today: date) -> None:
    if not workflow.is_open(app.state) and app.due_date is not None:
        return  # a concluded application keeps the deadline it was judged against
    deadline = deadline_for(app, today=today)
    app.due_date = deadline.due if deadline else None
    app.due_provisional = bool(deadline and deadline.provisional)
    app.paused = bool(deadline and deadline.paused) or workflow.is_paused(app.state)


def _transition(app: Application, action: str, *, actor, on: date | None, reason: str = "", data=None,
                check_role: bool = True, actor_label: str | None = None) -> ApplicationEvent:
    """Move the locked application through `action`, refresh its clock, save, and audit."""
    if check_role and actor is not None:
        _require_staff(actor, app, action)
    before = app.state
    app.state = workflow.transition(before, action)
    _refresh_clock(app, today=_today(on))
    app.save()
    return _event(app, action=action, actor=actor, from_state=before, on=on, reason=reason, data=data,
                  actor_label=actor_label)


def case_facts(app: Application) -> workflow.Facts:
    """The facts of the case that decide, beside its state, what can be done now (gongkai.core.workflow)."""
    return workflow.Facts(
        has_due_date=app.due_date is not None,
        extended=bool(app.extension_days),
        reply_period_set=app.reply_workdays != ANSWER_WORKDAYS,
        correction_requested=app.correction_requested_on is not None,
        needs_review=bool(app.outcome and get_outcome(app.outcome).needs_review),
        approved=app.approved_by_id is not None,
    )


def _refuse_by_facts(app: Application, action: str) -> None:
    """ActionRefused with the workflow's own reason when the facts of the case forbid `action` now."""
    reason = workflow.fact_refusal(action, case_facts(app))
    if reason:
        raise ActionRefused(f"{action} refused by the facts of the case", message=reason)
