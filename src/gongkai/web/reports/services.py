"""Every write to annual reports and yearly figures. Views, the admin and the CLI call only these.

    compute_stats(*, agency, year, subtree=False) -> AnnualStats         read-only: the figures from the records
    compute(*, agency, year, subtree=False) -> Computed                 the same with table 二's figure sources
                                                                        and the registry's facts of the year
    report_build(*, agency, year, subtree=False, actor=None, now=None) -> AnnualReport
    report_check(*, report, actor=None) -> AnnualReport
    report_update_sections(*, report, actor, overview, problems, other) -> AnnualReport
    report_approve(*, report, actor, now=None) -> AnnualReport
    report_publish(*, report, actor, now=None, render=True) -> AnnualReport   with its files stored
    report_correct(*, report, actor, reason) -> AnnualReport              the new version
    rendering_for(*, report, fmt) -> bytes                                a published version's stored file
    figure_set(*, agency, year, pointer, value, source, actor) -> YearlyFigure | None
    report_document(report) -> ReportDocument;  render(report, fmt) -> (bytes, content_type, filename)

Who may act is `access.report_access` (one rule for these refusals and for what the pages offer). `now`
arguments let the demo loader replay history with its own dates; everyone else leaves them out.

Each write is keyword-only and one transaction; the report row is locked (SELECT ... FOR UPDATE) and its
status checked on the locked row, so two staff acting at once get a clear refusal rather than a lost update.

The workflow: draft → checked (no error finding) → approved (a reviewer or agency_admin; under the agency's
four-eyes setting, on by default, not the person who built the version) → published (frozen, with its files
rendered once and stored). Rebuilding replaces the current unpublished version's figures and findings (an approval is
withdrawn: the figures it approved may have changed); once the current version is published nothing is
rebuilt until `report_correct` opens version+1 with its reason. Every version stays.

A subtree report is built over the union of the subtree's agency ids in the same single query per table;
since every count is a sum over applications, this equals `aggregate()` of the members' own builds cell by
cell (a test holds the two equal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.annual import ReportDocument, build_stats, narrative_drafts, template_id
from gongkai.core.annual.engagement import EngagementYear
from gongkai.core.annual.engagement import fill_stats as fill_engagement
from gongkai.core.checks import run_checks
from gongkai.core.errors import GongkaiError
from gongkai.core.registry.table2 import TABLE2_COLUMNS, TABLE2_ROWS, ProactiveYear, table2_pointer
from gongkai.core.stats import AnnualStats
from gongkai.core.templates import template_for_year
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import subtree_ids
from gongkai.web.engagement.stats import engagement_year

from . import aggregation, registry_counts
from .access import report_access
from .models import SECTION_KEYS, AnnualReport, ReportRendering, YearlyFigure

FIRST_YEAR = 2019  # the national format (国办公开办函〔2019〕60号 and later) starts with the 2019 reports
FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}


class ReportRefused(GongkaiError):
    """A well-formed request the rules do not allow now (wrong status, error findings, no role)."""

    code = "report_refused"
    default_message = "当前不能对该年度报告进行此操作。"


class InvalidFigure(GongkaiError):
    code = "invalid_figure"
    default_message = "年度数字填写有误。"


# --- permissions ---------------------------------------------------------------------------------------------

def _require(actor, agency: Agency, scope: str, *, sign: bool = False) -> None:
    """Who may do what is `access.report_access`, the rule the staff pages show too."""
    if actor is None and not sign:
        return  # the system (demo loader, jobs) builds; signing always needs a person
    rights = report_access(actor, agency, scope) if actor is not None else None
    if rights is None or (sign and not rights.sign):
        raise ReportRefused(
            "role", message="只有本机关的审核人或机关管理员可以审核、发布或更正年度报告。" if sign
            else "只有本机关的工作人员可以编制年度报告。")


def four_eyes_blocks(report: AnnualReport, actor) -> bool:
    """The agency requires four eyes and `actor` built the version: they may not approve it."""
    return bool(report.agency.report_four_eyes and actor is not None and report.built_by_id is not None
                and report.built_by_id == actor.pk)


def _check_year(year: int) -> None:
    if not isinstance(year, int) or year < FIRST_YEAR:
        raise ReportRefused("year", message="2019年以前没有全国统一的年度报告格式，不能生成年度报告。")


# --- building --------------------------------------------------------------------------------------------------

def _scope(subtree: bool) -> str:
    return "subtree" if subtree else "agency"


def _figure_value(pointer: str, value: Decimal, decimal_pointers: set[str]) -> float | int:
    return float(value) if pointer in decimal_pointers else int(value)


def table2_pointers(year: int) -> dict[str, tuple[str, str, str, bool, bool]]:
    """The table 二 pointers of the year's template: pointer → (caption, row label, column label, decimal,
    signed), in template order."""
    out = {}
    for block in template_for_year(year).table2:
        for r in block.rows:
            for c in block.columns:
                out[f"/table2/{r.key}/{c.key}"] = (block.caption, r.label, c.label, c.decimal, c.signed)
    return out


REGISTRY_LABEL = "来自主动公开登记"
MANUAL_LABEL = "人工填报"


@dataclass
class Computed:
    """A build's inputs: the statistics, where each table 二 figure came from (pointer → "来自主动公开登记" or
    "人工填报：<source>"), the registry's facts of the year for the narrative (None without registry data), and
    the engagement records' facts of the year (responses, messages, meetings, trainings)."""

    stats: AnnualStats
    figure_sources: dict[str, str]
    registry: ProactiveYear | None
    engagement: EngagementYear | None = None


