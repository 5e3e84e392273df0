"""Structural isolation: the only ways views reach an application.

A staff member sees an application only when they hold a role in its handling agency; anything else —
another agency's application, a supervisor, a superuser without an agency role, a number that does not
exist — is the same 404, so the answer reveals nothing. Applicants reach their own application only with
its tracking code and the verification value.
"""

from __future__ import annotations

import hmac

from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.roles import STAFF_ROLES
from gongkai.web.agencies.models import Membership

from .models import Application, Attachment, Letter, ReviewCase


def applications_for_staff(user) -> QuerySet[Application]:
    if not (user and user.is_authenticated and user.is_active):
        return Application.objects.none()
    # Resolved to a list first: a literal IN (…) of a few ids lets both databases use the (agency, …)
    # indexes for the queue's order, where a subquery made SQLite sort the whole agency.
    agency_ids = list(Membership.objects.filter(user=user, role__in=STAFF_ROLES)
                      .values_list("agency_id", flat=True).distinct())
    return Application.objects.filter(agency_id__in=agency_ids)


def get_application_for_staff(user, pk) -> Application:
    try:
        return applications_for_staff(user).select_related("agency", "assigned_to").get(pk=int(pk))
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404("no such application") from None


def _get_through_application(model, user, pk):
    """An object that belongs to an application, reachable only through an application the user may see."""
    try:
        return model.objects.select_related("application__agency").get(
            pk=int(pk), application__in=applications_for_staff(user))
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"no such {model._meta.model_name}") from None


def get_letter_for_staff(user, pk) -> Letter:
    return _get_through_application(Letter, user, pk)


def get_case_for_staff(user, pk) -> ReviewCase:
    return _get_through_application(ReviewCase, user, pk)


def get_attachment_for_staff(user, pk) -> Attachment:
    return _get_through_application(Attachment, user, pk)


def verification_value(app: Application) -> str:
    """What the applicant proves they know: the last six characters of the identity document number they
    gave. Printed on nothing public; the receipt tells the applicant which value to use. The tracking code
    (unique, 80 random bits) finds the one row, so the number is decrypted and compared in constant time: no
    hash of a six-character suffix (a million values, easily enumerated) is stored."""
    return app.id_number[-6:].upper()


def get_application_for_applicant(code: str, verification: str) -> Application:
    from .services import normalize_tracking_code

    app = Application.objects.select_related("agency").filter(tracking_code=normalize_tracking_code(code)).first()
    given = (verification or "").strip().upper()
    # compare_digest on both branches keeps the timing the same for a wrong code and a wrong value.
    # An anonymised application (docs/privacy.md) has no identity number left, so nobody can prove it.
    expected = verification_value(app) if app and app.id_number else "~" * 6
    if not hmac.compare_digest(expected.encode(), given.encode()) or app is None or not app.id_number:
        raise Http404("no such application")
    return app
