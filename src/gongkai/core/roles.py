"""The roles a person holds in an agency, in one place: their labels, and which of them see what.

    registrar      登记员      registers applications and confirms receipt (条例 art. 31)
    handler        承办人      handles an application and drafts the letters
    reviewer       审核人      reviews refusals (a second person) and signs annual reports
    office_head    政府信息公开工作机构负责人   approves extensions (条例 art. 33 ¶2) and art. 35 periods
    agency_admin   机关管理员  any of the above in the agency, and its settings
    supervisor     监督员      the region's aggregated figures only: never an applicant's data

A role is held per agency (a Membership row). `agency_admin` stands in for every staff role of its agency.
"""

from __future__ import annotations

ROLES: dict[str, str] = {
    "registrar": "登记员",
    "handler": "承办人",
    "reviewer": "审核人",
    "office_head": "公开工作机构负责人",
    "agency_admin": "机关管理员",
    "supervisor": "监督员",
}

# Roles that work on their own agency's applications and so see its applicants' personal data.
STAFF_ROLES: frozenset[str] = frozenset({"registrar", "handler", "reviewer", "office_head", "agency_admin"})
# Roles that may approve and publish the agency's annual report.
SIGN_ROLES: frozenset[str] = frozenset({"reviewer", "office_head", "agency_admin"})
# The role that stands in for every staff role of its agency.
ADMIN_ROLE = "agency_admin"
SUPERVISOR_ROLE = "supervisor"


def role_label(role: str) -> str:
    return ROLES.get(role, role)


def may_act(held: set[str] | frozenset[str], needed: str) -> bool:
    """Whether someone holding `held` in an agency may do what needs `needed` there."""
    return needed in held or ADMIN_ROLE in held


def supervises_only(held: set[str] | frozenset[str]) -> bool:
    """Whether someone's roles (across all agencies) are supervision and nothing else: they see aggregated
    figures and never a queue of applications, so their pages start from the figures."""
    return SUPERVISOR_ROLE in held and not (set(held) & STAFF_ROLES)
