"""Background work of the supervision app (djhuey imports each app's `tasks` module)."""

from .sites.tasks import monitor_check_now, monitor_minute, monitor_visit_batch  # noqa: F401
