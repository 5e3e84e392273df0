"""The report fingerprint (same agency, year, format and figures), filled in for the reports already stored.

Where the library already holds several files of one report (imported before this check existed), the
oldest keeps the fingerprint and the others keep NULL: nothing is deleted, and new copies are refused.
"""

from django.db import migrations, models


def fill_fingerprints(apps, schema_editor):
    from gongkai.core.stats import AnnualStats
    from gongkai.core.stats.identity import report_fingerprint

    ReportStats = apps.get_model("library", "ReportStats")
    seen = set()
    for report in ReportStats.objects.order_by("id").only("id", "agency", "stats").iterator(chunk_size=200):
        fingerprint = report_fingerprint(AnnualStats.from_json(report.stats), agency=report.agency)
        if fingerprint is None or fingerprint in seen:
            continue
        seen.add(fingerprint)
        ReportStats.objects.filter(pk=report.pk).update(fingerprint=fingerprint)


class Migration(migrations.Migration):

    dependencies = [
        ("library", "0002_import_batches"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportstats",
            name="fingerprint",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, verbose_name="报告指纹"),
        ),
        migrations.RunPython(fill_fingerprints, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reportstats",
            name="fingerprint",
            field=models.CharField(
                blank=True, editable=False, max_length=64, null=True, unique=True, verbose_name="报告指纹"
            ),
        ),
    ]