def _source_label(registry: bool, manual_sources: list[str]) -> str:
    manual = f"{MANUAL_LABEL}：{'；'.join(dict.fromkeys(manual_sources))}" if manual_sources else ""
    return "；".join(x for x in (REGISTRY_LABEL if registry else "", manual) if x)


def table2_with_sources(ids: list[int], year: int, registry: registry_counts.RegistryYear | None = None
                        ) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Table 二's figures of the agencies for the year, summed, and each figure's source label.

    Per agency and pointer, a figure staff entered (YearlyFigure, with its source) overrides the registry's
    count; the registry counts the 规章 and 行政规范性文件 rows of every agency whose registry holds data for
    the year (registry_counts.registry_users); anything else stays blank."""
    figures: dict[str, Decimal] = {}
    registry_used: set[str] = set()
    manual: dict[str, list[str]] = {}
    overridden: set[tuple[int, str]] = set()
    wanted = set(ids)
    for agency_id, pointer, value, source in (
            registry_counts.agencies_filter(YearlyFigure.objects.filter(year=year), ids)
            .order_by("agency_id", "pointer").values_list("agency_id", "pointer", "value", "source")):
        if agency_id not in wanted:
            continue
        figures[pointer] = figures.get(pointer, Decimal(0)) + value
        manual.setdefault(pointer, []).append(source)
        overridden.add((agency_id, pointer))
    if template_id(year) == "2021":  # the 2019 format's 规范性文件 columns are not the registry's counts
        registry = registry or registry_counts.registry_year(ids, year)
        users, by_agency = registry.users, registry.table2
        if users:
            for pointer in registry_pointers():
                for agency_id in users:
                    if (agency_id, pointer) in overridden:
                        continue
                    n = by_agency.get(agency_id, {}).get(pointer, 0)
                    figures[pointer] = figures.get(pointer, Decimal(0)) + n
                    registry_used.add(pointer)
    sources = {p: _source_label(p in registry_used, manual.get(p, [])) for p in figures}
    return figures, sources


def registry_pointers() -> tuple[str, ...]:
    return tuple(table2_pointer(g, c) for g in TABLE2_ROWS for c in TABLE2_COLUMNS)


def compute(*, agency: Agency, year: int, subtree: bool = False) -> Computed:
    """The statistics of the agency (or its subtree) for the year from the records and the registry, with
    each table 二 figure's source and the registry's facts of the year. Reads only."""
    _check_year(year)
    ids = subtree_ids(agency) if subtree else [agency.pk]
    pointers = table2_pointers(year)
    decimal_pointers = {p for p, meta in pointers.items() if meta[3]}
    registry = registry_counts.registry_year(ids, year)
    raw, sources = table2_with_sources(list(ids), year, registry)
    table2 = {p: _figure_value(p, v, decimal_pointers) for p, v in raw.items() if p in pointers and v is not None}
    stats = build_stats(agency=agency.name, year=year, table3=aggregation.table3_counts(ids, year),
                        table4=aggregation.table4_counts(ids, year), table2=table2 or None,
                        fees_collected_yuan=aggregation.fees_collected(ids, year))
    facts = registry.facts
    if facts is not None:
        stats.set("/proactive/total", facts.total)
    engagement = engagement_year(ids, year)
    fill_engagement(stats, engagement, interpretations=facts.interpretations if facts is not None else None)
    return Computed(stats, {p: s for p, s in sources.items() if p in table2}, facts, engagement)


def compute_stats(*, agency: Agency, year: int, subtree: bool = False) -> AnnualStats:
    """The statistics of the agency (or its subtree) for the year, from the records. Reads only."""
    return compute(agency=agency, year=year, subtree=subtree).stats


def previous_figures(agency: Agency, year: int, scope: str) -> tuple[dict[str, int], str]:
    """Last year's 规章 / 行政规范性文件 现行有效 figures when no published report of last year gives them:
    from the registry (with last year's overrides), as the report of last year would have counted them."""
    if year - 1 < FIRST_YEAR or template_id(year - 1) != "2021":
        return {}, ""
    ids = subtree_ids(agency) if scope == "subtree" else [agency.pk]
    raw, sources = table2_with_sources(list(ids), year - 1)
    wanted = [table2_pointer(g, "in_force") for g in TABLE2_ROWS]
    out = {p: int(raw[p]) for p in wanted if p in raw}
    used = sorted({sources[p] for p in out})
    return out, "；".join(used)


def previous_published(agency: Agency, year: int, scope: str) -> AnnualReport | None:
    return (AnnualReport.objects.filter(agency=agency, year=year - 1, scope=scope, status="published")
            .order_by("-version").first())


def _findings(stats: AnnualStats, agency: Agency, year: int, scope: str) -> list[dict]:
    prev = previous_published(agency, year, scope)
    previous = AnnualStats.from_json(prev.stats) if prev is not None else None
    last_year, label = ({}, "") if previous is not None else previous_figures(agency, year, scope)
    return [f.to_json() for f in run_checks(stats, previous=previous, from_records=True,
                                            previous_figures=last_year, previous_source=label)]


def _has_error(findings) -> bool:
    return any(f.get("severity") == "error" for f in findings or ())


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)


