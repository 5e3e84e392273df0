"""A Letter as a Word document (DOCX), laid out after GB/T 9704-2012 (党政机关公文格式) as gbt9704.py describes.

Title in 方正小标宋简体 22 pt (二号) centred; body in 仿宋_GB2312 16 pt (三号): the fonts the offices' Word has,
named, not embedded. The East Asian font name is written into w:rFonts/@w:eastAsia, which is what Word uses for
Chinese characters (python-docx's font.name sets only the Latin slots). The signature: the date four characters
in from the right, the organ's name centred over it. The last paragraph, the blank lines under it, the organ's
name and the date are chained with keep-with-next (and the last paragraph kept whole), so Word never leaves the signature alone on a page.

Deterministic: the same Letter gives the same bytes — core properties are set from the letter's date and
every zip member gets that date as its timestamp.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.core.reproducible import fixed_zip

from . import gbt9704 as page
from .gbt9704 import BODY_PT, LINE_PT, TITLE_LINE_PT, TITLE_PT
from .letters import Letter, cn_date

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"


def _font(run, name: str, size: int) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), name)


def _paragraph(doc, text: str, *, font: str = BODY_FONT, size: int = BODY_PT, align=None, indent: bool = True):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT if size <= BODY_PT else TITLE_LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * page.INDENT_CHARS)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size)
    return p


def render_docx(letter: Letter) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(page.PAGE_MM[0]), Mm(page.PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(page.MARGIN_MM["top"]), Mm(page.MARGIN_MM["bottom"])
    section.left_margin, section.right_margin = Mm(page.MARGIN_MM["left"]), Mm(page.MARGIN_MM["right"])

    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    title = _paragraph(doc, letter.title, font=TITLE_FONT, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
                       indent=False)
    title.paragraph_format.space_after = Pt(BODY_PT)
    if letter.number:
        _paragraph(doc, letter.number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, "", indent=False)
    if letter.addressee:
        _paragraph(doc, f"{letter.addressee}：", indent=False)
    body = [_paragraph(doc, text) for text in letter.body()]
    gap = [_paragraph(doc, "", indent=False) for _ in range(page.SIGNATURE_GAP_LINES)]
    date_text = cn_date(letter.date)
    sign = []
    for text, chars in zip((letter.issuer, date_text), page.signature_indents(letter.issuer, date_text),
                           strict=True):
        p = _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(BODY_PT * chars)
        sign.append(p)
    for p in [*body[-1:], *gap, *sign[:-1]]:
        p.paragraph_format.keep_with_next = True
    for p in body[-1:]:
        p.paragraph_format.keep_together = True  # as the PDF: the whole last paragraph goes with the signature

    stamp = datetime(letter.date.year, letter.date.month, letter.date.day, tzinfo=UTC)
    props = doc.core_properties
    props.title = letter.title
    props.author = props.last_modified_by = letter.issuer
    props.created = props.modified = stamp
    props.revision = 1
    props.comments = props.keywords = props.subject = ""

    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue(), letter.date)
