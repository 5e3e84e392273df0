"""`gongkai worker [--workers N]`: run background tasks (bulk imports) from the queue until stopped.

The queue is Redis when GONGKAI_REDIS_URL is set, else the SQLite file tasks.sqlite3 in the data dir. Run as
many worker processes as you like, on one machine or several (Redis): a task is taken by one of them, and
the files of a batch are claimed one by one under a database row lock, so no file is imported twice even
when several tasks work on one batch (gongkai.web.library.services). On start a worker queues again every
batch left unfinished (a worker killed mid-batch, a restart); that is safe while other workers run, as the
queued tasks only take files no one holds. SIGINT stops after the running task; SIGTERM stops at once (the
batch stays resumable).
"""

from __future__ import annotations

import argparse

from gongkai.core.errors import GongkaiError


def register(sub) -> None:
    p = sub.add_parser("worker", help="run background tasks (bulk imports) until stopped")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="tasks run in parallel (threads; default 1)")
    # Given by `gongkai serve` for the worker it starts: die with that process (gongkai.commands.lifeline).
    p.add_argument("--parent-pid", type=int, default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args) -> int:
    if args.parent_pid is not None:
        from .lifeline import die_with_parent

        die_with_parent(args.parent_pid)  # before the slow start-up: a dead parent's worker never starts
    from . import django_setup

    django_setup()
    from django.conf import settings
    from django.core.management import call_command

    if settings.TASKS_IMMEDIATE:
        raise GongkaiError("GONGKAI_TASKS_IMMEDIATE=1: tasks run inside the process that queues them; no worker needed")
    if args.workers < 1:
        raise GongkaiError("--workers must be at least 1")

    from gongkai.web.library.services import import_batches_resume_unfinished

    resumed = import_batches_resume_unfinished()
    if resumed:
        print(f"worker: queued {resumed} unfinished import batch(es) again", flush=True)
    call_command("run_huey", workers=args.workers, worker_type="thread")
    return 0
