"""The monitor of other government websites: monitored sites and their columns, every visit (availability
samples), every column observation and check, kept as history; changes made by people in an insert-only,
hash-chained trail (MonitorEvent)."""

from __future__ import annotations

import json
from datetime import UTC

from django.conf import settings
from django.db import models

from gongkai.core.monitor.rules import KINDS
from gongkai.web.common.audit_trail import InsertOnlyEvent


class MonitoredSite(models.Model):
    """A website watched from outside. `owner` is the agency (a region or a government) whose supervisors
    manage it; `agency`, when known, the agency that runs the site."""

    name = models.CharField("网站名称", max_length=200)
    url = models.CharField("首页网址", max_length=500)
    owner = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="monitored_sites",
                              verbose_name="监管单位")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name="主办机关")
    active = models.BooleanField("监测中", default=True)
    # A demo fixture site served by gongkai itself on loopback (GONGKAI_DEMO only): the one case where the
    # monitor reaches a private address without GONGKAI_MONITOR_ALLOW_PRIVATE.
    demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "监测网站"
        verbose_name_plural = "监测网站"
        constraints = [models.UniqueConstraint(fields=["owner", "url"], name="monitored_site_owner_url")]

    def __str__(self) -> str:
        return f"{self.name}（{self.url}）"


class MonitoredColumn(models.Model):
    site = models.ForeignKey(MonitoredSite, on_delete=models.CASCADE, related_name="columns", verbose_name="网站")
    name = models.CharField("栏目名称", max_length=100, blank=True)
    url = models.CharField("栏目网址", max_length=500)
    kind = models.CharField("栏目类型", max_length=16, choices=list(KINDS.items()))
    selector = models.CharField("CSS 选择器", max_length=300, blank=True,
                                help_text="留空则自动识别带日期的信息列表；识别不准时填写，如 ul.list li")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "监测栏目"
        verbose_name_plural = "监测栏目"

    def __str__(self) -> str:
        return self.name or self.url


class SiteVisit(models.Model):
    """One availability sample of a site's home page (19号: >= 20 a day, failure = no page within 15 s)."""

    site = models.ForeignKey(MonitoredSite, on_delete=models.CASCADE, related_name="visits")
    at = models.DateTimeField("访问时间")
    ok = models.BooleanField("成功")
    status = models.PositiveSmallIntegerField("HTTP 状态", null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField("耗时（毫秒）")
    error_code = models.CharField(max_length=32, blank=True)
    error = models.CharField("错误", max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["site", "at"], name="site_visit_site_at")]


class SiteCheck(models.Model):
    """A full check (home page, columns, links) and its findings, kept as history."""

    site = models.ForeignKey(MonitoredSite, on_delete=models.CASCADE, related_name="checks")
    at = models.DateTimeField("检查时间")
    check_date = models.DateField("检查日期")
    reachable = models.BooleanField("首页可访问")
    last_update = models.DateField("最近更新", null=True, blank=True)
    findings = models.JSONField("发现的问题", default=list)
    veto = models.BooleanField("单项否决", default=False)
    manual = models.BooleanField("手动检查", default=False)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["site", "at"], name="site_check_site_at")]


class ColumnObservation(models.Model):
    check_run = models.ForeignKey(SiteCheck, on_delete=models.CASCADE, related_name="observations")
    column = models.ForeignKey(MonitoredColumn, on_delete=models.CASCADE, related_name="observations")
    at = models.DateTimeField("观测时间")
    reachable = models.BooleanField("可访问")
    last_update = models.DateField("最近更新", null=True, blank=True)
    stale = models.BooleanField("未按时更新", default=False)
    items = models.PositiveIntegerField("信息条数", default=0)
    dated = models.PositiveIntegerField("带日期条数", default=0)
    future_dated = models.PositiveIntegerField(default=0)
    links_checked = models.PositiveIntegerField("抽查链接数", default=0)
    broken_links = models.JSONField("失效链接", default=list)
    error = models.CharField("错误", max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["column", "at"], name="column_obs_column_at")]


class MonitorChainHead(models.Model):
    """The newest link of the monitor's audit chain (one row, pk 1), locked by every append."""

    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(null=True)
    count = models.BigIntegerField(default=0)


class MonitorEvent(InsertOnlyEvent):
    """Who added, changed, stopped or asked to check a monitored site, with what."""

    site = models.ForeignKey(MonitoredSite, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=32)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]

    def chain_fields(self) -> dict:
        return {
            "site": self.site_id,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "action": self.action,
            "data": json.loads(json.dumps(self.data)),
        }
