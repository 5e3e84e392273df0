"""Applicants' personal data (个人信息保护法, docs/privacy.md): nothing in clear in the database, the audit trail or
the logs after the real intake paths (public form, staff registration, tracking, a letter issued); stored files
owner-only; key rotation; anonymisation after the retention period, with its audit entry."""

from __future__ import annotations

import io
import logging
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.http import Http404
from django.test import Client
from django.urls import reverse

from gongkai import cli
from gongkai.core.applications.identity import resident_id_checksum
from gongkai.core.privacy import DEVELOPMENT_KEY, new_key
from gongkai.web.applications import access, letters, services
from gongkai.web.applications.models import Application, ApplicationEvent, Attachment, Letter
from tests.web.applications.conftest import ID_NUMBER, NAME, at, make_app, person
from tests.web.applications.test_public import PNG, _public_urls, fields, form_url, open_form  # noqa: F401
from tests.web.applications.test_staff_views import login, register_by_post

PUBLIC_ID = "11010519800101123" + resident_id_checksum("11010519800101123")
PUBLIC_PHONE = "13912345678"
PUBLIC_ADDRESS = "示例市和平里北街九号楼"
PUBLIC_EMAIL = "pub.secret@example.org"
STAFF_ID = "11010519750505441" + resident_id_checksum("11010519750505441")
STAFF_PHONE = "13700001111"
STAFF_ADDRESS = "示例市解放大道七十七号"
LETTER_ID = "11010519660606882" + resident_id_checksum("11010519660606882")
LETTER_PHONE = "13600002222"
LETTER_ADDRESS = "示例市光明巷三十三号"
CLEAR = [PUBLIC_ID, PUBLIC_PHONE, PUBLIC_ADDRESS, PUBLIC_EMAIL, STAFF_ID, STAFF_PHONE, STAFF_ADDRESS, LETTER_ID,
         LETTER_PHONE, LETTER_ADDRESS]


def run_the_intake_paths(world) -> dict:
    """Public submission with an attachment, staff registration, a tracking lookup, a letter issued."""
    public = Client()
    key = open_form(public, world.dept_a)
    upload = io.BytesIO(PNG)
    upload.name = "身份证.png"
    r = public.post(form_url(world.dept_a), {**fields(key, id_number=PUBLIC_ID, phone=PUBLIC_PHONE,
                                                      address=PUBLIC_ADDRESS, email=PUBLIC_EMAIL),
                                             "attachments": [upload]})
    assert r.status_code == 302, r.content.decode()[:2000]
    submitted = Application.objects.order_by("-id").first()
    assert submitted.id_number == PUBLIC_ID and submitted.attachments.count() == 1

    r = register_by_post(login(world.alice), world, id_number=STAFF_ID, phone=STAFF_PHONE, address=STAFF_ADDRESS)
    assert r.status_code == 302, r.content.decode()[:2000]
    registered = Application.objects.order_by("-id").first()
    assert registered.id_number == STAFF_ID and registered.address == STAFF_ADDRESS

    r = Client().post(reverse("public:track"), {"code": submitted.tracking_code, "verification": PUBLIC_ID[-6:]})
    assert r.status_code == 302 and r["Location"] == reverse("public:track_case")

    app = make_app(world, "correction_requested", id_number=LETTER_ID, phone=LETTER_PHONE, address=LETTER_ADDRESS)
    draft = app.letters.get(kind="correction")
    r = login(world.amy).post(reverse("work:letter_issue", args=[draft.pk]), {"on": "2026-03-04"})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.issued and draft.pdf is not None
    return {"submitted": submitted, "registered": registered, "letter_app": app}


def _all_rows_as_text() -> str:
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                out.append(repr(tuple(bytes(v).decode("utf-8", "replace") if isinstance(v, bytes | memoryview)
                                      else v for v in row)))
    return "\n".join(out)


