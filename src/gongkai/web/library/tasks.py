"""Background tasks of the report library (huey; `gongkai worker` runs them).

Tasks only call services. Several runs of the import task may work on one batch at once, in one worker
or in several (a resume clicked while it runs, a starting worker queueing unfinished batches, the parallel
runs queued for a large batch on PostgreSQL): import_batch_process claims each file under a database row
lock, so none is imported twice. No queue lock is needed, so none can be left behind by a killed worker.
"""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from .services import import_batch_process


@db_task(retries=0)
def import_batch_run(batch_id: int) -> None:
    """Import the pending files of ImportBatch `batch_id`; running it again continues where it stopped."""
    import_batch_process(batch_id=batch_id)
