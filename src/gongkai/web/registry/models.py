"""Persistence of the registry. Rows are written only by gongkai.web.registry.services.

An `Item` holds the current content: while it is a draft, the text being worked on; once published, what the
public sees (a correction is proposed and reviewed as a `Correction` and, when applied, overwrites the item and
adds an `ItemVersion`). Every publication and correction is kept as a version snapshot, so every earlier text
stays viewable. `ItemEvent` is the audit trail, hash-chained like the applications' (gongkai.core.audit_chain)
with its own head row.
"""

from __future__ import annotations

import json
from datetime import UTC

from django.conf import settings
from django.db import models

from gongkai.core.registry import vocab
from gongkai.core.registry.workflow import STATES
from gongkai.web.common.audit_trail import InsertOnlyEvent

GENRE_CHOICES = [(g.code, g.label) for g in vocab.genres().values()]
ATTRIBUTE_CHOICES = list(vocab.ATTRIBUTES.items())
VALIDITY_CHOICES = [("", "不适用"), *vocab.VALIDITY.items()]
BASIS_CHOICES = [("", "—"), *vocab.WITHHOLDING_BASES.items()]
COLUMN_CHOICES = list(vocab.PLATFORM_COLUMNS.items())


class Item(models.Model):
    """One piece of government information in the registry (政府信息)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="items",
                               verbose_name="发布机构")
    # Joint documents (联合发文): the other issuing agencies. The item's 索引号 is the lead agency's.
    co_agencies = models.ManyToManyField("agencies.Agency", blank=True, related_name="joint_items",
                                         verbose_name="联合发布机构")
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    # The 文号 folded for exact lookups (brackets 〔〕[]()【】 unified, spaces and width removed).
    doc_number_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    written_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField("形成或者变更日期", null=True, blank=True,
                                 help_text="条例第二十六条：自形成或者变更之日起20个工作日内公开")
    subject = models.CharField("主题分类", max_length=8)
    genre = models.CharField("体裁", max_length=24, choices=GENRE_CHOICES)
    art20 = models.JSONField("法定主动公开事项", default=list, blank=True)  # codes of vocab.ART20 / ART21_*
    catalogue_entry = models.ForeignKey("CatalogueEntry", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="items", verbose_name="对应基层政务公开标准目录事项")
    platform_column = models.CharField("平台栏目", max_length=16, choices=COLUMN_CHOICES, default="statutory")
    summary = models.TextField("内容概述", blank=True)
    body_html = models.TextField("正文", blank=True)  # sanitised on every write (services.clean_body)
    body_text = models.TextField("正文文字", blank=True, editable=False)  # plain text for search and feeds
    channels = models.JSONField("公开渠道", default=list, blank=True)  # codes of vocab.CHANNELS

    attribute = models.CharField("公开属性", max_length=16, choices=ATTRIBUTE_CHOICES, default="active")
    withholding_reason = models.TextField("不主动公开理由", blank=True)
    withholding_basis = models.CharField("法律依据", max_length=32, choices=BASIS_CHOICES, blank=True)
    attribute_review_on = models.DateField("公开属性复核日期", null=True, blank=True)

    validity = models.CharField("有效性", max_length=16, choices=VALIDITY_CHOICES, blank=True)
    validity_from = models.DateField("有效性变更日期", null=True, blank=True)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="predecessors", verbose_name="修改或替代文件")
    interprets = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="interpretations", verbose_name="所解读的政策文件")

    state = models.CharField("状态", max_length=16, choices=list(STATES.items()), default="draft", db_index=True)
    index_no = models.CharField("索引号", max_length=40, null=True, blank=True, unique=True)
    index_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    index_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_late = models.BooleanField("超期公开", default=False)
    version = models.PositiveIntegerField("版本", default=0)  # 0 before publication, then 1, 2, …
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回原因", blank=True)
    imported = models.BooleanField("由旧系统导入", default=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="起草人")
    created_at = models.DateTimeField("起草时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "state", "-published_on"], name="item_agency_published"),
            models.Index(fields=["state", "-published_on", "-id"], name="item_public_recent"),
            models.Index(fields=["agency", "genre", "state"], name="item_agency_genre"),
            models.Index(fields=["state", "formed_on"], name="item_art26_queue"),
            # The public platform's column lists (gongkai.web.portal.selectors), newest first with LIMIT, and
            # their counts. `art20` is the last key so that the per-item filter and counts (json_each on
            # SQLite) read the index alone, never the rows with their bodies.
            models.Index(fields=["agency", "state", "platform_column", "-published_on", "-id", "art20"],
                         name="item_agency_column"),
            # The region dashboards count a year's publications per agency and channel: with `channels` in
            # the index the province's count (a million items) reads the index alone, not the rows. Agency
            # first, like item_agency_published, so the planner that groups by agency picks this one.
            models.Index(fields=["agency", "state", "published_on", "channels"], name="item_year_channels"),
            # Table 二 from the registry (gongkai.web.reports.registry_counts) for a province: every column the
            # 规章/规范性文件 counts and the first-publication check read, agency first, so the GROUP BY agency
            # reads this index in order and never the rows.
            models.Index(fields=["agency", "state", "genre", "written_on", "published_on", "validity",
                                 "validity_from"], name="item_table2_rows"),
            # The year's publications by agency, channel and 政策解读 for section 一: the year's range of this
            # index holds all the query reads.
            models.Index(fields=["state", "published_on", "agency", "genre", "channels"], name="item_year_facts"),
            # The open data API's genre filter, newest first (bench/portal.py). On PostgreSQL a GIN index on
            # `channels` (migration 0004, raw SQL: SQLite has none) serves its channel filter.
            models.Index(fields=["state", "genre", "-published_on", "-id"], name="item_public_genre"),
            # The item page's interpretations and predecessors (migration 0005 says why partial).
            models.Index(fields=["interprets"], condition=models.Q(interprets__isnull=False),
                         name="item_interprets_set"),
            models.Index(fields=["successor"], condition=models.Q(successor__isnull=False), name="item_successor_set"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "index_year", "index_serial"], name="item_serial_unique",
                                    condition=models.Q(index_serial__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state == "published"

    @property
    def genre_label(self) -> str:
        return vocab.genre_label(self.genre)

    @property
    def subject_label(self) -> str:
        return vocab.subject_label(self.subject)

    @property
    def validity_label(self) -> str:
        return vocab.VALIDITY.get(self.validity, "")

    @property
    def channel_labels(self) -> list[str]:
        return [vocab.CHANNELS.get(c, c) for c in self.channels]


class ItemVersion(models.Model):
    """What was public from `published_at` on: version 1 is the first publication, later ones corrections."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    snapshot = models.JSONField("内容")  # the item's fields and attachment ids as published (services.snapshot)
    reason = models.TextField("更正原因", blank=True)
    published_on = models.DateField("发布日期")
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="发布人")
    review = models.ForeignKey("ConfidentialityReview", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name="保密审查")

    class Meta:
        verbose_name = "版本"
        verbose_name_plural = "版本"
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="item_version_unique")]


