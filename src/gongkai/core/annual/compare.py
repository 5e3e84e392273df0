"""Cell-by-cell comparison of a report built from records with the published report of the same agency/year."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.stats import AnnualStats
from gongkai.core.templates import get_template

_T4_GROUPS = {"review": "行政复议", "litigation_direct": "行政诉讼·未经复议直接起诉",
              "litigation_after_review": "行政诉讼·复议后起诉", "litigation": "行政诉讼·合计"}


@dataclass(frozen=True)
class Difference:
    pointer: str
    label: str  # Chinese, from the template's verbatim labels
    built: float | int | None
    published: float | int | None


def label_for(pointer: str, template: str = "2021") -> str:
    """"/applications/table3/disclosed/natural_person" → "表三 （一）予以公开 · 自然人"."""
    tid = template if template in ("2021", "2019") else "2021"
    t = get_template(tid)
    parts = pointer.strip("/").split("/")
    if parts[:2] == ["applications", "table3"] and len(parts) == 4:
        row = next((r.label for r in t.table3.rows if r.key == parts[2]), parts[2])
        col = next((c.label for c in t.table3.columns if c.key == parts[3]), parts[3])
        return f"表三 {row} · {col}"
    if parts[0] in _T4_GROUPS and len(parts) == 2:
        col = next((c.label for c in t.table4.columns if c.key == parts[1]), parts[1])
        return f"表四 {_T4_GROUPS[parts[0]]} · {col}"
    if parts[0] == "table2" and len(parts) == 3:
        for block in t.table2:
            for r in block.rows:
                if r.key == parts[1]:
                    col = next((c.label for c in block.columns if c.key == parts[2]), parts[2])
                    return f"表二 {r.label} · {col}"
    if pointer == "/applications/received":
        return "本年新收申请数"
    if pointer == "/fees/collected_yuan":
        return "信息处理费（元）"
    return pointer


def compare(built: AnnualStats, published: AnnualStats) -> list[Difference]:
    """Every figure that differs, in the order of the built report's figures then the published-only ones.
    "Not stated" (None) and 0 are different answers and are reported as a difference."""
    a, b = built.figures(), published.figures()
    out = []
    for pointer in list(a) + [p for p in b if p not in a]:
        x, y = a.get(pointer), b.get(pointer)
        if isinstance(x, bool) or isinstance(y, bool):
            continue
        if x != y:
            out.append(Difference(pointer, label_for(pointer, built.template), x, y))
    return out
