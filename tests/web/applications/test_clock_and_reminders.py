"""The web's calendar (package data + admin-loaded years), provisional due dates, and deadline reminders."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core import mail

from gongkai.core.errors import GongkaiError
from gongkai.web.applications import reminders, services
from gongkai.web.applications.models import Application
from tests.web.agencies.world import make_world
from tests.web.applications.test_services import at, person

pytestmark = pytest.mark.django_db

# Test data shaped like a State Council notice for 2027; NOT the real 2027 arrangement.
YEAR_2027 = {
    "format": "gongkai.year-calendar/1", "year": 2027, "source": "测试用通知（非真实安排）",
    "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"},
                 {"name": "春节", "start": "2027-02-06", "end": "2027-02-12", "workdays": ["2027-02-13"]}],
}


def test_a_year_without_data_gives_a_provisional_date_until_its_notice_is_loaded():
    world = make_world()
    app = services.application_register(agency=world.dept_a, data=person(), channel="in_person",
                                        actor=world.alice, submitted_at=at(date(2027, 1, 25)),
                                        received_on=date(2027, 1, 25))
    assert app.due_provisional  # 2027's notice is not in the package
    # Until then only the statutory days off of 春节 (除夕 Fri 02-05 .. 初三 Mon 02-08) are known.
    assert app.due_date == date(2027, 2, 24)
    row = services.calendar_year_load(data=json.dumps(YEAR_2027, ensure_ascii=False).encode(), actor=world.root)
    assert row.year == 2027
    app.refresh_from_db()
    assert not app.due_provisional
    # The (test) notice's arrangement replaces them: 02-05 worked, 02-06..12 off, Sat 02-13 worked.
    assert app.due_date == date(2027, 2, 26)


def test_a_bad_year_file_is_refused_with_a_chinese_message_and_stores_nothing():
    world = make_world()
    with pytest.raises(GongkaiError) as exc:
        services.calendar_year_load(data=b'{"year": 2027, "holidays": []}', actor=world.root)
    assert exc.value.message and all(ord(c) < 128 for c in str(exc.value))
    from gongkai.web.applications.models import CalendarYear

    assert not CalendarYear.objects.exists()


def test_reminders_go_to_the_assigned_handler_with_numbers_only(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = make_world()
    overdue = services.application_register(agency=world.dept_a, data=person(), channel="in_person",
                                            actor=world.alice, submitted_at=at(date(2026, 3, 2)),
                                            received_on=date(2026, 3, 2))
    soon = services.application_register(agency=world.dept_a, data=person(applicant_name="李四"),
                                         channel="in_person", actor=world.alice,
                                         submitted_at=at(date(2026, 3, 20)), received_on=date(2026, 3, 20))
    later = services.application_register(agency=world.dept_a, data=person(applicant_name="王五"),
                                          channel="in_person", actor=world.alice,
                                          submitted_at=at(date(2026, 4, 7)), received_on=date(2026, 4, 7))
    for app in (overdue, soon, later):
        services.application_assign(application=app, actor=world.alice, assignee=world.amy)
    today = date(2026, 4, 13)  # overdue was due 03-30; soon is due 04-17 (4 working days away)
    sent = reminders.send_reminders(today=today)
    assert len(sent) == 1 and sent[0].username == "amy"
    assert sent[0].overdue == (overdue.number,) and sent[0].due_soon == (soon.number,)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amy@example.org"]
    body = mail.outbox[0].body
    assert overdue.number in body and later.number not in body
    assert "张三" not in body and "11010519491231002X" not in body  # no personal data leaves in a reminder


def test_reminders_move_a_paused_deadline_each_day():
    world = make_world()
    app = services.application_register(agency=world.dept_a, data=person(), channel="in_person",
                                        actor=world.alice, submitted_at=at(date(2026, 3, 2)),
                                        received_on=date(2026, 3, 2))
    services.application_start_consultation(application=app, actor=world.amy, party="某公司", on=date(2026, 3, 9))
    app.refresh_from_db()
    first = app.due_date
    reminders.refresh_open_deadlines(today=date(2026, 3, 16))  # five more working days of consultation
    app = Application.objects.get(pk=app.pk)
    assert app.due_date > first and app.paused


def test_the_daily_task_is_registered_with_huey_for_the_morning():
    from datetime import datetime

    from huey.contrib.djhuey import HUEY

    from gongkai.web.applications import tasks  # noqa: F401  (registers the task)

    def due_at(hour, minute):
        return {t.name for t in HUEY.read_periodic(datetime(2026, 3, 2, hour, minute))}

    assert any("daily_deadline_reminders" in name for name in due_at(7, 30))
    assert not any("daily_deadline_reminders" in name for name in due_at(12, 0))


def test_the_daily_task_sends_once_a_day_however_many_workers_queue_it(settings):
    from django.utils import timezone
    from huey.contrib.djhuey import HUEY

    from gongkai.web.applications import tasks

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = make_world()
    app = services.application_register(agency=world.dept_a, data=person(), channel="in_person",
                                        actor=world.alice, submitted_at=at(date(2026, 10, 9)),
                                        received_on=date(2026, 10, 9))
    services.application_assign(application=app, actor=world.alice, assignee=world.amy)
    key = tasks.reminders_claim_key(timezone.localdate())
    try:
        tasks.daily_deadline_reminders.call_local()  # the first worker's run
        tasks.daily_deadline_reminders.call_local()  # a second worker's scheduler queued it too
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amy@example.org"]
    finally:
        HUEY.get(key)  # reading it removes the claim
