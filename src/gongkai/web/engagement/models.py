"""Public engagement (互动交流, 回应关切): the agencies' message boxes and the records of how they answer the
public — responses to public concerns, press conferences, online interviews, meetings and trainings.

These records feed the annual report (the statistics model's `responses` and `capacity`, and section 一), the
website checks (国办秘函〔2019〕19号: valid messages unanswered for more than 3 months), the 政府网站工作年度报表,
the assessment and the region dashboards. Writes go through `services`; every state change of a message is
an insert-only, hash-chained `MessageEvent`.
"""

from __future__ import annotations

import json
from datetime import UTC

from django.conf import settings
from django.db import models

from gongkai.web.common.audit_trail import InsertOnlyEvent
from gongkai.web.common.crypto_fields import EncryptedTextField

BOX_KINDS = {"leader": "领导信箱", "consult": "咨询", "suggest": "建议"}

MESSAGE_STATES = {
    "received": "待分办",
    "assigned": "办理中",
    "replied": "已答复",
    "invalid": "无效留言",  # spam, abuse, duplicates, empty: not counted as a valid message (19号)
}

RECORD_KINDS = {
    "hotspot_response": "回应公众关注热点或重大舆情",
    "press_conference": "新闻发布会",
    "online_interview": "在线访谈",
    "meeting": "政府信息公开工作会议",
    "training": "培训班",
}


class MessageBox(models.Model):
    """One of an agency's public message boxes (领导信箱, 咨询, 建议)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="message_boxes",
                               verbose_name="机关")
    kind = models.CharField("类型", max_length=16, choices=list(BOX_KINDS.items()))
    name = models.CharField("名称", max_length=100, help_text="如：县长信箱、咨询留言")
    # Working days (the applications' official calendar) from receipt to the reply.
    reply_workdays = models.PositiveSmallIntegerField("答复时限（工作日）", default=10)
    intro = models.TextField("说明", blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["agency__code", "kind", "id"]
        verbose_name = "留言信箱"
        verbose_name_plural = "留言信箱"
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "name"], name="message_box_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.name}"


class Message(models.Model):
    """A message written to a box. The writer's name and contact are personal data: encrypted at rest and
    shown only to staff of the agency; what is published is the scrubbed `published_question`/`published_reply`."""

    box = models.ForeignKey(MessageBox, on_delete=models.PROTECT, related_name="messages", verbose_name="信箱")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="messages",
                               verbose_name="机关")  # the box's agency, kept here for region queries
    tracking_code = models.CharField("查询码", max_length=32, unique=True)
    writer_name = EncryptedTextField("姓名")
    contact = EncryptedTextField("联系方式", blank=True)
    subject = models.CharField("标题", max_length=200)
    body = EncryptedTextField("内容")
    may_publish = models.BooleanField("同意公开", default=False)
    received_at = models.DateTimeField("收到时间", db_index=True)
    received_on = models.DateField("收到日期", db_index=True)
    due_on = models.DateField("答复期限", db_index=True)
    state = models.CharField("状态", max_length=16, choices=list(MESSAGE_STATES.items()), default="received",
                             db_index=True)
    invalid_reason = models.CharField("无效原因", max_length=200, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name="承办人")
    reply = models.TextField("答复内容", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    published = models.BooleanField("已公开", default=False, db_index=True)
    published_question = models.TextField("公开的留言", blank=True)
    published_reply = models.TextField("公开的答复", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "留言"
        verbose_name_plural = "留言"
        indexes = [
            models.Index(fields=["agency", "received_on"], name="message_agency_received"),
            # the staff queue of open messages, earliest due first
            models.Index(fields=["agency", "state", "due_on"], name="message_agency_state_due"),
            # The region dashboards count a year's messages per agency (received, due, answered in time)
            # from this index alone, never the rows with their encrypted text.
            models.Index(fields=["agency", "received_on", "due_on", "state", "replied_on"], name="message_dashboard"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def valid(self) -> bool:
        return self.state != "invalid"


class MessageEvent(InsertOnlyEvent):
    """The messages' audit trail: insert-only, hash-chained, appended only by services."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", db_index=True)
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
        verbose_name = "留言操作记录"
        verbose_name_plural = "留言操作记录"

    def chain_fields(self) -> dict:
        return {
            "message": self.message_id,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "action": self.action,
            "from_state": self.from_state,
            "to_state": self.to_state,
            "reason": self.reason,
            "data": json.loads(json.dumps(self.data)),
        }


class EngagementChainHead(models.Model):
    """The newest link of the engagement audit chain (one row, pk 1), locked by every append."""

    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(null=True)
    count = models.BigIntegerField(default=0)


class EngagementRecord(models.Model):
    """A response to a public concern, a press conference, an online interview, a disclosure work meeting or
    a training session, as the annual report and the 网站年度报表 count them."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="engagement_records",
                               verbose_name="机关")
    kind = models.CharField("类型", max_length=24, choices=list(RECORD_KINDS.items()), db_index=True)
    held_on = models.DateField("日期", db_index=True)
    topic = models.CharField("主题", max_length=300)
    speakers = models.CharField("发布人/嘉宾/主讲人", max_length=300, blank=True)
    participants = models.PositiveIntegerField("参加人数（人次）", null=True, blank=True,
                                               help_text="培训班填写接受培训人员数")
    channel = models.CharField("渠道", max_length=100, blank=True, help_text="如：门户网站、政务微博、新闻发布会")
    url = models.CharField("链接", max_length=500, blank=True)
    summary = models.TextField("内容摘要", blank=True)
    items = models.ManyToManyField("registry.Item", blank=True, related_name="engagement_records",
                                   verbose_name="相关政府信息")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="登记人")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "回应与能力建设记录"
        verbose_name_plural = "回应与能力建设记录"
        indexes = [models.Index(fields=["agency", "kind", "held_on"], name="engagement_agency_kind_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on} {self.topic}"


from .models_records import RecordEvent  # noqa: E402,F401  (the records' audit trail, in its own module)
