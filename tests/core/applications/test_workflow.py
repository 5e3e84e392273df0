from collections import deque

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from gongkai.core.applications import workflow as wf
from gongkai.core.errors import InvalidTransition


def reachable(start: str) -> set[str]:
    seen, todo = {start}, deque([start])
    while todo:
        for nxt in wf.targets(todo.popleft()).values():
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_tables_are_complete_and_labelled():
    assert set(wf.ROLE_FOR_ACTION) == set(wf.ACTIONS) == set(wf.ACTION_LABELS)
    assert set(wf.ROLE_FOR_ACTION.values()) <= set(wf.ROLES)
    assert all(wf.STATE_LABELS[s] for s in wf.STATES)
    assert set(wf.OPEN_STATES) | set(wf.CONCLUDED_STATES) == set(wf.STATES)
    assert not set(wf.OPEN_STATES) & set(wf.CONCLUDED_STATES)


def test_every_state_is_reachable_and_can_reach_archived():
    from_start = reachable("awaiting_confirmation") | reachable("received")
    assert from_start == set(wf.STATES)
    for state in wf.STATES:
        assert "archived" in reachable(state), state


def test_happy_paths():
    s = "awaiting_confirmation"
    for action in ("confirm_receipt", "request_correction", "receive_correction", "start_consultation",
                   "extend", "end_consultation", "charge_fee", "fee_paid", "decide", "approve_decision",
                   "issue_reply", "deliver", "archive"):
        s = wf.transition(s, action)
    assert s == "archived"
    assert wf.transition("correction_requested", "correction_lapsed") == "closed_without_reply"
    assert wf.transition("fee_pending", "fee_lapsed") == "closed_without_reply"
    assert wf.transition("decided", "return_decision") == "received"


def test_refusal_message_names_action_and_state_in_chinese():
    with pytest.raises(InvalidTransition) as e:
        wf.transition("consulting", "decide")
    assert e.value.message == "申请当前为“征求意见中”状态，不能进行“作出办理决定”操作（该操作只能在“办理中”状态下进行）。"
    assert "decide" in str(e.value)
    with pytest.raises(InvalidTransition, match="unknown action"):
        wf.transition("received", "teleport")
    with pytest.raises(InvalidTransition, match="unknown state"):
        wf.transition("limbo", "decide")


def test_archived_accepts_nothing_and_concluded_states_only_move_forward():
    assert wf.allowed_actions("archived") == ()
    assert set(wf.allowed_actions("closed_without_reply")) == {"archive", "assign"}
    assert set(wf.allowed_actions("delivered")) == {"archive", "assign"}
    assert set(wf.allowed_actions("replied")) == {"deliver", "assign"}


def test_open_and_paused():
    assert wf.is_open("received") and wf.is_open("decided") and not wf.is_open("replied")
    assert wf.is_paused("consulting") and wf.is_paused("fee_pending") and not wf.is_paused("received")


class Workflow(RuleBasedStateMachine):
    """Random action sequences, legal or not: the machine never leaves its states, refuses exactly what the
    table forbids, and concluded applications never reopen."""

    @initialize(start=st.sampled_from(wf.INITIAL_STATES))
    def start(self, start):
        self.state = start
        self.history = [start]

    @rule(action=st.sampled_from(wf.ACTIONS))
    def act(self, action):
        before = self.state
        if action in wf.allowed_actions(before):
            self.state = wf.transition(before, action)
            if action in ("extend", "assign", "approve_decision"):
                assert self.state == before
            if action == "decide":
                assert before == "received"
        else:
            with pytest.raises(InvalidTransition):
                wf.transition(before, action)
            assert self.state == before
        self.history.append(self.state)

    @invariant()
    def known_state(self):
        assert self.state in wf.STATES

    @invariant()
    def concluded_never_reopens(self):
        concluded = [i for i, s in enumerate(self.history) if s in wf.CONCLUDED_STATES]
        if concluded:
            assert all(s in wf.CONCLUDED_STATES for s in self.history[concluded[0]:])

    @invariant()
    def archive_still_reachable(self):
        assert self.state == "archived" or "archived" in reachable(self.state)

    @invariant()
    def paused_states_are_open(self):
        assert not wf.is_paused(self.state) or wf.is_open(self.state)


TestWorkflow = Workflow.TestCase


def test_available_actions_combine_state_facts_and_roles():
    facts = wf.Facts()
    assert "extend" not in wf.available_actions("received", facts, {"reviewer"})  # art. 33 ¶2: the office head
    assert "extend" in wf.available_actions("received", facts, {"office_head"})
    assert "set_reply_period" in wf.available_actions("consulting", facts, {"office_head"})
    assert set(wf.available_actions("received", facts, {"agency_admin"})) == set(wf.possible_actions("received", facts))
    once = wf.Facts(extended=True, correction_requested=True)
    assert not {"extend", "set_reply_period", "request_correction"} & set(wf.possible_actions("received", once))
    assert "extend" not in wf.possible_actions("received", wf.Facts(reply_period_set=True))
    assert "extend" not in wf.possible_actions("received", wf.Facts(has_due_date=False))
    assert "approve_decision" not in wf.possible_actions("decided", wf.Facts(needs_review=False))
    assert "approve_decision" in wf.possible_actions("decided", wf.Facts(needs_review=True))
    assert "approve_decision" not in wf.possible_actions("decided", wf.Facts(needs_review=True, approved=True))
    assert wf.available_actions("awaiting_confirmation", facts, {"handler"}) == ()


def test_waiting_for_names_who_acts_next_in_every_state():
    for state in wf.STATES:
        assert wf.waiting_for(state, wf.Facts()).endswith("。")
    assert "登记员" in wf.waiting_for("awaiting_confirmation", wf.Facts())
    assert "审核人" in wf.waiting_for("decided", wf.Facts(needs_review=True))
    assert "发出答复" in wf.waiting_for("decided", wf.Facts(needs_review=True, approved=True))


def test_the_facts_refuse_with_their_own_reason():
    assert wf.fact_refusal("extend", wf.Facts()) is None
    assert "再次延期" in wf.fact_refusal("extend", wf.Facts(extended=True))
    assert "第三十五条" in wf.fact_refusal("extend", wf.Facts(reply_period_set=True))
    assert "已延期答复" in wf.fact_refusal("set_reply_period", wf.Facts(extended=True))
    assert "一次性" in wf.fact_refusal("request_correction", wf.Facts(correction_requested=True))
    assert "尚未开始计算" in wf.fact_refusal("extend", wf.Facts(has_due_date=False))
    for action in wf.ACTIONS:  # possible_actions leaves out exactly what the facts refuse
        for facts in (wf.Facts(), wf.Facts(extended=True, correction_requested=True), wf.Facts(has_due_date=False)):
            allowed = action in wf.possible_actions("received", facts)
            assert allowed == (action in wf.allowed_actions("received") and wf.fact_refusal(action, facts) is None)
