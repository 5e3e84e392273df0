"""The report page's view of one report: the national tables in their official layout, each figure cell
carrying its value, where in the source text it was read, and which findings point at it.

The layout (merged cells, verbatim labels) is `gongkai.core.annual.layout`'s grid, the one every renderer of
the annual report draws; this module only attaches evidence and findings to the grid's figure cells, and the
template `library/_grid.html` draws a grid for the library's report page and the annual report pages alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gongkai.core.annual.layout import Cell as GridCell
from gongkai.core.annual.layout import (
    Grid,
    ReportNotRenderable,
    format_figure,
    table2_grid,
    table3_grid,
    table4_grid,
)
from gongkai.core.checks.labels import figure_label
from gongkai.core.stats import AnnualStats, figure_pointers
from gongkai.core.templates import get_template

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Evidence:
    start: int  # UTF-16 code units: the browser's string offsets
    length: int
    quote: str
    approximate: bool


@dataclass
class Cell:
    """A figure cell of the page (`is_value`), printed as the official form prints it."""

    pointer: str
    value: Any
    evidence: Evidence | None = None
    findings: list[int] = field(default_factory=list)
    severity: str | None = None  # worst finding severity on this cell
    signed: bool = False  # 表二's 本年增/减 column: +3
    colspan: int = 1  # 表二 spreads a block's columns over the table's width
    label: str = ""  # the figure's Chinese name (core.checks.labels)
    crop_url: str = ""  # a figure read by OCR: the image of its place on the scanned page
    ocr_confidence: float | None = None
    is_value = True

    @property
    def display(self) -> str:
        return format_figure(self.value, signed=self.signed)

    @property
    def approximate(self) -> bool:
        return bool(self.evidence and self.evidence.approximate)


@dataclass
class GridView:
    """One national table for the template: the grid's rows with its figure cells replaced by `Cell`s; label
    cells are the grid's own (`kind`, `text`, spans). The first `header_rows` rows are the table head."""

    key: str  # table2 | table3 | table4
    title: str
    header_rows: int
    rows: list[list[GridCell | Cell]]

    @property
    def css_class(self) -> str:
        return self.key.replace("table", "t")  # t2 | t3 | t4


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class ReportView:
    """Everything the detail template needs, built once per request."""

    def __init__(self, stats: AnnualStats, text: str, findings: list[dict[str, Any]],
                 crop_url: Callable[[str], str] | None = None):
        self.stats = stats
        self.crop_url = crop_url
        self.text = text
        self.findings = sorted(
            ({**f, "index": i} for i, f in enumerate(findings)),
            key=lambda f: (SEVERITY_ORDER.get(f["severity"], 9), f["index"]),
        )
        self._placed: set[str] = set()

    # -- cells ------------------------------------------------------------------------------------------

    def cell(self, pointer: str, *, signed: bool = False, colspan: int = 1) -> Cell:
        self._placed.add(pointer)
        c = Cell(pointer, self.stats.get(pointer), self._evidence(pointer), signed=signed, colspan=colspan,
                 label=self.label(pointer))
        ev = self.stats.evidence.get(pointer)
        if self.crop_url is not None and ev is not None and ev.page_box is not None:
            c.crop_url = self.crop_url(pointer)
            c.ocr_confidence = ev.ocr_confidence
        for f in self.findings:
            p = f.get("pointer") or ""
            if p and (pointer == p or pointer.startswith(p.rstrip("/") + "/")):
                c.findings.append(f["index"])
                if c.severity is None or SEVERITY_ORDER.get(f["severity"], 9) < SEVERITY_ORDER[c.severity]:
                    c.severity = f["severity"] if f["severity"] in SEVERITY_ORDER else "info"
        return c

    def label(self, pointer: str) -> str:
        """The Chinese name of a figure or of the part of the report a finding points at ("" = all of it)."""
        return figure_label(pointer, self.stats.template)

    def _evidence(self, pointer: str) -> Evidence | None:
        ev = self.stats.evidence.get(pointer)
        if ev is None or not ev.quote:
            return None
        start = ev.start
        if start is None or self.text[start : start + len(ev.quote)] != ev.quote:
            # Offsets from an older parser or a normalised quote: fall back to finding the quote itself.
            found = self.text.find(ev.quote)
            start = found if found >= 0 else None
        if start is None:
            return Evidence(-1, 0, ev.quote, ev.approximate)
        return Evidence(_utf16_len(self.text[:start]), _utf16_len(ev.quote), ev.quote, ev.approximate)

    # -- the national tables ----------------------------------------------------------------------------

    def _grid(self, build) -> GridView | None:
        try:
            grid: Grid = build(self.stats)
        except ReportNotRenderable:  # pre-2019 and unrecognised reports have no national tables
            return None
        rows = [
            [self.cell(c.pointer, signed=c.signed, colspan=c.colspan) if c.is_value else c for c in row]
            for row in grid.rows()
        ]
        return GridView(grid.key, grid.title, grid.header_rows, rows)

    def table2(self) -> GridView | None:
        return self._grid(table2_grid)

    def table3(self) -> GridView | None:
        return self._grid(table3_grid)

    def table4(self) -> GridView | None:
        return self._grid(table4_grid)

    def indicators(self) -> list[dict[str, Any]]:
        """Pre-2019 reports: the statistics-table indicators in their order, stated or not."""
        if self.stats.template != "pre2019":
            return []
        return [
            {"label": i.label, "unit": i.unit, "cell": self.cell(i.pointer)}
            for i in get_template("pre2019").indicators
        ]

    def other_figures(self) -> list[dict[str, Any]]:
        """Stated figures not shown in a table above (call after the tables were built)."""
        stated = self.stats.figures()
        return [
            {"label": self.label(p), "cell": self.cell(p)}
            for p in figure_pointers()
            if p in stated and p not in self._placed
        ]

    def report_findings(self) -> list[dict[str, Any]]:
        """The findings, worst first, each with the Chinese name of what it points at (`label`)."""
        return [{**f, "label": self.label(f.get("pointer") or "")} for f in self.findings]
