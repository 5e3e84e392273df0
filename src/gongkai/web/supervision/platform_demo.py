"""The demo region's own-platform checks and new-media accounts (`gongkai demo load`).

* A consultation box for every agency that has none yet (the engagement demo, when it ran before, gives every
  agency its boxes and messages, and this step then adds none), so the 互动回应差 channel veto means something.
* New-media accounts for the governments and a few departments — 政务微信 and 政务微博, a 客户端 for the city —
  observed month by month over the year before `today` through the services: most updated weekly, some
  neglected for weeks (内容更新不及时), one without an interaction function (未提供有效互动功能), one closed.
* The city government keeps its platform in order (recent news and notices, and content in every column it
  must fill), published through the registry services as staff would; the other agencies show what the
  registry demo gives them — stale columns here and there, a few quiet home pages (首页不更新).
* The supervisor's year-end check of 2025 and quarterly spot check of 2026 Q3 recorded for every agency
  (frozen runs; the 2025 assessment scores 网站检查 from the year-end one).

Deterministic and idempotent: an agency with accounts is skipped; items are matched on their titles; a run
already recorded for the date is not recorded again.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.web.agencies.models import Agency, Membership
from gongkai.web.engagement.models import MessageBox

from . import platform_services as services
from .models import NewMediaAccount, PlatformCheckRun

SEED = 2026
Q3 = date(2026, 9, 30)
YEAR_END = date(2025, 12, 31)


@dataclass
class DemoResult:
    boxes: int = 0
    accounts: int = 0
    observations: int = 0
    items: int = 0
    runs: int = 0
    existing: int = 0

    @property
    def created(self) -> int:
        return self.boxes + self.accounts + self.items + self.runs


def _member(agency, roles) -> object | None:
    m = (Membership.objects.filter(agency=agency, role__in=roles).select_related("user").order_by("user__username")
         .first())
    return m.user if m else None


def _publish(agency, on: date, title: str, genre: str, art20: list[str], **extra) -> bool:
    from gongkai.web.registry import services as registry
    from gongkai.web.registry.models import Item

    if Item.objects.filter(agency=agency, title=title).exists():
        return False
    handler = _member(agency, ["handler", "agency_admin"])
    reviewer = _member(agency, ["reviewer", "agency_admin"]) or handler
    head = _member(agency, ["office_head", "agency_admin"]) or reviewer
    if handler is None:
        return False
    fields = {"title": title, "subject": "0302", "genre": genre, "art20": art20,
              "body_html": f"<p>{title}。</p>", "channels": ["portal"], **extra}
    item = registry.item_create(agency=agency, actor=handler, fields=fields, today=on)
    registry.item_review(item=item, actor=reviewer, passed=True, on=on)
    registry.item_approve(item=item, actor=head, on=on)
    registry.item_publish(item=item, actor=handler, on=on)
    return True


def _fill_required(agency, today: date) -> int:
    """The city government keeps its platform in order: recent news, a recent notice, and its 制度 column and
    the statutory items every agency must fill have content."""
    n = 0
    n += _publish(agency, today - timedelta(days=3), "示例市人民政府召开常务会议研究部署冬季安全生产工作", "news", ["13"])
    n += _publish(agency, today - timedelta(days=10), "示例市人民政府办公室关于2027年元旦放假安排的通知", "notice", ["15"])
    n += _publish(agency, date(2026, 3, 2), "示例市人民政府机构职能、内设机构和联系方式", "other_document", ["2"])
    n += _publish(agency, date(2026, 2, 10), "示例市2026年市级部门预算公开", "budget", ["7"])
    n += _publish(agency, date(2026, 1, 15), "示例市人民政府政府信息公开工作制度（2026年修订）", "other_document", [],
                  platform_column="system")
    return n


def load_platform_demo(today: date, out: Callable[[str], None] = print) -> DemoResult:
    res = DemoResult()
    rng = random.Random(SEED)
    agencies = list(Agency.objects.exclude(level="region").order_by("sort", "code"))
    with transaction.atomic():
        for agency in agencies:
            if not MessageBox.objects.filter(agency=agency).exists():
                MessageBox.objects.create(agency=agency, kind="consult", name="咨询留言")
                res.boxes += 1
        by_code = {a.code: a for a in agencies}
        if "GK-GOV" in by_code:
            res.items += _fill_required(by_code["GK-GOV"], today)
        res.accounts, res.observations, res.existing = _newmedia(agencies, today, rng)
    supervisor = get_user_model().objects.filter(username="gk-supervisor").first()
    if supervisor is not None:
        # The year-end check of 2025 is what the demo's 2025 assessment scores 网站检查 from (the latest
        # recorded check of the year); the third quarter of 2026 is this year's spot check.
        for at, note in ((YEAR_END, "2025年度末检查"), (Q3, "2026年第三季度抽查")):
            for agency in agencies:
                if PlatformCheckRun.objects.filter(agency=agency, checked_on=at).exists():
                    continue
                services.check_record(agency=agency, at=at, actor=supervisor, note=note)
                res.runs += 1
    return res


def _newmedia(agencies, today: date, rng: random.Random) -> tuple[int, int, int]:
    owners = [a for a in agencies if a.level == "government"] + [
        a for a in agencies if a.code in ("GK-GA", "GK-WJ", "GK-JY", "GK-TJ", "GK-C02-ZJ")]
    created = observations = existing = 0
    for agency in owners:
        if NewMediaAccount.objects.filter(agency=agency).exists():
            existing += 1
            continue
        name = agency.short_name or agency.name.replace("人民政府", "")
        plans = [("wechat", f"{name}发布", True, 6), ("weibo", f"{name}微博", True, 9)]
        if agency.code == "GK-GOV":
            plans.append(("app", "示例市政务服务", True, 12))       # stopped a month ago: 内容更新不及时
        if agency.code == "GK-C02":
            plans[1] = ("weibo", f"{name}微博", False, 9)          # comments closed: 未提供有效互动功能
        if agency.code == "GK-TJ":
            plans = [("wechat", f"{name}发布", True, 45)]            # posts every six weeks: 内容更新不及时
        if agency.code == "GK-C05":
            plans.append(("douyin", f"{name}抖音", True, 200))       # abandoned, closed in the autumn
        staff = _member(agency, ["agency_admin", "handler"])
        start = today - timedelta(days=365)
        for platform, account_name, interaction, every in plans:
            acc = services.account_create(agency=agency, actor=staff, today=start, fields={
                "platform": platform, "name": account_name, "has_interaction": interaction,
                "account_id": f"gk_{agency.code.lower()}_{platform}", "last_update_on": start - timedelta(days=2)})
            created += 1
            last = start - timedelta(days=2)
            on = start
            while on < today:
                on = min(today, on + timedelta(days=30))
                while last + timedelta(days=every) <= on:
                    last = last + timedelta(days=max(1, every + rng.randint(-2, 2)))
                if platform == "app":
                    last = min(last, today - timedelta(days=30))
                closing = platform == "douyin" and on >= date(2026, 10, 1)
                services.account_observe(account=acc, actor=staff, today=on, fields={
                    "last_update_on": min(last, on), "status": "closed" if closing else "active",
                    "last_interaction_on": min(last, on) if interaction else None})
                observations += 1
                if closing:
                    break
    return created, observations, existing
