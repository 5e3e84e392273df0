"""A Letter as PDF: HTML and CSS laid out by WeasyPrint (the project's one PDF engine, gongkai.core.pdf) on the
GB/T 9704 page of gbt9704.py, in the same structure as the DOCX.

Fonts: the body entirely in FandolFang (仿宋: CJK, digits, Latin letters, 〔〕, quotes and dashes all come from
it), the title in FandolSong Bold (the free substitute for 方正小标宋), both embedded as subsets. A character
FandolFang lacks (it covers GB 2312; a rare character in a name may fall outside) is set in Noto Serif CJK SC.

Characters sit on GB/T 9704's grid of 28 to a line (a slightly negative letter-spacing). CJK text is set flush
left: WeasyPrint justifies only at spaces, which would stretch the odd Latin space in a line, so a line that
gives its last character to the next one (punctuation may not start a line) ends one character short.

Line breaking is Pango's (Unicode line breaking with the zh language tag): no line starts with closing
punctuation (，。、；：？！）》」』”’〕 …) and none ends with opening punctuation. The last paragraph, the organ's
name and the date sit in one block that is never split across pages (break-inside: avoid), so the signature is
never alone on a page. Page numbers ("— 1 —") are printed only when the letter runs to more than one page: the
letter is laid out, and laid out again with page numbers if it has several pages (margin boxes do not move the
text, so the pages stay the same).

Deterministic: the PDF's dates are the letter's date and its /ID is derived from the letter's content, so the
same Letter always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from html import escape

from gongkai.core import pdf
from gongkai.core.pdf import BODY_FACE, FALLBACK_FAMILY, TITLE_FACE

from . import gbt9704 as page
from .letters import Letter, cn_date

_MARGINS = " ".join(f"{page.MARGIN_MM[side]}mm" for side in ("top", "right", "bottom", "left"))
_BODY_FONTS = f'"{BODY_FACE}", "{FALLBACK_FAMILY}"'

CSS = f"""
@page {{ size: A4; margin: {_MARGINS}; }}
html {{ font-family: {_BODY_FONTS}; font-size: {page.BODY_PT}pt; line-height: {page.LINE_PT}pt;
        letter-spacing: {page.letter_spacing_pt()}pt; }}
body {{ margin: 0; }}
h1 {{ font-family: "{TITLE_FACE}", "{FALLBACK_FAMILY}"; font-size: {page.TITLE_PT}pt; font-weight: normal;
      letter-spacing: 0; line-height: {page.TITLE_LINE_PT}pt; text-align: center; margin: 0 0 {page.BODY_PT}pt; }}
p {{ margin: 0; text-indent: {page.INDENT_CHARS * page.pitch_pt():.2f}pt; orphans: 2; widows: 2; }}
p.number, p.addressee, p.sign {{ text-indent: 0; }}
p.number {{ text-align: center; }}
p.addressee {{ text-align: left; }}
div.gap {{ height: {page.LINE_PT}pt; }}
div.tail {{ break-inside: avoid; }}
div.signature {{ margin-top: {page.SIGNATURE_GAP_LINES * page.LINE_PT}pt; }}
p.sign {{ text-align: right; white-space: nowrap; }}
"""

# GB/T 9704 7.5: odd pages on the right, even pages on the left, one character in, 7 mm below the text area.
PAGE_NUMBER_CSS = "\n".join(
    f"""@page :{side} {{ @bottom-{side} {{ content: "— " counter(page) " —"; font-family: {_BODY_FONTS};
  font-size: {page.PAGE_NUMBER_PT}pt; letter-spacing: 0; line-height: {page.PAGE_NUMBER_PT}pt; vertical-align: top;
  padding-top: {page.PAGE_NUMBER_DROP_MM}mm; padding-{side}: {page.PAGE_NUMBER_PT}pt; }} }}"""
    for side in ("right", "left"))


def _p(text: str, cls: str = "", style: str = "") -> str:
    attrs = (f' class="{cls}"' if cls else "") + (f' style="{style}"' if style else "")
    return f"<p{attrs}>{escape(text)}</p>"


def letter_html(letter: Letter, *, page_numbers: bool = False) -> str:
    """The letter as one HTML page with its CSS inline (fonts by file URL)."""
    day = letter.date.isoformat()
    head = [f"<title>{escape(letter.title)}</title>", f'<meta name="author" content="{escape(letter.issuer)}">',
            f'<meta name="dcterms.created" content="{day}">', f'<meta name="dcterms.modified" content="{day}">',
            f"<style>{pdf.font_faces_css()}{CSS}{PAGE_NUMBER_CSS if page_numbers else ''}</style>"]
    body = [f"<h1>{escape(letter.title)}</h1>"]
    if letter.number:
        body.append(_p(letter.number, "number"))
    body.append('<div class="gap"></div>')
    if letter.addressee:
        body.append(_p(f"{letter.addressee}：", "addressee"))
    *paragraphs, last = letter.body() or ("",)
    body += [_p(text) for text in paragraphs]
    date_text = cn_date(letter.date)
    issuer_in, date_in = page.signature_indents(letter.issuer, date_text)
    body.append(f'<div class="tail">{_p(last) if last else ""}<div class="signature">'
                f'{_p(letter.issuer, "sign", f"padding-right: {issuer_in * page.pitch_pt():.2f}pt")}'
                f'{_p(date_text, "sign", f"padding-right: {date_in * page.pitch_pt():.2f}pt")}</div></div>')
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">{"".join(head)}</head>'
            f'<body>{"".join(body)}</body></html>')


def render_pdf(letter: Letter) -> bytes:
    digest = hashlib.sha256(json.dumps(letter.to_json(), ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    document = pdf.layout(letter_html(letter))
    if len(document.pages) > 1:
        document = pdf.layout(letter_html(letter, page_numbers=True))
    return pdf.write(document, identifier=digest[:32].encode())
