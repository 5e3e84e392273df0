"""Statistics that satisfy every table identity, for tests to break one figure at a time."""

from __future__ import annotations

from gongkai.core.stats import AnnualStats
from gongkai.core.stats.model import APPLICANT_TYPES
from gongkai.core.templates import get_template

T3 = "/applications/table3"


def fill_table3(
    stats: AnnualStats,
    template: str,
    results: dict[str, list[int]],
    carried_over: dict[str, int],
    carried_forward: dict[str, int],
) -> None:
    """Write a table 三 whose identities hold: `results[col]` gives the result rows of one applicant column
    (in template order); 一 is derived so that 一 + 二 = （七） + 四, and the 总计 column is the row sums."""
    rows = get_template(template).table3.result_row_keys
    for col in APPLICANT_TYPES:
        values = results[col]
        assert len(values) == len(rows)
        for row, v in zip(rows, values, strict=True):
            stats.set(f"{T3}/{row}/{col}", v)
        total = sum(values)
        stats.set(f"{T3}/results_total/{col}", total)
        stats.set(f"{T3}/carried_over/{col}", carried_over[col])
        stats.set(f"{T3}/carried_forward/{col}", carried_forward[col])
        stats.set(f"{T3}/new/{col}", total + carried_forward[col] - carried_over[col])
    for row in ("new", "carried_over", *rows, "results_total", "carried_forward"):
        stats.set(f"{T3}/{row}/total", sum(stats.get(f"{T3}/{row}/{c}") for c in APPLICANT_TYPES))


def consistent_stats(
    template: str = "2021",
    *,
    year: int = 2022,
    agency: str = "某市人民政府",
    carried_over: dict[str, int] | None = None,
) -> AnnualStats:
    """A small, fully consistent report in a national format (二 per column may be given)."""
    stats = AnnualStats(agency=agency, year=year, template=template, source="x.txt")
    n = len(get_template(template).table3.result_row_keys)
    results = {c: [(i * 7 + j) % 4 for j in range(n)] for i, c in enumerate(APPLICANT_TYPES)}
    fill_table3(
        stats,
        template,
        results,
        carried_over=carried_over or {c: i % 2 for i, c in enumerate(APPLICANT_TYPES)},
        carried_forward={c: (i + 1) % 3 for i, c in enumerate(APPLICANT_TYPES)},
    )
    stats.set("/applications/received", stats.get(f"{T3}/new/total"))
    for group, figures in {
        "review": (2, 1, 0, 1, 4),
        "litigation_direct": (1, 0, 0, 1, 2),
        "litigation_after_review": (1, 0, 1, 0, 2),
        "litigation": (2, 0, 1, 1, 4),
    }.items():
        for col, v in zip(("upheld", "corrected", "other", "pending", "total"), figures, strict=True):
            stats.set(f"/{group}/{col}", v)
    stats.set("/proactive/total", 100)
    stats.set("/proactive/by_channel/website", 70)
    stats.set("/proactive/by_channel/wechat", 30)
    return stats


def chain(previous: AnnualStats, current: AnnualStats) -> None:
    """Make `previous` carry forward exactly what `current` says it carried over (only `current` is checked)."""
    for col in (*APPLICANT_TYPES, "total"):
        previous.set(f"{T3}/carried_forward/{col}", current.get(f"{T3}/carried_over/{col}"))


def fill_table2(stats: AnnualStats, template: str, value: int = 0) -> None:
    """State every table 二 cell of the format (0 by default: nothing happened is a figure too)."""
    for block in get_template(template).table2:
        for row in block.rows:
            for col in block.columns:
                stats.set(f"/table2/{row.key}/{col.key}", value)
