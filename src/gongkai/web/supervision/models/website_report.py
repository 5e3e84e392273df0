"""The 政府网站工作年度报表 of an agency's website and year (国办函〔2018〕12号), in versions.

A version is a draft (its values editable: each figure generated from the records or entered by staff, and
marked so) until it is published; a published version is frozen (values, date, who) and a correction opens
version+1 with its reason. Every change is a `WebsiteReportEvent` (insert-only). Writes only through
gongkai.web.supervision.services_website_report."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.web.common.audit_trail import InsertOnlyEvent

WEBSITE_REPORT_STATUSES = {"draft": "草稿", "published": "已发布"}


class WebsiteReport(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="website_reports",
                               verbose_name="主办单位")
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=10, choices=list(WEBSITE_REPORT_STATUSES.items()), default="draft")
    # {row key: {"value": …, "origin": "generated" | "entered"}} (gongkai.core.supervision.website_report)
    values = models.JSONField("填报数据", default=dict)
    correction_reason = models.TextField("更正原因", blank=True)
    generated_at = models.DateTimeField("生成时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="发布人")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["agency", "-year", "-version"]
        verbose_name = "政府网站工作年度报表"
        verbose_name_plural = "政府网站工作年度报表"
        constraints = [models.UniqueConstraint(fields=["agency", "year", "version"], name="website_report_version")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} v{self.version}"

    @property
    def is_published(self) -> bool:
        return self.status == "published"


class WebsiteReportEvent(InsertOnlyEvent):
    report = models.ForeignKey(WebsiteReport, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="操作人")
    action = models.CharField("操作", max_length=16)  # generated | edited | published | corrected
    data = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "报表操作记录"
        verbose_name_plural = "报表操作记录"
