"""Comparing what a reader found with what a synthetic report states.

A figure is right when the reader reports the expected value. A figure the reader reports beyond the
expected set is tolerated only when it is true: a cell of a flattened row that was not uniquely
splittable but happens to be right, or a total derivable from stated figures (行政诉讼 = 直接起诉 + 复议后起诉).
Anything else is an invented figure and counts as a mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.stats import AnnualStats

from .generator import SyntheticReport

_OUTCOMES = ("upheld", "corrected", "other", "pending", "total")


def tolerated_extras(report: SyntheticReport) -> dict[str, object]:
    """True figures a reader may report although the file does not state them directly."""
    extra = dict(report.expected())
    if report.template in ("2019", "2021"):
        for col in _OUTCOMES:
            d = report.stats.get(f"/litigation_direct/{col}")
            a = report.stats.get(f"/litigation_after_review/{col}")
            if d is not None and a is not None:
                extra[f"/litigation/{col}"] = d + a
    return extra


def found_figures(stats: AnnualStats) -> dict[str, object]:
    out: dict[str, object] = {"/agency": stats.agency, "/year": stats.year, "/template": stats.template}
    out.update(stats.figures())
    return out


def _same(a, b) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool) and not isinstance(b, bool):
        return abs(a - b) < 1e-6
    return a == b


@dataclass
class Score:
    expected: int
    right: int
    mismatches: list[str]

    @property
    def accuracy(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def score(file: str, report: SyntheticReport, expected: dict[str, object], stats: AnnualStats) -> Score:
    found = found_figures(stats)
    tolerated = tolerated_extras(report)
    mismatches = []
    right = 0
    for pointer, want in expected.items():
        got = found.get(pointer)
        if _same(want, got):
            right += 1
        else:
            mismatches.append(f"{file} {pointer}: expected {want!r}, got {got!r}")
    for pointer, got in found.items():
        if pointer in expected or got is None:
            continue
        if pointer in tolerated and _same(tolerated[pointer], got):
            continue
        mismatches.append(f"{file} {pointer}: not stated in the report, got {got!r}")
    return Score(len(expected), right, mismatches)
