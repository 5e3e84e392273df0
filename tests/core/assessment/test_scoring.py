import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.assessment import (
    DEFAULT_INDICATORS,
    AssessmentError,
    IndicatorSet,
    MetricValue,
    MissingMetricData,
    score,
    validate_set,
)


def _set(*indicators, total=100):
    return IndicatorSet.from_dict({"region": "R", "year": 2025, "title": "t", "total": total,
                                   "indicators": list(indicators)})


REPORT = {"key": "report", "name": "年报", "full_marks": 20, "formula": "annual_report_on_time",
          "rule": {"kind": "flag"}, "na": "zero"}
LATE = {"key": "late", "name": "超期", "full_marks": 30, "formula": "applications_late_share",
        "rule": {"kind": "deduct", "per_unit": 2, "cap": 25}, "na": "full"}
REVIEW = {"key": "review", "name": "纠错", "full_marks": 30, "formula": "review_correction_rate",
          "rule": {"kind": "linear", "low": 50, "high": 0}, "na": "rescale"}
MSG = {"key": "msg", "name": "留言", "full_marks": 20, "formula": "messages_in_time_share",
       "rule": {"kind": "bands", "direction": "at_least", "bands": [[100, 20], [90, 15], [60, 5]]}, "na": "rescale",
       "veto": "messages_unanswered_3m > 0", "veto_effect": "fail"}


def mv(value, kind="", refs=(), hits=()):
    return MetricValue(value, kind=kind, refs=tuple(refs), hits=tuple(hits))


def test_reference_computation():
    """Four agencies worked out by hand."""
    s = _set(REPORT, LATE, REVIEW, MSG)
    validate_set(s)
    values = {
        # on time; 5 % late → 30 - 10 = 20; correction 10 % → 30 * 40/50 = 24; messages 95 % → 15. 79.
        "a": {"annual_report_on_time": mv(1, "report", [7]), "applications_late_share": mv(5.0, "application",
              [1, 2], [2]), "review_correction_rate": mv(10.0), "messages_in_time_share": mv(95.0),
              "messages_unanswered_3m": mv(0)},
        # late report 0; 20 % late → deduction 40 capped at 25 → 5; no review cases (N/A: out, rescale);
        # messages 100 % → 20 → raw 25 of 70 possible → 25 * 100 / 70 = 35.71; a message over 3 months: 不合格.
        "b": {"annual_report_on_time": mv(0), "applications_late_share": mv(20.0), "review_correction_rate": mv(None),
              "messages_in_time_share": mv(100.0), "messages_unanswered_3m": mv(1)},
        # everything N/A except the report: late N/A → full 30; report 20; 50 of 50 possible → 100.
        "c": {"annual_report_on_time": mv(1), "applications_late_share": mv(None), "review_correction_rate": mv(None),
              "messages_in_time_share": mv(None), "messages_unanswered_3m": mv(0)},
        # the same as a: shares rank 2.
        "d": {"annual_report_on_time": mv(1), "applications_late_share": mv(5.0), "review_correction_rate": mv(10.0),
              "messages_in_time_share": mv(95.0), "messages_unanswered_3m": mv(0)},
    }
    results = {r.agency: r for r in score(s, values)}
    assert results["a"].total == 79.0 and results["d"].total == 79.0
    assert [p.points for p in results["a"].indicators] == [20.0, 20.0, 24.0, 15.0]
    assert results["b"].total == 35.71 and results["b"].raw_points == 25.0
    assert results["b"].failed and not results["b"].vetoed
    assert "触发一票否决" in results["b"].indicators[3].rule
    assert results["b"].indicators[2].points is None and "不适用" in results["b"].indicators[2].rule
    assert "已达扣分上限 25 分" in results["b"].indicators[1].rule
    assert results["c"].total == 100.0
    assert [results[k].rank for k in "cadb"] == [1, 2, 2, 4]
    assert results["a"].indicators[1].metrics == ("applications_late_share",)
    # The trace: the metric values behind each indicator, with their records.
    [(key, late)] = results["a"].indicators[1].trace
    assert key == "applications_late_share" and (late.kind, late.refs, late.hits) == ("application", (1, 2), (2,))
    assert dict(results["b"].indicators[3].trace).keys() == {"messages_in_time_share", "messages_unanswered_3m"}


