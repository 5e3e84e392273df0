"""The report library: published annual reports as stored files and the statistics read from them.

Rows are written only by `gongkai.web.library.services` (report_import, report_delete); views, the CLI and
the admin never save these models themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

TEMPLATE_LABELS = {
    "2021": "2021格式",
    "2019": "2019格式",
    "pre2019": "2019年以前",
    "unknown": "未识别",
}


class ReportFile(models.Model):
    """One uploaded file, identified by the SHA-256 of its bytes (the same bytes are stored once)."""

    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    original_name = models.CharField("原文件名", max_length=255)
    detected_format = models.CharField("识别格式", max_length=16)
    size = models.PositiveBigIntegerField("大小（字节）")
    # Relative to MEDIA_ROOT (reports/<sha[:2]>/<sha>) so the data directory can move.
    stored_path = models.CharField("存储路径", max_length=255)
    # The reader's plain text: evidence offsets point into exactly this string, so the source pane needs it.
    extracted_text = models.TextField("提取文本", blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="上传人",
        related_name="+",
    )
    parser_version = models.CharField("解析器版本", max_length=16)

    class Meta:
        verbose_name = "年报文件"
        verbose_name_plural = "年报文件"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ReportStats(models.Model):
    """The statistics read from one file, with the checks' findings at import time."""

    file = models.OneToOneField(ReportFile, on_delete=models.CASCADE, related_name="stats", verbose_name="文件")
    # The agency the library files this report under: the parsed one, or the one given at import. Empty when
    # neither is known. The parsed agency stays untouched inside `stats`.
    agency = models.CharField("机构", max_length=200, blank=True, db_index=True)
    agency_overridden = models.BooleanField("机构名称由导入人指定", default=False)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    template = models.CharField("格式", max_length=16)
    stats = models.JSONField("统计数据（gongkai.annual-stats/1）")
    findings = models.JSONField("检查结果", default=list)
    figures_count = models.PositiveIntegerField("数字个数", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    warning_count = models.PositiveIntegerField("提示数", default=0)
    # Which report the previous-year comparison used, so a later import of that year can refresh it.
    compared_with = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="对比上年报告",
    )

    class Meta:
        verbose_name = "年报统计"
        verbose_name_plural = "年报统计"
        ordering = ["agency", "-year", "id"]
        indexes = [
            models.Index(fields=["agency", "year"], name="library_agency_year"),
            models.Index(fields=["year"], name="library_year"),
            models.Index(fields=["template"], name="library_template"),
            models.Index(fields=["error_count"], name="library_error_count"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_display} {self.year or '—'}年"

    @property
    def agency_display(self) -> str:
        return self.agency or "（未识别机构）"

    @property
    def template_label(self) -> str:
        return TEMPLATE_LABELS.get(self.template, self.template)
