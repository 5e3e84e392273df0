"""Demo engagement records: for every agency of the demo region, from 1 January 2025 to the region's today, the
press conferences (linked to documents the agency published shortly before), online interviews, responses to
public concerns, disclosure work meetings and training sessions with their trainees, as an office records
them — through `services_records`, deterministic (one seeded generator), so the annual report of 2025 and
the 政府网站工作年度报表 have something to count.

Idempotent: an agency that already holds records from that period is left alone.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from gongkai.corpus.region import Region
from gongkai.web.agencies.models import Agency
from gongkai.web.registry.models import Item

from . import services_records as services
from .models import EngagementRecord

START = date(2025, 1, 1)

# Per agency level: (kind, events per year: low, high).
RATES = {
    "government": (("press_conference", 8, 14), ("online_interview", 3, 6), ("hotspot_response", 25, 45),
                   ("meeting", 2, 4), ("training", 3, 5)),
    "department": (("press_conference", 0, 4), ("online_interview", 0, 2), ("hotspot_response", 2, 12),
                   ("meeting", 1, 2), ("training", 1, 3)),
    "office": (("press_conference", 0, 1), ("online_interview", 0, 1), ("hotspot_response", 0, 4),
               ("meeting", 1, 2), ("training", 1, 2)),
}
HOTSPOTS = ("城区道路施工致出行不便", "老旧小区加装电梯进度", "暴雨后低洼路段积水", "学校划片招生政策",
            "医保异地就医结算", "农贸市场价格波动", "夜间施工噪声扰民", "供暖季室温不达标", "共享单车乱停放",
            "网传“停水通知”不实", "养老服务补贴发放", "公交线路调整", "农村饮水安全", "燃气价格调整")
PRESS = ("{year}年优化营商环境工作情况", "{name}重点民生实事进展", "防汛抗旱工作部署", "城市更新行动政策解读",
         "安全生产专项整治成效", "{year}年一季度经济运行情况", "稳就业政策措施", "乡村振兴重点任务")
INTERVIEWS = ("{name}主要负责人谈{year}年重点工作", "政务服务“一网通办”答网友问", "社会救助政策在线解答",
              "民生实事项目在线访谈")
MEETINGS = ("{year}年政务公开工作会议", "政府信息公开工作推进会", "年度报告编制工作部署会")
TRAININGS = ("政府信息公开条例专题培训", "依申请公开办理实务培训", "政务新媒体管理培训", "政策解读与回应关切培训")
SPEAKERS = ("主要负责人", "分管负责人", "新闻发言人", "政务公开办负责同志", "业务科室负责人")
CHANNELS = ("门户网站", "政务微博", "政务微信", "新闻发布会", "广播电视")


@dataclass
class LoadResult:
    created: int = 0
    existing: int = 0


def _days(rng: random.Random, n: int, start: date, end: date) -> list[date]:
    span = (end - start).days
    return sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(n))


def _people(region: Region) -> dict[str, object]:
    users = {u.username: u for u in get_user_model().objects.filter(username__in={s.username for s in region.staff})}
    out: dict[str, object] = {}
    for s in region.staff:
        if set(s.roles) & {"handler", "registrar", "agency_admin"} and s.username in users:
            out.setdefault(s.agency, users[s.username])
    return out


def load_records(region: Region, *, seed: int, today: date, out: Callable[[str], None] = print) -> LoadResult:
    result = LoadResult()
    agencies = {a.code: a for a in Agency.objects.filter(code__in={s.code for s in region.agencies})}
    people = _people(region)
    holding = set(EngagementRecord.objects.filter(held_on__gte=START, agency__in=agencies.values())
                  .values_list("agency_id", flat=True).distinct())
    for spec in region.agencies:
        agency = agencies.get(spec.code)
        rates = RATES.get(spec.level)
        if agency is None or rates is None:
            continue
        rng = random.Random(f"{seed}:{spec.code}")  # per agency: one agency's records never shift another's
        if agency.pk in holding:
            result.existing += 1
            continue
        actor = people.get(spec.code)
        documents = list(Item.objects.filter(agency=agency, state="published", published_on__gte=START,
                                             genre__in=["normative", "other_document", "plan", "interpretation"])
                         .order_by("published_on", "id").values_list("pk", "published_on"))
        name = spec.short_name or spec.name
        for year in range(START.year, today.year + 1):
            end = min(date(year, 12, 31), today)
            share = ((end - date(year, 1, 1)).days + 1) / 365
            for kind, low, high in rates:
                n = round(rng.randint(low, high) * share)
                for on in _days(rng, n, date(year, 1, 1), end):
                    values = {"kind": kind, "held_on": on, "channel": rng.choice(CHANNELS)}
                    items: list[int] = []
                    fmt = {"year": year, "name": name}
                    if kind == "press_conference":
                        values |= {"topic": f"“{rng.choice(PRESS).format(**fmt)}”新闻发布会",
                                   "speakers": "、".join(rng.sample(SPEAKERS, 2))}
                        recent = [pk for pk, d in documents if on - timedelta(days=30) <= d <= on]
                        items = rng.sample(recent, min(len(recent), rng.randint(1, 2))) if recent else []
                    elif kind == "online_interview":
                        values |= {"topic": rng.choice(INTERVIEWS).format(**fmt), "speakers": rng.choice(SPEAKERS),
                                   "channel": "门户网站"}
                    elif kind == "hotspot_response":
                        values |= {"topic": f"回应“{rng.choice(HOTSPOTS)}”社会关切"}
                    elif kind == "meeting":
                        values |= {"topic": rng.choice(MEETINGS).format(**fmt), "participants": rng.randint(20, 80),
                                   "channel": ""}
                    else:
                        values |= {"topic": rng.choice(TRAININGS), "speakers": rng.choice(SPEAKERS),
                                   "participants": rng.randint(25, 160), "channel": ""}
                    services.record_create(agency=agency, actor=actor, values=values, item_ids=items, today=today)
                    result.created += 1
    return result
