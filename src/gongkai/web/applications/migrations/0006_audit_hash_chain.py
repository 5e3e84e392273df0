"""Hash-chain the audit trail (gongkai.core.audit_chain): every event gets `prev_hash` and `hash`, the events
already written are chained in id order, and the chain head row is created.

Chaining the existing rows is the one time event rows are updated: on PostgreSQL the insert-only trigger
(0002_audit_immutable) is switched off for this transaction only and switched on again before it commits.
From here on an event is inserted complete with its hash and never updated."""

from django.db import migrations, models

TRIGGER = "applicationevent_immutable"
TABLE = "applications_applicationevent"


def chain_existing(apps, schema_editor):
    from gongkai.core import audit_chain
    from gongkai.web.applications.models import event_chain_fields

    Event = apps.get_model("applications", "ApplicationEvent")
    Head = apps.get_model("applications", "AuditChainHead")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
    prev, count, last_id = audit_chain.GENESIS, 0, None
    for event in Event.objects.order_by("id").iterator(chunk_size=2000):
        digest = audit_chain.event_hash(event_chain_fields(event), prev)
        Event.objects.filter(pk=event.pk).update(prev_hash=prev, hash=digest)
        prev, count, last_id = digest, count + 1, event.pk
    if postgres:
        schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")
    Head.objects.update_or_create(pk=1, defaults={"last_hash": prev, "last_event_id": last_id, "count": count})


class Migration(migrations.Migration):
    dependencies = [("applications", "0005_personal_data_encrypted")]

    operations = [
        migrations.AddField(
            model_name="applicationevent", name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="前一记录哈希"),
            preserve_default=False),
        migrations.AddField(
            model_name="applicationevent", name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="记录哈希"),
            preserve_default=False),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("last_hash", models.CharField(max_length=64)),
                ("last_event_id", models.BigIntegerField(null=True)),
                ("count", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
