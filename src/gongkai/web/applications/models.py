"""Disclosure applications and everything that happens to them.

Rows are written only by `gongkai.web.applications.services`; every state change there writes one
`ApplicationEvent`, which is insert-only. The applicant's personal data lives on `Application` and is shown
only to staff of the handling agency (see `access.py`); lists use the masked forms.

Dates that the law counts from (received_on, correction_received_on, replied_on, ...) are calendar dates in
Asia/Shanghai; moments that are only records (submitted_at, event times) are aware datetimes.
"""

from __future__ import annotations

import json
from datetime import UTC

from django.conf import settings
from django.db import models

from gongkai.core.applications import identity, vocab, workflow
from gongkai.core.applications.outcomes import OUTCOMES
from gongkai.web.common.audit_trail import InsertOnlyEvent
from gongkai.web.common.crypto_fields import EncryptedTextField, lookup_hash

STATE_CHOICES = [(k, v) for k, v in workflow.STATE_LABELS.items()]
APPLICANT_TYPE_CHOICES = [(t.key, t.label) for t in vocab.APPLICANT_TYPES]
CHANNEL_CHOICES = [(c.key, c.label) for c in vocab.CHANNELS]
OUTCOME_CHOICES = [(o.key, o.label) for o in OUTCOMES.values()]


