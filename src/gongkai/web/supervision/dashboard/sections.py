"""The region dashboard as a list of sections, each built by one function from the grouped counts.

    build(scope, drill) -> Dashboard                    every section of SECTIONS, then the per-agency table
    SECTIONS: list[SectionSpec]                         (key, title, builder) in page order

A builder takes a `Context` (the scope, a `drill(kind, name, agency_id=None)` URL maker and a memo for counts
shared between builders) and returns a `Section`: its figures (metric key + value: the template prints the
metric's definition beside each), charts (SVG with a data table), plain tables, notes, and the columns it adds
to the per-agency table. A new section (website checks, the assessment ranking) is a builder appended here:

    def build_checks(ctx): ...return Section("checks", "网站检查", figures=[...], columns=[...])
    SECTIONS.append(SectionSpec("checks", "网站检查", build_checks))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from gongkai.core.applications.outcomes import GROUPS
from gongkai.core.dashboard import UNRECORDED_GROUP, Figure, percent, rate_figure, trend
from gongkai.core.metrics import metric
from gongkai.core.registry.vocab import CHANNELS
from gongkai.web.common.charts import bar_chart, data_table, donut_chart, hbar_chart, stacked_bar
from gongkai.web.engagement.models import RECORD_KINDS
from gongkai.web.reports.selectors import BOARD_STATUSES, region_board

from . import selectors as s

Drill = Callable[..., str]


@dataclass
class Chart:
    svg: SafeString
    table: SafeString  # the same numbers as an HTML table (screen readers, print)


@dataclass
class Cell:
    text: str
    url: str = ""
    num: bool = False


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[Cell]]
    metric: str = ""  # the metric its figures are, when one is: the template prints its definition

    @property
    def definition(self):
        return metric(self.metric) if self.metric else None


@dataclass
class AgencyColumn:
    key: str  # unique among columns: the sort parameter
    metric: str  # the metric key (its label heads the column, its definition is the header's tooltip)
    values: dict[int, Figure]  # per agency id; an agency without a Figure shows 0 (counts) or N/A (rates)
    label: str = ""  # a shorter header than the metric's label, when it has one
    # The drill-down of a cell, made only for the cells shown (a province's table has tens of thousands):
    # drill(pk) -> URL, for the cells whose count (a rate's numerator) is not 0.
    drill: Callable[[int], str] | None = None

    @property
    def definition(self) -> str:
        return metric(self.metric).definition

    @property
    def header(self) -> str:
        return self.label or metric(self.metric).label

    def figure(self, agency_id: int, *, with_drill: bool = False) -> Figure:
        f = self.values.get(agency_id)
        if f is None:
            return Figure(self.metric, None if metric(self.metric).kind == "rate" else 0)
        count = f.numerator if f.numerator is not None else f.value
        if with_drill and self.drill is not None and not f.drill and isinstance(count, int) and count:
            return f.with_drill(self.drill(agency_id))
        return f

    def sort_value(self, agency_id: int):
        v = self.figure(agency_id).value
        if v is None:
            return None
        return (0, v, "") if isinstance(v, int | float) else (1, 0, str(v))


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: list[AgencyColumn] = field(default_factory=list)


@dataclass
class Context:
    scope: s.Scope
    drill: Drill
    memo: dict = field(default_factory=dict)

    def counts(self, name: str, fn: Callable[[s.Scope], dict]) -> dict:
        if name not in self.memo:
            self.memo[name] = fn(self.scope)
        return self.memo[name]


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    build: Callable[[Context], Section]


def _count_column(ctx: Context, key: str, metric_key: str, per_agency: dict, name: str, kind: str,
                  label: str = "") -> AgencyColumn:
    values = {pk: Figure(metric_key, row.get(name) or 0) for pk, row in per_agency.items()}
    return AgencyColumn(key, metric_key, values, label, lambda pk: ctx.drill(kind, name, pk))


def _rate_column(ctx: Context, key: str, metric_key: str, per_agency: dict, num: str, den: str, kind: str,
                 label: str = "") -> AgencyColumn:
    values = {pk: rate_figure(metric_key, row.get(num) or 0, row.get(den) or 0) for pk, row in per_agency.items()}
    return AgencyColumn(key, metric_key, values, label, lambda pk: ctx.drill(kind, num, pk))


def _chart(svg: SafeString, caption: str, headers: list[str], rows: list[list]) -> Chart:
    return Chart(svg, data_table(caption=caption, headers=headers, rows=rows))


# --- applications ------------------------------------------------------------------------------------------------

def build_applications(ctx: Context) -> Section:
    y = ctx.scope.year
    per = ctx.counts("applications", s.application_counts)
    fees = ctx.counts("fees", s.fee_counts)
    years = list(range(y - s.TREND_YEARS + 1, y + 1))
    names = ["received", "concluded", "late", "correction", "unrecorded", *[f"group{i}" for i in range(len(GROUPS))],
             *[f"received_{yy}" for yy in years]]
    t = s.totals(per, names)
    fee_total = s.totals(fees, ["fees", "fee_paid"])
    figures = [
        Figure("applications_received", t["received"], drill=ctx.drill("applications", "received")),
        Figure("applications_concluded", t["concluded"], drill=ctx.drill("applications", "concluded")),
        rate_figure("applications_late_share", t["late"], t["concluded"], ctx.drill("applications", "late")),
        rate_figure("applications_correction_share", t["correction"], t["received"],
                    ctx.drill("applications", "correction")),
        Figure("fees_collected", fee_total["fees"], drill=ctx.drill("applications", "fee_paid")),
    ]
    points = trend({yy: t[f"received_{yy}"] for yy in years}, years)
    trend_chart = _chart(
        bar_chart(bars=[(str(p.year), p.count) for p in points], title=f"收到申请数（{years[0]}—{y}年）",
                  unit="件", highlight=str(y)),
        "收到申请数的年度变化", ["年度", "收到申请（件）", "比上年增减（件）", "增减幅度"],
        [[f"{p.year}年", p.count, "—" if p.change is None else f"{p.change:+d}", percent(p.change_share)
          if p.change is not None else "—"] for p in points])
    groups = {g: t[f"group{i}"] for i, g in enumerate(GROUPS)}
    if t["unrecorded"]:
        groups[UNRECORDED_GROUP] = t["unrecorded"]
    mix_chart = _chart(
        donut_chart(parts=list(groups.items()), title=f"{y}年办结申请的结果"),
        "办结申请按表三结果分组", ["结果", "件数", "占比"],
        [[g, n, percent(n / t["concluded"]) if t["concluded"] else "不适用"] for g, n in groups.items()])
    mix = Table("办结申请按表三结果分组（点击查看记录）", ["结果", "件数", "占办结申请"], metric="applications_by_outcome_group", rows=[
        [Cell(g), Cell(f"{n:,}", ctx.drill("applications", f"group{i}") if n else "", True),
         Cell(percent(n / t["concluded"]) if t["concluded"] else "不适用", num=True)]
        for i, (g, n) in enumerate(groups.items())])
    trend_table = Table("各年度收到申请（点击查看记录）", ["年度", "收到申请（件）"], metric="applications_received", rows=[
        [Cell(f"{p.year}年"), Cell(f"{p.count:,}", ctx.drill("applications", "received", year=p.year)
                                   if p.count and p.year >= s.FIRST_YEAR else "", True)] for p in points])
    columns = [
        _count_column(ctx, "received", "applications_received", per, "received", "applications", "收到申请"),
        _count_column(ctx, "concluded", "applications_concluded", per, "concluded", "applications", "办结"),
        _rate_column(ctx, "late_share", "applications_late_share", per, "late", "concluded", "applications"),
        _rate_column(ctx, "correction_share", "applications_correction_share", per, "correction", "received",
                     "applications"),
        AgencyColumn("fees", "fees_collected", {pk: Figure("fees_collected", r["fees"]) for pk, r in fees.items()},
                     "收费（元）", lambda pk: ctx.drill("applications", "fee_paid", pk)),
    ]
    return Section("applications", "依申请公开", figures, [trend_chart, mix_chart], [mix, trend_table],
                   ["补正告知率以本年度收到的申请为分母；超期答复率以本年度办结的申请为分母。"], columns)


# --- review and litigation ----------------------------------------------------------------------------------------

def build_review(ctx: Context) -> Section:
    per = ctx.counts("cases", s.case_counts)
    t = s.totals(per, list(s.FILTERS["cases"]))
    d = ctx.drill
    figures = [
        Figure("review_cases", t["reconsideration_filed"], drill=d("cases", "reconsideration_filed")),
        rate_figure("review_correction_rate", t["reconsideration_corrected"], t["reconsideration_decided"],
                    d("cases", "reconsideration_corrected")),
        Figure("litigation_cases", t["litigation_filed"], drill=d("cases", "litigation_filed")),
        rate_figure("litigation_correction_rate", t["litigation_corrected"], t["litigation_decided"],
                    d("cases", "litigation_corrected")),
    ]
    table = Table("复议诉讼案件（点击查看记录）", ["类型", "本年申请或立案", "本年审结", "其中结果纠正", "纠错率"], [
        [Cell(label), *[Cell(f"{t[f'{k}_{n}']:,}", d("cases", f"{k}_{n}") if t[f"{k}_{n}"] else "", True)
                        for n in ("filed", "decided", "corrected")],
         Cell(percent(t[f"{k}_corrected"] / t[f"{k}_decided"]) if t[f"{k}_decided"] else "不适用", num=True)]
        for k, label in (("reconsideration", "行政复议"), ("litigation", "行政诉讼"))])
    columns = [
        _count_column(ctx, "review", "review_cases", per, "reconsideration_filed", "cases", "复议"),
        _count_column(ctx, "litigation", "litigation_cases", per, "litigation_filed", "cases", "诉讼"),
        _rate_column(ctx, "review_rate", "review_correction_rate", per, "reconsideration_corrected",
                     "reconsideration_decided", "cases", "复议纠错率"),
    ]
    return Section("review", "行政复议和行政诉讼", figures, [], [table],
                   ["案件数按申请或立案日期计入年度；纠错率的分母是本年度审结的案件（不含尚未审结）。"], columns)


# --- proactive disclosure -----------------------------------------------------------------------------------------

def build_proactive(ctx: Context) -> Section:
    per = ctx.counts("items", s.item_counts)
    names = list(s.FILTERS["items"])
    t = s.totals(per, names)
    d = ctx.drill
    channels = [(label, t[f"ch_{code}"], code) for code, label in CHANNELS.items()]
    figures = [Figure("items_published", t["published"], drill=d("items", "published"))]
    chart = _chart(hbar_chart(bars=[(label, n) for label, n, _c in channels], title="按公开渠道", unit="条"),
                   "本年度发布的信息按公开渠道", ["渠道", "信息条数"], [[label, n] for label, n, _c in channels])
    table = Table("按公开渠道（点击查看记录）", ["渠道", "信息条数", "占本年发布信息"], metric="items_by_channel", rows=[
        [Cell(label), Cell(f"{n:,}", d("items", f"ch_{code}") if n else "", True),
         Cell(percent(n / t["published"]) if t["published"] else "不适用", num=True)]
        for label, n, code in channels])
    columns = [_count_column(ctx, "items", "items_published", per, "published", "items", "主动公开")]
    return Section("proactive", "主动公开", figures, [chart], [table], [], columns)


# --- engagement ---------------------------------------------------------------------------------------------------

RECORD_METRICS = {"hotspot_response": "hotspot_responses", "press_conference": "press_conferences",
                  "online_interview": "online_interviews", "training": "trainings"}


def build_engagement(ctx: Context) -> Section:
    msgs = ctx.counts("messages", s.message_counts)
    recs = ctx.counts("records", s.record_counts)
    m = s.totals(msgs, list(s.FILTERS["messages"]))
    r = s.totals(recs, [*RECORD_KINDS, "trainees"])
    d = ctx.drill
    figures = [
        Figure("messages_received", m["received"], drill=d("messages", "received")),
        Figure("messages_replied", m["replied"], drill=d("messages", "replied")),
        rate_figure("messages_in_time_share", m["in_time"], m["due"], d("messages", "in_time")),
        Figure("messages_unanswered_3m", m["unanswered_3m"], drill=d("messages", "unanswered_3m")),
        *[Figure(key, r[kind], drill=d("records", kind)) for kind, key in RECORD_METRICS.items()],
        Figure("trainees", r["trainees"], drill=d("records", "training")),
    ]
    chart = _chart(hbar_chart(bars=[(label, r[kind]) for kind, label in RECORD_KINDS.items()],
                              title="回应关切与能力建设", unit="次", label_width=200),
                   "回应关切与能力建设记录", ["类型", "次数"], [[label, r[kind]] for kind, label in RECORD_KINDS.items()])
    columns = [
        _count_column(ctx, "messages", "messages_received", msgs, "received", "messages", "留言"),
        _rate_column(ctx, "messages_in_time", "messages_in_time_share", msgs, "in_time", "due", "messages",
                     "留言按时答复率"),
    ]
    return Section("engagement", "互动交流与回应关切", figures, [chart], [], [], columns)


# --- annual reports -----------------------------------------------------------------------------------------------

def build_annual_reports(ctx: Context) -> Section:
    scope = ctx.scope
    report_year = scope.year - 1
    rows = [row for row in region_board(scope.region, report_year, scope.today) if row.agency.pk in scope.agencies]
    unpublished = [row for row in rows if not row.is_published]
    board_url = reverse("reports_work:board", args=[scope.region.code, report_year]) if report_year >= 2019 else ""
    counts = {key: sum(1 for row in rows if row.status == key) for key in BOARD_STATUSES}
    figures = [Figure("annual_reports_unpublished", len(unpublished), drill=board_url)]
    chart = _chart(stacked_bar(parts=[(label, counts[key]) for key, label in BOARD_STATUSES.items()],
                               colours=[STATUS_COLOURS[key] for key in BOARD_STATUSES],
                               title=f"{report_year}年度报告发布情况（{len(rows)}个机关）"),
                   f"{report_year}年度报告发布情况", ["状态", "机关数"],
                   [[label, counts[key]] for key, label in BOARD_STATUSES.items()])
    summary = Table(f"{report_year}年度报告（{scope.year}年发布）", ["状态", "机关数"],
                    [[Cell(label), Cell(f"{counts[key]:,}", board_url if counts[key] else "", True)]
                     for key, label in BOARD_STATUSES.items()])
    order = {"late": 0, "in_progress": 1, "not_started": 2}
    missing = Table("尚未发布的机关", ["机关", "状态", "法定期限"], [
        [Cell(row.agency.name), Cell(BOARD_STATUSES[row.status]), Cell(f"{row.deadline:%Y-%m-%d}")]
        for row in sorted(unpublished, key=lambda row: order.get(row.status, 9))])
    status = {row.agency.pk: Figure("annual_report_on_time", BOARD_STATUSES[row.status]) for row in rows}
    columns = [AgencyColumn("report", "annual_report_on_time", status, f"{report_year}年报")]
    notes = [f"统计截至 {scope.today:%Y年%m月%d日}。{metric('annual_report_on_time').definition}"]
    return Section("annual_reports", "年度报告发布", figures, [chart], [summary, missing] if unpublished else [summary],
                   notes, columns)


# --- website checks ------------------------------------------------------------------------------------------------

def _url_template(name: str) -> str:
    """A URL with one pk as a format string: reversed once, not once per agency of a province."""
    return reverse(name, args=[987654321]).replace("987654321", "{}")


def _latest_runs(scope: s.Scope) -> dict[int, dict]:
    """Each agency's latest recorded own-platform check of the year (the run the assessment scores too)."""
    from gongkai.web.supervision.models import PlatformCheckRun

    start, end = s.bounds(scope.year)
    runs: dict[int, dict] = {}
    qs = PlatformCheckRun.objects.filter(checked_on__range=(start, end)).order_by("agency_id", "checked_on",
                                                                                   "recorded_at", "id")
    for r in qs.values("id", "agency_id", "checked_on", "verdict", "score", "vetoes"):
        if r["agency_id"] in scope.agencies:
            runs[r["agency_id"]] = r  # ascending: the last one wins
    return runs


