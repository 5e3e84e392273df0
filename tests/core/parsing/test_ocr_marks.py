"""OCR drop-outs located by the table identities: stated as warnings with the one candidate, never filled in."""

from __future__ import annotations

from gongkai.core.parsing.ocr_marks import _one_digit_off, flag_dropouts
from gongkai.core.stats import AnnualStats
from gongkai.core.stats.model import APPLICANT_COLUMNS, TABLE3_ROWS

T3 = "/applications/table3/"


def _table3(values: dict[str, list[int]]) -> AnnualStats:
    stats = AnnualStats(template="2021")
    for row in TABLE3_ROWS:
        cells = values.get(row, [0] * 6)
        cells = [*cells, sum(cells)]
        for column, v in zip(APPLICANT_COLUMNS, cells, strict=True):
            stats.set(f"{T3}{row}/{column}", v)
    return stats


def _consistent() -> AnnualStats:
    return _table3({
        "new": [47, 9, 0, 1, 3, 2], "carried_over": [4, 1, 0, 0, 0, 0],
        "disclosed": [18, 3, 0, 0, 1, 1], "unable_not_held": [30, 6, 0, 1, 1, 0],
        "results_total": [48, 9, 0, 1, 2, 1], "carried_forward": [3, 1, 0, 0, 1, 1],
    })


def test_consistent_table_raises_nothing():
    stats = _consistent()
    flag_dropouts(stats)
    assert not [w for w in stats.warnings if w.code.startswith("ocr_")]


def test_missing_cell_gets_its_only_candidate_in_a_warning():
    stats = _consistent()
    stats.set(f"{T3}unable_not_held/commercial", None)
    flag_dropouts(stats)
    warnings = [w for w in stats.warnings if w.code == "ocr_dropout"]
    assert [w.pointer for w in warnings] == [f"{T3}unable_not_held/commercial"]
    assert "6" in warnings[0].message
    assert stats.get(f"{T3}unable_not_held/commercial") is None  # never filled in


def test_dropped_digit_found_when_one_fix_restores_every_identity():
    stats = _consistent()
    stats.set(f"{T3}unable_not_held/natural_person", 3)  # "30" with its 0 lost
    flag_dropouts(stats)
    found = [w for w in stats.warnings if w.code == "ocr_digit_dropped"]
    assert [w.pointer for w in found] == [f"{T3}unable_not_held/natural_person"]
    assert "30" in found[0].message
    assert stats.get(f"{T3}unable_not_held/natural_person") == 3


def test_ambiguous_break_is_only_flagged():
    stats = _consistent()
    stats.set(f"{T3}new/total", 6)  # 62 -> 6: could be 60..69 by one identity, but only 62 balances
    stats.set(f"{T3}carried_over/total", 1)  # a second break in the same columns leaves no unique fix
    flag_dropouts(stats)
    codes = {w.code for w in stats.warnings}
    assert "ocr_identity_broken" in codes or "ocr_digit_dropped" in codes


def test_one_digit_off():
    assert _one_digit_off(3) == [13, 23, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 43, 53, 63, 73, 83, 93]
    assert _one_digit_off(None) == []
