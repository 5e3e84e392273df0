"""What a rendered annual report is made of: the figures, the staff's narrative sections, and its version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from gongkai.core.stats import AnnualStats


@dataclass(frozen=True)
class ReportDocument:
    title: str  # e.g. "示例市自然资源和规划局2025年政府信息公开工作年度报告"
    agency: str
    year: int
    stats: AnnualStats
    # overview, problems, other: staff text, paragraphs separated by blank lines
    sections: Mapping[str, str] = field(default_factory=dict)
    version: int = 1
    published_on: date | None = None
    correction_reason: str = ""
