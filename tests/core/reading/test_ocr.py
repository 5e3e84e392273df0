"""Scanned (image-only) PDFs read by OCR: the r80 scan against its figures, the layout, the typed error."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from gongkai.core.checks import run_checks
from gongkai.core.errors import CorruptDocument, UnreadablePage
from gongkai.core.parsing import parse_document
from gongkai.core.reading import read_bytes, read_path
from gongkai.core.reading.crop import figure_crop_png
from gongkai.core.reading.ocr import _Box, group_lines, layout
from gongkai.core.stats import AnnualStats
from gongkai.core.stats.schema import validate

from ...conftest import DOCUMENTS

SCANNED = DOCUMENTS / "scanned"
R80 = "r80_county_bureau_2021_scanned"


@pytest.fixture(scope="module")
def r80():
    doc = read_path(SCANNED / f"{R80}.pdf")
    return doc, parse_document(doc)


def _value(stats, pointer):
    if pointer in ("/agency", "/year", "/template"):
        return getattr(stats, pointer[1:])
    return stats.get(pointer)


def test_scan_has_no_text_layer():
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(SCANNED / f"{R80}.pdf"))
    try:
        assert all(not pdf[i].get_textpage().get_text_range().strip() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_scanned_report_figures(r80):
    doc, stats = r80
    expected = json.loads((SCANNED / f"{R80}.expected.json").read_text("utf-8"))
    figures = expected["figures"]
    assert doc.ocr_pages == expected["ocr"]["pages"]
    assert any(code == "pdf_ocr" for code, _ in doc.notes)
    wrong = {p: (v, _value(stats, p)) for p, v in figures.items() if _value(stats, p) != v}
    right = len(figures) - len(wrong)
    assert right / len(figures) >= expected["ocr"]["min_share_right"], f"{right}/{len(figures)} right: {wrong}"
    # A figure read wrong must not be one invented from nothing: every figure quotes the OCR text.
    for pointer in stats.figures():
        if pointer in ("/applications/received",):
            continue
        ev = stats.evidence.get(pointer)
        assert ev is not None and ev.start is not None, pointer
        assert doc.text[ev.start : ev.start + len(ev.quote)] == ev.quote, pointer
    # A cell OCR missed stays None, with the value the identities leave for it named in a warning.
    for pointer, (want, got) in wrong.items():
        assert got is None, f"{pointer}: read {got!r}, the scan says {want!r}"
        assert any(w.pointer == pointer and w.code == "ocr_dropout" for w in stats.warnings), pointer
    run_checks(stats)


def test_every_ocr_figure_has_confidence_and_box(r80):
    doc, stats = r80
    marked = {w.pointer for w in stats.warnings if w.code == "ocr_evidence"}
    for pointer in stats.figures():
        ev = stats.evidence.get(pointer)
        if ev is None or ev.start is None or doc.ocr_span_at(ev.start) is None:
            continue
        assert ev.ocr_confidence is not None and 0 < ev.ocr_confidence <= 1, pointer
        page, x0, y0, x1, y1 = ev.page_box
        assert 1 <= page <= doc.pages and 0 <= x0 < x1 <= 595.5 and 0 <= y0 < y1 <= 842.5, (pointer, ev.page_box)
        assert pointer in marked


def test_scanned_stats_validate_against_the_contract(r80):
    _, stats = r80
    data = stats.to_json()
    assert validate(data) == []
    assert all(set(e) <= {"quote", "start", "approximate"} for e in data["evidence"].values())


def test_ocr_marks_survive_the_json_and_are_evidence_not_findings(r80):
    _, stats = r80
    back = AnnualStats.from_json(stats.to_json())
    marked = [p for p, ev in stats.evidence.items() if ev.page_box is not None]
    assert marked
    for pointer in marked:
        ev, got = stats.evidence[pointer], back.evidence[pointer]
        assert got.page_box == ev.page_box and got.ocr_confidence == round(ev.ocr_confidence, 3), pointer
    codes = [f.code for f in run_checks(back)]
    assert "source.ocr_evidence" not in codes and codes.count("source.ocr_read") == 1


def test_crop_shows_the_figure_row_of_the_scan(r80):
    from PIL import Image

    _, stats = r80
    pointer = next(p for p in sorted(stats.evidence) if stats.evidence[p].page_box is not None)
    box = stats.evidence[pointer].page_box
    png = figure_crop_png((SCANNED / f"{R80}.pdf").read_bytes(), box)
    image = Image.open(io.BytesIO(png))
    _, x0, y0, x1, y1 = box
    # The row around the figure: 140 pt to each side (within the A4 page), at 150 dpi.
    assert image.format == "PNG"
    assert abs(image.width - (min(595.2, x1 + 140) - max(0, x0 - 140)) * 150 / 72) <= 4
    assert abs(image.height - (y1 - y0 + 20) * 150 / 72) <= 3
    with pytest.raises(CorruptDocument):
        figure_crop_png((SCANNED / f"{R80}.pdf").read_bytes(), (99, *box[1:]))


def _image_pdf(images) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=150)
    return buf.getvalue()


def test_noise_page_is_a_typed_error():
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(7)
    noise = Image.fromarray(rng.integers(150, 256, (1754, 1240), dtype=np.uint8))
    with pytest.raises(UnreadablePage) as info:
        read_bytes(_image_pdf([noise]), name="noise.pdf")
    assert info.value.code == "unreadable_page"
    assert info.value.pages == [1]
    assert "第 1 页" in info.value.message and "OCR" in info.value.message


def test_text_pdf_does_not_load_the_ocr_engine():
    code = (
        "import sys\n"
        "from tests.core.reading import makers\n"
        "from gongkai.core.reading import read_bytes\n"
        "doc = read_bytes(makers.pdf([['2021年政府信息公开工作年度报告', '主动公开政府信息12条']]), name='a.pdf')\n"
        "assert doc.ocr_pages == [] and doc.ocr_spans == []\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rapidocr_onnxruntime', 'onnxruntime', 'cv2')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _box(text, x0, y0, x1, y1, conf=0.99):
    return _Box(text, conf, x0, y0, x1, y1)


def test_layout_keeps_columns_when_a_cell_is_missing():
    boxes = [
        _box("一、本年新收政府信息公开申请数量", 150, 440, 500, 466),
        _box("47", 694, 438, 730, 468), _box("9", 761, 438, 780, 466), _box("62", 1070, 438, 1102, 467),
        _box("二、上年结转政府信息公开申请数量", 150, 484, 500, 510),
        _box("4", 702, 484, 723, 510), _box("5", 1074, 476, 1097, 511),
    ]
    text, spans = layout(boxes, 3)
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[0].index("62") == lines[1].index("5")  # the total column lines up though cells are missing
    # Left edges of centred figures differ by a few pixels: within one layout column.
    assert abs(lines[0].index("47") - lines[1].index("4")) <= 1
    assert [text[s.start : s.end] for s in spans][:2] == ["一、本年新收政府信息公开申请数量", "47"]
    assert spans[1].page == 3 and spans[1].box == (round(694 * 72 / 150, 1), round(438 * 72 / 150, 1),
                                                   round(730 * 72 / 150, 1), round(468 * 72 / 150, 1))


def test_wrapped_label_lines_stay_around_their_figures():
    boxes = [
        _box("（二）部分公开（区分处理的，只计这一", 272, 569, 658, 598),
        _box("6", 704, 586, 720, 610), _box("8", 1076, 585, 1096, 611),
        _box("情形，不计其他情形）", 264, 602, 471, 628),
    ]
    lines = [[b.text for b in line] for line in group_lines(boxes)]
    assert lines == [["（二）部分公开（区分处理的，只计这一", "6", "8"], ["情形，不计其他情形）"]]


def test_only_the_page_without_text_is_read_by_ocr():
    import pypdfium2 as pdfium

    from tests.core.reading import makers

    mixed = pdfium.PdfDocument(makers.pdf([["临澧县自然资源局2021年政府信息公开工作年度报告", "一、总体情况"]]))
    scan = pdfium.PdfDocument(str(SCANNED / f"{R80}.pdf"))
    mixed.import_pages(scan, [4])  # the last page of the scan: narrative and the signature
    buf = io.BytesIO()
    mixed.save(buf)
    mixed.close()
    scan.close()
    doc = read_bytes(buf.getvalue(), name="mixed.pdf")
    assert doc.ocr_pages == [2]
    assert doc.text.index("一、总体情况") < doc.ocr_spans[0].start  # page 1 from its text layer, first
    assert {s.page for s in doc.ocr_spans} == {2}
    assert "2022年1月20日" in doc.text[doc.ocr_spans[0].start :]
    assert not doc.ocr_span_at(doc.text.index("一、总体情况"))
