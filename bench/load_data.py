"""A fast generator of one agency's applications (bulk_create, no services): the data behind the staff queue
and load benchmarks.

    python -m bench.load_data --applications 100000      # into the database the environment names

Writes into the database of the current settings (GONGKAI_DATA_DIR / DATABASE_URL): a region, its government
and one department (`B-ZRZY`) holding every application, and a staff user `bench-handler` (password
`--password`) who registers, handles and reviews there. Applications are received 2023-01-01 to 2026-11-20,
6% open (received within 60 days of the end, or 1% of older ones), the rest concluded: realistic states, due
dates computed on the official calendar (20 working days, 5% extended), half assigned to the handler. On
PostgreSQL the tables are VACUUM ANALYZEd afterwards, the state autovacuum keeps a live database in.
100,000 rows take about 15 s on SQLite.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta

USERNAME = "bench-handler"
AGENCY = "B-ZRZY"


def populate(n: int, *, seed: int = 7, password: str = "pw"):
    """Create the agency, the handler and `n` applications; return (user, agency)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.core.applications import identity
    from gongkai.core.clock import WorkCalendar
    from gongkai.web.agencies.services import agency_upsert, membership_grant
    from gongkai.web.applications.models import Application
    from gongkai.web.applications.services import new_tracking_code
    from gongkai.web.common.crypto_fields import lookup_hash

    rng = random.Random(seed)
    calendar = WorkCalendar.official()
    region, _ = agency_upsert(code="B", name="基准市", level="region")
    gov, _ = agency_upsert(code="B-GOV", name="基准市人民政府", level="government", parent=region)
    big, _ = agency_upsert(code=AGENCY, name="基准市自然资源和规划局", level="department", parent=gov)
    user = get_user_model().objects.create_user(USERNAME, password=password)
    for role in ("registrar", "handler", "reviewer"):
        membership_grant(user=user, agency=big, role=role)

    today = date(2026, 11, 20)
    first = date(2023, 1, 1)
    span = (today - first).days
    open_states = ["received"] * 6 + ["consulting", "decided", "correction_requested", "awaiting_confirmation"]
    closed_states = ["archived"] * 8 + ["delivered", "replied", "closed_without_reply"]
    types = ["natural_person"] * 17 + ["commercial", "legal_services", "other_org"]
    rows = []
    for i in range(n):
        received = first + timedelta(days=int(span * (i / n)))
        is_open = received > today - timedelta(days=60) or rng.random() < 0.01
        state = rng.choice(open_states) if is_open else rng.choice(closed_states)
        due = None if state in ("awaiting_confirmation", "correction_requested") else \
            calendar.add_workdays(received, 20 + (rng.randrange(0, 20) if rng.random() < 0.05 else 0))
        concluded = None if is_open else calendar.add_workdays(received, rng.randrange(3, 24))
        rows.append(Application(
            agency=big, tracking_code=new_tracking_code(), number=f"{received.year}-{i:06d}", state=state,
            applicant_type=rng.choice(types), applicant_name=rng.choice("赵钱孙李周吴郑王") + rng.choice("伟芳娜敏静丽强磊"),
            id_kind="resident_id", id_number=f"11010519{rng.randrange(50, 99)}0101{i % 10000:04d}",
            phone=f"100{rng.randrange(10**7, 10**8)}", title=f"关于{received.year}年第{i}号地块征收补偿方案的信息",
            delivery_form="electronic", delivery_method="email", channel=rng.choice(["online", "registered_post"]),
            submitted_at=timezone.make_aware(datetime(received.year, received.month, received.day, 10)),
            received_on=None if state == "awaiting_confirmation" else received, due_date=due,
            paused=state == "consulting", concluded_on=concluded,
            assigned_to=user if rng.random() < 0.5 else None,
        ))
    for row in rows:  # what Application.save() keeps beside the (encrypted) identity number
        row.id_hash = lookup_hash(identity.normalise(row.id_number))
    with transaction.atomic():
        Application.objects.bulk_create(rows, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            # A bulk load leaves no statistics and no visibility map; autovacuum would add both within
            # minutes on a live database, so measure that steady state.
            cur.execute("VACUUM ANALYZE")
    return user, big


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--password", default="pw", help=f"password of the staff user {USERNAME}")
    args = parser.parse_args(argv)
    from gongkai.commands import django_setup

    django_setup()
    start = time.perf_counter()
    populate(args.applications, seed=args.seed, password=args.password)
    print(f"{args.applications} applications in {AGENCY} in {time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
