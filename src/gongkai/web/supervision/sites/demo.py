"""The demo's monitored sites: fixture websites shipped in demo_web/ and served by gongkai itself at
/work/supervision/sites/demo-web/<site>/ when GONGKAI_DEMO=1, their dates written relative to the day they are
served (so a fresh column stays fresh and a stale one stale, whenever the demo runs), and a week of visit
history so the pages are alive on first start.

Placeholders in the fixture pages, N days before today:  {{d-N}} 2026-11-22   {{zh-N}} 2026年11月22日
{{md-N}} 11-22   {{t-N}} 20261122 (URLs, TRS style)   {{ym-N}} 202611
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from importlib import resources

from django.db import transaction
from django.utils import timezone

from ..fetcher import Fetched
from ..monitoring import Fetcher

_PLACEHOLDER = re.compile(r"\{\{(d|zh|md|t|ym)-(\d+)\}\}")


def render(text: str, *, today: date) -> str:
    def sub(m: re.Match) -> str:
        d = today - timedelta(days=int(m.group(2)))
        return {"d": d.isoformat(), "zh": f"{d.year}年{d.month}月{d.day}日", "md": d.strftime("%m-%d"),
                "t": d.strftime("%Y%m%d"), "ym": d.strftime("%Y%m")}[m.group(1)]

    return _PLACEHOLDER.sub(sub, text)


_SAFE_PATH = re.compile(r"^[a-z0-9_\-/.]*$")
# An article page of a site that has _article.html: any *.html path below a column (TRS-style t20261122_1.html
# or content_1.html). A site without one (the town) answers 404 for its items: its links are broken.
_ARTICLE = re.compile(r"^[a-z0-9_/]+/[a-z0-9_]+\.html$")


def page_text(site: str, path: str, *, today: date) -> str | None:
    """A fixture page rendered for `today`, or None (404)."""
    if not _SAFE_PATH.match(site) or not _SAFE_PATH.match(path) or ".." in path or path.startswith("/") or not site:
        return None
    if path == "" or path.endswith("/"):
        path += "index.html"
    base = resources.files("gongkai.web.supervision.sites") / "demo_web" / site
    if not base.is_dir():
        return None
    page = base.joinpath(*path.split("/"))
    if not page.is_file():
        article = base / "_article.html"
        if not (_ARTICLE.match(path) and article.is_file()):
            return None
        page = article
    return render(page.read_text(encoding="utf-8"), today=today)


class FixtureFetcher(Fetcher):
    """Answers the demo sites' URLs from the fixture files in-process: used once, by `gongkai demo load`,
    to store a first check before any server runs (the scheduled checks then fetch through the server)."""

    def __init__(self, base: str, *, today: date) -> None:
        super().__init__(robots=False)
        self.prefix = base.rstrip("/") + PREFIX
        self.today = today

    def get(self, url: str, *, read_body: bool = True) -> Fetched:
        text = None
        if url.startswith(self.prefix):
            site, _, path = url[len(self.prefix):].partition("/")
            text = page_text(site, path, today=self.today)
        body = (text or "<h1>404</h1>").encode("utf-8")
        return Fetched(url=url, final_url=url, status=200 if text is not None else 404,
                       headers={"content-type": "text/html; charset=utf-8"}, body=body, elapsed_ms=1,
                       address="127.0.0.1")


DEFAULT_BASE = "http://127.0.0.1:8000"
PREFIX = "/work/supervision/sites/demo-web/"

# (site dir, name, [(column name, kind, path, selector)], daily failure pattern for the generated week)
SITES = [
    ("county", "示例县人民政府门户网站", [
        ("工作动态", "news", "zwdt/", ""),
        ("通知公告", "notices", "tzgg/", ""),
        ("政策文件", "notices", "zcwj/", "dl.doc-list dd"),
    ], 1),
    ("archives", "示例市档案馆网站", [
        ("工作动态", "news", "gzdt/", ""),
        ("馆务动态", "news", "gwdt/", ""),
        ("通知公告", "notices", "tzgg/", ""),
        ("政策法规", "notices", "zcfg/", ""),
        ("业务指导", "news", "ywzd/", ""),
        ("档案文化", "other", "dawh/", ""),
    ], 0),
    ("town", "示例镇人民政府网站", [
        ("乡镇动态", "news", "xzdt/", ""),
        ("公示公告", "notices", "gsgg/", ""),
    ], 14),
]


def load(*, owner, base: str = DEFAULT_BASE, now: datetime | None = None, out=print) -> tuple[int, int]:
    """Create the demo sites under `owner` (a region) with a week of generated visits (24 a day; the town's
    site fails 14 times, 8 %, so its week shows the 19号 veto). Returns (created, existing)."""
    from ..models import MonitoredSite, SiteVisit
    from .services import ColumnInput, check, site_save

    now = now or timezone.now()
    created = existing = 0
    rng = random.Random(2026)
    for key, name, columns, failures in SITES:
        home = f"{base.rstrip('/')}{PREFIX}{key}/"
        if MonitoredSite.objects.filter(owner=owner, url=home).exists():
            existing += 1
            continue
        site = site_save(actor=None, owner=owner, name=name, url=home, demo=True,
                         columns=[ColumnInput(url=home + path, kind=kind, selector=sel, name=cname)
                                  for cname, kind, path, sel in columns])
        # 24 visits on each of the 7 whole days before today, and today's up to now: the week the 19号
        # availability rule judges is the 7 days before the check date.
        local_now = timezone.localtime(now)
        midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
        slots = [midnight - timedelta(days=day) + timedelta(hours=hour, minutes=rng.randint(0, 5))
                 for day in range(7, 0, -1) for hour in range(24)]
        failed = set(rng.sample(range(len(slots)), failures))
        slots += [midnight + timedelta(hours=hour, minutes=rng.randint(0, 5)) for hour in range(local_now.hour)]
        visits = []
        for i, at in enumerate(slots):
            bad = i in failed
            visits.append(SiteVisit(site=site, at=at, ok=not bad, status=None if bad else 200,
                                    elapsed_ms=15_000 if bad else rng.randint(80, 900),
                                    error_code="timeout" if bad else "", error="15 秒内未能打开页面。" if bad else ""))
        with transaction.atomic():
            SiteVisit.objects.bulk_create(visits)
        # Not an availability sample: the pages were read in-process, not over the network.
        check(site, at=now, fetcher=FixtureFetcher(base, today=timezone.localdate(now)), store_visit=False)
        created += 1
        out(f"   monitored site {name}: {home} (a week of generated visits)")
    return created, existing
