"""Build a report's statistics from counted records, in the national template of its year.

The counts come from `count_table3`/`count_table4` (or the database queries held equal to them), so the
table 三 identities hold by construction: per column 一 + 二 = （七）总计 + 四. The checks of the reading
issue still run on every built report — a construction error would show there, not be assumed away.
"""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.core.errors import GongkaiError
from gongkai.core.stats import AnnualStats
from gongkai.core.stats.model import (
    APPLICANT_TYPES,
    ApplicantCounts,
    Applications,
    Fees,
    Outcomes,
    Table3,
)
from gongkai.core.templates import get_template

FIRST_YEAR = 2019  # the national format (国办公开办函〔2019〕60号) starts with the 2019 reports
OTHER_ROWS = ("other_no_correction", "other_fee_unpaid", "other_other")  # 2021 （六） sub-rows
TABLE4_GROUPS = ("review", "litigation_direct", "litigation_after_review")
CASE_RESULTS = ("upheld", "corrected", "other", "pending")


class ReportNotBuildable(GongkaiError):
    code = "report_not_buildable"
    default_message = "无法生成该年度的年度报告。"


def template_id(year: int) -> str:
    if year < FIRST_YEAR:
        raise ReportNotBuildable(f"no national format before {FIRST_YEAR}",
                                 message="2019年以前没有全国统一的年度报告格式，不能生成年度报告。")
    return "2021" if year >= 2021 else "2019"


def result_rows(template: str) -> tuple[str, ...]:
    """The table 三 result rows of a template, in order, without （七）总计."""
    keys = [r.key for r in get_template(template).table3.rows]
    return tuple(keys[keys.index("disclosed"):keys.index("results_total")])


def build_stats(*, agency: str, year: int, table3: Mapping[tuple[str, str], int],
                table4: Mapping[tuple[str, str], int], table2: Mapping[str, float | int | None] | None = None,
                fees_collected_yuan: float | None = None, source: str = "gongkai records") -> AnnualStats:
    template = template_id(year)
    rows = result_rows(template)
    counts = dict(table3)
    if template == "2019":  # one （六）其他处理 row
        for col in APPLICANT_TYPES:
            counts[("other_total", col)] = sum(counts.get((r, col), 0) for r in OTHER_ROWS)
    t3 = Table3()
    for row in ("new", "carried_over", *rows, "carried_forward"):
        values = {col: int(counts.get((row, col), 0)) for col in APPLICANT_TYPES}
        setattr(t3, row, ApplicantCounts(**values, total=sum(values.values())))
    totals = {col: sum(getattr(getattr(t3, r), col) for r in rows) for col in APPLICANT_TYPES}
    t3.results_total = ApplicantCounts(**totals, total=sum(totals.values()))

    stats = AnnualStats(agency=agency, year=year, template=template, source=source)
    stats.applications = Applications(received=t3.new.total, table3=t3)
    for group in TABLE4_GROUPS:
        values = {r: int(table4.get((group, r), 0)) for r in CASE_RESULTS}
        setattr(stats, group, Outcomes(**values, total=sum(values.values())))
    both = {r: getattr(stats.litigation_direct, r) + getattr(stats.litigation_after_review, r)
            for r in CASE_RESULTS}
    stats.litigation = Outcomes(**both, total=sum(both.values()))
    for pointer, value in (table2 or {}).items():
        if value is not None:
            stats.set(pointer, value)
    if fees_collected_yuan is not None:
        stats.fees = Fees(collected_yuan=fees_collected_yuan)
    return stats
