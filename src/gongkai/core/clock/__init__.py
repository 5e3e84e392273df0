"""The statutory clock: working-day calendar as data, and due dates with their explanation.

See `calendar` (WorkCalendar, year files), `statutory` (the fixed statutory days off that a year without its
notice still has) and `deadline` (compute_deadline and the other periods); the rules are in regulation.md
§1.3–1.5 and §2.4, the year-file format in docs/calendar.md.
"""

from .calendar import (
    WEEKDAY_NAMES,
    YEAR_FILE_FORMAT,
    WorkCalendar,
    YearCalendar,
    dump_year_file,
    package_years,
    parse_year_file,
)
from .deadline import (
    ANSWER_WORKDAYS,
    CORRECTION_NOTICE_WORKDAYS,
    DUE_SOON_WORKDAYS,
    FEE_PAYMENT_WORKDAYS,
    MAX_EXTENSION_WORKDAYS,
    MAX_REPLY_WORKDAYS,
    PAUSE_KINDS,
    THIRD_PARTY_WORKDAYS,
    Deadline,
    Pause,
    compute_deadline,
    correction_notice_due,
    extension_allowed,
    fee_payment_due,
    third_party_reply_due,
    warning_level,
)
from .months import add_months
from .statutory import REVISIONS, statutory_days

__all__ = [
    "add_months",
    "ANSWER_WORKDAYS",
    "CORRECTION_NOTICE_WORKDAYS",
    "DUE_SOON_WORKDAYS",
    "FEE_PAYMENT_WORKDAYS",
    "MAX_EXTENSION_WORKDAYS",
    "MAX_REPLY_WORKDAYS",
    "PAUSE_KINDS",
    "REVISIONS",
    "THIRD_PARTY_WORKDAYS",
    "WEEKDAY_NAMES",
    "YEAR_FILE_FORMAT",
    "Deadline",
    "Pause",
    "WorkCalendar",
    "YearCalendar",
    "compute_deadline",
    "correction_notice_due",
    "dump_year_file",
    "extension_allowed",
    "fee_payment_due",
    "package_years",
    "parse_year_file",
    "statutory_days",
    "third_party_reply_due",
    "warning_level",
]
