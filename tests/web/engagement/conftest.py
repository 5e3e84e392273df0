"""Fixtures for the engagement records tests: the registry's world (agencies with codes, so items publish)."""

from tests.web.agencies.world import world_clients  # noqa: F401
from tests.web.registry.conftest import publish_item, world  # noqa: F401  (fixtures and helper)
