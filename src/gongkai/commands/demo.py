"""`gongkai demo load`: fill the database with demonstration data (after `gongkai manage migrate`).

Idempotent: every step goes through the same services as real use, and those recognise what is already
there (report_import by content hash), so running it twice adds nothing the second time.

The load is a list of steps (`STEPS`). A later feature adds its demo data by appending a `Step` whose
function takes the options and a `print` function and returns a `StepSummary`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_COUNT = 60
DEFAULT_SEED = 2024


@dataclass
class StepSummary:
    created: int = 0
    existing: int = 0
    failed: list[str] = field(default_factory=list)
    skipped: str | None = None  # why the step did nothing

    def line(self) -> str:
        if self.skipped:
            return f"skipped ({self.skipped})"
        out = f"{self.created} new, {self.existing} already present"
        if self.failed:
            out += f", {len(self.failed)} failed"
        return out


@dataclass(frozen=True)
class Step:
    title: str
    run: Callable[..., StepSummary]


def register(sub) -> None:
    p = sub.add_parser("demo", help="demonstration data (run `gongkai manage migrate` first)")
    actions = p.add_subparsers(dest="demo_action", metavar="ACTION", required=True)
    load = actions.add_parser("load", help="load the demo data; running it again adds nothing new")
    load.add_argument(
        "--count", type=int, default=DEFAULT_COUNT, help=f"synthetic reports to add (default {DEFAULT_COUNT})"
    )
    load.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed (same seed, same reports)")
    load.add_argument("--region-scale", type=float, default=1.0,
                      help="size of the generated region's application volume (default 1.0, about 850 a year)")
    load.add_argument("--sites-base", default="http://127.0.0.1:8000", metavar="URL",
                      help="where this demo server will listen, for the monitored demo sites it serves "
                      "(default http://127.0.0.1:8000, as `make demo`)")
    load.set_defaults(func=run_load)


def run_load(args, out: Callable[[str], None] = print) -> int:
    from . import django_setup

    if args.count < 0:
        print("gongkai demo load: --count must be >= 0", file=sys.stderr)
        return 2
    if not 0 < args.region_scale <= 20:  # the generator needs some volume: 0 would fail after the reports
        print("gongkai demo load: --region-scale must be greater than 0 and at most 20", file=sys.stderr)
        return 2
    django_setup()
    pending = _unapplied_migrations()
    if pending:
        print(
            f"gongkai demo load: the database is not migrated ({pending} migration(s) pending); "
            "run `gongkai manage migrate` first",
            file=sys.stderr,
        )
        return 2
    failed = 0
    for step in STEPS:
        out(f"== {step.title}")
        summary = step.run(args, out)
        failed += len(summary.failed)
        out(f"   {summary.line()}")
    if failed:
        print(f"demo load: {failed} item(s) failed", file=sys.stderr)
        return 2
    return 0


def _unapplied_migrations() -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# --- accounts ------------------------------------------------------------------------------------------------

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "gongkai-demo"  # the region staff's too (DEMO_STAFF_PASSWORD): the login page names one


def load_demo_account(args, out) -> StepSummary:
    """A staff account to try uploads and the admin with; only in demo mode (GONGKAI_DEMO), never otherwise."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    summary = StepSummary()
    if not settings.DEMO:
        summary.skipped = "GONGKAI_DEMO is off: no account with a published password is created"
        return summary
    user_model = get_user_model()
    if user_model.objects.filter(username=DEMO_USERNAME).exists():
        summary.existing = 1
        return summary
    user_model.objects.create_superuser(DEMO_USERNAME, email="", password=DEMO_PASSWORD)
    summary.created = 1
    out(f"   staff account: {DEMO_USERNAME} / {DEMO_PASSWORD} (demo mode only)")
    return summary


# --- report library --------------------------------------------------------------------------------------

def seeds_dir() -> Path | None:
    """The real seed reports live in the repository's tests/documents (not in an installed package)."""
    repo = Path(__file__).resolve().parents[3]
    d = repo / "tests" / "documents" / "seeds"
    return d if d.is_dir() else None


def _import(summary: StepSummary, data: bytes, name: str, out) -> None:
    from gongkai.web.library.services import ReportRejected, report_import

    try:
        result = report_import(data=data, name=name)
    except ReportRejected as exc:
        summary.failed.append(name)
        out(f"   failed {name}: {exc.message}")
        return
    if result.created:
        summary.created += 1
    else:
        summary.existing += 1


