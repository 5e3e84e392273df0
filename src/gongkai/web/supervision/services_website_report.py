"""Every write to the 政府网站工作年度报表, and what it is generated from.

    site_facts(agency, year) -> SiteFacts                    the records of the site's year, counted
    website_report_generate(*, agency, year, actor, now=None) -> WebsiteReport   the draft, (re)generated
    website_report_update(*, report, actor, values) -> WebsiteReport             staff's figures
    website_report_publish(*, report, actor, now=None) -> WebsiteReport          frozen
    website_report_correct(*, report, actor, reason) -> WebsiteReport            version+1, a draft
    website_reports_prepare(*, today) -> int          in January: last year's drafts for every agency with a website
    document(report) -> WebsiteReportDocument;  render(report, fmt) -> (bytes, content type, filename)

Who may act (`access`): the agency's staff generate and edit; its signers (reviewer, office head, agency
admin) publish and correct; the region's supervisors read. `actor=None` is the system (the demo loader, the January task).
Each write is one transaction on the locked row, with a `WebsiteReportEvent`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from gongkai.core.errors import GongkaiError
from gongkai.core.roles import SIGN_ROLES, STAFF_ROLES
from gongkai.core.supervision import website_report as form
from gongkai.core.supervision.website_report_render import (
    WebsiteReportDocument,
    render_docx,
    render_html,
    render_pdf,
)
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import supervised_ids, user_roles
from gongkai.web.engagement.stats import engagement_year
from gongkai.web.registry.models import Item

from .models import WebsiteReport, WebsiteReportEvent

FIRST_YEAR = 2018  # the form exists since 国办函〔2018〕12号 (the 2018 forms published by 31 January 2019)
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class WebsiteReportRefused(GongkaiError):
    code = "website_report_refused"
    default_message = "当前不能对该报表进行此操作。"


class InvalidWebsiteReport(GongkaiError):
    code = "invalid_website_report"
    default_message = "报表填写有误。"

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()), message="；".join(problems.values()))


# --- who ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Access:
    edit: bool
    sign: bool


def access(user, agency) -> Access | None:
    roles = user_roles(user, agency)
    if roles & STAFF_ROLES:
        return Access(edit=True, sign=bool(roles & SIGN_ROLES))
    if agency.pk in supervised_ids(user):
        return Access(edit=False, sign=False)
    return None


def _require(actor, agency, *, sign: bool = False) -> None:
    if actor is None:
        return
    rights = access(actor, agency)
    if rights is None or not rights.edit or (sign and not rights.sign):
        raise WebsiteReportRefused("role", message=(
            "只有本机关的审核人、公开工作机构负责人或机关管理员可以发布或更正报表。" if sign
            else "只有本机关的工作人员可以生成和填写本机关网站的年度报表。"))


# --- the records of the year --------------------------------------------------------------------------------

def site_facts(agency, year: int) -> form.SiteFacts:
    """The agency's publications of the year (one GROUP-free aggregate over its published items) and its
    engagement (engagement_year)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counts = Item.objects.filter(agency=agency, state="published", published_on__gte=start,
                                 published_on__lte=end).aggregate(
        total=Count("id"), news=Count("id", filter=Q(genre="news")),
        interpretations=Count("id", filter=Q(genre="interpretation")),
        overview=Count("id", filter=Q(art20__icontains='"2"')))
    return form.SiteFacts(year=year, agency_name=agency.name, agency_level=agency.level, website=agency.website,
                          items_total=counts["total"], items_overview=counts["overview"], items_news=counts["news"],
                          interpretations=counts["interpretations"], engagement=engagement_year([agency.pk], year))


def _check_year(year: int, today: date) -> None:
    if not isinstance(year, int) or year < FIRST_YEAR or year > today.year:
        raise WebsiteReportRefused("year", message=f"只能生成{FIRST_YEAR}年至今年的报表。")


def _event(report, actor, action: str, data: dict | None = None, now=None) -> None:
    WebsiteReportEvent(report=report, at=now or timezone.now(), actor=actor, action=action, data=data or {}).save()


def current(agency, year: int, *, lock: bool = False) -> WebsiteReport | None:
    qs = WebsiteReport.objects.filter(agency=agency, year=year).order_by("-version")
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def published(agency, year: int) -> WebsiteReport | None:
    return (WebsiteReport.objects.filter(agency=agency, year=year, status="published").order_by("-version")
            .first())


# --- writes ------------------------------------------------------------------------------------------------

