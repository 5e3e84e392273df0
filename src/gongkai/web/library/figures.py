"""The main figures offered for comparison across agencies and years.

Every figure's Chinese name comes from `gongkai.core.checks.labels.figure_label`, its pointer list from
`gongkai.core.stats.figure_pointers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.core.stats import AnnualStats
from gongkai.core.templates import get_template


@dataclass(frozen=True)
class MainFigure:
    key: str
    label: str
    # First stated pointer wins: 2019+ tables and pre-2019 indicators state the same fact in different places.
    pointers: tuple[str, ...]
    # When none is stated: the sum of these pointers, if at least one of them is stated.
    sum_of: tuple[str, ...] = ()

    def value(self, stats: AnnualStats) -> Any:
        return self.located(stats)[0]

    def located(self, stats: AnnualStats) -> tuple[Any, str | None]:
        """(value, the pointer it was read at); the pointer is None for a computed sum or no value."""
        for p in self.pointers:
            v = stats.get(p)
            if v is not None:
                return v, p
        if self.sum_of:
            parts = [stats.get(p) for p in self.sum_of]
            if any(v is not None for v in parts):
                return sum(v for v in parts if v is not None), None
        return None, None


def _withheld() -> tuple[str, ...]:
    rows = get_template("2021").table3.rows
    return tuple(f"/applications/table3/{r.key}/total" for r in rows if r.key.startswith("withheld_"))


MAIN_FIGURES: tuple[MainFigure, ...] = (
    MainFigure("proactive", "主动公开总数", ("/proactive/total",)),
    MainFigure("received", "收到申请数", ("/applications/received", "/applications/table3/new/total")),
    MainFigure("disclosed", "予以公开", ("/applications/table3/disclosed/total", "/applications/legacy/granted")),
    MainFigure(
        "partially", "部分公开",
        ("/applications/table3/partially_disclosed/total", "/applications/legacy/partially_granted"),
    ),
    MainFigure("withheld", "不予公开", ("/applications/legacy/refused",), sum_of=_withheld()),
    MainFigure("carried_forward", "结转下年度继续办理", ("/applications/table3/carried_forward/total",)),
    MainFigure("review", "行政复议总数", ("/review/total",)),
    MainFigure(
        "litigation", "行政诉讼总数", ("/litigation/total",),
        sum_of=("/litigation_direct/total", "/litigation_after_review/total"),
    ),
    MainFigure("licensing", "行政许可决定数", ("/table2/licensing/decisions",)),
    MainFigure("punishment", "行政处罚决定数", ("/table2/punishment/decisions",)),
    MainFigure("interpretations", "政策解读数", ("/responses/interpretations",)),
    MainFigure("fees", "信息处理费（元）", ("/fees/collected_yuan",)),
)
MAIN_FIGURES_BY_KEY: dict[str, MainFigure] = {f.key: f for f in MAIN_FIGURES}
