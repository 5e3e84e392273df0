"""Who may do what with assessments: the one home of the rule.

- A region's (or government's) supervisors create and edit its indicator sets, preview the scoring, publish
  and correct, and see every published result of the region with its drill-downs.
- An agency's staff see their own agency's published score cards and drill-downs, nothing else.
Everyone else gets a 404 from the views, so a URL reveals nothing. Drill-downs never show applicants' or
message writers' personal data, to anyone."""

from __future__ import annotations

from gongkai.core.roles import STAFF_ROLES, SUPERVISOR_ROLE
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agencies_for_user, user_roles

REGION_LEVELS = ("region", "government")


def manages(user, region: Agency) -> bool:
    return region.level in REGION_LEVELS and SUPERVISOR_ROLE in user_roles(user, region)


def managed_regions(user):
    return agencies_for_user(user, SUPERVISOR_ROLE).filter(level__in=REGION_LEVELS).order_by("sort", "code")


def own_agency(user, agency: Agency) -> bool:
    return bool(user_roles(user, agency) & STAFF_ROLES)


def may_see_score(user, score) -> bool:
    return manages(user, score.publication.region) or own_agency(user, score.agency)
