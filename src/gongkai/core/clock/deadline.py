"""The statutory clock of a disclosure application (条例 arts. 30–33; 109号 fee notice), with its explanation.

Rules (regulation.md §1.4–1.5, §2.4):

- The reply is due 20 working days after receipt, counted from the day after (民法典 art. 201); the due date
  is always a working day, so a period that would end on a holiday ends after it (art. 203).
- A correction (补正) restarts the count from the day after the corrected application is received. Anything
  before that point — the original receipt, pauses that ended before it — no longer matters.
- A pause (consultation of a third party or another organ, fee notice to payment, ...) removes the working
  days from its start to its end, both inclusive. A pause counts only when it starts on or before the running
  due date (the due date as moved by the earlier pauses and the extension): a consultation begun after the
  period expired cannot revive it. Overlapping pauses remove each working day once.
- An approved extension adds 1–20 working days after the original due date (pauses inside the extension are
  removed as well). `original_due` keeps the date before the extension.
- An open pause (no end yet) needs `as_of`: the due date then assumes the pause lasts through `as_of` and is
  marked `paused` (it moves on every working day the pause goes on).
- For an application whose number or frequency clearly exceeds a reasonable range (art. 35), the agency may
  set a longer reasonable reply period: `reply_workdays` (21–120) then replaces the 20 working days; the
  correction restart, pauses and an extension apply to it as to the 20 days.
- A span that reaches a year without calendar data is counted on weekends and that year's fixed statutory
  days off (《全国年节及纪念日放假办法》), and marked provisional: the make-up working days are unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import InvalidExtension, InvalidPeriod
from .calendar import WorkCalendar
from .statutory import STATUTE

ANSWER_WORKDAYS = 20
# Art. 35 sets no ceiling on the "reasonable" longer period; 120 working days (about half a year) catches a
# mistyped number without standing in the way of any period an agency could defend.
MAX_REPLY_WORKDAYS = 120
CORRECTION_NOTICE_WORKDAYS = 7
THIRD_PARTY_WORKDAYS = 15
MAX_EXTENSION_WORKDAYS = 20
FEE_PAYMENT_WORKDAYS = 20
DUE_SOON_WORKDAYS = 5

PAUSE_KINDS = {
    "consultation": "征求意见",
    "third_party": "征求第三方意见",
    "fee": "收费通知至缴纳费用",
    "other": "依法不计入期限的期间",
}


@dataclass(frozen=True)
class Pause:
    start: date
    end: date | None
    kind: str = "consultation"


@dataclass(frozen=True)
class Deadline:
    due: date
    provisional: bool
    explanation: tuple[str, ...]
    paused: bool = False
    original_due: date | None = None

    def to_json(self) -> dict:
        return {
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "explanation": list(self.explanation),
            "paused": self.paused,
            "original_due": self.original_due.isoformat() if self.original_due else None,
        }


def extension_allowed(days: int) -> None:
    """Raise InvalidExtension unless 1 <= days <= 20 (art. 33: at most 20 working days)."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_WORKDAYS:
        raise InvalidExtension(
            f"extension of {days!r} working days is outside 1..{MAX_EXTENSION_WORKDAYS}",
            message=f"延长答复期限应为 1 至 {MAX_EXTENSION_WORKDAYS} 个工作日，不能是 {days}。",
        )


