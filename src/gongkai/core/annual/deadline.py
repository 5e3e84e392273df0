"""When an annual report must be published (条例 art. 49): the one home of the rule, for the web's board and
for the demo's generated publication dates.

>>> publication_deadline("department", 2025), publication_deadline("government", 2025)
(datetime.date(2026, 1, 31), datetime.date(2026, 3, 31))
"""

from __future__ import annotations

from datetime import date


def publication_deadline(level: str, year: int) -> date:
    """Government departments (and other organs: offices, dispatched agencies) publish the year's report by
    31 January of the following year; county-level-and-above people's governments by 31 March."""
    return date(year + 1, 3, 31) if level == "government" else date(year + 1, 1, 31)
