"""From a Document to statistics with evidence.

    parse_document(doc) -> AnnualStats

Metadata (agency, year, template) first; then the national tables (表二/表三/表四) wherever they are, or the
pre-2019 statistics table (`legacy_table`); then the narrative figures. Each step writes figures with
`AnnualStats.set(pointer, value, Evidence(...))` and records its doubts as warnings; none of them "fixes" a figure that contradicts another.
"""

from __future__ import annotations

from ..reading.document import Document
from ..stats import AnnualStats
from . import legacy_table, metadata, narrative, ocr_marks, tables

PARSER_VERSION = "2"  # bump when a change to parsing changes figures: imports record it


def parse_document(doc: Document) -> AnnualStats:
    stats = AnnualStats(source=doc.name or None)
    for code, message in doc.notes:
        stats.warn(code, message)
    metadata.read_metadata(doc, stats)
    undecided = []
    if stats.template in ("2019", "2021", "unknown"):
        tables.read_tables(doc, stats)
    elif stats.template == "pre2019":
        undecided = legacy_table.read_legacy_table(doc, stats)
    narrative.read_narrative(doc, stats)
    legacy_table.finish_legacy_table(stats, undecided)
    if doc.ocr_spans:
        ocr_marks.recover_rows(doc, stats)
        ocr_marks.flag_dropouts(stats)
        ocr_marks.mark_ocr_evidence(doc, stats)
    return stats
