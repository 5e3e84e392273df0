"""Structural isolation for messages: the only ways views reach one.

Staff see a message only when they hold a staff role in its agency; anything else — another agency's
message, a supervisor, a superuser without an agency role, a number that does not exist — is the same 404.
Supervisors therefore never reach a writer's name or contact. A writer reaches their own message only with
its tracking code (80 random bits), on the page of the agency it was written to.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.roles import ADMIN_ROLE, STAFF_ROLES
from gongkai.web.agencies.models import Agency, Membership
from gongkai.web.applications.services import normalize_tracking_code

from .models import Message, MessageBox


def staff_agency_ids(user) -> list[int]:
    if not (user and user.is_authenticated and user.is_active):
        return []
    return list(Membership.objects.filter(user=user, role__in=STAFF_ROLES)
                .values_list("agency_id", flat=True).distinct())


def messages_for_staff(user) -> QuerySet[Message]:
    return Message.objects.filter(agency_id__in=staff_agency_ids(user))


def get_message_for_staff(user, pk) -> Message:
    try:
        return messages_for_staff(user).select_related("agency", "box", "assignee").get(pk=int(pk))
    except (Message.DoesNotExist, ValueError, TypeError):
        raise Http404("no such message") from None


def admin_agencies(user) -> QuerySet[Agency]:
    """The agencies whose boxes the user manages (agency_admin there)."""
    if not (user and user.is_authenticated and user.is_active):
        return Agency.objects.none()
    return Agency.objects.filter(pk__in=Membership.objects.filter(user=user, role=ADMIN_ROLE).values("agency_id"))


def get_box_for_admin(user, pk) -> MessageBox:
    try:
        return MessageBox.objects.select_related("agency").get(pk=int(pk), agency__in=admin_agencies(user))
    except (MessageBox.DoesNotExist, ValueError, TypeError):
        raise Http404("no such box") from None


def get_message_for_writer(agency: Agency, code: str) -> Message:
    """The writer's own message by its tracking code, only on its agency's pages."""
    normalized = normalize_tracking_code(code)
    message = (Message.objects.select_related("box", "agency").filter(tracking_code=normalized, agency=agency).first()
               if normalized else None)
    if message is None:
        raise Http404("no such message")
    return message
