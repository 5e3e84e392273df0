from tests.web.agencies.world import world, world_clients  # noqa: F401
