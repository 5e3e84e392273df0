"""Where every character of a PDF sits and which embedded font program draws it (PDFium through pypdfium2,
font programs read with fontTools). Tests of generated PDFs use it to check line starts, page breaks and fonts."""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from fontTools.ttLib import TTFont


@dataclass(frozen=True)
class Font:
    family: str       # nameID 1 of the embedded font program ("" when not embedded)
    subfamily: str    # nameID 2, e.g. "Bold"
    base_name: str    # the PDF's /BaseFont
    embedded: bool


@dataclass(frozen=True)
class Glyph:
    char: str
    page: int         # 0-based
    x: float          # origin (pt from the page's left edge)
    y: float          # baseline (pt from the page's bottom edge)
    size: float
    font: Font


def _font(handle) -> Font:
    n = raw.FPDFFont_GetBaseFontName(handle, None, 0)
    buf = ctypes.create_string_buffer(n)
    raw.FPDFFont_GetBaseFontName(handle, buf, n)
    base = buf.value.decode("latin-1")
    embedded = bool(raw.FPDFFont_GetIsEmbedded(handle))
    family = subfamily = ""
    if embedded:
        size = ctypes.c_size_t()
        raw.FPDFFont_GetFontData(handle, None, 0, ctypes.byref(size))
        data = (ctypes.c_uint8 * size.value)()
        raw.FPDFFont_GetFontData(handle, data, size.value, ctypes.byref(size))
        names = TTFont(io.BytesIO(bytes(data)))["name"]
        family, subfamily = names.getDebugName(1) or "", names.getDebugName(2) or ""
    return Font(family, subfamily, base, embedded)


def glyphs(data: bytes) -> list[Glyph]:
    """Every visible character in reading order, page by page."""
    out: list[Glyph] = []
    pdf = pdfium.PdfDocument(data)
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            text = page.get_textpage()
            fonts: dict[int, Font] = {}
            for i in range(text.count_chars()):
                char = chr(raw.FPDFText_GetUnicode(text.raw, i))
                if char.isspace() or char == "\ufffe":
                    continue
                obj = raw.FPDFText_GetTextObject(text.raw, i)
                handle = raw.FPDFTextObj_GetFont(obj)
                key = ctypes.cast(handle, ctypes.c_void_p).value
                if key not in fonts:
                    fonts[key] = _font(handle)
                x, y = ctypes.c_double(), ctypes.c_double()
                raw.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
                out.append(Glyph(char, number, x.value, y.value, raw.FPDFText_GetFontSize(text.raw, i),
                                 fonts[key]))
    finally:
        pdf.close()
    return out


def lines(items: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into printed lines (same page, same baseline), top to bottom, left to right."""
    rows: dict[tuple[int, float], list[Glyph]] = {}
    for g in items:
        rows.setdefault((g.page, round(g.y, 1)), []).append(g)
    ordered = sorted(rows.items(), key=lambda kv: (kv[0][0], -kv[0][1]))
    return [sorted(row, key=lambda g: g.x) for _, row in ordered]


def line_text(line: list[Glyph]) -> str:
    return "".join(g.char for g in line)
