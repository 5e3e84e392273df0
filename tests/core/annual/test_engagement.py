"""The engagement facts in the annual report: the statistics' responses/capacity and section 一's paragraph,
which says only what the records hold."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.core.annual import build_stats, narrative_drafts
from gongkai.core.annual.engagement import EngagementYear, average_workdays, fill_stats
from gongkai.core.annual.narrative import engagement_paragraph
from gongkai.core.checks import run_checks
from gongkai.core.stats.schema import validate


def _stats(year=2025):
    return build_stats(agency="示例局", year=year, table3={("new", "natural_person"): 3,
                                                         ("disclosed", "natural_person"): 3}, table4={})


FULL = EngagementYear(year=2025, press_conferences=6, online_interviews=2, hotspot_responses=118, meetings=3,
                      trainings=4, trainees=260, messages_received=11, messages_valid=10, messages_answered=10,
                      messages_answered_in_time=9, messages_average_workdays=4.5, messages_published=7)


def test_paragraph_states_every_count_the_records_hold():
    text = engagement_paragraph(FULL)
    assert text == ("2025年，本机关召开新闻发布会6场，开展在线访谈2期，回应公众关注热点或重大舆情118次；"
                    "通过领导信箱等渠道收到群众来信11件，其中有效来信10件，已答复10件（按期答复9件，平均用时4.5个工作日），"
                    "公开答复7件；召开政府信息公开工作会议3次，举办培训班4期、培训260人次。")


def test_paragraph_leaves_out_what_is_zero_and_is_empty_without_records():
    assert engagement_paragraph(EngagementYear(year=2025)) == ""
    only = engagement_paragraph(EngagementYear(year=2025, trainings=1, trainees=30))
    assert only == "2025年，本机关举办培训班1期、培训30人次。"
    assert "新闻发布会" not in only and "来信" not in only


def test_narrative_adds_the_paragraph_only_for_the_same_year():
    stats = _stats()
    plain = narrative_drafts(stats)["overview"]
    with_it = narrative_drafts(stats, engagement=FULL)["overview"]
    assert with_it == plain + "\n\n" + engagement_paragraph(FULL)
    assert narrative_drafts(stats, engagement=EngagementYear(year=2024, meetings=2))["overview"] == plain
    assert narrative_drafts(stats, engagement=EngagementYear(year=2025))["overview"] == plain


def test_fill_stats_sets_responses_and_capacity_and_passes_schema_and_checks():
    stats = _stats()
    fill_stats(stats, FULL, interpretations=12)
    assert stats.get("/responses/press_conferences") == 6 and stats.get("/responses/interpretations") == 12
    assert stats.get("/responses/hotspot_responses") == 118 and stats.get("/capacity/trainees") == 260
    assert validate(stats.to_json()) == []
    codes = {f.code for f in run_checks(stats, from_records=True)}
    assert codes == {f.code for f in run_checks(_stats(), from_records=True)}  # the records add no finding


def test_fill_stats_states_nothing_without_records():
    stats = _stats()
    fill_stats(stats, EngagementYear(year=2025))
    assert stats.responses is None and stats.capacity is None
    fill_stats(stats, EngagementYear(year=2025), interpretations=3)
    assert stats.get("/responses/interpretations") == 3 and stats.get("/responses/press_conferences") is None


def test_facts_round_trip_json():
    assert EngagementYear.from_json(FULL.to_json()) == FULL
    assert EngagementYear.from_json(None) is None


def test_average_workdays_weights_by_count_and_counts_same_day_as_zero():
    def days(a, b):
        return (b - a).days
    d = date(2025, 3, 3)
    assert average_workdays([(d, d, 2), (d, d + timedelta(days=3), 1)], days) == 1.0
    assert average_workdays([], days) is None
