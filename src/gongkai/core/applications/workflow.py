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
the state; so does `set_reply_period` (art. 35: a longer reasonable period for clearly excessive
applications). `assign` and `approve_decision` keep the state too.

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
    extend                 received, consulting, fee_pending               (unchanged)            office_head
    set_reply_period       received, consulting, fee_pending               (unchanged)            office_head
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

Beyond the state, a few facts of the case decide what can be done now (`Facts`): an extension or an art. 35
period is granted once, and only while a due date runs; a correction is asked once (art. 30: 一次性告知); a
decision is approved only when its outcome needs review and nobody approved it yet. `available_actions`
combines state, facts and the user's roles; `waiting_for` says, in Chinese, who must act next.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.errors import InvalidTransition
from gongkai.core.roles import may_act

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
    "set_reply_period": "确定合理答复期限（条例第三十五条）",
}
ACTIONS = tuple(ACTION_LABELS)

ROLE_FOR_ACTION: dict[str, str] = {
    "confirm_receipt": "registrar",
    "request_correction": "handler",
    "receive_correction": "handler",
    "correction_lapsed": "handler",
    "start_consultation": "handler",
    "end_consultation": "handler",
    "extend": "office_head",
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
    "set_reply_period": "office_head",
}
ROLES = ("registrar", "handler", "reviewer", "office_head", "agency_admin")

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
    "set_reply_period": (("received", "consulting", "fee_pending"), _SAME),
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


# --- what can be done now, and by whom ------------------------------------------------------------------

@dataclass(frozen=True)
class Facts:
    """What, beyond its state, decides which actions an application allows now."""

    has_due_date: bool = True          # a reply period is running (received, not awaiting a correction)
    extended: bool = False             # art. 33 ¶2: one extension
    reply_period_set: bool = False     # art. 35: one reasonable period
    correction_requested: bool = False  # art. 30: one correction notice
    needs_review: bool = False         # the decided outcome needs a second person's review
    approved: bool = False             # ... and it was approved


def fact_refusal(action: str, facts: Facts) -> str | None:
    """Why the facts of the case forbid `action` now, in Chinese, or None. The services refuse with this
    message and the staff page leaves the action out, so the rule has one home."""
    if action in ("extend", "set_reply_period"):
        if not facts.has_due_date:
            return "答复期限尚未开始计算（尚未确认收到申请或正在等待补正），不能延长或另定答复期限。"
        if action == "extend" and facts.extended:
            return "本申请已延期答复过一次，不能再次延期。"
        if action == "extend" and facts.reply_period_set:
            return "本申请已依条例第三十五条确定了合理答复期限，不再另行延期。"
        if action == "set_reply_period" and facts.reply_period_set:
            return "本申请已确定过合理答复期限。"
        if action == "set_reply_period" and facts.extended:
            return "本申请已延期答复，不能再依条例第三十五条确定答复期限。"
    if action == "request_correction" and facts.correction_requested:
        return "补正告知应当一次性作出，本申请已告知过补正。"
    if action == "approve_decision" and not (facts.needs_review and not facts.approved):
        return "该决定无需审核或已经审核通过。"
    return None


def _fits(action: str, facts: Facts) -> bool:
    return fact_refusal(action, facts) is None


def possible_actions(state: str, facts: Facts) -> tuple[str, ...]:
    """The actions the state and the facts allow now, whoever takes them, in ACTIONS order."""
    return tuple(a for a in allowed_actions(state) if _fits(a, facts))


def available_actions(state: str, facts: Facts, roles: set[str] | frozenset[str]) -> tuple[str, ...]:
    """The actions possible now that someone holding `roles` in the handling agency may take."""
    return tuple(a for a in possible_actions(state, facts) if may_act(roles, ROLE_FOR_ACTION[a]))


_WAITING: dict[str, str] = {
    "awaiting_confirmation": "等待登记员与申请人确认并登记收到申请（条例第三十一条），确认之日为收到申请之日。",
    "correction_requested": "等待申请人补正；收到补正后由承办人登记，答复期限自收到补正之日起重新计算。",
    "consulting": "等待被征求意见的第三方或机关答复；答复或期限届满后由承办人登记征求意见结束。",
    "fee_pending": "等待申请人缴纳信息处理费；由承办人登记缴费，逾期未缴的登记终止办理。",
    "replied": "答复已发出，等待承办人登记送达。",
    "delivered": "已送达，等待承办人归档。",
    "closed_without_reply": "已终止办理，等待承办人归档。",
    "archived": "已归档，办理完毕。",
}


def waiting_for(state: str, facts: Facts) -> str:
    """Who must act next, in one Chinese sentence (shown to staff who cannot act themselves)."""
    if state == "decided":
        if facts.needs_review and not facts.approved:
            return "办理决定须经审核：等待审核人审核通过或退回。"
        return "决定已作出，等待承办人发出答复告知书。"
    if state == "received":
        return "正在办理：等待承办人作出办理决定（或告知补正、征求意见、收费）。"
    return _WAITING[state]
