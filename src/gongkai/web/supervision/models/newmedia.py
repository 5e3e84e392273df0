"""Government new-media accounts (政务微博、微信、客户端、抖音……) and what was observed of them over time.

The account row holds the latest known state; every entry, import or feed reading adds an observation, so the
check at any past date reads the observation history (`last_update_on` as known on that date)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.monitor.newmedia_rows import PLATFORMS, STATUSES  # noqa: E402

SOURCES = {"manual": "人工登记", "import": "批量导入", "feed": "订阅源"}


class NewMediaAccount(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="newmedia_accounts",
                               verbose_name="主办机关")
    platform = models.CharField("平台", max_length=16, choices=list(PLATFORMS.items()))
    name = models.CharField("账号名称", max_length=100)
    account_id = models.CharField("账号ID或链接", max_length=300, blank=True)
    feed_url = models.CharField("订阅源地址", max_length=500, blank=True,
                                help_text="RSS、Atom 或 JSON Feed 地址（可选），用于自动读取更新日期")
    has_interaction = models.BooleanField("提供互动功能", default=True,
                                          help_text="留言、评论、私信等公众可用且有回应的互动功能")
    last_update_on = models.DateField("最近更新日期", null=True, blank=True)
    last_interaction_on = models.DateField("最近互动回应日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=list(STATUSES.items()), default="active")
    closed_on = models.DateField("关停日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["agency__sort", "agency__code", "platform", "name"]
        verbose_name = "政务新媒体账号"
        verbose_name_plural = "政务新媒体账号"
        constraints = [models.UniqueConstraint(fields=["agency", "platform", "name"], name="newmedia_unique")]

    def __str__(self) -> str:
        return f"{PLATFORMS.get(self.platform, self.platform)}：{self.name}"

    @property
    def platform_label(self) -> str:
        return PLATFORMS.get(self.platform, self.platform)


class NewMediaObservation(models.Model):
    """What was known of an account on a date: entered by staff, imported, or read from its feed."""

    account = models.ForeignKey(NewMediaAccount, on_delete=models.CASCADE, related_name="observations")
    observed_on = models.DateField("观察日期", db_index=True)
    source = models.CharField("来源", max_length=16, choices=list(SOURCES.items()))
    last_update_on = models.DateField("最近更新日期", null=True, blank=True)
    last_interaction_on = models.DateField("最近互动回应日期", null=True, blank=True)
    has_interaction = models.BooleanField("提供互动功能", default=True)
    status = models.CharField("状态", max_length=16, choices=list(STATUSES.items()), default="active")
    entries = models.PositiveIntegerField("订阅源条目数", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="记录人")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["account", "observed_on", "id"]
        verbose_name = "新媒体观察记录"
        verbose_name_plural = "新媒体观察记录"