def _reply_period(reply_workdays, reply_reason) -> tuple[int, str]:
    """Validate an art. 35 reply period; returns it with the reason on one line."""
    if reply_reason == "" and reply_workdays == ANSWER_WORKDAYS and type(reply_workdays) is int:
        return ANSWER_WORKDAYS, ""  # the common case, art. 33's period
    if not isinstance(reply_reason, str):
        raise InvalidPeriod(
            f"reply_reason is not text: {reply_reason!r}", message="确定合理答复期限的理由应为文字。"
        )
    reason = " ".join(reply_reason.split())
    if isinstance(reply_workdays, bool) or not isinstance(reply_workdays, int):
        raise InvalidPeriod(
            f"reply_workdays is not a whole number: {reply_workdays!r}",
            message=f"合理答复期限应为工作日数（整数），不能是“{reply_workdays}”。",
        )
    if reply_workdays == ANSWER_WORKDAYS:
        if reason:
            raise InvalidPeriod(
                "reply_reason given without a longer reply period",
                message=f"填写了确定合理答复期限的理由，但答复期限仍为 {ANSWER_WORKDAYS} 个工作日；"
                f"依第三十五条确定的期限应超过 {ANSWER_WORKDAYS} 个工作日。",
            )
    elif not ANSWER_WORKDAYS < reply_workdays <= MAX_REPLY_WORKDAYS:
        raise InvalidPeriod(
            f"reply period of {reply_workdays} working days is outside "
            f"{ANSWER_WORKDAYS + 1}..{MAX_REPLY_WORKDAYS}",
            message=f"依《政府信息公开条例》第三十五条确定的合理答复期限应为 {ANSWER_WORKDAYS + 1} 至 "
            f"{MAX_REPLY_WORKDAYS} 个工作日，不能是 {reply_workdays}。",
        )
    return reply_workdays, reason


def _check_date(value, name: str) -> None:
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise InvalidPeriod(f"{name} is not a date: {value!r}", message=f"{name} 应为日期。")


def _valid_pauses(
    received: date, pauses: Sequence[Pause], as_of: date | None
) -> list[tuple[date, date, Pause]]:
    out = []
    for p in pauses:
        _check_date(p.start, "pause.start")
        if p.kind not in PAUSE_KINDS:
            raise InvalidPeriod(
                f"unknown pause kind {p.kind!r}", message=f"未知的不计入期限的期间类型“{p.kind}”。"
            )
        if p.start < received:
            raise InvalidPeriod(
                f"pause starts {p.start} before receipt {received}",
                message=f"{PAUSE_KINDS[p.kind]}的开始日 {p.start} 早于收到申请之日 {received}。",
            )
        end = p.end
        if end is None:
            if as_of is None:
                raise InvalidPeriod(
                    "an open pause needs as_of",
                    message=f"{PAUSE_KINDS[p.kind]}自 {p.start} 起尚未结束，需要给出计算日期才能推算期限。",
                )
            if as_of < p.start:
                raise InvalidPeriod(
                    f"as_of {as_of} is before the open pause's start {p.start}",
                    message=f"计算日期 {as_of} 早于{PAUSE_KINDS[p.kind]}的开始日 {p.start}。",
                )
            end = as_of
        else:
            _check_date(end, "pause.end")
            if end < p.start:
                raise InvalidPeriod(
                    f"pause ends {end} before it starts {p.start}",
                    message=f"{PAUSE_KINDS[p.kind]}的结束日 {end} 早于开始日 {p.start}。",
                )
        out.append((p.start, end, p))
    return out