class Application(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="applications",
                               verbose_name="办理机关")
    # Public identifiers: the tracking code is unguessable (80 random bits); `number` is the agency's
    # human registration number printed on letters (e.g. 2026-000123).
    tracking_code = models.CharField("查询码", max_length=16, unique=True)
    number = models.CharField("登记编号", max_length=32)
    state = models.CharField("状态", max_length=32, choices=STATE_CHOICES, db_index=True)

    # --- the applicant (personal data: handling agency's staff only) ------------------------------------
    # Names, identity numbers and contact details are encrypted at rest (docs/privacy.md); the lengths the
    # forms accept are checked there (intake). The same applicant is found through `id_hash`, a keyed hash
    # of the normalised identity number, never by the number itself.
    applicant_type = models.CharField("申请人类型", max_length=32, choices=APPLICANT_TYPE_CHOICES)
    applicant_name = EncryptedTextField("申请人姓名或名称")
    id_kind = models.CharField("证件类型", max_length=32)
    id_number = EncryptedTextField("证件号码")
    id_hash = models.CharField(max_length=64, blank=True, editable=False)
    contact_person = EncryptedTextField("联系人", blank=True)
    phone = EncryptedTextField("联系电话", blank=True)
    email = EncryptedTextField("电子邮箱", blank=True)
    address = EncryptedTextField("通信地址", blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    # Set when the retention period ran out and the personal data above was removed (services/privacy.py).
    anonymised_on = models.DateField("匿名化日期", null=True, blank=True)

    # --- what is requested (art. 29) -----------------------------------------------------------------------
    title = models.CharField("所需信息名称", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    description = models.TextField("所需信息的特征描述", blank=True)
    purpose = models.TextField("用途（选填）", blank=True)  # never required since the 2019 revision
    delivery_form = models.CharField("信息提供形式", max_length=32)
    delivery_method = models.CharField("获取信息方式", max_length=32)
    # 109号 art. 4: an application holding several matters counts as several items (一事一申请), and the
    # per-item fee tiers count one applicant's items in a calendar month.
    items = models.PositiveSmallIntegerField("件数", default=1)

    # --- receipt (art. 31): submission and receipt kept apart ---------------------------------------------
    channel = models.CharField("申请渠道", max_length=32, choices=CHANNEL_CHOICES)
    submitted_at = models.DateTimeField("提交时间")
    # Ordinary post (art. 31(二)): the day the letter physically reached the office, which must confirm with
    # the applicant that same day; the confirmation date is the receipt date.
    arrived_on = models.DateField("信函实际收到日期", null=True, blank=True)
    received_on = models.DateField("收到申请日期", null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    # --- the clock: inputs (the events below) and the stored result, so the queue can sort by it ----------
    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_items = models.TextField("补正事项", blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    correction_received_on = models.DateField("收到补正日期", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延期工作日数", default=0)
    # art. 35: for clearly excessive applications with reasonable grounds, the agency may set a longer
    # reasonable reply period than art. 33's 20 working days.
    reply_workdays = models.PositiveSmallIntegerField("答复期限（工作日）", default=20)
    reply_period_reason = models.TextField("确定合理答复期限的理由", blank=True)
    due_date = models.DateField("答复期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限为暂定", default=False)
    paused = models.BooleanField("计时暂停中", default=False)

    # --- handling and outcome ------------------------------------------------------------------------------
    # No index of its own: the (assigned_to, agency, state, ...) index below serves lookups by assignee too,
    # and with a single-column index PostgreSQL picked it for "my queue" and filtered 50,000 closed rows.
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="assigned_applications", verbose_name="承办人", db_index=False)
    outcome = models.CharField("办理结果", max_length=64, choices=OUTCOME_CHOICES, blank=True)
    outcome_variant = models.CharField("结果细分", max_length=32, blank=True)
    basis = models.TextField("法律依据", blank=True)
    reasons = models.TextField("理由", blank=True)
    other_agency = models.CharField("负责公开的机关及联系方式", max_length=300, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="审核人")
    replied_on = models.DateField("答复日期", null=True, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    # The day the application was concluded for the annual report: the reply date, or the day it ended
    # without a reply (no correction, fee unpaid).
    concluded_on = models.DateField("办结日期", null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="application_number_per_agency")]
        indexes = [
            # The staff queue: one agency's open applications by due date. Every column of the queue's order
            # is in the index, so a page's ids come from the index alone: the open states are several ranges
            # of it, merged by a sort of index entries only (with (agency, state, due_date) the sort read all
            # 5,000 open rows of a 100,000-application agency from the table, 18 ms of a page on SQLite).
            models.Index(fields=["agency", "state", "due_date", "submitted_at", "id"], name="app_queue_order"),
            models.Index(fields=["agency", "concluded_on", "id"], name="app_concluded"),
            # "Mine" and "unassigned": the agency is in it too, so their counts are answered by this index
            # alone; without it SQLite counted "mine" by reading all 100,000 rows of the agency (40-70 ms).
            models.Index(fields=["assigned_to", "agency", "state", "due_date", "submitted_at", "id"],
                         name="app_assignee_order"),
            models.Index(fields=["agency", "id"], name="app_register"),
            models.Index(fields=["agency", "received_on"], name="app_agency_received"),
            models.Index(fields=["id_hash", "received_on"], name="app_applicant_month_hash"),
            # The region dashboards (supervision.dashboard.selectors): a year's applications of thousands of
            # agencies counted from the index alone — received (and 补正) by receipt date; concluded by outcome,
            # late or not, by conclusion date — never reading the rows with their encrypted fields.
            models.Index(fields=["agency", "received_on", "correction_requested_on"], name="app_dash_received"),
            models.Index(fields=["agency", "concluded_on", "outcome", "replied_on", "due_date"],
                         name="app_dash_concluded"),
        ]

    def __str__(self) -> str:  # no personal data: this string reaches logs and admin breadcrumbs
        return f"{self.number} ({self.get_state_display()})"

    def save(self, *args, **kwargs):
        # The lookup hash always follows the identity number it stands for.
        self.id_hash = lookup_hash(identity.normalise(self.id_number)) if self.id_number else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "id_hash"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return workflow.is_open(self.state)


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    stored_path = models.CharField(max_length=255)  # relative to MEDIA_ROOT
    purpose = models.CharField("用途", max_length=32, default="application")  # application | correction
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"


class Pause(models.Model):
    """A period not counted in the reply deadline: a consultation (art. 33 ¶3) or a fee notice (109号)."""

    KIND_CHOICES = [("third_party", "征求第三方意见"), ("agency", "征求其他机关意见"), ("fee", "缴纳信息处理费")]
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField("类型", max_length=16, choices=KIND_CHOICES)
    party = models.CharField("被征求意见方", max_length=200, blank=True)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    # art. 32: the third party's 15 working days run from the day it receives the consultation letter, so the
    # reply due date is known only once that receipt is recorded.
    party_received_on = models.DateField("对方收到征求意见书日期", null=True, blank=True)
    reply_due = models.DateField("答复期限", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = "计时暂停"
        verbose_name_plural = "计时暂停"


class FeeCharge(models.Model):
    METHOD_CHOICES = [("per_item", "按件计收"), ("per_page", "按量计收")]
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee")
    method = models.CharField("计收方式", max_length=16, choices=METHOD_CHOICES)
    units = models.PositiveIntegerField("件数或页数")
    items_before = models.PositiveIntegerField("本月此前已申请件数", default=0)
    amount_yuan = models.PositiveIntegerField("金额（元）")
    notice_on = models.DateField("收费通知日期")
    # 109号: the applicant pays within 20 working days from the day after RECEIVING the notice; until its
    # delivery is recorded the payment due date is unknown.
    notice_received_on = models.DateField("申请人收到收费通知日期", null=True, blank=True)
    payment_due = models.DateField("缴费期限", null=True, blank=True)
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    lapsed_on = models.DateField("逾期未缴日期", null=True, blank=True)

    class Meta:
        verbose_name = "信息处理费"
        verbose_name_plural = "信息处理费"


class Letter(models.Model):
    """A letter or notice to the applicant (or a third party). A draft is editable; an issued letter is
    frozen together with its rendered DOCX and PDF, exactly as sent."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书类型", max_length=32)
    title = models.CharField("标题", max_length=100)
    number = models.CharField("文书编号", max_length=64, blank=True)
    content = models.JSONField("内容")  # gongkai.core.applications.letters.Letter.to_json()
    # Whether staff changed the draft's text: an unedited draft is composed afresh at issue, so dates known
    # only by then (a delivery made at once, an extended due date) are printed.
    edited = models.BooleanField("草稿已修改", default=False)
    issued = models.BooleanField("已发出", default=False)
    issued_on = models.DateField("发出日期", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    docx = models.BinaryField(null=True, editable=False)
    pdf = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "告知书"
        verbose_name_plural = "告知书"

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk, issued=True).exists():
            raise ValueError("an issued letter is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.issued:
            raise ValueError("an issued letter is immutable")
        return super().delete(*args, **kwargs)


DELIVERY_CHANNEL_CHOICES = [(t.key, t.label) for t in vocab.DELIVERY_CHANNELS]


class LetterDelivery(models.Model):
    """When and how an issued letter reached its addressee (送达). The letter itself stays frozen; its
    delivery is a fact recorded afterwards, and periods that run from receipt (a fee notice's payment
    period, a third party's reply period) are counted from it."""

    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="delivery")
    channel = models.CharField("送达方式", max_length=16, choices=DELIVERY_CHANNEL_CHOICES)
    delivered_on = models.DateField("送达日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文书送达"
        verbose_name_plural = "文书送达"


class ReviewCase(models.Model):
    """A reconsideration (行政复议) or lawsuit (行政诉讼) about an application: table 四 of the report."""

    KIND_CHOICES = [("reconsideration", "行政复议"), ("litigation", "行政诉讼")]
    ROUTE_CHOICES = [("", "—"), ("direct", "未经复议直接起诉"), ("after_review", "复议后起诉")]
    RESULT_CHOICES = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结")]
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="review_cases")
    kind = models.CharField("类型", max_length=16, choices=KIND_CHOICES)
    route = models.CharField("起诉方式", max_length=16, choices=ROUTE_CHOICES, blank=True)
    body = models.CharField("复议机关或法院", max_length=200)
    case_number = models.CharField("案号", max_length=100, blank=True)
    filed_on = models.DateField("申请或立案日期")
    decided_on = models.DateField("审结日期", null=True, blank=True)
    result = models.CharField("结果", max_length=16, choices=RESULT_CHOICES, default="pending")
    note = models.TextField("备注", blank=True)

    class Meta:
        ordering = ["filed_on", "id"]
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"


class ApplicationEvent(InsertOnlyEvent):
    """The audit trail: who did what, when, from which state to which, and why. Insert-only, and
    hash-chained (gongkai.core.audit_chain): `hash` covers the event's fields and `prev_hash`, the hash of the
    event appended before it, so `gongkai audit verify` finds an event deleted or edited afterwards. Appended
    only by `services.base._event`, which serialises appends on the `AuditChainHead` row."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", db_index=True)
    on = models.DateField("业务日期", null=True, blank=True)  # the legal date the action took effect
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="操作人")
    actor_label = models.CharField("操作方", max_length=32)  # 工作人员 / 申请人 / 系统
    action = models.CharField("操作", max_length=32)
    from_state = models.CharField("原状态", max_length=32, blank=True)
    to_state = models.CharField("新状态", max_length=32, blank=True)
    reason = models.TextField("原因", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)
    prev_hash = models.CharField("前一记录哈希", max_length=64, editable=False)
    hash = models.CharField("记录哈希", max_length=64, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"


    def chain_fields(self) -> dict:
        return event_chain_fields(self)


def event_chain_fields(event) -> dict:
    """The fields of an event the chain hash covers, as JSON-native values that read back identically from
    either database (times in UTC with microseconds, data normalised through JSON). A function, not only a
    method, so the migration that chains the events written before the chain existed uses the same one."""
    return {
        "application": event.application_id,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "on": event.on.isoformat() if event.on else None,
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "reason": event.reason,
        "data": json.loads(json.dumps(event.data)),
    }


class AuditChainHead(models.Model):
    """The newest link of the audit chain: one row (pk 1). Appending an event locks it (SELECT ... FOR
    UPDATE), so two staff acting at once append one after the other and the chain stays one total order on
    PostgreSQL as on SQLite (where IMMEDIATE transactions serialise writers anyway). It also lets `audit
    verify` see events removed from the end of the chain, which no later link could reveal."""

    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(null=True)
    count = models.BigIntegerField(default=0)


class AgencyCounter(models.Model):
    """Per agency and year sequence for registration and letter numbers (locked row, no gaps from races)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16)  # application | letter
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "kind"], name="agency_counter_unique")]


class CalendarYear(models.Model):
    """A year's official holiday notice loaded by an admin; overrides the packaged calendar for that year."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("依据", max_length=200)
    data = models.JSONField("日历数据")  # the year file as loaded (docs/calendar.md)
    loaded_at = models.DateTimeField("录入时间", auto_now=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="录入人")

    class Meta:
        ordering = ["year"]
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"

    def __str__(self) -> str:
        return f"{self.year}（{self.source}）"
