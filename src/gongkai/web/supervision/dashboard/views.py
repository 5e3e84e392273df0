"""The region dashboard (/work/supervision/dashboard/<code>/<year>/), its exports and the drill-down lists.

Who sees it is the region board's rule (`reports.access.board_allowed`): the region's supervisors and the
agency_admins of its top government. Everyone else, and any region or year out of range, gets the same 404.
The drill-down lists show what a supervisor may see of a record and nothing personal: an application's number,
agency, dates, outcome and whether it was late — never the applicant, their contacts, or the request text
(which may hold them); a message's tracking code, box, dates and state — never the writer or the text.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from gongkai.core.applications.outcomes import GROUPS, OUTCOMES
from gongkai.core.registry.vocab import CHANNELS
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agencies_for_user
from gongkai.web.applications.models import ReviewCase
from gongkai.web.engagement.models import MESSAGE_STATES, RECORD_KINDS
from gongkai.web.reports.access import board_allowed

from . import exports, sections
from . import selectors as s

LEVELS = ("region", "government")
AGENCY_PAGE = 100
LIST_PAGE = 50
FIRST_YEAR = s.FIRST_YEAR

# What each drill-down filter is called on its list page.
FILTER_LABELS = {
    "applications": {"received": "本年度收到的申请", "concluded": "本年度办结的申请", "late": "本年度办结、超期答复的申请",
                     "correction": "本年度收到、发出补正告知的申请", "fee_paid": "本年度缴纳信息处理费的申请",
                     **{f"group{i}": f"本年度办结、结果为“{g}”的申请" for i, g in enumerate(GROUPS)}},
    "cases": {"reconsideration_filed": "本年度申请的行政复议", "reconsideration_decided": "本年度审结的行政复议",
              "reconsideration_corrected": "本年度审结、结果纠正的行政复议", "litigation_filed": "本年度立案的行政诉讼",
              "litigation_decided": "本年度审结的行政诉讼", "litigation_corrected": "本年度审结、结果纠正的行政诉讼"},
    "items": {"published": "本年度发布的主动公开信息",
              **{f"ch_{code}": f"本年度发布、经“{label}”公开的信息" for code, label in CHANNELS.items()}},
    "messages": {"received": "本年度收到的有效留言", "replied": "本年度收到、已答复的有效留言",
                 "due": "答复期限在本年度内的有效留言", "in_time": "答复期限在本年度内、按时答复的有效留言",
                 "unanswered_3m": "截至年末收到超过3个月未答复的有效留言"},
    "records": {kind: f"本年度的{label}记录" for kind, label in RECORD_KINDS.items()},
}
KIND_LABELS = {"applications": "申请", "cases": "复议诉讼案件", "items": "主动公开信息", "messages": "留言",
               "records": "回应与能力建设记录"}


def _today() -> date:
    return timezone.localdate()


def _region(request, code: str, year: int) -> Agency:
    region = Agency.objects.filter(code=code).first()
    if (region is None or region.level not in LEVELS or not board_allowed(request.user, region)
            or not FIRST_YEAR <= year <= _today().year + 1):
        raise Http404("no such dashboard")
    return region


def _drill_for(region: Agency, dashboard_year: int):
    """drill(kind, name, agency_id=None, year=None) -> the list URL. A province's per-agency table has tens of
    thousands of cells: each list's path is reversed once, and the query string (filter names are identifiers,
    agency ids integers) is written directly."""
    paths: dict[tuple[str, int], str] = {}

    def drill(kind: str, name: str, agency_id: int | None = None, *, year: int | None = None) -> str:
        key = (kind, year or dashboard_year)
        path = paths.get(key)
        if path is None:
            path = paths[key] = reverse("supervision:dashboard:list", args=[region.code, key[1], kind])
        if not name.isidentifier():
            raise ValueError(f"not a filter name: {name!r}")
        return f"{path}?f={name}" if agency_id is None else f"{path}?f={name}&agency={int(agency_id)}"
    return drill


def _years(today: date) -> list[int]:
    return list(range(today.year, max(FIRST_YEAR, today.year - 6) - 1, -1))


def _dashboard(request, code: str, year: int):
    region = _region(request, code, year)
    today = _today()
    scope = s.Scope.of(region, year, today)
    return region, sections.build(scope, _drill_for(region, year)), today


@login_required
@require_GET
def index(request):
    """The regions the user may see a dashboard of (supervised regions, and the governments they administer)."""
    today = _today()
    regions = [a for a in agencies_for_user(request.user).filter(level__in=LEVELS).order_by("sort", "code")
               if board_allowed(request.user, a)]
    if not regions:
        raise Http404("no dashboard")
    return render(request, "supervision/dashboard/index.html", {"regions": regions, "year": today.year})


@login_required
@require_GET
def dashboard(request, code: str, year: int):
    region, board, today = _dashboard(request, code, year)
    sort = request.GET.get("sort", "")
    descending = request.GET.get("dir") == "desc"
    order = board.agency_order(sort, descending)
    page = Paginator(order, AGENCY_PAGE).get_page(request.GET.get("page"))
    page.object_list = [board.agency_row(pk, with_drill=True) for pk in page.object_list]
    query = urlencode({k: v for k, v in (("sort", sort), ("dir", "desc" if descending else "")) if v})
    return render(request, "supervision/dashboard/dashboard.html", {
        "region": region, "year": year, "today": today, "board": board, "years": _years(today),
        "columns": board.columns, "page": page, "sort": sort, "descending": descending, "query": query,
        "agency_count": len(order),
    })


@login_required
@require_GET
def export(request, code: str, year: int, fmt: str):
    region, board, today = _dashboard(request, code, year)
    if fmt == "csv":
        data, content_type = exports.dashboard_csv(board), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        data = exports.dashboard_xlsx(board)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404("no such format")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{region.name}{year}年监督看板.{fmt}")
    return response


# --- drill-down lists ------------------------------------------------------------------------------------------

def _late(row) -> bool:
    return bool(row["replied_on"] and row["due_date"] and row["replied_on"] > row["due_date"])


# Only the columns a supervisor may see, read with values(): no personal field is ever loaded.
LIST_COLUMNS = {
    "applications": (("agency__sort", "agency__code", "received_on", "id"),
                     ("id", "number", "agency__name", "received_on", "due_date", "replied_on", "concluded_on",
                      "outcome", "state")),
    "cases": (("filed_on", "id"), ("id", "application__number", "application__agency__name", "kind", "filed_on",
                                   "decided_on", "result")),
    "items": (("-published_on", "id"), ("id", "index_no", "title", "agency__name", "published_on", "channels")),
    "messages": (("received_on", "id"), ("id", "tracking_code", "box__name", "agency__name", "received_on",
                                         "due_on", "replied_on", "state")),
    "records": (("held_on", "id"), ("id", "kind", "held_on", "topic", "agency__name", "participants", "channel")),
}
CASE_KINDS, CASE_RESULTS = dict(ReviewCase.KIND_CHOICES), dict(ReviewCase.RESULT_CHOICES)


def _row(kind: str, r: dict) -> dict:
    if kind == "applications":
        outcome = OUTCOMES.get(r["outcome"])
        return {**r, "outcome_label": outcome.label if outcome else "", "group": outcome.group if outcome else "",
                "late": _late(r)}
    if kind == "cases":
        return {**r, "kind_label": CASE_KINDS.get(r["kind"], r["kind"]), "result_label": CASE_RESULTS.get(r["result"], "")}
    if kind == "items":
        return {**r, "channel_labels": "、".join(CHANNELS.get(c, c) for c in (r["channels"] or []))}
    if kind == "messages":
        return {**r, "state_label": MESSAGE_STATES.get(r["state"], r["state"]),
                "in_time": bool(r["replied_on"] and r["replied_on"] <= r["due_on"])}
    return {**r, "kind_label": RECORD_KINDS.get(r["kind"], r["kind"])}


class _LazyRows:
    """A paginator's object list that maps only the page's rows (a count and a slice of the queryset)."""

    def __init__(self, kind: str, qs):
        order, fields = LIST_COLUMNS[kind]
        self.kind, self.qs = kind, qs.order_by(*order).values(*fields)

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, sl):
        return [_row(self.kind, r) for r in self.qs[sl]]


@login_required
@require_GET
def drill_list(request, code: str, year: int, kind: str):
    region = _region(request, code, year)
    name = request.GET.get("f", "")
    if kind not in s.FILTERS or name not in s.FILTERS[kind]:
        raise Http404("no such list")
    scope = s.Scope.of(region, year, _today())
    agency = None
    raw = request.GET.get("agency", "")
    if raw:
        if not raw.isdigit() or int(raw) not in scope.agencies:
            raise Http404("no such agency in the region")
        agency = scope.agencies[int(raw)]
    qs = s.drill_queryset(scope, kind, name, agency.pk if agency else None)
    page = Paginator(_LazyRows(kind, qs), LIST_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("f", name), ("agency", raw)) if v})
    return render(request, f"supervision/dashboard/list_{kind}.html", {
        "region": region, "year": year, "kind": kind, "kind_label": KIND_LABELS[kind], "agency": agency,
        "filter_label": FILTER_LABELS[kind][name], "page": page, "query": query,
        "back": reverse("supervision:dashboard:dashboard", args=[region.code, year]),
    })

