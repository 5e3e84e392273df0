"""On PostgreSQL the messages' audit trail is protected by the database itself, like the applications': no
UPDATE or DELETE of a MessageEvent row, whoever asks (the model refuses too, but a raw query or
queryset.update() would not go through it)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION gongkai_message_event_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are insert-only (engagement_messageevent)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER messageevent_immutable BEFORE UPDATE OR DELETE ON engagement_messageevent
    FOR EACH ROW EXECUTE FUNCTION gongkai_message_event_immutable();
"""
DROP = """
DROP TRIGGER IF EXISTS messageevent_immutable ON engagement_messageevent;
DROP FUNCTION IF EXISTS gongkai_message_event_immutable();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
