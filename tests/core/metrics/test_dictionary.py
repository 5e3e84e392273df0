from pathlib import Path

import pytest

from gongkai.core.metrics import METRICS, Metric, UnknownMetric, metric, rate
from gongkai.core.metrics.markdown import metrics_markdown

DOCS = Path(__file__).resolve().parents[3] / "docs" / "metrics.md"


def test_docs_metrics_md_is_the_dictionary():
    assert DOCS.read_text(encoding="utf-8") == metrics_markdown(), "run: gongkai metrics --markdown > docs/metrics.md"


def test_every_rate_says_what_it_divides_and_when_it_does_not_apply():
    rates = [m for m in METRICS if m.kind == "rate"]
    assert rates
    for m in rates:
        assert m.numerator and m.denominator and m.na_rule, m.key


def test_a_rate_without_its_denominator_is_refused():
    with pytest.raises(ValueError):
        Metric("x", "x", "rate", "x", numerator="a")


def test_unknown_metric_names_itself_in_chinese():
    with pytest.raises(UnknownMetric) as e:
        metric("late_share_typo")
    assert "late_share_typo" in e.value.message and "指标" in e.value.message


def test_rate_is_not_applicable_on_an_empty_denominator():
    assert rate(0, 0) is None
    assert rate(3, 4) == 0.75
