"""The annual report as a Word document (DOCX) in the national layout.

Page and type after GB/T 9704-2012: A4 portrait, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
title 方正小标宋简体 22 pt centred; section headings 黑体 16 pt; body 仿宋_GB2312 16 pt, fixed 28 pt lines,
two-character first-line indent. Tables 二/三/四 come from the `layout` grids with real merged cells
(gridSpan / vMerge via python-docx `merge`), single borders, 宋体 10.5 pt; header rows of 表三/表四 repeat on a
new page and no row splits across pages.

Fonts: each run names the font in w:eastAsia (what Word uses for Chinese) and in w:ascii/w:hAnsi; the font
table gives every Chinese font the GB2312 charset and a Windows alternative (w:altName: 仿宋, 宋体, 黑体), and
the styles set the East Asian language to zh-CN, so a machine without the government fonts substitutes an
installed CJK font (on Linux fontconfig picks Noto CJK) rather than a Latin one.

Deterministic: the same report gives the same bytes (core properties dated from the report, fixed zip
timestamps).
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from gongkai.core.reproducible import fixed_zip

from .layout import (
    Grid,
    cn_date,
    paragraphs,
    report_template,
    section_heading,
    table_grids,
    version_line,
)

if TYPE_CHECKING:
    from .document import ReportDocument

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
TITLE_PT = 22
BODY_PT = 16
TABLE_PT = 10.5
LINE_PT = 28
TEXT_WIDTH_MM = 210 - 28 - 26
# Alternatives Word substitutes when a font is missing (all GB2312, charset 0x86).
ALT_NAMES = {TITLE_FONT: "宋体", HEADING_FONT: "SimHei", BODY_FONT: "仿宋", TABLE_FONT: "SimSun"}


def _set_fonts(rpr, name: str) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), name)


def _run(paragraph, text: str, font: str, size: float, *, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    _set_fonts(run._element.get_or_add_rPr(), font)
    return run


def _paragraph(doc, text: str, *, font: str = BODY_FONT, size: float = BODY_PT, align=None, indent=True,
               line: float = LINE_PT):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    if text:
        _run(p, text, font, size)
    return p


def _cell_text(cell, text: str, *, align) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    if text.lstrip("+-").replace(".", "").isdigit() and len(text) >= 6:  # long figure in a narrow column
        size = 8 if len(text) < 8 else 6.5
    else:
        size = TABLE_PT if len(text) < 40 else 9  # the identity note is smaller to fit its cell
    _run(p, text, TABLE_FONT, size)


def _row_flag(row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(doc, grid: Grid) -> None:
    table = doc.add_table(rows=grid.nrows, cols=grid.ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(TEXT_WIDTH_MM * f) for f in grid.fractions()]
    for k, col in enumerate(table.columns):
        col.width = widths[k]
    # Every cell once, before any merge. table.cell() re-walks the whole table on each call (2 s for the
    # report's three tables); the grid's rectangles do not overlap, so a merge never removes a cell that a
    # later rectangle starts or ends at, and these references stay valid.
    cells = [list(row.cells) for row in table.rows]
    for row_cells in cells:
        for k, cell in enumerate(row_cells):
            cell.width = widths[k]
    for i, row in enumerate(table.rows):
        _row_flag(row, "w:cantSplit")
        if i < grid.header_rows:
            _row_flag(row, "w:tblHeader")
    for c in grid.cells:
        cell = cells[c.row][c.col]
        if c.rowspan > 1 or c.colspan > 1:
            cell = cell.merge(cells[c.row + c.rowspan - 1][c.col + c.colspan - 1])
        align = WD_ALIGN_PARAGRAPH.LEFT if c.kind in ("label", "note") else WD_ALIGN_PARAGRAPH.CENTER
        _cell_text(cell, c.display, align=align)
        # A table stays on one page with its heading, as in the PDF: every row keeps with the next.
        if c.row + c.rowspan < grid.nrows:
            cell.paragraphs[0].paragraph_format.keep_with_next = True


def _font_table(doc) -> None:
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    w = root.nsmap["w"]
    for name, alt in ALT_NAMES.items():
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "modern" if name == BODY_FONT else "roman"})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "fixed" if name == BODY_FONT else "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    _set_fonts(rpr, BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def _stamp(report: ReportDocument) -> date:
    return report.published_on or date(report.year + 1, 1, 1)


def render_docx(report: ReportDocument) -> bytes:
    template = report_template(report.stats)
    grids = table_grids(report.stats)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _styles(doc)
    _font_table(doc)

    title = _paragraph(doc, report.title, font=TITLE_FONT, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
                       indent=False, line=TITLE_PT + 12)
    title.paragraph_format.space_after = Pt(BODY_PT / 2)
    version = version_line(report)
    if version:
        _paragraph(doc, version, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for sec in template.sections:
        head = _paragraph(doc, section_heading(sec), font=HEADING_FONT)
        head.paragraph_format.keep_with_next = True
        for text in paragraphs(report.sections.get(sec.key)):
            _paragraph(doc, text)
        if sec.key in grids:
            _table(doc, grids[sec.key])
            _paragraph(doc, "", indent=False, line=BODY_PT)
    _paragraph(doc, "", indent=False)
    lines = [report.agency] + ([cn_date(report.published_on)] if report.published_on else [])
    for text in lines:
        p = _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(BODY_PT * 2)

    day = _stamp(report)
    props = doc.core_properties
    props.title = report.title
    props.author = props.last_modified_by = report.agency
    props.created = props.modified = datetime(day.year, day.month, day.day, tzinfo=UTC)
    props.revision = report.version
    props.comments = props.keywords = props.subject = ""
    props.category = "政府信息公开工作年度报告"

    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue(), (day.year, day.month, day.day, 0, 0, 0))

