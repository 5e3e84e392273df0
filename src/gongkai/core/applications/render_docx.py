"""A Letter as a Word document (DOCX), laid out after GB/T 9704-2012 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in 方正小标宋简体 22 pt (二号) centred;
body in 仿宋_GB2312 16 pt (三号), first-line indent of two characters, fixed 28 pt line spacing; the issuing
agency and the date right-aligned at the end. The East Asian font name is written into w:rFonts/@w:eastAsia,
which is what Word uses for Chinese characters (python-docx's font.name sets only the Latin slots).

Deterministic: the same Letter gives the same bytes — core properties are set from the letter's date and
every zip member gets that date as its timestamp.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .letters import Letter, cn_date

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
TITLE_PT = 22
BODY_PT = 16
LINE_PT = 28


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
    fmt.line_spacing = Pt(LINE_PT if size <= BODY_PT else size + 12)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size)
    return p


def render_docx(letter: Letter) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

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
    for text in letter.body():
        _paragraph(doc, text)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, "", indent=False)
    for text in (letter.issuer, cn_date(letter.date)):
        p = _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)

    stamp = datetime(letter.date.year, letter.date.month, letter.date.day, tzinfo=UTC)
    props = doc.core_properties
    props.title = letter.title
    props.author = props.last_modified_by = letter.issuer
    props.created = props.modified = stamp
    props.revision = 1
    props.comments = props.keywords = props.subject = ""

    out = io.BytesIO()
    doc.save(out)
    return _normalise_zip(out.getvalue(), (letter.date.year, letter.date.month, letter.date.day, 0, 0, 0))


def _normalise_zip(data: bytes, when: tuple[int, int, int, int, int, int]) -> bytes:
    """Rewrite the package with a fixed timestamp on every member (zipfile stamps the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
