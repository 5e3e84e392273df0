"""On PostgreSQL the audit trail is protected by the database itself: no UPDATE or DELETE of an event row,
whoever asks (the model refuses too, but a raw query or queryset.update() would not go through it)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION gongkai_audit_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are insert-only (applications_applicationevent)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER applicationevent_immutable BEFORE UPDATE OR DELETE ON applications_applicationevent
    FOR EACH ROW EXECUTE FUNCTION gongkai_audit_immutable();
"""
DROP = """
DROP TRIGGER IF EXISTS applicationevent_immutable ON applications_applicationevent;
DROP FUNCTION IF EXISTS gongkai_audit_immutable();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
