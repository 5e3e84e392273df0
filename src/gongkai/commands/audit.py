"""`gongkai audit verify`: walk the hash chains of the audit trails (applications, the registry of
proactive disclosure, the message boxes, the website monitor) and report the first broken link of each.

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

    require_database("applications_applicationevent", "applications_auditchainhead", "registry_itemevent",
                     "registry_registrychainhead", "engagement_messageevent", "engagement_engagementchainhead",
                     "supervision_monitorevent", "supervision_monitorchainhead")
    from gongkai.web.applications.audit import verify_chain
    from gongkai.web.common import audit_trail
    from gongkai.web.engagement.audit import verify_chain as verify_engagement_chain
    from gongkai.web.registry.audit import verify_chain as verify_registry_chain
    from gongkai.web.supervision.models import MonitorChainHead, MonitorEvent

    def verify_monitor_chain():
        return audit_trail.verify(MonitorEvent, MonitorChainHead)

    status = 0
    # Four trails, each its own chain: the applications' (依申请公开), the registry's (主动公开), the
    # message boxes' (互动交流) and the website monitor's (monitored sites, columns, checks asked for).
    for label, verify in (("", verify_chain), ("registry: ", verify_registry_chain),
                          ("engagement: ", verify_engagement_chain), ("monitor: ", verify_monitor_chain)):
        count, broken = verify()
        if broken is not None:
            print(f"audit verify: {label}chain broken after {count} intact event(s): {broken}", file=sys.stderr)
            status = 1
        else:
            print(f"audit verify: {label}{count} event(s), chain intact")
    return status
