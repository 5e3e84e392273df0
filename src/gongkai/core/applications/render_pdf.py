"""A Letter as PDF with reportlab, in the same structure as the DOCX (GB/T 9704-ish A4 layout).

Chinese text uses the CID font STSong-Light (Adobe's GB1 collection, which every PDF reader supplies), so
nothing is embedded; paragraphs wrap with reportlab's CJK word wrap (line breaks between any two characters,
except before closing punctuation). `invariant=1` removes the creation date and random document id, so the
same Letter always gives the same bytes.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from .letters import Letter, cn_date

FONT = "STSong-Light"
TITLE_PT = 22
BODY_PT = 16
LINE_PT = 28


def _register() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=BODY_PT, leading=LINE_PT, wordWrap="CJK",
                          alignment=TA_JUSTIFY, firstLineIndent=BODY_PT * 2)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=TITLE_PT, leading=TITLE_PT + 12,
                                alignment=TA_CENTER, firstLineIndent=0, spaceAfter=BODY_PT / 2),
        "number": ParagraphStyle("number", parent=base, alignment=TA_CENTER, firstLineIndent=0),
        "addressee": ParagraphStyle("addressee", parent=base, alignment=TA_LEFT, firstLineIndent=0),
        "body": base,
        "sign": ParagraphStyle("sign", parent=base, alignment=TA_RIGHT, firstLineIndent=0,
                               rightIndent=BODY_PT * 4),
    }


def render_pdf(letter: Letter) -> bytes:
    _register()
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, topMargin=37 * mm, bottomMargin=35 * mm, leftMargin=28 * mm,
                            rightMargin=26 * mm, title=letter.title, author=letter.issuer, subject="",
                            creator="gongkai", invariant=1)
    story = [Paragraph(escape(letter.title), s["title"])]
    if letter.number:
        story.append(Paragraph(escape(letter.number), s["number"]))
    story.append(Spacer(1, BODY_PT))
    if letter.addressee:
        story.append(Paragraph(escape(f"{letter.addressee}："), s["addressee"]))
    story += [Paragraph(escape(text), s["body"]) for text in letter.body()]
    story.append(Spacer(1, LINE_PT * 2))
    story += [Paragraph(escape(letter.issuer), s["sign"]), Paragraph(cn_date(letter.date), s["sign"])]
    doc.build(story)
    return out.getvalue()
