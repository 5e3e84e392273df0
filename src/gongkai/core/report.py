"""The one-call entry point: a file's bytes in, statistics with evidence out."""

from __future__ import annotations

from pathlib import Path

from .checks import findings_as_warnings
from .errors import NotAReport
from .parsing import parse_document
from .reading import read_bytes
from .stats import AnnualStats


def read_report(data: bytes, name: str = "") -> AnnualStats:
    """Raises a `gongkai.core.errors.ReadError` subclass when the file cannot be read.

    The warnings carry, besides the reader's doubts, the report's self-contradictions found by the checks
    (`check.*` codes): a reader of the JSON alone must see that the report does not add up."""
    stats = parse_document(read_bytes(data, name=name))
    stats.warnings.extend(findings_as_warnings(stats))
    return stats


def read_report_file(path: str | Path) -> AnnualStats:
    p = Path(path)
    return read_report(p.read_bytes(), name=p.name)


def require_report(stats: AnnualStats) -> AnnualStats:
    """Refuse a document that is readable but is no disclosure report: no report signal and no figure.

    `gongkai parse` shows such documents with their `not_a_report` warning; storing them in the report
    library would only clutter it. A blank template (a report with no figures) still passes.
    """
    if any(w.code == "not_a_report" for w in stats.warnings) and not stats.figures():
        raise NotAReport(stats.source or "document")
    return stats
