"""Every write of the website monitor: sites and their columns (validated; nothing saved on any error), the
visits and checks the scheduled tasks record. Each write is one transaction; people's changes are audited
in the monitor's hash-chained trail (MonitorEvent)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from gongkai.core.errors import GongkaiError
from gongkai.core.monitor.listing import SelectorError, compile_selector
from gongkai.core.monitor.rules import KINDS, Availability, Visit, weekly_availability
from gongkai.web.common import audit_trail

from ..fetcher import FetchPolicy, MalformedUrl, RobotsCache, parse_url, refused_reason
from ..models import (
    ColumnObservation,
    MonitorChainHead,
    MonitoredColumn,
    MonitoredSite,
    MonitorEvent,
    SiteCheck,
    SiteVisit,
)
from ..monitoring import ColumnSpec, Fetcher, VisitOutcome, run_check

# Chinese names a supervisor may type for a column's kind, besides the codes.
KIND_ALIASES = {
    "news": "news", "动态": "news", "要闻": "news", "动态要闻": "news", "工作动态": "news",
    "notices": "notices", "通知公告": "notices", "政策文件": "notices", "公告": "notices", "通知": "notices",
    "other": "other", "其他": "other", "其它": "other",
}


class MonitorInputError(GongkaiError):
    code = "monitor.input"
    default_message = "监测网站的填写有误。"

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors), message="；".join(errors))


@dataclass(frozen=True)
class ColumnInput:
    url: str
    kind: str
    selector: str = ""
    name: str = ""


def policy_for(site: MonitoredSite | None = None) -> FetchPolicy:
    """The fetch policy of the settings; a demo fixture site may be on loopback in demo mode only."""
    allow = settings.GONGKAI_MONITOR_ALLOW_PRIVATE or bool(settings.DEMO and site is not None and site.demo)
    return FetchPolicy(allow_private=allow, max_bytes=settings.GONGKAI_MONITOR_MAX_BYTES,
                       host_interval=settings.GONGKAI_MONITOR_HOST_INTERVAL_MS / 1000)


class CacheLimiter:
    """The per-host minimum interval shared by every worker through the cache (Redis in production): the
    first to `add` the host's key may go, the others wait for it to expire."""

    def wait(self, host: str, interval: float) -> None:
        if interval <= 0:
            return
        key = f"gongkai-monitor-host:{host}"
        ttl = max(1, math.ceil(interval)) if not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache") \
            else interval
        while not cache.add(key, 1, timeout=ttl):
            time.sleep(min(0.05, interval))


_robots = RobotsCache()


def fetcher_for(site: MonitoredSite) -> Fetcher:
    return Fetcher(policy_for(site), limiter=CacheLimiter(), robots=_robots)


# --- validation ---------------------------------------------------------------------------------------------

def _url_error(url: str, what: str, *, allow_private: bool) -> str | None:
    try:
        target = parse_url(url)
    except MalformedUrl as exc:
        return f"{what}：{exc.message}"
    if allow_private:
        return None
    host = target.host.lower()
    if host == "localhost" or host.endswith(".localhost"):
        return f"{what}：不能监测本机地址（{host}）。"
    try:
        reason = refused_reason(host)
    except ValueError:
        return None  # a name: its addresses are checked at every fetch
    return f"{what}：不能监测{reason}（{host}）。" if reason else None


def parse_columns(text: str) -> list[ColumnInput]:
    """Columns typed one per line as `栏目名称 | 类型 | 网址 | CSS 选择器（可省）`, or `类型 | 网址`. Raises
    MonitorInputError naming every bad line."""
    columns, errors = parse_columns_partial(text)
    if errors:
        raise MonitorInputError(errors)
    return columns


def parse_columns_partial(text: str) -> tuple[list[ColumnInput], list[str]]:
    """The columns of the lines that parse, and one error per line that does not (so a form can also check
    the good lines' URLs and selectors and show every problem after one submit)."""
    columns: list[ColumnInput] = []
    errors: list[str] = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 2:
            parts = ["", *parts, ""]
        elif len(parts) == 3:
            parts = [*parts, ""]
        if len(parts) != 4:
            errors.append(f"栏目第{n}行：应写作“栏目名称 | 类型 | 网址 | CSS 选择器”，选择器可省略。")
            continue
        name, kind, url, selector = parts
        code = KIND_ALIASES.get(kind)
        if code is None:
            errors.append(f"栏目第{n}行：类型“{kind}”无效，应为 动态（news）、通知公告（notices）或 其他（other）。")
            continue
        columns.append(ColumnInput(url=url, kind=code, selector=selector, name=name))
    return columns, errors


