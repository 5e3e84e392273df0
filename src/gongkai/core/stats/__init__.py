"""The statistics model (gongkai.annual-stats/1)."""

from .model import (
    APPLICANT_COLUMNS,
    APPLICANT_TYPES,
    OUTCOME_COLUMNS,
    SCHEMA_ID,
    TABLE3_ROWS,
    AnnualStats,
    ApplicantCounts,
    Evidence,
    Outcomes,
    Table3,
    Warning,
    figure_pointers,
)

__all__ = [
    "APPLICANT_COLUMNS", "APPLICANT_TYPES", "OUTCOME_COLUMNS", "SCHEMA_ID", "TABLE3_ROWS", "AnnualStats",
    "ApplicantCounts", "Evidence", "Outcomes", "Table3", "Warning", "figure_pointers",
]
