"""Staff queue with 100,000 applications: server time per page, on SQLite and on PostgreSQL.

    python -m bench.queue                       # SQLite (a fresh database in a temporary data dir)
    python -m bench.queue --postgres            # PostgreSQL: creates and drops database gongkai_bench
    python -m bench.queue --applications 20000  # smaller, for a quick look

One agency holds every application (the worst case for its staff); 6% are open, the rest concluded, with
realistic due dates and states. On PostgreSQL the table is VACUUM ANALYZEd after the bulk load (the state
autovacuum brings a live database to). Each page is requested through Django's test client as the handler would
(session, middleware, template), and the time from request to response is the server time. Median of
`--repeat` runs per page after one warm-up. Results: bench/results/queue-<vendor>.json and queue.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
TARGET_MS = 100.0
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "gongkai_bench"


def _prepare_environment(args) -> None:
    os.environ.setdefault("GONGKAI_DEBUG", "1")
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-bench-queue-")
    os.environ["GONGKAI_LOG_LEVEL"] = "ERROR"
    if args.postgres:
        import psycopg

        with psycopg.connect(args.pg_admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
            conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
        os.environ["DATABASE_URL"] = args.pg_admin_url.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"
    else:
        os.environ.pop("DATABASE_URL", None)


def _populate(n: int, seed: int = 7):
    from bench.load_data import populate

    return populate(n, seed=seed)


PAGES = [
    ("open", "1"), ("open", "middle"), ("open", "last"),
    ("mine", "1"), ("review", "1"),
    ("closed", "1"), ("closed", "last"),
    ("all", "1"), ("all", "middle"), ("all", "last"),
]


def _measure(user, repeat: int) -> list[dict]:
    from django.test import Client
    from django.urls import reverse

    from gongkai.web.applications import selectors
    from gongkai.web.applications.views_staff import PAGE_SIZE

    client = Client()
    client.force_login(user)
    url = reverse("work:queue")
    results = []
    for which, page in PAGES:
        total = selectors.queue(user, which=which).count()
        pages = max(1, -(-total // PAGE_SIZE))
        number = {"1": 1, "middle": max(1, pages // 2), "last": pages}[page]
        times = []
        for i in range(repeat + 1):
            start = time.perf_counter()
            response = client.get(url, {"which": which, "page": number})
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{which} page {number}: HTTP {response.status_code}")
            if i:  # the first request warms caches (templates, calendar)
                times.append(elapsed)
        results.append({"tab": which, "page": number, "pages": pages, "rows": total,
                        "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)})
        print(f"  {which:7s} page {number:5d}/{pages:<5d} median {results[-1]['median_ms']:6.1f} ms"
              f"  max {results[-1]['max_ms']:6.1f} ms", flush=True)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="run on PostgreSQL instead of SQLite")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    args = parser.parse_args(argv)
    _prepare_environment(args)

    from gongkai.commands import django_setup

    django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    print(f"== staff queue on {vendor}: populating {args.applications:,} applications", flush=True)
    start = time.perf_counter()
    user, _ = _populate(args.applications)  # VACUUM ANALYZEs on PostgreSQL
    print(f"   populated in {time.perf_counter() - start:.1f} s", flush=True)
    pages = _measure(user, args.repeat)
    worst = max(p["median_ms"] for p in pages)
    result = {
        "benchmark": "staff queue page, server time", "database": vendor, "applications": args.applications,
        "target_ms": TARGET_MS, "worst_median_ms": worst, "met": worst <= TARGET_MS, "pages": pages,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "measured_at": datetime.now().isoformat(timespec="seconds"),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"queue-{vendor}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    _write_markdown()
    print(f"   worst median {worst:.1f} ms (target ≤ {TARGET_MS:.0f} ms): {'met' if result['met'] else 'NOT met'}")
    if args.postgres:
        connection.close()
        import psycopg

        with psycopg.connect(args.pg_admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
    return 0


def _write_markdown() -> None:
    lines = ["# Staff queue: server time per page", "",
             "`python -m bench.queue` (SQLite) and `python -m bench.queue --postgres`. One agency holds every",
             "application; median of 5 requests after a warm-up, through Django's test client.", ""]
    for vendor in ("sqlite", "postgresql"):
        path = RESULTS / f"queue-{vendor}.json"
        if not path.exists():
            continue
        r = json.loads(path.read_text())
        lines += [f"## {vendor}: {r['applications']:,} applications ({r['measured_at']})", "",
                  "| tab | page | of | rows in tab | median ms | max ms |", "|---|---|---|---|---|---|"]
        lines += [f"| {p['tab']} | {p['page']} | {p['pages']} | {p['rows']:,} | {p['median_ms']} | {p['max_ms']} |"
                  for p in r["pages"]]
        lines += ["", f"Worst median: **{r['worst_median_ms']} ms** against the {r['target_ms']:.0f} ms target "
                      f"({'met' if r['met'] else 'not met'}).", ""]
    (RESULTS / "queue.md").write_text("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
