"""Applicants' personal data encrypted at rest (docs/privacy.md).

The columns become text (ciphertext is longer than the clear value), then `encrypt_rows` encrypts every
existing row in place with the newest key of GONGKAI_DATA_KEYS and fills the lookup hash of the identity
number. Reversible: migrating back decrypts the rows (with any configured key) before the columns return to
their old types. Values that already look like Fernet tokens are left alone, so a re-run is harmless.
"""

from django.conf import settings
from django.db import migrations, models

import gongkai.web.common.crypto_fields
from gongkai.core.applications import identity
from gongkai.core.privacy import looks_encrypted

TABLE = "applications_application"
ENCRYPTED = ("applicant_name", "id_number", "contact_person", "phone", "email", "address")


def _rows(cursor):
    cursor.execute(f"SELECT id, {', '.join(ENCRYPTED)} FROM {TABLE} ORDER BY id")
    return cursor.fetchall()


def _update(cursor, pk, values: dict):
    sets = ", ".join(f"{name} = %s" for name in values)
    cursor.execute(f"UPDATE {TABLE} SET {sets} WHERE id = %s", [*values.values(), pk])


def encrypt_rows(apps, schema_editor):
    from gongkai.web.common.crypto_fields import data_keys

    keys = data_keys()
    with schema_editor.connection.cursor() as cursor:
        for pk, *values in _rows(cursor):
            clear = dict(zip(ENCRYPTED, values))
            if any(v and looks_encrypted(v) for v in clear.values()):
                continue
            new = {k: (keys.encrypt(v) if v else (v or "")) for k, v in clear.items()}
            new["id_hash"] = keys.lookup_hash(identity.normalise(clear["id_number"])) if clear["id_number"] else ""
            _update(cursor, pk, new)


def decrypt_rows(apps, schema_editor):
    from gongkai.web.common.crypto_fields import data_keys

    keys = data_keys()
    with schema_editor.connection.cursor() as cursor:
        for pk, *values in _rows(cursor):
            stored = dict(zip(ENCRYPTED, values))
            _update(cursor, pk, {k: (keys.decrypt(v) if v and looks_encrypted(v) else (v or ""))
                                 for k, v in stored.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0004_agency_tier'),
        ('applications', '0004_receipt_dates_items_and_deliveries'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='application',
            name='app_applicant_month',
        ),
        migrations.AddField(
            model_name='application',
            name='anonymised_on',
            field=models.DateField(blank=True, null=True, verbose_name='匿名化日期'),
        ),
        migrations.AddField(
            model_name='application',
            name='id_hash',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='application',
            name='address',
            field=gongkai.web.common.crypto_fields.EncryptedTextField(blank=True, verbose_name='通信地址'),
        ),
        migrations.AlterField(
            model_name='application',
            name='applicant_name',
            field=gongkai.web.common.crypto_fields.EncryptedTextField(verbose_name='申请人姓名或名称'),
        ),
        migrations.AlterField(
            model_name='application',
            name='contact_person',
            field=gongkai.web.common.crypto_fields.EncryptedTextField(blank=True, verbose_name='联系人'),
        ),
        migrations.AlterField(
            model_name='application',
            name='email',
            field=gongkai.web.common.crypto_fields.EncryptedTextField(blank=True, verbose_name='电子邮箱'),
        ),
        migrations.AlterField(
            model_name='application',
            name='id_number',
            field=gongkai.web.common.crypto_fields.EncryptedTextField(verbose_name='证件号码'),
        ),
        migrations.AlterField(
            model_name='application',
            name='phone',
            field=gongkai.web.common.crypto_fields.EncryptedTextField(blank=True, verbose_name='联系电话'),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['id_hash', 'received_on'], name='app_applicant_month_hash'),
        ),
    ]
