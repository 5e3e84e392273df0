"""Metric providers: each metric of the dictionary (gongkai.core.metrics) computed for many agencies at once.

    values = compute(["applications_late_share", ...], agency_ids, 2025)   # {agency_id: {key: MetricValue}}

A provider is a function over (agency ids, year) that returns a MetricValue for every one of those agencies,
with the ids of the records it counted (`refs`; a rate's denominator) and of those in a rate's numerator
(`hits`). Each provider is one query for all the agencies (rows grouped by agency in Python), never one per
agency: a province has thousands. Rates are in percent, as the formulas use them.

Register one more with `@provider("key")`. A metric of the dictionary without a provider has no data source
yet: `missing_sources` names it, and scoring a set that uses it is refused with that message rather than
scored on invented values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from django.utils import timezone

from gongkai.core.annual import publication_deadline
from gongkai.core.assessment import MetricValue
from gongkai.core.metrics import metric

Provider = Callable[[list[int], int], dict[int, MetricValue]]
PROVIDERS: dict[str, Provider] = {}

# What each kind of reference names, for the drill-down pages.
REF_KINDS = {"application": "依申请公开申请", "review": "复议诉讼案件", "item": "政府信息", "report": "年度报告",
             "message": "留言", "engagement": "回应与能力建设记录", "platform_run": "自有平台检查记录"}


def provider(*keys: str) -> Callable[[Provider], Provider]:
    def register(fn: Provider) -> Provider:
        for key in keys:
            metric(key)  # an unknown key is a programming error: fail at import
            PROVIDERS[key] = fn
        return fn
    return register


def missing_sources(keys: Iterable[str]) -> list[str]:
    """The per-agency metric keys among `keys` that no provider computes yet (breakdowns and region figures,
    `scorable=False`, are the dashboards' and never have one)."""
    return sorted(k for k in set(keys) if k not in PROVIDERS and metric(k).scorable)


def missing_message(keys: Iterable[str]) -> str:
    labels = "、".join(f"“{metric(k).label}”（{k}）" for k in keys)
    return f"指标{labels}尚无数据来源，暂不能计分：请先修改或删除使用它的考核指标，不会以估计值代替。"


def compute(keys: Iterable[str], agency_ids: list[int], year: int) -> dict[int, dict[str, MetricValue]]:
    out: dict[int, dict[str, MetricValue]] = {a: {} for a in agency_ids}
    for key in sorted(set(keys)):
        for agency_id, value in PROVIDERS[key](agency_ids, year).items():
            out[agency_id][key] = value
    return out


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _count(agency_ids, rows, kind: str) -> dict[int, MetricValue]:
    """rows: (agency_id, record_id) pairs; the count of records per agency."""
    refs: dict[int, list[int]] = defaultdict(list)
    for agency_id, pk in rows:
        refs[agency_id].append(pk)
    return {a: MetricValue(float(len(refs[a])), kind=kind, refs=tuple(refs[a])) for a in agency_ids}


def _rate(agency_ids, rows, kind: str) -> dict[int, MetricValue]:
    """rows: (agency_id, record_id, in_numerator) triples; the numerator's share of the denominator in
    percent, N/A (None) where the denominator is 0."""
    den: dict[int, list[int]] = defaultdict(list)
    num: dict[int, list[int]] = defaultdict(list)
    for agency_id, pk, hit in rows:
        den[agency_id].append(pk)
        if hit:
            num[agency_id].append(pk)
    out = {}
    for a in agency_ids:
        d, n = den[a], num[a]
        value = 100.0 * len(n) / len(d) if d else None
        out[a] = MetricValue(value, float(len(n)), float(len(d)), kind, tuple(d), tuple(n))
    return out


def _sum(agency_ids, rows, kind: str) -> dict[int, MetricValue]:
    """rows: (agency_id, record_id, amount) triples."""
    refs: dict[int, list[int]] = defaultdict(list)
    total: dict[int, float] = defaultdict(float)
    for agency_id, pk, amount in rows:
        refs[agency_id].append(pk)
        total[agency_id] += float(amount or 0)
    return {a: MetricValue(total[a], kind=kind, refs=tuple(refs[a])) for a in agency_ids}


# --- disclosure on application ---------------------------------------------------------------------------

def _applications():
    from gongkai.web.applications.models import Application
    return Application.objects.order_by()


@provider("applications_received")
def applications_received(agency_ids, year):
    start, end = _year(year)
    rows = _applications().filter(agency_id__in=agency_ids, received_on__range=(start, end)).values_list(
        "agency_id", "id")
    return _count(agency_ids, rows, "application")


@provider("applications_concluded")
def applications_concluded(agency_ids, year):
    start, end = _year(year)
    rows = _applications().filter(agency_id__in=agency_ids, concluded_on__range=(start, end)).values_list(
        "agency_id", "id")
    return _count(agency_ids, rows, "application")


@provider("applications_late_share")
def applications_late_share(agency_ids, year):
    start, end = _year(year)
    rows = _applications().filter(agency_id__in=agency_ids, concluded_on__range=(start, end)).values_list(
        "agency_id", "id", "replied_on", "due_date")
    return _rate(agency_ids, ((a, pk, bool(r and d and r > d)) for a, pk, r, d in rows), "application")


@provider("applications_correction_share")
def applications_correction_share(agency_ids, year):
    start, end = _year(year)
    rows = _applications().filter(agency_id__in=agency_ids, received_on__range=(start, end)).values_list(
        "agency_id", "id", "correction_requested_on")
    return _rate(agency_ids, ((a, pk, c is not None) for a, pk, c in rows), "application")


@provider("fees_collected")
def fees_collected(agency_ids, year):
    from gongkai.web.applications.models import FeeCharge
    start, end = _year(year)
    rows = FeeCharge.objects.filter(application__agency_id__in=agency_ids, paid_on__range=(start, end)).order_by().values_list(
        "application__agency_id", "application_id", "amount_yuan")
    return _sum(agency_ids, rows, "application")


# --- review and litigation -------------------------------------------------------------------------------

def _cases(kind: str):
    from gongkai.web.applications.models import ReviewCase
    return ReviewCase.objects.filter(kind=kind).order_by()


def _case_count(kind):
    def fn(agency_ids, year):
        start, end = _year(year)
        rows = _cases(kind).filter(application__agency_id__in=agency_ids, filed_on__range=(start, end)).values_list(
            "application__agency_id", "id")
        return _count(agency_ids, rows, "review")
    return fn


def _case_correction(kind):
    def fn(agency_ids, year):
        start, end = _year(year)
        rows = (_cases(kind).filter(application__agency_id__in=agency_ids, decided_on__range=(start, end))
                .exclude(result="pending").values_list("application__agency_id", "id", "result"))
        return _rate(agency_ids, ((a, pk, r == "corrected") for a, pk, r in rows), "review")
    return fn


provider("review_cases")(_case_count("reconsideration"))
provider("litigation_cases")(_case_count("litigation"))
provider("review_correction_rate")(_case_correction("reconsideration"))
provider("litigation_correction_rate")(_case_correction("litigation"))


# --- proactive disclosure --------------------------------------------------------------------------------

def _published_items(agency_ids, year):
    from gongkai.web.registry.models import Item
    start, end = _year(year)
    return Item.objects.filter(agency_id__in=agency_ids, state="published", published_on__range=(start, end)).order_by()


@provider("items_published")
def items_published(agency_ids, year):
    return _count(agency_ids, _published_items(agency_ids, year).values_list("agency_id", "id"), "item")


@provider("art26_timely_share")
def art26_timely_share(agency_ids, year):
    # `published_late` is set when the item is published, from its formed/changed date and the official
    # calendar (registry services), so the 20 working days are counted once and the same way everywhere.
    rows = (_published_items(agency_ids, year).filter(formed_on__isnull=False)
            .values_list("agency_id", "id", "published_late"))
    return _rate(agency_ids, ((a, pk, not late) for a, pk, late in rows), "item")


@provider("interpretation_coverage")
def interpretation_coverage(agency_ids, year):
    from gongkai.web.registry.models import Item
    from gongkai.web.registry.selectors import policy_genres
    rows = list(_published_items(agency_ids, year).filter(genre__in=policy_genres()).values_list("agency_id", "id"))
    # Interpretations are few beside the items: read them all (interprets set, state checked here) and keep
    # those of this year's policies. With the policies as a subquery, or the state in the query, SQLite chose
    # the state index and read the province's million published items (8–30 s instead of 0.3 s).
    policy_ids = {pk for _, pk in rows}
    interpreted = {i for i, state in Item.objects.filter(interprets__isnull=False).order_by()
                   .values_list("interprets_id", "state") if state == "published" and i in policy_ids}
    return _rate(agency_ids, ((a, pk, pk in interpreted) for a, pk in rows), "item")


# --- annual report ---------------------------------------------------------------------------------------

@provider("annual_report_on_time")
def annual_report_on_time(agency_ids, year):
    """The previous year's own (agency-scope) report, first published by the statutory deadline of the
    agency's level (条例 art. 49: departments 31 January, governments 31 March)."""
    from gongkai.web.agencies.models import Agency
    from gongkai.web.reports.models import AnnualReport
    levels = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "level"))
    first: dict[int, tuple[int, date]] = {}
    for agency_id, pk, at in (AnnualReport.objects.filter(agency_id__in=agency_ids, year=year - 1, scope="agency",
                                                          status="published")
                              .order_by("agency_id", "published_at", "version").values_list(
                                  "agency_id", "id", "published_at")):
        first.setdefault(agency_id, (pk, timezone.localdate(at)))
    out = {}
    for a in agency_ids:
        if a in first:
            pk, on = first[a]
            ok = on <= publication_deadline(levels.get(a, "department"), year - 1)
            out[a] = MetricValue(1.0 if ok else 0.0, kind="report", refs=(pk,), hits=(pk,) if ok else ())
        else:
            out[a] = MetricValue(0.0, kind="report")
    return out


