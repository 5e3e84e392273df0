"""The platform's own rows: the versions of each agency's 政府信息公开指南 (条例 art. 12). Written only by
gongkai.web.portal.services. The public sees the newest version; every earlier one stays viewable."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class GuideVersion(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="guide_versions",
                               verbose_name="机关")
    number = models.PositiveIntegerField("版本")
    body_html = models.TextField("正文")  # sanitised by gongkai.web.registry.bodies.clean on every write
    generated = models.BooleanField("由机关信息生成", default=False)
    note = models.CharField("修订说明", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="发布人")

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"
        ordering = ["agency", "-number"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="guide_version_unique")]

    def __str__(self) -> str:
        return f"{self.agency}政府信息公开指南（第{self.number}版）"
