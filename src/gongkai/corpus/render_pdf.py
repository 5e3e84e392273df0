"""PDF rendering with reportlab: A4, Song typeface, tables drawn with grid lines and merged cells.

The text uses reportlab's built-in CID font STSong-Light (Adobe-GB1 with the UniGB-UCS2-H CMap), which
needs no font file and whose text pypdfium2 and pdfplumber extract as Unicode.
"""

from __future__ import annotations

import io
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from .layout import Block, Heading, Paragraph, Table

FONT = "STSong-Light"
_WIDTH = A4[0] - 40 * mm


@cache
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = dict(fontName=FONT, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", fontSize=18, leading=28, alignment=TA_CENTER, spaceAfter=12, **base),
        "h1": ParagraphStyle("h1", fontSize=16, leading=28, spaceBefore=8, spaceAfter=4, **base),
        "h2": ParagraphStyle("h2", fontSize=14, leading=26, firstLineIndent=28, **base),
        "body": ParagraphStyle("body", fontSize=14, leading=26, firstLineIndent=28, **base),
        "cell": ParagraphStyle("cell", fontSize=9, leading=12, alignment=TA_CENTER, **base),
        "cell_left": ParagraphStyle("cell_left", fontSize=9, leading=12, **base),
    }


def _col_widths(t: Table) -> list[float]:
    if t.kind == "table3":
        label = [16 * mm, 18 * mm, 44 * mm]
        rest = (_WIDTH - sum(label)) / (t.width - 3)
        return label + [rest] * (t.width - 3)
    if t.kind == "table2":
        return [_WIDTH * 0.31] + [_WIDTH * 0.23] * 3
    return [_WIDTH / t.width] * t.width


def _table(t: Table):
    st = _styles()
    grid = t.grid()
    data = []
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for r, row in enumerate(grid):
        out = []
        for c, (cell, origin) in enumerate(row):
            if not origin:
                out.append("")
                continue
            style = st["cell"] if (cell.numeric or cell.header) else st["cell_left"]
            out.append(RLParagraph(escape(cell.text).replace("\n", "<br/>"), style))
            if cell.rowspan > 1 or cell.colspan > 1:
                commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
        data.append(out)
    return RLTable(data, colWidths=_col_widths(t), style=TableStyle(commands), repeatRows=0)


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 10)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {doc.page} —")
    canvas.restoreState()


def render_pdf(blocks: list[Block], *, title: str) -> bytes:
    st = _styles()
    story = []
    for b in blocks:
        if isinstance(b, Heading):
            story.append(RLParagraph(escape(b.text), st["title" if b.level == 0 else "h1" if b.level == 1 else "h2"]))
        elif isinstance(b, Paragraph):
            story.append(RLParagraph(escape(b.text), st["body"]))
        elif isinstance(b, Table):
            story += [Spacer(1, 4), _table(b), Spacer(1, 6)]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=25 * mm, bottomMargin=22 * mm,
        title=title, author="", creator="", producer="", invariant=1,
    )
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buf.getvalue()
