"""The 国办秘函〔2019〕19号 rules a monitor of other sites can check from outside (regulation.md §8.6).

Single-veto items (单项否决, any one makes the site 不合格):
    站点无法访问  a week of visits, >= 20 a day; failures (no page within 15 s, or an error) >= 5 % -> veto
    首页不更新    no new information on the home page in 2 weeks (a navigation-only home page: its columns)
    栏目不更新    news columns (动态、要闻) not updated in the 2 weeks before the check plus notice/policy columns
                 (通知公告、政策文件) not updated in the 6 months before it, together >= 5; or >= 5 empty columns
Deduction items (扣分) reported per column or link: a stale column, an empty column, a column page that does
not open, broken links. The indicator text gives the points per region; the monitor reports the facts and
does not invent a score.

2015 census note kept by practice: an item without a publication date counts as not updated.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from gongkai.core.clock import add_months

from .checklist import DEFAULT

KINDS: dict[str, str] = {
    "news": "动态、要闻类",
    "notices": "通知公告、政策文件类",
    "other": "其他栏目",
}
# The 19号 thresholds are declared once, in the checklist that gongkai's own platform is checked against too.
NEWS_DAYS = DEFAULT.thresholds.news_days
NOTICES_MONTHS = DEFAULT.thresholds.notices_months
TIMEOUT_MS = 15_000
VISITS_PER_DAY = 20
VETO_SHARE = 0.05
STALE_COLUMNS_VETO = DEFAULT.thresholds.stale_columns_veto
EMPTY_COLUMNS_VETO = DEFAULT.thresholds.empty_columns_veto
WEEK_DAYS = 7

SEVERITIES = ("veto", "deduction", "warning", "info")
SEVERITY_LABELS = {"veto": "单项否决", "deduction": "扣分", "warning": "提醒", "info": "说明"}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # one of SEVERITIES
    message: str  # Chinese, for the page and the CLI
    url: str | None = None

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


def months_before(d: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has no such day: 08-31 -> 02-29)."""
    return add_months(d, -months)


def stale_since(kind: str, today: date) -> date | None:
    """The earliest update that keeps a column of `kind` fresh at `today`; None: never stale by rule."""
    if kind == "news":
        return today - timedelta(days=NEWS_DAYS)
    if kind == "notices":
        return months_before(today, NOTICES_MONTHS)
    if kind == "other":
        return None
    raise ValueError(f"unknown column kind {kind!r}")


def is_stale(kind: str, last_update: date | None, *, today: date) -> bool:
    """Whether a column of `kind` last updated `last_update` (None: no dated item) breaks its rule at `today`:
    news needs an item in the 2 weeks before the check date, notices one in the 6 months before it."""
    since = stale_since(kind, today)
    if since is None:
        return False
    return last_update is None or last_update < since


# --- availability -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Visit:
    at: datetime
    ok: bool  # a page (status < 400) arrived
    elapsed_ms: int | None = None

    def failed(self) -> bool:
        """19号: the site "still fails to open after 15 seconds" — an error, or a page later than that."""
        return not self.ok or (self.elapsed_ms is not None and self.elapsed_ms > TIMEOUT_MS)


@dataclass(frozen=True)
class DayAvailability:
    day: date
    visits: int
    failures: int

    @property
    def enough(self) -> bool:
        return self.visits >= VISITS_PER_DAY


@dataclass(frozen=True)
class Availability:
    first_day: date
    last_day: date
    days: list[DayAvailability] = field(default_factory=list)

    @property
    def visits(self) -> int:
        return sum(d.visits for d in self.days)

    @property
    def failures(self) -> int:
        return sum(d.failures for d in self.days)

    @property
    def failure_share(self) -> float | None:
        return self.failures / self.visits if self.visits else None

    @property
    def failure_percent(self) -> float | None:
        share = self.failure_share
        return None if share is None else round(100 * share, 1)

    @property
    def complete(self) -> bool:
        """A full week measured as 19号 requires: every day has at least 20 visits."""
        return len(self.days) == WEEK_DAYS and all(d.enough for d in self.days)

    @property
    def veto(self) -> bool:
        share = self.failure_share
        return self.complete and share is not None and share >= VETO_SHARE


def weekly_availability(visits: list[Visit], *, last_day: date, days: int = WEEK_DAYS) -> Availability:
    """Availability over the `days` days ending with `last_day` (inclusive), from the visits in them."""
    first = last_day - timedelta(days=days - 1)
    per_day = {first + timedelta(days=i): [0, 0] for i in range(days)}
    for v in visits:
        counts = per_day.get(v.at.date())
        if counts is None:
            continue
        counts[0] += 1
        counts[1] += int(v.failed())
    return Availability(first, last_day, [DayAvailability(d, n, f) for d, (n, f) in sorted(per_day.items())])


# --- the check ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ColumnState:
    url: str
    kind: str
    reachable: bool
    items: int = 0  # links found in the column's list
    dated: int = 0  # of which with a date
    last_update: date | None = None
    future_dated: int = 0  # items dated after the check date
    broken_links: tuple[str, ...] = ()
    links_checked: int = 0
    error: str | None = None  # Chinese, when not reachable
    name: str = ""
    robots_disallowed: bool = False  # not fetched: the site's robots.txt asks robots to stay away

    def stale(self, today: date) -> bool:
        return self.reachable and is_stale(self.kind, self.last_update, today=today)

    @property
    def empty(self) -> bool:
        return self.reachable and self.items == 0


@dataclass(frozen=True)
class HomeState:
    url: str
    reachable: bool
    last_update: date | None = None
    dated: int = 0
    error: str | None = None
    robots_disallowed: bool = False


