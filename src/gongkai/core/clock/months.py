"""Calendar months: the periods the website rules count in months (notices updated within 6 months, messages
unanswered for more than 3 months), as opposed to the working days of the statutory clock."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(d: date, months: int) -> date:
    """The same day `months` later (or earlier, when negative), clamped to the month's end:
    add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))
