"""Bulk-import throughput with one and with several `gongkai worker` processes (PostgreSQL + Redis queue).

    python -m bench.import_workers [--files 2000] [--workers 1,2] [--formats txt,html,md,docx]

For each worker count: a fresh PostgreSQL database (`--database`, dropped and created again), a fresh data dir,
the Redis DB of `--redis-url` emptied, `migrate`; then N `gongkai worker` processes (huey consumers, one task
thread each, separate processes as on separate machines) are started and one batch of `--files` distinct
synthetic reports is staged with `import_batch_create`, which queues its parallel runs on the Redis queue.
Timed from the batch's creation to the moment it is done (every file imported by some worker). Results:
bench/results/import-workers.json and import-workers.md.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from bench.harness import manage, server_env
from bench.reading import machine

ROOT = Path(__file__).resolve().parent

# Runs inside the project's environment: stage the batch, wait until the workers have done it, print JSON.
_DRIVER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from gongkai.commands import django_setup
    django_setup()
    from gongkai.web.library.models import ImportBatch
    from gongkai.web.library.services import import_batch_create
    paths = sorted(p for p in Path(sys.argv[1]).iterdir() if not p.name.startswith("."))
    files = [(p.name, p.read_bytes()) for p in paths]
    t0 = time.perf_counter()
    batch = import_batch_create(files=files)
    staged = time.perf_counter()
    while True:
        batch.refresh_from_db()
        if batch.status in (ImportBatch.DONE, ImportBatch.FAILED):
            break
        time.sleep(0.2)
    done = time.perf_counter()
    print(json.dumps({"status": batch.status, "message": batch.message, "total": batch.total,
                      "created": batch.created, "duplicate": batch.duplicate, "failed": batch.failed,
                      "stage_s": staged - t0, "import_s": done - staged,
                      "db_s": (batch.finished_at - batch.created_at).total_seconds() if batch.finished_at else None}))
    """
)


def build_files(directory: Path, count: int, seed: int, formats: list[str]) -> None:
    """`count` distinct reports (so none is a duplicate of another), formats taken in turn; cached."""
    marker = directory / ".done"
    if marker.exists():
        return
    from gongkai.corpus import file_name, generate, render

    directory.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for i, report in enumerate(generate(count, seed=seed)):
        fmt = formats[i % len(formats)]
        (directory / f"{i:05d}-{file_name(report, fmt)}").write_bytes(render(report, fmt))
    marker.write_text(json.dumps({"count": count, "seed": seed, "formats": formats}))
    print(f"generated {count} files in {time.perf_counter() - t0:.0f} s", flush=True)


def _reset_database(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def _peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def run_once(files_dir: Path, workers: int, args) -> dict:
    db_url = _reset_database(args.pg_admin_url, args.database)
    _flush_redis(args.redis_url)
    with tempfile.TemporaryDirectory(prefix="gk-import-bench-") as tmp:
        env = server_env(Path(tmp), db_url, GONGKAI_REDIS_URL=args.redis_url, GONGKAI_TASKS_IMMEDIATE="0",
                         GONGKAI_MAX_UPLOAD_MB="2000")
        manage(env, "migrate", "--no-input")
        procs = []
        logs = []
        try:
            for _ in range(workers):
                log = open(Path(tmp) / f"worker{len(procs)}.log", "wb")  # noqa: SIM115 - the child keeps it
                logs.append(log)
                procs.append(subprocess.Popen([sys.executable, "-m", "gongkai.cli", "worker"], env=env,
                                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
            # Let the consumers finish Django's start-up first, so it is not counted as import time.
            time.sleep(args.warmup)
            for p in procs:
                if p.poll() is not None:
                    raise RuntimeError(f"a worker exited with status {p.returncode}: "
                                       f"{(Path(tmp) / 'worker0.log').read_text()[-2000:]}")
            load_before = os.getloadavg()
            out = subprocess.run([sys.executable, "-c", _DRIVER, str(files_dir)], env=env, capture_output=True,
                                 text=True, check=False, timeout=args.timeout)
            if out.returncode != 0:
                raise RuntimeError(out.stderr.strip()[-2000:])
            result = json.loads(out.stdout.strip().splitlines()[-1])
            result["worker_peak_mb"] = [_peak_mb(p.pid) for p in procs]
            result["load_before"] = [round(x, 2) for x in load_before]
            result["load_after"] = [round(x, 2) for x in os.getloadavg()]
        finally:
            for p in procs:
                if p.poll() is None:
                    os.killpg(p.pid, signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait(10)
            for log in logs:
                log.close()
    result["workers"] = workers
    result["files_per_s"] = round(result["total"] / result["import_s"], 1)
    return result


def write_markdown(path: Path, result: dict) -> None:
    m = result["machine"]
    lines = [
        "# Bulk-import workers benchmark",
        "",
        f"{m['date']} · Python {m['python']} · {m['cpu_count']} CPUs ({m['cpu']}) · {m['platform']}",
        "",
        f"{result['files']} distinct synthetic reports ({', '.join(result['formats'])} in turn, seed "
        f"{result['seed']}) in one batch; PostgreSQL + Redis queue; each worker a separate `gongkai worker` "
        "process with one task thread.",
        "",
        "| workers | files/s | import s | staging s | created | duplicate | failed | worker peak MB | load before → after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["runs"]:
        lines.append(
            f"| {r['workers']} | {r['files_per_s']} | {r['import_s']:.1f} | {r['stage_s']:.1f} | {r['created']} | "
            f"{r['duplicate']} | {r['failed']} | {', '.join(str(x) for x in r['worker_peak_mb'])} | "
            f"{r['load_before'][0]} → {r['load_after'][0]} |"
        )
    if result.get("note"):
        lines += ["", result["note"]]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.import_workers", description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--workers", default="1,2", help="worker process counts to run, comma-separated")
    ap.add_argument("--formats", default="txt,html,md,docx")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pg-admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--database", default="gk_import_bench", help="dropped and created for each run")
    ap.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help="its DB is emptied for each run")
    ap.add_argument("--warmup", type=float, default=8.0, help="seconds the workers get to start")
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--note", default="", help="a line added to the results (e.g. how loaded the machine was)")
    ap.add_argument("--out", type=Path, default=ROOT / "results")
    args = ap.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    files_dir = Path(tempfile.gettempdir()) / f"gongkai-import-bench-seed{args.seed}-n{args.files}-{'-'.join(formats)}"
    build_files(files_dir, args.files, args.seed, formats)
    result = {"machine": machine(), "files": args.files, "seed": args.seed, "formats": formats, "runs": [],
              "note": args.note}
    for n in [int(x) for x in args.workers.split(",") if x.strip()]:
        r = run_once(files_dir, n, args)
        result["runs"].append(r)
        print(f"{n} worker(s): {r['files_per_s']} files/s ({r['total']} files in {r['import_s']:.1f} s; created "
              f"{r['created']}, duplicate {r['duplicate']}, failed {r['failed']}; peak {r['worker_peak_mb']} MB)",
              flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "import-workers.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")
    write_markdown(args.out / "import-workers.md", result)
    print(f"wrote {args.out / 'import-workers.json'} and {args.out / 'import-workers.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
