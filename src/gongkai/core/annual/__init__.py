"""The annual report (年度报告) built from the records: counting, the national template, aggregation over a
region, comparison with a published report, a factual narrative draft, and rendering (HTML/DOCX/XLSX/PDF: the modules render_html, render_docx, render_xlsx, render_pdf, each
with a function of its own name; imported where needed, since the PDF one loads WeasyPrint)."""

from .aggregate import CannotAggregate, aggregate
from .build import FIRST_YEAR, ReportNotBuildable, build_stats, result_rows, template_id
from .compare import Difference, compare, label_for
from .deadline import publication_deadline
from .document import ReportDocument
from .facts import ApplicationFacts, CaseFacts, count_table3, count_table4
from .narrative import narrative_drafts

__all__ = ["FIRST_YEAR", "ApplicationFacts", "CannotAggregate", "CaseFacts", "Difference", "ReportDocument",
           "ReportNotBuildable", "aggregate", "build_stats", "compare", "count_table3", "count_table4",
           "label_for", "narrative_drafts", "publication_deadline", "result_rows", "template_id"]

