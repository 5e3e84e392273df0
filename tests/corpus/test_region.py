"""The demo region (gongkai.corpus.region): structure, determinism, and that every application's steps are
ones the real services would accept — replayed here through the core state machine and clock."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict
from datetime import date, timedelta

import pytest

from gongkai.core import fees
from gongkai.core.applications import vocab, workflow
from gongkai.core.applications.identity import check_identity
from gongkai.core.applications.outcomes import OUTCOMES
from gongkai.core.clock import (
    CORRECTION_NOTICE_WORKDAYS,
    MAX_EXTENSION_WORKDAYS,
    Pause,
    WorkCalendar,
    compute_deadline,
    fee_payment_due,
    warning_level,
)
from gongkai.core.templates import get_template
from gongkai.corpus.region import NEW_REVIEW_LAW, Region, generate_region

START, TODAY = date(2023, 1, 1), date(2026, 11, 22)
CAL = WorkCalendar.official()
REGION = generate_region(seed=2026, start=START, today=TODAY)
APPS = REGION.applications
AGENCIES = {a.code: a for a in REGION.agencies}


class Replay:
    """What the services would hold after an application's steps: state, receipt, clock inputs."""

    def __init__(self, app):
        self.app = app
        self.state = "awaiting_confirmation"
        self.received: date | None = None
        self.correction_received: date | None = None
        self.correction_requested: date | None = None
        self.correction_deadline: date | None = None
        self.pauses: list[Pause] = []
        self.open_pause: tuple[date, str] | None = None
        self.extension = 0
        self.fee_notice: date | None = None
        self.fee_notice_received: date | None = None
        self.outcome = ""
        self.events: list[tuple[str, date, dict, date | None]] = []  # action, on, data, running due before it
        for step in app.steps:
            self.apply(step)

    def due(self, as_of: date | None = None):
        if self.received is None or self.state == "correction_requested":
            return None
        pauses = list(self.pauses)
        if self.open_pause:
            pauses.append(Pause(self.open_pause[0], None, self.open_pause[1]))
        return compute_deadline(self.received, calendar=CAL, correction_received=self.correction_received,
                                pauses=pauses, extension_days=self.extension, as_of=as_of or TODAY)

    def apply(self, step) -> None:
        before = self.due(step.on)
        self.events.append((step.action, step.on, step.data, before.due if before else None))
        a, on, d = step.action, step.on, step.data
        if a == "register":
            assert self.app.channel != "online"
            if d.get("received_on"):
                self.received = date.fromisoformat(d["received_on"])
                assert self.received == on
                self.state = workflow.transition(self.state, "confirm_receipt")
            return
        if a == "fee_notice_delivered":
            assert on >= self.fee_notice and d["channel"] in ("post", "email", "online")
            self.fee_notice_received = on
            return
        self.state = workflow.transition(self.state, a)
        if a == "confirm_receipt":
            self.received = on
        elif a == "request_correction":
            self.correction_requested = on
            self.correction_deadline = on + timedelta(days=d["period_days"])
        elif a == "receive_correction":
            self.correction_received = on
        elif a == "correction_lapsed":
            assert on > self.correction_deadline
            self.outcome = "other_no_correction"
        elif a == "start_consultation":
            assert d["kind"] in ("third_party", "agency") and d["party"].strip()
            self.open_pause = (on, "third_party" if d["kind"] == "third_party" else "consultation")
        elif a in ("end_consultation", "fee_paid", "fee_lapsed"):
            self.pauses.append(Pause(self.open_pause[0], on, self.open_pause[1]))
            self.open_pause = None
            if a == "fee_lapsed":
                assert on > fee_payment_due(self.fee_notice_received, calendar=CAL)
                self.outcome = "other_fee_unpaid"
        elif a == "extend":
            assert before is not None and on <= before.due, "extension approved after the running due date"
            assert 1 <= d["days"] <= MAX_EXTENSION_WORKDAYS and d["reason"].strip()
            self.extension = d["days"]
        elif a == "charge_fee":
            self.fee_notice = on
            self.open_pause = (on, "fee")
        elif a == "decide":
            self.outcome = d["outcome"]


