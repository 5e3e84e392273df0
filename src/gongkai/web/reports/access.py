"""Who may do what with annual reports: the one home of the rule, used by the services (which refuse) and the
staff views (which show or hide, and answer 404 to everyone without a right).

    report_access(user, agency, scope) -> Access | None    None: no right at all (the views' 404)
    board_allowed(user, region) -> bool                     the region board of who has published

Roles are Membership rows, never inherited down the tree:
- agency scope: the agency's staff (handler, registrar, reviewer, office_head, agency_admin) view, build, edit
  the narrative and enter table 二's figures; its signers (reviewer, office_head, agency_admin — SIGN_ROLES)
  also approve, publish and correct;
- a compiled report (scope "subtree"): the same, plus the agency's supervisors (view and build, never sign)
  and, for a region, the agency_admins of the region's top government (build and sign).
Four-eyes (an agency setting) is not a matter of role but of who built the version: see services.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.roles import ADMIN_ROLE, SIGN_ROLES, STAFF_ROLES
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import user_roles


@dataclass(frozen=True)
class Access:
    build: bool  # view, build, edit sections and figures
    sign: bool  # approve, publish, correct


def _top_governments(region: Agency) -> list[Agency]:
    return list(region.children.filter(level="government"))


def _admin_of_top_government(user, region: Agency) -> bool:
    return region.level == "region" and any(ADMIN_ROLE in user_roles(user, g) for g in _top_governments(region))


def report_access(user, agency: Agency, scope: str) -> Access | None:
    """The user's rights on the agency's report of this scope ("agency" or "subtree"), None for none."""
    roles = user_roles(user, agency)
    if roles & STAFF_ROLES:
        return Access(build=True, sign=bool(roles & SIGN_ROLES))
    if scope == "subtree":
        signer = _admin_of_top_government(user, agency)
        if signer or "supervisor" in roles:
            return Access(build=True, sign=signer)
    return None


def board_allowed(user, region: Agency) -> bool:
    """The region's supervisors and the agency_admins of its top government (of the government itself)."""
    if "supervisor" in user_roles(user, region):
        return True
    if region.level == "government":
        return ADMIN_ROLE in user_roles(user, region)
    return _admin_of_top_government(user, region)
