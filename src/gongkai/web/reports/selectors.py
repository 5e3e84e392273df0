"""Reads of annual reports.

    published_reports(agency=None, year=None) -> QuerySet[AnnualReport]   every published version
    current_report(agency, year, scope) -> AnnualReport | None            the latest version, any status
    region_board(region, year, today) -> list[BoardRow]                   who has published, who is late
    report_deadline(agency, year) -> date                                  art. 49 publication deadline
    library_counterpart(report) -> ReportStats | None                      the imported published report
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.core.annual import publication_deadline
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import subtree_ids
from gongkai.web.library.models import ReportStats

from .models import AnnualReport
from .registry_counts import LARGE_IN

BOARD_STATUSES = {"published": "已发布", "published_late": "逾期发布", "late": "逾期未发布",
                  "in_progress": "编制中", "not_started": "未开始"}


def published_reports(agency: Agency | None = None, year: int | None = None) -> QuerySet[AnnualReport]:
    qs = AnnualReport.objects.filter(status="published").select_related("agency")
    if agency is not None:
        qs = qs.filter(agency=agency)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "agency__sort", "agency__code", "scope", "-version")


def current_report(agency: Agency, year: int, scope: str = "agency") -> AnnualReport | None:
    return (AnnualReport.objects.filter(agency=agency, year=year, scope=scope).select_related("agency")
            .order_by("-version").first())


def report_deadline(agency: Agency, year: int) -> date:
    """条例 art. 49 (gongkai.core.annual.publication_deadline): departments by 31 January, county-level-and-
    above people's governments by 31 March of the following year."""
    return publication_deadline(agency.level, year)


@dataclass(frozen=True)
class BoardRow:
    agency: Agency
    status: str                      # published | published_late | late | in_progress | not_started
    deadline: date
    report: AnnualReport | None      # the latest agency-scope version, if any
    published: AnnualReport | None = None  # the first published version: its date is the publication's

    @property
    def status_label(self) -> str:
        return BOARD_STATUSES[self.status]

    @property
    def is_published(self) -> bool:
        return self.published is not None

    @property
    def published_late(self) -> bool:
        return self.status == "published_late"

    @property
    def published_on(self) -> date | None:
        return timezone.localdate(self.published.published_at) if self.published else None

    @property
    def days_late(self) -> int:
        """Calendar days from the deadline to the publication (0 when on time or not published)."""
        on = self.published_on
        return max(0, (on - self.deadline).days) if on else 0


def region_board(region: Agency, year: int, today: date) -> list[BoardRow]:
    """One row per reporting agency of the region's subtree (every active agency except region nodes, which
    are groupings, not organs), depth-first. A published version of the year's own (agency-scope) report
    makes it "published", or "published_late" (逾期发布) when the first publication's date (Asia/Shanghai) is
    after the deadline — a later correction does not change when the report was published; otherwise past
    the deadline it is "late" (逾期未发布), else "in_progress" when a version exists and "not_started" when
    none does. Three queries whatever the size of the region."""
    ids = subtree_ids(region)
    wanted = set(ids)
    # A province's thousands of ids cost more to bind as IN (…) than reading every agency and the year's
    # reports and keeping the region's in Python (registry_counts.agencies_filter's reasoning).
    large = len(ids) > LARGE_IN
    organs = Agency.objects.filter(active=True).exclude(level="region")
    agencies = {a.pk: a for a in (organs if large else organs.filter(pk__in=ids)) if a.pk in wanted}
    reports = AnnualReport.objects.filter(year=year, scope="agency")
    if not large:
        reports = reports.filter(agency_id__in=list(agencies))
    latest: dict[int, AnnualReport] = {}
    first_published: dict[int, AnnualReport] = {}
    for r in reports.defer("stats", "findings", "sections", "figure_sources", "registry_facts",
                           "correction_reason").order_by("agency_id", "version"):
        if r.agency_id not in agencies:
            continue
        latest[r.agency_id] = r
        if r.status == "published" and r.agency_id not in first_published:
            first_published[r.agency_id] = r
    rows = []
    for pk in ids:
        agency = agencies.get(pk)
        if agency is None:
            continue
        deadline = report_deadline(agency, year)
        report = latest.get(pk)
        first = first_published.get(pk)
        if first is not None:
            late = timezone.localdate(first.published_at) > deadline
            rows.append(BoardRow(agency, "published_late" if late else "published", deadline, report, first))
        elif today > deadline:
            rows.append(BoardRow(agency, "late", deadline, report))
        else:
            rows.append(BoardRow(agency, "in_progress" if report else "not_started", deadline, report))
    return rows


def library_counterpart(report: AnnualReport) -> ReportStats | None:
    """The imported published report of the same agency (by name) and year, for a cell-by-cell comparison;
    the one with the fewest errors when the library holds several."""
    return (ReportStats.objects.filter(agency=report.agency.name, year=report.year)
            .order_by("error_count", "-id").first())
