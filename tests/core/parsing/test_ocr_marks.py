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


def test_dropped_digit_corrected_when_one_fix_restores_every_identity():
    stats = _consistent()
    stats.set(f"{T3}unable_not_held/natural_person", 3)  # "30" with its 0 lost
    flag_dropouts(stats)
    found = [w for w in stats.warnings if w.code == "ocr_corrected"]
    assert [w.pointer for w in found] == [f"{T3}unable_not_held/natural_person"]
    assert "读出 3" in found[0].message and "30" in found[0].message
    assert stats.get(f"{T3}unable_not_held/natural_person") == 30


def test_ambiguous_break_is_only_flagged():
    stats = AnnualStats(template="2021")
    for key, v in {"upheld": 2, "corrected": 1, "other": 0, "pending": 0, "total": 4}.items():
        stats.set(f"/review/{key}", v)  # five one-digit changes would each restore the sum: none is chosen
    flag_dropouts(stats)
    assert [(w.code, w.pointer) for w in stats.warnings] == [("ocr_identity_broken", "/review/total")]
    assert (stats.get("/review/upheld"), stats.get("/review/total")) == (2, 4)


def test_misread_digit_is_corrected_with_a_warning():
    stats = _consistent()
    stats.set(f"{T3}withheld_admin_query/other_org", 6)  # a scanned 0 read as 6
    stats.set(f"{T3}withheld_admin_query/total", 6)
    flag_dropouts(stats)
    # Two figures are off (the row holds with 6 + ... = 6), so the column identities decide: not unique.
    assert stats.get(f"{T3}withheld_admin_query/other_org") == 6
    assert any(w.code == "ocr_identity_broken" for w in stats.warnings)

    stats = _consistent()
    stats.set(f"{T3}disclosed/other_org", 7)  # 1 read as 7: row, column and balance identities all say 1
    flag_dropouts(stats)
    assert stats.get(f"{T3}disclosed/other_org") == 1
    corrected = [w for w in stats.warnings if w.code == "ocr_corrected"]
    assert [w.pointer for w in corrected] == [f"{T3}disclosed/other_org"] and "7" in corrected[0].message


def test_one_digit_off():
    assert _one_digit_off(3) == [0, 1, 2, 4, 5, 6, 7, 8, 9, 13, 23, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39,
                                 43, 53, 63, 73, 83, 93]
    assert 12 in _one_digit_off(2) and 102 in _one_digit_off(12) and 17 in _one_digit_off(12)
    assert _one_digit_off(None) == []
