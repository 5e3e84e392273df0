"""The 年报库's duplicate rule: the same agency, year, format and figures."""

from __future__ import annotations

from gongkai.core.stats import AnnualStats
from gongkai.core.stats.identity import figure_differences, report_fingerprint


def _stats(**figures) -> AnnualStats:
    s = AnnualStats(agency="甲市人民政府", year=2023, template="2021")
    for pointer, value in figures.items():
        s.set("/" + pointer.replace("__", "/"), value)
    return s


def test_same_agency_year_format_and_figures_share_a_fingerprint():
    a = _stats(proactive__total=10, fees__collected_yuan=0.0)
    b = _stats(proactive__total=10, fees__collected_yuan=0)  # 0 and 0.0 are the same figure
    assert report_fingerprint(a, agency="甲") == report_fingerprint(b, agency="甲") is not None
    assert figure_differences(a, b) == []


def test_any_difference_makes_another_report():
    base = report_fingerprint(_stats(proactive__total=10), agency="甲")
    assert report_fingerprint(_stats(proactive__total=11), agency="甲") != base
    assert report_fingerprint(_stats(proactive__total=10, complaints=0), agency="甲") != base  # one more figure
    assert report_fingerprint(_stats(proactive__total=10), agency="乙") != base
    other_year = _stats(proactive__total=10)
    other_year.year = 2022
    assert report_fingerprint(other_year, agency="甲") != base
    other_format = _stats(proactive__total=10)
    other_format.template = "2019"
    assert report_fingerprint(other_format, agency="甲") != base


def test_no_fingerprint_without_agency_year_or_figures():
    assert report_fingerprint(_stats(proactive__total=10), agency="") is None
    no_year = _stats(proactive__total=10)
    no_year.year = None
    assert report_fingerprint(no_year, agency="甲") is None
    assert report_fingerprint(_stats(), agency="甲") is None


def test_differences_in_model_order():
    a = _stats(proactive__total=10, complaints=3)
    b = _stats(proactive__total=12, fees__collected_yuan=1.5)
    assert figure_differences(a, b) == [
        ("/proactive/total", 10, 12), ("/complaints", 3, None), ("/fees/collected_yuan", None, 1.5),
    ]
