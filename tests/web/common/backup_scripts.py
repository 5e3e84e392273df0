"""Helper programs for tests/web/common/test_backup.py, run in their own processes (own data dir and database):

    python -m tests.web.common.backup_scripts write STOPFILE [N]   submit applications until STOPFILE exists (or
                                                               N, or a time bound is reached), printing "ACK <code>" after each
                                                               committed submission
    python -m tests.web.common.backup_scripts inspect          print JSON: the tracking codes, and every
                                                               attachment whose stored file is missing or differs
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
import uuid
from pathlib import Path

MAX_SUBMISSIONS = 3000
MAX_SECONDS = 25
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def write(stop: Path, limit: int = MAX_SUBMISSIONS) -> None:
    from gongkai.web.agencies.services import agency_upsert
    from gongkai.web.applications import services

    region, _ = agency_upsert(code="BK", name="备份市", level="region")
    gov, _ = agency_upsert(code="BK-GOV", name="备份市人民政府", level="government", parent=region)
    print("READY", flush=True)
    started = time.monotonic()
    for i in range(limit):
        if stop.exists() or time.monotonic() - started > MAX_SECONDS:
            break
        data = services.ApplicationInput(
            applicant_type="natural_person", applicant_name="张三", id_kind="resident_id",
            id_number="11010519491231002X", phone="13800138000", title=f"备份测试第{i}号申请",
            delivery_form="electronic", delivery_method="email", email="zhang@example.org")
        # Distinct content per application: every submission stores a file of its own.
        upload = services.Upload(f"申请书{i}.pdf", PDF + f"%{i} {uuid.uuid4()}\n".encode())
        app, created = services.application_submit(agency=gov, data=data, attachments=[upload],
                                                   idempotency_key=uuid.uuid4().hex)
        assert created
        print(f"ACK {app.tracking_code}", flush=True)  # after the commit: acknowledged to the applicant


def inspect() -> None:
    from django.conf import settings

    from gongkai.web.applications.models import Application, Attachment

    bad = []
    for att in Attachment.objects.all():
        path = Path(settings.MEDIA_ROOT) / att.stored_path
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != att.sha256:
            bad.append(att.stored_path)
    codes = list(Application.objects.values_list("tracking_code", flat=True))
    print(json.dumps({"codes": codes, "attachments": Attachment.objects.count(), "bad_files": bad}))


if __name__ == "__main__":
    from gongkai.commands import django_setup

    django_setup()
    if sys.argv[1] == "write":
        write(Path(sys.argv[2]), *(int(n) for n in sys.argv[3:4]))
    else:
        inspect()