def load_seed_reports(args, out) -> StepSummary:
    summary = StepSummary()
    d = seeds_dir()
    if d is None:
        summary.skipped = "tests/documents/seeds not found: running from an installed package, not the repository"
        return summary
    for path in sorted(d.glob("*.txt")):
        _import(summary, path.read_bytes(), path.name, out)
    return summary


# The demo's synthetic agencies report every year in this range, across all three formats, so comparisons
# over years and the year-over-year checks have something to show.
SERIES_YEARS = (2017, 2024)


def load_corpus_reports(args, out) -> StepSummary:
    from gongkai.corpus import FORMATS, file_name, generate_series, render

    summary = StepSummary()
    first, last = SERIES_YEARS
    per_agency = last - first + 1
    agencies = -(-args.count // per_agency)  # ceil: the series are cut to exactly --count reports
    series = generate_series(agencies, first_year=first, last_year=last, seed=args.seed)[: args.count]
    for i, report in enumerate(series):
        # Rotate the formats so the library shows every reader at work.
        fmt = FORMATS[i % len(FORMATS)]
        _import(summary, render(report, fmt), file_name(report, fmt), out)
    return summary


# --- disclosure applications ----------------------------------------------------------------------------

REGION_SEED = 2026


def load_region(args, out) -> StepSummary:
    """The generated region 示例市: agencies, staff with their roles, and applications from 2023-01-01 to
    the generator's fixed today, replayed through the services (deterministic, so the demo is the same on
    every machine)."""
    from gongkai.corpus.region import generate_region
    from gongkai.web.applications.demo import DEMO_STAFF_PASSWORD
    from gongkai.web.applications.demo import load_region as load

    region = generate_region(seed=REGION_SEED, scale=args.region_scale)
    result = load(region, out=out)
    out(f"   agencies: {result.agencies} new; staff accounts: {result.staff} new")
    if result.staff:
        from django.conf import settings

        if settings.DEMO:
            out(f"   staff log in at /work/login/ with their user name and {DEMO_STAFF_PASSWORD} (demo mode only),"
                " e.g. gk-gov-handler")
    return StepSummary(created=result.created, existing=result.existing)


def load_registry(args, out) -> StepSummary:
    """The region's proactive disclosure since 2023-01-01 (gongkai.corpus.registry_items): about 20,000
    items at full scale, with interpretations, repeals, withdrawals, catalogues and the city's gazette."""
    from gongkai.corpus.region import generate_region
    from gongkai.corpus.registry_items import REGISTRY_TODAY, generate_registry
    from gongkai.web.registry.demo import load_registry as load

    region = generate_region(seed=REGION_SEED, scale=args.region_scale)
    plan = generate_registry(region.agencies, seed=REGION_SEED, scale=args.region_scale)
    result = load(region, plan, today=REGISTRY_TODAY, out=out)
    if result.created:
        out(f"   {result.filed} filed (依申请公开/不予公开), {result.validity_changes} validity changes, "
            f"{result.withdrawn} withdrawn, {result.catalogue} catalogue lines, {result.gazette_issues} gazette issues")
    return StepSummary(created=result.created, existing=result.existing)


def load_annual_reports(args, out) -> StepSummary:
    """The region's annual reports for 2023–2025: most published on time, a few late, a few missing (see
    gongkai.corpus.annual_plan), replayed through the report services; files render on first download."""
    from gongkai.corpus.region import generate_region
    from gongkai.web.reports.demo import load_annual_reports as load

    region = generate_region(seed=REGION_SEED, scale=args.region_scale)
    result = load(region, seed=REGION_SEED, out=out)
    if result.created:
        out(f"   published: {result.published} report versions (see /annual/ and the board at /work/reports/)")
    return StepSummary(created=result.created, existing=result.existing)


def load_messages(args, out) -> StepSummary:
    """The region's message boxes and a year of messages up to the region's today (gongkai.web.engagement.demo):
    most answered in time, some late, a few unanswered for months, some invalid, part published."""
    from gongkai.corpus.region import generate_region
    from gongkai.corpus.registry_items import REGISTRY_TODAY
    from gongkai.web.engagement.demo import load_messages as load

    region = generate_region(seed=REGION_SEED, scale=args.region_scale)
    result = load(region, seed=REGION_SEED, today=REGISTRY_TODAY, scale=args.region_scale, out=out)
    return StepSummary(created=result.created, existing=result.existing)


def load_engagement(args, out) -> StepSummary:
    """A year and more of engagement records per agency (press conferences with linked documents, online
    interviews, responses to public concerns, meetings, trainings), then the portal's 政府网站工作年度报表."""
    from gongkai.corpus.region import generate_region
    from gongkai.corpus.registry_items import REGISTRY_TODAY
    from gongkai.web.engagement.demo_records import load_records
    from gongkai.web.supervision.demo_website_report import load_website_reports

    region = generate_region(seed=REGION_SEED, scale=args.region_scale)
    result = load_records(region, seed=REGION_SEED, today=REGISTRY_TODAY, out=out)
    forms, forms_existing = load_website_reports(seed=REGION_SEED, today=REGISTRY_TODAY)
    if result.created:
        out(f"   {result.created} records; {forms} 政府网站工作年度报表 (see /work/engagement/records/ and "
            "/work/supervision/website-report/)")
    return StepSummary(created=result.created + forms, existing=result.existing + forms_existing)


def load_monitored_sites(args, out) -> StepSummary:
    """Monitored websites of the region (gongkai.web.supervision.sites.demo): fixture sites served by this
    server under /work/supervision/sites/demo-web/ in demo mode, with a week of generated visits and a first
    check computed from the same fixture pages; the worker's scheduled visits continue from there."""
    from django.conf import settings

    from gongkai.web.agencies.models import Agency
    from gongkai.web.supervision.sites.demo import load

    if not settings.DEMO:
        return StepSummary(skipped="demo mode only (GONGKAI_DEMO=1): the fixture sites are served in demo mode")
    region = Agency.objects.filter(code="GK").first()
    if region is None:
        return StepSummary(skipped="no region GK")
    created, existing = load(owner=region, base=getattr(args, "sites_base", None) or "http://127.0.0.1:8000", out=out)
    return StepSummary(created=created, existing=existing)


def load_assessment(args, out) -> StepSummary:
    """The region's 2025 assessment: the default indicator set, scored from the records and published by the
    region's supervisor (see /work/supervision/assessment/)."""
    from gongkai.web.supervision.assessment.demo import load_assessment as load

    result = load(out=out)
    if result.created:
        out(f"   published: {result.agencies} agencies scored"
            + (f"; left out (no data source yet): {'、'.join(result.left_out)}" if result.left_out else ""))
    return StepSummary(created=result.created, existing=result.existing)


def load_platform_checks(args, out) -> StepSummary:
    """Own-platform checks and new-media accounts (gongkai.web.supervision.platform_demo): consultation boxes
    where an agency has none, a year of new-media observations, the city government's columns in order, and
    the supervisor's 2026 Q3 spot check recorded for every agency."""
    from gongkai.corpus.registry_items import REGISTRY_TODAY
    from gongkai.web.supervision.platform_demo import load_platform_demo

    result = load_platform_demo(REGISTRY_TODAY, out=out)
    if result.created:
        out(f"   {result.accounts} new-media accounts ({result.observations} observations), {result.boxes} boxes, "
            f"{result.items} items, {result.runs} recorded checks (see /work/supervision/platform/)")
    return StepSummary(created=result.created, existing=result.existing)


STEPS: list[Step] = [
    Step("账号：演示用管理员（仅演示模式）", load_demo_account),
    Step("年报库：真实年报样本（tests/documents/seeds）", load_seed_reports),
    Step("年报库：合成年报（gongkai.corpus）", load_corpus_reports),
    Step("依申请公开：示例市的机关、工作人员和申请（gongkai.corpus.region）", load_region),
    Step("主动公开：示例市各机关2023年以来的政府信息（gongkai.corpus.registry_items）", load_registry),
    Step("互动交流：示例市各机关的留言信箱和近一年的留言（gongkai.web.engagement.demo）", load_messages),
    Step("回应与能力建设：示例市各机关的发布会、访谈、回应关切、会议和培训记录，门户网站年度报表", load_engagement),
    Step("年度报告：示例市各机关2023—2025年度报告（gongkai.corpus.annual_plan）", load_annual_reports),
    Step("网站监测：示例市的监测网站（演示网站由本服务器提供）", load_monitored_sites),
    Step("网站检查：自有平台检查和政务新媒体账号（gongkai.web.supervision.platform_demo）", load_platform_checks),
    Step("考核：示例市2025年度政府信息公开工作考核（默认指标体系，已发布）", load_assessment),
]