def website_report_generate(*, agency, year: int, actor, now=None) -> WebsiteReport:
    """Create the draft of the year, or refresh the current draft's generated figures (entered ones stay)."""
    now = now or timezone.now()
    _require(actor, agency)
    _check_year(year, timezone.localtime(now).date())
    generated = form.generate(site_facts(agency, year))
    with transaction.atomic():
        report = current(agency, year, lock=True)
        if report is not None and report.is_published:
            raise WebsiteReportRefused("published", message=(
                f"第{report.version}版报表已发布，不能重新生成；如需修改，请先提出更正（说明更正原因）。"))
        if report is None:
            report = WebsiteReport(agency=agency, year=year, version=1, created_by=actor)
        report.values = form.merge(report.values, generated)
        report.generated_at = now
        report.save()
        _event(report, actor, "generated", {"generated": sorted(generated)}, now)
    return report


def website_reports_prepare(*, today: date) -> int:
    """In January, the draft of last year's 报表 for every active agency that runs a website (its 网站 is set)
    and has none yet — generated by the system from the data, for staff to complete and publish before 31
    January (国办函〔2018〕12号). Returns how many were created; an agency that already has one is left alone."""
    if today.month != 1:
        return 0
    year = today.year - 1
    have = set(WebsiteReport.objects.filter(year=year).values_list("agency_id", flat=True))
    created = 0
    for agency in Agency.objects.filter(active=True).exclude(website="").exclude(level="region").order_by("pk"):
        if agency.pk not in have:
            website_report_generate(agency=agency, year=year, actor=None)
            created += 1
    return created


def website_report_update(*, report: WebsiteReport, actor, values: dict) -> WebsiteReport:
    """Staff's figures: {row key: raw input}. Every problem is listed (by row key) and nothing is saved; a
    blank input clears the row (a generated row gets the system's figure again at the next generation)."""
    _require(actor, report.agency)
    parsed, problems = {}, {}
    for key, raw in values.items():
        row = form.ROW_BY_KEY.get(key)
        if row is None:
            continue
        try:
            parsed[key] = form.parse_value(row, raw)
        except ValueError as exc:
            problems[key] = str(exc)
    if problems:
        raise InvalidWebsiteReport(problems)
    with transaction.atomic():
        report = WebsiteReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
        if report.is_published:
            raise WebsiteReportRefused("published", message="已发布的报表不能修改；如需修改，请提出更正。")
        new = dict(report.values)
        changed = []
        for key, value in parsed.items():
            before = new.get(key, {}).get("value")
            if before == value:
                continue
            new = form.enter(new, key, value)
            changed.append(key)
        if changed:
            report.values = new
            report.save(update_fields=["values"])
            _event(report, actor, "edited", {"rows": changed})
    return report


def website_report_publish(*, report: WebsiteReport, actor, now=None) -> WebsiteReport:
    _require(actor, report.agency, sign=True)
    now = now or timezone.now()
    with transaction.atomic():
        report = WebsiteReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
        if report.is_published:
            raise WebsiteReportRefused("published", message=f"第{report.version}版报表已经发布。")
        gaps = form.missing(report.values)
        if gaps:
            raise WebsiteReportRefused("missing", message=(
                f"还有{len(gaps)}项未填写，不能发布：{'；'.join(gaps[:8])}{'……' if len(gaps) > 8 else ''}。"
                "没有发生的事项请填0。"))
        report.status = "published"
        report.published_at, report.published_on = now, timezone.localtime(now).date()
        report.published_by = actor
        report.save(update_fields=["status", "published_at", "published_on", "published_by"])
        _event(report, actor, "published", {}, now)
    return report


def website_report_correct(*, report: WebsiteReport, actor, reason: str) -> WebsiteReport:
    _require(actor, report.agency, sign=True)
    reason = (reason or "").strip()
    if not reason:
        raise WebsiteReportRefused("reason", message="请说明更正原因。")
    with transaction.atomic():
        latest = current(report.agency, report.year, lock=True)
        if latest.pk != report.pk or not latest.is_published:
            raise WebsiteReportRefused("superseded", message="只能更正最新发布的版本。")
        new = WebsiteReport.objects.create(agency=report.agency, year=report.year, version=report.version + 1,
                                           values=dict(report.values), correction_reason=reason, created_by=actor,
                                           generated_at=report.generated_at)
        _event(new, actor, "corrected", {"from_version": report.version, "reason": reason})
    return new


# --- rendering ----------------------------------------------------------------------------------------------

def document(report: WebsiteReport) -> WebsiteReportDocument:
    return WebsiteReportDocument(agency=report.agency.name, year=report.year, values=report.values,
                                 version=report.version, published_on=report.published_on,
                                 correction_reason=report.correction_reason)


def render(report: WebsiteReport, fmt: str) -> tuple[bytes, str, str]:
    if fmt not in FORMATS:
        raise WebsiteReportRefused("format", message="不支持的文件格式。")
    doc = document(report)
    data = render_docx(doc) if fmt == "docx" else render_pdf(doc)
    suffix = "" if report.is_published else "（草稿）"
    return data, FORMATS[fmt], f"{doc.filename}{suffix}-v{report.version}.{fmt}"


def content_disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def page_html(report: WebsiteReport) -> str:
    return render_html(document(report), standalone=False)
