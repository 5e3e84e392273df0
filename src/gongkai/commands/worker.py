"""`gongkai worker [--workers N]`: run background tasks (bulk imports) from the queue until stopped.

The queue is Redis when GONGKAI_REDIS_URL is set, else the SQLite file tasks.sqlite3 in the data dir.
On start it queues again every batch left unfinished (a worker killed mid-batch, a restart) and clears
stale task locks, so run one worker process per queue and scale it with --workers. SIGINT stops after the
running task; SIGTERM stops at once (the batch stays resumable).
"""

from __future__ import annotations

from gongkai.core.errors import GongkaiError


def register(sub) -> None:
    p = sub.add_parser("worker", help="run background tasks (bulk imports) until stopped")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="tasks run in parallel (threads; default 1)")
    p.set_defaults(func=run)


def run(args) -> int:
    from . import django_setup

    django_setup()
    from django.conf import settings
    from django.core.management import call_command

    if settings.TASKS_IMMEDIATE:
        raise GongkaiError("GONGKAI_TASKS_IMMEDIATE=1: tasks run inside the process that queues them; no worker needed")
    if args.workers < 1:
        raise GongkaiError("--workers must be at least 1")

    from gongkai.web.library.models import ImportBatch
    from gongkai.web.library.services import import_batches_resume_unfinished
    from gongkai.web.library.tasks import unlock_batches

    # Locks first: a lock left by a killed worker would make the resumed batch give up at once.
    unlock_batches(ImportBatch.objects.exclude(status=ImportBatch.DONE).values_list("pk", flat=True))
    resumed = import_batches_resume_unfinished()
    if resumed:
        print(f"worker: queued {resumed} unfinished import batch(es) again", flush=True)
    call_command("run_huey", workers=args.workers, worker_type="thread")
    return 0