class ConfidentialityReview(models.Model):
    """保密审查 (条例 art. 17): who reviewed what, when, with which conclusion."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reviews")
    correction = models.ForeignKey("Correction", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="审查人")
    reviewed_on = models.DateField("审查日期")
    passed = models.BooleanField("审查结论：可以公开")
    opinion = models.TextField("审查意见", blank=True)
    referred_to = models.CharField("报请确定的部门", max_length=200, blank=True,
                                   help_text="不能确定是否可以公开时，报有关主管部门或者保密行政管理部门确定（条例第十七条）")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "保密审查"
        verbose_name_plural = "保密审查"
        ordering = ["item", "recorded_at", "id"]

    @property
    def conclusion(self) -> str:
        return "通过，可以公开" if self.passed else "未通过，不得公开"


class Correction(models.Model):
    """A proposed correction of a published item (更正): the changed fields, reviewed before it is applied."""

    STATES = {"proposed": "待审查", "reviewed": "保密审查通过", "rejected": "保密审查未通过", "applied": "已发布"}
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="corrections")
    changes = models.JSONField("更正内容")  # field -> new value (JSON-native; dates as ISO strings)
    reason = models.TextField("更正原因")
    state = models.CharField("状态", max_length=16, choices=list(STATES.items()), default="proposed")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    applied_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "更正"
        verbose_name_plural = "更正"
        ordering = ["item", "proposed_at", "id"]




class ItemAttachment(models.Model):
    """A file published with an item, stored after its embedded metadata was removed (core.registry.scrub)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    stored_path = models.CharField(max_length=255)  # relative to the registry's file root
    text = models.TextField("文字内容", blank=True, editable=False)  # read with the project's readers, for search
    scrubbed = models.JSONField("已清除的元数据", default=list, blank=True)
    sort = models.PositiveSmallIntegerField(default=0)
    removed_in_version = models.PositiveIntegerField(null=True, blank=True)  # kept for older versions
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["item", "sort", "id"]


