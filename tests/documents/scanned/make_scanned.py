"""Build the scanned (image-only) PDF of r80 from its hand-written source page.

    .venv/bin/python tests/documents/scanned/make_scanned.py

The source HTML is laid out with WeasyPrint (the project's PDF engine), each page is rasterised at 150 dpi
with pypdfium2, then made to look like an office scan: a slightly rotated sheet (under half a degree), a grey
paper tone, sensor noise and a coarse JPEG, and the images are wrapped as an image-only PDF (no text layer).
Everything is seeded, so running it again gives the same pixels (the committed PDF is what tests read; the
script is kept so the fixture can be reviewed and rebuilt, not run by the tests).
"""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = "r80_county_bureau_2021_scanned"
DPI = 150


def degrade(image, rng: random.Random):
    """A greyscale page image as a flatbed scan would give it."""
    import numpy as np
    from PIL import Image, ImageFilter

    grey = image.convert("L")
    grey = grey.rotate(rng.uniform(-0.5, 0.5), resample=Image.BICUBIC, expand=False, fillcolor=255)
    pixels = np.asarray(grey, dtype=np.float32)
    # Paper is not white and toner is not black: squeeze the range to about 35..225, then add sensor noise.
    pixels = 35 + pixels * (190 / 255)
    noise = np.random.default_rng(rng.getrandbits(32)).normal(0, 9, pixels.shape)
    grey = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))
    grey = grey.filter(ImageFilter.GaussianBlur(0.4))
    buf = io.BytesIO()
    grey.save(buf, "JPEG", quality=38)
    buf.seek(0)
    return Image.open(buf)


def main() -> int:
    import pypdfium2 as pdfium
    import weasyprint

    source = HERE / f"{NAME}.source.html"
    text_pdf = weasyprint.HTML(filename=str(source)).write_pdf()
    pdf = pdfium.PdfDocument(text_pdf)
    rng = random.Random(20220120)
    pages = []
    for index in range(len(pdf)):
        bitmap = pdf[index].render(scale=DPI / 72)
        pages.append(degrade(bitmap.to_pil(), rng))
    pdf.close()
    out = HERE / f"{NAME}.pdf"
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    print(f"{out}: {len(pages)} pages, {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
