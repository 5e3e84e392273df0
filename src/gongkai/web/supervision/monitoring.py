"""One check of a site through the safe fetcher: the home page, each column's list, a sample of its links.

    run_check(url, columns, today=..., ...) -> SiteRun     (the core's CheckResult plus what was fetched)
    visit(url, ...) -> VisitOutcome                         one availability sample of the home page

Used by `gongkai sites check`, the scheduled tasks (services.monitor) and bench/monitor.py. No Django here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from gongkai.core.monitor.listing import Listing, find_items
from gongkai.core.monitor.rules import Availability, CheckResult, ColumnState, HomeState, check

from .fetcher import (
    ConnectionFailed,
    DnsFailure,
    Fetched,
    FetchError,
    FetchPolicy,
    FetchTimeout,
    ProtocolError,
    RobotsCache,
    TlsError,
    TooManyRedirects,
    fetch,
)

KIND_CHOICES = ("news", "notices", "other")
LINK_SAMPLE = 5
# A link that cannot be reached for one of these reasons is broken; a refused address or robots.txt
# disallowing it is not the site's fault as a reader sees it, and is not counted.
_BROKEN_ERRORS = (ConnectionFailed, DnsFailure, FetchTimeout, TlsError, TooManyRedirects, ProtocolError)


@dataclass(frozen=True)
class ColumnSpec:
    url: str
    kind: str
    selector: str | None = None
    name: str = ""


@dataclass
class VisitOutcome:
    url: str
    ok: bool
    status: int | None
    elapsed_ms: int
    error_code: str = ""
    error: str = ""  # Chinese
    fetched: Fetched | None = None

    @property
    def robots_disallowed(self) -> bool:
        """Not a failure of the site: the monitor chose not to fetch (robots.txt), so no availability sample."""
        return self.error_code == "robots.disallowed"


@dataclass
class ColumnRun:
    spec: ColumnSpec
    state: ColumnState
    listing: Listing | None = None
    visit: VisitOutcome | None = None


@dataclass
class SiteRun:
    result: CheckResult
    home: VisitOutcome
    columns: list[ColumnRun] = field(default_factory=list)


class Fetcher:
    """The fetch settings of one run: policy, shared limiter and robots cache, and an optional total time
    (tests and the bench use short ones)."""

    def __init__(self, policy: FetchPolicy | None = None, *, limiter=None, robots: RobotsCache | bool = True,
                 timeout: float | None = None) -> None:
        self.policy = policy or FetchPolicy.from_env()
        self.limiter = limiter
        self.robots = robots
        self.timeout = timeout

    def get(self, url: str, *, read_body: bool = True) -> Fetched:
        return fetch(url, policy=self.policy, limiter=self.limiter, robots=self.robots, timeout=self.timeout,
                     read_body=read_body)

    def visit(self, url: str) -> VisitOutcome:
        started = time.monotonic()
        try:
            got = self.get(url)
        except FetchError as exc:
            return VisitOutcome(url, False, None, int((time.monotonic() - started) * 1000), exc.code, exc.message)
        if not got.ok:
            return VisitOutcome(url, False, got.status, got.elapsed_ms, "http.status",
                                f"服务器返回错误状态 {got.status}。", got)
        return VisitOutcome(url, True, got.status, got.elapsed_ms, fetched=got)


def broken_links(fetcher: Fetcher, urls: list[str]) -> tuple[list[str], int]:
    """(broken, checked): the links among `urls` that answer an error status or cannot be reached."""
    broken: list[str] = []
    checked = 0
    for url in urls:
        try:
            got = fetcher.get(url, read_body=False)
        except _BROKEN_ERRORS:
            checked += 1
            broken.append(url)
            continue
        except FetchError:
            continue  # refused, disallowed by robots.txt, malformed: not checked
        checked += 1
        if got.status >= 400:
            broken.append(url)
    return broken, checked


def check_column(fetcher: Fetcher, spec: ColumnSpec, *, today: date, link_sample: int = LINK_SAMPLE) -> ColumnRun:
    outcome = fetcher.visit(spec.url)
    if not outcome.ok:
        return ColumnRun(spec, ColumnState(url=spec.url, kind=spec.kind, reachable=False, error=outcome.error,
                                           name=spec.name, robots_disallowed=outcome.robots_disallowed),
                         None, outcome)
    listing = find_items(outcome.fetched.text, outcome.fetched.final_url, today=today, selector=spec.selector)
    sample = [i.url for i in listing.items if i.url.startswith(("http://", "https://"))][:link_sample]
    broken, checked = broken_links(fetcher, sample) if link_sample else ([], 0)
    state = ColumnState(
        url=spec.url, kind=spec.kind, reachable=True, items=len(listing.items), dated=len(listing.dated),
        last_update=listing.last_update(today=today), future_dated=len(listing.future(today=today)),
        broken_links=tuple(broken), links_checked=checked, name=spec.name,
    )
    return ColumnRun(spec, state, listing, outcome)


def run_check(url: str, columns: list[ColumnSpec], *, today: date, fetcher: Fetcher | None = None,
              availability: Availability | None = None, link_sample: int = LINK_SAMPLE) -> SiteRun:
    """Fetch the home page and every column, and judge them at `today` (the core's rules)."""
    fetcher = fetcher or Fetcher()
    home_visit = fetcher.visit(url)
    if home_visit.ok:
        listing = find_items(home_visit.fetched.text, home_visit.fetched.final_url, today=today, every_list=True)
        home = HomeState(url=url, reachable=True, last_update=listing.last_update(today=today),
                         dated=len(listing.dated))
    else:
        home = HomeState(url=url, reachable=False, error=home_visit.error,
                         robots_disallowed=home_visit.robots_disallowed)
    runs = [check_column(fetcher, spec, today=today, link_sample=link_sample) for spec in columns]
    result = check(home=home, columns=[r.state for r in runs], today=today, availability=availability)
    return SiteRun(result, home_visit, runs)
