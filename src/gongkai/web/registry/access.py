"""Structural isolation for the registry's staff pages: the only ways views reach registry objects.

A staff member sees an agency's items, gazette issues and catalogue only when they hold a staff role in that
agency (the lead agency of an item; a co-issuing agency's staff see it on the public platform once it is
published). Anything else — another agency's object, a supervisor, a superuser without an agency role, a
number that does not exist — is the same 404, so the answer reveals nothing. Which *action* a member may take
is the services' role check (and `actions.available` for what the page offers).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.roles import STAFF_ROLES
from gongkai.web.agencies.models import Agency, Membership

from .models import CatalogueEntry, Correction, GazetteIssue, Item, ItemAttachment, ItemVersion


def staff_agency_ids(user) -> list[int]:
    if not (user and user.is_authenticated and user.is_active):
        return []
    return list(Membership.objects.filter(user=user, role__in=STAFF_ROLES)
                .values_list("agency_id", flat=True).distinct())


def agencies_for_staff(user) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=staff_agency_ids(user)).order_by("sort", "code")


def get_agency_for_staff(user, pk) -> Agency:
    try:
        return agencies_for_staff(user).get(pk=int(pk))
    except (Agency.DoesNotExist, ValueError, TypeError):
        raise Http404("no such agency") from None


def items_for_staff(user) -> QuerySet[Item]:
    return Item.objects.filter(agency_id__in=staff_agency_ids(user))


def get_item_for_staff(user, pk) -> Item:
    try:
        return items_for_staff(user).select_related("agency", "created_by", "interprets", "successor",
                                                     "catalogue_entry").get(pk=int(pk))
    except (Item.DoesNotExist, ValueError, TypeError):
        raise Http404("no such item") from None


def _through_item(model, user, **lookup):
    try:
        return model.objects.select_related("item__agency").get(item__agency_id__in=staff_agency_ids(user),
                                                                **lookup)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"no such {model._meta.model_name}") from None


def get_version_for_staff(user, item_pk, number) -> ItemVersion:
    return _through_item(ItemVersion, user, item_id=int(item_pk), number=int(number))


def get_attachment_for_staff(user, pk) -> ItemAttachment:
    return _through_item(ItemAttachment, user, pk=int(pk))


def get_correction_for_item(item: Item, pk) -> Correction:
    """A correction of an item already reached through `get_item_for_staff`."""
    try:
        return item.corrections.get(pk=int(pk))
    except (Correction.DoesNotExist, ValueError, TypeError):
        raise Http404("no such correction") from None


def get_gazette_issue_for_staff(user, pk) -> GazetteIssue:
    try:
        return GazetteIssue.objects.select_related("agency").get(pk=int(pk), agency_id__in=staff_agency_ids(user))
    except (GazetteIssue.DoesNotExist, ValueError, TypeError):
        raise Http404("no such issue") from None


def get_catalogue_entry_for_staff(user, pk) -> CatalogueEntry:
    try:
        return CatalogueEntry.objects.select_related("agency").get(pk=int(pk),
                                                                   agency_id__in=staff_agency_ids(user))
    except (CatalogueEntry.DoesNotExist, ValueError, TypeError):
        raise Http404("no such catalogue entry") from None
