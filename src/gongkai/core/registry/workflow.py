"""The life of a registry item (政府信息) as a pure state machine: 先审查、后公开 (条例 art. 17).

States:

    draft        being written; its 公开属性 is set from the start (国办发〔2016〕80号: 源头认定)
    reviewed     the 保密审查 passed (reviewer, date, conclusion recorded); an edit sends it back to draft
    approved     approved for release by the disclosure office's head
    published    public: it has its 索引号 and version 1 (corrections add versions, the 索引号 stays)
    withdrawn    taken down (撤回) with a reason; its pages say so, search no longer finds it
    filed        not for proactive disclosure (依申请公开 / 不予公开): kept with its reason, basis and review date

Transition table (action: from → to, role):

    ==============  =========================  ==========  ============
    action          from                       to          role
    ==============  =========================  ==========  ============
    edit            draft, reviewed, approved  draft       handler
    review_pass     draft                      reviewed    reviewer
    review_fail     draft                      draft       reviewer
    approve         reviewed                   approved    office_head
    return          reviewed, approved         draft       office_head
    publish         approved                   published   handler
    file            reviewed, approved         filed       handler
    reopen          filed                      draft       handler
    withdraw        published                  withdrawn   office_head
    ==============  =========================  ==========  ============

Publishing is only possible from `approved`, which only a passed review reaches, so 未经保密审查不得公开 holds by
construction; `publish` of an item whose attribute is not 主动公开 is refused by `check_publishable`.
Corrections of a published item do not move its state: they are proposed, pass their own 保密审查 and are then
applied as a new version (web layer, `correction_*` services).
"""

from __future__ import annotations

from gongkai.core.errors import InvalidTransition

STATES: dict[str, str] = {
    "draft": "草稿",
    "reviewed": "保密审查通过",
    "approved": "已批准发布",
    "published": "已公开",
    "withdrawn": "已撤回",
    "filed": "不主动公开（已备案）",
}

TRANSITIONS: dict[str, tuple[frozenset[str], str | None, str]] = {
    # action: (from states, to state (None = unchanged), role)
    "edit": (frozenset({"draft", "reviewed", "approved"}), "draft", "handler"),
    "review_pass": (frozenset({"draft"}), "reviewed", "reviewer"),
    "review_fail": (frozenset({"draft"}), "draft", "reviewer"),
    "approve": (frozenset({"reviewed"}), "approved", "office_head"),
    "return": (frozenset({"reviewed", "approved"}), "draft", "office_head"),
    "publish": (frozenset({"approved"}), "published", "handler"),
    "file": (frozenset({"reviewed", "approved"}), "filed", "handler"),
    "reopen": (frozenset({"filed"}), "draft", "handler"),
    "withdraw": (frozenset({"published"}), "withdrawn", "office_head"),
}

ACTION_LABELS: dict[str, str] = {
    "create": "起草", "edit": "修改", "review_pass": "保密审查通过", "review_fail": "保密审查未通过",
    "approve": "批准发布", "return": "退回修改", "publish": "公开发布", "file": "确定不主动公开",
    "reopen": "重新起草", "withdraw": "撤回", "correct_propose": "提出更正", "correct_review_pass": "更正保密审查通过",
    "correct_review_fail": "更正保密审查未通过", "correct_apply": "发布更正版本", "set_validity": "变更有效性",
    "link_interpretation": "关联政策解读", "import": "导入已公开信息", "gazette": "编入政府公报",
}

ROLE_FOR_ACTION: dict[str, str] = {action: role for action, (_, _, role) in TRANSITIONS.items()}


def transition(state: str, action: str) -> str:
    """The state after `action`; InvalidTransition (Chinese message) when the state does not allow it."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise InvalidTransition(f"unknown action {action}", message="未知的操作。")
    sources, target, _ = rule
    if state not in sources:
        raise InvalidTransition(
            f"{action} not allowed from {state}",
            message=f"当前状态为“{STATES.get(state, state)}”，不能进行“{ACTION_LABELS.get(action, action)}”。",
        )
    return target or state


def available(state: str) -> list[str]:
    return [action for action, (sources, _, _) in TRANSITIONS.items() if state in sources]


def is_public(state: str) -> bool:
    return state == "published"
