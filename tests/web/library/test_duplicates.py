"""The same report in another encoding or format is recognised as a duplicate, not imported twice.

"The same report" = the same agency (as filed), year, format and every figure (gongkai.core.stats.identity).
The variants are real files: a seed report written as UTF-8 HTML, GB18030 text and DOCX (python-docx), each
read by the real reader. Agency and year equal but a figure different is another version (e.g. a
correction): both are kept, and the import says so.
"""

from __future__ import annotations

import hashlib
import html
import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.cli import main
from gongkai.core.stats import AnnualStats
from gongkai.web.library.models import ImportBatchItem, ReportFile, ReportStats
from gongkai.web.library.services import SAME_FILE, SAME_REPORT, import_batch_create, report_import

from .conftest import PRE2019_SEED, SEEDS, stored_files

pytestmark = pytest.mark.django_db

REALISTIC_2021 = SEEDS.parent / "realistic" / "r14_county_bureau_2024_cells_1dun.txt"  # 表二/三/四 as text


def as_html(text: str) -> bytes:
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n") if line.strip())
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开工作年度报告</title></head>'
        f'<body><div class="nav">首页 &gt; 政务公开</div><div class="article">{body}</div></body></html>'
    ).encode()


def as_gb18030_text(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("gb18030")


def as_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def variants(path) -> dict[str, bytes]:
    text = path.read_text("utf-8")
    stem = path.stem
    return {f"{stem}.html": as_html(text), f"{stem}.gbk.txt": as_gb18030_text(text), f"{stem}.docx": as_docx(text)}


@pytest.mark.parametrize("source", [SEEDS / PRE2019_SEED, REALISTIC_2021], ids=["pre2019-seed", "2021-tables"])
def test_another_encoding_or_format_of_the_same_report_is_a_duplicate(source, media_root):
    files = variants(source)
    (first_name, first_data), *others = files.items()
    first = report_import(data=first_data, name=first_name)
    assert first.created and first.report.fingerprint

    for name, data in others:
        again = report_import(data=data, name=name)
        assert again.duplicate and again.duplicate_of == SAME_REPORT, name
        assert again.report.pk == first.report.pk
        assert again.message == (f"已存在：与已入库的“{first_name}”是同一份报告（机构、年度和全部数字相同，"
                                 "只是文件格式或编码不同），未重复导入")
    # Nothing new stored: one file row, one report, one file on disk (the first one's bytes).
    assert ReportFile.objects.count() == ReportStats.objects.count() == 1
    assert [p.read_bytes() for p in stored_files(media_root)] == [first_data]
    # The bytes really differ: recognised by the figures, not by the content hash.
    assert len({hashlib.sha256(d).hexdigest() for d in files.values()}) == 3


def test_same_agency_and_year_with_a_different_figure_is_kept_as_another_version(media_root):
    text = (SEEDS / PRE2019_SEED).read_text("utf-8")
    assert "73360" in text
    original = report_import(data=as_html(text), name="兴安盟2017.html")
    corrected = report_import(data=as_gb18030_text(text.replace("73360", "73361", 1)), name="兴安盟2017更正.txt")

    assert corrected.created and corrected.duplicate_of is None
    assert corrected.report.pk != original.report.pk and ReportStats.objects.count() == 2
    assert AnnualStats.from_json(corrected.report.stats).get("/proactive/total") == 73361
    assert [r.pk for r in corrected.other_versions] == [original.report.pk]
    assert [d[0] for d in corrected.differences] == ["/proactive/total"]
    assert corrected.message.endswith(
        "。同一机构同一年度已有“兴安盟2017.html”，但有 1 个数字不同（如主动公开政府信息数：73360 → 73361），"
        "不视为同一份报告（例如更正版），两份均保留"
    )


def test_each_version_links_to_the_other(client):
    text = (SEEDS / PRE2019_SEED).read_text("utf-8")
    original = report_import(data=as_html(text), name="兴安盟2017.html").report
    corrected = report_import(data=as_docx(text.replace("73360", "73361", 1)), name="兴安盟2017更正.docx").report
    for this, other in ((original, corrected), (corrected, original)):
        page = html.unescape(client.get(reverse("library:detail", args=[this.pk])).content.decode())
        assert f'<dt>其他版本</dt><dd><a href="{reverse("library:detail", args=[other.pk])}">{other.file.original_name}</a>' in page


def test_another_agency_or_year_is_another_report():
    text = (SEEDS / PRE2019_SEED).read_text("utf-8")
    report_import(data=as_html(text), name="a.html")
    assert report_import(data=as_docx(text), name="b.docx", agency="别的机构").created
    assert ReportStats.objects.count() == 2


def test_without_a_known_agency_there_is_no_basis_to_merge_two_files():
    # Seed 001 names no agency: two formats of it are two entries, until the importer names the agency.
    text = (SEEDS / "001_19a69fc2833c1675.txt").read_text("utf-8")
    first = report_import(data=as_html(text), name="a.html")
    assert first.report.agency == "" and first.report.fingerprint is None
    assert report_import(data=as_docx(text), name="b.docx").created

    named = report_import(data=as_gb18030_text(text), name="c.txt", agency="某市人民政府")
    assert named.created
    again = report_import(data=as_html(text) + b"\n", name="d.html", agency="某市人民政府")
    assert again.duplicate_of == SAME_REPORT and again.report.pk == named.report.pk


def test_the_upload_page_says_it_is_the_same_report(staff_client):
    files = variants(SEEDS / PRE2019_SEED)
    responses = [
        staff_client.post(reverse("library:upload_api"), {"file": SimpleUploadedFile(name, data)})
        for name, data in files.items()
    ]
    first, second, third = (r.json() for r in responses)
    assert [r.status_code for r in responses] == [201, 200, 200]
    assert first["status"] == "created"
    for body in (second, third):
        assert (body["status"], body["duplicate_of"]) == ("duplicate", SAME_REPORT)
    assert "是同一份报告" in second["message"] and second["url"] == first["url"]
    # The page without JavaScript shows the same words.
    page = html.unescape(staff_client.post(
        reverse("library:upload"), {"files": [SimpleUploadedFile(n, d) for n, d in files.items()]},
    ).content.decode())
    # The first file is the very file imported above; the other two are the same report in other files.
    assert page.count("内容相同") == 1 and page.count("是同一份报告（机构、年度和全部数字相同") == 2


def test_a_batch_gives_each_file_its_status(django_capture_on_commit_callbacks, staff, staff_client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in variants(SEEDS / PRE2019_SEED).items():
            z.writestr(f"兴安盟/{name}", data)
        z.writestr("兴安盟/copy.html", as_html((SEEDS / PRE2019_SEED).read_text("utf-8")))
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_batch_create(zip_bytes=buf.getvalue(), zip_name="兴安盟.zip", user=staff)
    batch.refresh_from_db()
    assert (batch.created, batch.duplicate, batch.failed) == (1, 3, 0)
    items = list(batch.items.order_by("position"))
    assert [(i.status, i.reason) for i in items] == [
        (ImportBatchItem.CREATED, ""), (ImportBatchItem.DUPLICATE, SAME_REPORT),
        (ImportBatchItem.DUPLICATE, SAME_REPORT), (ImportBatchItem.DUPLICATE, SAME_FILE),
    ]
    assert all(i.report_file_id == items[0].report_file_id for i in items)
    assert "是同一份报告" in items[1].message and "内容相同" in items[3].message
    status = staff_client.get(reverse("library:batch_status", args=[batch.public_id])).json()
    assert [i["message"] for i in status["items"]] == [i.message for i in items]


def test_gongkai_import_says_which_report_it_already_is(tmp_path, capsys):
    paths = []
    for name, data in variants(SEEDS / PRE2019_SEED).items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    assert main(["import", *map(str, paths)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["created", "duplicate", "duplicate"]
    for line in lines[1:]:
        assert f"与已入库的“{paths[0].name}”是同一份报告" in line
    assert ReportStats.objects.count() == 1


def test_the_migration_fills_fingerprints_and_keeps_older_duplicates_unmarked():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("gongkai.web.library.migrations.0003_reportstats_fingerprint")
    text = (SEEDS / PRE2019_SEED).read_text("utf-8")
    older = report_import(data=as_html(text), name="a.html").report
    ReportStats.objects.filter(pk=older.pk).update(fingerprint=None)  # as imported before this check existed
    newer = report_import(data=as_docx(text), name="b.docx").report  # then not recognised: a second entry
    other = report_import(data=(SEEDS / "002_1c8630f468bb139b.txt").read_bytes(), name="c.txt").report
    expected = {older.pk: newer.fingerprint, newer.pk: None, other.pk: other.fingerprint}
    ReportStats.objects.update(fingerprint=None)

    migration.fill_fingerprints(apps, None)

    assert dict(ReportStats.objects.values_list("pk", "fingerprint")) == expected


def test_a_concurrent_import_of_the_same_report_is_caught_by_the_unique_fingerprint(media_root, monkeypatch):
    """Two files of one report imported at the same moment: both pass the look-up before either is stored;
    the database's unique fingerprint lets one in, the other gets the duplicate answer and leaves no file."""
    from gongkai.web.library import services

    text = (SEEDS / PRE2019_SEED).read_text("utf-8")
    first = report_import(data=as_html(text), name="a.html").report
    real = services._same_report
    calls = []

    def not_yet_seen(fingerprint):
        calls.append(fingerprint)
        return None if len(calls) == 1 else real(fingerprint)  # the first look-up ran before `first` existed

    monkeypatch.setattr(services, "_same_report", not_yet_seen)
    again = report_import(data=as_docx(text), name="b.docx")

    assert len(calls) == 2 and again.duplicate_of == SAME_REPORT and again.report.pk == first.pk
    assert ReportFile.objects.count() == 1 and len(stored_files(media_root)) == 1
