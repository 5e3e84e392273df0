"""Writers' data at rest: encrypted like applicants' data, and re-encrypted by `gongkai pii rotate-keys`."""

from __future__ import annotations

import pytest
from django.db import connection

from gongkai import cli
from gongkai.core.privacy import DEVELOPMENT_KEY, new_key
from gongkai.web.engagement import privacy
from gongkai.web.engagement.models import Message
from tests.web.engagement.conftest import NAME, PHONE, submit

pytestmark = pytest.mark.django_db


def test_writer_data_is_encrypted_and_rotated_with_the_keys(world, box_a, settings, capsys):
    message = submit(box_a)
    with connection.cursor() as cur:
        cur.execute(f"SELECT writer_name, contact, body FROM {Message._meta.db_table}")
        row = cur.fetchone()
    assert all(v.startswith("gAAAAA") for v in row) and NAME not in "".join(row) and PHONE not in "".join(row)

    newer = new_key()
    settings.GONGKAI_DATA_KEYS = [newer, DEVELOPMENT_KEY]
    assert privacy.stale_values() == 3
    assert cli.main(["pii", "rotate-keys"]) == 0
    out = capsys.readouterr().out
    assert "re-encrypted 3 values in 1 messages with the newest key" in out
    assert "0 values under an older key remain" in out
    settings.GONGKAI_DATA_KEYS = [newer]  # the old key removed: still readable
    fresh = Message.objects.get(pk=message.pk)
    assert (fresh.writer_name, fresh.contact) == (NAME, PHONE)
