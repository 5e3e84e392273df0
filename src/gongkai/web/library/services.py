"""Writes to the report library. Views, the CLI, the demo loader and the admin call only these.

    report_import(data=..., name=..., agency=None, user=None) -> ImportResult
    report_delete(report=...)

Each is one transaction. A stored file is content-addressed (MEDIA_ROOT/reports/<sha[:2]>/<sha>) and is
written only after the document was read and parsed; if the database work fails afterwards the file is
removed again, so a failed import leaves neither a row nor a file behind.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from gongkai.core.errors import DocumentTooLarge, GongkaiError, ReadError
from gongkai.core.stats import AnnualStats

from .models import ReportFile, ReportStats

log = logging.getLogger(__name__)


class ReportRejected(GongkaiError):
    """A file that cannot enter the library. `message` (Chinese) is what the user sees."""

    code = "report_rejected"
    default_message = "无法导入该文件。"

    def __init__(self, detail: str = "", *, message: str | None = None, reason: str = "report_rejected"):
        super().__init__(detail, message=message)
        self.reason = reason  # the underlying error's code, e.g. "encrypted", "too_large"


@dataclass(frozen=True)
class ImportResult:
    created: bool
    report: ReportStats
    stats: AnnualStats

    @property
    def duplicate(self) -> bool:
        return not self.created


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def stored_path_for(sha256: str) -> str:
    return f"reports/{sha256[:2]}/{sha256}"


def absolute_path(report_file: ReportFile) -> Path:
    return Path(settings.MEDIA_ROOT) / report_file.stored_path


def report_import(*, data: bytes, name: str, agency: str | None = None, user=None) -> ImportResult:
    """Read, check and store one report file; the same bytes twice give the same record (duplicate).

    Raises ReportRejected (with a Chinese `.message`) when the file cannot be read or is too large.
    """
    name = Path(name or "").name[:255] or "未命名文件"
    sha = hashlib.sha256(data).hexdigest()

    existing = ReportStats.objects.select_related("file").filter(file__sha256=sha).first()
    if existing is not None:
        return ImportResult(False, existing, AnnualStats.from_json(existing.stats))

    if len(data) > max_upload_bytes():
        err = DocumentTooLarge(f"{len(data)} bytes")
        raise ReportRejected(
            f"{name}: too large ({len(data)} bytes)",
            message=f"文件过大：上限为 {settings.MAX_UPLOAD_MB} MB。",
            reason=err.code,
        )
    doc, stats = _read(data, name)
    from gongkai.core.parsing import PARSER_VERSION
    given = _simplified(agency.strip()) if agency and agency.strip() else None
    effective_agency = (given or stats.agency or "")[:200]

    rel = stored_path_for(sha)
    path = Path(settings.MEDIA_ROOT) / rel
    wrote = False
    try:
        with transaction.atomic():
            wrote = _store_file(path, data)
            report_file = ReportFile.objects.create(
                sha256=sha,
                original_name=name,
                detected_format=doc.format,
                size=len(data),
                stored_path=rel,
                extracted_text=doc.text,
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
                parser_version=PARSER_VERSION,
            )
            report = ReportStats(
                file=report_file,
                agency=effective_agency,
                agency_overridden=given is not None,
                year=stats.year,
                template=stats.template,
                stats=stats.to_json(),
                figures_count=len(stats.figures()),
            )
            _apply_checks(report, stats)
            report.save()
            _refresh_following_year(report)
    except IntegrityError:
        # A concurrent import of the same bytes won the race: theirs is the record.
        _discard_file(path, sha, wrote)
        existing = ReportStats.objects.select_related("file").filter(file__sha256=sha).first()
        if existing is None:
            raise
        return ImportResult(False, existing, AnnualStats.from_json(existing.stats))
    except BaseException:
        _discard_file(path, sha, wrote)
        raise
    return ImportResult(True, report, stats)


def report_delete(*, report: ReportStats) -> None:
    """Remove a report (rows and stored file); the following year's comparison is recomputed."""
    report_file = report.file
    path = absolute_path(report_file)
    agency, year = report.agency, report.year
    with transaction.atomic():
        report_file.delete()  # cascades to ReportStats
        if agency and year:
            for following in ReportStats.objects.filter(agency=agency, year=year + 1):
                _recheck(following)
        # The file goes only once the rows are gone for good.
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


