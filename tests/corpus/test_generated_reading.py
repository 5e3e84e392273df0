"""The reader gets generated reports 100% right.

12 reports (four per template) in each of the five formats, plus crawler-flattened txt and
traditional-script copies. Every expected figure (agency, year and template too) must come back, and
nothing may be invented; all mismatches are listed in the failure message.
"""

from __future__ import annotations

import pytest

from gongkai.core.report import read_report
from gongkai.corpus import FORMATS, expected_figures, file_name, generate, render
from gongkai.corpus.scoring import score

REPORTS = generate(12, seed=2024)

CASES = [(fmt, False, False) for fmt in FORMATS] + [("txt", True, False)] + [(fmt, False, True) for fmt in FORMATS]


@pytest.mark.parametrize(
    "fmt,flattened,traditional",
    CASES,
    ids=[f"{f}{'-flattened' if fl else ''}{'-traditional' if tr else ''}" for f, fl, tr in CASES],
)
def test_reader_recovers_every_figure(fmt, flattened, traditional):
    mismatches: list[str] = []
    expected_total = right = 0
    for report in REPORTS:
        name = file_name(report, fmt, flattened=flattened, traditional=traditional)
        data = render(report, fmt, flattened=flattened, traditional=traditional)
        try:
            stats = read_report(data, name)
        except Exception as exc:  # a crash is a mismatch of every figure, reported, not a test error
            mismatches.append(f"{name}: read_report raised {type(exc).__name__}: {exc}")
            continue
        s = score(name, report, expected_figures(report, flattened=flattened), stats)
        expected_total += s.expected
        right += s.right
        mismatches += s.mismatches
    assert not mismatches, f"{len(mismatches)} mismatches ({right}/{expected_total} expected figures right):\n" + "\n".join(mismatches)


def test_flattened_ambiguous_rows_are_left_null_with_a_warning():
    from gongkai.corpus import ambiguous_flattened
    from gongkai.corpus.scoring import found_figures

    checked = 0
    for report in generate(60, seed=7, templates=("2021", "2019")):
        ambiguous = set(ambiguous_flattened(report)) - {p for p in ambiguous_flattened(report) if p.startswith("/table2/")}
        if not ambiguous:
            continue
        name = file_name(report, "txt", flattened=True)
        stats = read_report(render(report, "txt", flattened=True), name)
        found = found_figures(stats)
        wrong = {p: found[p] for p in ambiguous if found.get(p) is not None and found[p] != report.stats.get(p)}
        assert not wrong, f"{name}: ambiguous cells given wrong values {wrong}"
        assert stats.warnings, f"{name}: ambiguous rows {sorted(ambiguous)[:3]}… but no warning"
        checked += 1
    assert checked, "the sample should contain at least one ambiguous flattened table 三/四 row"
