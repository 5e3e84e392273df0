"""The monitor's scheduled work on huey (imported by supervision/tasks.py so djhuey finds it).

Every minute the scheduler of each worker queues `monitor_minute`; the first to claim the minute in the
queue's storage (set-if-absent) splits the sites whose slot is this minute into batches of
GONGKAI_MONITOR_BATCH and queues one `monitor_visit_batch` per batch, which any worker takes: so each site is
visited once per GONGKAI_MONITOR_VISIT_MINUTES (24 a day by default, 19号 needs 20) and a province's thousands
of sites are spread over the interval and over the workers. The first visit of a site each day also runs its
full check (columns, links, findings)."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from ..models import MonitoredSite
from . import services

log = logging.getLogger(__name__)


def minute_claim_key(now: datetime) -> str:
    return "gongkai-monitor-" + timezone.localtime(now).strftime("%Y%m%d%H%M")


def batches(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


@db_periodic_task(crontab(minute="*"))
def monitor_minute():
    now = timezone.now()
    if not HUEY.put_if_empty(minute_claim_key(now), "1"):
        return
    for batch in batches(services.due_site_ids(now), settings.GONGKAI_MONITOR_BATCH):
        monitor_visit_batch(batch)


@db_task()
def monitor_visit_batch(site_ids: list[int]):
    for site in MonitoredSite.objects.filter(pk__in=site_ids, active=True).prefetch_related("columns"):
        try:
            now = timezone.now()
            if services.due_for_check(site, today=timezone.localdate(now)):
                services.check(site, at=now)  # stores the home page visit too
            else:
                services.visit(site, at=now)
        except Exception:  # one site's surprise must not stop the batch
            log.exception("monitor: site %s failed", site.pk)


@db_task()
def monitor_check_now(site_id: int):
    site = MonitoredSite.objects.filter(pk=site_id).first()
    if site is not None:
        services.check(site, manual=True)
