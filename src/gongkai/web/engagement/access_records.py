"""Who sees and who writes the engagement records: the one home of the rule (services refuse by it, views
answer 404 by it).

- the agency's staff (any staff role) see and write its records;
- a supervisor sees the records of the agencies in the subtrees they supervise, and writes none;
- anyone else: nothing (the same 404 as a number that does not exist).
Records hold no personal data of the public (speakers are officials, trainees a count), so supervisors read
the records themselves, not only their counts.
"""

from __future__ import annotations

from django.http import Http404

from gongkai.core.roles import STAFF_ROLES
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agencies_for_user, supervised_ids, user_roles

from .models import EngagementRecord


def may_edit(user, agency) -> bool:
    return bool(user_roles(user, agency) & STAFF_ROLES)


def readable_ids(user) -> list[int]:
    """Agencies whose records the user may read: own staff agencies first, then supervised ones."""
    own = list(agencies_for_user(user, STAFF_ROLES).order_by("sort", "code").values_list("pk", flat=True))
    seen = set(own)
    return own + [pk for pk in supervised_ids(user) if pk not in seen]


def readable_agencies(user) -> list[Agency]:
    ids = readable_ids(user)
    by_id = Agency.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def get_agency(user, pk) -> Agency:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("no such agency") from None
    if pk not in readable_ids(user):
        raise Http404("no such agency")
    return Agency.objects.get(pk=pk)


def get_record(user, pk, *, edit: bool = False) -> EngagementRecord:
    try:
        record = EngagementRecord.objects.select_related("agency", "created_by").get(pk=int(pk))
    except (EngagementRecord.DoesNotExist, TypeError, ValueError):
        raise Http404("no such record") from None
    if record.agency_id not in readable_ids(user) or (edit and not may_edit(user, record.agency)):
        raise Http404("no such record")
    return record