def columns_text(site: MonitoredSite) -> str:
    labels = {"news": "动态", "notices": "通知公告", "other": "其他"}
    lines = []
    for c in site.columns.all():
        line = f"{c.name} | {labels[c.kind]} | {c.url}"
        lines.append(line + (f" | {c.selector}" if c.selector else ""))
    return "\n".join(lines)


DEMO_PREFIX = "/work/supervision/sites/demo-web/"


def _demo_urls(url: str, columns: list[ColumnInput]) -> bool:
    """Whether every URL is one of the demo's fixture pages on this machine (loopback, the demo path): the only
    private addresses a demo site may reach, so a demo site edited to point elsewhere loses the exception."""
    for u in [url, *(c.url for c in columns)]:
        try:
            target = parse_url(u)
        except MalformedUrl:
            return False
        if target.host not in ("127.0.0.1", "localhost", "::1") or not target.path.startswith(DEMO_PREFIX):
            return False
    return True


def validation_errors(name: str, url: str, columns: list[ColumnInput], *, demo: bool = False) -> list[str]:
    """Every problem of a site's fields (without saving): for forms, which show them all at once."""
    allow = settings.GONGKAI_MONITOR_ALLOW_PRIVATE or (demo and _demo_urls(url, columns))
    return _validate(name, url, columns, allow_private=allow)


def _validate(name: str, url: str, columns: list[ColumnInput], *, allow_private: bool) -> list[str]:
    errors = []
    if not name.strip():
        errors.append("网站名称不能为空。")
    err = _url_error(url, "首页网址", allow_private=allow_private)
    if err:
        errors.append(err)
    for n, c in enumerate(columns, start=1):
        label = f"栏目{c.name or n}"
        if c.kind not in KINDS:
            errors.append(f"{label}：类型无效。")
        err = _url_error(c.url, f"{label}的网址", allow_private=allow_private)
        if err:
            errors.append(err)
        if c.selector:
            try:
                compile_selector(c.selector)
            except SelectorError as exc:
                errors.append(f"{label}：{exc.message}")
    return errors


# --- writes -------------------------------------------------------------------------------------------------

def _event(site: MonitoredSite, actor, action: str, data: dict) -> None:
    audit_trail.append(MonitorChainHead, MonitorEvent(site=site, at=timezone.now(), actor=actor, action=action,
                                                      data=data))


def site_save(*, actor, owner, name: str, url: str, columns: list[ColumnInput], agency=None, active: bool = True,
              site: MonitoredSite | None = None, demo: bool = False) -> MonitoredSite:
    """Create (site=None) or change a monitored site with its columns, all or nothing."""
    demo = demo and _demo_urls(url, columns)
    errors = _validate(name, url, columns, allow_private=settings.GONGKAI_MONITOR_ALLOW_PRIVATE or demo)
    url = url.strip()
    duplicate = MonitoredSite.objects.filter(owner=owner, url=url)
    if site is not None:
        duplicate = duplicate.exclude(pk=site.pk)
    if url and duplicate.exists():
        errors.append(f"首页网址 {url} 已在监测中。")
    if errors:
        raise MonitorInputError(errors)
    with transaction.atomic():
        created = site is None
        if created:
            site = MonitoredSite()
        site.demo = demo
        site.name, site.url, site.owner, site.agency, site.active = name.strip(), url, owner, agency, active
        site.save()
        site.columns.all().delete() if not created else None
        MonitoredColumn.objects.bulk_create([
            MonitoredColumn(site=site, name=c.name, url=c.url.strip(), kind=c.kind, selector=c.selector.strip(),
                            position=i) for i, c in enumerate(columns)])
        _event(site, actor, "created" if created else "changed", {
            "name": site.name, "url": site.url, "active": active, "owner": owner.code,
            "columns": [[c.kind, c.url, c.selector] for c in columns]})
    return site


def request_check(*, actor, site: MonitoredSite) -> None:
    """Record that someone asked for a check now (the check itself runs on the queue)."""
    with transaction.atomic():
        _event(site, actor, "check_requested", {})


def record_visit(site: MonitoredSite, outcome: VisitOutcome, *, at: datetime) -> SiteVisit:
    return SiteVisit.objects.create(site=site, at=at, ok=outcome.ok, status=outcome.status,
                                    elapsed_ms=outcome.elapsed_ms, error_code=outcome.error_code[:32],
                                    error=outcome.error[:300])