def _latest(agency: Agency, year: int, scope: str, *, lock: bool = False) -> AnnualReport | None:
    qs = AnnualReport.objects.filter(agency=agency, year=year, scope=scope).order_by("-version")
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def _apply_checks(report: AnnualReport, now) -> None:
    """Status from the findings: checked when no error, else draft; any approval is withdrawn."""
    report.status = "draft" if _has_error(report.findings) else "checked"
    report.checked_at = now if report.status == "checked" else None
    report.approved_at = report.approved_by = None


def report_build(*, agency: Agency, year: int, subtree: bool = False, actor=None, now=None) -> AnnualReport:
    """Build (or rebuild) the current unpublished version from the records. `now` is the build's time (the
    demo loader replays history with it); the builder is recorded for the four-eyes rule."""
    scope = _scope(subtree)
    _check_year(year)
    _require(actor, agency, scope)
    computed = compute(agency=agency, year=year, subtree=subtree)
    stats = computed.stats
    drafts = narrative_drafts(stats, registry=computed.registry, engagement=computed.engagement)
    now = now or timezone.now()
    with transaction.atomic():
        current = _latest(agency, year, scope, lock=True)
        if current is not None and current.status == "published":
            raise ReportRefused("published", message=(
                f"第{current.version}版报告已发布，不能重新生成；如需修改，请先提出更正（说明更正原因）。"))
        findings = _findings(stats, agency, year, scope)
        if current is None:
            report = AnnualReport(agency=agency, year=year, scope=scope, version=1, created_by=actor,
                                  sections={k: drafts.get(k, "") for k in SECTION_KEYS})
        else:
            report = current
            old_drafts = narrative_drafts(AnnualStats.from_json(current.stats),
                                          registry=ProactiveYear.from_json(current.registry_facts),
                                          engagement=EngagementYear.from_json(current.engagement_facts))
            sections = dict(current.sections or {})
            for key in SECTION_KEYS:
                # A section still equal to the previous pre-filled draft was not edited: refresh it with the
                # new figures. Staff text is never overwritten.
                if sections.get(key, "") in ("", old_drafts.get(key, "")):
                    sections[key] = drafts.get(key, "")
            report.sections = sections
        report.stats, report.findings, report.built_at, report.built_by = stats.to_json(), findings, now, actor
        report.figure_sources = computed.figure_sources
        report.registry_facts = computed.registry.to_json() if computed.registry is not None else None
        report.engagement_facts = computed.engagement.to_json() if computed.engagement is not None else None
        _apply_checks(report, now)
        report.save()
    return report


