"""Who may manage monitored sites: the supervisors of a region (for sites owned by any agency of their
subtree) and agency admins (for sites owned by their own agency). Everyone else gets 404."""

from __future__ import annotations

from gongkai.core.roles import ADMIN_ROLE, SUPERVISOR_ROLE
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agencies_for_user, supervised_ids


def managed_owner_ids(user) -> set[int]:
    ids = set(supervised_ids(user))
    ids.update(agencies_for_user(user, ADMIN_ROLE).values_list("pk", flat=True))
    return ids


def owner_choices(user):
    """The agencies a user may file a site under: where they are supervisor or agency admin."""
    return agencies_for_user(user, [SUPERVISOR_ROLE, ADMIN_ROLE]).order_by("sort", "code")


def may_manage(user, site) -> bool:
    return site.owner_id in managed_owner_ids(user)


def may_file_under(user, owner: Agency) -> bool:
    return owner_choices(user).filter(pk=owner.pk).exists()