REPLAYS = [Replay(a) for a in APPS]


def _received(r: Replay) -> date | None:
    return r.received


def _action_dates(app, action: str) -> list[date]:
    return [s.on for s in app.steps if s.action == action]


# --- structure ------------------------------------------------------------------------------------------

def test_same_arguments_same_region_and_other_seed_differs():
    again = generate_region(seed=2026, start=START, today=TODAY)
    assert again == REGION
    other = generate_region(seed=7, start=START, today=TODAY, scale=0.2)
    assert isinstance(other, Region)
    assert [a.key for a in other.applications[:50]] != [a.key for a in APPS[:50]]


def test_agency_tree():
    levels = Counter(a.level for a in REGION.agencies)
    assert levels["region"] == 1
    city = [a for a in REGION.agencies if a.parent == "GK-GOV" and a.level == "department"]
    counties = [a for a in REGION.agencies if a.parent == "GK-GOV" and a.level == "government"]
    assert AGENCIES["GK-GOV"].name == "示例市人民政府" and AGENCIES["GK-GOV"].parent == "GK"
    assert len(city) >= 20 and len(counties) >= 6
    for county in counties:
        assert county.name.endswith(("县人民政府", "区人民政府"))
        kids = [a for a in REGION.agencies if a.parent == county.code]
        assert 3 <= sum(k.level == "department" for k in kids) <= 5
        assert 1 <= sum(k.level == "office" for k in kids) <= 2
    seen = set()
    for a in REGION.agencies:  # parents first, codes unique and readable
        assert a.code not in seen and (a.parent is None or a.parent in seen)
        assert a.code.startswith("GK") and a.code.isascii()
        assert a.phone.startswith("0000-") and a.address and "@" in a.email
        seen.add(a.code)
    assert len({a.name for a in REGION.agencies}) == len(REGION.agencies)


def test_staff_cover_every_handling_agency_and_reviewers_are_other_people():
    usernames = [s.username for s in REGION.staff]
    assert len(set(usernames)) == len(usernames) and all(u.isascii() for u in usernames)
    roles = defaultdict(lambda: defaultdict(set))
    for s in REGION.staff:
        assert s.agency in AGENCIES and s.full_name and not s.full_name.isascii()
        for role in s.roles:
            roles[s.agency][role].add(s.username)
    for a in REGION.agencies:
        if a.level == "region":
            assert set(roles[a.code]) == {"supervisor"}
            continue
        r = roles[a.code]
        assert r["registrar"] and r["handler"] and r["reviewer"] and r["office_head"]
        assert not (r["handler"] & r["reviewer"])  # a decision is approved by someone else
    assert roles["GK-GOV"]["agency_admin"]
    assert sum(len(r["supervisor"]) for r in roles.values()) == 1


def test_applications_fields_and_identities():
    keys = [a.key for a in APPS]
    assert len(set(keys)) == len(keys) and max(map(len, keys)) <= 64
    assert [a.submitted_at for a in APPS] == sorted(a.submitted_at for a in APPS)
    for a in APPS:
        assert a.agency in AGENCIES and AGENCIES[a.agency].level != "region"
        assert a.channel in vocab.CHANNEL_KEYS
        assert a.delivery_form in vocab.DELIVERY_FORM_KEYS and a.delivery_method in vocab.DELIVERY_METHOD_KEYS
        assert a.title and len(a.title) <= 300 and len(a.doc_number) <= 100 and "{" not in a.title + a.description
        assert START <= a.submitted_at.date() <= TODAY and a.submitted_at.tzinfo is None
        p = a.applicant
        assert check_identity(p.type, p.id_kind, p.id_number) == p.id_number
        assert (p.contact_person == "") == (p.type == "natural_person")
        assert p.phone or p.email or p.address
        if a.delivery_method == "email":
            assert p.email
        if a.delivery_method == "post":
            assert p.address
        json.dumps([asdict(s) for s in a.steps], default=str)
        for s in a.steps:
            json.dumps(s.data)  # the data itself, without help


