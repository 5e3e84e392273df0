"""The remedy statement (救济途径告知) at the end of a reply letter, correct for the reply date.

Until 2023-12-31 every reply tells the applicant to choose: reconsideration within 60 days (复议法 art. 9 of
the old text, now art. 20) or a suit within 6 months (行政诉讼法 art. 46).

From 2024-01-01 (行政复议法 as revised on 2023-09-01): a refusal to disclose — in whole or in part — must first
go to reconsideration (art. 23 ¶1(四)), and the letter must say so (art. 23 ¶2); after the reconsideration
decision the applicant may sue within 15 days (行政诉讼法 art. 45). Other replies keep the choice.

The date that decides is the reply date (the date on the letter), not the date of the application.
"""

from __future__ import annotations

from datetime import date

from gongkai.core.errors import InvalidApplication

RECONSIDERATION_FIRST_FROM = date(2024, 1, 1)
RECONSIDERATION_DAYS = 60
SUIT_MONTHS = 6
SUIT_AFTER_DECISION_DAYS = 15
DEFAULT_COURT = "人民法院"


def reconsideration_first(reply_date: date, refusal: bool) -> bool:
    """True when the applicant must apply for reconsideration before suing."""
    return refusal and reply_date >= RECONSIDERATION_FIRST_FROM


def remedy_statement(*, reply_date: date, refusal: bool, reconsideration_body: str,
                     court: str | None = None) -> str:
    """One Chinese paragraph. `reconsideration_body` is required (e.g. "某市人民政府"); `court` is optional
    (e.g. "某市某区人民法院"); without it the letter says 人民法院."""
    body = (reconsideration_body or "").strip()
    if not body:
        raise InvalidApplication("no reconsideration body", field="reconsideration_body",
                                 message="缺少行政复议机关名称，无法写明救济途径。请在机关设置中填写行政复议机关。")
    court = (court or "").strip() or DEFAULT_COURT
    if reconsideration_first(reply_date, refusal):
        return (f"根据《中华人民共和国行政复议法》第二十三条的规定，你（单位）如对本告知书不服，应当先向{body}"
                f"申请行政复议，申请期限为自收到本告知书之日起{RECONSIDERATION_DAYS}日内；"
                f"对行政复议决定不服的，可以在收到行政复议决定书之日起{SUIT_AFTER_DECISION_DAYS}日内"
                f"依法向{court}提起行政诉讼。")
    return (f"你（单位）如对本告知书不服，可以在收到本告知书之日起{RECONSIDERATION_DAYS}日内向{body}"
            f"申请行政复议，也可以在收到本告知书之日起{SUIT_MONTHS}个月内依法向{court}提起行政诉讼。")
