"""The life of an application as a pure state machine (条例 art. 45: 登记、审核、办理、答复、归档).

States (the clock's view in brackets):

    awaiting_confirmation   submitted online / by fax / ordinary post, not yet confirmed (art. 31) [not started]
    received                being handled                                                   [running]
    correction_requested    a correction notice was sent (art. 30)                          [stopped; restarts]
    consulting              third party or another organ consulted (arts. 32, 34)           [paused]
    fee_pending             a fee notice was sent (国办函〔2020〕109号)                       [paused]
    decided                 decision drafted; awaits the reviewer when its outcome needs review
    replied                 the reply letter was issued                                      [concluded]
    delivered               delivery recorded (送达收签)
    closed_without_reply    deemed withdrawn: no correction, or fee not paid (a 终止 notice is issued)
    archived                filed (归档); nothing more happens

An extension is not a state: it is a flag on the application (the clock adds the days), so `extend` keeps
the state. `assign` and `approve_decision` keep the state too.

Transition table (action: from → to, role):

    =====================  ==============================================  =====================  ============
    action                 from                                            to                     role
    =====================  ==============================================  =====================  ============
    confirm_receipt        awaiting_confirmation                           received               registrar
    request_correction     received                                        correction_requested   handler
    receive_correction     correction_requested                            received               handler
    correction_lapsed      correction_requested                            closed_without_reply   handler
    start_consultation     received                                        consulting             handler
    end_consultation       consulting                                      received               handler
    extend                 received, consulting, fee_pending               (unchanged)            reviewer
    charge_fee             received                                        fee_pending            handler
    fee_paid               fee_pending                                     received               handler
    fee_lapsed             fee_pending                                     closed_without_reply   handler
    decide                 received                                        decided                handler
    approve_decision       decided                                         decided                reviewer
    return_decision        decided                                         received               reviewer
    issue_reply            decided                                         replied                handler
    deliver                replied                                         delivered              handler
    archive                delivered, closed_without_reply                 archived               handler
    assign                 every state but archived                        (unchanged)            registrar
    =====================  ==============================================  =====================  ============

A decision is made only from `received`: a running consultation must be ended, a correction received and a
fee paid first. Whether a decision needs review (and was approved) is the service's check, from the outcome.
"""

from __future__ import annotations

from gongkai.core.errors import InvalidTransition

STATE_LABELS: dict[str, str] = {
    "awaiting_confirmation": "待确认收到",
    "received": "办理中",
    "correction_requested": "待补正",
    "consulting": "征求意见中",
    "fee_pending": "待缴费",
    "decided": "待发出答复",
    "replied": "已答复",
    "delivered": "已送达",
    "closed_without_reply": "终止办理",
    "archived": "已归档",
}
STATES = tuple(STATE_LABELS)
INITIAL_STATES = ("awaiting_confirmation", "received")

ACTION_LABELS: dict[str, str] = {
    "confirm_receipt": "确认收到申请",
    "request_correction": "告知补正",
    "receive_correction": "收到补正申请",
    "correction_lapsed": "逾期未补正、终止办理",
    "start_consultation": "征求意见",
    "end_consultation": "结束征求意见",
    "extend": "延长答复期限",
    "charge_fee": "收取信息处理费",
    "fee_paid": "确认已缴费",
    "fee_lapsed": "逾期未缴费、终止办理",
    "decide": "作出办理决定",
    "approve_decision": "审核通过",
    "return_decision": "退回重新办理",
    "issue_reply": "发出答复",
    "deliver": "登记送达",
    "archive": "归档",
    "assign": "分办",
}
ACTIONS = tuple(ACTION_LABELS)

ROLE_FOR_ACTION: dict[str, str] = {
    "confirm_receipt": "registrar",
    "request_correction": "handler",
    "receive_correction": "handler",
    "correction_lapsed": "handler",
    "start_consultation": "handler",
    "end_consultation": "handler",
    "extend": "reviewer",
    "charge_fee": "handler",
    "fee_paid": "handler",
    "fee_lapsed": "handler",
    "decide": "handler",
    "approve_decision": "reviewer",
    "return_decision": "reviewer",
    "issue_reply": "handler",
    "deliver": "handler",
    "archive": "handler",
    "assign": "registrar",
}
ROLES = ("registrar", "handler", "reviewer", "agency_admin")

_SAME = None  # marker: the action keeps the state

_TABLE: dict[str, tuple[tuple[str, ...], str | None]] = {
    "confirm_receipt": (("awaiting_confirmation",), "received"),
    "request_correction": (("received",), "correction_requested"),
    "receive_correction": (("correction_requested",), "received"),
    "correction_lapsed": (("correction_requested",), "closed_without_reply"),
    "start_consultation": (("received",), "consulting"),
    "end_consultation": (("consulting",), "received"),
    "extend": (("received", "consulting", "fee_pending"), _SAME),
    "charge_fee": (("received",), "fee_pending"),
    "fee_paid": (("fee_pending",), "received"),
    "fee_lapsed": (("fee_pending",), "closed_without_reply"),
    "decide": (("received",), "decided"),
    "approve_decision": (("decided",), _SAME),
    "return_decision": (("decided",), "received"),
    "issue_reply": (("decided",), "replied"),
    "deliver": (("replied",), "delivered"),
    "archive": (("delivered", "closed_without_reply"), "archived"),
    "assign": (tuple(s for s in STATES if s != "archived"), _SAME),
}

OPEN_STATES = ("awaiting_confirmation", "received", "correction_requested", "consulting", "fee_pending", "decided")
PAUSED_STATES = ("correction_requested", "consulting", "fee_pending")
CONCLUDED_STATES = ("replied", "delivered", "closed_without_reply", "archived")
TERMINAL_STATES = ("archived",)


def is_open(state: str) -> bool:
    """Not yet concluded: the statutory clock matters (the queue shows these)."""
    return state in OPEN_STATES


def is_paused(state: str) -> bool:
    """The clock is not running toward the due date in this state (correction: it will restart)."""
    return state in PAUSED_STATES


def allowed_actions(state: str) -> tuple[str, ...]:
    """The actions possible in `state`, in ACTIONS order."""
    return tuple(a for a in ACTIONS if state in _TABLE[a][0])


def transition(state: str, action: str) -> str:
    """The state after `action`; InvalidTransition (Chinese message naming both) when it is not allowed."""
    if action not in _TABLE:
        raise InvalidTransition(f"unknown action {action!r}", message=f"未知的操作：{action}。")
    if state not in STATE_LABELS:
        raise InvalidTransition(f"unknown state {state!r}", message=f"未知的办理状态：{state}。")
    sources, target = _TABLE[action]
    if state not in sources:
        hint = ""
        if len(sources) <= 3:
            hint = "（该操作只能在" + "、".join(f"“{STATE_LABELS[s]}”" for s in sources) + "状态下进行）"
        raise InvalidTransition(
            f"{action} not allowed in {state}",
            message=f"申请当前为“{STATE_LABELS[state]}”状态，不能进行“{ACTION_LABELS[action]}”操作{hint}。")
    return state if target is _SAME else target


def targets(state: str) -> dict[str, str]:
    """{action: next state} for every action allowed in `state`."""
    return {a: transition(state, a) for a in allowed_actions(state)}
