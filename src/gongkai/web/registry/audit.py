"""Reading the registry's audit hash chain back (gongkai.core.audit_chain) for `gongkai audit verify`: the
same walk as the applications' trail (web/applications/audit.py) over ItemEvent and its RegistryChainHead."""

from __future__ import annotations

from gongkai.core import audit_chain
from gongkai.web.common import audit_trail

from .models import ItemEvent, RegistryChainHead


def verify_chain() -> tuple[int, audit_chain.Break | None]:
    """(events verified, the first break or None)."""
    return audit_trail.verify(ItemEvent, RegistryChainHead)
