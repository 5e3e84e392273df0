"""Chinese search at scale: indexing rate and search latency through gongkai.web.search.index.

    python -m bench.search                        # SQLite, 200,000 items (a temporary data dir)
    python -m bench.search --postgres             # PostgreSQL, database gk_search_bench (created, dropped)
    python -m bench.search --postgres --count 1000000
    python -m bench.search --count 20000          # a quick look

Items come from bench/search_data.py (realistic titles and 300–1,000-character bodies, 311 agencies in
a three-level tree, 8 genres, 2015–2026). They are indexed with `index_documents` (bulk, 500 per batch) —
the indexing rate — and 300 more one by one with `index_document`, each in its own transaction, as
publication does. On PostgreSQL the table is then VACUUM ANALYZEd (what autovacuum does to a live table).

Search: every query of bench/search_data.QUERIES (1–4 words; common words such as 工作 and 通知 that
occur in most items, and rare ones) is run through `search()` — the full call: parsing, exact lookups,
the count, ranking, snippets — in four variants: relevance and date order, without and with filters
(a city's subtree and a year; a genre), after one warm-up pass. p50/p95/max per word count and overall.
Results: bench/results/search-<vendor>.json and search.md.
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
TARGET_P95_MS = 100.0
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "gk_search_bench"
# Items indexed through index_documents on top of the loaded ones: the bulk indexing rate.
BULK_SAMPLE = 5_000


def _prepare_environment(args) -> None:
    os.environ.setdefault("GONGKAI_DEBUG", "1")
    os.environ["GONGKAI_LOG_LEVEL"] = "ERROR"
    if args.data_dir:
        Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    os.environ["GONGKAI_DATA_DIR"] = args.data_dir or tempfile.mkdtemp(prefix="gongkai-bench-search-")
    if args.postgres:
        if not args.reuse:
            import psycopg

            with psycopg.connect(args.pg_admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {args.pg_db}")
                conn.execute(f"CREATE DATABASE {args.pg_db}")
        os.environ["DATABASE_URL"] = args.pg_admin_url.rsplit("/", 1)[0] + f"/{args.pg_db}"
    else:
        os.environ.pop("DATABASE_URL", None)


def _build_rows(chunk: tuple[int, int]) -> list[tuple]:
    """A pool worker: generate and tokenise items `first`…`first + n - 1` into table rows (build_entry)."""
    from bench.search_data import generate
    from gongkai.web.search.index import build_entry

    first, n = chunk
    return [tuple(getattr(entry, name) for name in _columns())
            for entry in map(build_entry, generate(n, seed=first, start_id=first))]


def _columns() -> list[str]:
    from gongkai.web.search.models import SearchEntry

    return [f.column for f in SearchEntry._meta.concrete_fields if not f.primary_key]


def _load(count: int, workers: int) -> float:
    """The bench's own fast load of `count` items; returns its seconds (not the product's indexing rate).

    Tokenising (build_entry, the same code index_documents runs) is spread over a process pool; the rows
    go in with COPY on PostgreSQL (its GIN indexes dropped first and built once at the end — what a
    rebuild of a big index would do by hand) and with bulk_create on SQLite. The triggers that keep the
    full-text tables in step run as for any insert.
    """
    import multiprocessing

    from django.db import connection, transaction

    from gongkai.web.search.models import SearchEntry

    step = 5_000
    chunks = [(first, min(step, count + 1 - first)) for first in range(1, count + 1, step)]
    columns = _columns()
    start = time.perf_counter()
    done = 0
    gin = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            # The GIN indexes of the search tables; on a partitioned table, the parent's (it builds the rest).
            cur.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname "
                        "WHERE i.tablename LIKE 'search\\_%' AND i.indexdef LIKE '% USING gin %' "
                        "AND NOT c.relispartition")
            gin = cur.fetchall()
            for name, _ in gin:
                cur.execute(f"DROP INDEX {name}")
    # fork: the workers inherit the configured Django; they never touch the database (closed before the
    # fork so that no child holds the parent's socket).
    connection.close()
    with multiprocessing.get_context("fork").Pool(workers) as pool, transaction.atomic():
        for rows in pool.imap(_build_rows, chunks):
            if connection.vendor == "postgresql":
                with connection.cursor() as cur, cur.cursor.copy(
                        f"COPY search_searchentry ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                SearchEntry.objects.bulk_create(
                    [SearchEntry(**dict(zip([f.attname for f in SearchEntry._meta.concrete_fields
                                             if not f.primary_key], row, strict=True))) for row in rows],
                    batch_size=500)
            done += len(rows)
            if done % 50_000 < step:
                print(f"   loaded {done:,} ({done / (time.perf_counter() - start):,.0f}/s)", flush=True)
    if gin:
        print("   building GIN indexes", flush=True)
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '256MB'")
            for _, definition in gin:
                # pg_indexes shows a partitioned table's index as "ON ONLY": that would build no partition's.
                cur.execute(definition.replace(" ON ONLY ", " ON "))
            cur.execute("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                        "WHERE c.relname LIKE 'search\\_%' AND NOT i.indisvalid")
            if cur.fetchone()[0]:
                raise RuntimeError("a search index is invalid after the load: the measurement would be wrong")
    return time.perf_counter() - start


def _index(count: int, workers: int) -> dict:
    load_seconds = _load(count, workers)
    _vacuum()
    return {"loaded_items": count, "load_seconds": round(load_seconds, 1), "load_workers": workers,
            **_indexing_rate(count + 1)}


def _indexing_rate(first_id: int) -> dict:
    """The indexing rate, on samples through the product's own calls, on top of the index as it is:
    `index_documents` (bulk, 500 a batch), then `index_document` one by one, a transaction each, as
    publication does (new ids from `first_id`)."""
    from django.db import connection, transaction

    from bench.search_data import generate
    from gongkai.web.search.index import index_document, index_documents

    bulk = list(generate(BULK_SAMPLE, seed=first_id + 3, start_id=first_id))
    start = time.perf_counter()
    index_documents(bulk)
    bulk_seconds = time.perf_counter() - start
    singles = list(generate(300, seed=first_id + 7, start_id=first_id + BULK_SAMPLE))
    start = time.perf_counter()
    for doc in singles:
        with transaction.atomic():
            index_document(doc)
    single_seconds = time.perf_counter() - start
    _vacuum()
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    return {"bulk_items": len(bulk), "bulk_seconds": round(bulk_seconds, 1),
            "bulk_per_second": round(len(bulk) / bulk_seconds, 1),
            "single_items": len(singles), "single_per_second": round(len(singles) / single_seconds, 1)}


def _vacuum() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for (table,) in _search_tables(cur):
                cur.execute(f"VACUUM ANALYZE {table}")


def _search_tables(cur) -> list[tuple[str]]:
    # VACUUM of a partitioned table covers its partitions.
    cur.execute("SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND NOT relispartition "
                "AND relname LIKE 'search\\_%' AND pg_table_is_visible(oid)")
    return cur.fetchall()


def _variants():
    from gongkai.core.search import SearchQuery

    # Filters: the subtree of city 13 (31 agencies of 311) and a year; a genre.
    return {
        "relevance": lambda q: SearchQuery(q),
        "date": lambda q: SearchQuery(q, order="date"),
        "relevance+agency+year": lambda q: SearchQuery(q, agency_id=13, year=2022),
        "date+genre": lambda q: SearchQuery(q, genre="通知公告", order="date"),
    }


def _measure() -> dict:
    from bench.search_data import QUERIES
    from gongkai.web.search.index import search

    variants = _variants()
    for words in QUERIES.values():  # warm-up pass: caches, first-use imports
        for q in words:
            for make in variants.values():
                search(make(q))
    timings: dict[str, list[float]] = {}
    slowest = []
    for n_words, words in QUERIES.items():
        for q in words:
            for name, make in variants.items():
                query = make(q)
                start = time.perf_counter()
                result = search(query)
                ms = (time.perf_counter() - start) * 1000
                for key in (f"{n_words} word(s)", name, "all"):
                    timings.setdefault(key, []).append(ms)
                slowest.append({"query": q, "variant": name, "ms": round(ms, 1), "total": result.total})
    summary = {}
    for key, values in timings.items():
        values.sort()
        summary[key] = {"queries": len(values), "p50_ms": round(statistics.median(values), 1),
                        "p95_ms": round(values[max(0, int(len(values) * 0.95) - 1)], 1),
                        "max_ms": round(values[-1], 1)}
    slowest.sort(key=lambda r: -r["ms"])
    return {"summary": summary, "slowest": slowest[:15]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--postgres", action="store_true", help="run on PostgreSQL instead of SQLite")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    parser.add_argument("--pg-db", default=PG_BENCH_DB, help=f"PostgreSQL: the bench database (default {PG_BENCH_DB})")
    parser.add_argument("--workers", type=int, default=2, help="processes tokenising the loaded items")
    parser.add_argument("--data-dir", help="SQLite: keep the database here (default: a temporary dir)")
    parser.add_argument("--reuse", action="store_true", help="search an index built by an earlier run")
    parser.add_argument("--keep", action="store_true", help="PostgreSQL: do not drop the database")
    parser.add_argument("--index-only", action="store_true", help="build the index, measure nothing (with --keep)")
    args = parser.parse_args(argv)
    _prepare_environment(args)

    from gongkai.commands import django_setup

    django_setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.web.search.models import SearchEntry

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    if args.reuse and SearchEntry.objects.exists():
        # The load figures of the run that built it; the indexing rate measured again, on this code.
        previous = json.loads((RESULTS / f"search-{vendor}.json").read_text())["indexing"]
        print(f"== search on {vendor}: reusing {SearchEntry.objects.count():,} entries", flush=True)
        _vacuum()  # migrations may have rewritten tables since
        last = SearchEntry.objects.order_by("-item_id").values_list("item_id", flat=True).first()
        indexing = {**{k: v for k, v in previous.items() if k.startswith("load")},
                    "loaded_items": previous.get("loaded_items", previous.get("bulk_items")),
                    **_indexing_rate(last + 1)}
    else:
        print(f"== search on {vendor}: indexing {args.count:,} items", flush=True)
        indexing = _index(args.count, args.workers)
    print(f"   {indexing}", flush=True)
    if args.index_only:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"search-{vendor}.json"
        previous = json.loads(path.read_text()) if path.exists() else {}
        path.write_text(json.dumps({**previous, "indexing": indexing}, ensure_ascii=False, indent=2) + "\n")
        return 0
    load_before = os.getloadavg()
    measured = _measure()
    # The machine is shared: other work's load, 1/5/15-minute averages, before and after the searches.
    load = {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]}
    overall = measured["summary"]["all"]
    result = {
        "benchmark": "Chinese full-text search through gongkai.web.search.index.search",
        "database": vendor, "items": SearchEntry.objects.count(), "target_p95_ms": TARGET_P95_MS,
        "p95_ms": overall["p95_ms"], "met": overall["p95_ms"] <= TARGET_P95_MS,
        "indexing": indexing, **measured,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "load_average": load},
        "measured_at": datetime.now().isoformat(timespec="seconds"),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"search-{vendor}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    _write_markdown()
    for key, row in measured["summary"].items():
        print(f"   {key:24s} p50 {row['p50_ms']:7.1f}  p95 {row['p95_ms']:7.1f}  max {row['max_ms']:7.1f} ms")
    print(f"   overall p95 {overall['p95_ms']} ms (target ≤ {TARGET_P95_MS:.0f} ms): "
          f"{'met' if result['met'] else 'NOT met'}")
    if args.postgres and not args.keep:
        connection.close()
        import psycopg

        with psycopg.connect(args.pg_admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {args.pg_db}")
    return 0


def _write_markdown() -> None:
    lines = ["# Chinese search: indexing rate and search latency", "",
             "`python -m bench.search` (SQLite) and `python -m bench.search --postgres`; see bench/search.py.", ""]
    for vendor in ("sqlite", "postgresql"):
        path = RESULTS / f"search-{vendor}.json"
        if not path.exists():
            continue
        r = json.loads(path.read_text())
        if "summary" not in r:  # indexed (--index-only), not measured yet
            continue
        ix = r["indexing"]
        lines += [f"## {vendor}: {r['items']:,} items ({r['measured_at']})", "",
                  f"Indexing: {ix['bulk_per_second']:,} items/s in bulk; {ix['single_per_second']} items/s one "
                  "by one, a transaction each (samples on top of the loaded index)."
                  + (f" Bench load of {ix['loaded_items']:,} items: {ix['load_seconds']:,} s." if "load_seconds" in ix
                     else "")
                  + (f" Load average before/after the searches: {r['machine']['load_average']['before'][0]} / "
                     f"{r['machine']['load_average']['after'][0]}." if "load_average" in r["machine"] else ""), "",
                  "| queries | n | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"]
        lines += [f"| {k} | {v['queries']} | {v['p50_ms']} | {v['p95_ms']} | {v['max_ms']} |"
                  for k, v in r["summary"].items()]
        lines += ["", f"Overall p95 **{r['p95_ms']} ms** against the {r['target_p95_ms']:.0f} ms target "
                      f"({'met' if r['met'] else 'not met'}). Slowest:", ""]
        lines += [f"- {s['query']} ({s['variant']}): {s['ms']} ms, {s['total']:,} matches" for s in r["slowest"][:8]]
        lines.append("")
    (RESULTS / "search.md").write_text("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
