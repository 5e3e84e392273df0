"""The own-platform check (国办秘函〔2019〕19号) of a province: every agency's check at one date, in bulk, and
one agency's check alone, on SQLite and on PostgreSQL.

    python -m bench.platform_check                          # 3,000 agencies, 1,000,000 items, SQLite
    python -m bench.platform_check --postgres               # PostgreSQL: creates and drops gongkai_bench_platform
    python -m bench.platform_check --agencies 300 --items 100000   # smaller, for a quick look

Items are inserted with bulk_create (what a publication leaves that the check reads: agency, 体裁, 平台栏目,
art. 20 codes — none on 60% of the items, one on the rest, as in the demo region — state and dates; 1%
withdrawn, 0.1% undated), with one message box per agency and a few thousand messages. Measured: `region_checks` over all agencies (the assessment and dashboards call it), and
`platform_check` for single agencies (median and p95 over `--repeat` agencies), after one warm-up.
Results: bench/results/platform-check-<vendor>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "gongkai_bench_platform"
AT = date(2026, 11, 22)
GENRES = ["news"] * 5 + ["notice"] * 3 + ["other_document", "normative", "statistics", "interpretation"]
CODES = [str(c) for c in range(1, 16)] + [f"c{i}" for i in range(1, 8)]


def _prepare_environment(args) -> None:
    os.environ.setdefault("GONGKAI_DEBUG", "1")
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-bench-platform-")
    os.environ["GONGKAI_LOG_LEVEL"] = "ERROR"
    if args.postgres:
        import psycopg

        with psycopg.connect(args.pg_admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
            conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
        os.environ["DATABASE_URL"] = args.pg_admin_url.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"
    else:
        os.environ.pop("DATABASE_URL", None)


def populate(n_agencies: int, n_items: int, seed: int = 12) -> list[int]:
    from django.db import connection, transaction

    from gongkai.web.agencies.models import Agency
    from gongkai.web.engagement.models import Message, MessageBox
    from gongkai.web.registry.models import Item

    rng = random.Random(seed)
    with transaction.atomic():
        region = Agency.objects.create(code="P", name="基准省", level="region")
        govs = Agency.objects.bulk_create([Agency(code=f"P-{i:03d}", name=f"基准{i}市人民政府", level="government",
                                                  parent=region, sort=i) for i in range(max(1, n_agencies // 30))])
        depts = Agency.objects.bulk_create([
            Agency(code=f"P-{i % len(govs):03d}-{i:05d}", name=f"基准部门{i}", level="department",
                   parent=govs[i % len(govs)], sort=i) for i in range(n_agencies - len(govs))])
        agencies = [a.pk for a in govs + depts]
        MessageBox.objects.bulk_create([MessageBox(agency_id=pk, kind="consult", name="咨询") for pk in agencies])
    boxes = dict(MessageBox.objects.values_list("agency_id", "pk"))
    start = date(2023, 1, 1)
    span = (AT - start).days
    batch = []
    for i in range(n_items):
        on = start + timedelta(days=rng.randrange(span))
        genre = rng.choice(GENRES)
        withdrawn = rng.random() < 0.01
        batch.append(Item(
            agency_id=rng.choice(agencies), title=f"基准信息{i}", subject="0302", genre=genre,
            art20=[rng.choice(CODES)] if rng.random() < 0.4 else [], platform_column="statutory", channels=["portal"],
            attribute="active", state="withdrawn" if withdrawn else "published",
            withdrawn_on=on + timedelta(days=30) if withdrawn else None,
            published_on=None if rng.random() < 0.001 else on, version=1))
        if len(batch) == 5000:
            Item.objects.bulk_create(batch)
            batch = []
    Item.objects.bulk_create(batch)
    messages = []
    for i in range(min(20_000, n_agencies * 5)):
        pk = rng.choice(agencies)
        received = AT - timedelta(days=rng.randrange(400))
        replied = received + timedelta(days=rng.randrange(120)) if rng.random() < 0.9 else None
        messages.append(Message(
            box_id=boxes[pk], agency_id=pk, tracking_code=f"B{i:08d}", writer_name="", subject="咨询", body="",
            received_at=datetime.combine(received, datetime.min.time(), UTC), received_on=received,
            due_on=received + timedelta(days=14), state="replied" if replied else "received", replied_on=replied))
    Message.objects.bulk_create(messages, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return agencies


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=3000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    args = parser.parse_args(argv)
    _prepare_environment(args)

    from gongkai.commands import django_setup

    django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    print(f"== own-platform check on {vendor}: {args.agencies:,} agencies, {args.items:,} items", flush=True)
    t0 = time.perf_counter()
    agencies = populate(args.agencies, args.items)
    print(f"   populated in {time.perf_counter() - t0:.1f} s", flush=True)

    from gongkai.web.agencies.models import Agency
    from gongkai.web.supervision.platform_selectors import platform_check, region_checks

    region_checks(agencies[:10], AT)  # warm-up
    t0 = time.perf_counter()
    checks = region_checks(agencies, AT)
    bulk = time.perf_counter() - t0
    verdicts = sum(c.website.passed for c in checks)
    print(f"   all {len(checks):,} agencies: {bulk:.2f} s ({verdicts} 合格)", flush=True)
    rng = random.Random(3)
    sample = [Agency.objects.get(pk=pk) for pk in rng.sample(agencies, min(args.repeat, len(agencies)))]
    times = []
    for a in sample:
        t0 = time.perf_counter()
        platform_check(a, AT)
        times.append((time.perf_counter() - t0) * 1000)
    p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
    print(f"   one agency: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms", flush=True)
    result = {
        "benchmark": "own-platform check (19号) from the registry", "database": vendor, "agencies": args.agencies,
        "items": args.items, "at": AT.isoformat(), "all_agencies_s": round(bulk, 2), "passed": verdicts,
        "one_agency_median_ms": round(statistics.median(times), 1), "one_agency_p95_ms": round(p95, 1),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "measured_at": datetime.now().isoformat(timespec="seconds"),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"platform-check-{vendor}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    if args.postgres:
        connection.close()
        import psycopg

        with psycopg.connect(args.pg_admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