def test_volume_per_year_and_mixes():
    per_year = Counter(a.submitted_at.year for a in APPS)
    for year in (2023, 2024, 2025):
        assert 700 <= per_year[year] <= 1000
    assert 600 <= per_year[2026] <= 1000  # to 22 November
    n = len(APPS)
    types = Counter(a.applicant.type for a in APPS)
    assert abs(types["natural_person"] / n - 0.85) < 0.03
    assert abs(types["commercial"] / n - 0.08) < 0.02
    assert abs(types["legal_services"] / n - 0.04) < 0.02  # a frequent law firm adds its bursts
    assert all(types[t] > 0 for t in ("research", "public_interest", "other_org"))
    channels = Counter(a.channel for a in APPS)
    assert abs(channels["online"] / n - 0.55) < 0.03
    assert abs(channels["registered_post"] / n - 0.25) < 0.03
    assert abs(channels["in_person"] / n - 0.12) < 0.02
    assert all(channels[c] > 0 for c in vocab.CHANNEL_KEYS)
    # The busiest agencies are the city government and the land and housing departments.
    busiest = [code for code, _ in Counter(a.agency for a in APPS).most_common(8)]
    assert set(busiest[:2]) == {"GK-GOV", "GK-ZRZY"} and {"GK-ZJ", "GK-FWZS"} <= set(busiest)
    # Repeat applicants: a handful with many applications.
    per_person = Counter(a.applicant.id_number for a in APPS)
    assert sum(1 for c in per_person.values() if c >= 12) >= 3


def test_outcome_keys_are_table_rows_and_mix():
    rows = [r.key for r in get_template("2021").table3.rows]
    result_keys = rows[rows.index("disclosed"): rows.index("other_other") + 1]
    assert sorted(result_keys) == sorted(OUTCOMES)
    outcomes = Counter(r.outcome for r in REPLAYS if r.outcome)
    assert set(outcomes) <= set(result_keys)
    n = sum(outcomes.values())

    def share(prefix):
        return sum(v for k, v in outcomes.items() if k.startswith(prefix)) / n

    assert abs(share("disclosed") - 0.40) < 0.05
    assert abs(share("partially_disclosed") - 0.08) < 0.02
    assert abs(share("withheld_") - 0.06) < 0.02
    assert abs(share("unable_") - 0.25) < 0.04
    assert abs(share("not_processed_") - 0.12) < 0.03
    assert share("other_") < 0.05
    assert outcomes["unable_not_held"] > outcomes["unable_needs_creation"]
    assert len(outcomes) >= 19  # nearly every row occurs
    for key in ("withheld_third_party", "withheld_process_info", "withheld_enforcement_file",
                "other_no_correction", "other_fee_unpaid", "unable_unclear_after_correction"):
        assert outcomes[key] > 0, key


def test_decisions_carry_what_the_decide_service_needs():
    variants = Counter()
    for a in APPS:
        for s in a.steps:
            if s.action != "decide":
                continue
            d = s.data
            o = OUTCOMES[d["outcome"]]
            assert not o.ends_without_reply  # those come from correction_lapsed / fee_lapsed
            assert d["basis"].strip()
            if o.basis_for(d["variant"]):
                assert d["basis"] == o.basis_for(d["variant"])
            if o.refusal:
                assert d["reasons"].strip()
            o.variant(d["variant"])  # raises for a variant the outcome does not have
            variants[d["variant"]] += 1
            if d["variant"] == "not_this_agency":
                assert d["other_agency"].strip() and len(d["other_agency"]) <= 300
    assert variants["not_this_agency"] > 0 and variants["already_public"] > 0


# --- steps ----------------------------------------------------------------------------------------------

