"""OCR of scanned PDF pages (图片版 annual reports).

Only pages without a text layer come here. Each is rendered with PDFium at `DPI` and read by RapidOCR
(`rapidocr-onnxruntime`: the PP-OCRv4 detection and recognition models ship inside the wheel, so nothing is
fetched at run time; ONNX Runtime runs them on the CPU). The engine is imported on first use only: reading a
PDF with a text layer never loads ONNX Runtime or OpenCV.

The recognised text boxes are laid out again as a monospaced page (the shape `pdftotext -layout` gives and
the text table parser reads, see tests/documents/realistic/r03_*): boxes are grouped into lines by their
vertical centre, and each box starts at the character column its left edge has on the page, so a number keeps
its table column even when OCR missed the cell to its left. A table label wrapped over two or three lines
stays on the lines around its figures, where the parser joins wrapped labels.

Every box written is remembered as an `OcrSpan` (its offset in the page text, confidence and page box), so a
figure read from it can carry the OCR confidence and where on the page image it was read.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from ..errors import UnreadablePage

DPI = 150  # the scans we see are 150-300 dpi; PP-OCR reads 10.5 pt table text well at 150 and it halves the time
_MIN_CONFIDENCE = 0.5  # RapidOCR's default floor: below it a box of words is mostly noise
# A lone table figure ("0", "1") is a tiny crop that the recogniser scores low even when right, and a scanned
# "0" often comes out as the letter O or a full stop. Digits are kept down to this score (their confidence
# travels with the figure's evidence) and a lone O/o/〇/。 in a cell is read as 0.
_MIN_FIGURE_CONFIDENCE = 0.1
_ZERO_LOOKALIKES = frozenset({"O", "o", "〇", "。", "○", "D"})
_engine_lock = threading.Lock()
_engine = None


@dataclass(frozen=True)
class OcrSpan:
    """One OCR text box as written into Document.text."""

    start: int  # offset in Document.text (set when the page is placed into the document)
    end: int
    page: int  # 1-based
    confidence: float
    # Box on the page in PDF points from the page's top-left corner (x to the right, y downwards).
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class _Box:
    text: str
    confidence: float
    x0: float  # pixels at DPI
    y0: float
    x1: float
    y1: float

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def engine():
    """The shared RapidOCR engine, created on first use (loading the models takes about a second)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            # One thread per ONNX session by default: gongkai reads many files in worker processes, and
            # ONNX Runtime's default of one thread per core makes parallel workers fight over the cores.
            threads = int(os.environ.get("GONGKAI_OCR_THREADS", "1"))
            # A lower detection threshold (0.3, default 0.5) keeps the faint single-digit cells of a scanned
            # table; text_score is filtered here per kind of box (see _MIN_FIGURE_CONFIDENCE).
            # Recognition takes about three quarters of a page's time (bench/results/ocr.md). One crop per
            # batch: a batch is padded to its widest crop, so the default of six pads a table's digit cells to
            # the width of a label beside them; alone, each is padded only to the model's 320-pixel minimum
            # (which it needs: narrower padding misreads lone digits). Same text, ~12% less recognition CPU
            # and ~90 MB less peak memory on r80.
            _engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, use_cls=False,
                               text_score=_MIN_FIGURE_CONFIDENCE, det_box_thresh=0.3, rec_batch_num=1)
        return _engine


def ocr_page(page, number: int) -> tuple[str, list[OcrSpan]]:
    """Text of one PDFium page read by OCR, laid out in reading order, with its spans (offsets in that text).

    Raises UnreadablePage when OCR finds no text on the page (blank page, noise, a photograph).
    """
    bitmap = page.render(scale=DPI / 72)
    image = None
    try:
        image = bitmap.to_numpy()
        if image.ndim == 3 and image.shape[2] == 4:
            image = image[:, :, :3]
        result, _ = engine()(image, use_cls=False)
    finally:
        # The page image and the detector's activations (a few hundred MB at 150 dpi) are freed page by
        # page, and the heap handed back to the system, so a long scan does not keep the largest page's peak.
        del image
        bitmap.close()
        _release_heap()
    boxes = []
    for quad, text, score in result or ():
        text = " ".join(str(text).split())
        if text in _ZERO_LOOKALIKES:
            text = "0"
        floor = _MIN_FIGURE_CONFIDENCE if _is_number(text) else _MIN_CONFIDENCE
        if not text or float(score) < floor:
            continue
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        boxes.append(_Box(text, float(score), min(xs), min(ys), max(xs), max(ys)))
    if not _has_text(boxes):
        raise UnreadablePage(f"page {number}: OCR found no text", page=number)
    return layout(boxes, number)


def _release_heap() -> None:
    # glibc keeps freed blocks in the process (ONNX Runtime frees its activations with free()); malloc_trim
    # returns them, so the next page's detection reuses memory instead of growing the resident set.
    global _malloc_trim
    if _malloc_trim is None:
        try:
            import ctypes

            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim = None


def _has_text(boxes: list[_Box]) -> bool:
    # Noise yields a few one-character boxes; a page of a report has words.
    return sum(len(b.text) for b in boxes) >= 8 and any(len(b.text) >= 3 for b in boxes)


def group_lines(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into lines: a box belongs to the line whose band holds its vertical centre."""
    lines: list[tuple[float, float, list[_Box]]] = []  # (band top, band bottom, boxes)
    for box in sorted(boxes, key=lambda b: (b.cy, b.x0)):
        for i, (top, bottom, members) in enumerate(lines):
            if top <= box.cy <= bottom:
                members.append(box)
                # Narrow the band towards the common centre so a tall neighbour does not chain two lines.
                lines[i] = (max(top, box.y0), min(bottom, box.y1), members) if box.height > 0 else lines[i]
                break
        else:
            lines.append((box.y0, box.y1, [box]))
    out = [sorted(members, key=lambda b: b.x0) for _, _, members in lines]
    out.sort(key=lambda members: min(b.cy for b in members))
    return out


def layout(boxes: list[_Box], number: int) -> tuple[str, list[OcrSpan]]:
    """Monospaced page text: each box starts at the character column of its left edge."""
    # One layout column is the narrowest half-character pitch on the page (a CJK character counts two
    # columns, as the text table parser measures), so a box never runs past where the next box starts and
    # figures keep the column their x position gives them.
    pitches = sorted((b.x1 - b.x0) / _display_width(b.text) for b in boxes if _display_width(b.text) >= 8)
    unit = max(pitches[len(pitches) // 10] if pitches else 10.0, 1.0)
    scale = 72 / DPI
    parts: list[str] = []
    spans: list[OcrSpan] = []
    pos = 0
    for line in group_lines(boxes):
        column = 0
        for box in line:
            target = int(round(box.x0 / unit))
            gap = max(target - column, 1 if column else 0)
            if column and gap < 2 and _is_figure(box.text):
                gap = 2  # two figures in adjacent cells must not read as one number
            parts.append(" " * gap)
            pos += gap
            column += gap
            spans.append(OcrSpan(pos, pos + len(box.text), number, round(box.confidence, 3),
                                 (round(box.x0 * scale, 1), round(box.y0 * scale, 1),
                                  round(box.x1 * scale, 1), round(box.y1 * scale, 1))))
            parts.append(box.text)
            pos += len(box.text)
            column += _display_width(box.text)
        parts.append("\n")
        pos += 1
    return "".join(parts), spans


def _is_number(text: str) -> bool:
    return bool(text) and all(ch.isdigit() or ch in ".,%" for ch in text) and text[0].isdigit()


def _is_figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text[:1])


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
