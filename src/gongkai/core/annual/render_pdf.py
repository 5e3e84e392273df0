"""The annual report as PDF: the HTML page (same grids, same CSS) laid out by WeasyPrint on A4.

Chinese text uses the fonts the CSS names (仿宋_GB2312, 黑体, 宋体 …) when installed and otherwise the installed
Noto CJK fonts (fonts-noto-cjk, found through fontconfig), which are embedded as subsets. Rows never split across
pages, the header rows of 表三/表四 repeat on a new page, and 表二/表四 stay on one page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongkai.core.pdf import PdfRenderingUnavailable, write_pdf

from .render_html import render_html

if TYPE_CHECKING:
    from .document import ReportDocument

__all__ = ["PdfRenderingUnavailable", "render_pdf"]


def render_pdf(report: ReportDocument) -> bytes:
    return write_pdf(render_html(report),
                     identifier=f"gongkai-{report.agency}-{report.year}-v{report.version}".encode())
