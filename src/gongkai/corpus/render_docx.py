"""Word rendering: a title, section headings, body paragraphs and real tables merged as in the template."""

from __future__ import annotations

import datetime
import io
import zipfile

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .layout import Block, Heading, Paragraph, Table


def _font(run, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "宋体"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def _table(doc, t: Table) -> None:
    grid = t.grid()
    table = doc.add_table(rows=len(grid), cols=t.width)
    table.style = "Table Grid"
    # table.cell() recomputes the whole grid on every call; fetching the cells once before merging keeps a
    # report at milliseconds. Merges touch only their own (disjoint) spans, so the other handles stay valid.
    cells = table._cells
    width = t.width
    for r, row in enumerate(grid):
        for c, (cell, origin) in enumerate(row):
            if not origin:
                continue
            target = cells[r * width + c]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(cells[(r + cell.rowspan - 1) * width + c + cell.colspan - 1])
            para = target.paragraphs[0]
            if cell.numeric or cell.header:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            # run.text turns "\n" into a line break inside the cell, as a hand-broken label in Word.
            _font(para.add_run(cell.text), 9)


def render_docx(blocks: list[Block]) -> bytes:
    doc = WordDocument()
    for b in blocks:
        if isinstance(b, Heading):
            p = doc.add_paragraph()
            if b.level == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(p.add_run(b.text), 18 if b.level == 0 else 14 if b.level == 1 else 12, bold=b.level < 2)
        elif isinstance(b, Paragraph):
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(21)
            _font(p.add_run(b.text), 12)
        elif isinstance(b, Table):
            _table(doc, b)
    # Fixed timestamps make the same report the same bytes (imports are idempotent by content hash).
    fixed = datetime.datetime(2020, 1, 1)
    doc.core_properties.created = fixed
    doc.core_properties.modified = fixed
    buf = io.BytesIO()
    doc.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same zip with every entry's time set to a fixed date (python-docx stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            stable = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = info.external_attr
            dst.writestr(stable, src.read(info.filename))
    return out.getvalue()
