"""The assessment of a whole province: every metric of the default indicator set computed for 3,000 agencies
from 300,000 applications, 1,000,000 items, messages and annual reports, scored and ranked, then published
(frozen with the ids of every record counted), and the ranking, a score card and a drill-down served.

    python -m bench.assessment                 # SQLite (the cached province of bench/province.py)
    python -m bench.assessment --postgres      # PostgreSQL
    python -m bench.assessment --agencies 300 --applications 3000 --items 10000   # a quick small one

Target: the scoring of all agencies (metrics + scores + ranks, what the preview page does) ≤ 10 s.
The website check is scored from the year-end platform checks the province records for 95 % of its agencies.
Results: bench/results/assessment.json and assessment.md (the latest run of each database).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
TARGET_S = 10.0


def default_draft(region, year: int):
    """The region's default set for the year, created once through the services."""
    from gongkai.web.supervision.assessment import services
    from gongkai.web.supervision.models import IndicatorSetDraft

    draft = IndicatorSetDraft.objects.filter(region=region, year=year).first()
    if draft is None:
        draft = services.set_create(region=region, year=year, actor=None, source="default")
    return draft


def measure() -> dict:
    from gongkai.commands import django_setup

    django_setup()
    import resource

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.province import REGION, SUPERVISOR, YEAR
    from gongkai.web.agencies.models import Agency
    from gongkai.web.supervision import metrics as providers
    from gongkai.web.supervision.assessment import services
    from gongkai.web.supervision.models import AssessmentPublication

    region = Agency.objects.get(code=REGION)
    draft = default_draft(region, YEAR)
    s = services.checked_set(draft)
    agencies = services.assessed_agencies(region)
    ids = [a.pk for a in agencies]

    per_metric = {}
    for key in sorted(s.metrics):
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            providers.compute([key], ids, YEAR)
        per_metric[key] = {"seconds": round(time.perf_counter() - t, 3), "queries": len(q)}

    runs = []
    for _ in range(3):
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            result = services.run(draft)
        runs.append((time.perf_counter() - t, len(q)))
    run_s = min(r[0] for r in runs)
    refs = sum(len(v.refs) for agency in result.values.values() for v in agency.values())

    previous = AssessmentPublication.objects.filter(region=region, year=YEAR).exists()
    t = time.perf_counter()
    pub = services.publish(draft=draft, actor=None, reason="基准测试重新发布" if previous else "")
    publish_s = time.perf_counter() - t

    client = Client()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=SUPERVISOR))
    worst = pub.scores.order_by("-rank").first()
    pages = {}
    for name, url in (("ranking", reverse("supervision:assessment:ranking", args=[pub.pk])),
                      ("card", reverse("supervision:assessment:card", args=[worst.pk])),
                      ("drill_items", reverse("supervision:assessment:drill", args=[worst.pk, "art26_timely_share"])),
                      ("set_editor", reverse("supervision:assessment:set", args=[REGION, YEAR]))):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t)
            assert response.status_code == 200, (name, response.status_code)
        pages[name] = round(min(times), 3)

    return {
        "database": connection.vendor,
        "agencies": len(ids), "indicators": len(s.indicators), "metrics": len(s.metrics),
        "record_refs": refs,
        "run_seconds": round(run_s, 2), "run_queries": runs[0][1], "target_seconds": TARGET_S,
        "meets_target": run_s <= TARGET_S,
        "per_metric": per_metric,
        "publish_seconds": round(publish_s, 2), "published_version": pub.version,
        "pages_seconds": pages,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _markdown(results: dict) -> str:
    out = ["# Assessment of a province (`bench/assessment.py`)", "",
           "Scoring every agency of the generated province (bench/province.py) against the default indicator set "
           "(the website check from the province's recorded year-end platform checks): metrics from the records, scores, "
           "ranks. "
           f"Target ≤ {TARGET_S:.0f} s.", ""]
    for vendor, r in results.items():
        out += [f"## {vendor}", "",
                f"- machine: {r.get('machine', '')}",
                f"- {r['agencies']} agencies, {r['indicators']} indicators over {r['metrics']} metrics, "
                f"{r['record_refs']:,} record references",
                f"- **scoring all agencies: {r['run_seconds']} s** in {r['run_queries']} queries "
                f"({'meets' if r['meets_target'] else 'misses'} the ≤ {r['target_seconds']:.0f} s target)",
                f"- publishing (scoring again + freezing {r['agencies']} score rows with their record ids): "
                f"{r['publish_seconds']} s",
                "- pages (server time, best of 3): " + ", ".join(f"{k} {v} s" for k, v in r["pages_seconds"].items()),
                f"- peak RSS of the measuring process: {r['peak_rss_mb']} MB", "",
                "| metric | seconds | queries |", "| --- | ---: | ---: |"]
        out += [f"| `{k}` | {v['seconds']} | {v['queries']} |" for k, v in r["per_metric"].items()]
        out.append("")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--agencies", type=int)
    parser.add_argument("--applications", type=int)
    parser.add_argument("--items", type=int)
    parser.add_argument("--measure-here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_here:
        print(json.dumps(measure()), flush=True)
        return 0
    from bench.province import province_environment

    sizes = {k: getattr(args, k) for k in ("agencies", "applications", "items") if getattr(args, k)}
    env = province_environment(args.postgres, sizes=sizes)
    done = subprocess.run([sys.executable, "-m", "bench.assessment", "--measure-here"], env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return done.returncode
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if sizes:  # a quick small run is not the measurement
        return 0
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "assessment.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results[result["database"]] = result
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "assessment.md").write_text(_markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
