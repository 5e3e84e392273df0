"""The demo's own-platform checks: the three outcomes exist at the demo's today, accounts have a year of
history, the Q3 spot check is recorded, and a second load adds nothing."""

from __future__ import annotations

import pytest

from gongkai.corpus.region import generate_region
from gongkai.corpus.registry_items import REGISTRY_TODAY, generate_registry
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.demo import load_region
from gongkai.web.registry.demo import load_registry

pytestmark = pytest.mark.django_db


def test_demo_platform_checks_show_pass_stale_and_veto_once():
    from gongkai.web.supervision.models import NewMediaAccount, NewMediaObservation, PlatformCheckRun
    from gongkai.web.supervision.platform_demo import Q3, YEAR_END, load_platform_demo
    from gongkai.web.supervision.platform_selectors import region_checks

    region = generate_region(scale=0.05)
    load_region(region, out=lambda _: None)
    load_registry(region, generate_registry(region.agencies, scale=0.1), today=REGISTRY_TODAY, out=lambda _: None)
    first = load_platform_demo(REGISTRY_TODAY, out=lambda _: None)
    assert first.accounts == NewMediaAccount.objects.count() > 10
    assert NewMediaObservation.objects.filter(observed_on__lt=REGISTRY_TODAY.replace(month=1)).exists()
    ids = list(Agency.objects.exclude(level="region").values_list("pk", flat=True))
    assert PlatformCheckRun.objects.filter(checked_on=Q3).count() == len(ids)
    assert PlatformCheckRun.objects.filter(checked_on=YEAR_END).count() == len(ids) and first.runs == 2 * len(ids)

    checks = {c.agency.code: c for c in region_checks(ids, REGISTRY_TODAY)}
    gov = checks["GK-GOV"].website
    assert gov.passed and not any(s.empty for s in gov.columns)
    assert any(c.website.vetoes for c in checks.values())
    assert any(c.website.passed and any(f.indicator in ("news_update", "notices_update", "column_upkeep")
                                        for f in c.website.deductions) for c in checks.values())
    accounts = [r for c in checks.values() for _, r in c.accounts]
    assert any(v.label == "未提供有效互动功能" for r in accounts for v in r.vetoes)
    assert any(f.label == "内容更新不及时" for r in accounts for f in r.deductions)
    assert any(r.verdict == "不检查" for r in accounts)

    again = load_platform_demo(REGISTRY_TODAY, out=lambda _: None)
    assert again.created == 0 and NewMediaAccount.objects.count() == first.accounts
