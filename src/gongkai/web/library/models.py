"""The report library: published annual reports as stored files and the statistics read from them.

Rows are written only by `gongkai.web.library.services` (report_import, report_delete); views, the CLI and
the admin never save these models themselves.
"""

from __future__ import annotations

import uuid

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
    # gongkai.core.stats.identity.report_fingerprint: the same agency, year, format and figures. A second file of the
    # same report (another encoding or format) is recognised by it and not stored; NULL when the agency or the
    # year is unknown. Unique, so two concurrent imports of one report cannot both be stored.
    fingerprint = models.CharField("报告指纹", max_length=64, null=True, blank=True, unique=True, editable=False)
    # 表二 rows whose figures were run together and could not be split from the file alone (see
    # gongkai.core.parsing.table2_split): per row its candidate splits, and how it was settled — by the
    # neighbouring years' reports ("resolved") or by a person ("chosen"); "pending" rows wait on the report page.
    table2_splits = models.JSONField("表二待定拆分", default=list, blank=True)
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


class Table2SplitChoice(models.Model):
    """A person's choice of a 表二 split (the audit record of that change): insert-only, like audit events."""

    report = models.ForeignKey(ReportStats, on_delete=models.CASCADE, related_name="split_choices", verbose_name="报告")
    row = models.CharField("行", max_length=40)
    values = models.JSONField("选定数字")
    offered = models.JSONField("当时的候选拆分", default=list)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="选定人",
    )
    chosen_at = models.DateTimeField("选定时间")

    class Meta:
        verbose_name = "表二拆分选定记录"
        verbose_name_plural = "表二拆分选定记录"
        ordering = ["chosen_at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("split choices are an audit record and cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("split choices are an audit record and cannot be deleted")


class ImportBatch(models.Model):
    """A bulk import (批量导入): a ZIP archive or many files, imported one by one by a background task.

    Written only by the batch services (import_batch_create / import_batch_process / import_batch_resume).
    The counts are recomputed from the items after each file, so a resumed batch never counts a file twice.
    """

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUS_CHOICES = [(QUEUED, "排队中"), (RUNNING, "导入中"), (DONE, "已完成"), (FAILED, "已中断")]

    public_id = models.UUIDField("批次编号", default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="发起人",
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    source_name = models.CharField("来源", max_length=255, blank=True)  # the ZIP's name, or empty for files
    agency = models.CharField("指定机构", max_length=200, blank=True)
    status = models.CharField("状态", max_length=8, choices=STATUS_CHOICES, default=QUEUED)
    message = models.CharField("说明", max_length=500, blank=True)  # why a batch stopped (Chinese)
    total = models.PositiveIntegerField("文件数", default=0)
    created = models.PositiveIntegerField("新导入", default=0)
    duplicate = models.PositiveIntegerField("已存在", default=0)
    failed = models.PositiveIntegerField("失败", default=0)

    class Meta:
        verbose_name = "批量导入"
        verbose_name_plural = "批量导入"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_name or '批量导入'}（{self.get_status_display()}）"

    @property
    def processed(self) -> int:
        return self.created + self.duplicate + self.failed

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100


class ImportBatchItem(models.Model):
    """One file of a batch: its name (the path inside the ZIP), and what importing it gave."""

    PENDING, CREATED, DUPLICATE, FAILED = "pending", "created", "duplicate", "failed"
    STATUS_CHOICES = [(PENDING, "等待"), (CREATED, "已导入"), (DUPLICATE, "已存在"), (FAILED, "失败")]

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items", verbose_name="批次")
    position = models.PositiveIntegerField("序号")  # also the staged file's name: incoming/<batch>/<position>
    name = models.CharField("文件名", max_length=500)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    status = models.CharField("结果", max_length=9, choices=STATUS_CHOICES, default=PENDING)
    reason = models.CharField("原因代码", max_length=32, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    report_file = models.ForeignKey(
        ReportFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="年报文件",
    )

    class Meta:
        verbose_name = "批量导入文件"
        verbose_name_plural = "批量导入文件"
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="library_batch_item_position")]

    def __str__(self) -> str:
        return self.name
