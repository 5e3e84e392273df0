"""Two `gongkai worker` processes consume one Redis queue against one PostgreSQL database and import one
batch together: every file is imported exactly once, and both workers took part.

Each worker logs (at INFO) the position of every item it finished, with its process id; those logs show who
did what. The batch is created by a separate process, as the staff page would."""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

import psycopg

from .conftest import clean_env, gongkai, wait_for

FILES = 24

CREATE_BATCH = """
import sys
from pathlib import Path
from gongkai.commands import django_setup
django_setup()
from gongkai.web.library.services import import_batch_create
paths = sorted(p for p in Path(sys.argv[1]).iterdir() if p.suffix == ".txt")
batch = import_batch_create(files=[(p.name, p.read_bytes()) for p in paths])
print(batch.pk)
"""


def _start_worker(env, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gongkai.cli", "worker"], env=env,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"))


def test_two_workers_import_one_batch_each_file_exactly_once(tmp_path, pg_url, redis_url):
    env = clean_env(GONGKAI_DATA_DIR=str(tmp_path / "data"), GONGKAI_DEBUG="1", DATABASE_URL=pg_url,
                    GONGKAI_REDIS_URL=redis_url, GONGKAI_LOG_LEVEL="INFO")
    gongkai("manage", "migrate", "--noinput", env=env)
    gongkai("corpus", str(tmp_path / "corpus"), "--count", str(FILES), "--formats", "txt", env=env)

    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    workers = [_start_worker(env, log) for log in logs]
    try:
        for log in logs:
            wait_for(lambda log=log: "Huey consumer started" in log.read_text(), timeout=60,
                     what=f"{log.name}: worker start")
        created = subprocess.run([sys.executable, "-c", CREATE_BATCH, str(tmp_path / "corpus")], env=env,
                                 capture_output=True, text=True, timeout=120)
        assert created.returncode == 0, created.stderr
        batch_id = int(created.stdout.split()[-1])

        with psycopg.connect(pg_url.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
            def batch_row():
                row = db.execute("SELECT status, total, created, duplicate, failed FROM library_importbatch "
                                 "WHERE id = %s", [batch_id]).fetchone()
                return row if row[0] == "done" else None

            status, total, new, duplicate, failed = wait_for(batch_row, timeout=120, what="batch done")
            report_files = db.execute("SELECT count(*) FROM library_reportfile").fetchone()[0]
            pending = db.execute("SELECT count(*) FROM library_importbatchitem WHERE status = 'pending'").fetchone()[0]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()

    assert (total, failed, pending) == (FILES, 0, 0)
    assert new + duplicate == FILES and report_files == new  # each distinct report stored once

    done_by = collections.defaultdict(list)  # item position -> pids that finished it
    for worker, log in zip(workers, logs, strict=True):
        for position, pid in re.findall(r"item (\d+) done by process (\d+)", log.read_text()):
            assert int(pid) == worker.pid
            done_by[int(position)].append(worker.pid)
    assert sorted(done_by) == list(range(FILES)), "every file was imported"
    assert all(len(pids) == 1 for pids in done_by.values()), "no file was imported twice"
    counts = collections.Counter(pids[0] for pids in done_by.values())
    print("items per worker:", dict(counts))
    assert set(counts) == {w.pid for w in workers}, f"both workers took part: {dict(counts)}"
