"""The supervision app's periodic tasks: registered for their hour, and each claims its day once however many
workers' schedulers queue it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

pytestmark = pytest.mark.django_db


def test_registered_for_their_hours():
    from huey.contrib.djhuey import HUEY

    from gongkai.web.supervision import tasks  # noqa: F401  (registers the tasks)

    def due_at(when):
        return {t.name.rsplit(".", 1)[-1] for t in HUEY.read_periodic(when)}

    assert "newmedia_feeds_daily" in due_at(datetime(2026, 3, 2, 6, 20))
    assert "newmedia_feeds_daily" not in due_at(datetime(2026, 3, 2, 12, 0))
    assert "website_reports_january" in due_at(datetime(2027, 1, 4, 5, 40))
    assert "website_reports_january" not in due_at(datetime(2026, 3, 2, 5, 40))  # January only


def test_each_task_runs_once_a_day(world, monkeypatch):
    from django.utils import timezone
    from huey.contrib.djhuey import HUEY

    from gongkai.web.supervision import tasks

    calls = []
    monkeypatch.setattr(tasks, "newmedia_refresh_feeds", lambda at: calls.append(at) or {"read": 0, "failed": 0})
    monkeypatch.setattr(tasks, "website_reports_prepare", lambda *, today: calls.append(today) or 0)
    today = timezone.localdate()
    keys = [f"gongkai-newmedia-feeds-{today:%Y%m%d}", f"gongkai-website-reports-{today:%Y%m%d}"]
    try:
        for _ in range(2):  # a second worker's scheduler queued them too
            tasks.newmedia_feeds_daily.call_local()
            tasks.website_reports_january.call_local()
        assert calls == [today, today] and isinstance(calls[0], date)
    finally:
        for key in keys:
            HUEY.get(key)  # reading it removes the claim
