"""The registry under load: the publishing rate through item_publish, and table 二 from the registry for a
province-sized subtree. SQLite and PostgreSQL.

    python -m bench.registry                       # SQLite: a fresh database in a temporary data dir
    python -m bench.registry --postgres            # PostgreSQL: recreates and drops database gongkai_bench_registry
                                                   # (--pg-db NAME for another)
    python -m bench.registry --count 20000         # a quick look (items in the province)
    python -m bench.registry --postgres --keep     # keep the database, and reuse it if already populated

Django runs as in production (GONGKAI_DEBUG=0, bench-only keys): with DEBUG on, Django records every query,
and on SQLite it quotes each query's parameters with one more SELECT, which doubles the statements of a
publication.

1. **Publishing**: `--publish` approved items (drafted, reviewed and approved through the services first)
   are published one by one with `item_publish` — one transaction each with the 索引号 serial from the locked
   counter, version 1, the art. 26 check, the chained audit event and the search index entry
   (`search_sync.item_changed` → `gongkai.web.search.index.index_document`, FTS5 / tsvector kept by the
   database in the same transaction; the bench checks afterwards that every published item is found in the
   index and records `search_index_in_publish`). Target ≥ 50 items/s. The rate of the whole workflow
   (create + review + approve + publish) is reported beside it, and the CPU time of the publishing loop
   (`publish_cpu_ms_per_item`): on this shared machine wall time is CPU time times the contention.
2. **Table 二 from the registry**: a province — 1 provincial government, 15 cities, 10 counties each, 30
   departments per county and 20 per city (about 5,000 agencies) — with `--count` published items (200,000 by
   default on SQLite) spread over them, 2023–2025, 15 % of them 规章/行政规范性文件 with repeals and
   amendments. Then, in a fresh process (so the memory figure is the measurement's own, not the data
   generator's): the table 二 figures with their sources (`services.table2_with_sources`) and the year's
   proactive facts (`registry_counts.proactive_year`) for the whole subtree, and the full compiled report
   (`report_build(subtree=True)`), `--repeat` times each. Target ≤ 2 s, peak ≤ 300 MB (VmHWM and
   getrusage's ru_maxrss of the measuring process). The CPU time of each table 二 run is recorded beside it.

The items are generated straight into the table (`populate_items`: bulk inserts of rows like those a
publication leaves — state, 索引号 and serial, dates, validity, channels — without audit events, versions or
search entries, which table 二 does not read). A 1,000,000-item PostgreSQL build took 18 minutes on
this machine, hence `--keep`.

Results: bench/results/registry-<vendor>.json and registry.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.memory import peak_rss_mb

RESULTS = Path(__file__).parent / "results"
TARGET_RATE = 50.0
TARGET_S = 2.0
TARGET_MB = 300
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "gongkai_bench_registry"
YEAR = 2025
CHANNELS = ("portal", "gazette", "weibo", "wechat", "app", "press_conference")


def _environment(postgres: bool, data_dir: str, pg_db: str = PG_DB) -> dict[str, str]:
    from bench.harness import DATA_KEY, SECRET_KEY

    env = dict(os.environ, GONGKAI_DEBUG="0", GONGKAI_SECRET_KEY=SECRET_KEY, GONGKAI_DATA_KEYS=DATA_KEY,
               GONGKAI_DATA_DIR=data_dir, GONGKAI_LOG_LEVEL="ERROR")
    env.pop("DATABASE_URL", None)
    if postgres:
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{pg_db}"
    return env


def _uscc(i: int) -> str:
    from gongkai.core.registry.codes import make_org_code, make_uscc

    return make_uscc(f"11429900{make_org_code(f'B{i:07d}')}")


def populate_province() -> list:
    """1 province, 15 cities × (20 departments + 10 counties × 30 departments): returns the handling agencies."""
    from gongkai.web.agencies.models import Agency

    n = iter(range(1, 10**6))
    region = Agency.objects.create(code="P", name="基准省", level="region")
    top = Agency.objects.create(code="P-GOV", name="基准省人民政府", level="government", parent=region,
                                uscc=_uscc(next(n)))
    cities = Agency.objects.bulk_create([
        Agency(code=f"P-C{c:02d}", name=f"基准省第{c}市人民政府", level="government", parent=top, uscc=_uscc(next(n)))
        for c in range(15)])
    counties, depts = [], []
    for city in cities:
        depts += [Agency(code=f"{city.code}-D{d:02d}", name=f"{city.name}第{d}部门", level="department", parent=city,
                         uscc=_uscc(next(n))) for d in range(20)]
        counties += [Agency(code=f"{city.code}-X{x:02d}", name=f"{city.name}第{x}县人民政府", level="government",
                            parent=city, uscc=_uscc(next(n))) for x in range(10)]
    counties = Agency.objects.bulk_create(counties, batch_size=2000)
    for county in counties:
        depts += [Agency(code=f"{county.code}-D{d:02d}", name=f"{county.name}第{d}部门", level="department",
                         parent=county, uscc=_uscc(next(n))) for d in range(30)]
    Agency.objects.bulk_create(depts, batch_size=2000)
    return list(Agency.objects.exclude(level="region").order_by("pk"))


def populate_items(agencies: list, count: int, seed: int = 7, *, first: date = date(2023, 1, 1),
                   last: date = date(2025, 12, 31), late_share: float = 0.0) -> None:
    """`count` published items written straight to the database in batches (the counting is measured, not
    the loading): `first`–`last`, mostly news and notices, 15 % 规章/规范性文件 with validity changes; a
    `late_share` of them formed 30–60 days before they were published (late under art. 26)."""
    from django.db import transaction

    from gongkai.web.registry.models import Item

    rng = random.Random(seed)
    span = (last - first).days
    serial: dict[tuple[int, int], int] = {}
    genres = ["news"] * 40 + ["notice"] * 30 + ["other_document"] * 10 + ["interpretation"] * 5 + \
             ["normative"] * 13 + ["rule"] * 2
    done = 0
    while done < count:
        batch = []
        for _ in range(min(50_000, count - done)):
            agency = rng.choice(agencies)
            published = first + timedelta(days=rng.randrange(span + 1))
            key = (agency.pk, published.year)
            serial[key] = serial.get(key, 0) + 1
            genre = rng.choice(genres)
            validity, since = "", None
            if genre in ("normative", "rule"):
                validity = rng.choices(["valid", "repealed", "expired", "amended"], [80, 10, 5, 5])[0]
                if validity != "valid":
                    since = published + timedelta(days=rng.randrange(30, 700))
            channels = ["portal"] + [c for c in CHANNELS[1:] if rng.random() < 0.15]
            batch.append(Item(
                agency=agency, title=f"基准信息{done + len(batch)}", subject="0203", genre=genre, state="published",
                written_on=published - timedelta(days=rng.randrange(0, 10)), published_on=published,
                formed_on=published - timedelta(days=rng.randrange(30, 60)) if rng.random() < late_share else published,
                validity=validity, validity_from=since, channels=channels, version=1,
                index_no=f"{agency.uscc}/{published.year}-{serial[key]:05d}", index_year=published.year,
                index_serial=serial[key]))
        with transaction.atomic():
            Item.objects.bulk_create(batch, batch_size=5000)
        done += len(batch)
        print(f"   {done:,} items", flush=True)


def measure_publishing(n: int) -> dict:
    """Publish `n` approved items one by one through item_publish, in a province department."""
    from django.contrib.auth import get_user_model

    from gongkai.web.agencies.models import Agency
    from gongkai.web.agencies.services import membership_grant
    from gongkai.web.registry import services

    agency = Agency.objects.filter(level="department").order_by("pk").first()
    user, _ = get_user_model().objects.get_or_create(username="bench-publisher")
    membership_grant(user=user, agency=agency, role="agency_admin")
    on = date(2026, 11, 20)
    fields = dict(title="基准市某局关于印发《某某管理办法》的通知", doc_number="基某规〔2026〕1号", written_on=date(2026, 11, 16),
                  formed_on=date(2026, 11, 16), subject="0203", genre="normative", art20=["1"], channels=["portal"],
                  body_html="<p>为规范某某管理，制定本办法。</p>" * 20)
    start = time.perf_counter()
    approved = []
    for i in range(n):
        item = services.item_create(agency=agency, actor=user, fields={**fields, "title": f"{fields['title']}{i}"},
                                    today=on)
        services.item_review(item=item, actor=user, passed=True, on=on)
        approved.append(services.item_approve(item=item, actor=user, on=on))
    prepared = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    for item in approved:
        services.item_publish(item=item, actor=user, on=on)
    published = time.perf_counter() - start
    cpu = time.process_time() - cpu
    serials = sorted(services.Item.objects.filter(agency=agency, index_year=2026).values_list("index_serial", flat=True))
    assert serials == list(range(1, len(serials) + 1)), "serials are not gapless"
    from gongkai.core.search.model import SearchQuery
    from gongkai.web.search.index import search
    from gongkai.web.search.models import SearchEntry

    indexed = SearchEntry.objects.filter(item_id__in=[i.pk for i in approved]).count()
    last = approved[-1]
    last.refresh_from_db()
    found = [h.item_id for h in search(SearchQuery(last.index_no)).hits]
    return {"published": n, "publish_s": round(published, 2), "publish_rate": round(n / published, 1),
            "publish_cpu_ms_per_item": round(cpu * 1000 / n, 2),
            "workflow_rate": round(n / (prepared + published), 1),
            "search_index_in_publish": indexed == n and found[:1] == [last.pk]}


def measure_table2(repeat: int) -> dict:
    """Runs in its own process: table 二 from the registry for the whole province, and the full build."""
    from django.db import connection

    from gongkai.web.agencies.models import Agency
    from gongkai.web.agencies.selectors import subtree_ids
    from gongkai.web.reports import registry_counts, services

    region = Agency.objects.get(code="P")
    counts, builds = [], []
    figures = facts = report = None
    cpus = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        ids = list(subtree_ids(region))
        registry = registry_counts.registry_year(ids, YEAR)  # as services.compute does: once per build
        figures, _sources = services.table2_with_sources(ids, YEAR, registry)
        facts = registry.facts
        counts.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    for _ in range(repeat):
        start = time.perf_counter()
        report = services.report_build(agency=region, year=YEAR, subtree=True, actor=None)
        builds.append(time.perf_counter() - start)
    connection.close()
    return {"agencies": len(ids), "table2_times_s": [round(t, 3) for t in counts],
            "table2_median_s": round(statistics.median(counts), 3),
            "table2_cpu_s": [round(t, 3) for t in cpus],
            "build_times_s": [round(t, 3) for t in builds], "build_median_s": round(statistics.median(builds), 3),
            "peak_rss_mb": peak_rss_mb(), "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "figures": {k: int(v) for k, v in figures.items()}, "published_in_year": facts.total if facts else None,
            "findings": [f["code"] for f in report.findings or []]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=None,
                        help="items in the province (default 200,000 on SQLite, 1,000,000 on PostgreSQL)")
    parser.add_argument("--publish", type=int, default=500, help="items published one by one (default 500)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--pg-db", default=PG_DB, help=f"PostgreSQL database to (re)create (default {PG_DB})")
    parser.add_argument("--keep", action="store_true",
                        help="PostgreSQL: keep the database at the end, and reuse it when it is already populated")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help="reuse this SQLite data dir (populated by an earlier run) instead of a new one")
    args = parser.parse_args(argv)

    from gongkai.commands import django_setup

    if args.measure_only:
        django_setup()
        print(json.dumps(measure_table2(args.repeat), ensure_ascii=False))
        return 0
    count = args.count if args.count is not None else (1_000_000 if args.postgres else 200_000)
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="gongkai-bench-registry-")
    if args.postgres:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.pg_db]).fetchone()
            if not (args.keep and exists):
                conn.execute(f"DROP DATABASE IF EXISTS {args.pg_db}")
                conn.execute(f"CREATE DATABASE {args.pg_db}")
    env = _environment(args.postgres, data_dir, args.pg_db)
    os.environ.update(env)
    if not args.postgres:
        os.environ.pop("DATABASE_URL", None)
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    print(f"== registry on {vendor}: {count:,} items in a province", flush=True)
    start = time.perf_counter()
    from gongkai.web.agencies.models import Agency

    if Agency.objects.filter(code="P").exists():  # --data-dir or --keep of an earlier run
        agencies = list(Agency.objects.exclude(level="region"))
        from gongkai.web.registry.models import Item

        count = Item.objects.filter(state="published").count()
    else:
        agencies = populate_province()
        populate_items(agencies, count)
    # The steady state of a live database: PostgreSQL's autovacuum keeps statistics; SQLite has none until
    # ANALYZE (or PRAGMA optimize) runs, and without them it reads the whole registry through the state index.
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
    print(f"   populated in {time.perf_counter() - start:.0f} s ({len(agencies):,} agencies)", flush=True)
    load_at_start = [round(x, 1) for x in os.getloadavg()]
    publishing = measure_publishing(args.publish)
    print(f"   item_publish: {publishing['publish_rate']} items/s", flush=True)
    connection.close()
    out = subprocess.run([sys.executable, "-m", "bench.registry", "--measure-only", "--repeat", str(args.repeat)],
                         env=env, capture_output=True, text=True, check=True)
    m = json.loads(out.stdout.strip().splitlines()[-1])
    result = {"benchmark": "registry: publishing rate, table 二 of a province from the registry", "database": vendor,
              "items": count, "year": YEAR, **publishing, **m,
              "targets": {"publish_rate": TARGET_RATE, "table2_s": TARGET_S, "peak_mb": TARGET_MB},
              "met": publishing["publish_rate"] >= TARGET_RATE and publishing["search_index_in_publish"]
              and m["table2_median_s"] <= TARGET_S
              and m["peak_rss_mb"] <= TARGET_MB,
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                          "load_average_at_start": load_at_start,
                          "load_average_at_end": [round(x, 1) for x in os.getloadavg()]},
              "measured_at": datetime.now().isoformat(timespec="seconds")}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"registry-{vendor}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    _markdown()
    print(f"   table 二 median {m['table2_median_s']} s, full build {m['build_median_s']} s, peak {m['peak_rss_mb']} MB; "
          f"{'met' if result['met'] else 'NOT met'}")
    if args.postgres and not args.keep:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {args.pg_db}")
    return 0


def _markdown() -> None:
    lines = ["# The registry: publishing rate and table 二 from the registry", "",
             "`python -m bench.registry` (SQLite) and `python -m bench.registry --postgres`. Publishing: items/s through",
             "`item_publish` (serial, version, chained audit event and the search index entry, one transaction each;",
             "CPU ms per item beside it). Table 二: the registry's 规章/规范性文件 rows with their sources plus the",
             "year's proactive facts for a province of about 5,000 agencies, in a fresh process (wall and CPU time);",
             "the full compiled report build beside it. One run each on a shared 2-core machine: the load average",
             "(1 min, at start and end of the run) says how much of the wall time was other work.", "",
             "| database | items | item_publish items/s | CPU ms/item | search index in publish | whole workflow items/s "
             "| table 二 s | table 二 CPU s | full build s | peak MB | load avg start → end | met |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for vendor in ("sqlite", "postgresql"):
        p = RESULTS / f"registry-{vendor}.json"
        if p.exists():
            r = json.loads(p.read_text())
            cpu = r.get("table2_cpu_s") or ["—"]
            load = r["machine"].get("load_average_at_start", ["—"])[0], r["machine"]["load_average_at_end"][0]
            lines.append(f"| {vendor} | {r['items']:,} | {r['publish_rate']} | {r.get('publish_cpu_ms_per_item', '—')} | "
                         f"{'yes' if r.get('search_index_in_publish') else 'no'} | {r['workflow_rate']} | "
                         f"{r['table2_median_s']} | {cpu[len(cpu) // 2]} | {r['build_median_s']} | {r['peak_rss_mb']} | "
                         f"{load[0]} → {load[1]} | {'yes' if r['met'] else 'no'} |")
    (RESULTS / "registry.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
