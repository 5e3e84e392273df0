"""The dashboard's pure arithmetic: N/A is never 0, trends, the table 三 groups, how figures are written, and
sorting with N/A last."""

from __future__ import annotations

import pytest

from gongkai.core.applications.outcomes import GROUPS, OUTCOMES
from gongkai.core.dashboard import (
    NOT_APPLICABLE,
    UNRECORDED_GROUP,
    Figure,
    format_value,
    outcome_groups,
    outcomes_of_group,
    rate_figure,
    sort_rows,
    trend,
)
from gongkai.core.metrics import UnknownMetric


def test_a_rate_with_no_denominator_is_not_applicable_not_zero():
    f = rate_figure("applications_late_share", 0, 0)
    assert f.value is None and f.not_applicable and f.text == NOT_APPLICABLE
    assert rate_figure("applications_late_share", 0, 5).text == "0.0 %"
    assert rate_figure("applications_late_share", 1, 3).text == "33.3 %"


def test_rate_figure_refuses_a_count_metric_and_unknown_keys():
    with pytest.raises(ValueError):
        rate_figure("applications_received", 1, 2)
    with pytest.raises(UnknownMetric):
        Figure("no_such_metric", 1).metric  # noqa: B018


def test_values_are_written_with_their_units():
    assert format_value(Figure("applications_received", 1234)) == "1,234 件"
    assert format_value(Figure("fees_collected", 200)) == "200 元"
    assert format_value(Figure("annual_report_on_time", 1)) == "是"
    assert format_value(Figure("annual_report_on_time", "逾期未发布")) == "逾期未发布"


def test_trend_changes_and_the_first_year():
    points = trend({2021: 10, 2023: 15}, [2020, 2021, 2022, 2023])
    assert [p.count for p in points] == [0, 10, 0, 15]
    assert [p.change for p in points] == [None, 10, -10, 15]
    # after a year of 0 the relative change is N/A; -100 % is a real change
    assert [p.change_share for p in points] == [None, None, -1.0, None]


def test_outcome_groups_follow_table_3_and_show_unrecorded_only_when_present():
    counts = {k: 1 for k in OUTCOMES}
    groups = outcome_groups(counts)
    assert list(groups) == list(GROUPS)
    assert sum(groups.values()) == len(OUTCOMES)
    assert groups["予以公开"] == len(outcomes_of_group("予以公开"))
    with_blank = outcome_groups({"": 2, "disclosed": 1})
    assert with_blank[UNRECORDED_GROUP] == 2 and with_blank["予以公开"] == 1
    with pytest.raises(ValueError):
        outcomes_of_group("不存在")


def test_every_outcome_is_in_exactly_one_group():
    keys = [k for g in GROUPS for k in outcomes_of_group(g)]
    assert sorted(keys) == sorted(OUTCOMES)


def test_sort_rows_keeps_not_applicable_last_both_ways():
    rows = [("a", 0.5), ("b", None), ("c", 0.1), ("d", 0.9)]
    assert [r[0] for r in sort_rows(rows, lambda r: r[1])] == ["c", "a", "d", "b"]
    assert [r[0] for r in sort_rows(rows, lambda r: r[1], descending=True)] == ["d", "a", "c", "b"]