def test_steps_are_dated_in_order_and_follow_the_state_machine():
    for a, r in zip(APPS, REPLAYS, strict=True):
        dates = [a.submitted_at.date()] + [s.on for s in a.steps]
        assert dates == sorted(dates), a.key
        assert all(d <= TODAY for d in dates)
        if a.channel == "online":
            assert not a.steps or a.steps[0].action == "confirm_receipt"
        else:
            assert a.steps[0].action == "register"
            rule = vocab.channel(a.channel).receipt_rule
            assert bool(a.steps[0].data.get("received_on")) == (rule != "confirmed")
            if rule == "confirmed" and len(a.steps) > 1:
                assert a.steps[1].action == "confirm_receipt"
        # staff act on working days (an in-person application is received the day it is handed in)
        for s in a.steps:
            assert CAL.is_workday(s.on), (a.key, s)
        if r.received is not None:
            assert r.received >= a.submitted_at.date()
            gap = CAL.workdays_between(a.submitted_at.date(), r.received)
            assert gap <= (6 if "post" in a.channel else 2), a.key
        needs = {s.data["outcome"] for s in a.steps if s.action == "decide"}
        approved = any(s.action == "approve_decision" for s in a.steps)
        if any(s.action == "issue_reply" for s in a.steps):
            assert approved == OUTCOMES[needs.pop()].needs_review


def test_corrections():
    asked = [r for r in REPLAYS if r.correction_requested]
    share = len(asked) / len(APPS)
    assert 0.06 < share < 0.10
    late = [r for r in asked if CAL.workdays_between(r.received, r.correction_requested) > CORRECTION_NOTICE_WORKDAYS]
    assert 0.003 < len(late) / len(APPS) < 0.02
    for r in asked:
        step = next(s for s in r.app.steps if s.action == "request_correction")
        assert step.data["items"] and 1 <= step.data["period_days"] <= 60
        assert step.data["notice_late"] == (r in late)
    lapsed = [r for r in asked if r.outcome == "other_no_correction"]
    corrected = [r for r in asked if r.correction_received]
    assert lapsed and corrected
    assert all(r.correction_received >= r.correction_requested for r in corrected)


def test_consultations_extensions_fees():
    n = len(APPS)
    consulted = [a for a in APPS if _action_dates(a, "start_consultation")]
    extended = [a for a in APPS if _action_dates(a, "extend")]
    charged = [a for a in APPS if _action_dates(a, "charge_fee")]
    assert 0.025 < len(consulted) / n < 0.06
    assert {s.data["kind"] for a in consulted for s in a.steps if s.action == "start_consultation"} == {
        "third_party", "agency"}
    assert 0.035 < len(extended) / n < 0.07
    assert 0.008 < len(charged) / n < 0.03
    methods = Counter()
    for a in charged:
        s = next(s for s in a.steps if s.action == "charge_fee")
        methods[s.data["method"]] += 1
        assert s.data["amount_yuan"] > 0
        if s.data["method"] == "per_page":
            assert s.data["amount_yuan"] == fees.quote_per_page(s.data["units"]).amount_yuan
    assert methods["per_page"] and methods["per_item"]
    assert any(_action_dates(a, "fee_paid") for a in charged) and any(_action_dates(a, "fee_lapsed") for a in charged)


def test_per_item_fees_count_the_applicants_month_as_the_service_does():
    """items_before = the same applicant's earlier applications at the same agency received in the same
    calendar month (in loading order), exactly what services.items_in_month_before counts."""
    seen: dict[tuple[str, str], list[date]] = defaultdict(list)
    checked = 0
    for a, r in zip(APPS, REPLAYS, strict=True):
        key = (a.agency, a.applicant.id_number)
        for s in a.steps:
            if s.action == "charge_fee" and s.data["method"] == "per_item":
                month = r.received.replace(day=1)
                before = sum(1 for d in seen[key] if month <= d <= r.received)
                assert s.data["items_before"] == before
                assert s.data["amount_yuan"] == fees.item_fee_for_application(before, s.data["units"]) > 0
                checked += 1
        if r.received is not None:
            seen[key].append(r.received)
    assert checked > 0


