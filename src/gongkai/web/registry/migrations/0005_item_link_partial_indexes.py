from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0004_item_genre_and_channels_indexes'),
    ]

    operations = [
        # The item page's interpretations and predecessors. Almost every item has neither link, and SQLite's
        # ANALYZE then rates the plain FK indexes as matching every row: it scanned the table instead (3.5 s a
        # page at 200,000 items, bench/portal.py). Partial indexes hold only the linked items.
        migrations.AddIndex(
            model_name='item',
            index=models.Index(condition=models.Q(('interprets__isnull', False)), fields=['interprets'],
                               name='item_interprets_set'),
        ),
        migrations.AddIndex(
            model_name='item',
            index=models.Index(condition=models.Q(('successor__isnull', False)), fields=['successor'],
                               name='item_successor_set'),
        ),
    ]