def compute_deadline(
    received: date,
    *,
    calendar: WorkCalendar,
    correction_received: date | None = None,
    pauses: Sequence[Pause] = (),
    extension_days: int = 0,
    as_of: date | None = None,
    reply_workdays: int = ANSWER_WORKDAYS,
    reply_reason: str = "",
) -> Deadline:
    """The reply due date of an application and the steps that produced it (see the module doc).

    `reply_workdays` is the reasonable reply period an agency set under art. 35 (21–120 working days, with
    `reply_reason`, the reason it gives); the default is art. 33's 20 working days.
    """
    _check_date(received, "received")
    if correction_received is not None:
        _check_date(correction_received, "correction_received")
        if correction_received < received:
            raise InvalidPeriod(
                f"correction received {correction_received} before the application {received}",
                message=f"收到补正的日期 {correction_received} 早于收到申请之日 {received}。",
            )
    if as_of is not None:
        _check_date(as_of, "as_of")
    if extension_days != 0:
        extension_allowed(extension_days)
    period, reason = _reply_period(reply_workdays, reply_reason)
    spans = _valid_pauses(received, pauses, as_of)

    lines: list[str] = []
    start = received
    if calendar.is_holiday(received):
        lines.append(
            f"{received.isoformat()} 收到申请（当日为{calendar.holiday_name(received) or '法定节假日'}假期），"
            f"自次日起计算 {period} 个工作日"
        )
    else:
        lines.append(f"{received.isoformat()} 收到申请，自次日起计算 {period} 个工作日")
    if period != ANSWER_WORKDAYS:
        lines.append(
            f"依《政府信息公开条例》第三十五条，本机关确定的合理答复期限为 {period} 个工作日"
            + (f"（理由：{reason}）" if reason else "")
        )
    if correction_received is not None:
        start = correction_received
        lines.append(
            f"{correction_received.isoformat()} 收到补正后的申请，答复期限自次日起重新计算 {period} 个工作日"
        )

    skip = [(s, e) for s, e, _ in spans]
    total = period + extension_days
    due, removed = calendar.walk(start, total, skip)
    original_due = calendar.walk(start, period, skip)[0] if extension_days else None

    # Dated events in the counted span, in date order: holidays, make-up days, pauses.
    events: list[tuple[date, int, str]] = [(d, 0, text) for d, text in calendar.events_between(start, due)]
    paused = False
    for (s, e, p), n in zip(spans, removed, strict=True):
        label = PAUSE_KINDS[p.kind]
        if p.end is None:
            paused = True
            period = f"{s.isoformat()} 起（尚未结束，暂计至 {e.isoformat()}）"
        else:
            period = f"{s.isoformat()} 至 {e.isoformat()}"
        if n == -1:
            text = f"{label} {period} 开始于答复期限届满之后，不影响期限"
        elif e <= start:
            text = f"{label} {period} 在答复期限起算之前，不影响期限"
        elif n == 0:
            text = f"{label} {period} 期间没有工作日，不影响期限"
        else:
            text = f"{label} {period}（共 {n} 个工作日）不计入答复期限"
            if p.end is None:
                text += "，结束前期限随之顺延"
        events.append((s, 1, text))
    events.sort(key=lambda ev: (ev[0], ev[1]))
    lines.extend(text for _, _, text in events)

    if extension_days:
        lines.append(f"原答复期限届满日：{original_due.isoformat()}")
        lines.append(f"经批准延长答复期限 {extension_days} 个工作日")
    missing = calendar.uncovered_years(start + timedelta(days=1), max(due, start + timedelta(days=1)))
    for y in missing:
        if calendar.has_fixed_days(y):
            lines.append(
                f"{y} 年的法定节假日安排尚未录入，按周末和{STATUTE}规定的法定节假日计算"
                "（调休安排未知），此日期为暂定"
            )
        else:
            lines.append(f"{y} 年的法定节假日安排尚未录入，按周末计算，此日期为暂定")
    lines.append(f"答复期限届满日：{due.isoformat()}" + ("（暂定）" if missing else ""))
    return Deadline(
        due=due,
        provisional=bool(missing),
        explanation=tuple(lines),
        paused=paused,
        original_due=original_due,
    )


def correction_notice_due(received: date, *, calendar: WorkCalendar) -> date:
    """Last day to send the one-time correction notice: 7 working days after receipt (art. 30)."""
    return calendar.add_workdays(received, CORRECTION_NOTICE_WORKDAYS)


def third_party_reply_due(sent: date, *, calendar: WorkCalendar) -> date:
    """Last day of the third party's 15 working days (art. 32), counted from the day after the letter.

    The regulation counts from the third party's receipt of the letter; callers pass that date when they know
    it, otherwise the sending date (which gives the earliest possible end).
    """
    return calendar.add_workdays(sent, THIRD_PARTY_WORKDAYS)


def fee_payment_due(notice_received: date, *, calendar: WorkCalendar) -> date:
    """Last day to pay: 20 working days from the day after the fee notice is received (109号)."""
    return calendar.add_workdays(notice_received, FEE_PAYMENT_WORKDAYS)


def warning_level(due: date, today: date, *, calendar: WorkCalendar) -> str:
    """ "overdue" after the due date, "due_soon" within 5 working days (due date included), else "ok"."""
    if today > due:
        return "overdue"
    if calendar.workdays_between(today, due) <= DUE_SOON_WORKDAYS:
        return "due_soon"
    return "ok"
