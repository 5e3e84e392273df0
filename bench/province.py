"""A generated province for the supervision benchmarks (dashboards, assessment): 3,000 agencies, 300,000
applications, 1,000,000 published items, a year of messages and engagement records, annual reports.

    python -m bench.province                 # SQLite, built once into $TMPDIR/gongkai-bench-province/
    python -m bench.province --postgres      # PostgreSQL database gongkai_bench_province_<schema key>
    python -m bench.province --rebuild       # throw the cached one away first

Benchmarks call `province_environment(postgres)`: it builds the province when it is missing and returns the
environment (GONGKAI_DATA_DIR / DATABASE_URL) in which to measure, in a fresh process. The data is written
straight to the tables (bulk_create): loading is not what is measured. A SQLite build under another schema
(a branch that adds tables) is copied and migrated forward when that works, instead of built again.

Shape: region `P` (基准省) → the provincial government `P-GOV` → 14 city governments → each with 8 county
governments and city departments; every county has departments; `--agencies` handling agencies in all.
Supervisor `bench-supervisor` (password `pw`) supervises the province. Records span 2022–2025 (YEAR = 2025 is
the complete year the benches measure): applications with due dates on the official calendar, 6 % replied
late, 8 % asked for 补正, fees, 2 % with review or litigation cases; items mostly news and notices (10 % formed
more than 20 working days before they were published); 20 messages per agency in the year, 5 % unanswered;
10 engagement records per agency; the 2024 annual report published by 90 % of the agencies (5 % late); the
supervisor's year-end own-platform check recorded for 95 % of them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.registry import populate_items

YEAR = 2025
REGION = "P"
SUPERVISOR = "bench-supervisor"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "gongkai_bench_province"
SIZES = {"agencies": 3000, "applications": 300_000, "items": 1_000_000}
# Part of the cache key: raise it when what populate() writes changes, so no bench measures an older province.
GENERATOR_VERSION = 2


def _uscc(i: int) -> str:
    from gongkai.core.registry.codes import make_org_code, make_uscc

    return make_uscc(f"11429900{make_org_code(f'P{i:07d}')}")


def populate_agencies(n: int) -> list:
    """Region + provincial government + 14 cities × (8 counties × departments + city departments) = `n`
    handling agencies (everything below the region). Returns them, ordered by pk."""
    from gongkai.web.agencies.models import Agency

    serial = iter(range(1, 10**7))
    region = Agency.objects.create(code=REGION, name="基准省", level="region")
    top = Agency.objects.create(code="P-GOV", name="基准省人民政府", level="government", parent=region,
                                uscc=_uscc(next(serial)))
    cities = Agency.objects.bulk_create([
        Agency(code=f"P-C{c:02d}", name=f"基准省第{c + 1}市人民政府", level="government", parent=top,
               uscc=_uscc(next(serial))) for c in range(14)])
    counties = Agency.objects.bulk_create([
        Agency(code=f"{city.code}-X{x}", name=f"{city.name[:-5]}第{x + 1}县人民政府", level="government", parent=city,
               uscc=_uscc(next(serial))) for city in cities for x in range(8)], batch_size=2000)
    left = n - 1 - len(cities) - len(counties)
    parents = [top] + cities + counties
    depts, k = [], 0
    while len(depts) < left:  # departments round-robin over the governments, so every one has some
        gov = parents[k % len(parents)]
        d = k // len(parents)
        depts.append(Agency(code=f"{gov.code}-D{d:02d}", name=f"{gov.name[:-4]}第{d + 1}局", level="department",
                            parent=gov, uscc=_uscc(next(serial))))
        k += 1
    Agency.objects.bulk_create(depts, batch_size=2000)
    return list(Agency.objects.exclude(level="region").order_by("pk"))


def populate_applications(agencies: list, n: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from gongkai.core.applications.outcomes import OUTCOMES
    from gongkai.core.clock import WorkCalendar
    from gongkai.web.applications.models import Application, FeeCharge, ReviewCase
    from gongkai.web.applications.services import new_tracking_code

    calendar = WorkCalendar.official()
    outcomes = list(OUTCOMES)
    weights = [40 if k == "disclosed" else 25 if k == "unable_not_held" else 8 if k == "partially_disclosed"
               else 2 for k in outcomes]
    types = ["natural_person"] * 17 + ["commercial", "legal_services", "other_org"]
    first, last = date(2022, 1, 1), date(YEAR, 12, 31)
    span = (last - first).days
    done = 0
    while done < n:
        apps = []
        for i in range(done, min(n, done + 50_000)):
            agency = agencies[int(rng.paretovariate(1.2) * 7) % len(agencies)]  # a few agencies get most
            received = first + timedelta(days=rng.randrange(span + 1))
            due = calendar.add_workdays(received, 20)
            late = rng.random() < 0.06
            replied = calendar.add_workdays(due, rng.randrange(1, 15)) if late else \
                calendar.add_workdays(received, rng.randrange(2, 20))
            still_open = replied > last and rng.random() < 0.5
            correction = received + timedelta(days=rng.randrange(1, 6)) if rng.random() < 0.08 else None
            apps.append(Application(
                agency=agency, tracking_code=new_tracking_code(), number=f"{received.year}-{i:07d}",
                state="received" if still_open else "archived", applicant_type=rng.choice(types),
                applicant_name="某", id_kind="resident_id", id_number="11010519491231002X", title="某信息",
                delivery_form="electronic", delivery_method="email", channel="online",
                submitted_at=timezone.make_aware(datetime(received.year, received.month, received.day, 10)),
                received_on=received, due_date=due, correction_requested_on=correction,
                replied_on=None if still_open else replied, concluded_on=None if still_open else replied,
                outcome="" if still_open else rng.choices(outcomes, weights)[0]))
        with transaction.atomic():
            Application.objects.bulk_create(apps, batch_size=5000)
        done += len(apps)
        print(f"   {done:,} applications", flush=True)
    concluded = list(Application.objects.filter(concluded_on__isnull=False).values_list("id", "concluded_on"))
    cases, fees = [], []
    for app_id, on in rng.sample(concluded, len(concluded) // 50):
        filed = on + timedelta(days=rng.randrange(5, 60))
        decided = filed + timedelta(days=rng.randrange(30, 120))
        kind = rng.choice(["reconsideration", "reconsideration", "litigation"])
        pending = decided > last
        cases.append(ReviewCase(application_id=app_id, kind=kind,
                                route="" if kind == "reconsideration" else rng.choice(["direct", "after_review"]),
                                body="基准省人民政府", filed_on=filed, decided_on=None if pending else decided,
                                result="pending" if pending else rng.choices(["upheld", "corrected", "other"],
                                                                             [70, 15, 15])[0]))
    for app_id, on in rng.sample(concluded, len(concluded) // 200):
        notice = on - timedelta(days=3)
        fees.append(FeeCharge(application_id=app_id, method="per_item", units=rng.randrange(11, 40),
                              amount_yuan=rng.choice([100, 200, 300, 500]), notice_on=notice,
                              paid_on=notice + timedelta(days=rng.randrange(1, 10))))
    ReviewCase.objects.bulk_create(cases, batch_size=5000)
    FeeCharge.objects.bulk_create(fees, batch_size=5000)


def populate_engagement(agencies: list, rng: random.Random) -> None:
    """A year (YEAR) of messages (20 per agency, 5 % unanswered, 10 % late, 3 % invalid) and engagement
    records (10 per agency)."""
    from django.db import transaction
    from django.utils import timezone

    from gongkai.core.clock import WorkCalendar
    from gongkai.web.engagement.models import RECORD_KINDS, EngagementRecord, Message, MessageBox

    calendar = WorkCalendar.official()
    boxes = MessageBox.objects.bulk_create([MessageBox(agency=a, kind="consult", name="咨询留言") for a in agencies],
                                           batch_size=2000)
    start = date(YEAR, 1, 1)
    messages, records, n = [], [], 0
    for box in boxes:
        for _ in range(20):
            n += 1
            received = start + timedelta(days=rng.randrange(365))
            due = calendar.add_workdays(received, box.reply_workdays)
            roll = rng.random()
            state = "invalid" if roll < 0.03 else "assigned" if roll < 0.08 else "replied"
            replied = None
            if state == "replied":
                replied = calendar.add_workdays(due, rng.randrange(1, 10)) if rng.random() < 0.1 else \
                    calendar.add_workdays(received, rng.randrange(1, box.reply_workdays))
            at = timezone.make_aware(datetime(received.year, received.month, received.day, 9))
            messages.append(Message(
                box=box, agency_id=box.agency_id, tracking_code=f"M{n:09d}", writer_name="某", contact="",
                subject="关于办事流程的咨询", body="请问办理流程。", received_at=at, received_on=received, due_on=due,
                state=state, invalid_reason="重复留言" if state == "invalid" else "",
                reply="已答复。" if replied else "", replied_on=replied,
                replied_at=timezone.make_aware(datetime(replied.year, replied.month, replied.day, 16)) if replied else None))
        kinds = list(RECORD_KINDS)
        for _ in range(10):
            kind = rng.choice(kinds)
            records.append(EngagementRecord(
                agency_id=box.agency_id, kind=kind, held_on=start + timedelta(days=rng.randrange(365)),
                topic="政务公开工作", participants=rng.randrange(10, 80) if kind == "training" else None))
    with transaction.atomic():
        Message.objects.bulk_create(messages, batch_size=5000)
        EngagementRecord.objects.bulk_create(records, batch_size=5000)


def populate_platform_checks(agencies: list, user, rng: random.Random) -> None:
    """The supervisor's year-end own-platform check recorded for 95 % of the agencies (what the assessment's
    网站检查 scores): 90 % of those pass with 60–100 points, the rest fail on a single-veto item. The
    snapshot names its origin instead of holding a computed check."""
    from django.utils import timezone

    from gongkai.web.supervision.models import PlatformCheckRun

    at = date(YEAR, 12, 31)
    recorded = timezone.make_aware(datetime(YEAR + 1, 1, 8, 10))
    rows = []
    for a in agencies:
        if rng.random() >= 0.95:
            continue
        passed = rng.random() < 0.9
        rows.append(PlatformCheckRun(agency=a, checked_on=at, verdict="合格" if passed else "不合格",
                                     score=rng.randrange(600, 1001) / 10 if passed else None, vetoes=0 if passed else 1,
                                     snapshot={"generated_by": "bench.province"}, note="年度末检查",
                                     recorded_by=user, recorded_at=recorded))
    PlatformCheckRun.objects.bulk_create(rows, batch_size=2000)


def populate_reports(agencies: list, rng: random.Random) -> None:
    """The previous year's annual report, published by 90 % of the agencies (5 % of those after 31 January)."""
    from django.utils import timezone

    from gongkai.core.stats import AnnualStats
    from gongkai.web.reports.models import AnnualReport

    rows = []
    for a in agencies:
        if rng.random() >= 0.9:
            continue
        day = date(YEAR, 2, rng.randrange(1, 28)) if rng.random() < 0.05 else date(YEAR, 1, rng.randrange(5, 31))
        at = timezone.make_aware(datetime(day.year, day.month, day.day, 15))
        stats = AnnualStats(agency=a.name, year=YEAR - 1, template="2021", source="bench").to_json()
        rows.append(AnnualReport(agency=a, year=YEAR - 1, status="published", stats=stats, built_at=at,
                                 approved_at=at, published_at=at))
    AnnualReport.objects.bulk_create(rows, batch_size=2000)


