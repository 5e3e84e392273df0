"""Table 二's 规章 / 行政规范性文件 rows and section 一 from the registry; staff overrides; the in-force check."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from gongkai.core.registry.table2 import DocumentFacts, count_table2
from gongkai.web.reports import registry_counts, services
from tests.web.agencies.world import make_world
from tests.web.registry.conftest import publish_item, with_codes

pytestmark = pytest.mark.django_db
N = "/table2/normative_documents"
R = "/table2/regulations"


@pytest.fixture
def rworld(db):
    return with_codes(make_world())


def _random_items(rng: random.Random, agencies, n: int = 300):
    """Items written straight to the database (the counting is under test, not publishing), with the facts."""
    from gongkai.web.registry.models import Item

    facts: dict[int, list[DocumentFacts]] = {a.pk: [] for a in agencies}
    rows = []
    for i in range(n):
        agency = rng.choice(agencies)
        genre = rng.choice(["rule", "normative", "normative", "notice"])
        state = rng.choice(["published"] * 6 + ["withdrawn", "draft"])
        published = date(2022, 1, 1) + timedelta(days=rng.randint(0, 4 * 365))
        written = None if rng.random() < 0.15 else published - timedelta(days=rng.randint(0, 20))
        validity, since = "", None
        if genre != "notice":
            validity = rng.choice(["valid", "valid", "amended", "repealed", "expired"])
            since = published + timedelta(days=rng.randint(0, 500)) if validity != "valid" else None
        rows.append(Item(agency=agency, title=f"文件{i}", subject="0203", genre=genre, state=state,
                         written_on=written, published_on=published if state != "draft" else None,
                         validity=validity, validity_from=since, index_no=f"X/{i}" if state != "draft" else None))
        if state == "published" and genre != "notice":
            facts[agency.pk].append(DocumentFacts(genre, written, published, validity, since))
    Item.objects.bulk_create(rows)
    return facts


def test_the_database_counts_equal_the_core_rule(rworld):
    agencies = [rworld.gov, rworld.dept_a, rworld.dept_b]
    facts = _random_items(random.Random(10), agencies)
    for year in range(2022, 2027):
        by_agency = registry_counts.table2_by_agency([a.pk for a in agencies], year)
        for a in agencies:
            assert by_agency.get(a.pk, count_table2([], year)) == count_table2(facts[a.pk], year), (a.code, year)
        whole = count_table2([f for fs in facts.values() for f in fs], year)
        assert registry_counts.table2_counts([a.pk for a in agencies], year) == whole


def _policies(rworld):
    a = rworld.dept_a
    old = publish_item(rworld, on=date(2024, 3, 4), title="示例市甲局关于印发《行政执法公示办法》的通知",
                       written_on=date(2024, 3, 1), formed_on=date(2024, 3, 1), doc_number="示甲规〔2024〕1号")
    new = publish_item(rworld, on=date(2025, 5, 8), title="示例市甲局关于印发《行政执法公示办法（修订）》的通知",
                       written_on=date(2025, 5, 6), formed_on=date(2025, 5, 6), doc_number="示甲规〔2025〕2号",
                       channels=["portal", "wechat", "press_conference"])
    from gongkai.web.registry import services as registry

    registry.item_set_validity(item=old, actor=rworld.alice, validity="repealed", on=date(2025, 5, 8),
                               successor=new, reason="由修订后的办法替代")
    publish_item(rworld, on=date(2025, 5, 8), title="《行政执法公示办法（修订）》政策解读", genre="interpretation",
                 doc_number="", interprets=new, written_on=date(2025, 5, 8), formed_on=date(2025, 5, 8))
    publish_item(rworld, on=date(2025, 9, 1), title="示例市甲局2025年上半年工作动态", genre="news", doc_number="",
                 art20=[], written_on=date(2025, 9, 1), formed_on=date(2025, 9, 1))
    return a


def _fill_other_rows(agency, actor, year):
    for p in services.table2_pointers(year):
        if not p.startswith((R, N)):
            services.figure_set(agency=agency, year=year, pointer=p, value=0, source="业务系统统计", actor=actor)


def test_report_counts_table2_from_the_registry_and_says_so(rworld):
    a = _policies(rworld)
    _fill_other_rows(a, rworld.alice, 2025)
    report = services.report_build(agency=a, year=2025, actor=rworld.amy)
    stats = services.AnnualStats.from_json(report.stats)
    assert (stats.get(f"{N}/issued"), stats.get(f"{N}/repealed"), stats.get(f"{N}/in_force")) == (1, 1, 1)
    assert (stats.get(f"{R}/issued"), stats.get(f"{R}/in_force")) == (0, 0)
    assert stats.get("/proactive/total") == 3
    assert report.figure_sources[f"{N}/in_force"] == "来自主动公开登记"
    assert report.figure_sources["/table2/licensing/decisions"] == "人工填报：业务系统统计"
    assert report.error_count == 0  # every table 二 cell stated: no t2.blank
    overview = report.sections["overview"]
    assert overview.startswith("2025年，本机关通过政府信息公开平台主动公开政府信息3条，其中通过政府门户网站公开3条，"
                               "通过政务微信发布1条，通过新闻发布会发布1条。")
    assert "发布政策解读1篇" in overview and "制发行政规范性文件1件、废止（失效）1件" in overview
    # 2024 in force was 1 (the registry), +1 made −1 repealed = 1: no in-force warning.
    assert not [f for f in report.findings if f["code"] == "yoy.in_force"]

    # Staff override: their figure and source win, the page and the report say which was used.
    services.figure_set(agency=a, year=2025, pointer=f"{N}/in_force", value=7, source="法制科规范性文件台账",
                        actor=rworld.alice)
    report = services.report_build(agency=a, year=2025, actor=rworld.amy)
    stats = services.AnnualStats.from_json(report.stats)
    assert stats.get(f"{N}/in_force") == 7 and stats.get(f"{N}/issued") == 1
    assert report.figure_sources[f"{N}/in_force"] == "人工填报：法制科规范性文件台账"
    (f,) = [f for f in report.findings if f["code"] == "yoy.in_force"]
    assert f["severity"] == "warning" and (f["expected"], f["actual"]) == (1, 7)
    assert "2024年（来自主动公开登记）现行有效件数（1）" in f["message"]
    assert "截至2025年底现行有效行政规范性文件7件" in report.sections["overview"]  # the draft follows the figure


def test_staff_page_shows_where_each_figure_came_from(rworld, client):
    a = _policies(rworld)
    services.report_build(agency=a, year=2025, actor=rworld.amy)
    client.force_login(rworld.amy)
    page = client.get(f"/work/reports/{a.code}/2025/").content.decode()
    assert "表二数字来源" in page and "来自主动公开登记" in page


def test_agency_without_registry_data_keeps_blank_cells_and_the_old_draft(rworld):
    report = services.report_build(agency=rworld.dept_b, year=2025, actor=rworld.bob)
    assert report.figure_sources == {} and report.registry_facts is None
    assert any(f["code"] == "t2.blank" for f in report.findings)
    assert "主动公开" not in report.sections["overview"]


def test_subtree_mixes_registry_counts_and_overrides_per_agency(rworld):
    a = _policies(rworld)
    publish_item(rworld, agency=rworld.dept_b, on=date(2025, 2, 3), title="示例市乙局关于印发《档案管理规定》的通知",
                 written_on=date(2025, 2, 1), formed_on=date(2025, 2, 1), doc_number="示乙规〔2025〕1号")
    services.figure_set(agency=rworld.dept_b, year=2025, pointer=f"{N}/issued", value=4, source="乙局台账",
                        actor=rworld.bob)
    computed = services.compute(agency=rworld.gov, year=2025, subtree=True)
    assert computed.stats.get(f"{N}/issued") == 1 + 4  # A from the registry, B's override instead of its 1
    assert computed.stats.get(f"{N}/in_force") == 1 + 1
    assert computed.figure_sources[f"{N}/issued"] == "来自主动公开登记；人工填报：乙局台账"
    assert computed.registry.total == 4 and a.pk
