"""The evidence model for flattened 表二 rows (gongkai.core.parsing.table2_split)."""

from __future__ import annotations

from gongkai.core.parsing.table2_split import (
    Candidate,
    Neighbours,
    candidates_note,
    cell_spans,
    format_values,
    parse_candidates,
    rank_splits,
    stated_in_prose,
    weigh,
)

DOC_2021 = ("issued", "repealed", "in_force")
DOC_2019 = ("new_made", "new_published", "total_public")
ITEMS_2019 = ("prev_year_items", "change", "decisions")


def texts(ranked) -> list[str]:
    return [format_values(c.values, ranked.columns) for c in ranked.candidates]


def test_a_repeated_run_is_ranked_first_but_never_chosen_on_its_own():
    r = rank_splits("454545", "regulations", DOC_2021, template="2021")
    assert r.chosen is None and r.ambiguous
    assert texts(r)[0] == "45|45|45"
    assert len(r.candidates) == 10  # every cut without a leading zero
    assert "仅作参考" in r.candidates[0].reasons[0]


def test_no_leading_zero_cells():
    r = rank_splits("2710013", "normative_documents", DOC_2021, template="2021")
    assert all(not (len(str(v)) > 1 and str(v).startswith("0")) for c in r.candidates for v in c.values)
    assert "27|10|013" not in texts(r) and "27|100|13" in texts(r)


def test_previous_year_continuity_decides_even_against_the_weak_preference():
    r = rank_splits("2710013", "normative_documents", DOC_2021, template="2021",
                    neighbours=Neighbours(previous={"issued": 19, "repealed": 7, "in_force": 86}))
    assert r.chosen.values == (27, 100, 13)
    assert r.decided_by == "上一年度报告：现行有效件数 86 + 27 − 100 = 13"
    assert "制发件数大于现行有效件数（少见）" in r.chosen.doubts
    # 废止 more than last year's 现行有效 plus this year's 制发 cannot be.
    assert any("上一年度报告" in why for c, why in r.excluded if c.values == (2, 71001, 3))


def test_following_year_continuity_decides():
    r = rank_splits("2145", "regulations", DOC_2021, template="2021",
                    neighbours=Neighbours(following={"issued": 3, "repealed": 2, "in_force": 46}))
    assert r.chosen.values == (2, 1, 45)
    assert r.decided_by.startswith("下一年度报告")


def test_neighbours_that_disagree_decide_nothing():
    # The previous year continues into 2|1|45, the next year into 现行有效 5: a contradiction, not a choice.
    r = rank_splits("2145", "regulations", DOC_2021, template="2021",
                    neighbours=Neighbours(previous={"in_force": 44}, following={"issued": 1, "repealed": 0, "in_force": 6}))
    assert r.chosen is None
    # The next year needs 现行有效 5, which 2|14|5 and 21|4|5 both give.
    assert sorted(format_values(c.values) for c in r.candidates if c.decisive) == sorted(["2|1|45", "2|14|5", "21|4|5"])


def test_continuity_off_by_one_is_not_taken_as_proof():
    r = rank_splits("2145", "regulations", DOC_2021, template="2021", neighbours=Neighbours(previous={"in_force": 43}))
    assert r.chosen is None and r.ambiguous


def test_2019_new_published_cannot_exceed_total_public():
    r = rank_splits("8865", "normative_documents", DOC_2019, template="2019")
    assert r.chosen.values == (8, 8, 65)
    assert "对外公开总数量" in r.decided_by
    assert {c.values for c, _ in r.excluded} == {(8, 86, 5), (88, 6, 5)}


def test_2019_items_cannot_become_negative():
    r = rank_splits("9-6210", "punishment", ITEMS_2019, template="2019")
    assert r.chosen.values == (9, -6, 210)
    r = rank_splits("45+3126", "licensing", ITEMS_2019, template="2019")
    assert r.chosen is None and texts(r) == ["45|+3|126", "45|+31|26", "45|+312|6"]
    assert "本年增/减超过上一年项目数量（少见）" in r.candidates[-1].doubts


