"""Every write of the platform: the 政府信息公开指南's versions. Keyword-only, one transaction each.

    guide_save        a new version from the staff's edited text (sanitised)
    guide_regenerate  a new version generated from the agency's own data (office, address, hours, …)

Only the agency's 机关管理员 or 公开工作机构负责人 may publish a guide (the disclosure office answers for it).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.core.errors import GongkaiError
from gongkai.core.roles import may_act
from gongkai.web.registry import bodies

from . import guide
from .models import GuideVersion

GUIDE_ROLES = ("agency_admin", "office_head")


class GuideRefused(GongkaiError):
    code = "guide_refused"
    default_message = "当前不能修改政府信息公开指南。"


def may_edit_guide(user, agency) -> bool:
    from gongkai.web.agencies.selectors import user_roles

    held = user_roles(user, agency)
    return any(may_act(held, role) for role in GUIDE_ROLES)


def _publish(*, agency, actor, body_html: str, note: str, generated: bool) -> GuideVersion:
    if actor is not None and not may_edit_guide(actor, agency):
        raise GuideRefused("needs agency_admin or office_head",
                           message="只有本机关的机关管理员或公开工作机构负责人可以修改政府信息公开指南。")
    body = bodies.clean(body_html)
    if not bodies.text_of(body).strip():
        raise GuideRefused("empty guide", message="指南正文不能为空。")
    with transaction.atomic():
        # The agency row lock orders two editors saving at once: each gets its own version number.
        type(agency).objects.select_for_update().filter(pk=agency.pk).first()
        last = GuideVersion.objects.filter(agency=agency).aggregate(n=Max("number"))["n"] or 0
        return GuideVersion.objects.create(agency=agency, number=last + 1, body_html=body, generated=generated,
                                           note=note.strip()[:300], published_at=timezone.now(),
                                           published_by=actor)


def guide_save(*, agency, actor, body_html: str, note: str = "") -> GuideVersion:
    """Publish the staff's text as the guide's next version. GuideRefused (Chinese message) when the actor
    holds no role for it or the text is empty after sanitising."""
    return _publish(agency=agency, actor=actor, body_html=body_html, note=note, generated=False)


def guide_regenerate(*, agency, actor, note: str = "根据机关信息重新生成") -> GuideVersion:
    """Publish the guide generated from the agency's current data as the next version."""
    return _publish(agency=agency, actor=actor, body_html=guide.generate(agency), note=note, generated=True)
