"""The 政府信息公开指南 generated from an agency's own data (条例 art. 12: classification, 编排体系, ways of
obtaining, office name, address, office hours, phone, fax, Internet contact; plus how to apply, the reply
period, fees and remedies).

Office hours, fax and postcode are read with getattr: the Agency fields for them are being added separately;
until they exist the guide leaves those lines out.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from gongkai.core.registry import vocab
from gongkai.web.registry import bodies

from . import platform


def _field(agency, name: str) -> str:
    return (getattr(agency, name, "") or "").strip()


def generate(agency) -> str:
    """The sanitised HTML of the guide for `agency`, from its current data."""
    info = platform.info(agency)
    context = {
        "agency": agency,
        "office": agency.disclosure_office_name,
        "address": _field(agency, "address"),
        "phone": _field(agency, "phone"),
        "email": _field(agency, "email"),
        "hours": _field(agency, "office_hours"),
        "fax": _field(agency, "fax"),
        "postcode": _field(agency, "postcode"),
        "statutory": list(info.statutory.values()),
        "art21": info.statutory_list != "",
        "catalogue": info.has_catalogue,
        "subject_classes": [s.label for s in vocab.subjects().values() if s.parent is None],
        "channels": list(vocab.CHANNELS.values()),
        "year": timezone.localdate().year,
        "platform_url": reverse("portal:agency", args=[agency.code]),
        "apply_url": reverse("public:apply_form", args=[agency.code]),
        "track_url": reverse("public:track"),
        "review_body": agency.reconsideration_body_effective,
    }
    return bodies.clean(render_to_string("portal/guide_generated.html", context))
