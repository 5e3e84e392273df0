"""Demo 政府网站工作年度报表 for the demo region's portal (the city government's site): the 2025 form generated
from the records, completed with the figures only the site's office knows (visits, filing numbers, security)
and published on 20 January 2026; and the 2026 form as a draft generated on the region's today, with part of
those figures entered — so the staff page shows generated, entered and blank rows and the deadline, and the
public page /gk/<code>/website-report/2025/ is alive. Deterministic; idempotent (an existing form is left).
"""

from __future__ import annotations

import random
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.core.supervision import website_report as form
from gongkai.web.agencies.models import Agency

from . import services_website_report as services
from .models import WebsiteReport

PORTAL = "GK-GOV"


def _known_figures(rng: random.Random, year: int, *, complete: bool) -> dict:
    """What the site's office enters: filing numbers, visits, services, security; all of it when `complete`."""
    out = {"site_code": "9999000001", "icp": "示ICP备05012345号-1", "police": "示公网安备 99010002000101号",
           "unique_visitors": str(rng.randint(300_000, 600_000)), "total_visits": str(rng.randint(2_000_000, 5_000_000)),
           "home_url": "https://www.shili.gov.example", "topics_maintained": str(rng.randint(12, 20)),
           "topics_new": str(rng.randint(2, 5)), "interp_products": str(rng.randint(10, 30)),
           "interp_media": str(rng.randint(3, 12)), "unified_platform": "是", "svc_catalogue": "是",
           "head": "王某某", "reviewer": "李某某", "filler": "赵某某", "phone": "0999-88100000"}
    if not complete:
        return out
    person, legal = rng.randint(80_000, 150_000), rng.randint(20_000, 40_000)
    out |= {"svc_users": str(rng.randint(150_000, 260_000)), "svc_items": str(rng.randint(900, 1300)),
            "svc_online": str(rng.randint(700, 900)), "svc_cases_person": str(person), "svc_cases_legal": str(legal),
            "survey_rounds": str(rng.randint(4, 10)), "survey_opinions": str(rng.randint(200, 900)),
            "survey_results": str(rng.randint(3, 8)), "interview_messages": str(rng.randint(150, 400)),
            "interview_answers": str(rng.randint(100, 150)), "smart_qa": "是", "sec_checks": str(rng.randint(4, 12)),
            "sec_found": "6", "sec_fixed": "6", "sec_monitoring": "是", "sec_drills": "是", "sec_officer": "是",
            "media_has": "是", "weibo_name": "示例发布", "weibo_posts": str(rng.randint(2000, 4000)),
            "weibo_followers": str(rng.randint(200_000, 400_000)), "wechat_name": "示例市人民政府",
            "wechat_posts": str(rng.randint(1200, 2000)), "wechat_subscribers": str(rng.randint(300_000, 500_000)),
            "innovation": ["搜索即服务", "无障碍浏览"]}
    return out


def load_website_reports(*, seed: int, today: date) -> tuple[int, int]:
    """(created, existing) forms."""
    agency = Agency.objects.filter(code=PORTAL).first()
    if agency is None:
        return 0, 0
    admin = get_user_model().objects.filter(username=f"{PORTAL.lower()}-admin").first()
    created = existing = 0
    for year, complete in ((today.year - 1, True), (today.year, False)):
        if WebsiteReport.objects.filter(agency=agency, year=year).exists():
            existing += 1
            continue
        rng = random.Random(f"{seed}:website-report:{year}")
        at = timezone.make_aware(datetime(year + 1, 1, 10, 9) if complete
                                 else datetime(today.year, today.month, today.day, 9))
        report = services.website_report_generate(agency=agency, year=year, actor=None, now=at)
        report = services.website_report_update(report=report, actor=None, values=_known_figures(rng, year,
                                                                                                 complete=complete))
        if complete and not form.missing(report.values):
            services.website_report_publish(report=report, actor=admin,
                                            now=timezone.make_aware(datetime(year + 1, 1, 20, 10)))
        created += 1
    return created, existing
