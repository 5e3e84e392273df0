"""`gongkai pii ...`: applicants' personal data (docs/privacy.md).

    gongkai pii new-key                       print a fresh key for GONGKAI_DATA_KEYS (or GONGKAI_LOOKUP_KEY)
    gongkai pii rotate-keys                   re-encrypt every value with the newest key, recompute lookup hashes
    gongkai pii anonymise [--dry-run] [--before DATE] [--today DATE]
                                              anonymise archived applications whose retention period ran out
"""

from __future__ import annotations

import sys
from datetime import date

from . import require_database


def register(sub) -> None:
    p = sub.add_parser("pii", help="applicants' personal data: encryption keys, retention (docs/privacy.md)")
    actions = p.add_subparsers(dest="pii_action", metavar="ACTION", required=True)
    new_key = actions.add_parser("new-key", help="print a fresh random key for GONGKAI_DATA_KEYS")
    new_key.set_defaults(func=run_new_key)
    rotate = actions.add_parser("rotate-keys", help="re-encrypt every stored value with the newest key "
                                "(the first of GONGKAI_DATA_KEYS) and recompute the lookup hashes")
    rotate.set_defaults(func=run_rotate)
    anon = actions.add_parser("anonymise", help="anonymise applications archived longer than "
                              "GONGKAI_PII_RETENTION_DAYS (statistics and letters' legal content stay)")
    anon.add_argument("--dry-run", action="store_true", help="list what would be anonymised, change nothing")
    anon.add_argument("--before", type=_date, metavar="YYYY-MM-DD",
                      help="anonymise applications archived before this day instead of the retention cutoff")
    anon.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                      help="the day the retention period is counted to and recorded as (default: today)")
    anon.set_defaults(func=run_anonymise)


def _date(text: str) -> date:
    import argparse

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def run_new_key(args) -> int:
    from gongkai.core.privacy import new_key

    print(new_key())
    return 0


def run_rotate(args) -> int:
    require_database("applications_application")
    from gongkai.core.privacy import UndecryptableValue
    from gongkai.web.applications.services import rotate_keys, stale_values
    from gongkai.web.engagement import privacy as messages

    try:
        summary = rotate_keys()
        message_summary = messages.rotate_keys()
    except UndecryptableValue as exc:
        print(f"gongkai pii rotate-keys: {exc.detail}", file=sys.stderr)
        return 2
    left = stale_values() + messages.stale_values()
    print(f"re-encrypted {message_summary.values} values in {message_summary.rows} messages with the newest key")
    print(f"re-encrypted {summary.values} values in {summary.rows} applications with the newest key; "
          f"{left} values under an older key remain")
    return 0 if left == 0 else 1


def run_anonymise(args) -> int:
    require_database("applications_application")
    from django.utils import timezone

    from gongkai.web.applications.services import anonymise_due, retention_cutoff

    today = args.today or timezone.localdate()
    before = args.before or retention_cutoff(today)
    if before > today:
        print(f"gongkai pii anonymise: --before {before} is after today ({today})", file=sys.stderr)
        return 2
    summary = anonymise_due(today=today, before=before, dry_run=args.dry_run)
    verb = "would anonymise" if args.dry_run else "anonymised"
    for line in summary.anonymised:
        print(f"{verb} {line}")
    for line in summary.skipped:
        print(f"skipped {line} (changed meanwhile)")
    print(f"{verb} {len(summary.anonymised)} applications archived before {before}"
          + (f", {len(summary.skipped)} skipped" if summary.skipped else ""))
    return 0
