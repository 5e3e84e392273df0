"""The annual report from the engagement records: `responses`/`capacity` of the built statistics (an agency's
and a region's), 政策解读 from the registry, section 一's paragraph, kept across a correction and refreshed on a
rebuild only while staff have not edited it."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.annual.narrative import engagement_paragraph
from gongkai.core.stats import AnnualStats
from gongkai.core.stats.schema import validate
from gongkai.web.engagement import services_records as records
from gongkai.web.reports import services
from tests.web.agencies.world import make_world
from tests.web.registry.conftest import publish_item, with_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def eworld(db):
    return with_codes(make_world())


def _add(w, agency, actor, kind, on, **extra):
    return records.record_create(agency=agency, actor=actor,
                                 values={"kind": kind, "held_on": on, "topic": f"{kind} {on}", **extra})


def test_agency_report_takes_the_records_of_its_year(eworld):
    w = eworld
    _add(w, w.dept_a, w.alice, "press_conference", date(2025, 3, 1))
    _add(w, w.dept_a, w.alice, "press_conference", date(2025, 9, 1))
    _add(w, w.dept_a, w.alice, "training", date(2025, 5, 1), participants=80)
    _add(w, w.dept_a, w.alice, "hotspot_response", date(2024, 5, 1))  # another year
    report = services.report_build(agency=w.dept_a, year=2025, actor=w.alice)
    stats = AnnualStats.from_json(report.stats)
    assert stats.get("/responses/press_conferences") == 2 and stats.get("/responses/hotspot_responses") == 0
    assert stats.get("/capacity/trainings") == 1 and stats.get("/capacity/trainees") == 80
    assert stats.get("/responses/interpretations") is None  # no registry data for A in 2025
    assert validate(report.stats) == []
    assert "召开新闻发布会2场" in report.sections["overview"]
    assert "举办培训班1期、培训80人次" in report.sections["overview"]
    assert report.engagement_facts["press_conferences"] == 2


def test_no_records_state_nothing(eworld):
    report = services.report_build(agency=eworld.dept_b, year=2025, actor=eworld.bob)
    stats = AnnualStats.from_json(report.stats)
    assert stats.responses is None and stats.capacity is None
    assert "新闻发布会" not in report.sections["overview"] and "培训" not in report.sections["overview"]


def test_interpretations_come_from_the_registry(eworld):
    w = eworld
    policy = publish_item(w, on=date(2026, 3, 2), written_on=date(2026, 2, 27), formed_on=date(2026, 2, 28))
    publish_item(w, on=date(2026, 3, 5), title="《若干措施》政策解读", genre="interpretation", doc_number="",
                 interprets=policy, written_on=date(2026, 3, 4), formed_on=date(2026, 3, 4), art20=[])
    _add(w, w.dept_a, w.alice, "online_interview", date(2026, 4, 1))
    stats = services.compute_stats(agency=w.dept_a, year=2026)
    assert stats.get("/responses/interpretations") == 1 and stats.get("/responses/online_interviews") == 1


def test_region_report_sums_its_agencies(eworld):
    w = eworld
    _add(w, w.dept_a, w.alice, "meeting", date(2025, 2, 1))
    _add(w, w.dept_b, w.bob, "meeting", date(2025, 6, 1))
    _add(w, w.dept_b, w.bob, "training", date(2025, 6, 2), participants=25)
    stats = services.compute_stats(agency=w.region, year=2025, subtree=True)
    assert stats.get("/capacity/meetings") == 2 and stats.get("/capacity/trainees") == 25
    alone = services.compute_stats(agency=w.dept_a, year=2025)
    assert alone.get("/capacity/meetings") == 1 and alone.get("/capacity/trainings") == 0


def test_rebuild_refreshes_an_unedited_paragraph_and_keeps_staff_text(eworld):
    w = eworld
    _add(w, w.dept_a, w.alice, "meeting", date(2025, 2, 1))
    report = services.report_build(agency=w.dept_a, year=2025, actor=w.alice)
    assert "召开政府信息公开工作会议1次" in report.sections["overview"]
    _add(w, w.dept_a, w.alice, "meeting", date(2025, 8, 1))
    report = services.report_build(agency=w.dept_a, year=2025, actor=w.alice)
    assert "召开政府信息公开工作会议2次" in report.sections["overview"]
    services.report_update_sections(report=report, actor=w.alice, overview="本机关自己写的概述。", problems="", other="")
    _add(w, w.dept_a, w.alice, "meeting", date(2025, 9, 1))
    report = services.report_build(agency=w.dept_a, year=2025, actor=w.alice)
    assert report.sections["overview"] == "本机关自己写的概述。"
    assert AnnualStats.from_json(report.stats).get("/capacity/meetings") == 3


def test_the_paragraph_is_the_core_text(eworld):
    w = eworld
    _add(w, w.dept_a, w.alice, "hotspot_response", date(2025, 7, 1))
    computed = services.compute(agency=w.dept_a, year=2025)
    report = services.report_build(agency=w.dept_a, year=2025, actor=w.alice)
    assert report.sections["overview"].endswith(engagement_paragraph(computed.engagement))