def populate(*, agencies: int, applications: int, items: int, seed: int = 12) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from gongkai.web.agencies.models import Agency
    from gongkai.web.agencies.services import membership_grant

    rng = random.Random(seed)
    t0 = time.perf_counter()
    handling = populate_agencies(agencies)
    user = get_user_model().objects.create_user(SUPERVISOR, password="pw")
    membership_grant(user=user, agency=Agency.objects.get(code=REGION), role="supervisor")
    populate_applications(handling, applications, rng)
    populate_items(handling, items, seed=seed, first=date(2022, 1, 1), last=date(YEAR, 12, 31), late_share=0.1)
    populate_engagement(handling, rng)
    populate_reports(handling, rng)
    populate_platform_checks(handling, user, rng)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:  # a test's transaction: no VACUUM
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    return {"agencies": len(handling), "applications": applications, "items": items,
            "seconds": round(time.perf_counter() - t0, 1)}


def _pg_db(data_dir: Path) -> str:
    return f"{PG_DB}_{data_dir.name.rsplit('-', 1)[1]}"


def _environment(postgres: bool, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ, GONGKAI_DEBUG="1", GONGKAI_DATA_DIR=str(data_dir), GONGKAI_LOG_LEVEL="ERROR")
    env.pop("DATABASE_URL", None)
    if postgres:
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{_pg_db(data_dir)}"
    return env


