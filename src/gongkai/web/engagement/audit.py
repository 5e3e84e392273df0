"""Reading the engagement audit hash chain back for `gongkai audit verify`: the same walk as the
applications' and the registry's trails, over MessageEvent and its EngagementChainHead."""

from __future__ import annotations

from gongkai.core import audit_chain
from gongkai.web.common import audit_trail

from .models import EngagementChainHead, MessageEvent


def verify_chain() -> tuple[int, audit_chain.Break | None]:
    """(events verified, the first break or None)."""
    return audit_trail.verify(MessageEvent, EngagementChainHead)
