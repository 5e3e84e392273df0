"""A region's compiled report: the exact cell-by-cell sum of its members' reports."""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.core.errors import GongkaiError
from gongkai.core.stats import AnnualStats


class CannotAggregate(GongkaiError):
    code = "cannot_aggregate"
    default_message = "只能汇总同一年度、同一格式的年度报告。"


def aggregate(parts: Sequence[AnnualStats], *, agency: str) -> AnnualStats:
    """Sum every figure over `parts`. A figure unknown (None) in every part stays unknown; known in some,
    it is the sum of the known ones. Evidence and warnings of the parts are not carried over."""
    if not parts:
        raise CannotAggregate("nothing to aggregate", message="没有可以汇总的年度报告。")
    years, templates = {p.year for p in parts}, {p.template for p in parts}
    if len(years) != 1 or len(templates) != 1:
        raise CannotAggregate(f"years {sorted(map(str, years))}, templates {sorted(templates)}")
    sums: dict[str, float | int] = {}
    for part in parts:
        for pointer, value in part.figures().items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sums[pointer] = sums.get(pointer, 0) + value
    sources = {p.source for p in parts}
    source = sources.pop() if len(sources) == 1 else "aggregate"
    out = AnnualStats(agency=agency, year=parts[0].year, template=parts[0].template, source=source)
    for pointer, value in sums.items():
        out.set(pointer, round(value, 4) if isinstance(value, float) else value)
    return out
