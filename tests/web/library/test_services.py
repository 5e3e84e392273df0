"""report_import / report_delete: the only way reports enter and leave the library."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.db import DatabaseError

from gongkai.core.parsing import PARSER_VERSION
from gongkai.core.stats import AnnualStats
from gongkai.web.library.models import ReportFile, ReportStats
from gongkai.web.library.services import ReportRejected, report_delete, report_import

from .conftest import PRE2019_SEED, seed_bytes, stored_files

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_import_stores_file_text_stats_and_parser_version(media_root):
    data = seed_bytes()
    result = report_import(data=data, name=PRE2019_SEED)

    assert result.created and not result.duplicate
    r = result.report
    sha = hashlib.sha256(data).hexdigest()
    assert r.file.sha256 == sha
    assert r.file.stored_path == f"reports/{sha[:2]}/{sha}"
    assert (media_root / r.file.stored_path).read_bytes() == data
    assert r.file.original_name == PRE2019_SEED and r.file.size == len(data) and r.file.detected_format == "txt"
    assert r.file.parser_version == PARSER_VERSION
    assert "兴安盟" in r.file.extracted_text
    assert (r.agency, r.year, r.template) == ("兴安盟", 2017, "pre2019")
    assert r.stats == result.stats.to_json()
    assert r.figures_count == len(result.stats.figures()) > 5
    assert AnnualStats.from_json(r.stats).get("/proactive/total") == 73360
    # Findings are the checks' output, counted by severity.
    assert r.error_count == sum(f["severity"] == "error" for f in r.findings)
    assert r.warning_count == sum(f["severity"] == "warning" for f in r.findings)


def test_same_bytes_are_a_duplicate_and_store_nothing_new(media_root):
    first = report_import(data=seed_bytes(), name="a.txt")
    again = report_import(data=seed_bytes(), name="renamed.txt", agency="别的机构")

    assert again.duplicate and again.report.pk == first.report.pk
    assert again.report.file.original_name == "a.txt" and again.report.agency == "兴安盟"
    assert ReportFile.objects.count() == ReportStats.objects.count() == 1
    assert len(stored_files(media_root)) == 1


def test_given_agency_overrides_the_parsed_one_in_simplified_script():
    result = report_import(data=seed_bytes(), name="a.txt", agency=" 興安盟行政公署 ")

    assert result.report.agency == "兴安盟行政公署"
    assert result.report.agency_overridden
    assert result.report.stats["agency"] == "兴安盟"  # the parsed name stays in the statistics


HOSTILE = {
    "empty": b"",
    "binary": bytes(range(256)) * 40,
    "truncated_pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty",
    "zip_not_docx": b"PK\x03\x04" + b"\x00" * 200,
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_unreadable_input_is_a_typed_error_with_a_chinese_message_and_stores_nothing(kind, media_root):
    with pytest.raises(ReportRejected) as info:
        report_import(data=HOSTILE[kind], name=f"{kind}.bin")

    assert CJK.search(info.value.message)
    assert info.value.reason not in ("", "internal_error")
    assert not ReportFile.objects.exists() and not ReportStats.objects.exists()
    assert stored_files(media_root) == []


def test_too_large_is_refused_before_reading(settings, media_root):
    settings.MAX_UPLOAD_MB = 1
    data = seed_bytes() * (1024 * 1024 // len(seed_bytes()) + 2)
    with pytest.raises(ReportRejected) as info:
        report_import(data=data, name="big.txt")
    assert info.value.reason == "too_large"
    assert "1 MB" in info.value.message
    assert stored_files(media_root) == []


def test_database_failure_after_the_file_was_written_removes_the_file(monkeypatch, media_root):
    written = []

    def fail_save(self, *args, **kwargs):
        # By now the service has stored the file: prove it, then fail like a database would.
        written.extend(stored_files(media_root))
        raise DatabaseError("forced failure")

    monkeypatch.setattr(ReportStats, "save", fail_save)
    with pytest.raises(DatabaseError):
        report_import(data=seed_bytes(), name="a.txt")

    assert written, "the file should have been written before the failing save"
    assert stored_files(media_root) == []
    assert not ReportFile.objects.exists()


def _consecutive_pair():
    """Two synthetic 2021-format reports whose years are consecutive (the corpus picks years at random)."""
    from gongkai.corpus import generate, render

    reports = [r for r in generate(30, seed=5) if r.template == "2021"]
    for a in reports:
        for b in reports:
            if b.stats.year == a.stats.year + 1:
                return (a, render(a, "txt")), (b, render(b, "txt"))
    raise AssertionError("no consecutive years in the corpus sample")


def test_previous_year_comparison_whichever_year_arrives_first():
    (earlier, earlier_data), (later, later_data) = _consecutive_pair()
    agency = "测试市人民政府"  # the two synthetic agencies are filed as one, as --agency allows

    newer = report_import(data=later_data, name="later.txt", agency=agency).report
    assert newer.compared_with is None
    assert not any(f["code"].startswith("yoy.") for f in newer.findings)

    older = report_import(data=earlier_data, name="earlier.txt", agency=agency).report
    newer.refresh_from_db()
    assert older.compared_with is None
    assert newer.compared_with_id == older.pk
    # Independent random figures: last year's 结转下年度 cannot match this year's 上年结转 in every column.
    assert any(f["code"] == "yoy.carry_over" for f in newer.findings)
    assert newer.warning_count == sum(f["severity"] == "warning" for f in newer.findings)


def test_delete_removes_rows_and_file_and_forgets_the_comparison(media_root, django_capture_on_commit_callbacks):
    (earlier, earlier_data), (later, later_data) = _consecutive_pair()
    older = report_import(data=earlier_data, name="earlier.txt", agency="某县人民政府").report
    newer = report_import(data=later_data, name="later.txt", agency="某县人民政府").report
    assert newer.compared_with_id == older.pk

    with django_capture_on_commit_callbacks(execute=True):
        report_delete(report=older)

    newer.refresh_from_db()
    assert newer.compared_with is None
    assert not any(f["code"].startswith("yoy.") for f in newer.findings)
    assert ReportFile.objects.count() == 1
    assert len(stored_files(media_root)) == 1


@pytest.mark.django_db
def test_a_document_that_is_no_report_stores_nothing():
    with pytest.raises(ReportRejected) as info:
        report_import(data="今天天气很好，我们去公园散步，然后一起吃午饭。".encode(), name="坏文件.pdf")
    assert info.value.reason == "not_a_report"
    assert "年度报告" in info.value.message
    assert info.value.message.startswith("文件扩展名为 .pdf，但内容不是 PDF（看起来是纯文本）。")
    assert not ReportFile.objects.exists()