def report_check(*, report: AnnualReport, actor=None) -> AnnualReport:
    """Run the checks again on the stored figures (e.g. after the previous year's report was published)."""
    with transaction.atomic():
        report = _lock(report)
        _require(actor, report.agency, report.scope)
        _refuse_published(report)
        report.findings = _findings(AnnualStats.from_json(report.stats), report.agency, report.year, report.scope)
        _apply_checks(report, timezone.now())
        report.save()
    return report


def _refuse_published(report: AnnualReport) -> None:
    if report.status == "published":
        raise ReportRefused("published", message="已发布的报告不能修改；如需修改，请提出更正。")


def report_update_sections(*, report: AnnualReport, actor, overview: str, problems: str, other: str) -> AnnualReport:
    with transaction.atomic():
        report = _lock(report)
        _require(actor, report.agency, report.scope)
        _refuse_published(report)
        new = {"overview": (overview or "").strip(), "problems": (problems or "").strip(),
               "other": (other or "").strip()}
        if new != {k: (report.sections or {}).get(k, "") for k in SECTION_KEYS}:
            report.sections = new
            if report.status == "approved":  # the approval was of the old text
                _apply_checks(report, timezone.now())
            report.save()
    return report


def report_approve(*, report: AnnualReport, actor, now=None) -> AnnualReport:
    with transaction.atomic():
        report = _lock(report)
        _require(actor, report.agency, report.scope, sign=True)
        errors = [f.get("message", "") for f in report.findings or () if f.get("severity") == "error"]
        if errors:
            raise ReportRefused("errors", message=(
                f"报告存在{len(errors)}项错误（检查未通过），不能审核通过：{'；'.join(errors)}。请改正后重新生成报告。"))
        if report.status != "checked":
            raise ReportRefused("status", message=f"只有“已检查”的报告可以审核，当前状态为“{report.status_label}”。")
        if not (report.sections or {}).get("overview", "").strip():
            raise ReportRefused("overview", message="请先填写“一、总体情况”。")
        if four_eyes_blocks(report, actor):
            raise ReportRefused("four_eyes", message=(
                f"{report.agency.name}要求年度报告由生成人以外的人员审核：第{report.version}版由您生成，"
                "请由本机关其他审核人或机关管理员审核。"))
        report.status, report.approved_at, report.approved_by = "approved", now or timezone.now(), actor
        report.save()
    return report


