"""The image of where a figure stands on a scanned page: the evidence a person checks an OCR reading against.

    figure_crop_png(pdf, page_box) -> bytes

The crop is the figure's table row, some way to each side of the figure (its neighbours show which column it
is; the whole row across the page is too small to read in a side pane), with the figure's box outlined in red. `page_box` is `Evidence.page_box`: the 1-based page and the box in PDF points
from the page's top-left corner.
"""

from __future__ import annotations

import io

from ..errors import CorruptDocument

CROP_DPI = 150
_ROW_PAD = 10.0  # points above and below the box: enough to see the row's ruling and its neighbours' edges
_SIDE = 140.0  # points left and right of the box: two or three neighbouring cells of a 表三 row
_OUTLINE = (200, 30, 30)


def figure_crop_png(pdf: bytes, page_box: tuple[int, float, float, float, float]) -> bytes:
    import pypdfium2 as pdfium

    number, x0, y0, x1, y1 = page_box
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as e:
        raise CorruptDocument(f"cannot open PDF for the crop: {e}") from e
    try:
        if not 1 <= number <= len(document):
            raise CorruptDocument(f"page {number} not in a {len(document)}-page PDF")
        page = document[number - 1]
        width, height = page.get_width(), page.get_height()
        top = max(0.0, y0 - _ROW_PAD)
        bottom = min(height, y1 + _ROW_PAD)
        left = max(0.0, x0 - _SIDE)
        right = min(width, x1 + _SIDE)
        scale = CROP_DPI / 72
        # PDFium's crop is the amount cut from each side (left, bottom, right, top), in points.
        bitmap = page.render(scale=scale, crop=(left, height - bottom, width - right, top))
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    box = [(x0 - left) * scale - 3, (y0 - top) * scale - 3, (x1 - left) * scale + 3, (y1 - top) * scale + 3]
    draw.rectangle(box, outline=_OUTLINE, width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
