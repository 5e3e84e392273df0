"""Reads for staff pages: the queue, and what a page needs about one application."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F, QuerySet
from django.urls import reverse

from gongkai.core.applications import identity, workflow
from gongkai.core.clock import warning_level

from .access import applications_for_staff
from .clock import current_calendar
from .models import Application

QUEUE_FILTERS = {
    "open": "办理中",
    "mine": "分配给我的",
    "unassigned": "未分配",
    "confirm": "待确认收到",
    "review": "待审核",
    "closed": "已办结",
    "all": "全部",
}


def queue(user, *, agency=None, which: str = "open") -> QuerySet[Application]:
    """The work lists are open applications by due date, soonest first, undated ones (awaiting confirmation
    or correction) last. The concluded list is newest-concluded first, and "all" is the register, newest
    first: each order is one an index gives, so a page stays fast however many applications an agency has."""
    qs = applications_for_staff(user)
    if agency is not None:
        qs = qs.filter(agency=agency)
    open_states = workflow.OPEN_STATES
    if which == "open":
        qs = qs.filter(state__in=open_states)
    elif which == "mine":
        qs = qs.filter(state__in=open_states, assigned_to=user)
    elif which == "unassigned":
        qs = qs.filter(state__in=open_states, assigned_to__isnull=True)
    elif which == "confirm":
        qs = qs.filter(state="awaiting_confirmation")
    elif which == "review":
        qs = qs.filter(state="decided")
    elif which == "closed":
        # concluded_on is set exactly when an application is concluded; filtering on it (not on the state)
        # lets the (agency, concluded_on, id) index answer the page by itself.
        qs = qs.filter(concluded_on__isnull=False)
        return qs.select_related("agency", "assigned_to").order_by("-concluded_on", "-id")  # all set once concluded
    elif which == "all":
        return qs.select_related("agency", "assigned_to").order_by("-id")
    return (qs.select_related("agency", "assigned_to")
            .order_by(F("due_date").asc(nulls_last=True), "submitted_at", "id"))


class Paged:
    """A queryset for Django's Paginator that fetches a page as a "deferred join": first the page's ids
    (the index alone answers that, even deep into 100,000 rows), then just those rows with their joins.
    A plain OFFSET would read every skipped row in full."""

    def __init__(self, qs: QuerySet):
        self.qs = qs

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        ids = list(self.qs.values_list("pk", flat=True)[index])
        rows = self.qs.model.objects.filter(pk__in=ids).select_related(*self._related())
        names, defer = self.qs.query.deferred_loading  # the queryset's defer() or only(), kept
        rows = rows.defer(*names) if defer else rows.only(*names)
        by_pk = {row.pk: row for row in rows}
        return [by_pk[i] for i in ids if i in by_pk]

    def _related(self) -> list[str]:
        related = self.qs.query.select_related
        return list(related) if isinstance(related, dict) else []


# The columns a queue page shows: loading only these (not the ~45 of an application) halves the time the ORM
# spends turning a page's 50 rows into objects.
QUEUE_COLUMNS = ("id", "agency", "number", "state", "applicant_name", "title", "received_on", "due_date",
                 "due_provisional", "paused", "assigned_to", "submitted_at", "concluded_on",
                 "agency__id", "agency__name", "agency__short_name", "agency__code",
                 "assigned_to__id", "assigned_to__username", "assigned_to__first_name", "assigned_to__last_name")


@dataclass(frozen=True)
class QueueRow:
    app: Application
    warning: str  # overdue | due_soon | ok | ""
    applicant: str  # masked
    workdays_left: int | None
    # What the row shows, made here once: a queue page is 50 rows, and the template's per-row url tag, date
    # and truncatechars filters were a third of its time under load.
    url: str = ""
    received: str = ""  # YYYY-MM-DD, or ""
    due: str = ""  # YYYY-MM-DD, or ""
    title_short: str = ""
    assignee: str = ""  # the handler's name, or "" when unassigned


def _truncate(text: str, limit: int = 40) -> str:
    """Django's truncatechars for plain text: at most `limit` characters, the last one an ellipsis."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def queue_rows(apps, *, today: date) -> list[QueueRow]:
    calendar = current_calendar()
    detail = reverse("work:detail", args=[0])  # one reverse for the page; ids are filled in below
    prefix, suffix = detail.rsplit("/0/", 1)
    rows = []
    for app in apps:
        warning, left = "", None
        if app.due_date and workflow.is_open(app.state) and not app.paused:
            warning = warning_level(app.due_date, today, calendar=calendar)
            left = calendar.workdays_between(today, app.due_date)
        handler = app.assigned_to
        rows.append(QueueRow(
            app=app, warning=warning, applicant=identity.mask_name(app.applicant_name), workdays_left=left,
            url=f"{prefix}/{app.pk}/{suffix}", received=app.received_on.isoformat() if app.received_on else "",
            due=app.due_date.isoformat() if app.due_date else "", title_short=_truncate(app.title),
            assignee=(handler.get_full_name() or handler.get_username()) if handler else ""))
    return rows


SAME_APPLICANT_SHOWN = 10


def same_applicant(app: Application, *, limit: int = SAME_APPLICANT_SHOWN) -> tuple[int, list[Application]]:
    """The same applicant's other applications to this agency, newest first: (how many, the first `limit`).
    Staff need them to judge a 重复申请 (条例 art. 36(六)) or 一事一申请 splitting. The identity number is
    encrypted, so they are found by its keyed hash (under every configured key, so rotation loses none), and
    only within the agency whose staff are looking: other agencies' applicants stay out of sight."""
    if not app.id_number:
        return 0, []
    from gongkai.web.common.crypto_fields import lookup_hashes

    hashes = lookup_hashes(identity.normalise(app.id_number))
    others = Application.objects.filter(agency=app.agency, id_hash__in=hashes).exclude(pk=app.pk)
    rows = list(others.order_by("-submitted_at", "-pk")
                .only("pk", "number", "title", "state", "submitted_at", "received_on", "outcome")[:limit])
    return (len(rows) if len(rows) < limit else others.count()), rows
