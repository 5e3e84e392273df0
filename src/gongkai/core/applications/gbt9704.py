"""The page of a letter after GB/T 9704-2012 (党政机关公文格式), shared by the DOCX and the PDF.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 22 pt (二号) in 小标宋; body 16 pt (三号) in
仿宋 with fixed 28 pt lines, 28 characters to a line (the 156 mm line holds 27.6 characters of 16 pt, so the
pitch is tightened a little, as Word's character grid does) and a first-line indent of two characters; page numbers 14 pt (四号) "— 1 —", 7 mm
below the text area, odd pages on the right and even pages on the left, one character in from the edge.

The signature of a sealed document (7.3.5.1, 加盖印章的公文): the date is set four characters in from the right,
and the issuing organ's name is centred over the date (the seal covers both). A name much longer than the date
would stick out past the right edge; it is then set flush right.
"""

from __future__ import annotations

import math
import unicodedata

PAGE_MM = (210, 297)
MARGIN_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TITLE_PT = 22
TITLE_LINE_PT = TITLE_PT + 12
BODY_PT = 16
LINE_PT = 28
PAGE_NUMBER_PT = 14
PAGE_NUMBER_DROP_MM = 7
CHARS_PER_LINE = 28
INDENT_CHARS = 2
DATE_RIGHT_CHARS = 4
SIGNATURE_GAP_LINES = 2  # blank lines between the last paragraph and the organ's name: room for the seal


def line_width_pt() -> float:
    return (PAGE_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]) * 72 / 25.4


def letter_spacing_pt() -> float:
    """Spacing added after each body character so that CHARS_PER_LINE fit a line (negative: tighter), rounded
    down to 1/100 pt so the last character never spills over."""
    return math.floor((line_width_pt() / CHARS_PER_LINE - BODY_PT) * 100) / 100


def pitch_pt() -> float:
    """The advance of one full-width body character, spacing included."""
    return BODY_PT + letter_spacing_pt()


def text_width(text: str) -> float:
    """Width in characters (em) in a 仿宋 face: ASCII letters, digits and spaces are half-width (as in both
    仿宋_GB2312 and FandolFang), everything else full-width."""
    return sum(0.5 if unicodedata.east_asian_width(ch) in ("Na", "H") else 1.0 for ch in text)


def signature_indents(issuer: str, date_text: str) -> tuple[float, float]:
    """(issuer, date) right indents in characters: the date DATE_RIGHT_CHARS in, the issuer centred over it."""
    centre = DATE_RIGHT_CHARS + text_width(date_text) / 2
    return max(0.0, centre - text_width(issuer) / 2), float(DATE_RIGHT_CHARS)
