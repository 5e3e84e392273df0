"""Assessment (考核): indicator sets over the metric dictionary, a safe formula language, scoring and ranks.

    from gongkai.core.assessment import IndicatorSet, score, validate_set
    s = IndicatorSet.from_dict({"region": "R", "year": 2025, "title": "…", "total": 100, "indicators": [...]})
    validate_set(s)
    results = score(s, {agency_id: {metric_key: MetricValue(...)}})

Pure: the web layer computes the metric values from the records (gongkai.web.supervision.metrics) and freezes
published results."""

from gongkai.core.assessment.defaults import DEFAULT_INDICATORS, DEFAULT_TITLE
from gongkai.core.assessment.formula import Formula, FormulaError, parse
from gongkai.core.assessment.indicators import (
    NA_RULES,
    RULE_KINDS,
    VETO_EFFECTS,
    AssessmentError,
    Indicator,
    IndicatorSet,
    Rule,
    fmt,
    validate_set,
)
from gongkai.core.assessment.scoring import (
    AgencyResult,
    IndicatorScore,
    MetricValue,
    MissingMetricData,
    rank,
    score,
)

__all__ = ["DEFAULT_INDICATORS", "DEFAULT_TITLE", "NA_RULES", "RULE_KINDS", "VETO_EFFECTS", "AgencyResult",
           "AssessmentError", "Formula", "FormulaError", "Indicator", "IndicatorScore", "IndicatorSet",
           "MetricValue", "MissingMetricData", "Rule", "fmt", "parse", "rank", "score", "validate_set"]
