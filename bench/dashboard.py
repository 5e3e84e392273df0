"""The region dashboard of a province (bench/province.py: 3,000 agencies, 300,000 applications, 1,000,000
items, messages, engagement records, annual reports) for one year, cold and warm.

    python -m bench.dashboard                 # SQLite (the cached province, built first when missing)
    python -m bench.dashboard --postgres      # PostgreSQL
    python -m bench.dashboard --repeat 5

Each measurement runs in a fresh process against the province's database (`province_environment`). It calls
the dashboard view as the province's supervisor (RequestFactory: the whole view — scope, every section's
GROUP BY queries, charts, the page's template with the per-agency table's first page), first once ("cold":
a new process that has only loaded the URLconf, as a running server has after its first request of any page
(timed apart as `urlconf_load_s`), nothing of the dashboard cached; the operating system's file cache is whatever the previous
run left, which it cannot drop without root on the database files), then `--repeat` times ("warm", median and
max). It also times each section builder alone, the XLSX export (every agency's row) and one drill-down list
(the late applications of the year), and counts the SQL queries of a page.

Target: the page in ≤ 1 s, cold and warm. Results: bench/results/dashboard.json (by database) and dashboard.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

from bench.province import REGION, SUPERVISOR, YEAR, province_environment

RESULTS = Path(__file__).parent / "results"
TARGET_S = 1.0


def _measure(repeat: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import RequestFactory

    from gongkai.web.agencies.models import Agency
    from gongkai.web.supervision.dashboard import sections, views
    from gongkai.web.supervision.dashboard import selectors as s

    user = get_user_model().objects.get(username=SUPERVISOR)
    rf = RequestFactory()

    def get(path: str, view, *args):
        request = rf.get(path)
        request.user = user
        t, c = time.perf_counter(), time.process_time()
        response = view(request, *args)
        assert response.status_code == 200, response.status_code
        cpu.append(time.process_time() - c)
        return time.perf_counter() - t, response

    cpu: list[float] = []
    page = f"/work/supervision/dashboard/{REGION}/{YEAR}/"
    # A running server has loaded its URLconf (every view module) on its first request of any page: that is
    # not the dashboard's cost, and it is timed apart. Nothing of the dashboard is loaded or cached yet.
    t = time.perf_counter()
    from django.urls import reverse

    reverse("common:home")
    urlconf_s = time.perf_counter() - t
    cold, response = get(page, views.dashboard, REGION, YEAR)
    cold_cpu = cpu[-1]
    size = len(response.content)
    warm = [get(page, views.dashboard, REGION, YEAR)[0] for _ in range(repeat)]
    warm_cpu = cpu[-repeat:]
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get(page, views.dashboard, REGION, YEAR)
    region = Agency.objects.get(code=REGION)
    scope = s.Scope.of(region, YEAR, date(YEAR + 1, 6, 30))
    drill = views._drill_for(region, YEAR)
    per_section = {}
    for spec in sections.SECTIONS:
        times = []
        for _ in range(max(1, repeat // 2)):
            ctx = sections.Context(scope, drill)
            t = time.perf_counter()
            spec.build(ctx)
            times.append(time.perf_counter() - t)
        per_section[spec.key] = round(statistics.median(times), 3)
    t = time.perf_counter()
    s.Scope.of(region, YEAR, date(YEAR + 1, 6, 30))
    scope_s = time.perf_counter() - t
    xlsx_s, xlsx = get(page + "export.xlsx", views.export, REGION, YEAR, "xlsx")
    drill_s, _ = get(page + "records/applications/?f=late", views.drill_list, REGION, YEAR, "applications")
    import resource

    return {
        "agencies": len(scope.agencies), "urlconf_load_s": round(urlconf_s, 3),
        "page_cold_s": round(cold, 3), "page_warm_median_s": round(statistics.median(warm), 3),
        "page_warm_max_s": round(max(warm), 3), "page_cold_cpu_s": round(cold_cpu, 3),
        "page_warm_cpu_median_s": round(statistics.median(warm_cpu), 3), "page_bytes": size, "page_queries": len(queries),
        "scope_s": round(scope_s, 3), "sections_s": per_section,
        "xlsx_s": round(xlsx_s, 3), "xlsx_bytes": len(xlsx.content), "drill_late_applications_s": round(drill_s, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _results() -> dict:
    path = RESULTS / "dashboard.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _markdown() -> None:
    rows = list(_results().values())
    out = ["# Region dashboard of a province (`bench/dashboard.py`)", "",
           "The dashboard page (`/work/supervision/dashboard/P/2025/`) of the generated province as its supervisor:",
           "every section's GROUP BY queries, the charts and the page with the per-agency table's first page.", "",
           "SQLite runs inside the process, so its CPU time (with the queries) is the page's own cost; wall time",
           "also counts waiting for a core on a shared machine (see the load average below).", "",
           "| database | agencies | cold page (s) | warm median (s) | warm max (s) | cold CPU (s) | warm CPU median (s) "
           "| queries | XLSX export (s) | drill list (s) | peak RSS (MB) | target ≤ 1 s |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        out.append(f"| {r['database']} | {r['agencies']:,} | {r['page_cold_s']} | {r['page_warm_median_s']} | "
                   f"{r['page_warm_max_s']} | {r.get('page_cold_cpu_s', '')} | {r.get('page_warm_cpu_median_s', '')} | "
                   f"{r['page_queries']} | {r['xlsx_s']} | {r['drill_late_applications_s']} | "
                   f"{r['peak_rss_mb']} | {'met' if r['met'] else 'NOT met'} |")
    out += ["", "Time per section builder (median, s):", "",
            "| database | " + " | ".join(rows[0]["sections_s"]) + " |" if rows else "",
            "| --- | " + " | ".join("---:" for _ in rows[0]["sections_s"]) + " |" if rows else ""]
    for r in rows:
        out.append(f"| {r['database']} | " + " | ".join(str(v) for v in r["sections_s"].values()) + " |")
    for r in rows:
        m = r["machine"]
        out.append(f"\n{r['database']}: measured {r['measured_at']}, Python {m['python']}, {m['cpus']} CPUs, "
                   f"load average at the end {m['load_average_at_end']}.")
    (RESULTS / "dashboard.md").write_text("\n".join(out) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_only:
        print(json.dumps(_measure(args.repeat)))
        return 0
    env = province_environment(args.postgres)
    vendor = "postgresql" if args.postgres else "sqlite"
    if not args.postgres:  # SQLite keeps no statistics until ANALYZE: a live database has run it
        subprocess.run([sys.executable, "-m", "gongkai.cli", "manage", "shell", "-c",
                        "from django.db import connection; connection.cursor().execute('ANALYZE')"],
                       env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-m", "bench.dashboard", "--measure-only", "--repeat", str(args.repeat)],
                         env=env, capture_output=True, text=True, check=True)
    m = json.loads(out.stdout.strip().splitlines()[-1])
    result = {"benchmark": "region dashboard of a province for a year", "database": vendor, "year": YEAR, **m,
              "target_s": TARGET_S, "met": m["page_cold_s"] <= TARGET_S and m["page_warm_max_s"] <= TARGET_S,
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                          "load_average_at_end": [round(x, 1) for x in os.getloadavg()]},
              "measured_at": datetime.now().isoformat(timespec="seconds")}
    RESULTS.mkdir(exist_ok=True)
    everything = {**_results(), vendor: result}
    (RESULTS / "dashboard.json").write_text(json.dumps(everything, ensure_ascii=False, indent=2) + "\n")
    _markdown()
    print(f"dashboard ({vendor}): cold {m['page_cold_s']} s, warm median {m['page_warm_median_s']} s, "
          f"max {m['page_warm_max_s']} s, {m['page_queries']} queries; {'met' if result['met'] else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
