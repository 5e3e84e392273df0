"""A deterministic demo region: 示例市, its agencies and staff, and the disclosure applications they handled.

    region = generate_region(seed=2026, start=date(2023, 1, 1), today=date(2026, 11, 22))
    region.agencies      # region → city government → departments; counties → departments and towns
    region.applications  # each with its steps (dated staff actions) and review/litigation cases
    region.staff         # registrar, handler, reviewer per handling agency; admin; a region supervisor

The generator decides *what happened* to each application — when it arrived, through which channel, whether
a correction, a consultation, an extension or a fee came up, what was decided and when — and lays the steps
on working days of the official calendar, with due dates from gongkai.core.clock. It states no derived
figures: the web's demo loader replays the steps through the real services, which compute the clocks,
letters and audit trail themselves. Step names are the actions of gongkai.core.applications.workflow, plus
"register" (staff intake of a non-online application; data {"received_on": ISO date} when the receipt date
is fixed at registration, {} when it is confirmed by a later "confirm_receipt").

Everything is made up (names, identity numbers with valid checksums, 0000- telephone area codes, 100-prefixed
mobile numbers that no operator issues, example.* e-mail domains). The same arguments give the same region.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from gongkai.core import fees
from gongkai.core.applications.identity import resident_id_checksum, uscc_checksum
from gongkai.core.applications.outcomes import OUTCOMES
from gongkai.core.clock import Pause, WorkCalendar, compute_deadline, fee_payment_due

from . import region_names as N

# --- the contract with the demo loader (gongkai.web.applications.demo) ------------------------------------


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    level: str  # "region" | "government" | "department" | "office"
    parent: str | None
    short_name: str
    address: str
    phone: str
    email: str
    # Set where the tree cannot give it: the city government's acts go to the province (复议法 art. 24 ¶1(二)).
    reconsideration_body: str = ""


@dataclass(frozen=True)
class Step:
    action: str
    on: date
    data: dict  # JSON-serialisable (dates as ISO strings)


@dataclass(frozen=True)
class ApplicantSpec:
    type: str  # natural_person | commercial | research | public_interest | legal_services | other_org
    name: str
    id_kind: str  # "resident_id" | "passport" | "uscc"
    id_number: str
    phone: str
    email: str
    address: str
    contact_person: str  # "" for natural persons


@dataclass(frozen=True)
class ReviewSpec:
    kind: str  # "reconsideration" | "litigation"
    route: str  # "" for reconsideration; "direct" | "after_review" for litigation
    body: str
    filed_on: date
    decided_on: date | None
    result: str  # "upheld" | "corrected" | "other" | "pending"


@dataclass(frozen=True)
class ApplicationSpec:
    key: str
    agency: str
    applicant: ApplicantSpec
    channel: str
    submitted_at: datetime  # naive local time (Asia/Shanghai)
    title: str
    doc_number: str
    description: str
    delivery_form: str
    delivery_method: str
    steps: tuple[Step, ...]
    reviews: tuple[ReviewSpec, ...]


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    agency: str
    roles: tuple[str, ...]  # registrar, handler, reviewer, agency_admin, supervisor


@dataclass(frozen=True)
class Region:
    agencies: tuple[AgencySpec, ...]
    applications: tuple[ApplicationSpec, ...]
    staff: tuple[StaffSpec, ...]


# --- mixes ----------------------------------------------------------------------------------------------

APPLICATIONS_PER_YEAR = 850  # region-wide at scale 1.0

APPLICANT_MIX = (
    ("natural_person", 85.0), ("commercial", 8.0), ("legal_services", 4.0), ("research", 1.0),
    ("public_interest", 1.0), ("other_org", 1.0),
)
CHANNEL_MIX = (
    ("online", 55.0), ("registered_post", 25.0), ("in_person", 12.0), ("ordinary_post", 2.5),
    ("email", 3.0), ("oral", 1.5), ("fax", 1.0),
)
# Outcomes decided by the handler (the two "deemed withdrawn" ones and 补正后仍不明确 follow from events).
OUTCOME_MIX = (
    ("disclosed", 40.0), ("partially_disclosed", 8.0),
    ("withheld_state_secret", 0.1), ("withheld_prohibited_by_law", 0.3), ("withheld_security_stability", 0.1),
    ("withheld_third_party", 1.5), ("withheld_internal_affairs", 0.6), ("withheld_process_info", 1.6),
    ("withheld_enforcement_file", 1.0), ("withheld_admin_query", 0.8),
    ("unable_not_held", 21.0), ("unable_needs_creation", 3.0),
    ("not_processed_petition", 5.0), ("not_processed_duplicate", 3.5), ("not_processed_publication", 0.8),
    ("not_processed_mass_repeated", 1.2), ("not_processed_confirm_reissue", 1.5),
    ("other_other", 1.0),
)
# Frequent applicants' bursts: many similar requests to one agency in one month.
BURST_OUTCOME_MIX = (
    ("disclosed", 30.0), ("unable_not_held", 25.0), ("not_processed_mass_repeated", 25.0),
    ("not_processed_duplicate", 15.0), ("partially_disclosed", 5.0),
)

P_CORRECTION = 0.08
P_CORRECTION_LATE = 0.12  # of corrections: the notice goes out after the 7 working days (~1% of all)
P_CORRECTION_LAPSES = 0.25
P_UNCLEAR_AFTER_CORRECTION = 0.15
P_EXTENSION = 0.05
P_LATE_REPLY = 0.03
P_STALLED_RECENT = 0.08  # received in the last 45 days and still lying at `today`: the overdue backlog
P_PAGE_FEE = 0.025  # of disclosed / partially disclosed applications
P_ITEM_FEE = 0.45  # of burst applications beyond the 10 free items of the month
P_FEE_LAPSES = 0.2
P_RECONSIDERATION = 0.026  # of replies that refuse, cannot provide or do not process
P_DIRECT_SUIT = 0.008
P_SUIT_AFTER_REVIEW = 0.25
P_ARCHIVED = 0.92

NEW_REVIEW_LAW = date(2024, 1, 1)  # 行政复议法 (2023 revision): refusals go to reconsideration first


def _weighted(rng: random.Random, mix) -> str:
    keys = [k for k, _ in mix]
    return rng.choices(keys, weights=[w for _, w in mix])[0]


# --- agencies -------------------------------------------------------------------------------------------


@dataclass
class _Agency:
    spec: AgencySpec
    weight: float
    category: str  # key of region_names.REQUESTS
    doc_prefix: str  # the agency's own document numbers, e.g. 示自然资规
    gov: str  # code of the government it belongs to (itself for a government)
    county: str | None  # county code suffix ("C01") or None for the city level
    small: bool  # one person registers and handles

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def name(self) -> str:
        return self.spec.name


def _phone(rng: random.Random) -> str:
    return f"0000-{rng.randint(2, 8)}{rng.randint(0, 9_999_999):07d}"


def _build_agencies(rng: random.Random) -> list[_Agency]:
    out: list[_Agency] = []
    road_no = iter(range(1, 10_000))

    def add(code, name, level, parent, short, weight, category, doc_prefix, gov, county, small=False, where=""):
        address = f"{where or N.CITY}{rng.choice(N.ROADS)}{next(road_no) * 3 + rng.randint(1, 2)}号"
        slug = code.lower().replace("gk-", "").replace("-", ".") if code != "GK" else "gk"
        spec = AgencySpec(code=code, name=name, level=level, parent=parent, short_name=short, address=address,
                          phone=_phone(rng), email=f"xxgk.{slug}@shili.example")
        out.append(_Agency(spec, weight, category, doc_prefix, gov, county, small))

    add("GK", N.CITY, "region", None, N.CITY, 0.0, "gov", "示政", "GK-GOV", None)
    add("GK-GOV", f"{N.CITY}人民政府", "government", "GK", "市政府", 14.0, "gov", "示政发", "GK-GOV", None)
    out[-1].spec = replace(out[-1].spec, reconsideration_body=f"{N.PROVINCE}人民政府")
    for code, name, short, weight, abbr, category in N.CITY_DEPARTMENTS:
        add(f"GK-{code}", f"{N.CITY}{name}", "department", "GK-GOV", short, weight, category,
            f"{N.CITY_SHORT}{abbr}", "GK-GOV", None)
    for suffix, county, kind, short in N.COUNTIES:
        gov_code = f"GK-{suffix}"
        place = f"{N.CITY}{county}" if kind == "区" else county
        add(gov_code, f"{place}人民政府", "government", "GK-GOV", f"{county}政府", 6.0 if kind == "区" else 5.0,
            "gov", f"{short}政发", gov_code, suffix, where=place)
        n_depts = 3 + rng.randint(0, 2)
        depts = [N.COUNTY_DEPARTMENTS[0], N.COUNTY_DEPARTMENTS[1]]
        depts += rng.sample(N.COUNTY_DEPARTMENTS[2:], n_depts - 2)
        depts.sort(key=N.COUNTY_DEPARTMENTS.index)
        for code, name, weight, abbr, category in depts:
            add(f"{gov_code}-{code}", f"{county}{name}", "department", gov_code, f"{county}{name}", weight,
                category, f"{short}{abbr}", gov_code, suffix, small=weight < 1.0, where=place)
        for i, town in enumerate(N.TOWNS[suffix][: 1 + rng.randint(0, 1)], 1):
            office = f"{town}办事处" if town.endswith("街道") else f"{town}人民政府"
            add(f"{gov_code}-T{i:02d}", f"{county}{office}", "office", gov_code, office, 0.6, "town", "",
                gov_code, suffix, small=True, where=f"{place}{town}")
    return out


def _staff(agencies: list[_Agency], names: _Names) -> list[StaffSpec]:
    out = [StaffSpec("gk-supervisor", names.person(), "GK", ("supervisor",))]
    for a in agencies:
        if a.spec.level == "region":
            continue
        base = a.code.lower()
        if a.small:
            # A small office: one clerk registers and handles; the reviewer also heads the disclosure work.
            out.append(StaffSpec(f"{base}-clerk", names.person(), a.code, ("registrar", "handler")))
            out.append(StaffSpec(f"{base}-reviewer", names.person(), a.code, ("reviewer", "office_head")))
        else:
            out.append(StaffSpec(f"{base}-registrar", names.person(), a.code, ("registrar",)))
            out.append(StaffSpec(f"{base}-handler", names.person(), a.code, ("handler",)))
            out.append(StaffSpec(f"{base}-reviewer", names.person(), a.code, ("reviewer",)))
            # 政府信息公开工作机构负责人: agrees to extensions (art. 33 ¶2) and art. 35 periods.
            out.append(StaffSpec(f"{base}-head", names.person(), a.code, ("office_head",)))
        if a.code == "GK-GOV":
            out.append(StaffSpec(f"{base}-admin", names.person(), a.code, ("agency_admin",)))
    return out


# --- people ---------------------------------------------------------------------------------------------

REGION_AREA_CODES = ("429900", "429901", "429902", "429903", "429904", "429905", "429906", "429907")
OTHER_AREA_CODES = ("110105", "310104", "440106", "320102", "330106", "420106", "510107", "610113")


def _org_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714): 8 digits and its check character."""
    body = [rng.randint(0, 9) for _ in range(8)]
    c = 11 - sum(d * w for d, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return "".join(map(str, body)) + {10: "X", 11: "0"}.get(c, str(c))


class _Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def person(self, unique: bool = True) -> str:
        rng = self.rng
        for _ in range(50):
            surname = rng.choice(N.SURNAMES)
            given = (rng.choice(N.GIVEN_CHARS) + rng.choice(N.GIVEN_CHARS)) if rng.random() < 0.6 \
                else rng.choice(N.GIVEN_CHARS)
            name = surname + given
            if not unique or name not in self.used:
                self.used.add(name)
                return name
        return name

    def company(self) -> str:
        trade = _weighted(self.rng, N.COMPANY_TRADES)
        return f"{N.CITY}{self.rng.choice(N.COMPANY_CORES)}{trade}"


class _People:
    """Applicants: new ones, and returning ones (some people apply more than once)."""

    def __init__(self, rng: random.Random, names: _Names):
        self.rng = rng
        self.names = names
        self.pool: dict[str, list[ApplicantSpec]] = defaultdict(list)
        self.ids: set[str] = set()

    def _resident_id(self) -> str:
        rng = self.rng
        while True:
            area = rng.choice(REGION_AREA_CODES) if rng.random() < 0.9 else rng.choice(OTHER_AREA_CODES)
            born = date(1945, 1, 1) + timedelta(days=rng.randint(0, 365 * 60))
            body = f"{area}{born:%Y%m%d}{rng.randint(0, 999):03d}"
            number = body + resident_id_checksum(body)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def _uscc(self, prefix: str) -> str:
        while True:
            body = prefix + self.rng.choice(REGION_AREA_CODES) + _org_code(self.rng)
            number = body + uscc_checksum(body)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def _mobile(self) -> str:
        return f"100{self.rng.randint(0, 99_999_999):08d}"

    def _address(self) -> str:
        rng = self.rng
        _, county, kind, _ = rng.choice(N.COUNTIES)
        place = f"{N.CITY}{county}" if kind == "区" else county
        if rng.random() < 0.6:
            return f"{place}{rng.choice(N.ROADS)}{rng.randint(1, 399)}号{rng.randint(1, 30)}栋{rng.randint(101, 2803)}室"
        return f"{place}{rng.choice(N.VILLAGES)}村{rng.randint(1, 12)}组{rng.randint(1, 80)}号"

    def _email(self) -> str:
        rng = self.rng
        handle = "".join(rng.choice("abcdefghijkmnpqrstuvwxyz") for _ in range(rng.randint(3, 7)))
        return f"{handle}{rng.randint(1, 9999)}@{rng.choice(('example.com', 'example.net', 'example.org'))}"

    def new(self, kind: str) -> ApplicantSpec:
        rng = self.rng
        if kind == "natural_person":
            if rng.random() < 0.01:
                id_kind, number = "passport", f"E{rng.randint(0, 99_999_999):08d}"
            else:
                id_kind, number = "resident_id", self._resident_id()
            a = ApplicantSpec(kind, self.names.person(unique=False), id_kind, number, self._mobile(),
                              self._email() if rng.random() < 0.6 else "", self._address(), "")
        else:
            if kind == "commercial":
                name, prefix = self.names.company(), "91"
            elif kind == "legal_services":
                name, prefix = f"{rng.choice(('示例', '示例省'))}{rng.choice(N.LAW_FIRMS)}", "31"
            elif kind == "research":
                name, prefix = rng.choice(N.RESEARCH_ORGS), "12"
            elif kind == "public_interest":
                name, prefix = rng.choice(N.PUBLIC_INTEREST_ORGS), rng.choice(("51", "52", "53"))
            else:
                _, county, _, _ = rng.choice(N.COUNTIES)
                name, prefix = f"{county}{rng.choice(N.VILLAGES)}{rng.choice(N.OTHER_ORGS)}", "93"
            for existing in self.pool[kind]:
                if existing.name == name:  # one organisation, one credit code
                    return existing
            phone = _phone(rng) if rng.random() < 0.5 else self._mobile()
            a = ApplicantSpec(kind, name, "uscc", self._uscc(prefix), phone, self._email(), self._address(),
                              self.names.person(unique=False))
        self.pool[kind].append(a)
        return a

    def draw(self) -> ApplicantSpec:
        kind = _weighted(self.rng, APPLICANT_MIX)
        pool = self.pool[kind]
        if pool and self.rng.random() < 0.1:
            return self.rng.choice(pool)
        return self.new(kind)


# --- one application ------------------------------------------------------------------------------------


@dataclass
class _Plan:
    agency: _Agency
    applicant: ApplicantSpec
    channel: str
    submitted_at: datetime
    burst: bool = False
    title: str = ""
    doc_number: str = ""
    description: str = ""
    delivery_form: str = ""
    delivery_method: str = ""
    steps: list[Step] = field(default_factory=list)
    received: date | None = None
    outcome: str = ""
    replied: date | None = None
    delivered: date | None = None
    reviews: list[ReviewSpec] = field(default_factory=list)
    item_fee: bool = False


class _Generator:
    def __init__(self, seed: int, start: date, today: date, scale: float, calendar: WorkCalendar):
        self.rng = random.Random(seed)
        self.seed, self.start, self.today, self.scale, self.cal = seed, start, today, scale, calendar
        self.names = _Names(random.Random(seed * 7919 + 1))
        self.people = _People(self.rng, self.names)
        self.agencies = _build_agencies(random.Random(seed * 7919 + 2))
        self.by_code = {a.code: a for a in self.agencies}
        self.handling = [a for a in self.agencies if a.spec.level != "region"]
        self.staff = _staff(self.agencies, self.names)
        self.earlier_titles: dict[str, list[str]] = defaultdict(list)

    # calendar helpers
    def wd_on_or_after(self, d: date) -> date:
        return d if self.cal.is_workday(d) else self.cal.add_workdays(d, 1)

    def add_wd(self, d: date, n: int) -> date:
        return self.cal.add_workdays(d, n) if n > 0 else d

    def sub_wd(self, d: date, n: int) -> date:
        while n > 0:
            d -= timedelta(days=1)
            if self.cal.is_workday(d):
                n -= 1
        return d

    def wd_between(self, a: date, b: date) -> int:
        return self.cal.workdays_between(a, b)

    # arrivals
    def arrivals(self) -> list[_Plan]:
        rng = self.rng
        weights = [a.weight for a in self.handling]
        per_day = APPLICATIONS_PER_YEAR * self.scale / 365.25 / 0.966
        plans: list[_Plan] = []
        d = self.start
        while d <= self.today:
            workday = self.cal.is_workday(d)
            lam = per_day * (1.25 if workday else 0.35) * (0.8 if d.month in (1, 2) else 1.0)
            for _ in range(_poisson(rng, lam)):
                agency = rng.choices(self.handling, weights=weights)[0]
                plans.append(self.arrival(agency, d, self.people.draw(), workday))
            d += timedelta(days=1)
        plans.extend(self.bursts())
        return plans

    def arrival(self, agency: _Agency, d: date, applicant: ApplicantSpec, workday: bool,
                channel: str | None = None) -> _Plan:
        rng = self.rng
        channel = channel or _weighted(rng, CHANNEL_MIX)
        if channel in ("in_person", "oral") and not workday:
            d = self.wd_on_or_after(d)
        if channel in ("in_person", "oral"):
            at = time(rng.choice((9, 10, 11, 14, 15, 16)), rng.randint(0, 59))
        elif channel == "online":
            at = time(rng.choices(range(24), weights=[1, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 9, 6, 6, 8, 9, 9, 8,
                                                      6, 6, 7, 6, 4, 2])[0], rng.randint(0, 59))
        else:
            at = time(rng.randint(8, 17), rng.randint(0, 59))
        return _Plan(agency, applicant, channel, datetime.combine(d, at))

    def bursts(self) -> list[_Plan]:
        """A few frequent applicants file a dozen or more requests with one agency in one month."""
        rng = self.rng
        plans: list[_Plan] = []
        frequent = [self.people.new(k) for k in ("natural_person", "natural_person", "natural_person",
                                                  "legal_services", "commercial")]
        targets = [a for a in self.handling if a.weight >= 2.0]
        months = []
        m = date(self.start.year, self.start.month, 1)
        while m <= self.today:
            months.append(m)
            m = date(m.year + m.month // 12, m.month % 12 + 1, 1)
        for person in frequent:
            for _ in range(max(1, round(2 * self.scale))):
                agency = rng.choices(targets, weights=[a.weight for a in targets])[0]
                month = rng.choice(months[:-1] or months)
                for _ in range(rng.randint(12, 24)):
                    d = month + timedelta(days=rng.randint(0, 27))
                    if d > self.today:
                        continue
                    p = self.arrival(agency, d, person, self.cal.is_workday(d),
                                     channel=rng.choice(("online", "online", "registered_post")))
                    p.burst = True
                    plans.append(p)
        return plans

    # content of the request
    def request(self, p: _Plan) -> None:
        rng = self.rng
        a = p.agency
        gov = self.by_code[a.gov]
        year = p.submitted_at.year - rng.randint(0, 3)
        surname = rng.choice(N.SURNAMES)
        ctx = dict(gov=gov.name, agency=a.name, village=rng.choice(N.VILLAGES), estate=rng.choice(N.ESTATES),
                   project=rng.choice(N.PROJECTS), parcel=rng.choice(N.PARCELS), road=rng.choice(N.ROADS),
                   river=rng.choice(N.RIVERS), company=self.names.company(), year=year, surname=surname)
        land_doc = f"{gov.doc_prefix[:1]}政征〔{year - rng.randint(0, 2)}〕{rng.randint(1, 60)}号"
        special = N.OUTCOME_REQUESTS.get(p.outcome)
        earlier = self.earlier_titles[p.applicant.id_number]
        doc_number = ""
        if p.outcome == "not_processed_duplicate" and earlier:
            title = rng.choice(earlier)
            description = f"再次申请公开{title}。"
        elif p.outcome == "not_processed_duplicate":  # the earlier application predates the demo data
            title_t, _, _ = rng.choice(N.REQUESTS[a.category])
            ctx["doc"] = ""
            title = title_t.format(**ctx)
            description = f"本人曾于{year}年申请公开{title}，现再次申请。"
        elif special:
            ctx["doc"] = land_doc
            title_t, description_t = rng.choice(special)
            title, description = title_t.format(**ctx), description_t.format(**ctx)
        else:
            title_t, doc_kind, description_t = rng.choice(N.REQUESTS[a.category])
            if doc_kind and rng.random() < 0.5:
                if doc_kind == "land":
                    doc_number = land_doc
                elif doc_kind == "gov":
                    doc_number = f"{gov.doc_prefix}〔{year}〕{rng.randint(1, 120)}号"
                else:
                    doc_number = f"{a.doc_prefix or gov.doc_prefix}〔{year}〕{rng.randint(1, 80)}号"
            ctx["doc"] = doc_number
            if not doc_number:
                description_t = description_t.replace("，如{doc}", "")
            title, description = title_t.format(**ctx), description_t.format(**ctx)
        earlier.append(title)
        p.title, p.doc_number, p.description = title, doc_number, description

        # form and delivery wanted (art. 29 ¶2(三))
        if p.channel == "online":
            method = rng.choices(("online", "email", "post"), weights=(40, 30, 30))[0]
        elif p.channel == "email":
            method = "email"
        elif p.channel in ("in_person", "oral"):
            method = rng.choices(("pickup", "post"), weights=(60, 40))[0]
        else:
            method = rng.choices(("post", "pickup"), weights=(80, 20))[0]
        if method == "email" and not p.applicant.email:
            method = "post"
        if method in ("online", "email"):
            form = "electronic"
        else:
            form = rng.choices(("paper", "electronic", "inspect"), weights=(80, 15, 5))[0]
        p.delivery_form, p.delivery_method = form, method

    # what happened
    def outcome(self, p: _Plan) -> str:
        rng = self.rng
        outcome = _weighted(rng, BURST_OUTCOME_MIX if p.burst else OUTCOME_MIX)
        return outcome

    def receipt(self, p: _Plan) -> date:
        """Steps up to the art. 31 receipt; returns the receipt date."""
        rng = self.rng
        day = p.submitted_at.date()
        if p.channel in ("in_person", "oral"):
            p.steps.append(Step("register", day, {"received_on": day.isoformat()}))
            return day
        if p.channel == "registered_post":
            signed = self.add_wd(day, rng.choice((1, 2, 2, 3, 3, 4)))
            p.steps.append(Step("register", signed, {"received_on": signed.isoformat()}))
            return signed
        if p.channel == "ordinary_post":
            # art. 31(二): confirmed with the applicant the day the letter arrives — one in five a day late
            arrived = self.add_wd(day, rng.randint(2, 5))
            p.steps.append(Step("register", arrived, {"arrived_on": arrived.isoformat()}))
            confirmed = arrived if rng.random() < 0.8 else self.add_wd(arrived, 1)
        else:  # online, email, fax: confirmed the same working day, or the next one
            late_in_day = p.submitted_at.hour >= 16
            first = day if self.cal.is_workday(day) and not late_in_day else self.add_wd(day, 1)
            if p.channel != "online":
                p.steps.append(Step("register", first, {}))
            confirmed = first if rng.random() < 0.85 else self.add_wd(first, 1)
        p.steps.append(Step("confirm_receipt", confirmed, {}))
        return confirmed

    def handle(self, p: _Plan) -> None:
        rng, cal = self.rng, self.cal
        received = p.received = self.receipt(p)
        cur = received
        correction_received: date | None = None
        pauses: list[Pause] = []
        outcome = p.outcome

        if rng.random() < P_CORRECTION and outcome not in ("not_processed_duplicate",):
            k = rng.randint(8, 12) if rng.random() < P_CORRECTION_LATE else rng.choice((1, 2, 3, 3, 4, 5, 6, 7))
            asked = self.add_wd(received, k)
            period = rng.choice((10, 15, 15, 15, 20))
            p.steps.append(Step("request_correction", asked, {
                "period_days": period, "items": rng.choice(N.CORRECTION_ITEMS), "notice_late": k > 7}))
            deadline = asked + timedelta(days=period)
            if rng.random() < P_CORRECTION_LAPSES:
                lapsed = self.add_wd(deadline, rng.randint(1, 4))
                p.steps.append(Step("correction_lapsed", lapsed, {}))
                p.outcome = "other_no_correction"
                self.archive(p, lapsed)
                return
            corrected = self.wd_on_or_after(asked + timedelta(days=rng.randint(1, period)))
            text = rng.choice(N.CORRECTION_TEXTS).format(title=p.title, year=p.submitted_at.year - 1,
                                                         place=rng.choice(N.VILLAGES) + "村")
            p.steps.append(Step("receive_correction", corrected, {"text": text}))
            correction_received = cur = corrected
            if rng.random() < P_UNCLEAR_AFTER_CORRECTION:
                outcome = p.outcome = "unable_unclear_after_correction"

        base = correction_received or received
        p_consult = {"withheld_third_party": 0.85, "partially_disclosed": 0.2, "disclosed": 0.02,
                     "unable_not_held": 0.03}.get(outcome, 0.0)
        if rng.random() < p_consult:
            kind = "agency" if outcome == "unable_not_held" or rng.random() < 0.15 else "third_party"
            if kind == "agency":
                party = rng.choice([a for a in self.handling if a is not p.agency]).name
            else:
                party = rng.choice(N.THIRD_PARTIES).format(
                    company=self.names.company(), surname=rng.choice(N.SURNAMES), estate=rng.choice(N.ESTATES))
            started = self.add_wd(base, rng.randint(2, 8))
            ended = self.add_wd(started, rng.choice((5, 8, 10, 12, 14, 15, 15, 16)))
            p.steps.append(Step("start_consultation", started, {"party": party, "kind": kind}))
            p.steps.append(Step("end_consultation", ended, {}))
            pauses.append(Pause(started, ended, "third_party" if kind == "third_party" else "consultation"))
            cur = ended

        def due(extension: int = 0) -> date:
            return compute_deadline(received, calendar=cal, correction_received=correction_received,
                                    pauses=pauses, extension_days=extension).due

        running = due()
        extension = 0
        if rng.random() < P_EXTENSION * (3 if pauses else 1):
            extension = rng.choice((5, 10, 10, 15, 20, 20, 20))
            extended_on = max(cur, self.sub_wd(running, rng.randint(0, 5)))
            p.steps.append(Step("extend", extended_on, {
                "days": extension, "reason": rng.choice(N.EXTENSION_REASONS)}))
            running = due(extension)
            cur = extended_on

        fee_method = None
        if outcome in ("disclosed", "partially_disclosed") and p.delivery_form != "inspect":
            if p.item_fee:
                fee_method = "per_item"
            elif rng.random() < P_PAGE_FEE:
                fee_method = "per_page"
        if fee_method:
            noticed = min(self.add_wd(cur, rng.randint(1, 6)), running)
            noticed = max(noticed, cur)
            data = {"method": fee_method, "units": rng.randint(35, 320) if fee_method == "per_page" else 1}
            if fee_method == "per_page":
                data["amount_yuan"] = fees.quote_per_page(data["units"]).amount_yuan
            p.steps.append(Step("charge_fee", noticed, data))  # per-item amounts are set once all are known
            # The payment period runs from the applicant's receipt of the notice (109号): e-mailed or
            # online notices arrive the day they are sent, posted ones a few working days later.
            electronic = p.delivery_method in ("online", "email")
            notice_received = noticed if electronic else self.add_wd(noticed, rng.randint(2, 4))
            p.steps.append(Step("fee_notice_delivered", notice_received,
                                {"channel": p.delivery_method if electronic else "post"}))
            if rng.random() < P_FEE_LAPSES:
                lapsed = self.add_wd(fee_payment_due(notice_received, calendar=cal), rng.randint(1, 3))
                p.steps.append(Step("fee_lapsed", lapsed, {}))
                p.outcome = "other_fee_unpaid"
                self.archive(p, lapsed)
                return
            paid = self.add_wd(notice_received, rng.choice((0, 1, 2, 3, 5, 8, 12)))
            p.steps.append(Step("fee_paid", paid, {}))
            pauses.append(Pause(noticed, paid, "fee"))
            running = due(extension)
            cur = paid

        # the reply
        recent = (self.today - received).days <= 45
        room = max(self.wd_between(cur, running), 0)
        if recent and rng.random() < P_STALLED_RECENT:
            replied = self.add_wd(max(running, self.today), rng.randint(1, 15))
        elif rng.random() < P_LATE_REPLY:
            replied = self.add_wd(max(running, cur), rng.randint(1, 10))
        elif room == 0:
            replied = cur
        elif p.channel == "in_person" and outcome == "disclosed" and rng.random() < 0.1 and cur == received:
            replied = received  # answered on the spot (art. 33 ¶1)
        else:
            replied = self.add_wd(cur, max(1, round(rng.triangular(1, room, room * 0.85))))
        decided = max(cur, self.sub_wd(replied, rng.choice((0, 0, 1, 1, 2))))
        o = OUTCOMES[outcome]
        data = {"outcome": outcome, "variant": "", "reasons": "", "other_agency": "", "basis": ""}
        if outcome == "disclosed" and rng.random() < 0.15:
            data["variant"] = "already_public"
        if outcome == "unable_not_held" and (rng.random() < 0.4 or pauses and pauses[0].kind == "consultation"):
            # usually the same line of work at another level or in another county
            same_line = [a for a in self.handling if a.category == p.agency.category and a is not p.agency]
            other = rng.choice(same_line if same_line and rng.random() < 0.8 else
                               [a for a in self.handling if a is not p.agency])
            data["variant"] = "not_this_agency"
            data["other_agency"] = f"{other.name}（地址：{other.spec.address}；电话：{other.spec.phone}）"
        data["basis"] = o.basis_for(data["variant"]) or N.BASIS_FALLBACK[outcome]
        key = f"{outcome}/{data['variant']}" if data["variant"] else outcome
        data["reasons"] = rng.choice(N.REASONS[key]).format(other=data["other_agency"])
        p.steps.append(Step("decide", decided, data))
        if o.needs_review:
            p.steps.append(Step("approve_decision", min(replied, self.add_wd(decided, rng.choice((0, 0, 1)))), {}))
        p.steps.append(Step("issue_reply", replied, {}))
        p.replied = replied
        if p.delivery_method in ("online", "email"):
            delivered = replied
        elif p.delivery_method == "pickup":
            delivered = self.add_wd(replied, rng.randint(1, 5))
        else:
            delivered = self.add_wd(replied, rng.randint(2, 4))
        p.steps.append(Step("deliver", delivered, {"method": p.delivery_method}))
        p.delivered = delivered
        self.archive(p, delivered)

    def archive(self, p: _Plan, after: date) -> None:
        if self.rng.random() < P_ARCHIVED:
            p.steps.append(Step("archive", self.wd_on_or_after(after + timedelta(days=self.rng.randint(7, 90))), {}))

    # remedies
    def reviews(self, p: _Plan) -> None:
        rng = self.rng
        o = OUTCOMES[p.outcome]
        if p.delivered is None or p.delivered > self.today:
            return
        contestable = o.refusal or o.group in ("无法提供", "不予处理")
        if not contestable and rng.random() > 0.05:
            return
        a = p.agency
        recon = P_RECONSIDERATION if contestable else P_RECONSIDERATION / 3
        roll = rng.random()
        if roll < recon:
            filed = p.delivered + timedelta(days=rng.randint(10, 58))
            if filed > self.today:
                return
            decided = filed + timedelta(days=rng.randint(35, 88))
            result = "pending" if decided > self.today else rng.choices(
                ("upheld", "corrected", "other"), weights=(70, 15, 15))[0]
            p.reviews.append(ReviewSpec("reconsideration", "", self.reconsideration_body(a, filed), filed,
                                        None if result == "pending" else decided, result))
            if result in ("upheld", "other") and rng.random() < P_SUIT_AFTER_REVIEW:
                sued = decided + timedelta(days=rng.randint(3, 14))
                if sued <= self.today:
                    self.suit(p, "after_review", sued)
        elif roll < recon + P_DIRECT_SUIT:
            # From 2024 a refusal must first go to reconsideration (行政复议法 art. 23).
            if o.refusal and p.replied >= NEW_REVIEW_LAW:
                return
            sued = p.delivered + timedelta(days=rng.randint(20, 170))
            if sued <= self.today:
                self.suit(p, "direct", sued)

    def suit(self, p: _Plan, route: str, filed: date) -> None:
        decided = filed + timedelta(days=self.rng.randint(80, 200))
        result = "pending" if decided > self.today else self.rng.choices(
            ("upheld", "corrected", "other"), weights=(65, 15, 20))[0]
        p.reviews.append(ReviewSpec("litigation", route, self.court(p.agency), filed,
                                    None if result == "pending" else decided, result))

    def reconsideration_body(self, a: _Agency, filed: date) -> str:
        if a.code == "GK-GOV":
            # A city government's own acts are reviewed by the province, before and after the 2023 revision
            # (art. 24 ¶1(二); only provincial governments review their own acts, art. 24 ¶2).
            return f"{N.PROVINCE}人民政府"
        if a.spec.level == "government":
            return self.by_code[a.spec.parent or "GK-GOV"].name
        return self.by_code[a.gov].name

    def court(self, a: _Agency) -> str:
        if a.spec.level == "government":
            return f"{N.CITY}中级人民法院"
        if a.county is None:
            return f"{N.CITY}临江区人民法院"  # city departments' cases are centralised in one basic court
        _, county, kind, _ = next(c for c in N.COUNTIES if c[0] == a.county)
        return f"{N.CITY}{county}人民法院" if kind == "区" else f"{county}人民法院"

    # per-item fees need the items of the month's earlier applications of the same applicant at the same
    # agency (one item each, unless a per-item fee split an application into several)
    def item_fees(self, plans: list[_Plan]) -> None:
        seen: dict[tuple[str, str], list[tuple[date, int]]] = defaultdict(list)
        for p in plans:
            key = (p.agency.code, p.applicant.id_number)
            if p.received is not None and p.received <= self.today:
                before = sum(n for d, n in seen[key] if d.replace(day=1) == p.received.replace(day=1)
                             and d <= p.received)
                items = 1
                for i, s in enumerate(p.steps):
                    if s.action == "charge_fee" and s.data["method"] == "per_item":
                        items = max(1, fees.FREE_ITEMS + 1 - before) + self.rng.choice((0, 0, 0, 1, 2))
                        p.steps[i] = Step(s.action, s.on, {
                            "method": "per_item", "units": items, "items_before": before,
                            "amount_yuan": fees.item_fee_for_application(before, items)})
                seen[key].append((p.received, items))

    def run(self) -> Region:
        plans = self.arrivals()
        plans.sort(key=lambda p: (p.submitted_at, p.agency.code, p.applicant.id_number))
        month_count: dict[tuple[str, str, int, int], int] = defaultdict(int)
        for p in plans:
            p.outcome = self.outcome(p)
            self.request(p)
            if p.burst:
                k = (p.agency.code, p.applicant.id_number, p.submitted_at.year, p.submitted_at.month)
                month_count[k] += 1
                p.item_fee = month_count[k] > fees.FREE_ITEMS and self.rng.random() < P_ITEM_FEE
            self.handle(p)
        for p in plans:
            p.steps = [s for s in p.steps if s.on <= self.today]
        # A letter still in the post (not yet signed for or opened) is not known to the office yet.
        plans = [p for p in plans if p.steps or p.channel == "online"]
        for p in plans:
            if not any(s.action in ("issue_reply",) for s in p.steps):
                p.replied = p.delivered = None
            elif not any(s.action == "deliver" for s in p.steps):
                p.delivered = None
            if not any(s.action in ("confirm_receipt",) or s.data.get("received_on") for s in p.steps):
                p.received = None
            self.reviews(p)
        self.item_fees(plans)
        apps = []
        serial: dict[tuple[str, date], int] = defaultdict(int)
        for p in plans:
            day = p.submitted_at.date()
            serial[(p.agency.code, day)] += 1
            key = f"demo-{self.seed}-{p.agency.code}-{day:%Y%m%d}-{serial[(p.agency.code, day)]:02d}"
            apps.append(ApplicationSpec(
                key=key, agency=p.agency.code, applicant=p.applicant, channel=p.channel,
                submitted_at=p.submitted_at, title=p.title, doc_number=p.doc_number, description=p.description,
                delivery_form=p.delivery_form, delivery_method=p.delivery_method, steps=tuple(p.steps),
                reviews=tuple(p.reviews)))
        return Region(agencies=tuple(a.spec for a in self.agencies), applications=tuple(apps),
                      staff=tuple(self.staff))


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method (λ here is a few applications a day)."""
    import math

    limit, k, prod = math.exp(-lam), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


def generate_region(*, seed: int = 2026, start: date = date(2023, 1, 1), today: date = date(2026, 11, 22),
                    scale: float = 1.0, calendar: WorkCalendar | None = None) -> Region:
    """The demo region with applications received from `start` up to `today` (see the module doc).

    `scale` multiplies the volume (about 850 applications a year region-wide at 1.0). Steps later than
    `today` are not included, so recent applications are still open; the same arguments give the same
    region."""
    if start > today:
        raise ValueError("start is after today")
    if scale <= 0:
        raise ValueError("scale must be positive")
    return _Generator(seed, start, today, scale, calendar or WorkCalendar.official()).run()