def _cache_dir(sizes: dict) -> Path:
    """One cached province per size and schema: the migrations' names and contents are part of the key, so a
    checkout with other migrations builds its own instead of migrating someone else's database."""
    tag = "-".join(str(sizes[k]) for k in ("agencies", "applications", "items"))
    src = Path(__file__).resolve().parents[1] / "src" / "gongkai" / "web"
    digest = hashlib.sha256(f"generator {GENERATOR_VERSION}".encode())
    for f in sorted(src.glob("*/migrations/*.py")):
        digest.update(f"{f.parent.parent.name}/{f.name}".encode() + f.read_bytes())
    return Path(tempfile.gettempdir()) / f"gongkai-bench-province-{tag}-{digest.hexdigest()[:10]}"


def _migrated_copy(sizes: dict, data_dir: Path) -> bool:
    """Copy a finished SQLite build of the same sizes under another schema and migrate it forward (minutes
    instead of building again when a branch only adds tables). False when there is none or it does not
    migrate cleanly; the caller then builds from scratch."""
    import shutil

    prefix = data_dir.name.rsplit("-", 1)[0] + "-"
    for other in sorted(data_dir.parent.glob(prefix + "*"), key=lambda p: p.stat().st_mtime, reverse=True):
        built = other / "built-sqlite.json"
        if other == data_dir or not built.exists() or json.loads(built.read_text()).get("generator") != GENERATOR_VERSION:
            continue  # not finished, or written by another version of populate()
        shutil.copyfile(other / "gongkai.sqlite3", data_dir / "gongkai.sqlite3")
        done = subprocess.run([sys.executable, "-m", "gongkai.cli", "manage", "migrate", "-v0"],
                              env=_environment(False, data_dir), capture_output=True)
        if done.returncode == 0:
            return True
        (data_dir / "gongkai.sqlite3").unlink()
    return False


