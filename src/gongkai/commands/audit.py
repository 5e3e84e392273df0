"""`gongkai audit verify`: walk the hash chain of the audit trail and report the first broken link.

Exit 0 with the number of events when the chain is intact; exit 1 naming the event where it breaks (an event
deleted: the next one's link does not match; an event edited: its hash does not match its content; events
removed at the end: the chain head does not match the last event).
"""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("audit", help="verify the hash chain of the audit trail (操作记录)",
                       description="gongkai audit verify")
    p.add_argument("action", choices=["verify"], help="verify: walk the chain, report the first broken link")
    p.set_defaults(func=run)


def run(args) -> int:
    from . import require_database

    require_database("applications_applicationevent", "applications_auditchainhead")
    from gongkai.web.applications.audit import verify_chain

    count, broken = verify_chain()
    if broken is not None:
        print(f"audit verify: chain broken after {count} intact event(s): {broken}", file=sys.stderr)
        return 1
    print(f"audit verify: {count} event(s), chain intact")
    return 0