def test_replies_mostly_in_time_some_late_some_open():
    late = ontime = 0
    for r in REPLAYS:
        replied = _action_dates(r.app, "issue_reply")
        if replied:
            due = r.due(replied[0])
            late += replied[0] > due.due
            ontime += replied[0] <= due.due
    assert 0.015 < late / (late + ontime) < 0.05
    open_ = [r for r in REPLAYS if r.state not in ("replied", "delivered", "archived", "closed_without_reply")]
    assert 20 <= len(open_) <= 150
    levels = Counter(warning_level(r.due().due, TODAY, calendar=CAL) for r in open_
                     if r.due() is not None)
    assert levels["overdue"] > 0 and levels["due_soon"] > 0 and levels["ok"] > 0
    assert any(r.state == "awaiting_confirmation" for r in open_)
    assert any(r.state == "correction_requested" for r in open_)
    archived = sum(r.state == "archived" for r in REPLAYS)
    assert archived / len(APPS) > 0.8


def test_carried_over_new_year():
    carried = Counter()
    for r in REPLAYS:
        concluded = _action_dates(r.app, "issue_reply") + _action_dates(r.app, "correction_lapsed") \
            + _action_dates(r.app, "fee_lapsed")
        if r.received and concluded and concluded[0].year > r.received.year:
            carried[r.received.year] += 1
    assert carried[2023] > 0 and carried[2024] > 0 and carried[2025] > 0


def test_reviews_and_lawsuits():
    cases = [(a, c) for a in APPS for c in a.reviews]
    recon = [c for _, c in cases if c.kind == "reconsideration"]
    suits = [c for _, c in cases if c.kind == "litigation"]
    contestable = sum(1 for r in REPLAYS if r.outcome and _action_dates(r.app, "issue_reply") and (
        OUTCOMES[r.outcome].refusal or OUTCOMES[r.outcome].group in ("无法提供", "不予处理")))
    assert 0.015 < len(recon) / contestable < 0.05
    assert 0.005 < len(suits) / contestable < 0.03
    assert {c.route for c in suits} == {"direct", "after_review"}
    assert {c.result for c in recon + suits} >= {"upheld", "corrected", "pending"}
    for a, c in cases:
        replied = _action_dates(a, "issue_reply")[0]
        assert replied <= c.filed_on <= TODAY and c.body
        assert (c.result == "pending") == (c.decided_on is None)
        if c.decided_on:
            assert c.filed_on <= c.decided_on <= TODAY
        if c.kind == "reconsideration":
            assert c.route == "" and c.body.endswith("人民政府")
            if a.agency == "GK-GOV":
                assert c.body == "示例省人民政府"  # only provincial governments review their own acts
        else:
            assert c.body.endswith("人民法院")
            outcome = next(s.data["outcome"] for s in a.steps if s.action == "decide")
            if c.route == "after_review":
                prior = [p for p in a.reviews if p.kind == "reconsideration" and p.decided_on]
                assert prior and 0 < (c.filed_on - prior[0].decided_on).days <= 15
            elif OUTCOMES[outcome].refusal:
                assert replied < NEW_REVIEW_LAW  # from 2024 a refusal goes to reconsideration first


@pytest.mark.parametrize("scale", [0.25, 2.0])
def test_scale_multiplies_volume(scale):
    region = generate_region(seed=2026, start=date(2025, 1, 1), today=TODAY, scale=scale)
    per_year = len([a for a in region.applications if a.submitted_at.year == 2025])
    assert 0.7 * 850 * scale <= per_year <= 1.3 * 850 * scale + 60


def test_bad_arguments():
    with pytest.raises(ValueError):
        generate_region(start=TODAY, today=START)
    with pytest.raises(ValueError):
        generate_region(scale=0)
