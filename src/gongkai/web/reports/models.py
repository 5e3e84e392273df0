"""Annual reports built from the records, and the yearly figures staff enter for table 二.

Rows are written only by `gongkai.web.reports.services` (report_build, report_update_sections, report_approve,
report_publish, report_correct, rendering_for, figure_set) and `figures_import`; views, the CLI and the admin
never save these models themselves.

An `AnnualReport` is one version of one agency's report for one year, for the agency alone ("agency") or for
the agency and all its descendants ("subtree", a region's compiled report). A published version is frozen:
`save()` and `delete()` refuse once the stored row is published. A correction is a new version (version+1)
with its reason; every published version stays visible. A published version's files (HTML, DOCX, XLSX, PDF)
are `ReportRendering` rows, rendered once and insert-only: what was downloaded once is what is downloaded
ever after.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

SCOPES = {"agency": "本机关", "subtree": "本机关及下属机关（汇总）"}
STATUSES = {"draft": "草稿", "checked": "已检查", "approved": "已审核", "published": "已发布"}
SECTION_KEYS = ("overview", "problems", "other")


class PublishedReportImmutable(ValueError):
    """A published report version was about to be changed or deleted (a programming error, not a user one)."""


class AnnualReport(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="annual_reports",
                               verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    scope = models.CharField("范围", max_length=8, choices=list(SCOPES.items()), default="agency")
    version = models.PositiveSmallIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=10, choices=list(STATUSES.items()), default="draft")
    stats = models.JSONField("统计数据（gongkai.annual-stats/1）")
    findings = models.JSONField("检查结果", default=list)
    sections = models.JSONField("文字部分", default=dict)  # {"overview", "problems", "other"}
    correction_reason = models.TextField("更正原因", blank=True)
    # Where each table 二 figure came from: pointer → "来自主动公开登记" or "人工填报：<source>" (both when a
    # subtree mixes them). Set by report_build.
    figure_sources = models.JSONField("表二数字来源", default=dict, blank=True)
    # The registry's facts of the year the narrative draft was written from (core.registry.table2.ProactiveYear
    # JSON), None when the registry held no data; kept so a rebuild recognises an unedited draft.
    registry_facts = models.JSONField("主动公开登记数据", null=True, blank=True)
    # Likewise the engagement records' facts of the year (core.annual.engagement.EngagementYear JSON).
    engagement_facts = models.JSONField("回应与能力建设数据", null=True, blank=True)

    built_at = models.DateTimeField("生成时间")
    checked_at = models.DateTimeField("检查通过时间", null=True, blank=True)
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="审核人")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="发布人")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="创建人")
    # Who last built (or, for a correction, opened) this version's figures; None when the system built it.
    # The agency's four-eyes setting refuses this person's approval.
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name="生成人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["agency__code", "-year", "scope", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "scope", "version"], name="annual_report_version"),
        ]
        indexes = [
            models.Index(fields=["year", "status"], name="annual_report_year_status"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年度报告（第{self.version}版，{self.status_label}）"

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def scope_label(self) -> str:
        return SCOPES.get(self.scope, self.scope)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings or () if f.get("severity") == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.findings or () if f.get("severity") == "warning")

    def _stored_published(self) -> bool:
        return self.pk is not None and type(self).objects.filter(pk=self.pk, status="published").exists()

    def save(self, *args, **kwargs):
        if self._stored_published():
            raise PublishedReportImmutable("a published annual report version is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_published():
            raise PublishedReportImmutable("a published annual report version cannot be deleted")
        return super().delete(*args, **kwargs)


RENDER_FORMATS = {"html": "HTML", "docx": "Word（DOCX）", "xlsx": "Excel（XLSX）", "pdf": "PDF"}


class RenderingImmutable(ValueError):
    """A stored rendering of a published version was about to be changed or deleted (a programming error)."""


class ReportRendering(models.Model):
    """One file of a published report version, stored once: at publication, or — for versions published in
    bulk without rendering (the demo) — at its first download. Insert-only."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="renderings",
                               verbose_name="年度报告")
    fmt = models.CharField("格式", max_length=8, choices=list(RENDER_FORMATS.items()))
    data = models.BinaryField("文件内容")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("字节数")
    rendered_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = "年度报告文件"
        verbose_name_plural = "年度报告文件"
        constraints = [models.UniqueConstraint(fields=["report", "fmt"], name="report_rendering_unique")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.fmt} ({self.size} B)"

    @classmethod
    def of(cls, report: AnnualReport, fmt: str, data: bytes, at) -> ReportRendering:
        return cls(report=report, fmt=fmt, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                   rendered_at=at)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RenderingImmutable("a stored report rendering is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RenderingImmutable("a stored report rendering is never deleted")


class YearlyFigure(models.Model):
    """One table 二 figure of one agency and year that the records do not hold (行政许可/处罚/强制 decisions,
    行政事业性收费), or that overrides the registry's count of 规章 and 行政规范性文件, with a note of where it
    comes from."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="yearly_figures",
                               verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    pointer = models.CharField("项目", max_length=64)  # e.g. /table2/regulations/issued
    value = models.DecimalField("数值", max_digits=16, decimal_places=4)
    source = models.CharField("来源", max_length=300)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="录入人")
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "年度数字"
        verbose_name_plural = "年度数字"
        ordering = ["agency__code", "-year", "pointer"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "pointer"], name="yearly_figure_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.pointer} = {self.value}"
