"""The registry's standard world (agencies with codes, staff) and `publish_item`, for the platform's pages."""

from tests.web.registry.conftest import POLICY, publish_item, world  # noqa: F401  (fixtures and helpers)
