"""Building a province-scale compiled annual report from records: time and peak memory, SQLite and PostgreSQL.

    python -m bench.report                 # SQLite: a fresh database in a temporary data dir
    python -m bench.report --postgres      # PostgreSQL: creates and drops database gongkai_bench_report
    python -m bench.report --agencies 300 --applications 30000   # a quick look

A generated province: one region, governments (each with about 29 departments) up to `--agencies` agencies,
and `--applications` applications received 2023–2025 spread over them with realistic outcomes, carry-over
across New Year, and review/litigation cases. Then, in a fresh process (so the memory figure is the build's
own, not the data generator's), the region's compiled 2025 report is built with report_build(subtree=True)
— the database aggregates (one GROUP BY per table), Python only fills the template — `--repeat` times.
Targets: at most 2 s per build and 300 MB peak (VmHWM of the build process). Results:
bench/results/report-<vendor>.json and report.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.memory import peak_rss_mb

RESULTS = Path(__file__).parent / "results"
TARGET_S = 2.0
TARGET_MB = 300
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "gongkai_bench_report"
YEAR = 2025


def _environment(postgres: bool, data_dir: str) -> dict[str, str]:
    env = dict(os.environ, GONGKAI_DEBUG="1", GONGKAI_DATA_DIR=data_dir, GONGKAI_LOG_LEVEL="ERROR")
    env.pop("DATABASE_URL", None)
    if postgres:
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DB}"
    return env


def populate(n_agencies: int, n_applications: int, seed: int = 11) -> str:
    """Create the province; returns the region's code."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from gongkai.core.applications.outcomes import OUTCOMES
    from gongkai.web.agencies.models import Agency
    from gongkai.web.applications.models import Application, ReviewCase
    from gongkai.web.applications.services import new_tracking_code

    rng = random.Random(seed)
    region = Agency.objects.create(code="P", name="基准省", level="region")
    agencies = [Agency(code="P-GOV", name="基准省人民政府", level="government", parent=region)]
    Agency.objects.bulk_create(agencies)
    top = Agency.objects.get(code="P-GOV")
    governments = [top]
    per_gov = 29
    n_gov = max(1, (n_agencies - 2) // (per_gov + 1))
    govs = [Agency(code=f"P-G{i:03d}", name=f"基准省第{i}市人民政府", level="government", parent=top)
            for i in range(n_gov)]
    Agency.objects.bulk_create(govs)
    governments += list(Agency.objects.filter(code__startswith="P-G0"))
    depts = []
    for g in governments:
        for j in range(per_gov):
            if 2 + len(governments) - 1 + len(depts) >= n_agencies:
                break
            depts.append(Agency(code=f"{g.code}-D{j:02d}", name=f"{g.name}第{j}部门", level="department", parent=g))
    # Top up with departments of the province's own government to exactly `n_agencies` in all.
    extra = n_agencies - (1 + len(governments) + len(depts))
    depts += [Agency(code=f"P-GOV-X{j:04d}", name=f"基准省人民政府第{j}直属部门", level="department", parent=top)
              for j in range(max(0, extra))]
    Agency.objects.bulk_create(depts, batch_size=2000)
    handling = list(Agency.objects.exclude(level="region"))

    outcomes = list(OUTCOMES)
    weights = [40 if k == "disclosed" else 25 if k == "unable_not_held" else 8 if k == "partially_disclosed"
               else 2 for k in outcomes]
    types = ["natural_person"] * 17 + ["commercial", "legal_services", "other_org"]
    first, last = date(2023, 1, 1), date(2025, 12, 31)
    span = (last - first).days
    user = get_user_model().objects.create_user("bench")
    apps = []
    for i in range(n_applications):
        agency = rng.choice(handling)
        received = first + timedelta(days=rng.randrange(span + 1))
        concluded = received + timedelta(days=rng.randrange(3, 45))
        still_open = concluded > date(2026, 1, 20) and rng.random() < 0.5
        apps.append(Application(
            agency=agency, tracking_code=new_tracking_code(), number=f"{received.year}-{i:07d}",
            state="received" if still_open else "archived", applicant_type=rng.choice(types),
            applicant_name="某", id_kind="resident_id", id_number="11010519491231002X", title="某信息",
            delivery_form="electronic", delivery_method="email", channel="online",
            submitted_at=timezone.make_aware(datetime(received.year, received.month, received.day, 10)),
            received_on=received, concluded_on=None if still_open else concluded,
            outcome="" if still_open else rng.choices(outcomes, weights)[0], assigned_to=user))
    with transaction.atomic():
        Application.objects.bulk_create(apps, batch_size=5000)
    ids = list(Application.objects.filter(concluded_on__isnull=False).values_list("id", flat=True)[: n_applications // 50])
    cases = []
    for app_id in ids:
        filed = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
        decided = filed + timedelta(days=rng.randrange(30, 120))
        kind = rng.choice(["reconsideration", "reconsideration", "litigation"])
        cases.append(ReviewCase(application_id=app_id, kind=kind,
                                route="" if kind == "reconsideration" else rng.choice(["direct", "after_review"]),
                                body="基准省人民政府", filed_on=filed,
                                decided_on=None if decided > date(2026, 3, 1) else decided,
                                result="pending" if decided > date(2026, 3, 1) else rng.choice(["upheld", "corrected", "other"])))
    ReviewCase.objects.bulk_create(cases, batch_size=5000)
    return region.code


def measure(region_code: str, repeat: int) -> dict:
    """Runs in its own process: build the compiled report `repeat` times."""
    from gongkai.web.agencies.models import Agency
    from gongkai.web.reports import services

    region = Agency.objects.get(code=region_code)
    times = []
    report = None
    for _ in range(repeat):
        start = time.perf_counter()
        report = services.report_build(agency=region, year=YEAR, subtree=True, actor=None)
        times.append(time.perf_counter() - start)
    stats = report.stats
    t3 = (stats.get("applications") or {}).get("table3") or {}
    return {"times_s": [round(t, 3) for t in times], "median_s": round(statistics.median(times), 3),
            "peak_rss_mb": peak_rss_mb(),
            "received": (t3.get("new") or {}).get("total"), "findings": len(report.findings or []),
            "errors": sum(1 for f in report.findings or [] if f.get("severity") == "error")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=3000)
    parser.add_argument("--applications", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--measure-only", metavar="REGION", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    from gongkai.commands import django_setup

    if args.measure_only:
        django_setup()
        print(json.dumps(measure(args.measure_only, args.repeat)))
        return 0

    data_dir = tempfile.mkdtemp(prefix="gongkai-bench-report-")
    if args.postgres:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
    env = _environment(args.postgres, data_dir)
    os.environ.update(env)
    if not args.postgres:
        os.environ.pop("DATABASE_URL", None)
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    print(f"== compiled report on {vendor}: {args.agencies:,} agencies, {args.applications:,} applications", flush=True)
    start = time.perf_counter()
    region = populate(args.agencies, args.applications)
    if vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")  # the steady state autovacuum keeps a live database in
    from gongkai.web.agencies.models import Agency

    agencies = Agency.objects.count()
    connection.close()
    print(f"   populated in {time.perf_counter() - start:.0f} s ({agencies:,} agencies)", flush=True)
    out = subprocess.run([sys.executable, "-m", "bench.report", "--measure-only", region, "--repeat",
                          str(args.repeat)], env=env, capture_output=True, text=True, check=True)
    m = json.loads(out.stdout.strip().splitlines()[-1])
    result = {"benchmark": "compiled annual report of a region, built from records", "database": vendor,
              "agencies": agencies, "applications": args.applications, "year": YEAR, **m,
              "target_s": TARGET_S, "target_mb": TARGET_MB,
              "met": m["median_s"] <= TARGET_S and m["peak_rss_mb"] <= TARGET_MB,
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
              "measured_at": datetime.now().isoformat(timespec="seconds")}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"report-{vendor}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    _markdown()
    print(f"   build median {m['median_s']} s (runs {m['times_s']}), peak {m['peak_rss_mb']} MB; "
          f"{'met' if result['met'] else 'NOT met'} (≤ {TARGET_S} s, ≤ {TARGET_MB} MB)")
    if args.postgres:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
    return 0


def _markdown() -> None:
    lines = ["# Compiled annual report from records", "",
             "`python -m bench.report` (SQLite) and `python -m bench.report --postgres`: the region's 2025 report",
             "built with `report_build(subtree=True)` in a fresh process; median of the runs, peak RSS (VmHWM) of that process.", "",
             "| database | agencies | applications | median s | runs | peak MB | target | met |",
             "|---|---|---|---|---|---|---|---|"]
    for vendor in ("sqlite", "postgresql"):
        p = RESULTS / f"report-{vendor}.json"
        if p.exists():
            r = json.loads(p.read_text())
            lines.append(f"| {vendor} | {r['agencies']:,} | {r['applications']:,} | {r['median_s']} | {r['times_s']} | "
                         f"{r['peak_rss_mb']} | ≤ {r['target_s']} s, ≤ {r['target_mb']} MB | {'yes' if r['met'] else 'no'} |")
    (RESULTS / "report.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
