"""Reads of the agency tree and of who holds which role where.

    agencies_for_user(user, role=None) -> QuerySet[Agency]   agencies where the user holds `role` (any role)
    user_roles(user, agency) -> set[str]                     the user's roles in exactly this agency
    subtree_ids(agency) -> list[int]                         the agency and all its descendants
    supervised_ids(user) -> list[int]                        agencies a supervisor sees aggregated figures of
    agency_tree(active_only=False) -> list[TreeEntry]        every agency, depth-first, with its depth

Roles are never inherited down the tree and superusers hold none implicitly: a role is a Membership row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Agency, Membership

_CACHE_ATTR = "_gongkai_agency_roles"


def _is_active_user(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def agencies_for_user(user, role: str | Iterable[str] | None = None) -> QuerySet[Agency]:
    if not _is_active_user(user):
        return Agency.objects.none()
    memberships = Membership.objects.filter(user=user)
    if role is not None:
        memberships = memberships.filter(role__in=[role] if isinstance(role, str) else list(role))
    return Agency.objects.filter(pk__in=memberships.values("agency_id"))


def _roles_by_agency(user) -> dict[int, frozenset[str]]:
    """All of a user's roles in one query, remembered on the user object.

    The user object lives for one request (request.user) or one service call, so the memory cannot outlive a
    change made elsewhere for long; membership_grant/membership_revoke forget it on the instance they get,
    and `forget_roles(user)` does so explicitly.
    """
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        grouped: dict[int, set[str]] = defaultdict(set)
        for agency_id, role in Membership.objects.filter(user=user).values_list("agency_id", "role"):
            grouped[agency_id].add(role)
        cached = {k: frozenset(v) for k, v in grouped.items()}
        try:
            setattr(user, _CACHE_ATTR, cached)
        except AttributeError:  # pragma: no cover - exotic user objects without a __dict__
            pass
    return cached


def forget_roles(user) -> None:
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def user_roles(user, agency) -> set[str]:
    if not _is_active_user(user) or agency is None:
        return set()
    agency_id = agency if isinstance(agency, int) else agency.pk
    return set(_roles_by_agency(user).get(agency_id, ()))


def _children_map() -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Agency.objects.order_by("sort", "code").values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    return children


def _walk(children: dict[int | None, list[int]], roots: Iterable[int]) -> list[int]:
    out: list[int] = []
    seen: set[int] = set()
    stack = list(reversed(list(roots)))
    while stack:
        pk = stack.pop()
        if pk in seen:  # a cycle written around the services; never loop on it
            continue
        seen.add(pk)
        out.append(pk)
        stack.extend(reversed(children.get(pk, ())))
    return out


def subtree_ids(agency) -> list[int]:
    """The agency's id followed by all its descendants' ids, depth-first. One query for the whole tree
    (id, parent_id pairs), walked in Python: the same on SQLite and PostgreSQL, fine for thousands."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return _walk(_children_map(), [agency_id])


def supervised_ids(user) -> list[int]:
    """Agencies whose aggregated figures a supervisor may see: the subtrees of the agencies where the user is
    supervisor. Grants nothing on individual applications."""
    roots = list(agencies_for_user(user, "supervisor").order_by("sort", "code").values_list("pk", flat=True))
    if not roots:
        return []
    children = _children_map()
    out: list[int] = []
    seen: set[int] = set()
    for root in roots:
        for pk in _walk(children, [root]):
            if pk not in seen:
                seen.add(pk)
                out.append(pk)
    return out


@dataclass(frozen=True)
class TreeEntry:
    agency: Agency
    depth: int  # 0 for a root

    @property
    def parent_code(self) -> str | None:
        return self.agency.parent.code if self.agency.parent_id else None


def agency_tree(*, active_only: bool = False) -> list[TreeEntry]:
    """Every agency once, depth-first (siblings by sort, then code), with its depth. One query."""
    qs = Agency.objects.select_related("parent").order_by("sort", "code")
    if active_only:
        qs = qs.filter(active=True)
    agencies = list(qs)
    by_id = {a.pk: a for a in agencies}
    children: dict[int | None, list[Agency]] = defaultdict(list)
    for a in agencies:
        # With active_only, a child of an inactive agency is shown as a root rather than dropped.
        children[a.parent_id if a.parent_id in by_id else None].append(a)
    out: list[TreeEntry] = []
    seen: set[int] = set()
    stack = [(a, 0) for a in reversed(children[None])]
    while stack:
        a, depth = stack.pop()
        if a.pk in seen:
            continue
        seen.add(a.pk)
        out.append(TreeEntry(a, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(a.pk, ())))
    return out



def agency_tree_search(q: str, *, active_only: bool = True) -> list[TreeEntry]:
    """The tree cut to the agencies whose name, short name or code matches `q`, keeping the path to every
    match so a department found still shows under its government. An empty `q` is the whole tree."""
    entries = agency_tree(active_only=active_only)
    q = (q or "").strip()
    if not q:
        return entries
    by_id = {e.agency.pk: e for e in entries}
    keep: set[int] = set()
    for e in entries:
        a = e.agency
        if q in a.name or (a.short_name and q in a.short_name) or q.lower() == a.code.lower():
            node = a
            while node is not None and node.pk in by_id and node.pk not in keep:
                keep.add(node.pk)
                node = node.parent
    return [e for e in entries if e.agency.pk in keep]

def ancestors(agency) -> list[Agency]:
    """The agency's ancestors, nearest first."""
    out: list[Agency] = []
    seen = {agency.pk}
    node = agency.parent
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        out.append(node)
        node = node.parent
    return out
