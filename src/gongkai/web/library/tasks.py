"""Background tasks of the report library (huey; `gongkai worker` runs them).

Tasks only call services. A batch is processed by one task at a time: the huey lock makes a second run
(a resume clicked while the first still works) give up at once instead of importing the same files twice.
"""

from __future__ import annotations

from huey.contrib.djhuey import HUEY, db_task

from .services import import_batch_process


def _lock_name(batch_id: int) -> str:
    return f"library-import-batch-{batch_id}"


@db_task(retries=0)
def import_batch_run(batch_id: int) -> None:
    """Import the pending files of ImportBatch `batch_id`; running it again continues where it stopped."""
    with HUEY.lock_task(_lock_name(batch_id)):
        import_batch_process(batch_id=batch_id)


def unlock_batches(batch_ids) -> None:
    """Release the locks of these batches. Only for a worker starting up: a lock it finds was left by a
    worker that was killed mid-batch (locks live in the queue's storage and survive the process)."""
    HUEY.flush_locks(*(_lock_name(i) for i in batch_ids))