def build_website_checks(ctx: Context) -> Section:
    from gongkai.core.monitor.checklist import VERDICT_PASS

    scope = ctx.scope
    runs = ctx.counts("platform_runs", _latest_runs)
    failed = [pk for pk, r in runs.items() if r["verdict"] != VERDICT_PASS]
    missing = [pk for pk in scope.agencies if pk not in runs]
    live = reverse("supervision:platform_region", args=[scope.region.pk])
    figures = [Figure("website_checks_failed", len(failed), drill=live + "?only=failed"),
               Figure("website_checks_missing", len(missing))]
    passed = len(runs) - len(failed)
    run_url = _url_template("supervision:platform_run")
    chart = _chart(stacked_bar(parts=[("合格", passed), ("不合格", len(failed)), ("未检查", len(missing))],
                               colours=["#009E73", "#D55E00", "#8C8C8C"],
                               title=f"{scope.year}年自有平台检查结论（{len(scope.agencies)}个机关）"),
                   f"{scope.year}年自有平台检查结论", ["结论", "机关数"],
                   [["合格", passed], ["不合格", len(failed)], ["未检查", len(missing)]])
    order = sorted(failed, key=lambda pk: (runs[pk]["score"] is not None, runs[pk]["score"] or 0))
    table = Table("检查不合格的机关（年度内最近一次检查）", ["机关", "检查时间点", "得分", "单项否决项"], [
        [Cell(scope.agencies[pk].name, run_url.format(runs[pk]["id"])),
         Cell(f"{runs[pk]['checked_on']:%Y-%m-%d}"),
         Cell("—" if runs[pk]["score"] is None else f"{runs[pk]['score']:g}", num=True),
         Cell(str(runs[pk]["vetoes"]), num=True)] for pk in order[:50]], metric="website_check_score")
    scores = {pk: Figure("website_check_score",
                         None if pk not in runs else 0.0 if runs[pk]["vetoes"] or runs[pk]["score"] is None
                         else float(runs[pk]["score"]),
                         drill=run_url.format(runs[pk]["id"]) if pk in runs else "")
              for pk in scope.agencies}
    notes = [format_html("得分取考核年度内最近一次记录的自有平台检查（冻结的检查记录，与考核使用的相同）；"
                         "当前实时结果见<a href=\"{}\">地区检查一览</a>。", live)]
    return Section("website_checks", "网站检查", figures, [chart], [table] if failed else [], notes,
                   [AgencyColumn("website", "website_check_score", scores, "网站检查得分")])


