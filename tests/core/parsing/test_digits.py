"""Splitting digit runs under identities (gongkai.core.parsing.digits)."""

from __future__ import annotations

import time

from gongkai.core.parsing.digits import HARD, SOFT, Run, solve_rows, split_run

ROW = [(6, (0, 1, 2, 3, 4, 5))]


def test_unique_split_under_row_identity():
    assert [s.values for s in split_run(Run.from_text("640020470"), 7, ROW).splits] == [(64, 0, 0, 2, 0, 4, 70)]


def test_no_leading_zeros_and_hard_bounds_always_cut():
    # "05" is never a number; the space forces a cut between 1 and 2.
    assert split_run(Run.from_text("05"), 1).splits == []
    assert [s.values for s in split_run(Run.from_text("1 2"), 2).splits] == [(1, 2)]
    assert split_run(Run.from_text("1 2"), 1).splits == []


def test_line_break_is_a_soft_bound():
    run = Run.from_text("12\n3")
    assert run.bounds == (0, SOFT)
    assert sorted(s.values for s in split_run(run, 1).splits) == [(123,)]
    assert sorted(s.values for s in split_run(run, 2).splits) == [(1, 23), (12, 3)]
    assert Run.from_text("1\t2").bounds == (HARD,)


def test_dash_is_one_cell():
    run = Run.from_text("3 — 3")
    assert [s.values for s in split_run(run, 3, [(2, (0, 1))]).splits] == [(3, 0, 3)]


def test_table4_groups():
    digits = "".join(map(str, [1, 2, 0, 1, 4, 3, 0, 1, 0, 4, 0, 1, 0, 0, 1]))
    ids = [(4, (0, 1, 2, 3)), (9, (5, 6, 7, 8)), (14, (10, 11, 12, 13))]
    assert [s.values for s in split_run(Run.from_text(digits), 15, ids).splits] == [
        (1, 2, 0, 1, 4, 3, 0, 1, 0, 4, 0, 1, 0, 0, 1)
    ]


def test_search_is_bounded():
    t0 = time.monotonic()
    assert split_run(Run.from_text("7" * 200), 7, ROW).splits == []
    result = split_run(Run.from_text("1234567890" * 4), 7, ROW, budget=1000)
    assert time.monotonic() - t0 < 2
    assert not result.complete  # the caller warns instead of trusting a partial list


def test_solve_rows_uses_column_identities_and_reports_disagreement():
    domains = {"a": [(1, 2), (12, 0)], "b": [(1, 2)], "c": [(0, 0), (5, 5)]}
    # a == b per column pins a; nothing pins c.
    solved = solve_rows(domains, [(("a", 1), ("b", -1))], 2)
    assert solved.values["a"] == [1, 2]
    assert solved.values["c"] == [None, None]
    assert solved.ambiguous == {"c"}
    # No consistent combination: free rows are not guessed.
    solved = solve_rows({"a": [(1,), (2,)], "b": [(3,)]}, [(("a", 1), ("b", -1))], 1)
    assert not solved.consistent and solved.values["a"] == [None]


def test_signs_and_decimal_points_fix_table2_runs():
    from gongkai.core.parsing.digits import COUNT_CELL, MONEY_CELL, SIGNED_CELL, split_text

    kinds = [COUNT_CELL, SIGNED_CELL, COUNT_CELL]
    assert [s.values for s in split_text("74-10", kinds, dashes=False)] == [(74, -1, 0)]
    assert [s.values for s in split_text("0+10", kinds, dashes=False)] == [(0, 1, 0)]
    # With dash cells in the report, "-" may also be a dash: 74 | — | 10.
    assert len(split_text("74-10", kinds, dashes=True)) == 2
    # Several cuts after the sign: ambiguous.
    assert len(split_text("21-71248", kinds, dashes=False)) == 2
    # A sign is only allowed in a signed column, a decimal point only in money.
    assert split_text("1-2", [COUNT_CELL, COUNT_CELL], dashes=False) == []
    assert [s.values for s in split_text("7.5", [MONEY_CELL], dashes=False)] == [(7.5,)]
    assert split_text("7.5", [COUNT_CELL], dashes=False) == []
    # Whitespace always cuts; the spans point into the text.
    [only] = split_text("12 3", [COUNT_CELL, COUNT_CELL], dashes=False)
    assert only.values == (12, 3) and only.spans == ((0, 2), (3, 4))
