"""Assessment (考核): a region's indicator set per year, which its supervisors edit, and its publications —
frozen snapshots of the set, the metric definitions, every agency's values, points, rules and the ids of the
records behind them. Rows are written only by gongkai.web.supervision.assessment.services.

A publication and its scores are insert-only: `save()` on a stored row and `delete()` raise. Editing the set
afterwards changes nothing published; a correction is a new publication (version + 1) with its reason, and
every version stays visible."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.web.common.audit_trail import InsertOnlyEvent


class PublishedAssessmentImmutable(ValueError):
    """A published assessment row was about to be changed or deleted (a programming error, not a user one)."""


class _Frozen(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PublishedAssessmentImmutable("published assessment rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PublishedAssessmentImmutable("published assessment rows are never deleted")


class IndicatorSetDraft(models.Model):
    """The editable indicator set of a region (or government) for a year: gongkai.core.assessment's
    IndicatorSet as JSON (`indicators`: a list of Indicator.to_dict())."""

    region = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="assessment_sets",
                               verbose_name="地区")
    year = models.PositiveSmallIntegerField("考核年度")
    title = models.CharField("名称", max_length=200)
    total = models.FloatField("总分", default=100)
    indicators = models.JSONField("考核指标", default=list)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="修改人")

    class Meta:
        verbose_name = "考核指标体系"
        verbose_name_plural = "考核指标体系"
        ordering = ["region__code", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="assessment_set_region_year")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.title}"

    def as_dict(self) -> dict:
        return {"region": self.region.code, "year": self.year, "title": self.title, "total": self.total,
                "indicators": self.indicators}


class AssessmentPublication(_Frozen):
    """One published version of a region's assessment for a year. `definition` holds the indicator set as
    it was scored (formulas, rules, explanations) and the dictionary's definitions of the metrics it used."""

    region = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="assessment_publications",
                               verbose_name="地区")
    year = models.PositiveSmallIntegerField("考核年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    title = models.CharField("名称", max_length=200)
    total = models.FloatField("总分")
    definition = models.JSONField("考核指标与指标定义")
    reason = models.TextField("更正原因", blank=True)
    agency_count = models.PositiveIntegerField("参评机关数")
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="发布人")

    class Meta:
        verbose_name = "考核结果发布"
        verbose_name_plural = "考核结果发布"
        ordering = ["region__code", "-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "version"],
                                               name="assessment_publication_version")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} v{self.version}"


class AssessmentScore(_Frozen):
    """One agency's published result: total, rank, and per indicator its value, points and rule as applied
    (`indicators`, a list of dicts), with the metric values and record ids (`metrics`: key → MetricValue
    dict) they came from."""

    publication = models.ForeignKey(AssessmentPublication, on_delete=models.PROTECT, related_name="scores",
                                    verbose_name="考核结果")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="assessment_scores",
                               verbose_name="机关")
    total = models.FloatField("总分", null=True)
    rank = models.PositiveIntegerField("名次", null=True)
    raw_points = models.FloatField("折算前得分")
    vetoed = models.BooleanField("一票否决", default=False)
    failed = models.BooleanField("不合格", default=False)
    veto_reasons = models.JSONField("否决原因", default=list)
    indicators = models.JSONField("各项得分")
    metrics = models.JSONField("指标数值与记录")

    class Meta:
        verbose_name = "机关考核得分"
        verbose_name_plural = "机关考核得分"
        ordering = ["publication", "rank", "agency__code"]
        constraints = [models.UniqueConstraint(fields=["publication", "agency"], name="assessment_score_agency")]
        indexes = [models.Index(fields=["agency", "publication"], name="assessment_score_history")]


class AssessmentEvent(InsertOnlyEvent):
    """Every write of the assessment: who, when, which region and year, what (insert-only)."""

    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="操作人")
    region = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="地区")
    year = models.PositiveSmallIntegerField("考核年度")
    action = models.CharField("操作", max_length=32)
    data = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "考核操作记录"
        verbose_name_plural = "考核操作记录"