class GazetteIssue(models.Model):
    """An issue of a 政府公报 (条例 art. 23), published by a government; its contents are registry items."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="gazette_issues",
                               verbose_name="编辑机关")
    year = models.PositiveSmallIntegerField("年份")
    number = models.PositiveSmallIntegerField("期号")  # the issue of the year (第N期)
    total_number = models.PositiveIntegerField("总期号", null=True, blank=True)
    published_on = models.DateField("出版日期")
    published = models.BooleanField("已发布", default=False)

    class Meta:
        verbose_name = "政府公报"
        verbose_name_plural = "政府公报"
        ordering = ["agency", "-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "number"], name="gazette_issue_unique")]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}期"


class GazetteEntry(models.Model):
    issue = models.ForeignKey(GazetteIssue, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="gazette_entries")
    section = models.CharField("栏目", max_length=60, blank=True)  # e.g. 市政府文件, 部门文件, 人事任免
    sort = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "公报目录条目"
        verbose_name_plural = "公报目录条目"
        ordering = ["issue", "sort", "id"]
        constraints = [models.UniqueConstraint(fields=["issue", "item"], name="gazette_entry_unique")]


class CatalogueEntry(models.Model):
    """One line of an agency's 基层政务公开标准目录 in one of the 26 key areas (国办发〔2019〕54号), with the
    standard columns."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="catalogue_entries",
                               verbose_name="机关")
    area = models.CharField("试点领域", max_length=4, choices=list(vocab.KEY_AREAS.items()))
    sort = models.PositiveIntegerField("序号", default=0)
    first_level = models.CharField("一级事项", max_length=100)
    second_level = models.CharField("二级事项", max_length=200, blank=True)
    content = models.TextField("公开内容（要素）")
    basis = models.TextField("公开依据")
    time_limit = models.CharField("公开时限", max_length=200, default=vocab.CATALOGUE_DEFAULT_TIME_LIMIT)
    responsible = models.CharField("公开主体", max_length=200)
    channels = models.JSONField("公开渠道和载体", default=list)  # labels from vocab.CATALOGUE_CHANNEL_OPTIONS
    audience = models.CharField("公开对象", max_length=16, choices=[("全社会", "全社会"), ("特定群体", "特定群体")],
                                default="全社会")
    method = models.CharField("公开方式", max_length=16, choices=[("主动", "主动"), ("依申请", "依申请")],
                              default="主动")
    level = models.CharField("公开层级", max_length=32, default="县级")

    class Meta:
        verbose_name = "标准目录事项"
        verbose_name_plural = "标准目录事项"
        ordering = ["agency", "area", "sort", "id"]


class SerialCounter(models.Model):
    """The last 索引号 serial given per agency and year. Publishing locks the row (UPDATE … RETURNING) and
    increments it in the publishing transaction, so a rolled-back publication gives its number back and two
    staff publishing at once get consecutive numbers."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="serial_counter_unique")]


class ItemEvent(InsertOnlyEvent):
    """The registry's audit trail: insert-only, hash-chained, appended only by services._event."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", db_index=True)
    on = models.DateField("业务日期", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="操作人")
    action = models.CharField("操作", max_length=32)
    from_state = models.CharField("原状态", max_length=16, blank=True)
    to_state = models.CharField("新状态", max_length=16, blank=True)
    reason = models.TextField("原因", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"


    def chain_fields(self) -> dict:
        return {
            "item": self.item_id,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "on": self.on.isoformat() if self.on else None,
            "actor": self.actor_id,
            "action": self.action,
            "from_state": self.from_state,
            "to_state": self.to_state,
            "reason": self.reason,
            "data": json.loads(json.dumps(self.data)),
        }


class RegistryChainHead(models.Model):
    """The newest link of the registry's audit chain (one row, pk 1), locked by every append."""

    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(null=True)
    count = models.BigIntegerField(default=0)
