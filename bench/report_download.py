"""Downloading a published annual report: rendered on every request (before) vs the files stored at publication.

    python -m bench.report_download               # SQLite, a fresh database in a temporary data dir
    python -m bench.report_download --reports 3   # a quicker look

One agency with a year of applications and a complete table 二 publishes `--reports` yearly reports
(2019–…) with `report_publish(render=False)`: their files are not stored yet, so the first download of each
renders it — exactly what every download did before publication stored the files. The following
`--repeat` downloads of the same file serve the stored bytes. Both go through Django's test client on the
public download URL (/annual/<code>/<year>/v1/<fmt>/: routing, middleware, the view), so the only difference
is rendering vs reading the stored file. Median per format for each. It also times `report_publish` with
rendering (where the cost now goes, once per version). Results: bench/results/report-download.json and
report-download.md.
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
from datetime import date, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
FORMATS = ("html", "docx", "xlsx", "pdf")
TARGET_MS = 100.0  # a stored file is served like a small static one


def _setup() -> None:
    os.environ.setdefault("GONGKAI_DEBUG", "1")
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-bench-download-")
    os.environ["GONGKAI_LOG_LEVEL"] = "ERROR"
    os.environ.pop("DATABASE_URL", None)
    from gongkai.commands import django_setup

    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _populate(n_reports: int):
    """An agency with a handler and a reviewer, `n_reports` approved yearly reports; returns them."""
    from django.contrib.auth import get_user_model

    from gongkai.web.agencies.services import agency_upsert, membership_grant
    from gongkai.web.reports import services

    gov, _ = agency_upsert(code="B-GOV", name="基准市人民政府", level="government")
    dept, _ = agency_upsert(code="B-D", name="基准市自然资源和规划局", level="department", parent=gov)
    users = get_user_model().objects
    handler, reviewer = users.create_user("bench-handler"), users.create_user("bench-reviewer")
    membership_grant(user=handler, agency=dept, role="handler")
    membership_grant(user=reviewer, agency=dept, role="reviewer")
    _applications(dept, handler)
    reports = []
    for year in range(2019, 2019 + n_reports):
        for pointer in services.table2_pointers(year):
            services.figure_set(agency=dept, year=year, pointer=pointer, value=3, source="基准台账", actor=handler)
        report = services.report_build(agency=dept, year=year, actor=handler)
        report = services.report_approve(report=report, actor=reviewer)
        reports.append((report, reviewer))
    return dept, reports


def _applications(agency, handler) -> None:
    """A year's worth of concluded applications per year, so tables 三 and 四 carry figures."""
    import random

    from django.utils import timezone

    from gongkai.core.applications.outcomes import OUTCOMES
    from gongkai.web.applications.models import Application
    from gongkai.web.applications.services import new_tracking_code

    rng = random.Random(3)
    outcomes = list(OUTCOMES)
    apps = []
    for i in range(600):
        received = date(2019 + i % 7, 1 + i % 12, 1 + i % 28)
        apps.append(Application(
            agency=agency, tracking_code=new_tracking_code(), number=f"B-{i:05d}", state="archived",
            applicant_type=rng.choice(["natural_person", "natural_person", "commercial", "legal_services"]),
            applicant_name="某", id_kind="resident_id", id_number="11010519491231002X", title="某信息",
            delivery_form="electronic", delivery_method="email", channel="online",
            submitted_at=timezone.make_aware(datetime(received.year, received.month, received.day, 10)),
            received_on=received, concluded_on=received, outcome=rng.choice(outcomes), assigned_to=handler))
    Application.objects.bulk_create(apps)


def _get_ms(client, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.content)


def measure(n_reports: int, repeat: int) -> dict:
    from django.test import Client
    from django.urls import reverse

    from gongkai.web.reports import services

    dept, approved = _populate(n_reports)
    published = [services.report_publish(report=r, actor=who, render=False) for r, who in approved]
    client = Client()
    client.get(reverse("annual:index"))  # warm up the URLconf, templates and middleware
    before: dict[str, list[float]] = {f: [] for f in FORMATS}
    after: dict[str, list[float]] = {f: [] for f in FORMATS}
    sizes: dict[str, int] = {}
    for fmt in FORMATS:
        for report in published:
            url = reverse("annual:download", args=[dept.code, report.year, report.version, fmt])
            ms, size = _get_ms(client, url)  # first download: rendered (as every download was before)
            before[fmt].append(ms)
            sizes[fmt] = size
            for _ in range(repeat):
                after[fmt].append(_get_ms(client, url)[0])  # stored bytes
    # Where the cost went: publishing with rendering, once per version.
    from gongkai.web.reports.models import AnnualReport

    corrected = []
    for report, who in zip(published, (w for _, w in approved), strict=True):
        v2 = services.report_correct(report=report, actor=who, reason="基准测试更正")
        v2 = services.report_build(agency=dept, year=v2.year, actor=None)
        corrected.append((services.report_approve(report=v2, actor=who), who))
    publish_s = []
    for report, who in corrected:
        start = time.perf_counter()
        services.report_publish(report=report, actor=who)
        publish_s.append(time.perf_counter() - start)
    assert AnnualReport.objects.filter(status="published").count() == 2 * len(published)
    return {
        "reports": n_reports, "repeat": repeat, "bytes": sizes,
        "rendered_ms": {f: round(statistics.median(v), 1) for f, v in before.items()},
        "stored_ms": {f: round(statistics.median(v), 2) for f, v in after.items()},
        "rendered_runs_ms": {f: [round(x, 1) for x in v] for f, v in before.items()},
        "publish_with_rendering_s": round(statistics.median(publish_s), 2),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5, help="published versions (each rendered once)")
    parser.add_argument("--repeat", type=int, default=5, help="downloads of each stored file")
    args = parser.parse_args(argv)
    _setup()
    print(f"== annual report downloads: {args.reports} published versions, {args.repeat} stored downloads each",
          flush=True)
    m = measure(args.reports, args.repeat)
    result = {"benchmark": "download of a published annual report: rendered per request vs stored at publication",
              "database": "sqlite", **m, "target_stored_ms": TARGET_MS,
              "met": all(v <= TARGET_MS for v in m["stored_ms"].values()),
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "platform": platform.platform()},
              "measured_at": datetime.now().isoformat(timespec="seconds")}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "report-download.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    lines = ["# Downloading a published annual report", "",
             "`python -m bench.report_download`: the public download URL through Django's test client (SQLite).",
             "Rendered = the first download of a version published without files, i.e. what every download cost",
             "before publication stored them; stored = later downloads of the same file. Medians.", "",
             "| format | size | rendered per request (ms) | stored (ms) |", "|---|---|---|---|"]
    for fmt in FORMATS:
        lines.append(f"| {fmt} | {m['bytes'][fmt]:,} B | {m['rendered_ms'][fmt]} | {m['stored_ms'][fmt]} |")
    lines += ["", f"Publishing a version with its four files rendered and stored: {m['publish_with_rendering_s']} s "
              "(median), once per version.", "",
              f"Machine: Python {result['machine']['python']}, {result['machine']['cpus']} CPUs, "
              f"{result['machine']['platform']}; measured {result['measured_at']}."]
    (RESULTS / "report-download.md").write_text("\n".join(lines) + "\n")
    for fmt in FORMATS:
        print(f"   {fmt}: rendered {m['rendered_ms'][fmt]} ms, stored {m['stored_ms'][fmt]} ms")
    print(f"   publish with rendering: {m['publish_with_rendering_s']} s; stored "
          f"{'met' if result['met'] else 'NOT met'} (≤ {TARGET_MS} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