# --- steps -------------------------------------------------------------------------------------------------

def _read(data: bytes, name: str):
    # Imported here: the readers pull in PDF/DOCX/HTML libraries that pages and migrations never need.
    from gongkai.core.parsing import parse_document
    from gongkai.core.reading import read_bytes

    try:
        doc = read_bytes(data, name=name)
        stats = parse_document(doc)
    except ReadError as exc:
        raise ReportRejected(f"{name}: {exc}", message=exc.message, reason=exc.code) from exc
    except Exception as exc:  # a parser bug must not become a traceback for the user
        log.exception("parsing %s failed", name)
        raise ReportRejected(
            f"{name}: internal error {type(exc).__name__}: {exc}",
            message="解析该文件时发生内部错误，已记录。请联系管理员。",
            reason="internal_error",
        ) from exc
    return doc, stats


def _previous(report: ReportStats) -> ReportStats | None:
    if not report.agency or not report.year:
        return None
    qs = ReportStats.objects.filter(agency=report.agency, year=report.year - 1)
    if report.pk:
        qs = qs.exclude(pk=report.pk)
    return qs.order_by("-file__uploaded_at", "-id").first()


def _apply_checks(report: ReportStats, stats: AnnualStats) -> None:
    from gongkai.core.checks import run_checks

    previous = _previous(report)
    prev_stats = _as_filed(previous) if previous else None
    # The checks decide "same agency" by name; the library's name (possibly given at import) is the one that
    # says two reports belong together. The stored JSON keeps the parsed name.
    current = AnnualStats.from_json(stats.to_json())
    current.agency = report.agency or None
    findings = [_finding_json(f) for f in run_checks(current, previous=prev_stats)]
    report.findings = findings
    report.compared_with = previous
    report.error_count = sum(1 for f in findings if f["severity"] == "error")
    report.warning_count = sum(1 for f in findings if f["severity"] == "warning")  # "info" is not counted


def _as_filed(report: ReportStats) -> AnnualStats:
    stats = AnnualStats.from_json(report.stats)
    stats.agency = report.agency or None
    return stats


def _recheck(report: ReportStats) -> None:
    _apply_checks(report, AnnualStats.from_json(report.stats))
    report.save(update_fields=["findings", "compared_with", "error_count", "warning_count"])


def _refresh_following_year(report: ReportStats) -> None:
    """The same agency's next year was compared against nothing (or an older import): compare it again."""
    if not report.agency or not report.year:
        return
    for following in ReportStats.objects.filter(agency=report.agency, year=report.year + 1):
        _recheck(following)


def _finding_json(finding: Any) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": str(getattr(finding.severity, "value", finding.severity)),
        "pointer": finding.pointer,
        "message": finding.message,
    }


def _store_file(path: Path, data: bytes) -> bool:
    """Write atomically; False when the content-addressed file already exists (then it is not ours to remove)."""
    if path.exists() and path.stat().st_size == len(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _discard_file(path: Path, sha: str, wrote: bool) -> None:
    if not wrote:
        return
    try:
        still_referenced = ReportFile.objects.filter(sha256=sha).exists()
    except Exception:  # the database itself failed: nothing committed by us can reference the file
        still_referenced = False
    if not still_referenced:
        path.unlink(missing_ok=True)


_converter = None


def _simplified(text: str) -> str:
    """Agency names given by people may be traditional; the library files them in simplified script."""
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter.convert(text)
