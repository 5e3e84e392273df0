from .world import world, world_clients  # noqa: F401  (fixtures)