def test_veto_zero_sets_total_to_zero_and_ranks_last():
    s = _set({**REPORT, "full_marks": 100, "veto": "annual_report_on_time == 0", "veto_effect": "zero"})
    results = score(s, {"x": {"annual_report_on_time": mv(0)}, "y": {"annual_report_on_time": mv(1)}})
    assert [(r.agency, r.total, r.rank, r.vetoed) for r in results] == [("y", 100.0, 1, False), ("x", 0.0, 2, True)]


def test_all_not_applicable_gives_no_total_and_no_rank():
    s = _set({**REVIEW, "full_marks": 100})
    [r] = score(s, {"x": {"review_correction_rate": mv(None)}})
    assert r.total is None and r.rank is None


def test_value_rule_clamps():
    s = _set({"key": "w", "name": "网站", "full_marks": 100, "formula": "applications_received * 10",
              "rule": {"kind": "value"}, "na": "zero"})
    [r] = score(s, {"x": {"applications_received": mv(30)}})
    assert r.total == 100.0


def test_missing_metric_data_is_refused():
    s = _set({**REPORT, "full_marks": 100})
    with pytest.raises(MissingMetricData) as e:
        score(s, {"x": {}})
    assert "年度报告按时发布" in e.value.message


@pytest.mark.parametrize(("change", "fragment"), [
    ({"key": "Bad Key"}, "指标代码"),
    ({"name": ""}, "名称不能为空"),
    ({"full_marks": "x"}, "分值须为数字"),
    ({"full_marks": 0}, "分值须大于 0"),
    ({"formula": "nosuch * 2"}, "计算公式：公式第 1 个字符处：指标“nosuch”不存在"),
    ({"veto": "review_cases >"}, "一票否决条件"),
    ({"na": "maybe"}, "不适用时的处理方式无效"),
    ({"rule": {"kind": "linear", "low": 1, "high": 1}}, "不能相同"),
    ({"rule": {"kind": "bands", "bands": []}}, "至少要有一档"),
    ({"rule": {"kind": "bands", "bands": [[90, 999]]}}, "分档得分须在"),
    ({"rule": {"kind": "deduct", "per_unit": 0}}, "每单位扣分须大于 0"),
    ({"rule": {"kind": "deduct", "per_unit": 1, "cap": 99}}, "扣分上限"),
    ({"rule": {"kind": "magic"}}, "计分方式无效"),
])
def test_indicator_errors(change, fragment):
    with pytest.raises(AssessmentError) as e:
        _set({**REPORT, **change})
    assert fragment in e.value.message, e.value.message


def test_set_errors():
    with pytest.raises(AssessmentError) as e:
        validate_set(_set(REPORT, LATE))
    assert e.value.message == "各项指标分值合计 50 分，与总分 100 分不一致。"
    with pytest.raises(AssessmentError) as e:
        validate_set(_set(REPORT, {**REPORT, "full_marks": 80}))
    assert "重复" in e.value.message
    with pytest.raises(AssessmentError) as e:
        validate_set(_set())
    assert "为空" in e.value.message


def test_the_default_set_is_valid_and_round_trips():
    s = _set(*DEFAULT_INDICATORS)
    validate_set(s)
    assert IndicatorSet.from_dict(s.to_dict()) == s
    assert sum(i.full_marks for i in s.indicators) == 100


@given(st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=100)), min_size=1, max_size=30))
def test_properties_points_bounded_ranks_consistent(shares):
    s = _set({**LATE, "full_marks": 50}, {**REVIEW, "full_marks": 50})
    values = {i: {"applications_late_share": mv(v), "review_correction_rate": mv(v)} for i, v in enumerate(shares)}
    results = score(s, values)
    for r in results:
        for p in r.indicators:
            assert p.points is None or 0 <= p.points <= p.full_marks
        assert r.total is None or 0 <= r.total <= 100
    ranked = [r for r in results if r.rank is not None]
    for a, b in zip(ranked, ranked[1:], strict=False):
        assert a.total >= b.total
        assert (a.rank == b.rank) == (a.total == b.total)
    assert all(r.rank == 1 + sum(o.total > r.total for o in ranked) for r in ranked)
