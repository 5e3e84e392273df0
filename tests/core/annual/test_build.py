"""Building statistics from records: identities by construction, checks clean, carry-over, aggregation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.annual import (
    ApplicationFacts,
    CaseFacts,
    ReportNotBuildable,
    aggregate,
    build_stats,
    compare,
    count_table3,
    count_table4,
    narrative_drafts,
    result_rows,
)
from gongkai.core.checks import run_checks
from gongkai.core.stats.model import APPLICANT_COLUMNS, APPLICANT_TYPES

OUTCOMES = result_rows("2021")
DAY0 = date(2018, 1, 1)


@st.composite
def application(draw):
    received = draw(st.none() | st.integers(0, 9 * 365).map(lambda d: DAY0 + timedelta(days=d)))
    concluded = None
    if received is not None and draw(st.booleans()):
        concluded = received + timedelta(days=draw(st.integers(0, 500)))
    return ApplicationFacts(draw(st.sampled_from(APPLICANT_TYPES)), received, concluded,
                            draw(st.sampled_from(OUTCOMES)) if concluded else "")


def build(facts, year, cases=()):
    return build_stats(agency="某局", year=year, table3=count_table3(facts, year), table4=count_table4(cases, year))


@settings(max_examples=60, deadline=None)
@given(st.lists(application(), max_size=60), st.integers(2019, 2026))
def test_any_records_give_a_report_whose_identities_hold(facts, year):
    stats = build(facts, year)
    t3 = stats.applications.table3
    for col in APPLICANT_COLUMNS:
        assert t3.cell("new", col) + t3.cell("carried_over", col) == \
            t3.cell("results_total", col) + t3.cell("carried_forward", col)
    assert not [f for f in run_checks(stats) if f.severity == "error"]
    assert stats.template == ("2021" if year >= 2021 else "2019")


@settings(max_examples=40, deadline=None)
@given(st.lists(application(), max_size=60), st.integers(2019, 2025))
def test_carried_forward_is_next_years_carried_over(facts, year):
    this, nxt = build(facts, year), build(facts, year + 1)
    for col in APPLICANT_COLUMNS:
        assert this.applications.table3.cell("carried_forward", col) == \
            nxt.applications.table3.cell("carried_over", col)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(application(), max_size=25), min_size=1, max_size=4), st.integers(2019, 2026))
def test_an_aggregate_equals_the_sum_of_its_parts_and_the_build_over_the_union(groups, year):
    parts = [build(g, year) for g in groups]
    whole = aggregate(parts, agency="某市")
    union = build([f for g in groups for f in g], year)
    assert compare(whole, union) == []
    for pointer, value in whole.figures().items():
        assert value == sum(p.get(pointer) or 0 for p in parts)


def test_2019_folds_the_other_rows_into_one():
    facts = [ApplicationFacts("natural_person", date(2020, 3, 2), date(2020, 3, 9), k) for k in
             ("other_no_correction", "other_fee_unpaid", "other_other")]
    stats = build(facts, 2020)
    assert stats.template == "2019" and stats.applications.table3.cell("other_total", "total") == 3
    assert stats.applications.table3.cell("results_total", "total") == 3


def test_table4_counts_decisions_in_their_year_and_pending_at_year_end():
    cases = [CaseFacts("reconsideration", "", date(2024, 11, 1), date(2025, 2, 1), "upheld"),
             CaseFacts("litigation", "direct", date(2025, 3, 1), None, "pending")]
    assert count_table4(cases, 2024) == {("review", "pending"): 1}
    assert count_table4(cases, 2025) == {("review", "upheld"): 1, ("litigation_direct", "pending"): 1}
    stats = build([], 2025, cases)
    assert stats.review.total == 1 and stats.litigation.total == 1 and stats.litigation_direct.pending == 1


def test_no_national_format_before_2019():
    with pytest.raises(ReportNotBuildable) as exc:
        build([], 2018)
    assert "2019" in exc.value.message


def test_compare_lists_every_difference_with_chinese_labels_and_none_is_not_zero():
    a = build([ApplicationFacts("natural_person", date(2025, 3, 2), date(2025, 3, 9), "disclosed")], 2025)
    b = build([], 2025)
    b.review.upheld = None
    diffs = {d.pointer: d for d in compare(a, b)}
    assert diffs["/applications/table3/disclosed/natural_person"].label == "表三 （一）予以公开 · 自然人"
    assert diffs["/review/upheld"].published is None and diffs["/review/upheld"].built == 0
    assert compare(a, a) == []


def test_narrative_draft_states_only_the_figures():
    facts = [ApplicationFacts("natural_person", date(2024, 12, 20), date(2025, 1, 10), "disclosed"),
             ApplicationFacts("commercial", date(2025, 5, 6), None, "")]
    stats = build_stats(agency="某局", year=2025, table3=count_table3(facts, 2025), table4={},
                        fees_collected_yuan=0)
    d = narrative_drafts(stats)
    assert d["overview"].startswith("2025年，本机关共收到政府信息公开申请1件，加上上年结转1件，共办结1件（其中予以公开1件），结转下年度继续办理1件。")
    assert d["other"] == "本年度未收取信息处理费。" and d["problems"] == ""
    stats.fees.collected_yuan = 300
    assert narrative_drafts(stats)["other"] == "本年度收取信息处理费300元。"
