from datetime import date

import pytest

from gongkai.core.clock.calendar import WorkCalendar
from gongkai.core.errors import InvalidTransition
from gongkai.core.registry import rules, timeliness, vocab, workflow

CAL = WorkCalendar.official()
TODAY = date(2026, 11, 25)


def facts(**kw):
    base = dict(title="关于印发某某办法的通知", genre="normative", subject="0203", written_on=date(2026, 11, 2),
                formed_on=date(2026, 11, 2), validity="valid")
    base.update(kw)
    return rules.ItemFacts(**base)


def test_a_complete_policy_passes():
    assert rules.problems(facts(), today=TODAY) == {}


def test_not_proactive_needs_reason_basis_and_a_future_review_date():
    found = rules.problems(facts(attribute="on_request"), today=TODAY)
    assert set(found) == {"withholding_reason", "withholding_basis", "attribute_review_on"}
    found = rules.problems(facts(attribute="withheld", withholding_reason="内部事务", withholding_basis="art16_internal",
                                 attribute_review_on=date(2026, 1, 1)), today=TODAY)
    assert set(found) == {"attribute_review_on"}
    with pytest.raises(rules.InvalidItem):
        rules.check_publishable(facts(attribute="withheld"))


def test_validity_only_where_the_genre_has_it():
    assert "validity" in rules.problems(facts(validity=""), today=TODAY)
    assert "validity" in rules.problems(facts(genre="news", validity="valid"), today=TODAY)
    assert rules.problems(facts(genre="news", validity=""), today=TODAY) == {}


def test_validity_transitions():
    rules.check_validity_change("valid", "repealed", has_successor=False)
    with pytest.raises(rules.InvalidItem):
        rules.check_validity_change("repealed", "valid", has_successor=False)
    with pytest.raises(rules.InvalidItem):
        rules.check_validity_change("valid", "amended", has_successor=False)


def test_workflow_gate():
    assert workflow.transition("draft", "review_pass") == "reviewed"
    assert workflow.transition("reviewed", "approve") == "approved"
    assert workflow.transition("approved", "publish") == "published"
    for state in ("draft", "reviewed", "published", "withdrawn", "filed"):
        with pytest.raises(InvalidTransition):
            workflow.transition(state, "publish")
    # every path to `published` passes review_pass
    reachable_without_review = {"draft"}
    changed = True
    while changed:
        changed = False
        for action, (sources, target, _) in workflow.TRANSITIONS.items():
            if action == "review_pass":
                continue
            if sources & reachable_without_review and (target or "") not in reachable_without_review and target:
                reachable_without_review.add(target)
                changed = True
    assert "published" not in reachable_without_review


def test_art26_runs_on_working_days_across_the_national_day():
    # Formed on 2025-09-26 (Fri); 10-01..10-08 off, 09-28 and 10-11 make-up working days.
    due = timeliness.art26_due(date(2025, 9, 26), calendar=CAL)
    assert CAL.workdays_between(date(2025, 9, 26), due) == 20
    assert due == date(2025, 10, 30)  # 09-28 and 10-11 count, 10-01..10-08 do not
    late = timeliness.art26_status(date(2025, 9, 26), date(2025, 10, 31), today=TODAY, calendar=CAL)
    assert late.status == "late" and late.workdays_late == 1
    assert timeliness.art26_status(date(2025, 9, 26), due, today=TODAY, calendar=CAL).status == "on_time"
    soon = timeliness.art26_status(date(2026, 10, 30), None, today=date(2026, 11, 24), calendar=CAL)
    assert soon.status == "due_soon"
    assert timeliness.art26_status(date(2026, 9, 1), None, today=TODAY, calendar=CAL).status == "overdue"


def test_interpretation_findings():
    kw = dict(needs_interpretation=True, policy_published=date(2026, 11, 2), max_lag_workdays=0, calendar=CAL)
    assert [f.code for f in timeliness.interpretation_findings(interpretations_published=[], **kw)] == ["missing"]
    assert timeliness.interpretation_findings(interpretations_published=[date(2026, 11, 2)], **kw) == []
    late = timeliness.interpretation_findings(interpretations_published=[date(2026, 11, 4)], **kw)
    assert late[0].code == "late" and "2个工作日" in late[0].message
    assert timeliness.interpretation_findings(interpretations_published=[date(2026, 11, 4)],
                                              **{**kw, "max_lag_workdays": 3}) == []


def test_vocabularies_hold_the_legal_lists():
    assert len(vocab.ART20) == 15 and vocab.ART20["1"] == "（一）行政法规、规章和规范性文件"
    assert len(vocab.KEY_AREAS) == 26
    assert vocab.subject_label("0203") == "综合政务/政务公开"
    assert vocab.genres()["normative"].has_validity and vocab.genres()["normative"].needs_interpretation
    assert len(vocab.statutory_items("township")) == 15 + 8 and len(vocab.statutory_items("province")) == 15
