from django.db import migrations, models

# The open data API's channel filter on PostgreSQL: JSON containment (`channels @> '["gazette"]'`) served by a
# GIN index. Without it a channel filter reads the whole table (a million rows: 1–2 s measured by
# bench/portal.py), and the planner, with no estimate for the old text match, sorted the whole result even
# for a channel every item has. SQLite has no GIN: nothing is created there.
GIN = "CREATE INDEX IF NOT EXISTS item_channels_gin ON registry_item USING gin (channels jsonb_path_ops)"


def gin_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GIN)


def gin_backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS item_channels_gin")


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0003_dashboard_channels_index'),
    ]

    operations = [
        # The API's genre filter, newest first with LIMIT (bench/portal.py: "API items, genre + channel").
        migrations.AddIndex(
            model_name='item',
            index=models.Index(fields=['state', 'genre', '-published_on', '-id'], name='item_public_genre'),
        ),
        migrations.RunPython(gin_forward, gin_backward, elidable=False),
    ]
