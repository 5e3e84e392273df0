"""Message boxes (领导信箱, 咨询, 建议): when a message counts as received, when its reply is due, how late it
is, what a writer must give, and what is removed from a question and its reply before they are published.

Receipt follows the applications' online channel (条例 art. 31, regulation.md §1.3): a message sent through
the website is received when the office can take it in — the same day if it arrives on a working day before
the office closes (`OFFICE_CLOSES`), otherwise the next working day. The reply period is then counted like
every period of the statutory clock: `reply_workdays` working days from the day after receipt, ending on a
working day (gongkai.core.clock.WorkCalendar.add_workdays).

Publication (`scrub`): the published Q&A must not carry the writer's personal data (个人信息保护法 art. 25).
Staff review the scrubbed text before publishing; the scrubber removes what it can find by form — identity
numbers, phones, e-mail addresses, licence plates, addresses introduced by 住/住址/家住/地址, long digit runs
— and the writer's own name wherever it occurs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from gongkai.core.clock import WorkCalendar, add_months

# The office's day ends here: a message arriving later is taken in the next working day, as an online
# application submitted after hours is confirmed the next working day.
OFFICE_CLOSES = time(17, 0)
# Staff are warned (and e-mailed every morning) about messages due within this many working days.
DUE_SOON_WORKDAYS = 2
MIN_REPLY_WORKDAYS, MAX_REPLY_WORKDAYS = 1, 60
# 国办秘函〔2019〕19号 single veto: a valid message left unanswered for more than 3 months.
VETO_MONTHS = 3

MAX_NAME, MAX_CONTACT, MAX_SUBJECT, MAX_BODY = 50, 100, 200, 5000
MIN_BODY = 10

INVALID_REASONS = {
    "duplicate": "重复留言",
    "advertising": "广告",
    "abuse": "辱骂",
    "empty": "无实质内容",
}

STATUS_LABELS = {
    "open": "未到期",
    "due_soon": "即将到期",
    "overdue": "已超期",
    "replied": "按时答复",
    "replied_late": "超期答复",
    "invalid": "无效留言",
}


# --- the clock ------------------------------------------------------------------------------------------

def receipt_date(at: datetime, *, calendar: WorkCalendar, closes: time = OFFICE_CLOSES) -> date:
    """The day a message sent at `at` (local time) counts as received: that day when it is a working day and
    the office is still open, else the next working day."""
    day = at.date()
    if calendar.is_workday(day) and at.time() < closes:
        return day
    return calendar.add_workdays(day, 1)


def reply_due(received_on: date, reply_workdays: int, *, calendar: WorkCalendar) -> date:
    """The last day of the reply: `reply_workdays` working days counted from the day after receipt."""
    check_reply_workdays(reply_workdays)
    return calendar.add_workdays(received_on, reply_workdays)


def reply_workdays_problem(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_REPLY_WORKDAYS <= value <= MAX_REPLY_WORKDAYS:
        return f"答复时限应为 {MIN_REPLY_WORKDAYS} 至 {MAX_REPLY_WORKDAYS} 个工作日之间的整数。"
    return None


def check_reply_workdays(value) -> None:
    problem = reply_workdays_problem(value)
    if problem:
        raise ValueError(problem)


def status(*, state: str, due_on: date, replied_on: date | None, today: date, calendar: WorkCalendar) -> str:
    """One of STATUS_LABELS: an invalid message is out of the count; a replied one was on time or late; an
    open one is overdue after its due date, due soon within DUE_SOON_WORKDAYS working days (the due date
    included), else open."""
    if state == "invalid":
        return "invalid"
    if state == "replied":
        return "replied" if replied_on is not None and replied_on <= due_on else "replied_late"
    if today > due_on:
        return "overdue"
    if calendar.workdays_between(today, due_on) <= DUE_SOON_WORKDAYS:
        return "due_soon"
    return "open"


def unanswered_too_long(*, state: str, received_on: date, replied_on: date | None, today: date) -> bool:
    """The 19号 veto test: a valid message received more than VETO_MONTHS months before `today` and not
    answered by then (a reply after the three months does not undo that it waited too long)."""
    if state == "invalid":
        return False
    limit = add_months(received_on, VETO_MONTHS)
    if today <= limit:
        return False
    return replied_on is None or replied_on > limit


# --- the writer's input ---------------------------------------------------------------------------------

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_MOBILE_CORE = r"1[3-9]\d[\-\s]?\d{4}[\-\s]?\d{4}"
_LANDLINE_CORE = r"(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[\-\s—])?\d{7,8}(?:[\-转]\d{1,5})?"


def contact_problem(contact: str) -> str | None:
    """None when `contact` is a mobile or landline number or an e-mail address, else the Chinese reason."""
    value = _ascii_digits((contact or "").strip())
    if not value:
        return "请填写联系电话或电子邮箱，以便答复和核实。"
    if "@" in value:
        return None if EMAIL_RE.fullmatch(value) else "电子邮箱格式不正确，请核对（如 name@example.com）。"
    digits = re.sub(r"[\s\-()（）—+]", "", value)
    if not digits.isdigit():
        return "联系方式应为电话号码或电子邮箱。"
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if re.fullmatch(r"1[3-9]\d{9}", digits) or re.fullmatch(r"0\d{9,11}", digits) or re.fullmatch(r"\d{7,8}", digits):
        return None
    if digits.startswith("1"):
        return f"手机号码应为11位，当前为{len(digits)}位。"
    return "电话号码格式不正确：手机号码为11位，固定电话请写区号，如 0999-88100000。"


@dataclass
class MessageInput:
    """What a writer states. `problems()` returns every problem at once, each with its field, and
    normalises the fields it checks."""

    writer_name: str
    contact: str
    subject: str
    body: str
    may_publish: bool = False

    def problems(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        self.writer_name = " ".join((self.writer_name or "").split())
        self.contact = (self.contact or "").strip()
        self.subject = " ".join((self.subject or "").split())
        self.body = (self.body or "").strip()
        if not self.writer_name:
            found.append(("writer_name", "请填写姓名。"))
        elif len(self.writer_name) > MAX_NAME:
            found.append(("writer_name", f"姓名不能超过{MAX_NAME}个字。"))
        if len(self.contact) > MAX_CONTACT:
            found.append(("contact", f"联系方式不能超过{MAX_CONTACT}个字符。"))
        else:
            problem = contact_problem(self.contact)
            if problem:
                found.append(("contact", problem))
        if not self.subject:
            found.append(("subject", "请填写留言标题。"))
        elif len(self.subject) > MAX_SUBJECT:
            found.append(("subject", f"标题不能超过{MAX_SUBJECT}个字，当前{len(self.subject)}个字。"))
        if not self.body:
            found.append(("body", "请填写留言内容。"))
        elif len(self.body) < MIN_BODY:
            found.append(("body", f"留言内容过短（至少{MIN_BODY}个字），请写明具体事项。"))
        elif len(self.body) > MAX_BODY:
            found.append(("body", f"留言内容不能超过{MAX_BODY}个字，当前{len(self.body)}个字。"))
        return found


# --- scrubbing for publication --------------------------------------------------------------------------

# Full-width digits and Latin letters (and ＠) read as their ASCII forms, so "１３８…" is found too. Only
# these characters change: the text's own punctuation stays as written.
_FULLWIDTH = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF20]}


def _ascii_digits(text: str) -> str:
    return text.translate(_FULLWIDTH)


_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_ADDRESS_MARK = re.compile(r"[省市区县旗镇乡村街路道巷弄号栋幢楼室组屯]|小区|社区|单元|大院|花园|公寓")
_STOP = r"，。；！？,;!?\n、）)"

# (kind, label, pattern). Order matters: the more specific forms first, long digit runs last.
_PATTERNS: tuple[tuple[str, str, re.Pattern], ...] = (
    ("email", "电子邮箱", re.compile(EMAIL_RE.pattern)),
    ("id_number", "身份证号码", re.compile(
        _NOT_ALNUM_BEFORE + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
        + _NOT_ALNUM_AFTER)),
    ("id_number", "身份证号码", re.compile(
        _NOT_ALNUM_BEFORE + r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _NOT_ALNUM_AFTER)),
    ("phone", "电话号码", re.compile(r"(?<!\d)(?:\+?86[\-\s]?)?" + _MOBILE_CORE + r"(?!\d)")),
    ("phone", "电话号码", re.compile(r"(?<![\d\-])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[\-\s—])\d{7,8}(?:[\-转]\d{1,5})?(?!\d)")),
    # A bare 7–8 digit number counts as a phone only when the text says it is one.
    ("phone", "电话号码", re.compile(r"(?<=电话)\d{7,8}(?!\d)|(?<=电话[:：是为])\d{7,8}(?!\d)|(?<=手机[:：是为])\d{7,8}(?!\d)"
                                   r"|(?<=座机[:：是为])\d{7,8}(?!\d)|(?<=座机)\d{7,8}(?!\d)|(?<=电话 )\d{7,8}(?!\d)")),
    ("plate", "车牌号", re.compile(
        rf"[{_PROVINCES}][A-HJ-NP-Z][·•\s]?(?:[A-HJ-NP-Z0-9]{{5,6}}|[A-HJ-NP-Z0-9]{{4}}[挂学警港澳])" + _NOT_ALNUM_AFTER)),
    ("number", "证件或账户号码", re.compile(r"(?<!\d)\d{11,}(?!\d)")),
)
# Not inside or right after a placeholder: scrubbing scrubbed text finds nothing new.
_ADDRESS_RE = re.compile(
    rf"(?<!【)(家住|住址|现住址|现住|居住在|居住于|住在|地址|住)([:：为是在于]?\s*)(?!【)([^{_STOP}\s【]{{2,40}})")
_NOT_ADDRESS_AFTER_ZHU = tuple("房宅建院户宿所持着手")

PLACEHOLDER = "【{label}已隐去】"
NAME_PLACEHOLDER = "×××"


@dataclass(frozen=True)
class Scrubbed:
    text: str
    removed: tuple[str, ...]  # Chinese labels of what was removed, in order of first occurrence, unique


def scrub(text: str, *, names: tuple[str, ...] | list[str] = ()) -> Scrubbed:
    """`text` without the personal data it carries in a recognisable form, plus what was removed.

    `names` are the people to remove wherever they appear (the writer, and anyone else staff name); a name
    is matched with or without spaces between its characters."""
    out = _ascii_digits(text or "")
    removed: list[str] = []

    def note(label: str) -> None:
        if label not in removed:
            removed.append(label)

    for name in sorted({" ".join((n or "").split()) for n in names if n and n.strip()}, key=len, reverse=True):
        chars = [re.escape(c) for c in name.replace(" ", "")]
        if len(chars) < 2:
            continue  # one character would blank every occurrence of a common word
        pattern = re.compile(r"\s*".join(chars))
        out, n = pattern.subn(NAME_PLACEHOLDER, out)
        if n:
            note("姓名")

    def address(match: re.Match) -> str:
        keyword, joiner, place = match.groups()
        if keyword == "住" and place.startswith(_NOT_ADDRESS_AFTER_ZHU):
            return match.group(0)
        marks = list(_ADDRESS_MARK.finditer(place))
        if not marks:
            return match.group(0)
        # The address ends with its last marker and the house number after it; the sentence goes on.
        end = marks[-1].end()
        end += len(re.match(r"[0-9A-Za-z\-号室栋幢楼层单元]*", place[end:]).group(0))
        note("住址")
        return keyword + joiner + PLACEHOLDER.format(label="住址") + place[end:]

    out = _ADDRESS_RE.sub(address, out)
    for _kind, label, pattern in _PATTERNS:
        out, n = pattern.subn(PLACEHOLDER.format(label=label), out)
        if n:
            note(label)
    return Scrubbed(out, tuple(removed))


def contains_personal_data(text: str, *, names: tuple[str, ...] | list[str] = ()) -> tuple[str, ...]:
    """What `scrub` would remove from `text` (empty when nothing): the last check before publication."""
    return scrub(text, names=names).removed
