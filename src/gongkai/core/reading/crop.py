"""The image of where a figure stands on a scanned page: the evidence a person checks an OCR reading against.

    figure_crop_png(pdf, page_box) -> bytes

The crop is the figure's whole table row across the page (the row label tells what the figure is), with the
figure's box outlined in red. `page_box` is `Evidence.page_box`: the 1-based page and the box in PDF points
from the page's top-left corner.
"""

from __future__ import annotations

import io

from ..errors import CorruptDocument

CROP_DPI = 150
_ROW_PAD = 10.0  # points above and below the box: enough to see the row's ruling and its neighbours' edges
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
        height = page.get_height()
        top = max(0.0, y0 - _ROW_PAD)
        bottom = min(height, y1 + _ROW_PAD)
        scale = CROP_DPI / 72
        # PDFium's crop is the amount cut from each side (left, bottom, right, top), in points.
        bitmap = page.render(scale=scale, crop=(0, height - bottom, 0, top))
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    box = [x0 * scale - 3, (y0 - top) * scale - 3, x1 * scale + 3, (y1 - top) * scale + 3]
    draw.rectangle(box, outline=_OUTLINE, width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