# --- assessment ---------------------------------------------------------------------------------------------------

def build_assessment(ctx: Context) -> Section:
    from gongkai.web.supervision.models import AssessmentPublication, AssessmentScore

    scope = ctx.scope
    pub = (AssessmentPublication.objects.filter(region=scope.region, year=scope.year).order_by("-version")
           .only("id", "title", "total", "version", "published_at").first())
    if pub is None:
        set_url = reverse("supervision:assessment:set", args=[scope.region.code, scope.year])
        return Section("assessment", "考核排名", notes=[
            format_html("{}年度考核结果尚未发布（<a href=\"{}\">考核指标体系</a>）。", scope.year, set_url)])
    scores = list(AssessmentScore.objects.filter(publication=pub).order_by("rank", "agency_id")
                  .values("id", "agency_id", "total", "rank", "vetoed", "failed"))
    ranking = reverse("supervision:assessment:ranking", args=[pub.pk])
    card_url = _url_template("supervision:assessment:card")

    def mark(r) -> str:
        return "一票否决" if r["vetoed"] else "不合格" if r["failed"] else ""

    top = Table(f"{pub.title}（第{pub.version}版，满分{pub.total:g}分）前 20 名", ["名次", "机关", "总分", "说明"], [
        [Cell("—" if r["rank"] is None else str(r["rank"]), num=True),
         Cell(scope.agencies[r["agency_id"]].name if r["agency_id"] in scope.agencies else "",
              card_url.format(r["id"])),
         Cell("—" if r["total"] is None else f"{r['total']:.1f}", num=True), Cell(mark(r))]
        for r in scores[:20]], metric="assessment_total")
    totals = {r["agency_id"]: Figure("assessment_total", r["total"], drill=card_url.format(r["id"])) for r in scores}
    failed = sum(1 for r in scores if r["vetoed"] or r["failed"])
    notes = [format_html("共{}个机关参评，{}个一票否决或不合格；完整排名见<a href=\"{}\">考核结果</a>。",
                         len(scores), failed, ranking)]
    return Section("assessment", "考核排名", [], [], [top], notes,
                   [AgencyColumn("assessment", "assessment_total", totals, "考核总分")])