def report_publish(*, report: AnnualReport, actor, now=None, render: bool = True) -> AnnualReport:
    """Publish the approved current version and store its files (HTML, DOCX, XLSX, PDF) with it.

    The files are rendered before the transaction, from the approved content with the publication date, so
    the row lock is held for milliseconds, not the seconds rendering takes; the transaction then re-checks
    on the locked row that this is still the same approval, and marks the version published and stores the
    files together. A rendering that fails (PDF fonts or Pango missing, ...) publishes nothing: the version
    stays approved and the refusal says why. `render=False` (bulk loads) stores no files: each is rendered
    once at its first download (`rendering_for`), from the same frozen content."""
    now = now or timezone.now()
    seen = AnnualReport.objects.select_related("agency").get(pk=report.pk)
    _require(actor, seen.agency, seen.scope, sign=True)
    _require_approved(seen)
    files: dict[str, bytes] = {}
    if render:
        document = report_document(seen, published_at=now)
        try:
            files = {fmt: render_document(document, fmt) for fmt in FORMATS}
        except GongkaiError as exc:
            raise ReportRefused("render", message=f"生成报告文件失败，报告未发布：{exc.message}") from exc
    with transaction.atomic():
        report = _lock(report)
        _require(actor, report.agency, report.scope, sign=True)
        _require_approved(report)
        if report.approved_at != seen.approved_at:
            raise ReportRefused("changed", message="报告在发布过程中被重新审核，请刷新页面后再发布。")
        report.status, report.published_at, report.published_by = "published", now, actor
        report.save()
        ReportRendering.objects.bulk_create([ReportRendering.of(report, fmt, data, now) for fmt, data in files.items()])
    return report


def _require_approved(report: AnnualReport) -> None:
    if report.status != "approved":
        raise ReportRefused("status", message=f"只有审核通过的报告可以发布，当前状态为“{report.status_label}”。")


def report_correct(*, report: AnnualReport, actor, reason: str) -> AnnualReport:
    reason = (reason or "").strip()
    with transaction.atomic():
        report = _lock(report)
        _require(actor, report.agency, report.scope, sign=True)
        if report.status != "published":
            raise ReportRefused("status", message="只有已发布的报告需要更正；未发布的报告可直接修改。")
        if not reason:
            raise ReportRefused("reason", message="请说明更正原因。")
        latest = _latest(report.agency, report.year, report.scope, lock=True)
        if latest.pk != report.pk:
            raise ReportRefused("superseded", message=f"该报告已有第{latest.version}版，请在最新版本上操作。")
        # The corrector opens the new version with the published figures: for four-eyes they built it.
        new = AnnualReport.objects.create(
            agency=report.agency, year=report.year, scope=report.scope, version=report.version + 1, status="draft",
            stats=report.stats, findings=report.findings, sections=dict(report.sections or {}),
            figure_sources=report.figure_sources, registry_facts=report.registry_facts,
            engagement_facts=report.engagement_facts, correction_reason=reason, built_at=report.built_at, created_by=actor, built_by=actor)
    return new


# --- yearly figures --------------------------------------------------------------------------------------------

def clean_figure(year: int, pointer: str, value, source: str) -> tuple[Decimal | None, str]:
    _check_year(year)
    pointers = table2_pointers(year)
    if pointer not in pointers:
        raise InvalidFigure("pointer", message=f"“{pointer}”不是{year}年度报告表二中的项目。")
    caption, row, column, decimal, signed = pointers[pointer]
    label = f"{row}·{column}"
    if value is None or value == "":
        return None, ""
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except ArithmeticError:
        raise InvalidFigure("value", message=f"{label}：“{value}”不是数字。") from None
    if not number.is_finite():
        raise InvalidFigure("value", message=f"{label}：“{value}”不是数字。")
    if not decimal and number != number.to_integral_value():
        raise InvalidFigure("value", message=f"{label}：应为整数。")
    if not signed and number < 0:
        raise InvalidFigure("value", message=f"{label}：不能为负数。")
    if abs(number) >= Decimal(10) ** 12 or number.as_tuple().exponent < -4:
        raise InvalidFigure("value", message=f"{label}：数值超出范围（最多4位小数）。")
    source = (source or "").strip()
    if not source:
        raise InvalidFigure("source", message=f"{label}：请注明数据来源（如统计台账、业务系统或文件名）。")
    if len(source) > 300:
        raise InvalidFigure("source", message=f"{label}：来源说明最长300字。")
    return number, source


