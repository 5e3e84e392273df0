# The staff queue's indexes carry every column of its order (and the assignee's the agency), so a page and
# its count are answered from the index alone at 100,000 applications (bench/results/load.md).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0004_agency_tier'),
        ('applications', '0006_audit_hash_chain'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='application',
            name='app_queue',
        ),
        migrations.RemoveIndex(
            model_name='application',
            name='app_assignee_queue',
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['agency', 'state', 'due_date', 'submitted_at', 'id'], name='app_queue_order'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['assigned_to', 'agency', 'state', 'due_date', 'submitted_at', 'id'],
                               name='app_assignee_order'),
        ),
    ]