@pytest.mark.django_db(transaction=True)
def test_the_database_holds_no_identity_number_phone_or_address_in_clear(world, tmp_path):
    made = run_the_intake_paths(world)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, address, email, applicant_name, id_hash FROM applications_application"
                       " WHERE id = %s", [made["submitted"].pk])
        raw = cursor.fetchone()
    assert all(v.startswith("gAAAAA") for v in raw[:5]) and len(raw[5]) == 64
    text = _all_rows_as_text()  # every table: applications, events (reason, data), letters, attachments, sessions
    assert "2025年某地块征收补偿方案" in text  # the scan does read the rows: the (not personal) title is there
    for value in CLEAR:
        assert value not in text, value
    events = "\n".join(repr((e.reason, e.data)) for e in ApplicationEvent.objects.all())
    assert events and not any(v in events for v in CLEAR)
    if connection.vendor == "sqlite":
        # The whole database as SQLite writes it to disk, every page.
        copy = tmp_path / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        data = copy.read_bytes()
        assert "2025年某地块征收补偿方案".encode() in data
        for value in CLEAR:
            assert value.encode() not in data, value


@pytest.mark.django_db
def test_nothing_personal_reaches_the_logs_at_debug(world):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.DEBUG)
    root, sql = logging.getLogger(), logging.getLogger("django.db.backends")
    saved = root.level, sql.level, connection.force_debug_cursor
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    sql.setLevel(logging.DEBUG)
    connection.force_debug_cursor = True  # every SQL statement with its parameters is logged, as with DEBUG=True
    try:
        run_the_intake_paths(world)
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        sql.setLevel(saved[1])
        connection.force_debug_cursor = saved[2]
    log = stream.getvalue()
    assert "INSERT INTO" in log and "applications_application" in log and "gAAAAA" in log  # SQL was logged
    for value in CLEAR:
        assert value not in log, value


@pytest.mark.django_db
def test_stored_files_are_owner_only_even_under_a_permissive_umask(world):
    old = os.umask(0o022)
    try:
        run_the_intake_paths(world)
    finally:
        os.umask(old)
    data_dir = Path(django_settings.DATA_DIR)
    assert list((Path(django_settings.MEDIA_ROOT) / "applications").rglob("*"))
    seen = 0
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
        seen += 1
    assert seen >= 4


@pytest.mark.django_db
def test_same_applicant_is_found_by_its_keyed_hash_across_a_key_rotation(world, settings):
    first = make_app(world, "received", received=date(2026, 3, 2))
    second = make_app(world, "received", received=date(2026, 3, 9), id_number=ID_NUMBER.lower())
    other = make_app(world, "received", received=date(2026, 3, 5), id_number=PUBLIC_ID)
    assert first.id_hash == second.id_hash != other.id_hash
    assert services.items_in_month_before(second) == 1

    newer = new_key()
    settings.GONGKAI_DATA_KEYS = [newer, DEVELOPMENT_KEY]  # a new key first; rows still under the old one
    second = Application.objects.get(pk=second.pk)
    assert second.id_number == ID_NUMBER  # read with the old key
    assert services.items_in_month_before(second) == 1  # the old hashes still match
    assert services.stale_values() > 0
    summary = services.rotate_keys(batch=2)  # several batches
    assert summary.rows == Application.objects.count() and services.stale_values() == 0

    settings.GONGKAI_DATA_KEYS = [newer]  # the old key removed
    assert services.items_in_month_before(Application.objects.get(pk=second.pk)) == 1
    assert {a.id_number for a in Application.objects.all()} == {ID_NUMBER, PUBLIC_ID}
    assert access.get_application_for_applicant(first.tracking_code, ID_NUMBER[-6:]).pk == first.pk


@pytest.mark.django_db
def test_an_encrypted_field_cannot_be_filtered_by_mistake(world):
    from django.core.exceptions import FieldError

    make_app(world, "received")
    with pytest.raises(FieldError):
        list(Application.objects.filter(id_number=ID_NUMBER))
    assert Application.objects.filter(phone__isnull=False).count() == 1


# --- retention -----------------------------------------------------------------------------------------------