def test_2019_item_continuity_from_either_side():
    prev = Neighbours(previous={"prev_year_items": 40, "change": 5, "decisions": 900})
    # A sign fixes 上一年项目数量 already, so last year's continuity only helps an unsigned run.
    assert rank_splits("45+3126", "licensing", ITEMS_2019, template="2019", neighbours=prev).chosen is None
    assert texts(rank_splits("45026", "licensing", ITEMS_2019, template="2019")) != ["45|0|26"]
    assert rank_splits("45026", "licensing", ITEMS_2019, template="2019", neighbours=prev).chosen.values == (45, 0, 26)
    nxt = Neighbours(following={"prev_year_items": 76, "change": 0, "decisions": 30})
    assert rank_splits("45+3126", "licensing", ITEMS_2019, template="2019", neighbours=nxt).chosen.values == (45, 31, 26)


def test_stated_prose_figures_exclude_and_decide():
    stated = {"issued": {12}, "repealed": {3}, "in_force": {58}}
    r = rank_splits("12358", "normative_documents", DOC_2021, template="2021", stated=stated)
    assert r.chosen.values == (12, 3, 58) and len(r.candidates) == 1


def test_money_cells_keep_their_decimals():
    r = rank_splits("1723.6", "central_procurement", ("items", "amount_yuan"), template="2019")
    assert texts(r) == ["1|723.6", "17|23.6", "172|3.6"] and r.chosen is None


def test_too_many_readings_are_never_decided():
    r = rank_splits("1" * 14, "regulations", tuple("abcdef"), template="2021")
    assert not r.complete and r.chosen is None and len(r.candidates) == 60


def test_stated_in_prose_reads_only_sentences_about_the_row():
    text = (
        "全年制发行政规范性文件12件，废止3件，截至年底现行有效行政规范性文件58件。"
        "本年度制发规章2件。清理规章和规范性文件共40件。\n规章 0 0 0"
    )
    assert stated_in_prose(text, "normative_documents", DOC_2021) == {"issued": {12}, "repealed": {3}, "in_force": {58}}
    assert stated_in_prose(text, "regulations", DOC_2021) == {"issued": {2}}
    assert stated_in_prose(text, "licensing", ("decisions",)) == {}
    start = text.index("全年")
    assert stated_in_prose(text, "normative_documents", DOC_2021, exclude=(start, start + 5)) == {}


def test_candidates_round_trip_through_the_warning_text():
    r = rank_splits("45+3126", "licensing", ITEMS_2019, template="2019")
    note = candidates_note(r)
    assert note == "候选拆分：45|+3|126；45|+31|26；45|+312|6"
    assert parse_candidates("……相关单元格留空。" + note) == [(45, 3, 126), (45, 31, 26), (45, 312, 6)]
    assert parse_candidates("没有候选") == []
    money = rank_splits("1723.6", "central_procurement", ("items", "amount_yuan"), template="2019")
    assert parse_candidates(candidates_note(money)) == [(1, 723.6), (17, 23.6), (172, 3.6)]


def test_weigh_given_candidates_twice_does_not_stack_reasons():
    cands = [Candidate((2, 1, 45), ()), Candidate((21, 4, 5), ())]
    first = weigh(cands, "regulations", DOC_2021, template="2021", neighbours=Neighbours(previous={"in_force": 44}))
    again = weigh(first.candidates, "regulations", DOC_2021, template="2021",
                  neighbours=Neighbours(previous={"in_force": 44}))
    assert again.chosen.reasons == first.chosen.reasons and len(again.chosen.decisive) == 1


def test_cell_spans_follow_the_quote():
    assert cell_spans("45+3126", (45, 3, 126), ITEMS_2019) == ((0, 2), (2, 4), (4, 7))
    assert cell_spans("9-6210", (9, -6, 210), ITEMS_2019) == ((0, 1), (1, 3), (3, 6))
    assert cell_spans("12 358", (1, 23, 58), DOC_2021) is None  # a space is a cell boundary
    assert cell_spans("2710013", (27, 100, 13), DOC_2021) == ((0, 2), (2, 5), (5, 7))
