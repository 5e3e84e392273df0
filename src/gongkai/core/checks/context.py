"""What every rule sees: the statistics, the previous year's (when comparable) and helpers for table 三."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..stats import AnnualStats
from ..stats.model import Table3
from ..templates import get_template

T3 = "/applications/table3"


def number(value) -> int | float | None:
    """A value usable in arithmetic; anything else counts as not stated (the value rules report it)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def integer(value) -> int | None:
    """Counts only: a non-integral or non-numeric value is left to the value rules, not summed."""
    v = number(value)
    if isinstance(v, float):
        return int(v) if v.is_integer() else None
    return v


def _stated_rows(t3: Table3 | None) -> set[str]:
    if t3 is None:
        return set()
    out = set()
    for key in get_template("2021").table3.row_keys + ("other_total",):
        row = getattr(t3, key)
        if row is not None and row.to_json() is not None:
            out.add(key)
    return out


@dataclass
class Context:
    stats: AnnualStats
    previous: AnnualStats | None = None
    # True for statistics built from the agency's own records (gongkai.core.annual), False for statistics
    # read from a published report: a blank cell then means "not entered" rather than "not readable".
    from_records: bool = False
    # Last year's figures by pointer from outside a report (the registry's counts), and where they come from.
    previous_figures: dict[str, int] = field(default_factory=dict)
    previous_source: str = ""

    @cached_property
    def figures(self) -> dict:
        """`stats.figures()`, walked once for all the rules (the rules do not change the statistics)."""
        return self.stats.figures()

    @property
    def t3(self) -> Table3 | None:
        return self.stats.applications.table3 if self.stats.applications else None

    def t3_cell(self, row: str, column: str) -> int | None:
        return integer(self.t3.cell(row, column)) if self.t3 else None

    @cached_property
    def t3_rows(self) -> set[str]:
        """Rows of table 三 with at least one stated figure."""
        return _stated_rows(self.t3)

    @cached_property
    def row_variants(self) -> dict[str, set[str]]:
        """Rows that exist in one national format only, per format (from the template data)."""
        r21 = set(get_template("2021").table3.row_keys)
        r19 = set(get_template("2019").table3.row_keys)
        return {"2021": r21 - r19, "2019": r19 - r21}

    @cached_property
    def t3_format(self) -> str:
        """The format table 三 follows: the declared template unless the data plainly follows the other one
        (t3.wrong_template_rows reports that); for reports of unknown format, inferred from the rows present."""
        present = {tid: bool(self.t3_rows & rows) for tid, rows in self.row_variants.items()}
        declared = self.stats.template
        if declared in ("2019", "2021"):
            other = "2019" if declared == "2021" else "2021"
            return other if present[other] and not present[declared] else declared
        if present["2019"] and not present["2021"]:
            return "2019"
        return "2021"

    @property
    def result_rows(self) -> tuple[str, ...]:
        return get_template(self.t3_format).table3.result_row_keys

    @property
    def comparable_previous(self) -> AnnualStats | None:
        """The previous year's statistics of the same agency, else None (year-over-year rules then skip)."""
        p, s = self.previous, self.stats
        if p is None or not s.agency or p.agency != s.agency or s.year is None or p.year != s.year - 1:
            return None
        return p
