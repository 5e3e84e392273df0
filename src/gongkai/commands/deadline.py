"""`gongkai deadline --received DATE [...] [--json]`: the reply due date of an application, with its steps.

Core-only: it never sets up Django or touches a database. The calendar is chinesecalendar's data plus any
`--calendar-file` year files (docs/calendar.md), which replace the package's data for their year.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ..core.errors import CalendarFileInvalid, InvalidExtension, InvalidPeriod


def register(sub) -> None:
    p = sub.add_parser(
        "deadline",
        help="compute the reply due date of a disclosure application (20 working days, 补正, pauses, "
        "extension)",
        description="Compute the reply due date (答复期限) of a disclosure application in working days, "
        "using the official holiday calendar, and print the steps that produced it.",
    )
    p.add_argument(
        "--received", required=True, metavar="DATE", help="date the application was received (YYYY-MM-DD)"
    )
    p.add_argument(
        "--correction-received",
        metavar="DATE",
        help="date the corrected application (补正) was received; restarts the count",
    )
    p.add_argument(
        "--pause",
        action="append",
        default=[],
        metavar="START:END",
        help="a consultation or fee period not counted (both days inclusive); repeatable; START: (no end) "
        "for an open pause, which needs --as-of",
    )
    p.add_argument(
        "--pause-kind",
        default="consultation",
        choices=["consultation", "third_party", "fee", "other"],
        help="kind of every --pause (wording of the explanation only; default consultation)",
    )
    p.add_argument(
        "--extension-days", default="0", metavar="N", help="approved extension in working days (1-20)"
    )
    p.add_argument(
        "--reply-workdays",
        metavar="N",
        help="the longer reasonable reply period (21-120 working days) the agency set under art. 35 for "
        "clearly excessive applications; replaces the 20 working days",
    )
    p.add_argument("--as-of", metavar="DATE", help="the date an open pause is assumed to last through")
    p.add_argument(
        "--calendar-file",
        action="append",
        default=[],
        metavar="FILE",
        help="a year file of a State Council holiday notice (docs/calendar.md); repeatable",
    )
    p.add_argument(
        "--strict", action="store_true", help="refuse a provisional date (a year without calendar data)"
    )
    p.add_argument(
        "--json", action="store_true", help='print {"due", "provisional", "explanation", ...} as JSON'
    )
    p.set_defaults(func=run)


def parse_date(value: str, option: str) -> date:
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidPeriod(
            f"{option}: {value!r} is not a date (YYYY-MM-DD)",
            message=f"{option} 的“{value}”不是有效日期（YYYY-MM-DD）。",
        ) from None


def parse_pause(value: str):
    start, sep, end = value.partition(":")
    if not sep or not start:
        raise InvalidPeriod(
            f"--pause: {value!r} is not START:END (YYYY-MM-DD:YYYY-MM-DD)",
            message=f"--pause 的“{value}”应写成 开始日:结束日（YYYY-MM-DD:YYYY-MM-DD）。",
        )
    return parse_date(start, "--pause"), (parse_date(end, "--pause") if end else None)


def _extension(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidExtension(
            f"--extension-days: {value!r} is not a whole number",
            message=f"--extension-days 的“{value}”不是整数。",
        ) from None


def _reply_workdays(value: str | None) -> int:
    from ..core.clock import ANSWER_WORKDAYS

    if value is None:
        return ANSWER_WORKDAYS
    try:
        return int(value)
    except ValueError:
        raise InvalidPeriod(
            f"--reply-workdays: {value!r} is not a whole number",
            message=f"--reply-workdays 的“{value}”不是整数。",
        ) from None


def _calendar_files(paths: list[str]):
    from ..core.clock import parse_year_file

    years = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CalendarFileInvalid(
                f"{path}: {exc.strerror or exc}", message=f"无法读取节假日安排文件 {path}。"
            ) from None
        try:
            years.append(parse_year_file(data))
        except CalendarFileInvalid as exc:
            raise CalendarFileInvalid(f"{path}: {exc.detail}", message=exc.message) from None
    return years


def run(args) -> int:
    from ..core.clock import Pause, WorkCalendar, compute_deadline

    received = parse_date(args.received, "--received")
    correction = (
        parse_date(args.correction_received, "--correction-received") if args.correction_received else None
    )
    pauses = [Pause(s, e, args.pause_kind) for s, e in map(parse_pause, args.pause)]
    as_of = parse_date(args.as_of, "--as-of") if args.as_of else None
    calendar = WorkCalendar.official(_calendar_files(args.calendar_file))
    result = compute_deadline(
        received,
        calendar=calendar,
        correction_received=correction,
        pauses=pauses,
        extension_days=_extension(args.extension_days),
        as_of=as_of,
        reply_workdays=_reply_workdays(args.reply_workdays),
    )
    if args.strict and result.provisional:
        calendar.require_covered(correction or received, result.due)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    flags = []
    if result.provisional:
        flags.append("暂定 provisional")
    if result.paused:
        flags.append("计时中止中 paused")
    print(f"答复期限届满日 due: {result.due.isoformat()}" + (f"（{'，'.join(flags)}）" if flags else ""))
    for line in result.explanation:
        print(f"  - {line}")
    return 0