def province_environment(postgres: bool = False, *, sizes: dict | None = None, rebuild: bool = False) -> dict:
    """The environment of a database holding the province, built first when it is missing (a marker file in
    the data dir records a finished build; an interrupted one is rebuilt)."""
    sizes = dict(SIZES, **(sizes or {}))
    data_dir = _cache_dir(sizes)
    marker = data_dir / ("built-postgresql.json" if postgres else "built-sqlite.json")
    if marker.exists() and not rebuild:
        return _environment(postgres, data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    if not postgres:
        for f in data_dir.glob("gongkai.sqlite3*"):
            f.unlink()
        if not rebuild and _migrated_copy(sizes, data_dir):
            marker.write_text(json.dumps({**sizes, "generator": GENERATOR_VERSION}))
            return _environment(postgres, data_dir)
    else:
        for sql in (f"DROP DATABASE IF EXISTS {_pg_db(data_dir)}", f"CREATE DATABASE {_pg_db(data_dir)}"):
            subprocess.run(["psql", PG_ADMIN_URL, "-qc", sql], check=True)
    env = _environment(postgres, data_dir)
    subprocess.run([sys.executable, "-m", "gongkai.cli", "manage", "migrate", "-v0"], env=env, check=True)
    args = [f"--{k}={v}" for k, v in sizes.items()]
    subprocess.run([sys.executable, "-m", "bench.province", "--populate-here", *args], env=env, check=True)
    marker.write_text(json.dumps({**sizes, "generator": GENERATOR_VERSION}))
    return env


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    for k, v in SIZES.items():
        parser.add_argument(f"--{k}", type=int, default=v)
    parser.add_argument("--populate-here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = {k: getattr(args, k) for k in SIZES}
    if args.populate_here:  # the child process province_environment starts, in the target environment
        from gongkai.commands import django_setup

        django_setup()
        print(json.dumps(populate(**sizes)), flush=True)
        return 0
    env = province_environment(args.postgres, sizes=sizes, rebuild=args.rebuild)
    print(f"GONGKAI_DATA_DIR={env['GONGKAI_DATA_DIR']}" + (f" DATABASE_URL={env['DATABASE_URL']}"
                                                           if "DATABASE_URL" in env else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
