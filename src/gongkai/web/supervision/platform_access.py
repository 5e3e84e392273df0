"""Who sees which own-platform and new-media checks.

An agency's staff see their own agency's check and accounts; a supervisor sees every agency of the subtrees
they supervise, and the region view of each root, but never a message writer's data (nor the subject, which
the public writes). Anything else — another agency, a superuser without a role, a number that does not exist —
is the same 404.
"""

from __future__ import annotations

from django.http import Http404

from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agencies_for_user, subtree_ids, supervised_ids
from gongkai.web.registry.access import staff_agency_ids

from .models import NewMediaAccount


def visible_ids(user) -> set[int]:
    return set(staff_agency_ids(user)) | set(supervised_ids(user))


def get_agency(user, pk) -> Agency:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("no such agency") from None
    if pk not in visible_ids(user):
        raise Http404("no such agency")
    return Agency.objects.get(pk=pk)


def is_staff_of(user, agency) -> bool:
    return agency.pk in staff_agency_ids(user)


def region_roots(user) -> list[Agency]:
    return list(agencies_for_user(user, "supervisor").order_by("sort", "code"))


def get_region(user, pk) -> tuple[Agency, list[int]]:
    """A supervised root agency or any agency inside a supervised subtree, with its subtree's ids."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("no such region") from None
    if pk not in set(supervised_ids(user)):
        raise Http404("no such region")
    return Agency.objects.get(pk=pk), subtree_ids(pk)


def get_account(user, pk) -> NewMediaAccount:
    try:
        account = NewMediaAccount.objects.select_related("agency").get(pk=int(pk))
    except (NewMediaAccount.DoesNotExist, TypeError, ValueError):
        raise Http404("no such account") from None
    if account.agency_id not in visible_ids(user):
        raise Http404("no such account")
    return account