def figure_set(*, agency: Agency, year: int, pointer: str, value, source: str, actor) -> YearlyFigure | None:
    """Store (or, with an empty value, remove) one table 二 figure. Returns the stored row or None."""
    _require(actor, agency, "agency")
    number, source = clean_figure(year, pointer, value, source)
    with transaction.atomic():
        if number is None:
            YearlyFigure.objects.filter(agency=agency, year=year, pointer=pointer).delete()
            return None
        figure, _ = YearlyFigure.objects.update_or_create(
            agency=agency, year=year, pointer=pointer,
            defaults={"value": number, "source": source, "entered_by": actor})
    return figure


# --- rendering -------------------------------------------------------------------------------------------------

def report_title(agency_name: str, year: int) -> str:
    return f"{agency_name}{year}年政府信息公开工作年度报告"


def document_for(stats: AnnualStats, sections, *, version: int = 1, published_on: date | None = None,
                 correction_reason: str = "") -> ReportDocument:
    return ReportDocument(title=report_title(stats.agency or "", stats.year), agency=stats.agency or "",
                          year=stats.year, stats=stats, sections={k: (sections or {}).get(k, "") for k in SECTION_KEYS},
                          version=version, published_on=published_on, correction_reason=correction_reason)


def report_document(report: AnnualReport, *, published_at=None) -> ReportDocument:
    """What the version's files show; `published_at` gives the date of a publication under way."""
    published_at = published_at or report.published_at
    published_on = timezone.localdate(published_at) if published_at else None
    return document_for(AnnualStats.from_json(report.stats), report.sections, version=report.version,
                        published_on=published_on, correction_reason=report.correction_reason)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ReportRefused("format", message=f"不支持的格式“{fmt}”：可选 html、docx、xlsx、pdf。")


def render_document(document: ReportDocument, fmt: str) -> bytes:
    _check_format(fmt)
    from importlib import import_module

    out = getattr(import_module(f"gongkai.core.annual.render_{fmt}"), f"render_{fmt}")(document)
    return out.encode("utf-8") if isinstance(out, str) else out


def rendering_for(*, report: AnnualReport, fmt: str) -> bytes:
    """The stored file of a published version, rendered and stored now if it was published without files
    (bulk loads). Insert-only: two first downloads at once both render, one insert wins, both serve it."""
    if report.status != "published":
        raise ValueError("only a published version has stored files")
    stored = ReportRendering.objects.filter(report=report, fmt=fmt).values_list("data", flat=True).first()
    if stored is not None:
        return bytes(stored)
    data = render_document(report_document(report), fmt)
    try:
        with transaction.atomic():
            ReportRendering.of(report, fmt, data, timezone.now()).save()
    except IntegrityError:
        return bytes(ReportRendering.objects.filter(report=report, fmt=fmt).values_list("data", flat=True).get())
    return data


def render(report: AnnualReport, fmt: str) -> tuple[bytes, str, str]:
    """(bytes, content type, file name) of the version in `fmt`: a published version's stored file (never
    rendered again), an unpublished one rendered from its current content."""
    _check_format(fmt)
    if report.status == "published":
        data = rendering_for(report=report, fmt=fmt)
    else:
        data = render_document(report_document(report), fmt)
    content_type, ext = FORMATS[fmt]
    suffix = f"（第{report.version}版）" if report.version > 1 else ""
    return data, content_type, f"{report_title(report.agency.name, report.year)}{suffix}.{ext}"
