"""The engagement records' audit trail: who created, changed or deleted a record, when, and what it held.

Insert-only (`InsertOnlyEvent`: a row is never changed or deleted), appended by `services_records` in the
transaction of the change it records. The record's id is kept as a plain number, not a foreign key, so the
event of a deletion outlives the record it describes; the agency stays a foreign key for the isolation."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.web.common.audit_trail import InsertOnlyEvent

RECORD_ACTIONS = {"created": "登记", "changed": "修改", "deleted": "删除", "imported": "导入"}


class RecordEvent(InsertOnlyEvent):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    record_id = models.BigIntegerField("记录编号", db_index=True)
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="操作人")
    action = models.CharField("操作", max_length=16, choices=list(RECORD_ACTIONS.items()))
    data = models.JSONField("内容", default=dict, blank=True)  # the record's fields after (before, for deleted)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "记录操作日志"
        verbose_name_plural = "记录操作日志"

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.record_id}"
