"""Structural isolation for agency-scoped views.

`require_role` answers 404, never 403: an agency the user holds no role in must look exactly like one that
does not exist, so a URL reveals nothing about other agencies' objects. Superusers are not special here.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import ROLES, STAFF_ROLES, Agency
from .selectors import agencies_for_user, user_roles


def require_role(user, agency, *roles: str) -> set[str]:
    """The user's roles in `agency` when they hold at least one of `roles` (any role when none is given);
    otherwise Http404."""
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValueError(f"unknown role(s): {', '.join(unknown)}")
    held = user_roles(user, agency)
    if not held or (roles and not held.intersection(roles)):
        raise Http404("no such agency")
    return held


def staff_agencies(user) -> QuerySet[Agency]:
    """Agencies whose applications the user works on (registrar, handler, reviewer, agency admin)."""
    return agencies_for_user(user, STAFF_ROLES)


def get_agency_for_user(user, code: str, *roles: str) -> Agency:
    """The agency with this code, if the user holds one of `roles` in it (any role when none given); else 404."""
    agency = Agency.objects.filter(code=code).select_related("parent").first()
    if agency is None:
        raise Http404("no such agency")
    require_role(user, agency, *roles)
    return agency