def visit(site: MonitoredSite, *, at: datetime | None = None, fetcher: Fetcher | None = None) -> SiteVisit | None:
    """One availability sample of the site's home page, stored; None when robots.txt forbids fetching it
    (no sample: the site did not fail, the monitor stayed away)."""
    fetcher = fetcher or fetcher_for(site)
    outcome = fetcher.visit(site.url)
    if outcome.robots_disallowed:
        return None
    return record_visit(site, outcome, at=at or timezone.now())


def availability(site: MonitoredSite, *, last_day: date, days: int = 7) -> Availability:
    """The site's availability over the `days` days ending `last_day`, from the stored visits (19号 veto)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(last_day - timedelta(days=days - 1), datetime.min.time(), tzinfo=tz)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    rows = SiteVisit.objects.filter(site=site, at__gte=start, at__lt=end).values_list("at", "ok", "elapsed_ms")
    visits = [Visit(at.astimezone(tz).replace(tzinfo=None), ok, ms) for at, ok, ms in rows]
    return weekly_availability(visits, last_day=last_day, days=days)


def week_counts(site_ids: list[int], *, last_day: date, days: int = 7) -> dict[int, dict]:
    """Visits and failures per site over the `days` days ending `last_day`, in one query (the site list)."""
    from django.db.models import Count, Q

    from gongkai.core.monitor.rules import TIMEOUT_MS

    tz = timezone.get_current_timezone()
    start = datetime.combine(last_day - timedelta(days=days - 1), datetime.min.time(), tzinfo=tz)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    out = {}
    for row in (SiteVisit.objects.filter(site_id__in=site_ids, at__gte=start, at__lt=end).values("site_id")
                .annotate(visits=Count("id"), failures=Count("id", filter=Q(ok=False) | Q(elapsed_ms__gt=TIMEOUT_MS)))
                .order_by()):
        v, f = row["visits"], row["failures"]
        out[row["site_id"]] = {"visits": v, "failures": f, "percent": round(100 * f / v, 1) if v else None}
    return out


def check(site: MonitoredSite, *, at: datetime | None = None, manual: bool = False,
          fetcher: Fetcher | None = None, store_visit: bool = True) -> SiteCheck:
    """A full check now: fetch (outside any transaction), then store the check, its column observations and
    the home page visit together. Availability is judged over the 7 whole days before the check date."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    columns = list(site.columns.all())
    specs = [ColumnSpec(url=c.url, kind=c.kind, selector=c.selector or None, name=c.name) for c in columns]
    run = run_check(site.url, specs, today=today, fetcher=fetcher or fetcher_for(site),
                    availability=availability(site, last_day=today - timedelta(days=1)),
                    link_sample=settings.GONGKAI_MONITOR_LINK_SAMPLE)
    result = run.result
    with transaction.atomic():
        stored = SiteCheck.objects.create(
            site=site, at=at, check_date=today, reachable=result.reachable, last_update=result.last_update,
            findings=[f.to_json() for f in result.findings], veto=any(f.severity == "veto" for f in result.findings),
            manual=manual)
        ColumnObservation.objects.bulk_create([
            ColumnObservation(check_run=stored, column=column, at=at, reachable=state.reachable,
                              last_update=state.last_update, stale=stale, items=state.items, dated=state.dated,
                              future_dated=state.future_dated, links_checked=state.links_checked,
                              broken_links=list(state.broken_links), error=(state.error or "")[:300])
            for column, (state, stale) in zip(columns, result.columns, strict=True)])
        if store_visit and not run.home.robots_disallowed:
            record_visit(site, run.home, at=at)
    return stored


def due_for_check(site: MonitoredSite, *, today: date) -> bool:
    return not SiteCheck.objects.filter(site=site, check_date=today).exists()


def due_site_ids(now: datetime) -> list[int]:
    """The active sites whose slot is this minute: site ids spread over GONGKAI_MONITOR_VISIT_MINUTES by a
    multiplicative hash, so consecutive ids do not all fall in the same minute."""
    from django.db.models import F
    from django.db.models.functions import Mod

    interval = settings.GONGKAI_MONITOR_VISIT_MINUTES
    local = timezone.localtime(now)
    slot = (local.hour * 60 + local.minute) % interval
    return list(MonitoredSite.objects.filter(active=True).annotate(slot=Mod(F("id") * 37, interval))
                .filter(slot=slot).order_by("id").values_list("id", flat=True))


def slot_of(site_id: int) -> int:
    return site_id * 37 % settings.GONGKAI_MONITOR_VISIT_MINUTES
