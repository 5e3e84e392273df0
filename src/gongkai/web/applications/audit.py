"""Reading the audit hash chain back (gongkai.core.audit_chain) for `gongkai audit verify`."""

from __future__ import annotations

from gongkai.core import audit_chain
from gongkai.web.common import audit_trail

from .models import ApplicationEvent, AuditChainHead


def verify_chain() -> tuple[int, audit_chain.Break | None]:
    """(events verified, the first break or None)."""
    return audit_trail.verify(ApplicationEvent, AuditChainHead)
