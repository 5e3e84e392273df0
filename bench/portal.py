"""The public platform with 20,000 published items in one agency: server time of its pages, on SQLite and on
PostgreSQL.

    python -m bench.portal                 # SQLite (a fresh database in a temporary data dir)
    python -m bench.portal --postgres      # PostgreSQL: creates and drops database gongkai_bench_portal
    python -m bench.portal --items 5000    # smaller, for a quick look

The items are inserted with bulk_create, not through item_publish: the benchmark measures reading, and
20,000 publications through the services (audit chain, serial counter, one transaction each) would take
minutes while adding nothing the pages read. Every row is what a publication leaves (state published, a
unique 索引号 with its serial, version 1, the art. 20 codes, a sanitised body). On PostgreSQL the table is
VACUUM ANALYZEd after the load. Each page is requested through Django's test client as an anonymous visitor
(middleware, templates); p95 and median of `--repeat` requests after one warm-up. Target: p95 ≤ 100 ms.
Results: bench/results/portal-<vendor>.json.
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
from datetime import date, datetime, timedelta
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
TARGET_MS = 100.0
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "gongkai_bench_portal"
CODE = "BENCH-A"


def _prepare_environment(args) -> None:
    os.environ.setdefault("GONGKAI_DEBUG", "1")
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-bench-portal-")
    os.environ["GONGKAI_LOG_LEVEL"] = "ERROR"
    if args.postgres:
        import psycopg

        with psycopg.connect(args.pg_admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
            conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
        os.environ["DATABASE_URL"] = args.pg_admin_url.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"
    else:
        os.environ.pop("DATABASE_URL", None)


TITLES = ["关于印发{}工作方案的通知", "{}实施细则", "关于做好{}工作的通知", "{}情况公示", "关于{}的公告",
          "{}年度工作总结", "{}专项检查情况通报"]
TOPICS = ["优化营商环境", "最低生活保障", "安全生产", "义务教育招生", "城乡规划", "政府集中采购", "财政预算",
          "行政许可", "公共资源交易", "养老服务", "就业创业", "农村危房改造"]


def populate(n: int, seed: int = 7):
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.core.registry.codes import make_org_code, make_uscc
    from gongkai.core.registry.index_no import format_index_no
    from gongkai.web.agencies.services import agency_upsert
    from gongkai.web.registry import bodies
    from gongkai.web.registry.models import Item

    rng = random.Random(seed)
    region, _ = agency_upsert(code="BENCH", name="基准市", level="region")
    gov, _ = agency_upsert(code="BENCH-GOV", name="基准市人民政府", level="government", parent=region)
    agency, _ = agency_upsert(code=CODE, name="基准市甲局", level="department", parent=gov,
                              address="基准市人民路1号", phone="0999-1234567")
    uscc = make_uscc("11999900" + make_org_code("B0000001"))
    type(agency).objects.filter(pk=agency.pk).update(uscc=uscc)
    body = bodies.clean("<p>" + "为进一步做好相关工作，现将有关事项通知如下。" * 20 + "</p>")
    text = bodies.text_of(body)
    start = date(2023, 1, 1)
    span = (date(2026, 11, 20) - start).days
    serials: dict[int, int] = {}
    rows = []
    for i in range(n):
        published = start + timedelta(days=rng.randrange(span))
        serials[published.year] = serials.get(published.year, 0) + 1
        topic = rng.choice(TOPICS)
        column = "system" if rng.random() < 0.03 else "statutory"
        codes = [] if column == "system" else rng.sample([str(c) for c in range(1, 16)] + ["c1", "c7"],
                                                          rng.choice((1, 1, 2)))
        rows.append(Item(
            agency_id=agency.pk, title=rng.choice(TITLES).format(topic) + f"（{i}）", subject="0302",
            genre=rng.choice(["notice", "other_document", "normative", "news"]), art20=codes,
            platform_column=column, summary="", body_html=body, body_text=text, channels=["portal"],
            attribute="active", state="published", written_on=published - timedelta(days=3),
            formed_on=published - timedelta(days=2), published_on=published,
            published_at=timezone.make_aware(datetime.combine(published, datetime.min.time())), version=1,
            index_year=published.year, index_serial=serials[published.year],
            index_no=format_index_no(uscc, published.year, serials[published.year])))
    with transaction.atomic():
        Item.objects.bulk_create(rows, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE registry_item")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return agency


PAGES = [
    ("agency platform", "/gk/{code}/", {}),
    ("agency platform, traditional", "/gk/{code}/", {"script": "traditional"}),
    ("statutory column", "/gk/{code}/statutory/", {}),
    ("statutory column, page 400", "/gk/{code}/statutory/", {"page": "400"}),
    ("statutory item (七)", "/gk/{code}/statutory/7/", {}),
    ("statutory item (七), page 50", "/gk/{code}/statutory/7/", {"page": "50"}),
    ("system column", "/gk/{code}/system/", {}),
    ("agency feed (RSS)", "/gk/{code}/feed.rss", {}),
    ("agency feed (Atom)", "/gk/{code}/feed.atom", {}),
    ("statutory item feed", "/gk/{code}/statutory/7/feed.rss", {}),
]


def measure(repeat: int) -> list[dict]:
    from django.test import Client

    client = Client()
    results = []
    for label, path, params in PAGES:
        url = path.format(code=CODE)
        times = []
        for i in range(repeat + 1):
            t0 = time.perf_counter()
            response = client.get(url, params)
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
            if i:
                times.append(elapsed)
        p95 = statistics.quantiles(times, n=20)[18]
        results.append({"page": label, "url": url, "params": params, "median_ms": round(statistics.median(times), 1),
                        "p95_ms": round(p95, 1), "max_ms": round(max(times), 1)})
        print(f"  {label:32s} median {results[-1]['median_ms']:6.1f} ms  p95 {results[-1]['p95_ms']:6.1f} ms",
              flush=True)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=40)
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
    print(f"== public platform on {vendor}: {args.items:,} published items in one agency", flush=True)
    t0 = time.perf_counter()
    populate(args.items)
    print(f"   populated in {time.perf_counter() - t0:.1f} s", flush=True)
    pages = measure(args.repeat)
    worst = max(p["p95_ms"] for p in pages)
    result = {
        "benchmark": "public platform pages, server time (Django test client)", "database": vendor,
        "items": args.items, "repeat": args.repeat, "target_p95_ms": TARGET_MS, "worst_p95_ms": worst,
        "met": worst <= TARGET_MS, "pages": pages,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "measured_at": datetime.now().isoformat(timespec="seconds"),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"portal-{vendor}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"   worst p95 {worst:.1f} ms (target ≤ {TARGET_MS:.0f} ms): {'met' if result['met'] else 'NOT met'}")
    if args.postgres:
        connection.close()
        import psycopg

        with psycopg.connect(args.pg_admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
