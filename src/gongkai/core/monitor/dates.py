"""Publication dates in the shapes Chinese list pages print them.

    2024-03-05  2024/3/5  2024.03.05  2024年3月5日  二〇二四年三月五日  发布时间：2024-03-05 10:20
    [03-05] (03-05) 03-05        month and day only: the year is the latest one that puts it on or before `today`
    /t20240305_123.html  /2024/0305/  /202403/05/   dates inside a link's URL

Every function takes `today` (the check date) where a year must be inferred; nothing reads the clock. An
impossible date (2024-02-30) is not a date.
"""

from __future__ import annotations

import re
from datetime import date

import cn2an

_SEP = r"\s*[-/.．]\s*"
# Full dates with digits. The look-arounds keep 2024-03-05 from matching inside a longer digit run (phone
# numbers, 文号 serials).
_FULL = re.compile(rf"(?<!\d)((?:19|20)\d{{2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})(?!\d)")
_FULL_ZH = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# 二〇二四年三月五日 (official documents' 成文日期 style, sometimes on list pages too).
_ZH_DIGITS = "〇零一二三四五六七八九"
_FULL_CN = re.compile(rf"([{_ZH_DIGITS}]{{4}})\s*年\s*([一二三四五六七八九十]{{1,3}})\s*月\s*([一二三四五六七八九十]{{1,3}})\s*日")
# Month-day only, as in "[03-05]" or "03-05" at the end of a list item; also 3月5日.
_MONTH_DAY = re.compile(r"(?<![\d/.\-])(\d{1,2})[-/.](\d{1,2})(?![\d/.\-])")
_MONTH_DAY_ZH = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Dates in URLs: /t20240305_123.html (TRS WCM), /art/2024/3/5/art_1_2.html, /2024/0305/, /202403/05/,
# /2024-03/05/, /20240305/.
_URL_PATTERNS = (
    re.compile(r"[/_]t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),
    re.compile(r"/((?:19|20)\d{2})[-/]?(\d{1,2})[-/](\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),
)
# A label saying the date that follows is the publication date, which wins over other dates in the text.
_PUBLISHED_LABEL = re.compile(r"(?:发布|发表|公开|更新|印发)(?:时间|日期)\s*[:：]?\s*")


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _cn_year(s: str) -> int:
    """二〇二四 -> 2024: a year is read digit by digit, not as a number (cn2an would read 二千零二十四)."""
    return int("".join("0" if c in "〇零" else str("一二三四五六七八九".index(c) + 1) for c in s))


def _cn_number(s: str) -> int | None:
    try:
        return int(cn2an.cn2an(s, "strict"))
    except (ValueError, KeyError):
        return None


def infer_year(month: int, day: int, *, today: date) -> date | None:
    """The latest date with this month and day on or before `today` (a list shows recent items first)."""
    for year in (today.year, today.year - 1):
        d = _make(year, month, day)
        if d is not None and d <= today:
            return d
    return _make(today.year - 1, month, day) if month == 2 and day == 29 else None


def full_dates(text: str) -> list[date]:
    """Every complete date (with its year) in `text`, in order of appearance."""
    found: list[tuple[int, date]] = []
    for rx in (_FULL, _FULL_ZH):
        for m in rx.finditer(text):
            d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d is not None:
                found.append((m.start(), d))
    for m in _FULL_CN.finditer(text):
        month, day = _cn_number(m.group(2)), _cn_number(m.group(3))
        if month and day:
            d = _make(_cn_year(m.group(1)), month, day)
            if d is not None:
                found.append((m.start(), d))
    return [d for _pos, d in sorted(found, key=lambda t: t[0])]


def date_in_text(text: str, *, today: date) -> date | None:
    """The publication date a list item's text shows: the one after 发布时间： if labelled, else the first
    complete date, else a month-day with the year inferred from `today`."""
    label = _PUBLISHED_LABEL.search(text)
    if label is not None:
        labelled = date_in_text(text[label.end():label.end() + 40], today=today) if label.end() < len(text) else None
        if labelled is not None:
            return labelled
    dates = full_dates(text)
    if dates:
        return dates[0]
    for rx in (_MONTH_DAY_ZH, _MONTH_DAY):
        for m in rx.finditer(text):
            d = infer_year(int(m.group(1)), int(m.group(2)), today=today)
            if d is not None:
                return d
    return None


def date_in_url(url: str) -> date | None:
    """A date the CMS wrote into the item's URL (only its path: a query's id numbers are not dates)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    for rx in _URL_PATTERNS:
        for m in rx.finditer(path):
            d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d is not None:
                return d
    return None