# --- engagement ------------------------------------------------------------------------------------------

def _valid_messages(agency_ids):
    from gongkai.web.engagement.models import Message
    return Message.objects.filter(agency_id__in=agency_ids).exclude(state="invalid").order_by()


@provider("messages_received")
def messages_received(agency_ids, year):
    start, end = _year(year)
    rows = _valid_messages(agency_ids).filter(received_on__range=(start, end)).values_list("agency_id", "id")
    return _count(agency_ids, rows, "message")


@provider("messages_replied")
def messages_replied(agency_ids, year):
    start, end = _year(year)
    rows = (_valid_messages(agency_ids).filter(received_on__range=(start, end), replied_on__isnull=False)
            .values_list("agency_id", "id"))
    return _count(agency_ids, rows, "message")


@provider("messages_in_time_share")
def messages_in_time_share(agency_ids, year):
    start, end = _year(year)
    rows = _valid_messages(agency_ids).filter(due_on__range=(start, end)).values_list(
        "agency_id", "id", "replied_on", "due_on")
    return _rate(agency_ids, ((a, pk, bool(r and r <= d)) for a, pk, r, d in rows), "message")


@provider("messages_unanswered_3m")
def messages_unanswered_3m(agency_ids, year):
    """Valid messages that at the year's end count for the 19号 veto: received in the 12 months before it and
    still unanswered 3 months after receipt (the own-platform check's rule, counted in the database)."""
    from gongkai.web.engagement.stats import waited_too_long

    rows = _valid_messages(agency_ids).filter(waited_too_long(date(year, 12, 31))).values_list("agency_id", "id")
    return _count(agency_ids, rows, "message")


