"""The pure arithmetic of the region dashboards: shares with the dictionary's N/A rule, five-year trends, the
table 三 outcome groups, how a figure is written, and the per-agency table's sort. No database: the web layer
counts (GROUP BY queries) and hands the counts here.

    Figure(key, value, numerator=None, denominator=None)      a metric's value; `metric` is its definition
    rate_figure(key, numerator, denominator) -> Figure          None (N/A) when the denominator is 0
    trend(counts_by_year, years) -> list[TrendPoint]            each year's count and its change on the year before
    outcome_groups(counts_by_outcome) -> {group: n}             the six table 三 groups, in the table's order
    format_value(figure) -> str                                 "1,234 件", "12.5 %", "不适用"
    sort_rows(rows, key, descending) -> list                    N/A (None) always last, whatever the direction
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from gongkai.core.applications.outcomes import GROUPS, OUTCOMES
from gongkai.core.metrics import Metric, metric, rate

NOT_APPLICABLE = "不适用"
UNRECORDED_GROUP = "未记录结果"  # concluded without a recorded outcome: shown, never folded into a legal group


@dataclass(frozen=True)
class Figure:
    key: str  # a metric key of gongkai.core.metrics
    value: float | int | str | None  # a status text where the figure is one; a rate is a share in [0, 1]; None is N/A (rates only)
    numerator: int | None = None
    denominator: int | None = None
    drill: str = ""  # the URL of the records behind the figure ("" when none)

    @property
    def metric(self) -> Metric:
        return metric(self.key)

    @property
    def not_applicable(self) -> bool:
        return self.value is None

    @property
    def text(self) -> str:
        return format_value(self)

    def with_drill(self, url: str) -> Figure:
        return Figure(self.key, self.value, self.numerator, self.denominator, url)


def rate_figure(key: str, numerator: int, denominator: int, drill: str = "") -> Figure:
    if metric(key).kind != "rate":
        raise ValueError(f"metric {key} is not a rate")
    return Figure(key, rate(numerator, denominator), numerator, denominator, drill)


def percent(share: float | None) -> str:
    return NOT_APPLICABLE if share is None else f"{share * 100:.1f} %"


def _number(v: float | int) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}"


def format_value(figure: Figure) -> str:
    m = figure.metric
    if isinstance(figure.value, str):
        return figure.value
    if m.kind == "rate":
        return percent(figure.value)
    if figure.value is None:
        return NOT_APPLICABLE
    if m.kind == "flag":
        return "是" if figure.value else "否"
    return f"{_number(figure.value)} {m.unit}".rstrip()


@dataclass(frozen=True)
class TrendPoint:
    year: int
    count: int
    change: int | None  # on the year before; None for the first year shown
    change_share: float | None  # relative change; None for the first year and after a year of 0 (N/A)


def trend(counts_by_year: Mapping[int, int], years: Sequence[int]) -> list[TrendPoint]:
    """Each year's count (0 when absent: these are counts of records, where no record is a real 0)."""
    out: list[TrendPoint] = []
    previous: int | None = None
    for y in years:
        n = int(counts_by_year.get(y, 0))
        change = None if previous is None else n - previous
        out.append(TrendPoint(y, n, change, None if previous is None else rate(n - previous, previous)))
        previous = n
    return out


def outcome_groups(counts_by_outcome: Mapping[str, int]) -> dict[str, int]:
    """{group: n} for the six groups of table 三's results in the table's order, plus UNRECORDED_GROUP only
    when some concluded application has no (or an unknown) outcome."""
    out = dict.fromkeys(GROUPS, 0)
    for key, n in counts_by_outcome.items():
        outcome = OUTCOMES.get(key or "")
        group = outcome.group if outcome else UNRECORDED_GROUP
        out[group] = out.get(group, 0) + int(n)
    if not out.get(UNRECORDED_GROUP):
        out.pop(UNRECORDED_GROUP, None)
    return out


def outcomes_of_group(group: str) -> list[str]:
    """The outcome keys of a table 三 group (for a drill-down filter)."""
    if group not in GROUPS:
        raise ValueError(f"unknown outcome group {group!r}")
    return [k for k, o in OUTCOMES.items() if o.group == group]


def sort_rows(rows: Iterable, key, *, descending: bool = False) -> list:
    """Rows sorted by `key(row)`; rows whose value is None (N/A) come last in either direction, so a list
    sorted by a rate never leads with agencies it does not apply to."""
    rows = list(rows)
    stated = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    return sorted(stated, key=key, reverse=descending) + missing
