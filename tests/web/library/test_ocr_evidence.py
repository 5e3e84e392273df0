"""A figure read by OCR shows the scanned page around it as its evidence on the report page.

The OCR itself is tested in tests/core/reading/test_ocr.py (it takes a minute per scan); here a text-layer
PDF stands in for the scan and one figure is given the OCR mark the reader writes, so what is tested is the
library's side: the mark survives storage, the cell links its crop, the crop is the page's image, the marks
are evidence and not warnings.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from gongkai.core.stats import AnnualStats
from gongkai.core.stats.model import OCR_EVIDENCE, ocr_evidence_message
from gongkai.web.library.models import ReportStats
from gongkai.web.library.services import report_import

from .conftest import synthetic

pytestmark = pytest.mark.django_db


@pytest.fixture
def scanned_report():
    name, data, _ = synthetic("2021", 0, "pdf")
    report = report_import(data=data, name=name).report
    stats = AnnualStats.from_json(report.stats)
    pointer = "/applications/table3/new/total"
    assert stats.get(pointer) is not None
    box = (1, 300.0, 200.0, 330.0, 214.0)
    stats.warn(OCR_EVIDENCE, ocr_evidence_message(0.9712, box), pointer)
    ReportStats.objects.filter(pk=report.pk).update(stats=stats.to_json())
    return report.pk, pointer, box


def test_the_cell_of_an_ocr_figure_links_its_crop(client, scanned_report):
    pk, pointer, _ = scanned_report
    page = client.get(reverse("library:detail", args=[pk])).content.decode()
    crop = reverse("library:crop", args=[pk]) + "?pointer=%2Fapplications%2Ftable3%2Fnew%2Ftotal"
    assert f'data-ev-crop="{crop}"' in page.replace("&amp;", "&")
    assert 'data-ev-conf="0.97"' in page
    assert page.count("data-ev-crop=") == 1  # only the figure the reader marked
    assert 'id="source-crop"' in page


def test_the_crop_is_the_pages_row_as_png(client, scanned_report):
    from PIL import Image

    pk, pointer, box = scanned_report
    response = client.get(reverse("library:crop", args=[pk]), {"pointer": pointer})
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert abs(image.height - (box[4] - box[2] + 20) * 150 / 72) <= 3
    assert abs(image.width - (box[3] - box[1] + 280) * 150 / 72) <= 3  # 140 pt each side of the figure
    # The outline is drawn in red around the box: some pixels of that colour are there.
    assert (200, 30, 30) in {image.getpixel((x, y)) for x in range(image.width) for y in range(image.height)}


def test_only_recorded_boxes_are_rendered(client, scanned_report):
    pk, _, _ = scanned_report
    url = reverse("library:crop", args=[pk])
    assert client.get(url, {"pointer": "/applications/table3/carried_over/total"}).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(reverse("library:crop", args=[pk + 999]), {"pointer": "/x"}).status_code == 404


def _image_only_pdf() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (1240, 1754), 235)
    ImageDraw.Draw(image).text((100, 100), "2021", fill=20)
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=150)
    return buf.getvalue()


def test_a_scan_uploaded_goes_to_the_background_queue(staff_client):
    """OCR takes seconds per page: the upload answers with the batch that reads the scan, not with its figures
    (the test queue runs tasks at once, so the batch has already tried the one-word page and found no report)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.core.reading.pdf import scanned_pages
    from gongkai.web.library.models import ImportBatch

    data = _image_only_pdf()
    assert scanned_pages(data) == [1]
    response = staff_client.post(reverse("library:upload_api"), {"file": SimpleUploadedFile("扫描件.pdf", data)})
    body = response.json()
    assert body["status"] == "queued" and "后台" in body["message"], body
    batch = ImportBatch.objects.get()
    assert body["url"] == reverse("library:batch", args=[batch.public_id])
    assert [i.name for i in batch.items.all()] == ["扫描件.pdf"]
    # A text PDF is read during the request, as before.
    name, text_pdf, _ = synthetic("2021", 0, "pdf")
    assert scanned_pages(text_pdf) == []
    body = staff_client.post(reverse("library:upload_api"), {"file": SimpleUploadedFile(name, text_pdf)}).json()
    assert body["status"] == "created" and ImportBatch.objects.count() == 1