def _records(kind: str):
    def fn(agency_ids, year):
        from gongkai.web.engagement.models import EngagementRecord
        start, end = _year(year)
        rows = (EngagementRecord.objects.filter(agency_id__in=agency_ids, kind=kind, held_on__range=(start, end))
                .order_by())
        return _count(agency_ids, rows.values_list("agency_id", "id"), "engagement")
    return fn


provider("hotspot_responses")(_records("hotspot_response"))
provider("press_conferences")(_records("press_conference"))
provider("online_interviews")(_records("online_interview"))
provider("trainings")(_records("training"))


@provider("trainees")
def trainees(agency_ids, year):
    from gongkai.web.engagement.models import EngagementRecord
    start, end = _year(year)
    rows = (EngagementRecord.objects.filter(agency_id__in=agency_ids, kind="training", held_on__range=(start, end))
            .order_by())
    return _sum(agency_ids, rows.values_list("agency_id", "id", "participants"), "engagement")


# --- website checks -------------------------------------------------------------------------------------------
# The score is the supervisor's recorded check (自有平台检查记录, a frozen snapshot with who and when), not a
# check computed at scoring time: an assessment point must trace to a record that does not change afterwards.
# The latest run checked within the year counts; an agency nobody checked that year has no value (N/A), and
# the indicator's N/A rule decides (the default set gives no points).

def _latest_runs(agency_ids, year):
    from gongkai.web.supervision.models import PlatformCheckRun
    start, end = _year(year)
    latest: dict[int, tuple] = {}
    rows = (PlatformCheckRun.objects.filter(agency_id__in=agency_ids, checked_on__range=(start, end))
            .order_by("agency_id", "checked_on", "recorded_at", "id")
            .values_list("agency_id", "id", "verdict", "score", "vetoes"))
    for agency_id, pk, verdict, score, vetoes in rows:
        latest[agency_id] = (pk, verdict, score, vetoes)  # ascending order: the last one wins
    return latest


def _per_latest_run(agency_ids, year, value_of) -> dict:
    """One MetricValue per agency from its latest recorded check of the year (N/A without one)."""
    latest = _latest_runs(agency_ids, year)
    out = {}
    for a in agency_ids:
        run = latest.get(a)
        if run is None:
            out[a] = MetricValue(None, kind="platform_run")
        else:
            out[a] = MetricValue(value_of(run), kind="platform_run", refs=(run[0],))
    return out


@provider("website_check_score")
def website_check_score(agency_ids, year):
    def score_of(run):
        _pk, _verdict, score, vetoes = run
        # A single-veto hit stops the scoring (no score): the dictionary counts it as 0.
        return 0.0 if vetoes or score is None else float(score)
    return _per_latest_run(agency_ids, year, score_of)


@provider("website_check_passed")
def website_check_passed(agency_ids, year):
    from gongkai.core.monitor.checklist import VERDICT_PASS

    return _per_latest_run(agency_ids, year, lambda run: 1.0 if run[1] == VERDICT_PASS else 0.0)