# Okabe–Ito colours that read as the statuses do: published green, late orange and vermillion, pending blue, grey.
STATUS_COLOURS = {"published": "#009E73", "published_late": "#E69F00", "late": "#D55E00", "in_progress": "#56B4E9",
                  "not_started": "#8C8C8C"}

SECTIONS: list[SectionSpec] = [
    SectionSpec("applications", "依申请公开", build_applications),
    SectionSpec("review", "行政复议和行政诉讼", build_review),
    SectionSpec("proactive", "主动公开", build_proactive),
    SectionSpec("engagement", "互动交流与回应关切", build_engagement),
    SectionSpec("annual_reports", "年度报告发布", build_annual_reports),
    SectionSpec("website_checks", "网站检查", build_website_checks),
    SectionSpec("assessment", "考核排名", build_assessment),
]


@dataclass
class Dashboard:
    scope: s.Scope
    sections: list[Section]

    @property
    def columns(self) -> list[AgencyColumn]:
        return [c for sec in self.sections for c in sec.columns]

    def agency_order(self, sort: str = "", descending: bool = False) -> list[int]:
        """The agencies' ids in tree order, or sorted by a column's values (N/A last) or by name."""
        from gongkai.core.dashboard import sort_rows

        ids = list(self.scope.agencies)
        col = next((c for c in self.columns if c.key == sort), None)
        if col is not None:
            return sort_rows(ids, col.sort_value, descending=descending)
        if sort == "name":
            return sorted(ids, key=lambda pk: self.scope.agencies[pk].name, reverse=descending)
        return ids

    def agency_row(self, pk: int, *, with_drill: bool = False) -> tuple:
        """(agency, depth, [Figure per column])."""
        return (self.scope.agencies[pk], self.scope.depth.get(pk, 0),
                [c.figure(pk, with_drill=with_drill) for c in self.columns])

    def agency_rows(self, sort: str = "", descending: bool = False, *, with_drill: bool = False) -> list[tuple]:
        return [self.agency_row(pk, with_drill=with_drill) for pk in self.agency_order(sort, descending)]


def build(scope: s.Scope, drill: Drill) -> Dashboard:
    ctx = Context(scope, drill)
    return Dashboard(scope, [spec.build(ctx) for spec in SECTIONS])
