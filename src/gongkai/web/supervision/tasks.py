"""Background work of the supervision app (djhuey imports each app's `tasks` module)."""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from .platform_services import newmedia_refresh_feeds
from .services_website_report import website_reports_prepare
from .sites.tasks import monitor_check_now, monitor_minute, monitor_visit_batch  # noqa: F401

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="6", minute="20"))
def newmedia_feeds_daily():
    """Read every new-media account's feed URL once a day (the first worker to claim the day does it)."""
    today = timezone.localdate()
    if not HUEY.put_if_empty(f"gongkai-newmedia-feeds-{today:%Y%m%d}", "1"):
        return
    done = newmedia_refresh_feeds(today)
    log.info("new-media feeds: %(read)d read, %(failed)d failed", done)


@db_periodic_task(crontab(month="1", day="2-25", hour="5", minute="40"))
def website_reports_january():
    """Each January morning until the 25th: drafts of last year's 政府网站工作年度报表 for every agency with a
    website that has none yet (idempotent; staff complete and publish them before 31 January)."""
    today = timezone.localdate()
    if not HUEY.put_if_empty(f"gongkai-website-reports-{today:%Y%m%d}", "1"):
        return
    created = website_reports_prepare(today=today)
    if created:
        log.info("website reports: %d drafts of %d generated", created, today.year - 1)
