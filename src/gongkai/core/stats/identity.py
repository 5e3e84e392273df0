"""When two files are the same report: the same agency, year, format and figures (the 年报库's duplicate rule).

Kept apart from the reader so the web layer can decide it without importing the parsers.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from .model import AnnualStats, figure_pointers


def report_fingerprint(stats: AnnualStats, *, agency: str | None) -> str | None:
    """What makes two files the same report, as a SHA-256: the agency, the year, the format and every figure.

    Two files of one report (the UTF-8 web page and a GB18030 text copy, the DOCX, the PDF) read to the same
    figures, so they share a fingerprint; a corrected version changes at least one figure, so it does not.
    "Same figures" is strict: the same set of stated figures with equal values (0 and 0.0 are equal; a figure
    stated in one and not the other is a difference). None when the agency or the year is unknown, or nothing
    was read: then there is no basis to call two files one report. `agency` is the name the report is filed
    under (it may have been given at import instead of read).
    """
    figures = stats.figures()
    if not agency or not stats.year or not figures:
        return None
    canonical = {
        "agency": agency,
        "year": stats.year,
        "template": stats.template,
        "figures": {pointer: _canonical_number(v) for pointer, v in sorted(figures.items())},
    }
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def figure_differences(a: AnnualStats, b: AnnualStats) -> list[tuple[str, Any, Any]]:
    """(pointer, value in a, value in b) for every figure stated differently (or in one only), model order."""
    fa, fb = a.figures(), b.figures()
    return [
        (p, fa.get(p), fb.get(p))
        for p in figure_pointers()
        if _canonical_number(fa.get(p)) != _canonical_number(fb.get(p))
    ]


def _canonical_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return format(Decimal(str(value)).normalize(), "f")
