"""The metric dictionary: every figure and rate supervision shows or scores, with its definition.

    from gongkai.core.metrics import METRICS, metric
    metric("applications_late_share").denominator  # "本年度办结的申请件数"

Assessment formulas refer to metrics by key; dashboards print the definition beside each figure;
docs/metrics.md is the same dictionary for readers (a test keeps them equal)."""

from gongkai.core.metrics.dictionary import METRICS, Metric, UnknownMetric, metric, rate

__all__ = ["METRICS", "Metric", "UnknownMetric", "metric", "rate"]
