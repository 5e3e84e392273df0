"""Reply reminders for the message boxes: which open messages are overdue or due within
DUE_SOON_WORKDAYS (2) working days, and who is told.

An assigned message goes to its assignee; an unassigned one to whoever distributes the agency's work (its
agency admins, office heads and registrars; if it has none, every staff member). The daily huey task
(tasks.py) calls `send_reminders`; it is a plain function so it can be tested with a chosen `today`. The
e-mail names subjects' tracking codes only: no writer's data leaves the system.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from gongkai.core.engagement.messages import DUE_SOON_WORKDAYS
from gongkai.core.roles import STAFF_ROLES
from gongkai.web.agencies.models import Membership
from gongkai.web.applications.clock import current_calendar

from .models import Message

DISTRIBUTORS = ("agency_admin", "office_head", "registrar")


@dataclass(frozen=True)
class Reminder:
    recipient: str
    username: str
    overdue: tuple[str, ...]  # tracking codes
    due_soon: tuple[str, ...]


log = logging.getLogger(__name__)


def _distributors(agency_ids: set[int]) -> dict[int, list[int]]:
    rows = list(Membership.objects.filter(agency_id__in=agency_ids, role__in=STAFF_ROLES, user__is_active=True)
                .values_list("agency_id", "user_id", "role"))
    out: dict[int, list[int]] = {}
    for agency_id in agency_ids:
        mine = [(u, r) for a, u, r in rows if a == agency_id]
        chosen = sorted({u for u, r in mine if r in DISTRIBUTORS}) or sorted({u for u, _ in mine})
        out[agency_id] = chosen
    return out


def collect(*, today: date) -> list[Reminder]:
    calendar = current_calendar()
    horizon = calendar.add_workdays(today, DUE_SOON_WORKDAYS)
    open_messages = list(Message.objects.filter(state__in=("received", "assigned"), due_on__lte=horizon)
                         .order_by("due_on", "id").values_list("tracking_code", "agency_id", "assignee_id", "due_on"))
    distributors = _distributors({a for _, a, assignee, _ in open_messages if assignee is None})
    per_user: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"overdue": [], "due_soon": []})
    for code, agency_id, assignee_id, due_on in open_messages:
        kind = "overdue" if due_on < today else "due_soon"
        for user_id in [assignee_id] if assignee_id else distributors.get(agency_id, []):
            per_user[user_id][kind].append(code)
    users = get_user_model().objects.in_bulk(list(per_user))
    return [Reminder(recipient=users[uid].email, username=users[uid].get_username(),
                     overdue=tuple(v["overdue"]), due_soon=tuple(v["due_soon"]))
            for uid, v in sorted(per_user.items()) if uid in users]


def send_reminders(*, today: date) -> list[Reminder]:
    reminders = collect(today=today)
    for r in reminders:
        lines = [f"截至 {today:%Y年%m月%d日}，您需办理的网上留言："]
        if r.overdue:
            lines.append(f"已超过答复期限 {len(r.overdue)} 条（查询码）：{'、'.join(r.overdue)}")
        if r.due_soon:
            lines.append(f"{DUE_SOON_WORKDAYS} 个工作日内到期 {len(r.due_soon)} 条（查询码）：{'、'.join(r.due_soon)}")
        lines.append("请登录 gongkai “留言办理”及时答复。")
        if r.recipient:
            send_mail("【互动交流】留言答复期限提醒", "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [r.recipient],
                      fail_silently=False)
        log.info("message reminder for %s: %d overdue, %d due soon", r.username, len(r.overdue), len(r.due_soon))
    return reminders
