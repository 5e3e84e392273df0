"""Recorded own-platform checks: when staff or a supervisor "record" the check of an agency at a date (a
quarterly spot check), its result is frozen here with who and when, so later corrections of the records do not
change what was found then."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PlatformCheckRun(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="platform_checks",
                               verbose_name="机关")
    checked_on = models.DateField("检查时间点")
    verdict = models.CharField("结论", max_length=8)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    vetoes = models.PositiveSmallIntegerField("单项否决项", default=0)
    snapshot = models.JSONField("检查结果")  # gongkai.web.supervision.platform_selectors.as_json
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="记录人")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["-checked_on", "-recorded_at", "-id"]
        verbose_name = "自有平台检查记录"
        verbose_name_plural = "自有平台检查记录"
        indexes = [models.Index(fields=["agency", "-checked_on"], name="platform_check_agency")]
