"""The remedy statement (救济途径告知) at the end of a reply letter, correct for the reply date.

Until 2023-12-31 every reply tells the applicant to choose: reconsideration within 60 days (复议法 art. 9 of
the old text, now art. 20) or a suit within 6 months (行政诉讼法 art. 46).

From 2024-01-01 (行政复议法 as revised on 2023-09-01): a refusal to disclose — in whole or in part — must first
go to reconsideration (art. 23 ¶1(四)), and the letter must say so (art. 23 ¶2); after the reconsideration
decision the applicant may sue within 15 days (行政诉讼法 art. 45). Other replies keep the choice.

The date that decides is the reply date (the date on the letter), not the date of the application.

No suit where courts do not accept one: under the Supreme People's Court's 2011 provisions on government
information cases (法释〔2011〕17号) art. 2, courts do not accept a suit against refusing to provide public
publications (item 二) or to make, collect, compile or analyse information not held in existing form (item 三).
The letters for those outcomes (`Outcome.no_suit`) offer reconsideration only and say in one sentence why no
suit is offered, rather than pointing the applicant to a court that will turn the case away.

The letter says 你 to a natural person, 你单位 to an organisation and 你（单位） when the kind is not known
(`you`).
"""

from __future__ import annotations

from datetime import date

from gongkai.core.errors import InvalidApplication

RECONSIDERATION_FIRST_FROM = date(2024, 1, 1)
RECONSIDERATION_DAYS = 60
SUIT_MONTHS = 6
SUIT_AFTER_DECISION_DAYS = 15
DEFAULT_COURT = "人民法院"
DEFAULT_YOU = "你（单位）"
SPC_PROVISIONS = "《最高人民法院关于审理政府信息公开行政案件若干问题的规定》"
# Art. 2 items whose subject courts do not accept a suit over, in the item's own words (its closing 的 dropped).
NO_SUIT_ITEMS = {
    "（二）": "要求行政机关提供政府公报、报纸、杂志、书籍等公开出版物，行政机关予以拒绝",
    "（三）": "要求行政机关为其制作、搜集政府信息，或者对若干政府信息进行汇总、分析、加工，行政机关予以拒绝",
}


def reconsideration_first(reply_date: date, refusal: bool) -> bool:
    """True when the applicant must apply for reconsideration before suing."""
    return refusal and reply_date >= RECONSIDERATION_FIRST_FROM


def no_suit_reason(item: str) -> str:
    """The sentence saying why the letter offers no suit, citing SPC provisions art. 2 `item` (e.g. "（二）")."""
    return (f"依照{SPC_PROVISIONS}第二条第{item}项的规定，{NO_SUIT_ITEMS[item]}，对此提起行政诉讼的，"
            "人民法院不予受理，故本告知书不告知起诉途径。")


def remedy_statement(*, reply_date: date, refusal: bool, reconsideration_body: str,
                     court: str | None = None, you: str = DEFAULT_YOU, no_suit: str = "") -> str:
    """One Chinese paragraph. `reconsideration_body` is required (e.g. "某市人民政府"); `court` is optional
    (e.g. "某市某区人民法院"); without it the letter says 人民法院. `no_suit` is the SPC provisions art. 2
    item ("（二）" or "（三）") when courts do not accept a suit: then reconsideration only, and why."""
    body = (reconsideration_body or "").strip()
    if not body:
        raise InvalidApplication("no reconsideration body", field="reconsideration_body",
                                 message="缺少行政复议机关名称，无法写明救济途径。请在机关设置中填写行政复议机关。")
    if no_suit:
        if no_suit not in NO_SUIT_ITEMS:
            raise ValueError(f"no SPC art. 2 item {no_suit!r}")
        return (f"{you}如对本告知书不服，可以在收到本告知书之日起{RECONSIDERATION_DAYS}日内向{body}申请行政复议。"
                + no_suit_reason(no_suit))
    court = (court or "").strip() or DEFAULT_COURT
    if reconsideration_first(reply_date, refusal):
        return (f"根据《中华人民共和国行政复议法》第二十三条的规定，{you}如对本告知书不服，应当先向{body}"
                f"申请行政复议，申请期限为自收到本告知书之日起{RECONSIDERATION_DAYS}日内；"
                f"对行政复议决定不服的，可以在收到行政复议决定书之日起{SUIT_AFTER_DECISION_DAYS}日内"
                f"依法向{court}提起行政诉讼。")
    return (f"{you}如对本告知书不服，可以在收到本告知书之日起{RECONSIDERATION_DAYS}日内向{body}"
            f"申请行政复议，也可以在收到本告知书之日起{SUIT_MONTHS}个月内依法向{court}提起行政诉讼。")
