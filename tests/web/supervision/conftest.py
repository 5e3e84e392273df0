"""Fixtures for the supervision tests: the registry's world (agencies with codes, so items publish)."""

from tests.web.agencies.world import world_clients  # noqa: F401
from tests.web.registry.conftest import world  # noqa: F401
