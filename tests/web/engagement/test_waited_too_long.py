"""waited_too_long (SQL) agrees with the core rule on random messages, at random check dates."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest

from gongkai.core.engagement.messages import unanswered_too_long
from gongkai.web.engagement.models import Message, MessageBox
from gongkai.web.engagement.stats import waited_too_long

pytestmark = pytest.mark.django_db


def test_the_sql_filter_is_the_core_rule(world):
    from django.utils import timezone

    rng = random.Random(5)
    box = MessageBox.objects.create(agency=world.dept_a, kind="consult", name="咨询")
    rows = []
    for i in range(400):
        received = date(2025, 1, 1) + timedelta(days=rng.randrange(600))
        replied = received + timedelta(days=rng.randrange(0, 200)) if rng.random() < 0.8 else None
        if i < 40:  # month ends, where the clamp matters
            received = date(2025, 11, 30) if i % 2 else date(2025, 8, 31)
            replied = received + timedelta(days=88 + i % 8)
        rows.append(Message(box=box, agency=world.dept_a, tracking_code=f"T{i:05d}", writer_name="某", body="问",
                            subject="问", received_at=timezone.make_aware(datetime.combine(received, time(9))),
                            received_on=received, due_on=received,
                            state="invalid" if rng.random() < 0.05 else "replied" if replied else "assigned",
                            replied_on=replied))
    Message.objects.bulk_create(rows)
    for at in [date(2026, 2, 28), date(2026, 3, 1), date(2025, 11, 30), date(2026, 5, 31), date(2025, 12, 31),
               *(date(2025, 6, 1) + timedelta(days=rng.randrange(500)) for _ in range(20))]:
        expected = {m.tracking_code for m in rows
                    if add_window(m, at) and unanswered_too_long(state=m.state, received_on=m.received_on,
                                                                 replied_on=m.replied_on if m.replied_on else None,
                                                                 today=at)}
        got = set(Message.objects.filter(waited_too_long(at)).values_list("tracking_code", flat=True))
        assert got == expected, at


def add_window(m, at):
    from gongkai.core.clock import add_months

    return add_months(at, -12) < m.received_on <= at