@dataclass
class CheckResult:
    url: str
    at: date
    reachable: bool
    last_update: date | None
    columns: list[tuple[ColumnState, bool]]  # (state, stale)
    findings: list[Finding]

    @property
    def verdict(self) -> str:
        return "不合格" if any(f.severity == "veto" for f in self.findings) else "未发现单项否决问题"

    def to_json(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "url": self.url,
            "reachable": self.reachable,
            "last_update": iso(self.last_update),
            "columns": [{"url": c.url, "kind": c.kind, "last_update": iso(c.last_update), "stale": stale}
                        for c, stale in self.columns],
            "findings": [f.to_json() for f in self.findings],
        }


def _label(c: ColumnState) -> str:
    return f"“{c.name}”" if c.name else c.url


def check(*, home: HomeState, columns: list[ColumnState], today: date,
          availability: Availability | None = None) -> CheckResult:
    """The findings of one check of a site at `today` (see the module doc for the rules)."""
    findings: list[Finding] = []
    if availability is not None:
        share = availability.failure_share
        if availability.veto:
            findings.append(Finding("site.unavailable", "veto",
                                    f"站点无法访问：{availability.first_day}至{availability.last_day}共访问"
                                    f"{availability.visits}次，失败{availability.failures}次（{share:.1%}），达到5%。",
                                    home.url))
        elif not availability.complete:
            short = [d.day.isoformat() for d in availability.days if not d.enough]
            findings.append(Finding("site.availability_incomplete", "info",
                                    f"可用性监测不足一周每天20次（{len(short)}天不足），本次不据此作单项否决判断。"))
        elif availability.failures:
            findings.append(Finding("site.failures", "warning",
                                    f"一周内访问失败{availability.failures}次（{share:.1%}），未达5%。", home.url))
    if home.robots_disallowed:
        findings.append(Finding("home.robots_disallowed", "info",
                                "网站的 robots.txt 不允许抓取首页，未访问，不据此判断。", home.url))
    elif not home.reachable:
        findings.append(Finding("home.unreachable", "warning",
                                f"本次检查首页无法打开：{home.error or '未知错误'}", home.url))

    states = []
    for c in columns:
        stale = c.stale(today)
        states.append((c, stale))
        if c.robots_disallowed:
            findings.append(Finding("column.robots_disallowed", "info",
                                    f"网站的 robots.txt 不允许抓取栏目{_label(c)}，未访问，不据此判断。", c.url))
            continue
        if not c.reachable:
            findings.append(Finding("column.unreachable", "deduction",
                                    f"栏目{_label(c)}无法打开：{c.error or '未知错误'}", c.url))
            continue
        if c.empty:
            findings.append(Finding("column.empty", "deduction", f"栏目{_label(c)}为空白栏目，未找到信息列表。", c.url))
        elif stale:
            since = stale_since(c.kind, today)
            rule = "2周" if c.kind == "news" else "6个月"
            if c.last_update is None:
                detail = f"列表中{c.items}条信息均未注明发布时间，视为不更新"
            else:
                detail = f"最近一条发布于{c.last_update}，早于{since}"
            findings.append(Finding("column.stale", "deduction",
                                    f"栏目{_label(c)}（{KINDS[c.kind]}）{rule}内未更新：{detail}。", c.url))
        if c.future_dated:
            findings.append(Finding("column.future_date", "warning",
                                    f"栏目{_label(c)}有{c.future_dated}条信息的发布日期晚于检查日期{today}，"
                                    "请核实是否虚假发布时间。", c.url))
        if c.broken_links:
            findings.append(Finding("links.broken", "deduction",
                                    f"栏目{_label(c)}抽查{c.links_checked}个链接，{len(c.broken_links)}个无法访问："
                                    + "、".join(c.broken_links[:5]), c.url))

    stale_cols = [c for c, s in states if s and c.kind in ("news", "notices") and not c.empty]
    if len(stale_cols) >= STALE_COLUMNS_VETO:
        findings.append(Finding("columns.not_updated", "veto",
                                f"栏目不更新：动态要闻类栏目2周内、通知公告政策文件类栏目6个月内未更新的共"
                                f"{len(stale_cols)}个，达到5个。"))
    empty_cols = [c for c, _s in states if c.empty]
    if len(empty_cols) >= EMPTY_COLUMNS_VETO:
        findings.append(Finding("columns.empty", "veto", f"栏目不更新：空白栏目{len(empty_cols)}个，达到5个。"))

    # 首页不更新: the home page's own dated list; a navigation-only home page is judged by its columns.
    news_since = today - timedelta(days=NEWS_DAYS)
    reachable_cols = [c for c in columns if c.reachable and c.last_update is not None]
    if home.reachable:
        if home.dated >= 2:
            if home.last_update is None or home.last_update < news_since:
                findings.append(Finding("home.not_updated", "veto",
                                        f"首页不更新：首页最近一条信息发布于{home.last_update or '（无日期）'}，"
                                        f"{news_since}以来（2周）无新信息。", home.url))
        elif reachable_cols:
            newest = max(c.last_update for c in reachable_cols)
            if newest < news_since:
                findings.append(Finding("home.not_updated", "veto",
                                        f"首页不更新：首页为导航页，各栏目最近一条信息发布于{newest}，{news_since}以来"
                                        "（2周）无新信息。", home.url))
        else:
            findings.append(Finding("home.no_dates", "info",
                                    "首页未找到带日期的信息列表（可能为导航页），请添加栏目以判断是否更新。", home.url))

    dates = [d for d in [home.last_update, *(c.last_update for c in columns)] if d is not None]
    return CheckResult(url=home.url, at=today, reachable=home.reachable, last_update=max(dates) if dates else None,
                       columns=states, findings=findings)
