"""What an item must satisfy, as pure checks over plain values: dates in order and not in the future, the
公开属性 with its reason, legal basis and re-evaluation date (条例 arts. 14–18), 有效性 only for the genres that
have it, and an interpretation pointing at a policy. Each problem is one Chinese sentence a form can show
beside its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gongkai.core.errors import GongkaiError

from . import vocab


class InvalidItem(GongkaiError):
    """An item the registry will not store or publish as it is; `problems` maps field → Chinese sentence."""

    code = "invalid_item"
    default_message = "信息填写不完整或有误。"

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()),
                         message="；".join(self.problems.values()))


@dataclass
class ItemFacts:
    """The fields the rules look at (the web layer fills it from a form, a model or an import row)."""

    title: str
    genre: str
    subject: str
    attribute: str = vocab.ACTIVE
    withholding_reason: str = ""
    withholding_basis: str = ""
    attribute_review_on: date | None = None
    written_on: date | None = None     # 成文日期
    formed_on: date | None = None      # 形成或者变更日期 (art. 26 runs from here)
    published_on: date | None = None   # 发布日期 (imports of already-published items)
    validity: str = ""
    validity_from: date | None = None
    interprets_genre: str | None = None  # the genre of the policy an interpretation is linked to
    channels: list[str] = field(default_factory=list)
    art20: list[str] = field(default_factory=list)


def problems(facts: ItemFacts, *, today: date) -> dict[str, str]:
    out: dict[str, str] = {}
    if not facts.title.strip():
        out["title"] = "请填写标题。"
    elif len(facts.title) > 300:
        out["title"] = "标题过长（不超过300字）。"
    if facts.genre not in vocab.genres():
        out["genre"] = "请选择体裁。"
    if facts.subject not in vocab.subjects():
        out["subject"] = "请选择主题分类。"
    if facts.attribute not in vocab.ATTRIBUTES:
        out["attribute"] = "请选择公开属性（主动公开、依申请公开或不予公开）。"
    elif facts.attribute != vocab.ACTIVE:
        label = vocab.ATTRIBUTES[facts.attribute]
        if not facts.withholding_reason.strip():
            out["withholding_reason"] = f"公开属性为“{label}”的，须说明理由（国办发〔2016〕80号）。"
        if facts.withholding_basis not in vocab.WITHHOLDING_BASES:
            out["withholding_basis"] = f"公开属性为“{label}”的，须选择法律依据（条例第十四条至第十六条）。"
        if facts.attribute_review_on is None:
            out["attribute_review_on"] = "不主动公开的信息须定期评估（条例第十八条），请填写复核日期。"
        elif facts.attribute_review_on <= today:
            out["attribute_review_on"] = "复核日期应晚于今天。"
    for name, label in (("written_on", "成文日期"), ("formed_on", "形成或者变更日期"), ("published_on", "发布日期"),
                        ("validity_from", "有效性变更日期")):
        value = getattr(facts, name)
        if value is not None and value > today:
            out[name] = f"{label}不能晚于今天（{today.isoformat()}）。"
    if facts.written_on and facts.formed_on and facts.formed_on < facts.written_on:
        out.setdefault("formed_on", "形成或者变更日期不能早于成文日期。")
    if facts.written_on and facts.published_on and facts.published_on < facts.written_on:
        out.setdefault("published_on", "发布日期不能早于成文日期。")
    genre = vocab.genres().get(facts.genre)
    if genre is not None:
        if genre.has_validity and facts.validity not in vocab.VALIDITY:
            out["validity"] = f"{genre.label}须标明有效性（有效、失效、废止或已修改）。"
        if not genre.has_validity and facts.validity:
            out["validity"] = f"{genre.label}不标注有效性。"
        if genre.has_validity and facts.formed_on is None and facts.written_on is None:
            out.setdefault("written_on", f"{genre.label}须填写成文日期。")
    if facts.interprets_genre is not None and facts.genre != "interpretation":
        out["interprets"] = "只有体裁为“政策解读”的信息才能关联被解读的政策。"
    bad_channels = [c for c in facts.channels if c not in vocab.CHANNELS]
    if bad_channels:
        out["channels"] = f"未知的公开渠道：{'、'.join(bad_channels)}。"
    bad_items = [c for c in facts.art20 if c not in vocab.ART20 and c not in vocab.ART21_CITY_COUNTY
                 and c not in vocab.ART21_TOWNSHIP]
    if bad_items:
        out["art20"] = f"未知的法定主动公开事项：{'、'.join(bad_items)}。"
    return out


def check(facts: ItemFacts, *, today: date) -> None:
    found = problems(facts, today=today)
    if found:
        raise InvalidItem(found)


def check_publishable(facts: ItemFacts) -> None:
    if facts.attribute != vocab.ACTIVE:
        raise InvalidItem({"attribute": f"公开属性为“{vocab.ATTRIBUTES.get(facts.attribute, facts.attribute)}”"
                                        "的信息不能主动公开发布；如需公开，请先修改公开属性并重新进行保密审查。"})


# 有效性 changes: which state may follow which, and which need a successor document.
VALIDITY_NEXT: dict[str, frozenset[str]] = {
    "valid": frozenset({"expired", "repealed", "amended"}),
    "amended": frozenset({"valid", "expired", "repealed", "amended"}),
    "expired": frozenset(),
    "repealed": frozenset(),
}
VALIDITY_NEEDS_SUCCESSOR = frozenset({"amended"})


def check_validity_change(current: str, new: str, *, has_successor: bool) -> None:
    if new not in vocab.VALIDITY:
        raise InvalidItem({"validity": "未知的有效性。"})
    if new not in VALIDITY_NEXT.get(current, frozenset()):
        raise InvalidItem({"validity": f"有效性不能从“{vocab.VALIDITY.get(current, current)}”改为“{vocab.VALIDITY[new]}”。"})
    if new in VALIDITY_NEEDS_SUCCESSOR and not has_successor:
        raise InvalidItem({"successor": "标为“已修改”的，须关联修改后的文件。"})
