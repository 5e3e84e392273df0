"""Property: table 三 figures built to satisfy the identities pass; changing any one cell is caught there."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.checks import run_checks
from gongkai.core.stats import AnnualStats
from gongkai.core.stats.model import APPLICANT_COLUMNS, APPLICANT_TYPES
from gongkai.core.templates import get_template

from .builders import T3, fill_table3


@st.composite
def consistent_reports(draw) -> AnnualStats:
    template = draw(st.sampled_from(["2021", "2019"]))
    n = len(get_template(template).table3.result_row_keys)
    results, carried_over, carried_forward = {}, {}, {}
    for col in APPLICANT_TYPES:
        results[col] = draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
        carried_forward[col] = draw(st.integers(0, 30))
        # 一 = （七） + 四 − 二 must stay non-negative
        carried_over[col] = draw(st.integers(0, sum(results[col]) + carried_forward[col]))
    stats = AnnualStats(agency="某区人民政府", year=2022 if template == "2021" else 2020, template=template)
    fill_table3(stats, template, results, carried_over, carried_forward)
    return stats


def _cells(template: str) -> list[tuple[str, str]]:
    rows = ("new", "carried_over", *get_template(template).table3.result_row_keys, "results_total", "carried_forward")
    return [(r, c) for r in rows for c in APPLICANT_COLUMNS]


@settings(max_examples=150, deadline=None)
@given(consistent_reports())
def test_consistent_table3_has_no_errors(stats):
    errors = [f for f in run_checks(stats) if f.severity == "error"]
    assert errors == []


@settings(max_examples=300, deadline=None)
@given(consistent_reports(), st.data())
def test_changing_one_cell_gives_an_error_in_its_row_or_column(stats, data):
    row, col = data.draw(st.sampled_from(_cells(stats.template)), label="cell")
    old = stats.get(f"{T3}/{row}/{col}")
    delta = data.draw(st.integers(1, 50), label="delta")
    new = old + delta if old < delta or data.draw(st.booleans(), label="up") else old - delta
    stats.set(f"{T3}/{row}/{col}", new)
    errors = [f for f in run_checks(stats) if f.severity == "error"]
    touched = [f for f in errors if f.pointer.startswith(f"{T3}/{row}/") or f.pointer.endswith(f"/{col}")]
    assert touched, f"changing {row}/{col} from {old} to {new} went unnoticed: {errors}"
