"""The report page's view of one report: the national tables in their official layout, each cell carrying its
figure, where in the source text it was read, and which findings point at it.

Layout facts (captions, header spans, verbatim labels) come from the template data; this module only decides
rowspans/colspans so the HTML matches the printed form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.core.stats import AnnualStats
from gongkai.core.templates import get_template

from .figures import all_pointers, pointer_label

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Evidence:
    start: int  # UTF-16 code units: the browser's string offsets
    length: int
    quote: str
    approximate: bool


@dataclass
class Cell:
    pointer: str
    value: Any
    evidence: Evidence | None = None
    findings: list[int] = field(default_factory=list)
    severity: str | None = None  # worst finding severity on this cell

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if isinstance(self.value, float):
            return format(Decimal(str(self.value)).normalize(), "f")
        if isinstance(self.value, int) and not isinstance(self.value, bool) and abs(self.value) >= 10000:
            return f"{self.value:,}"
        return str(self.value)

    @property
    def approximate(self) -> bool:
        return bool(self.evidence and self.evidence.approximate)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    # Label cells before the numbers: (text, rowspan, colspan); rowspan 0 = covered by a cell above.
    heads: list[tuple[str, int, int]] = field(default_factory=list)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class ReportView:
    """Everything the detail template needs, built once per request."""

    def __init__(self, stats: AnnualStats, text: str, findings: list[dict[str, Any]]):
        self.stats = stats
        self.text = text
        self.findings = sorted(
            ({**f, "index": i} for i, f in enumerate(findings)),
            key=lambda f: (SEVERITY_ORDER.get(f["severity"], 9), f["index"]),
        )
        self._placed: set[str] = set()

    # -- cells ------------------------------------------------------------------------------------------

    def cell(self, pointer: str) -> Cell:
        self._placed.add(pointer)
        c = Cell(pointer, self.stats.get(pointer), self._evidence(pointer))
        for f in self.findings:
            p = f.get("pointer") or ""
            if p and (pointer == p or pointer.startswith(p.rstrip("/") + "/")):
                c.findings.append(f["index"])
                if c.severity is None or SEVERITY_ORDER.get(f["severity"], 9) < SEVERITY_ORDER[c.severity]:
                    c.severity = f["severity"] if f["severity"] in SEVERITY_ORDER else "info"
        return c

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

    @property
    def template(self):
        return get_template(self.stats.template) if self.stats.template in ("2021", "2019", "pre2019") else None

    def table2(self) -> list[dict[str, Any]]:
        t = self.template
        if t is None or not t.table2:
            return []
        return [
            {
                "caption": block.caption,
                "columns": [c.label for c in block.columns],
                "rows": [
                    Row(r.label, [self.cell(f"/table2/{r.key}/{c.key}") for c in block.columns])
                    for r in block.rows
                ],
            }
            for block in t.table2
        ]

    def table3(self) -> dict[str, Any] | None:
        t = self.template
        if t is None or t.table3 is None:
            return None
        t3 = t.table3
        top = t3.group_labels[0]  # 三、本年度办理结果: spans every result row
        rows: list[Row] = []
        in_top = [r for r in t3.rows if r.group is not None]
        for r in t3.rows:
            cells = [self.cell(f"/applications/table3/{r.key}/{c.key}") for c in t3.columns]
            row = Row(r.label, cells)
            if r.group is None:
                row.heads = [(r.label, 1, 3)]
            else:
                first_in_top = r is in_top[0]
                row.heads.append((top, len(in_top) if first_in_top else 0, 1))
                if r.group == top:
                    row.heads.append((r.label, 1, 2))
                else:
                    members = [x for x in t3.rows if x.group == r.group]
                    row.heads.append((r.group, len(members) if r is members[0] else 0, 1))
                    row.heads.append((r.label, 1, 1))
            rows.append(row)
        # Header: ungrouped columns span both lower header rows; grouped ones share one group cell.
        upper: list[tuple[str, int, int]] = []
        lower: list[str] = []
        for c in t3.columns:
            if c.group is None:
                upper.append((c.label, 2, 1))
            elif upper and upper[-1][0] == c.group:
                upper[-1] = (c.group, 1, upper[-1][2] + 1)
                lower.append(c.label)
            else:
                upper.append((c.group, 1, 1))
                lower.append(c.label)
        return {
            "title": t3.title,
            "note": t3.note,
            "column_group": t3.column_group,
            "ncols": len(t3.columns),
            "upper": upper,
            "lower": lower,
            "rows": rows,
        }

    def table4(self) -> dict[str, Any] | None:
        t = self.template
        if t is None or t.table4 is None:
            return None
        t4 = t.table4
        groups = [
            {"label": g.label, "cells": [self.cell(f"/{g.key}/{c.key}") for c in t4.columns]} for g in t4.groups
        ]
        return {
            "title": t4.title,
            "columns": [c.label for c in t4.columns],
            "ncols": len(t4.columns),
            "review": groups[0],
            "litigation": groups[1:],
            "litigation_label": t4.groups[1].group,
            "cells": [c for g in groups for c in g["cells"]],
        }

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
            {"label": pointer_label(p), "cell": self.cell(p)}
            for p in all_pointers()
            if p in stated and p not in self._placed
        ]

    def report_findings(self) -> list[dict[str, Any]]:
        return [{**f, "label": pointer_label(f["pointer"]) if f.get("pointer") else "整份报告"} for f in self.findings]