def _archived_with_attachment(world):
    app = services.application_register(
        agency=world.dept_a, data=person(), channel="in_person", actor=world.alice,
        submitted_at=at(date(2026, 3, 2)),
        received_on=date(2026, 3, 2), attachments=[services.Upload(name="身份证.png", data=PNG + b"unique")])
    services.application_decide(application=app, actor=world.amy, outcome="disclosed", on=date(2026, 3, 9))
    services.application_approve_decision(application=app, actor=world.alice, on=date(2026, 3, 10))
    services.reply_issue(application=app, actor=world.amy, on=date(2026, 3, 11))
    services.application_deliver(application=app, actor=world.amy, on=date(2026, 3, 12))
    services.application_archive(application=app, actor=world.amy, on=date(2026, 3, 13))
    app.refresh_from_db()
    return app


@pytest.mark.django_db
def test_anonymisation_after_the_retention_period_keeps_statistics_and_letters(world, settings,
                                                                               django_capture_on_commit_callbacks):
    settings.GONGKAI_PII_RETENTION_DAYS = 30
    app = _archived_with_attachment(world)
    stored = Path(settings.MEDIA_ROOT) / app.attachments.get().stored_path
    assert stored.exists()
    reply = app.letters.get(kind="reply")
    assert reply.issued and NAME in str(reply.content)
    before = {f: getattr(app, f) for f in ("applicant_type", "channel", "received_on", "replied_on", "items",
                                           "outcome", "concluded_on", "archived_on", "number", "title")}

    assert services.anonymise_due(today=date(2026, 4, 11)).due == 0  # 29 days after archiving: not yet
    dry = services.anonymise_due(today=date(2026, 4, 12), dry_run=True)
    assert dry.due == 1 and Application.objects.get(pk=app.pk).anonymised_on is None
    with django_capture_on_commit_callbacks(execute=True):
        done = services.anonymise_due(today=date(2026, 4, 12))
    assert done.anonymised == [f"{world.dept_a.code} {app.number}"]

    app.refresh_from_db()
    assert app.applicant_name == services.ANONYMISED_NAME and app.anonymised_on == date(2026, 4, 12)
    assert (app.id_number, app.phone, app.email, app.address, app.postcode, app.contact_person, app.id_hash) == \
        ("", "", "", "", "", "", "")
    assert {f: getattr(app, f) for f in before} == before  # the statistics and the register stay
    assert not Attachment.objects.filter(application=app).exists() and not stored.exists()
    reply = Letter.objects.get(pk=reply.pk)
    assert reply.issued and reply.number and reply.pdf is None
    assert NAME not in str(reply.content) and services.ANONYMISED_NAME in reply.content["addressee"]
    assert reply.content["paragraphs"] and reply.content["basis"]  # the legal content stays
    docx, pdf = letters.rendered(reply)  # rendered again from the redacted content
    assert pdf.startswith(b"%PDF")
    event = app.events.get(action="anonymise")
    assert event.on == date(2026, 4, 12) and event.data == {"attachments_deleted": 1, "letters_redacted": 1}
    assert app.events.filter(action="archive").exists()  # the earlier trail is untouched
    page = login(world.amy).get(reverse("work:detail", args=[app.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert services.ANONYMISED_NAME in html and "保存期满，申请人个人信息已匿名化" in html and ID_NUMBER not in html
    assert login(world.amy).get(reverse("work:letter_pdf", args=[reply.pk])).status_code == 200
    # nobody can follow it any more, not even with an empty verification value
    for value in ("", ID_NUMBER[-6:]):
        with pytest.raises(Http404):
            access.get_application_for_applicant(app.tracking_code, value)
    assert services.anonymise_due(today=date(2026, 12, 1)).due == 0  # done once


@pytest.mark.django_db
def test_pending_review_or_open_applications_are_not_anonymised(world, settings):
    settings.GONGKAI_PII_RETENTION_DAYS = 30
    archived = _archived_with_attachment(world)
    services.review_case_record(application=archived, actor=world.amy, kind="litigation", route="direct",
                                body="示例市中级人民法院",
                                filed_on=date(2026, 4, 1))
    open_app = make_app(world, "received")
    assert services.anonymise_due(today=date(2026, 6, 1)).due == 0
    case = archived.review_cases.get()
    services.review_case_update(case=case, actor=world.amy, result="upheld", decided_on=date(2026, 5, 20))
    assert services.anonymise_due(today=date(2026, 6, 1)).anonymised == [f"{world.dept_a.code} {archived.number}"]
    assert Application.objects.get(pk=open_app.pk).applicant_name == NAME


@pytest.mark.django_db
def test_anonymise_command_and_the_nightly_task(world, settings, capsys):
    from gongkai.web.applications.tasks import daily_anonymisation

    settings.GONGKAI_PII_RETENTION_DAYS = 30
    first = _archived_with_attachment(world)
    assert cli.main(["pii", "anonymise", "--dry-run", "--today", "2026-04-12"]) == 0
    out = capsys.readouterr().out
    assert f"would anonymise {world.dept_a.code} {first.number}" in out and "would anonymise 1 applications" in out
    assert Application.objects.get(pk=first.pk).anonymised_on is None
    assert cli.main(["pii", "anonymise", "--before", "2026-03-13", "--today", "2026-04-12"]) == 0
    assert "anonymised 0 applications archived before 2026-03-13" in capsys.readouterr().out
    assert cli.main(["pii", "anonymise", "--before", "2026-03-14", "--today", "2026-04-12"]) == 0
    assert Application.objects.get(pk=first.pk).anonymised_on == date(2026, 4, 12)
    assert cli.main(["pii", "anonymise", "--before", "2030-01-01", "--today", "2026-04-12"]) == 2

    second = _archived_with_attachment(world)
    daily_anonymisation.call_local()  # tests/web/conftest.py's TEST_NOW, 2026-11-25: long past 30 days
    second.refresh_from_db()
    assert second.anonymised_on == date(2026, 11, 25) and second.events.filter(action="anonymise").count() == 1



# --- the migration that encrypts existing rows ------------------------------------------------------------------

MIGRATION_SCRIPT = """
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.web.settings"
django.setup()
from datetime import date
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from tests.web.agencies.world import make_world
from tests.web.applications.conftest import make_app
app = make_app(make_world(), "received", received=date(2026, 3, 2))
def raw():
    with connection.cursor() as c:
        c.execute("SELECT id_number, phone, address, applicant_name FROM applications_application WHERE id = %s",
                  [app.pk])
        return list(c.fetchone())
out = {"encrypted": raw()}
call_command("migrate", "applications", "0004", verbosity=0)
out["reversed"] = raw()
call_command("migrate", "applications", verbosity=0)
out["again"] = raw()
from gongkai.web.applications.models import Application
from gongkai.web.common.crypto_fields import lookup_hash
again = Application.objects.get(pk=app.pk)
out["read"] = [again.id_number, again.phone, again.address, again.applicant_name]
out["hash_ok"] = again.id_hash == lookup_hash(again.id_number) != ""
print(json.dumps(out, ensure_ascii=False))
"""


def test_the_migration_encrypts_existing_rows_and_is_reversible(tmp_path):
    import json
    import subprocess
    import sys

    from tests.conftest import REPO

    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    result = subprocess.run([sys.executable, "-c", MIGRATION_SCRIPT], cwd=REPO, capture_output=True, text=True,
                            timeout=120, env={**keep, "GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_DEBUG": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    clear = [ID_NUMBER, "13800138000", "示例市人民路1号", NAME]
    assert out["reversed"] == clear  # migrating back decrypts
    assert all(v.startswith("gAAAAA") for v in out["encrypted"] + out["again"])
    assert out["read"] == clear and out["hash_ok"]


@pytest.mark.django_db
def test_rotate_keys_command_reports_and_refuses_a_missing_key(world, settings, capsys):
    make_app(world, "received")
    settings.GONGKAI_DATA_KEYS = [new_key()]  # the development key that encrypted the row is gone
    assert cli.main(["pii", "rotate-keys"]) == 2
    assert "cannot be decrypted with any key in GONGKAI_DATA_KEYS" in capsys.readouterr().err
    settings.GONGKAI_DATA_KEYS = [settings.GONGKAI_DATA_KEYS[0], DEVELOPMENT_KEY]
    assert cli.main(["pii", "rotate-keys"]) == 0
    assert "in 1 applications with the newest key; 0 values under an older key remain" in capsys.readouterr().out
